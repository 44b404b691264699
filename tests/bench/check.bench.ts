/**
 * Benchmark: 审校 of a package with 50 Q&A (plus text sections, two charts and a case) against a
 * 100,000-character document (the two fixtures repeated). Run with `npm run bench:check`.
 *
 * "per save" is what runs on every save of the interpretation: build the interpretation text and
 * run every rule, with the document's analysis and index prepared (the app stores the analysis
 * and caches the index per document version). "cold" adds preparing the document index. The
 * document analysis itself is measured by `npm run bench:analyze`. Target: per-save median
 * ≤ 100 ms. Ends with one JSON line of the figures.
 */
import { performance } from "node:perf_hooks";
import { fixtureDocument, percentile } from "./common.ts";
import { analyzeDocument } from "../../app/domain/analysis/index.ts";
import { packageContentInterpretation, prepareDocument, runChecks } from "../../app/domain/checks/index.ts";
import { type PackageContent, emptyPackageContent } from "../../app/domain/package/content.ts";
import { XIHAIAN_PACKAGE } from "~/seed/seed-workflow.server.ts";

const TARGET_CHARS = 100_000;
const TARGET_MS = 100;
const QA_COUNT = 50;
const WARMUP = 3;
const RUNS = 20;

const doc = fixtureDocument(TARGET_CHARS);

const ANSWERS = [
  "新区将集中公开497项涉企惠企政策，企业可以在政府网站统一查询申请条件和办理流程，截止2020年底完成。",
  "各单位对照26个试点领域标准指引，在2020年9月底前编制完成本级标准目录，咨询电话13812341234。",
  "考核采取日常考核和第三方评估相结合的方式，日常考核30分，第三方评估70分，主要有三个方面：一是解读；二是公开。",
  "《2020年青岛西海岸新区政务公开要点》共分为5个部分、16项具体工作举措，推进法制政府建设。",
  "重点做好295项改革任务、162项高频民生服务事项的信息公开，方便企业和群众查询办理，文号为青西新管办发[2020]84号。",
];
const content: PackageContent = {
  ...emptyPackageContent(),
  ...XIHAIAN_PACKAGE,
  qa: Array.from({ length: QA_COUNT }, (_, i) => ({
    question: `第${i + 1}个问题：这项政策和我有什么关系？`,
    answer: `${ANSWERS[i % ANSWERS.length]}${"政策实施后，群众办事更加方便，企业获得感进一步增强。".repeat(3)}`,
    clauseRefs: [],
  })),
};

const analysis = analyzeDocument(doc);
const coldStart = performance.now();
const index = prepareDocument(analysis);
const prepareMs = performance.now() - coldStart;

let findings = 0;
const times: number[] = [];
for (let i = 0; i < WARMUP + RUNS; i++) {
  const t0 = performance.now();
  const result = runChecks(packageContentInterpretation(content), { document: index, referenceYear: 2020 });
  const ms = performance.now() - t0;
  findings = result.length;
  if (i >= WARMUP) times.push(ms);
}
const interpretationChars = packageContentInterpretation(content).text.length;
const sorted = [...times].sort((a, b) => a - b);
const median = percentile(sorted, 50);
const p95 = percentile(sorted, 95);

console.log(`document: ${doc.length} chars, ${analysis.facts.length} figures; interpretation: ${interpretationChars} chars, ${QA_COUNT} Q&A`);
console.log(`prepare document index (once per document version): ${prepareMs.toFixed(1)} ms`);
console.log(`per save, ${RUNS} runs: ${times.map((t) => t.toFixed(1)).join(" ")} ms`);
console.log(`median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, cold (prepare + check) ${(prepareMs + median).toFixed(1)} ms, ${findings} findings`);
console.log(`target median ≤ ${TARGET_MS} ms: ${median <= TARGET_MS ? "met" : "NOT met"}`);
console.log(
  JSON.stringify({
    bench: "check",
    documentChars: doc.length,
    interpretationChars,
    qa: QA_COUNT,
    findings,
    runs: RUNS,
    prepareMs: Number(prepareMs.toFixed(1)),
    medianMs: Number(median.toFixed(1)),
    p95Ms: Number(p95.toFixed(1)),
    coldMs: Number((prepareMs + median).toFixed(1)),
    targetMs: TARGET_MS,
    met: median <= TARGET_MS,
  }),
);
