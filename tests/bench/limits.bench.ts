/**
 * Pages at the document length limit (`npm run bench:limits`; issue 12 "bounded input"): the
 * signed-in pages a drafter opens for a document of MAX_SOURCE_CHARS characters, over HTTP
 * against the production build — the document page, the review page (审校 runs on it), the
 * package editor and the 新建文件 review step (paste → analysis in the intake worker). Two
 * documents: the fixture notices repeated to the limit, and a figure-dense one (a number every
 * few characters, the worst case for highlights and 审校 figures).
 *
 * Target: every page under 1 s (median of RUNS requests). Ends with one JSON line:
 * {"chars":…,"pagesMs":{"<document>/<page>":median,…},"maxMs":…}
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase, setDb } from "~/db/client.server";
import { runMigrations } from "~/db/migrate.server";
import { analyzeDocument } from "~/domain/analysis";
import { MAX_SOURCE_CHARS } from "~/domain/forms/intake";
import { createDocumentFromAnalysis } from "~/features/intake/intake.server";
import { seedAnalyzer } from "~/seed/seed-analyzer.server";
import { seedDemo } from "~/seed/seed.server";
import { signInCookie, startServer } from "../helpers/server";
import { fixtureDocument, percentile } from "./common";

const RUNS = Number(process.env.RUNS ?? 5);
const dir = mkdtempSync(join(tmpdir(), "jiedu-bench-limits-"));
const path = join(dir, "bench.db");

function figureDense(chars: number): string {
  let out = "各部门：\n";
  for (let i = 1; out.length < chars; i++) out += `${i % 50 === 0 ? "\n" : ""}第${i}项任务安排资金${(i * 37) % 1000}万元，完成率${i % 100}%；`;
  return out.slice(0, chars);
}

async function main() {
  const db = openDatabase(path);
  runMigrations(db);
  setDb(db);
  await seedDemo(db, { analyze: await seedAnalyzer() });
  const drafter = db.$client.prepare("select id, department_id as departmentId from users where username = 'drafter'").get() as { id: number; departmentId: number };
  const docs: Record<string, { id: number; text: string }> = {};
  for (const [key, text] of [
    ["fixture", fixtureDocument(MAX_SOURCE_CHARS)],
    ["figures", figureDense(MAX_SOURCE_CHARS)],
  ] as const) {
    const analysis = analyzeDocument(text);
    const created = createDocumentFromAnalysis({
      actor: drafter,
      meta: { title: `长文件（${key}）`, docNumber: null, issuer: "区政府办公室", recipients: [], writtenDate: "2026-01-05", topic: null, publicity: "主动公开" },
      originalText: text,
      analysis,
      source: { name: null, format: "paste" },
    });
    docs[key] = { id: created.documentId, text };
  }
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const server = await startServer({ DATABASE_URL: path, SESSION_SECRET: "bench-secret-0123456789", JIEDU_EXPORT_WORKER: "0" });
  const pagesMs: Record<string, number> = {};
  try {
    const cookie = await signInCookie(server.url, "drafter");
    const time = async (label: string, request: () => Promise<Response>) => {
      const times: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const t0 = performance.now();
        const res = await request();
        const body = await res.text();
        if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}\n${body.slice(0, 500)}`);
        if (i > 0) times.push(performance.now() - t0); // the first request warms caches
      }
      pagesMs[label] = Math.round(percentile(times, 50));
      console.log(`${label}: median ${pagesMs[label]} ms, max ${Math.round(Math.max(...times))} ms (${RUNS} requests)`);
    };
    const get = (p: string) => () => fetch(`${server.url}${p}`, { headers: { Cookie: cookie } });
    for (const [key, doc] of Object.entries(docs)) {
      await time(`${key}/document`, get(`/app/documents/${doc.id}`));
      await time(`${key}/review`, get(`/app/documents/${doc.id}/review`));
      await time(`${key}/editor`, get(`/app/documents/${doc.id}/package`));
      await time(`${key}/intake-review`, () => {
        const form = new FormData();
        form.set("intent", "analyze");
        form.set("pastedText", doc.text);
        return fetch(`${server.url}/app/documents/new`, { method: "POST", headers: { Cookie: cookie, Origin: server.url }, body: form });
      });
    }
  } finally {
    await server.stop();
    setDb(undefined);
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({ chars: MAX_SOURCE_CHARS, pagesMs, maxMs: Math.max(...Object.values(pagesMs)) }));
}

main().catch((e) => {
  console.error(e);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
