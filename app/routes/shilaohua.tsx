/** POST /shilaohua — switch 适老化 mode on/off (cookie) and go back to the page. */
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { elderCookie } from "~/domain/public/ui-mode";

function backTo(raw: FormDataEntryValue | null): string {
  return typeof raw === "string" && raw.startsWith("/") && !raw.startsWith("//") && !raw.startsWith("/\\") ? raw : "/zhengce";
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const on = form.get("mode") !== "off";
  return redirect(backTo(form.get("redirectTo")), { headers: { "Set-Cookie": elderCookie(on) } });
}

export function loader() {
  return redirect("/zhengce");
}
