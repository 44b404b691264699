/** /app/documents/<id>/export/<jobId>/status — one export job's progress, polled by the export page. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/models/auth.server";
import { parseId } from "~/models/documents.server";
import { exportJobStatus } from "~/features/export/page.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const status = exportJobStatus(user, parseId(params.id), parseId(params.jobId));
  if (!status) throw notFound("没有找到这条导出记录，请刷新页面。");
  return Response.json(status, { headers: { "Cache-Control": "no-store" } });
}
