/**
 * /zhengce/<id>/bundle.zip — the CMS import bundle of a published document: its page and its
 * interpretation's page as static HTML with relative assets (app/features/handoff/bundle.server.ts).
 * Public, like the pages it holds; 404 when the document is not public.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildBundle } from "~/features/handoff/bundle.server";
import { parsePublicId } from "~/features/publish/visibility.server";

const NOT_FOUND = "没有找到这份已发布的政策文件，无法生成导入包。请确认文件已发布且未撤回。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = parsePublicId(params.id);
  const bundle = id ? await buildBundle(id, new URL(request.url).origin) : null;
  if (!bundle) return new Response(NOT_FOUND, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(bundle.zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${bundle.fileName}"`,
      "Cache-Control": "public, max-age=0, must-revalidate",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
