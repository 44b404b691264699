/**
 * Public-site benchmark (`npm run bench:public`).
 *
 *   1. 100,000 public documents generated from the fixture texts (random windows of their
 *      paragraphs, varied issuers/years/topics) in a temp SQLite file — one transaction, one
 *      prepared statement; the FTS index is filled by the triggers, as in production.
 *   2. Search: `searchPublicDocuments` (results + facets + total, as the /zhengce page calls it)
 *      for 2-, 3- and 4-character and multi-word queries, with and without facets; p50/p95.
 *      For comparison, the same substring queries as a plain LIKE scan (what we'd do without FTS).
 *   3. The document page over HTTP: the production build on loopback, autocannon, 10 connections.
 *   4. The policy library /zhengce over HTTP (anonymous, gzip): the list, a search (?q=), searches
 *      that each miss the cache (a new page per request), and the list while `jiedu render`
 *      renders beside it. Target (issue 18 F11): /zhengce ≥ 1,000 req/s with p99 ≤ 50 ms.
 *
 * Ends with one JSON line: {"docs":N,"searchP95Ms":…,"pageRps":…,"pageP99Ms":…,"libraryRps":…,
 * "libraryP99Ms":…,"searchRps":…,"searchP99Ms":…,"searchUncachedRps":…,"searchUncachedP99Ms":…,
 * "libraryWhileRenderingRps":…,"libraryWhileRenderingP99Ms":…}
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { openDatabase, setDb } from "~/db/client.server";
import { runMigrations } from "~/db/migrate.server";
import { analyzeDocument } from "~/domain/analysis";
import { publishedDocumentOf } from "~/domain/public/document-snapshot";
import { parsePublicListQuery } from "~/domain/public/search-query";
import { searchPublicDocuments } from "~/features/publish/search.server";
import { fixtureText, xihaianContent } from "../helpers/publish-fixture";
import { startServer } from "../helpers/server";
import { percentile } from "./common";

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), "jiedu-bench-"));
const path = join(dir, "bench.db");
// BENCH_KEEP=<file>: copy the generated database there (for EXPLAIN QUERY PLAN and profiling).
const keep = process.env.BENCH_KEEP;

const round = (n: number) => Math.round(n * 100) / 100;

// Deterministic pseudo-random numbers (same corpus every run).
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

async function main() {
  const db = openDatabase(path);
  runMigrations(db);
  setDb(db);
  const dept = db.$client.prepare("insert into departments (name, code) values ('区政府办公室', 'zfb')").run().lastInsertRowid;

  const sources = ["xihaian-2020-zwgk-yaodian-kaohe.txt", "boshan-2020-zwgk-yaodian.txt"].map((f) => analyzeDocument(fixtureText(f)));
  const paragraphs = sources.flatMap((a) => (a.text ?? "").split("\n").filter((l) => l.trim().length > 8));
  const issuers = ["青岛西海岸新区管委办公室", "博山区人民政府办公室", "区发展和改革局", "区教育和体育局", "区人力资源和社会保障局", "区卫生健康局", "区市场监督管理局", "区住房和城乡建设局", "区农业农村局", "区财政局"];
  const topics = ["政务公开", "就业创业", "营商环境", "教育", "医疗卫生", "社会保障", "城乡建设", "农业农村", "财政金融", "市场监管"];
  const subjects = ["政务公开工作要点", "优化营商环境若干措施", "稳就业工作方案", "促进高校毕业生就业创业", "基层政务公开标准化规范化", "政策解读工作办法", "民生服务事项清单", "惠企政策兑现办法", "考核办法", "数据开放实施方案"];
  const validity = ["valid", "valid", "valid", "valid", "repealed", "expired"];

  // --- 1. generate --------------------------------------------------------------------------
  let t0 = performance.now();
  const insert = db.$client.prepare(
    `insert into documents (title, doc_number, doc_agency, doc_year, doc_serial, issuer, department_id, written_date, release_date, index_no, validity, topic, publicity, normalized_text, status, published_at, published_document)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '主动公开', ?, 'published', ?, ?)`,
  );
  // What publishing writes beside the row: the public fields frozen (app/domain/public/document-snapshot.ts).
  const snapshot = (title: string, docNumber: string, issuer: string, dates: [string, string], indexNo: string, validity: string, topic: string, text: string, structure: unknown = null) =>
    JSON.stringify(
      publishedDocumentOf({ title, docNumber, issuer, writtenDate: dates[0], releaseDate: dates[1], indexNo, validity, topic, publicity: "主动公开", structure, normalizedText: text }),
    );
  db.$client.transaction(() => {
    for (let i = 1; i <= DOCS; i++) {
      const year = 2015 + Math.floor(rand() * 10);
      const month = String(1 + Math.floor(rand() * 12)).padStart(2, "0");
      const day = String(1 + Math.floor(rand() * 28)).padStart(2, "0");
      const issuer = pick(issuers);
      const start = Math.floor(rand() * paragraphs.length);
      const body = paragraphs.slice(start, start + 3 + Math.floor(rand() * 6)).join("\n");
      const date = `${year}-${month}-${day}`;
      const title = `${issuer}关于印发${year}年${pick(subjects)}的通知`;
      const docNumber = `示政办发〔${year}〕${i}号`;
      const indexNo = `zfb/${year}-${String(i).padStart(6, "0")}`;
      const v = pick(validity);
      const topic = pick(topics);
      insert.run(title, docNumber, "示政办发", year, i, issuer, dept, date, date, indexNo, v, topic, body, `${date}T02:00:00.000Z`, snapshot(title, docNumber, issuer, [date, date], indexNo, v, topic, body));
    }
  })();
  const generateMs = performance.now() - t0;
  // The page under test: the real 西海岸 notice with its published interpretation.
  const x = sources[0];
  const xTitle = "青岛西海岸新区管委办公室关于印发2020年青岛西海岸新区政务公开工作要点和2020年政务公开工作考核办法的通知";
  const xStructure = { parts: x.parts, text: x.text };
  const pageDoc = insert.run(
    xTitle, "青西新管办发〔2020〕84号", "青西新管办发", 2020, 84, "青岛西海岸新区管委办公室", dept, "2020-08-06", "2020-08-07", "zfb/2020-00084", "valid", "政务公开", x.text ?? "", "2020-08-07T02:00:00.000Z",
    snapshot(xTitle, "青西新管办发〔2020〕84号", "青岛西海岸新区管委办公室", ["2020-08-06", "2020-08-07"], "zfb/2020-00084", "valid", "政务公开", x.text ?? "", xStructure),
  ).lastInsertRowid;
  db.$client.prepare("update documents set structure = ? where id = ?").run(JSON.stringify(xStructure), pageDoc);
  db.$client.prepare("insert into packages (document_id, published_snapshot, published_at) values (?, ?, '2020-08-07T02:00:00.000Z')").run(pageDoc, JSON.stringify(xihaianContent()));
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.exec("analyze");
  if (keep) copyFileSync(path, keep);
  const bytes = statSync(path).size;
  console.log(`generated ${DOCS + 1} public documents in ${(generateMs / 1000).toFixed(1)} s; database ${(bytes / 1e6).toFixed(0)} MB`);

  // --- 2. search ----------------------------------------------------------------------------
  const queries = [
    "就业", "公开", "解读", "考核", "营商", // 2 characters
    "政务公", "新媒体", "发布会", "惠企政", "灵山岛", // 3
    "政务公开", "政策解读", "考核办法", "民生事项", "第三方评", // 4
    "政务公开 考核", "就业 创业", "青西新管办发", "示政办发〔2020〕", "量子计算机",
  ];
  const variants = (q: string) => [
    `q=${encodeURIComponent(q)}`,
    `q=${encodeURIComponent(q)}&sort=date`,
    `q=${encodeURIComponent(q)}&page=3`,
    `q=${encodeURIComponent(q)}&year=2020&issuer=${encodeURIComponent("区财政局")}`,
    `q=${encodeURIComponent(q)}&topic=${encodeURIComponent("就业创业")}&validity=valid`,
  ];
  const timings: number[] = [];
  const perLength: Record<string, number[]> = { "2": [], "3": [], "4+": [] };
  const unfiltered: number[] = [];
  const filtered: number[] = [];
  for (const q of queries) searchPublicDocuments(parsePublicListQuery(new URLSearchParams(`q=${encodeURIComponent(q)}`))); // warm-up
  for (let round_ = 0; round_ < 3; round_++) {
    for (const q of queries) {
      for (const v of variants(q)) {
        t0 = performance.now();
        searchPublicDocuments(parsePublicListQuery(new URLSearchParams(v)));
        const ms = performance.now() - t0;
        timings.push(ms);
        (/issuer=|topic=/.test(v) ? filtered : unfiltered).push(ms);
        const len = Array.from(q.replace(/\s/g, "")).length;
        (len <= 2 ? perLength["2"] : len === 3 ? perLength["3"] : perLength["4+"]).push(ms);
      }
    }
  }
  // Also the list without a query (cached facets) and deep pages.
  for (let p = 1; p <= 20; p++) {
    t0 = performance.now();
    searchPublicDocuments(parsePublicListQuery(new URLSearchParams(`page=${p * 7}`)));
    timings.push(performance.now() - t0);
  }
  const searchP95 = percentile(timings, 95);
  console.log(`search (${timings.length} calls incl. facets + count): p50 ${round(percentile(timings, 50))} ms, p95 ${round(searchP95)} ms, max ${round(Math.max(...timings))} ms`);
  console.log(`  without facet filters: p50 ${round(percentile(unfiltered, 50))} ms, p95 ${round(percentile(unfiltered, 95))} ms; with facet filters: p50 ${round(percentile(filtered, 50))} ms, p95 ${round(percentile(filtered, 95))} ms`);
  for (const [k, v] of Object.entries(perLength)) console.log(`  ${k}-character words: p50 ${round(percentile(v, 50))} ms, p95 ${round(percentile(v, 95))} ms`);
  const counts = queries.slice(0, 15).map((q) => `${q}:${searchPublicDocuments(parsePublicListQuery(new URLSearchParams(`q=${encodeURIComponent(q)}`))).total}`);
  console.log(`  hits: ${counts.join(" ")}`);

  // Baseline: the same substring search as a LIKE scan over the public documents (page 1 + count).
  const like = db.$client.prepare(
    "select count(*) from documents where published_at is not null and status in ('published','correcting') and (title like ? or normalized_text like ?)",
  );
  const likeTimes: number[] = [];
  for (const q of ["就业", "政务公", "考核办法"]) {
    t0 = performance.now();
    like.pluck().get(`%${q}%`, `%${q}%`);
    likeTimes.push(performance.now() - t0);
  }
  console.log(`LIKE scan baseline (count only, no facets): ${likeTimes.map((m) => `${round(m)} ms`).join(", ")} for 就业/政务公/考核办法`);

  // --- 3. document page over HTTP -------------------------------------------------------------
  if (process.env.BENCH_SEARCH_ONLY === "1") {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
    console.log(JSON.stringify({ docs: DOCS + 1, searchP95Ms: round(searchP95) }));
    return;
  }
  const server = await startServer({ DATABASE_URL: path, SESSION_SECRET: "bench-secret-0123456789", JIEDU_EXPORT_WORKER: "0" });
  let pageRps = 0;
  let pageP99 = 0;
  const library: Record<string, { rps: number; p99Ms: number }> = {};
  try {
    const url = `${server.url}/zhengce/${pageDoc}`;
    const check = await fetch(url);
    const html = await check.text();
    if (check.status !== 200 || !html.includes("青西新管办发〔2020〕84号")) throw new Error(`document page not served: ${check.status}`);
    await autocannon({ url, connections: 10, duration: 3 }); // warm-up
    const r = await autocannon({ url, connections: 10, duration: 10 });
    if (r.non2xx || r.errors) throw new Error(`autocannon: ${r.non2xx} non-2xx, ${r.errors} errors`);
    pageRps = r.requests.average;
    pageP99 = r.latency.p99;
    console.log(`document page (${(html.length / 1024).toFixed(0)} KB HTML): ${round(pageRps)} req/s, latency p50 ${r.latency.p50} ms, p99 ${pageP99} ms (10 connections, 10 s)`);

    // --- 4. the policy library (/zhengce) over HTTP ---------------------------------------------
    // anonymous, gzip as browsers ask for it; the list, a search, and searches that each miss
    // the cache (a new page number per request), then the list again while a render runs
    const gzip = { "accept-encoding": "gzip" };
    const libraryRun = async (label: string, options: Parameters<typeof autocannon>[0]) => {
      await autocannon({ ...options, connections: 10, duration: 3 }); // warm-up
      const run = await autocannon({ ...options, connections: 10, duration: 10 });
      if (run.non2xx || run.errors) throw new Error(`${label}: ${run.non2xx} non-2xx, ${run.errors} errors`);
      library[label] = { rps: round(run.requests.average), p99Ms: run.latency.p99 };
      console.log(`${label}: ${round(run.requests.average)} req/s, latency p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms (10 connections, 10 s)`);
    };
    const searchPath = `/zhengce?q=${encodeURIComponent("政务公开")}`;
    for (const [label, p] of [["/zhengce", "/zhengce"], [searchPath, searchPath]] as const) {
      const res = await fetch(`${server.url}${p}`);
      const body = await res.text();
      if (res.status !== 200 || !body.includes("政策文件库")) throw new Error(`${label} not served: ${res.status}`);
      await libraryRun(label === "/zhengce" ? "library" : "search", { url: `${server.url}${p}`, headers: gzip });
    }
    let n = 0;
    await libraryRun("searchUncached", {
      url: server.url,
      headers: gzip,
      requests: [{ setupRequest: (req: { path: string }) => ({ ...req, path: `/zhengce?q=${encodeURIComponent(queries[n % queries.length])}&page=${1 + (Math.floor(n++ / queries.length) % 500)}` }) }],
    });
    const render = spawn(process.execPath, [join(import.meta.dirname, "../../bin/jiedu.js"), "render", join(import.meta.dirname, "../fixtures/packages/xihaian.json"), "--out", join(dir, "render"), "--channels", "wechat,web,xhs"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 3000)); // browsers up, rendering
      await libraryRun("libraryWhileRendering", { url: `${server.url}/zhengce`, headers: gzip });
    } finally {
      render.kill("SIGKILL");
    }
  } finally {
    await server.stop();
    db.$client.close();
    setDb(undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(
    JSON.stringify({
      docs: DOCS + 1,
      searchP95Ms: round(searchP95),
      pageRps: round(pageRps),
      pageP99Ms: pageP99,
      libraryRps: library.library?.rps,
      libraryP99Ms: library.library?.p99Ms,
      searchRps: library.search?.rps,
      searchP99Ms: library.search?.p99Ms,
      searchUncachedRps: library.searchUncached?.rps,
      searchUncachedP99Ms: library.searchUncached?.p99Ms,
      libraryWhileRenderingRps: library.libraryWhileRendering?.rps,
      libraryWhileRenderingP99Ms: library.libraryWhileRendering?.p99Ms,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
