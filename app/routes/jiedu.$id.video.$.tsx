/**
 * /jiedu/<id>/video/<file> — the video of a published interpretation (MP4 with byte ranges for
 * the player, its WebVTT/SRT captions and poster), only files recorded for the served export.
 */
import { statSync } from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { fileResponse } from "~/features/video/file-response.server";
import { publicVideoFile } from "~/features/publish/image-pack.server";
import { parsePublicId } from "~/features/publish/visibility.server";

export function loader({ request, params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const file = id && params["*"] ? publicVideoFile(id, `video/${params["*"]}`) : null;
  let size = 0;
  try {
    size = file ? statSync(file.path).size : 0;
  } catch {
    size = 0;
  }
  if (!file || size === 0) return new Response("没有找到这个视频文件。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return fileResponse(request, file.path, size, { "Content-Type": file.contentType, "Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff" });
}
