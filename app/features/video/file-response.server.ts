/**
 * A file as an HTTP response that honours a single byte range (`Range: bytes=a-b`): browsers'
 * video players ask for ranges to seek and to read the MP4 index; images and ZIPs are served
 * whole as before when no range is asked for.
 */
import { createReadStream } from "node:fs";
import { createReadableStreamFromReadable } from "@remix-run/node";

/** The asked range within a file of `size` bytes; null = whole file; "invalid" = 416. */
export function parseRange(header: string | null, size: number): { start: number; end: number } | null | "invalid" {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return "invalid";
  let start: number;
  let end: number;
  if (m[1] === "") {
    // the last N bytes
    const n = Number(m[2]);
    if (n === 0) return "invalid";
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return "invalid";
  return { start, end };
}

export function fileResponse(request: Request, path: string, size: number, headers: Record<string, string>): Response {
  const range = parseRange(request.headers.get("Range"), size);
  if (range === "invalid") return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}`, "Accept-Ranges": "bytes" } });
  if (range === null) {
    return new Response(createReadableStreamFromReadable(createReadStream(path)), { headers: { ...headers, "Content-Length": String(size), "Accept-Ranges": "bytes" } });
  }
  return new Response(createReadableStreamFromReadable(createReadStream(path, { start: range.start, end: range.end })), {
    status: 206,
    headers: { ...headers, "Content-Length": String(range.end - range.start + 1), "Content-Range": `bytes ${range.start}-${range.end}/${size}`, "Accept-Ranges": "bytes" },
  });
}
