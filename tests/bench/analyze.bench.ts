/**
 * Benchmark: time to analyse a 100,000-character document (the two fixtures repeated).
 * Run with `npm run bench:analyze`. Prints per-run times, the median and p95, and ends with one
 * JSON line of the figures. Target: median ≤ 200 ms.
 */
import { performance } from "node:perf_hooks";
import { fixtureDocument, percentile } from "./common.ts";
import { analyzeDocument } from "../../app/domain/analysis/index.ts";

const TARGET_CHARS = 100_000;
const TARGET_MS = 200;
const WARMUP = 3;
const RUNS = 15;


const doc = fixtureDocument(TARGET_CHARS);

for (let i = 0; i < WARMUP; i++) analyzeDocument(doc);
const times: number[] = [];
let facts = 0;
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  const a = analyzeDocument(doc);
  const ms = performance.now() - t0;
  facts = a.facts.length;
  times.push(ms);
  console.log(`run ${String(i + 1).padStart(2)}: ${ms.toFixed(1)} ms`);
}
const sorted = [...times].sort((a, b) => a - b);
const medianMs = Number(percentile(sorted, 50).toFixed(1));
const p95Ms = Number(percentile(sorted, 95).toFixed(1));
console.log(`文档 ${doc.length} 字符，数据 ${facts} 处；中位数 ${medianMs} ms，p95 ${p95Ms} ms，目标 ≤ ${TARGET_MS} ms`);
console.log(JSON.stringify({ chars: doc.length, runs: RUNS, facts, medianMs, p95Ms, targetMs: TARGET_MS, withinTarget: medianMs <= TARGET_MS }));
