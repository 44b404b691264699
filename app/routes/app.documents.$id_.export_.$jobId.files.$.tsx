/**
 * /app/documents/<id>/export/<jobId>/files/<file> — an image (or the ZIP) of a finished export,
 * for users who may see the document. Only files recorded for that job are served.
 */
import { statSync } from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/features/video/file-response.server";
import { notFound, requireUser } from "~/models/auth.server";
import { parseId } from "~/models/documents.server";
import { exportJobFile } from "~/features/export/page.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = exportJobFile(user, parseId(params.id), parseId(params.jobId), params["*"] ?? "");
  let size = 0;
  try {
    size = file ? statSync(file.path).size : 0;
  } catch {
    size = 0;
  }
  if (!file || size === 0) throw notFound("没有找到这个导出文件，可能已被清理，请重新导出。");
  // a byte range for the video player (app/features/video/file-response.server.ts)
  return fileResponse(request, file.path, size, {
    "Content-Type": file.contentType,
    "Cache-Control": "private, max-age=300",
    "X-Content-Type-Options": "nosniff",
    ...(file.downloadName ? { "Content-Disposition": `attachment; filename="${file.downloadName}"` } : {}),
  });
}
