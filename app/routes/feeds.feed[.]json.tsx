/** /feeds/feed.json — the site's published documents and interpretations as a JSON Feed (1.1). Public. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { jsonFeed } from "~/domain/handoff/feeds";
import { feedEntries, resolveFeedSite } from "~/features/handoff/feeds.server";

export function loader({ request }: LoaderFunctionArgs) {
  const resolved = resolveFeedSite(request);
  if (!resolved) return new Response("没有这个网站的订阅源，请检查地址中的 site 参数。", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const feed = jsonFeed(resolved.site, feedEntries(resolved.key, new URL(request.url).origin));
  return new Response(JSON.stringify(feed, null, 1), { headers: { "Content-Type": "application/feed+json; charset=utf-8", "Cache-Control": "public, max-age=300" } });
}
