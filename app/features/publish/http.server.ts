/**
 * HTTP helpers of the public pages: who is asking (anonymous visitor or signed-in staff), the site
 * configuration the pages print in their meta tags, and cache validators.
 *
 * Published pages change only when republished, so the ETag is derived from the publication
 * instants (document and package) plus the variant of the page (适老化 mode, staff view) and the
 * server instance (a deploy changes the markup). If-None-Match → 304 without rendering.
 */
import { createHash } from "node:crypto";
import { getConfig } from "~/config.server";
import { readElderMode } from "~/domain/public/ui-mode";
import { getOptionalUser } from "~/models/auth.server";

const INSTANCE = `${process.pid}-${Date.now()}`;

export function siteInfo(): { siteName: string; siteIdCode: string } {
  const c = getConfig();
  return { siteName: c.SITE_NAME, siteIdCode: c.SITE_ID_CODE };
}

/** Signed-in staff see staff tools (复制公众号排版); anonymous requests skip the session lookup. */
export async function isStaffRequest(request: Request): Promise<boolean> {
  if (!(request.headers.get("Cookie") ?? "").includes("__jiedu=")) return false;
  return (await getOptionalUser(request)) !== null;
}

export type Validators = { etag: string; lastModified: string | null; headers: Headers };

/** The ETag of a public page: the page, its publication stamps and its variant (see above). */
export function publicEtag(cookieHeader: string | null, stamps: (string | null | undefined)[], variant: { staff: boolean; key: string }): string {
  const elder = readElderMode(cookieHeader);
  const basis = [variant.key, ...stamps.map((s) => s ?? "-"), elder ? "elder" : "normal", variant.staff ? "staff" : "public", INSTANCE].join("|");
  return `W/"${createHash("sha1").update(basis).digest("base64url").slice(0, 20)}"`;
}

export function publicValidators(request: Request, stamps: (string | null | undefined)[], variant: { staff: boolean; key: string }): Validators {
  const etag = publicEtag(request.headers.get("Cookie"), stamps, variant);
  const times = stamps.filter((s): s is string => Boolean(s)).map((s) => Date.parse(s)).filter((t) => Number.isFinite(t));
  const lastModified = times.length ? new Date(Math.max(...times)).toUTCString() : null;
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": variant.staff ? "private, no-cache" : "public, max-age=0, must-revalidate",
    Vary: "Cookie",
  });
  if (lastModified) headers.set("Last-Modified", lastModified);
  return { etag, lastModified, headers };
}

/** True when the client's cached copy is current (If-None-Match, weak comparison). */
export function isNotModified(request: Request, etag: string): boolean {
  return etagMatches(request.headers.get("If-None-Match"), etag);
}

export function etagMatches(inm: string | null | undefined, etag: string): boolean {
  if (!inm) return false;
  const bare = (t: string) => t.trim().replace(/^W\//, "");
  return inm.split(",").some((t) => t.trim() === "*" || bare(t) === bare(etag));
}

/** Copies the validators a loader set onto the document response (routes' `headers` export). */
export function forwardValidators(loaderHeaders: Headers, errorHeaders?: Headers): Headers {
  const out = new Headers();
  for (const source of [loaderHeaders, errorHeaders]) {
    if (!source) continue;
    for (const name of ["ETag", "Last-Modified", "Cache-Control", "Vary"]) {
      const v = source.get(name);
      if (v) out.set(name, v);
    }
  }
  return out;
}

/** Validators of the policy library (/zhengce with its query): the public data version and the exact query. */
export function publicListValidators(request: Request, version: string, search: string): Validators {
  return publicValidators(request, [`v${version}`, search || "-"], { staff: false, key: "zhengce-list" });
}
