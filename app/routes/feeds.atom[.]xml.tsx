/** /feeds/atom.xml — the site's published documents and interpretations as an Atom feed (RFC 4287). Public. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { atomFeed } from "~/domain/handoff/feeds";
import { feedEntries, resolveFeedSite } from "~/features/handoff/feeds.server";

export function loader({ request }: LoaderFunctionArgs) {
  const resolved = resolveFeedSite(request);
  if (!resolved) return new Response("没有这个网站的订阅源，请检查地址中的 site 参数。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const body = atomFeed(resolved.site, feedEntries(resolved.key, new URL(request.url).origin), new Date().toISOString());
  return new Response(body, { headers: { "Content-Type": "application/atom+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
