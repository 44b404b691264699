/**
 * /render-fonts/<file> — the exporter's bundled Noto Sans SC / Noto Serif SC faces (@fontsource,
 * woff2 split by unicode-range) and their stylesheet (noto.css), for the 图解 editor preview, so
 * the preview is set in the fonts the export uses on any machine, with no font host but this app.
 * The preview is a sandboxed iframe (opaque origin): its font requests are CORS requests from
 * "null", hence Access-Control-Allow-Origin: *.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { appFontStylesheet, bundledFontFile } from "~/render/assets.server";

const CACHE = "public, max-age=86400";

export function loader({ params }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  if (file === "noto.css") {
    return new Response(appFontStylesheet(), {
      headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": CACHE, "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff" },
    });
  }
  const font = bundledFontFile(file);
  if (!font) return new Response("没有这个字体文件。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(font.body), {
    headers: { "Content-Type": font.contentType, "Cache-Control": CACHE, "Access-Control-Allow-Origin": "*", "X-Content-Type-Options": "nosniff" },
  });
}
