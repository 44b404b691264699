/**
 * Server entry. Two reasons it exists instead of Remix's default streaming entry:
 *
 * 1. Correctness. React 18's Node renderer (renderToPipeableStream) corrupts multi-byte text:
 *    when a UTF-8 character does not fit in the last bytes of its 2 KB chunk buffer, it flushes the
 *    whole buffer including unwritten zero bytes, so Chinese pages contained stray NUL characters
 *    (seen on every long page: "公开哪\0\0些信息"). The web-streams renderer encodes whole
 *    strings first and splits bytes, which is correct. (renderToString is not an option: Remix
 *    single fetch streams loader data through a Suspense boundary that it would drop.)
 * 2. Speed of the public site. A published page is immutable until republished; its loader sets
 *    an ETag derived from the publication (app/features/publish/http.server.ts). Public, cacheable
 *    HTML is kept in memory per URL + ETag, so a popular document page is rendered once, not per
 *    request. Loaders still run on every request, so a withdrawn page is a 404 at once.
 *    Anonymous page responses are also handed to the validated micro-cache that the production
 *    server (server.mjs) consults before Remix; it reaches it through this module's exports.
 * 3. Security headers: each page's Content-Security-Policy carries the hashes of the inline
 *    scripts of that page (computed once per cached page); signed-in pages are `private,
 *    no-store` (app/models/security-headers.server.ts).
 */
import type { EntryContext, HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToReadableStream } from "react-dom/server.browser";
import { rememberPublicPage } from "~/features/publish/page-cache.server";

export { cachedPublicPage } from "~/features/publish/page-cache.server";
// the production server's per-request defences (server.mjs)
export { DEFAULT_CSP, baseSecurityHeaders, crossOriginRefusal } from "~/models/security-headers.server";
import { pageCsp, signedInCacheControl } from "~/models/security-headers.server";
import { kickWebhookWorker } from "~/features/handoff/webhook.server";
import { startExportWorker } from "~/features/export/worker.server";
import { reapOrphanedBrowsers } from "~/render/browser-process.server";

// Render browsers a crashed earlier server left behind are ended before new ones start.
reapOrphanedBrowsers();
// The server process owns the background image-export worker (re-queues interrupted jobs).
startExportWorker();
// …and the publish webhook's deliveries (a delivery due while the server was down is sent now).
kickWebhookWorker();

const RENDER_TIMEOUT_MS = 5000;

const MAX_CACHED_PAGES = 500;
/** rendered HTML and its Content-Security-Policy (the hashes of its inline scripts) */
const htmlCache = new Map<string, { html: string; csp: string }>();

function cacheKey(request: Request, status: number, headers: Headers): string | null {
  if (request.method !== "GET" || status !== 200) return null;
  const etag = headers.get("ETag");
  if (!etag || !/\bpublic\b/.test(headers.get("Cache-Control") ?? "")) return null;
  const url = new URL(request.url);
  return `${url.pathname}${url.search}|${etag}`;
}

export default async function handleRequest(request: Request, responseStatusCode: number, responseHeaders: Headers, remixContext: EntryContext) {
  const key = cacheKey(request, responseStatusCode, responseHeaders);
  const cached = key ? htmlCache.get(key) : undefined;
  let html = cached?.html;
  let csp = cached?.csp;
  if (html === undefined) {
    const signal = AbortSignal.timeout(RENDER_TIMEOUT_MS);
    let failed = false;
    const stream = await renderToReadableStream(<RemixServer context={remixContext} url={request.url} abortDelay={RENDER_TIMEOUT_MS} />, {
      signal,
      onError(error: unknown) {
        failed = true;
        if (!signal.aborted) console.error(error);
      },
    });
    await stream.allReady;
    // React emits <!DOCTYPE html> itself for an <html> root.
    html = await new Response(stream).text();
    csp = pageCsp(html);
    if (failed) responseStatusCode = 500;
    if (key && !failed) {
      if (htmlCache.size >= MAX_CACHED_PAGES) {
        const oldest = htmlCache.keys().next().value;
        if (oldest !== undefined) htmlCache.delete(oldest);
      }
      htmlCache.set(key, { html, csp });
    }
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  if (process.env.NODE_ENV !== "development" && csp) responseHeaders.set("Content-Security-Policy", csp);
  signedInCacheControl(request, responseHeaders);
  if (key) rememberPublicPage(request, responseStatusCode, responseHeaders, html);
  return new Response(html, { status: responseStatusCode, headers: responseHeaders });
}

/** Single-fetch data of signed-in pages is not stored either. */
export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  signedInCacheControl(request, response.headers);
  return response;
};
