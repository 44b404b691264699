/**
 * Benchmark: time to analyse a 100,000-character document (the two fixtures repeated), and a
 * hostile 1,000,000-character paste without sentence breaks (every figure's sentence is the whole
 * text, so any per-figure scan of its sentence makes the analysis quadratic).
 * Run with `npm run bench:analyze`. Prints per-run times, the median and p95, and ends with one
 * JSON line of the figures. Target: median ≤ 200 ms for the document.
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

const HOSTILE_CHARS = 1_000_000;
const HOSTILE_RUNS = 3;
const unit = "城市低保标准为每人每月885元（10620元/年），A档885元、";
const hostile = unit.repeat(Math.ceil(HOSTILE_CHARS / unit.length)).slice(0, HOSTILE_CHARS);
const hostileTimes: number[] = [];
for (let i = 0; i < HOSTILE_RUNS; i++) {
  const t0 = performance.now();
  analyzeDocument(hostile);
  hostileTimes.push(performance.now() - t0);
}
const hostileMedianMs = Number(percentile(hostileTimes, 50).toFixed(1));
console.log(`无断句的粘贴 ${hostile.length} 字符：中位数 ${hostileMedianMs} ms`);
console.log(
  JSON.stringify({ chars: doc.length, runs: RUNS, facts, medianMs, p95Ms, targetMs: TARGET_MS, withinTarget: medianMs <= TARGET_MS, hostileChars: hostile.length, hostileMedianMs }),
);
