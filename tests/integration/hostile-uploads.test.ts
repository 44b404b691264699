/**
 * Hostile uploads against the production server (issue 12 "bounded input", issue 18 F2): a zip
 * bomb .docx, the same bomb lying about its size, 200 MB of document.xml and 200,000 nested
 * <w:sdt>, several of each in parallel, sent by a signed-in drafter to 新建文件. The server
 * process's resident memory (VmRSS, sampled every 25 ms) stays under 300 MB, every upload gets
 * its Chinese refusal, and the public library keeps answering meanwhile. And a chunked upload
 * over the size limit (no Content-Length) gets its 413 with the Chinese text, not a reset.
 */
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededTestDb, type TestDb } from "../helpers/db";
import { bombDocx, nestedSdtDocx } from "../helpers/hostile-docx";
import { type RunningServer, signInCookie, startServer } from "../helpers/server";

let t: TestDb;
let server: RunningServer;
beforeAll(async () => {
  t = await createSeededTestDb();
  t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: "hostile-secret-0123456789", JIEDU_EXPORT_WORKER: "0" });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  t?.cleanup();
});

const rssMb = (pid: number) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : 0;
};

const signIn = (username: string) => signInCookie(server.url, username);

async function upload(cookie: string, name: string, bytes: Uint8Array): Promise<{ status: number; html: string }> {
  const form = new FormData();
  form.set("intent", "analyze");
  form.set("file", new File([new Uint8Array(bytes)], name, { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }));
  const res = await fetch(`${server.url}/app/documents/new`, { method: "POST", headers: { Cookie: cookie, Origin: server.url }, body: form });
  return { status: res.status, html: await res.text() };
}

describe("hostile uploads", () => {
  it("keep the server under 300 MB and answering, each with its Chinese refusal", async () => {
    const cookie = await signIn("drafter");
    const files = {
      bomb: await bombDocx(),
      liar: await bombDocx({ declaredSize: 4096 }),
      nested: await nestedSdtDocx(),
    };
    const baseline = rssMb(server.pid);
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(server.pid));
    }, 25);
    let answering = true;
    const library: number[] = [];
    const probe = (async () => {
      while (answering) {
        const started = performance.now();
        const res = await fetch(`${server.url}/zhengce`);
        await res.arrayBuffer();
        library.push(res.status === 200 ? performance.now() - started : -1);
      }
    })();
    try {
      const sent = [files.bomb, files.liar, files.nested, files.bomb, files.liar, files.nested].map((bytes, i) => upload(cookie, `恶意文件${i + 1}.docx`, bytes));
      const results = await Promise.all(sent);
      for (const [i, r] of results.entries()) {
        const kind = i % 3;
        if (kind === 2) {
          expect(r.status).toBe(422);
          expect(r.html).toContain("嵌套超过 256 层");
        } else {
          expect(r.status).toBe(413);
          expect(r.html).toContain("已拒收");
        }
      }
    } finally {
      answering = false;
      await probe;
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssMb(server.pid));
    console.log(`[hostile uploads] server RSS baseline ${baseline.toFixed(0)} MB, peak ${peak.toFixed(0)} MB; /zhengce answered ${library.length} times during the uploads`);
    expect(peak).toBeLessThan(300);
    expect(library.length).toBeGreaterThan(0);
    expect(library.every((ms) => ms >= 0)).toBe(true);
    // and the server still serves a real upload afterwards
    const ok = await upload(cookie, "通知.txt", new TextEncoder().encode("各部门：\n一、总体要求\n做好政务公开工作。"));
    expect(ok.status).toBe(200);
    expect(ok.html).toContain("总体要求");
  }, 180_000);
});

/** A multipart upload streamed with Transfer-Encoding: chunked (no Content-Length), `mb` megabytes. */
function chunkedUpload(cookie: string, mb: number): Promise<{ status: number; body: string }> {
  const url = new URL(`${server.url}/app/documents/new`);
  const boundary = "----jiedu-chunked-test";
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { Cookie: cookie, Origin: server.url, "Content-Type": `multipart/form-data; boundary=${boundary}`, "Transfer-Encoding": "chunked" } },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="intent"\r\n\r\nanalyze\r\n`);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, "文".charCodeAt(0) % 128);
    let sent = 0;
    const pump = () => {
      while (sent < mb) {
        sent++;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end(`\r\n--${boundary}--\r\n`);
    };
    pump();
  });
}

describe("a chunked upload over the limit", () => {
  it("gets 413 with the Chinese message, not a reset connection", async () => {
    const cookie = await signIn("drafter");
    const r = await chunkedUpload(cookie, 30);
    expect(r.status).toBe(413);
    expect(r.body).toContain("超过上限 20 MB，已拒收。请压缩图片、拆分文件，或直接粘贴正文后再试。");
  }, 120_000);
});
