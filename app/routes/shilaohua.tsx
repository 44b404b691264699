/** POST /shilaohua — switch 适老化 mode on/off (cookie) and go back to the page. */
import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { elderCookie } from "~/domain/public/ui-mode";
import { safeRedirect } from "~/domain/safe-redirect";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData().catch(() => new FormData());
  const on = form.get("mode") !== "off";
  return redirect(safeRedirect(form.get("redirectTo"), "/zhengce"), { headers: { "Set-Cookie": elderCookie(on) } });
}

export function loader() {
  return redirect("/zhengce");
}
