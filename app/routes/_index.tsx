import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getOptionalUser } from "~/models/auth.server";

/** Staff go to their workbench; visitors to the public policy library. */
export async function loader({ request }: LoaderFunctionArgs) {
  return redirect((await getOptionalUser(request)) ? "/app" : "/zhengce");
}
