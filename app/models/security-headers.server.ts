/**
 * The web's standard defences, in one place (issue 18 F8). The production server (server.mjs)
 * applies `baseSecurityHeaders` and `DEFAULT_CSP` to every response and refuses cross-origin
 * form posts (`crossOriginRefusal`) before Remix; the server entry replaces the CSP of every page
 * it renders with `pageCsp(html)` and marks signed-in pages `private, no-store`.
 *
 * Content-Security-Policy of the pages: everything from this site only ('self'); scripts also
 * by the SHA-256 of each inline script Remix writes into that very page (hydration data, scroll
 * restoration) — no 'unsafe-inline' and no 'unsafe-eval' for scripts (vega-embed draws with its
 * CSP-safe expression interpreter, `ast: true`); styles allow inline style attributes and the
 * 图解 preview's inline stylesheet; images also data: URIs (department logos); nothing may frame
 * the site (frame-ancestors 'none'). The exporter's and the evidence PDF's render pages are
 * served inside Chromium by request interception with their own, stricter policy
 * (app/render/html.server.ts) and are unaffected.
 */
import { createHash } from "node:crypto";

const PAGE_POLICY = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/** Anything not rendered as a page (downloads, images, the WeChat HTML file): nothing runs, nothing frames it. */
export const DEFAULT_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const INLINE_SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;

/** The page's policy: 'self' plus the hash of every inline script in `html`. */
export function pageCsp(html: string): string {
  const hashes = new Set<string>();
  for (const m of html.matchAll(INLINE_SCRIPT)) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    hashes.add(`'sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
  }
  return [...PAGE_POLICY.slice(0, 1), `script-src 'self' ${[...hashes].join(" ")}`.trim(), ...PAGE_POLICY.slice(1)].join("; ");
}

/** Headers every response carries; HSTS only when the site is served over HTTPS (COOKIE_SECURE=1). */
export function baseSecurityHeaders(env: Record<string, string | undefined> = process.env): [string, string][] {
  const headers: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["X-Frame-Options", "DENY"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
  ];
  if (env.COOKIE_SECURE === "1") headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

export const CROSS_ORIGIN_MESSAGE = "来自其他网站的提交已被拒绝。请在本站页面上重新操作；如果是从书签或其他网站跳转来的，请先打开本站首页。";

/**
 * A state-changing request (anything but GET/HEAD/OPTIONS) from another site, or null. The
 * browser says where a request comes from in Origin (and Sec-Fetch-Site); a request without
 * either (an old browser, a script on the server) is let through — the session cookie is
 * SameSite=Lax, so a cross-site form never carries it anyway.
 */
export function crossOriginRefusal(req: { method: string; origin: string | undefined; secFetchSite: string | undefined; host: string | undefined }): string | null {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method.toUpperCase())) return null;
  if (req.origin && req.origin !== "null") {
    let host: string;
    try {
      host = new URL(req.origin).host;
    } catch {
      return CROSS_ORIGIN_MESSAGE;
    }
    return req.host && host.toLowerCase() === req.host.toLowerCase() ? null : CROSS_ORIGIN_MESSAGE;
  }
  if (req.origin === "null" || req.secFetchSite === "cross-site") return CROSS_ORIGIN_MESSAGE;
  return null;
}

const SESSION_COOKIE = "__jiedu=";

/**
 * Signed-in pages and their data are never stored by a browser or proxy: `private, no-store`,
 * unless the route made the response public (an anonymous public page).
 */
export function signedInCacheControl(request: Request, headers: Headers): void {
  if (!(request.headers.get("Cookie") ?? "").includes(SESSION_COOKIE)) return;
  if (/\bpublic\b/.test(headers.get("Cache-Control") ?? "")) return;
  headers.set("Cache-Control", "private, no-store");
}
