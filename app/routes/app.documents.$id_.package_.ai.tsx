/**
 * /app/documents/:id/package/ai — AI drafting's resource route (issue 16): POST intent=draft
 * streams the run as server-sent events; intent=verify re-checks an edited suggestion;
 * intent=discard sets one aside. 404 while no model is configured. (app/features/ai-drafting)
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleAiAction } from "~/features/ai-drafting/routes.server";
import { requireUser } from "~/models/auth.server";
import { parseId } from "~/models/documents.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return handleAiAction(request, user, parseId(params.id));
}
