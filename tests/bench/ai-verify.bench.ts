/**
 * Benchmark (issue 16 "Measure"): how many planted model errors verification marks, and the time
 * to a full first draft. Run with `npm run bench:ai`.
 *
 * 1. Planted outputs: for each figure, date and deadline the analyzer finds in three real notices
 *    (the two seed fixtures and tests/fixtures/documents/shifan-2024-jiage-butie.txt), a Q&A
 *    answer states it as the document does, cited to its clause (must pass: false positives), and
 *    planted variants a model could write: the figure changed, the date moved a month, a clause
 *    that does not exist, the true figure cited to a clause that does not hold it, a document
 *    title the notice never mentions. A planted error counts as marked when a blocking mark of
 *    the right kind covers it. Target: share marked ≥ 0.95.
 * 2. A full first draft (all twelve tasks) of the 博山 notice through the scripted model on
 *    loopback, streaming without delay: the time jiedu itself adds to what the model takes
 *    (prompting, parsing, verification, storage), and the verification time per suggestion.
 *
 * Ends with one JSON line of the figures.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { clauseUnits, pathKey } from "../../app/domain/ai-drafting/clauses.ts";
import type { Mark, MarkKind, Suggestion } from "../../app/domain/ai-drafting/types.ts";
import { verifyContext, verifySuggestion } from "../../app/domain/ai-drafting/verify.ts";
import { analyzeDocument } from "../../app/domain/analysis/index.ts";
import type { Fact } from "../../app/domain/analysis/types.ts";
import { prepareDocument } from "../../app/domain/checks/index.ts";
import { qaSuggestion } from "../helpers/ai-script.ts";
import { percentile } from "./common.ts";

const root = path.resolve(import.meta.dirname, "../..");
const DOCUMENTS = [
  "drizzle/seed/documents/boshan-2020-zwgk-yaodian.txt",
  "drizzle/seed/documents/xihaian-2020-zwgk-yaodian-kaohe.txt",
  "tests/fixtures/documents/shifan-2024-jiage-butie.txt",
];

type Planted = { kind: "figure" | "date" | "citation-unknown" | "citation-wrong" | "title"; answer: string; clauses: string[][]; span: [number, number] | null; marks: MarkKind[] };

const qa = (answer: string, clauses: string[][]) => qaSuggestion(answer, clauses);

const caught = (marks: Mark[], p: Planted) =>
  marks.some((m) => m.blocking && p.marks.includes(m.kind) && m.part === "answer" && (p.span === null || (m.start < p.span[1] && p.span[0] < m.end) || m.start < 0));

function shiftMonth(text: string): string | null {
  const m = /(\d{1,2})\s*月/.exec(text);
  if (!m) return null;
  const month = Number(m[1]);
  const next = month === 12 ? 11 : month + 1;
  return text.replace(m[0], `${next}月`);
}

let correct = 0;
let falsePositive = 0;
const falsePositives: string[] = [];
const planted: Record<Planted["kind"], { n: number; marked: number }> = {
  figure: { n: 0, marked: 0 },
  date: { n: 0, marked: 0 },
  "citation-unknown": { n: 0, marked: 0 },
  "citation-wrong": { n: 0, marked: 0 },
  title: { n: 0, marked: 0 },
};
const missed: string[] = [];
const verifyMs: number[] = [];

for (const file of DOCUMENTS) {
  const text = readFileSync(path.join(root, file), "utf8");
  const analysis = analyzeDocument(text);
  const documentText = analysis.text ?? text;
  const ctx = verifyContext(analysis, prepareDocument(analysis, documentText), { warnShare: 0.6 });
  const units = clauseUnits(analysis).filter((u) => u.path.length > 0);
  const run = (s: Suggestion) => {
    const t0 = performance.now();
    const marks = verifySuggestion(s, ctx);
    verifyMs.push(performance.now() - t0);
    return marks;
  };
  const facts = analysis.facts.filter((f): f is Fact => f.path.length > 1 && ctx.citable.has(pathKey(f.path)));
  for (const f of facts) {
    const lead = documentText.slice(Math.max(0, f.start - 16), f.start).replace(/^[^\u4e00-\u9fff]+/, "").replace(/\s+/g, "");
    const statement = `文件明确，${lead}${f.text}。`;
    const at = statement.length - 1 - f.text.length;
    correct++;
    const ok = run(qa(statement, [f.path]));
    if (ok.some((m) => m.blocking)) {
      falsePositive++;
      falsePositives.push(`${path.basename(file)} ${f.text}: ${ok.filter((m) => m.blocking).map((m) => m.rule).join(",")}`);
    }
    const variants: Planted[] = [];
    if (f.kind !== "date" && f.kind !== "deadline" && typeof f.value === "number" && /\d/.test(f.text)) {
      let v = Math.round(f.value * 3 + 7);
      while (analysis.facts.some((g) => g.unit === f.unit && g.value === v)) v++;
      const wrong = f.text.replace(/\d+(\.\d+)?/, String(v));
      variants.push({ kind: "figure", answer: `文件明确，${lead}${wrong}。`, clauses: [f.path], span: [at, at + wrong.length], marks: ["figure", "count"] });
    }
    if (f.kind === "date" || f.kind === "deadline") {
      const wrong = shiftMonth(f.text);
      if (wrong) variants.push({ kind: "date", answer: `文件明确，${lead}${wrong}。`, clauses: [f.path], span: [at, at + wrong.length], marks: ["date", "figure"] });
    }
    variants.push({ kind: "citation-unknown", answer: statement, clauses: [["附件9", "十、", "（二十）"]], span: null, marks: ["citation"] });
    const other = units.find((u) => !f.path.slice(0, u.path.length).every((m, i) => m === u.path[i]) && !u.path.slice(0, f.path.length).every((m, i) => m === f.path[i]));
    if (other && f.kind !== "date") variants.push({ kind: "citation-wrong", answer: statement, clauses: [other.path], span: [at, at + f.text.length], marks: ["citation"] });
    for (const p of variants) {
      planted[p.kind].n++;
      if (caught(run(qa(p.answer, p.clauses)), p)) planted[p.kind].marked++;
      else missed.push(`${path.basename(file)} ${p.kind}: ${p.answer.slice(0, 60)}`);
    }
  }
  // invented titles (a model naming a document the notice never mentions)
  for (const title of ["《关于进一步优化营商环境的若干措施》", "《政务公开条例实施细则》", "《数字政府建设三年行动方案》"]) {
    const answer = `这项工作依据${title}开展。`;
    const p: Planted = { kind: "title", answer, clauses: [units[0]?.path ?? ["正文"]], span: [answer.indexOf("《"), answer.indexOf("》") + 1], marks: ["title"] };
    planted.title.n++;
    if (caught(run(qa(p.answer, p.clauses)), p)) planted.title.marked++;
    else missed.push(`${path.basename(file)} title: ${answer}`);
  }
}

const totalPlanted = Object.values(planted).reduce((s, x) => s + x.n, 0);
const totalMarked = Object.values(planted).reduce((s, x) => s + x.marked, 0);

// 2. A full first draft through the scripted model (a real SQLite file, the real drafting run)
const { openDatabase, setDb } = await import("../../app/db/client.server.ts");
const { runMigrations } = await import("../../app/db/migrate.server.ts");
const { seedDemo } = await import("../../app/seed/seed.server.ts");
const { seedAnalyzer } = await import("../../app/seed/seed-analyzer.server.ts");
const { loadUser } = await import("../../app/models/auth.server.ts");
const { draftingScope } = await import("../../app/features/ai-drafting/context.server.ts");
const { runDraft } = await import("../../app/features/ai-drafting/drafting.server.ts");
const { ModelRateLimiter } = await import("../../app/features/ai-drafting/rate-limit.server.ts");
const { scriptedLlmConfig, startScriptedModelServer } = await import("../helpers/openai-server.ts");
const { boshanScript } = await import("../helpers/ai-script.ts");

const dir = mkdtempSync(path.join(tmpdir(), "jiedu-bench-ai-"));
const db = openDatabase(path.join(dir, "bench.db"));
setDb(db);
runMigrations(db);
await seedDemo(db, { analyze: await seedAnalyzer() });
const model = await startScriptedModelServer(boshanScript({ chunk: 64, delayMs: 0 }));
const docId = Number(db.$client.prepare("select id from documents where index_no = 'zfb/2020-00045'").pluck().get());
const user = loadUser(Number(db.$client.prepare("select id from users where username = 'drafter'").pluck().get()));
if (!user) throw new Error("seed: drafter missing");
const llm = scriptedLlmConfig(model.baseUrl, { model: "bench", apiKey: null, connectTimeoutMs: 5_000, idleTimeoutMs: 5_000, maxRetries: 0, userRequestsPerHour: 10_000 });
const draftMs: number[] = [];
let suggestions = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const scope = await draftingScope(db, user, docId);
  let n = 0;
  await runDraft(db, { llm, limiter: new ModelRateLimiter(() => 10_000), user, scope, signal: new AbortController().signal, emit: (e) => {
      if (e.type === "suggestions") n += e.items.length;
    },
  });
  draftMs.push(performance.now() - t0);
  suggestions = n;
}
await model.stop();
db.$client.close();
rmSync(dir, { recursive: true, force: true });

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;
const figures = {
  documents: DOCUMENTS.length,
  planted: totalPlanted,
  marked: totalMarked,
  markedShare: round(totalMarked / totalPlanted),
  byKind: Object.fromEntries(Object.entries(planted).map(([k, v]) => [k, { planted: v.n, marked: v.marked, share: round(v.n ? v.marked / v.n : 1) }])),
  correctClaims: correct,
  falsePositives: falsePositive,
  falsePositiveShare: round(falsePositive / Math.max(1, correct)),
  verifyMedianMs: round(percentile(verifyMs, 50), 2),
  verifyP95Ms: round(percentile(verifyMs, 95), 2),
  fullDraftTasks: 12,
  fullDraftSuggestions: suggestions,
  fullDraftOverheadMedianMs: Math.round(percentile(draftMs, 50)),
  target: { markedShare: 0.95 },
};
if (missed.length) console.log(`not marked (${missed.length}):\n  ${missed.slice(0, 20).join("\n  ")}`);
if (falsePositives.length) console.log(`false positives (${falsePositives.length}):\n  ${falsePositives.slice(0, 20).join("\n  ")}`);
console.log(JSON.stringify(figures));
