/**
 * A validated micro-cache of whole public page responses, consulted by the production server
 * (server.mjs) before Remix for anonymous GETs of /zhengce/<id> and /jiedu/<id>, and of the
 * policy library /zhengce with any query (list, search, facets, pages).
 *
 * Why: a published page changes only when it is republished, yet going through Remix costs a
 * routing pass, the loader, single-fetch data encoding and header merging per request — most of
 * the CPU of a page view once the HTML itself is cached (app/entry.server.tsx).
 *
 * Correctness: an entry is stored under path + ETag, and the ETag is recomputed on every request
 * from the same indexed stamp query the route loader runs (`publicStamp`: visibility rule +
 * publication instants of document and package) and the same variant (适老化 cookie, anonymous).
 * So a hit is exactly the response the loader + HTML cache would produce now; a withdrawn
 * document has no stamp (→ miss → Remix → 404), a republished one has a new ETag (→ miss → fresh
 * render). The library's ETag is the public data version (publicListVersion, kept by triggers)
 * and the exact query string: any publication, withdrawal or correction changes it. Signed-in
 * staff (session cookie) always go to Remix, as do document URLs with a query string.
 *
 * Bodies are kept as bytes, plus a gzip copy made once, so a hit costs one SQLite lookup, one
 * hash and a socket write.
 */
import { gzipSync } from "node:zlib";
import { etagMatches, publicEtag } from "./http.server";
import { publicPageStamps, publicStamp } from "./document.server";
import { parsePublicId, publicListVersion } from "./visibility.server";

const PAGE_PATH = /^\/(zhengce|jiedu)\/(\d{1,12})$/;
const LIST_PATH = "/zhengce";
const SESSION_COOKIE = "__jiedu=";
const MAX_ENTRIES = 500;
/** list and search pages (larger, and one per query): their own, smaller share */
const MAX_LIST_ENTRIES = 100;
const MAX_QUERY_CHARS = 512;
/** headers of a 304: the validators only (RFC 9110 §15.4.5) */
const VALIDATOR_HEADERS = new Set(["etag", "cache-control", "vary", "last-modified"]);

type Entry = { etag: string; headers: [string, string][]; body: Buffer; gzip: Buffer };
const entries = new Map<string, Entry>();
const listEntries = new Map<string, Entry>();
/**
 * List pages are admitted on their second request: a one-off search (or a crawler walking every
 * page number) is not worth a gzip copy, and cannot push the popular pages out.
 */
const seenListKeys = new Set<string>();
const MAX_SEEN = 2000;

export type PublicPageRequest = { method: string; path: string; search: string; cookie: string | undefined; ifNoneMatch: string | undefined; acceptEncoding: string | undefined };
export type CachedPublicPage = { status: 200 | 304; headers: [string, string][]; body: Buffer | null };

function currentVersion(path: string, search: string, cookie: string | null): { key: string; etag: string; list: boolean } | null {
  if (path === LIST_PATH) {
    if (search.length > MAX_QUERY_CHARS) return null;
    const etag = publicEtag(cookie, [`v${publicListVersion()}`, search || "-"], { staff: false, key: "zhengce-list" });
    return { key: `${path}${search}|${etag}`, etag, list: true };
  }
  if (search !== "") return null;
  const m = PAGE_PATH.exec(path);
  if (!m) return null;
  const id = parsePublicId(m[2]);
  const stamp = id ? publicStamp(id) : null;
  if (!id || !stamp) return null;
  const kind = m[1] === "jiedu" ? "jiedu" : "zhengce";
  const etag = publicEtag(cookie, publicPageStamps(kind, id, stamp), { staff: false, key: `${kind}-${id}` });
  return { key: `${path}|${etag}`, etag, list: false };
}

const cacheable = (method: string, cookie: string | null) => method === "GET" && !cookie?.includes(SESSION_COOKIE);

/** The current response of a public page from the cache, or null (→ let Remix answer). */
export function cachedPublicPage(req: PublicPageRequest): CachedPublicPage | null {
  const cookie = req.cookie ?? null;
  if ((!entries.size && !listEntries.size) || !cacheable(req.method, cookie)) return null;
  const version = currentVersion(req.path, req.search, cookie);
  const hit = version ? (version.list ? listEntries : entries).get(version.key) : undefined;
  if (!hit) return null;
  if (etagMatches(req.ifNoneMatch, hit.etag)) return { status: 304, headers: hit.headers.filter(([name]) => VALIDATOR_HEADERS.has(name)), body: null };
  const gzip = /\bgzip\b/.test(req.acceptEncoding ?? "");
  const body = gzip ? hit.gzip : hit.body;
  const headers: [string, string][] = [...hit.headers, ["content-length", String(body.length)]];
  if (gzip) headers.push(["content-encoding", "gzip"]);
  return { status: 200, headers, body };
}

/**
 * Called by the server entry with each rendered document response. Stores it only when it is
 * what `cachedPublicPage` may serve: an anonymous 200 of a bare page URL whose ETag is still
 * the current one.
 */
export function rememberPublicPage(request: Request, status: number, headers: Headers, html: string): void {
  if (status !== 200) return;
  const url = new URL(request.url);
  const cookie = request.headers.get("Cookie");
  if (!cacheable(request.method, cookie) || !/\bpublic\b/.test(headers.get("Cache-Control") ?? "")) return;
  const version = currentVersion(url.pathname, url.search, cookie);
  const store = version?.list ? listEntries : entries;
  if (!version || version.etag !== headers.get("ETag") || store.has(version.key)) return;
  if (version.list && !seenListKeys.has(version.key)) {
    if (seenListKeys.size >= MAX_SEEN) seenListKeys.clear();
    seenListKeys.add(version.key);
    return;
  }
  if (store.size >= (version.list ? MAX_LIST_ENTRIES : MAX_ENTRIES)) {
    const oldest = store.keys().next().value;
    if (oldest !== undefined) store.delete(oldest);
  }
  const stored: [string, string][] = [];
  headers.forEach((value, name) => {
    if (name === "content-length" || name === "content-encoding") return;
    // The body varies by Accept-Encoding as well as by cookie (适老化) once served from here.
    stored.push([name, name === "vary" ? `${value}, Accept-Encoding` : value]);
  });
  const body = Buffer.from(html, "utf8");
  store.set(version.key, { etag: version.etag, headers: stored, body, gzip: gzipSync(body) });
}
