/** /jiedu/<id>/wechat.html — the interpretation as WeChat-safe HTML (signed-in staff only). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicWechatHtml } from "~/features/publish/wechat.server";
import { isStaffRequest } from "~/features/publish/http.server";
import { parsePublicId } from "~/features/publish/visibility.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  if (!(await isStaffRequest(request))) {
    return new Response("请先登录工作人员账号，再下载公众号排版。", { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const id = parsePublicId(params.id);
  const html = id ? publicWechatHtml(id, new URL(request.url).origin) : null;
  if (!id || !html) return new Response("没有找到这份政策解读。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="jiedu-${id}-wechat.html"`,
      "Cache-Control": "private, no-store",
    },
  });
}
