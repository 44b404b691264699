/**
 * The production server (npm start, the e2e tests, the benchmark): express + @remix-run/express,
 * with only what this app needs per request. remix-serve adds a request log line, static file
 * checks for every URL and compression of everything; here:
 *
 *   1. /assets/*            Vite's fingerprinted files: immutable, cached for a year
 *   2. other build/client   favicon, fonts … (only paths with an extension look there): an hour
 *   3. GET /zhengce/<id>, /jiedu/<id> (anonymous, no query) and /zhengce (anonymous, any query):
 *      the validated micro-cache of whole public pages (app/features/publish/page-cache.server.ts,
 *      reached through the server entry's exports); a miss falls through to Remix
 *   4. everything else       Remix, gzip when the client accepts it (compression)
 *
 * Before all of them: the security headers and the refusal of cross-origin form posts
 * (app/models/security-headers.server.ts, reached through the server entry's exports).
 *
 * Environment: PORT (3000), HOST (all interfaces), ACCESS_LOG=1 for one log line per request,
 * TRUST_PROXY=1 behind a reverse proxy (client address from X-Forwarded-For), COOKIE_SECURE=1
 * over HTTPS (also sends HSTS).
 * SIGTERM/SIGINT: stop accepting connections, let requests in flight finish, then exit.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import { installGlobals } from "@remix-run/node";
import compression from "compression";
import express from "express";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";
const root = import.meta.dirname;
const build = await import(pathToFileURL(resolve(root, "build/server/index.js")).href);
installGlobals({ nativeFetch: build.future.v3_singleFetch });

const { cachedPublicPage, baseSecurityHeaders, crossOriginRefusal, DEFAULT_CSP } = build.entry.module;
const PAGE_PATH = /^\/(zhengce|jiedu)\/\d{1,12}$|^\/zhengce$/;

const app = express();
app.disable("x-powered-by");
app.disable("etag"); // Remix routes set their own validators; static files get theirs from express.static

if (process.env.ACCESS_LOG === "1") {
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.once("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      process.stdout.write(`${new Date().toISOString()} ${req.method} ${req.originalUrl} ${res.statusCode} ${ms.toFixed(1)} ms\n`);
    });
    next();
  });
}

// Every response: nosniff, referrer policy, no framing, HSTS over HTTPS, and a policy that lets
// nothing run (pages rendered by Remix replace it with their own, app/models/security-headers).
// A form posted from another site is refused here with a Chinese message (403), before Remix.
const securityHeaders = baseSecurityHeaders(process.env);
const CSP = "content-security-policy";
/** DEFAULT_CSP for a response that does not bring its own (set as the headers go out, so never twice). */
function defaultCsp(res) {
  const writeHead = res.writeHead;
  res.writeHead = function (statusCode, ...rest) {
    const given = rest.find((a) => a && typeof a === "object");
    // headers passed here: an object, or a flat [name, value, …] array
    const names = Array.isArray(given) ? given.filter((_, i) => i % 2 === 0).map((k) => String(k).toLowerCase()) : Object.keys(given ?? {}).map((k) => k.toLowerCase());
    if (!names.includes(CSP) && !res.hasHeader(CSP)) res.setHeader("Content-Security-Policy", DEFAULT_CSP);
    return writeHead.call(this, statusCode, ...rest);
  };
}
app.use((req, res, next) => {
  for (const [name, value] of securityHeaders) res.setHeader(name, value);
  defaultCsp(res);
  const refusal = crossOriginRefusal({ method: req.method, origin: req.headers.origin, secFetchSite: req.headers["sec-fetch-site"], host: req.headers.host });
  if (refusal) {
    res.status(403).setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end(refusal);
    return;
  }
  next();
});

app.get(PAGE_PATH, (req, res, next) => {
  if (typeof cachedPublicPage !== "function") return next();
  const hit = cachedPublicPage({
    method: req.method,
    path: req.path,
    search: req.url.length === req.path.length ? "" : req.url.slice(req.path.length),
    cookie: req.headers.cookie,
    ifNoneMatch: req.headers["if-none-match"],
    acceptEncoding: req.headers["accept-encoding"],
  });
  if (!hit) return next();
  // setHeader, not writeHead(status, pairs): headers set earlier (security) and pairs do not mix
  for (const [name, value] of hit.headers) res.setHeader(name, value);
  res.writeHead(hit.status);
  res.end(hit.body ?? undefined);
});

// Compression only for what Remix renders (pages not in the micro-cache, data, downloads):
// static assets are small and cached by browsers; the micro-cache keeps gzip bodies of its own.
const compress = compression();
const assets = express.static(resolve(root, "build/client/assets"), { immutable: true, maxAge: "1y", fallthrough: true, index: false });
const publicFiles = express.static(resolve(root, "build/client"), { maxAge: "1h", index: false });
app.use("/assets", assets);
// Only names with an extension can be files there; pages skip the file-system check.
app.use((req, res, next) => (/\.[\w]+$/.test(req.path) ? publicFiles(req, res, next) : next()));
// The client's address for sign-in throttling; behind a reverse proxy set TRUST_PROXY=1 so it is
// read from X-Forwarded-For (otherwise every client would share the proxy's address).
if (process.env.TRUST_PROXY === "1") app.set("trust proxy", true);
const getLoadContext = (req) => ({ clientAddress: req.ip ?? req.socket.remoteAddress ?? "unknown" });
app.all("*", compress, createRequestHandler({ build, mode: process.env.NODE_ENV, getLoadContext }));

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST;
const onListen = () => process.stdout.write(`[jiedu] listening on http://${host ?? "localhost"}:${port}\n`);
const server = host ? app.listen(port, host, onListen) : app.listen(port, onListen);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    // keep-alive clients that never go idle must not hold the process forever
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 5000).unref();
  });
}
