/** /jiedu/<id>/images.zip — the finished image pack of a published interpretation. */
import { createReadStream, statSync } from "node:fs";
import { type LoaderFunctionArgs, createReadableStreamFromReadable } from "@remix-run/node";
import { parsePublicId } from "~/features/publish/visibility.server";
import { publicExportZip } from "~/features/publish/image-pack.server";

export function loader({ params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const zip = id ? publicExportZip(id) : null;
  let size = 0;
  try {
    size = zip ? statSync(zip.path).size : 0;
  } catch {
    size = 0;
  }
  if (!zip || size === 0) return new Response("没有找到这份解读的图片包，可能尚未导出。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(createReadableStreamFromReadable(createReadStream(zip.path)), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(size),
      "Content-Disposition": `attachment; filename="${zip.downloadName}"`,
      "Cache-Control": "public, max-age=0, must-revalidate",
    },
  });
}
