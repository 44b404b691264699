/** /jiedu/<id>/tu/<file> — one exported 图解 image of a published interpretation. */
import { readFileSync } from "node:fs";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parsePublicId } from "~/features/publish/visibility.server";
import { publicExportFile } from "~/features/publish/image-pack.server";

export function loader({ params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const file = id && params.file ? publicExportFile(id, params.file) : null;
  let bytes: Buffer | null = null;
  try {
    bytes = file ? readFileSync(file.path) : null;
  } catch {
    bytes = null;
  }
  if (!file || !bytes) return new Response("没有找到这张图片。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(bytes), { headers: { "Content-Type": file.contentType, "Cache-Control": "public, max-age=300" } });
}
