/**
 * /app/documents/<id>/export/<jobId>/files/<file> — an image (or the ZIP) of a finished export,
 * for users who may see the document. Only files recorded for that job are served.
 */
import { createReadStream, statSync } from "node:fs";
import { type LoaderFunctionArgs, createReadableStreamFromReadable } from "@remix-run/node";
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
  return new Response(createReadableStreamFromReadable(createReadStream(file.path)), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(size),
      "Cache-Control": "private, max-age=300",
      "X-Content-Type-Options": "nosniff",
      ...(file.downloadName ? { "Content-Disposition": `attachment; filename="${file.downloadName}"` } : {}),
    },
  });
}
