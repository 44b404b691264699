/**
 * The intake suggestion corpus: documents with a hand-written `<name>.expected.json` (format in
 * tests/fixtures/intake/README.md), scored against what `analyzeDocument` suggests.
 *
 * Map of one document's score:
 *   1. key figures   — each expected figure is looked for among the suggestions by value and unit
 *                      (a suggestion whose label carries the figure's keywords is preferred);
 *                      found / missing; its label exact or acceptable (see `labelVerdict`); a
 *                      suggestion matching no expected or optional figure is spurious.
 *   2. timeline      — the same by date: recall on the expected steps, precision over all suggested
 *                      steps (optional steps count as right), labels judged like key-figure labels.
 *   3. charts        — timeline charts are left to (2). Each expected chart is compared with the
 *                      suggested chart of its family (bar/hbar, grouped-bar/grouped-hbar) that
 *                      shares most cells; a cell matches on value, label and (grouped) series, each
 *                      series name going to the expected series whose alternative it contains
 *                      longest ("非寄宿生" → 非寄宿生, not 寄宿生). Correct = every expected cell,
 *                      no other cell, no empty label or series. A chart with an empty label or
 *                      series, or a label keeping a list marker, is broken.
 *   4. questions     — natural = at most 30 characters, ends with ？, no list marker, no bare title
 *                      and no 《…》 of 15 characters or more or naming one of the document's own
 *                      titles (its title, a part's, an attachment's: 《…申请表》出台的背景 is wrong twice).
 *   5. counts        — a draft answer saying "共N个方面/部分" must enumerate N items (一是…) and, for
 *                      the 主要内容 answer, N must be the number of top-level parts of the body.
 *   6. self-check    — the draft the editor would create from these suggestions ("从文件生成初稿")
 *                      is run through 审校 against the document; every error is the tool
 *                      contradicting itself.
 *
 * Label verdicts. `normal(s)`: NFKC (full-width brackets become ASCII), whitespace and "的" removed.
 *   exact      — normal(label) equals normal(expected label);
 *   acceptable — exact, or readable and carrying every keyword (each an "a|b" list of
 *                alternatives, one of which must occur) and none of `exclude`;
 *   readable   — 2–24 characters (timeline: 2–30), no leading list marker or punctuation, balanced
 *                brackets and quotes, not ending on a dangling word (为, 是, 按, 由, 的, 和, 每人每月,
 *                每年, 不低于, 最高, 约 …), no figure with its unit inside (the value is shown beside the
 *                label), and for timeline labels no date inside.
 */
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { analyzeDocument } from "~/domain/analysis";
import type { Analysis, ChartSuggestion } from "~/domain/analysis/types";
import { prepareDocument, runChecks } from "~/domain/checks";
import { packageContentInterpretation } from "~/domain/checks/interpretation-text";
import { emptyPackageContent } from "~/domain/package/content";
import { mergeSuggestions } from "~/domain/package/suggestions";

const ROOT = resolve(import.meta.dirname, "../..");
const CORPUS_DIRS = ["tests/fixtures/intake", "tests/fixtures/documents"];

const figureSchema = z.object({
  value: z.number(),
  unit: z.string(),
  label: z.string().optional(),
  keywords: z.array(z.string()).default([]),
  exclude: z.array(z.string()).default([]),
});
const stepSchema = z.object({
  date: z.string(),
  label: z.string().optional(),
  keywords: z.array(z.string()).default([]),
});
const chartSchema = z.object({
  type: z.enum(["bar", "hbar", "grouped-bar", "grouped-hbar", "donut"]),
  title: z.string().optional(),
  unit: z.string().optional(),
  data: z.array(z.object({ label: z.string(), series: z.string().optional(), value: z.number() })),
});
const expectedSchema = z.object({
  document: z.string(),
  set: z.enum(["blind", "seen", "tuned", "blind2"]),
  kind: z.string(),
  policyNames: z.array(z.string()).min(1),
  outlineParts: z.union([z.number(), z.array(z.number())]),
  keyFigures: z.array(figureSchema),
  optionalKeyFigures: z.array(figureSchema).default([]),
  timeline: z.array(stepSchema),
  optionalTimeline: z.array(stepSchema).default([]),
  charts: z.array(chartSchema),
  questions: z.array(z.string()).default([]),
});
export type IntakeExpectation = z.infer<typeof expectedSchema> & { id: string };
type ExpectedFigure = z.infer<typeof figureSchema>;
type ExpectedStep = z.infer<typeof stepSchema>;
type ExpectedChart = z.infer<typeof chartSchema>;

export function loadIntakeCorpus(): IntakeExpectation[] {
  const out: IntakeExpectation[] = [];
  for (const dir of CORPUS_DIRS) {
    for (const name of readdirSync(resolve(ROOT, dir)).sort()) {
      if (!name.endsWith(".expected.json")) continue;
      const parsed = expectedSchema.safeParse(JSON.parse(readFileSync(resolve(ROOT, dir, name), "utf8")));
      if (!parsed.success) throw new Error(`${dir}/${name}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
      out.push({ ...parsed.data, id: name.replace(/\.expected\.json$/, "") });
    }
  }
  return out;
}

// ---------------------------------------------------------------- label rules

export function normal(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "").replace(/的/g, "");
}
const alternatives = (s: string): string[] => s.split("|").map(normal).filter(Boolean);
const hasAlternative = (label: string, spec: string): boolean => alternatives(spec).some((a) => label.includes(a));

const LIST_MARKER = /^(（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十]+、|\d+[.、．]|[①-⑳])/;
const DANGLING_END = /(为|是|按|达到|达|由|从|的|和|及|与|或|、|，|,|：|:|；|每人每月|每人每年|每生每年|每月|每年|每人|每户|每亩|每件|不低于|不超过|不少于|最高|最低|约|给予|按每人|标准为|分别为|提高到|调整为)$/;
const LEADING_JUNK = /^([，。、；：,.;:）)]|的|和|及|并|且|其中)/;
const FIGURE_INSIDE = /\d+(\.\d+)?\s*(元|万元|亿元|%|％|亩|万亩|人|万人|户|项|个|平方米|吨)/;
const DATE_INSIDE = /(\d{4}年)?\d{1,2}月(\d{1,2}日|底|中旬|上旬|下旬)|年底前|\d{4}-\d{2}-\d{2}/;
const PAIRS: [string, string][] = [
  ["（", "）"],
  ["(", ")"],
  ["《", "》"],
  ["“", "”"],
  ["〔", "〕"],
];

function balanced(s: string): boolean {
  return PAIRS.every(([open, close]) => {
    let depth = 0;
    for (const ch of s) {
      if (ch === open) depth++;
      else if (ch === close && --depth < 0) return false;
    }
    return depth === 0;
  });
}

/** Why a label is not readable, or null. */
export function unreadable(label: string, kind: "figure" | "step" = "figure"): string | null {
  const s = label.trim();
  const max = kind === "figure" ? 24 : 30;
  if (s.length < 2) return "too short";
  if (s.length > max) return `longer than ${max}`;
  if (LIST_MARKER.test(s)) return "list marker";
  if (LEADING_JUNK.test(s)) return "leading fragment";
  if (!balanced(s)) return "unbalanced brackets";
  if (DANGLING_END.test(s)) return "dangling end";
  if (kind === "figure" && FIGURE_INSIDE.test(s)) return "figure inside";
  if (kind === "step" && DATE_INSIDE.test(s)) return "date inside";
  return null;
}

export type LabelVerdict = "exact" | "acceptable" | "poor";

export function labelVerdict(label: string, expected: { label?: string; keywords: string[]; exclude?: string[] }, kind: "figure" | "step" = "figure"): LabelVerdict {
  const n = normal(label);
  if (expected.label && n === normal(expected.label)) return "exact";
  if (unreadable(label, kind)) return "poor";
  if (!keywordsOk(n, expected)) return "poor";
  return "acceptable";
}

function keywordsOk(n: string, expected: { keywords: string[]; exclude?: string[] }): boolean {
  return expected.keywords.every((k) => hasAlternative(n, k)) && !(expected.exclude ?? []).some((x) => n.includes(normal(x)));
}

// ---------------------------------------------------------------- scoring

export type FigureScore = {
  expected: number;
  found: number;
  exact: number;
  acceptable: number;
  suggested: number;
  spurious: number;
  unreadable: number;
  missing: string[];
  poorLabels: string[];
  spuriousList: string[];
};
export type TimelineScore = {
  expected: number;
  found: number;
  suggested: number;
  right: number;
  acceptable: number;
  missing: string[];
  wrong: string[];
  poorLabels: string[];
};
export type ChartScore = {
  expected: number;
  correct: number;
  groupedExpected: number;
  groupedCorrect: number;
  cellsExpected: number;
  cellsMatched: number;
  suggested: number;
  broken: number;
  spurious: number;
  notes: string[];
};
/** `namesPolicy`: natural questions that call the policy by one of its short names */
export type QuestionScore = { total: number; natural: number; tooLong: number; withTitle: number; namesPolicy: number; bad: string[] };
export type CountScore = { claims: number; consistent: number; notes: string[] };
export type DocumentScore = {
  id: string;
  set: string;
  keyFigures: FigureScore;
  timeline: TimelineScore;
  charts: ChartScore;
  questions: QuestionScore;
  counts: CountScore;
  selfCheckErrors: string[];
};

const numberEq = (a: number, b: number) => Math.abs(a - b) < 1e-9;
const parseValue = (v: string | number): number => (typeof v === "number" ? v : Number(String(v).replace(/,/g, "")));
const unitOk = (got: string, spec: string) => alternatives(spec).includes(normal(got));

function scoreKeyFigures(e: IntakeExpectation, a: Analysis): FigureScore {
  const suggested = a.suggestions.keyFigures;
  const used = new Set<number>();
  const take = (f: ExpectedFigure, needKeywords: boolean): number => {
    const candidates = suggested.map((s, i) => ({ s, i })).filter(({ s, i }) => !used.has(i) && numberEq(parseValue(s.value), f.value) && unitOk(s.unit, f.unit));
    const preferred = candidates.find(({ s }) => keywordsOk(normal(s.label), f)) ?? (needKeywords ? undefined : candidates[0]);
    if (!preferred) return -1;
    used.add(preferred.i);
    return preferred.i;
  };
  const score: FigureScore = { expected: e.keyFigures.length, found: 0, exact: 0, acceptable: 0, suggested: suggested.length, spurious: 0, unreadable: 0, missing: [], poorLabels: [], spuriousList: [] };
  for (const f of e.keyFigures) {
    const i = take(f, false);
    if (i < 0) {
      score.missing.push(`${f.value}${f.unit.split("|")[0]} ${f.label ?? ""}`);
      continue;
    }
    score.found++;
    const verdict = labelVerdict(suggested[i].label, f);
    if (verdict === "exact") score.exact++;
    if (verdict !== "poor") score.acceptable++;
    else score.poorLabels.push(`${suggested[i].value}${suggested[i].unit} “${suggested[i].label}” (want ${f.label ?? f.keywords.join("+")})`);
  }
  for (const f of e.optionalKeyFigures) take(f, f.keywords.length > 0);
  suggested.forEach((s, i) => {
    if (unreadable(s.label)) score.unreadable++;
    if (!used.has(i)) {
      score.spurious++;
      score.spuriousList.push(`${s.value}${s.unit} “${s.label}”`);
    }
  });
  return score;
}

function scoreTimeline(e: IntakeExpectation, a: Analysis): TimelineScore {
  const suggested = a.suggestions.timeline;
  const used = new Set<number>();
  const take = (step: ExpectedStep): number => {
    const candidates = suggested.map((s, i) => ({ s, i })).filter(({ s, i }) => !used.has(i) && s.date === step.date);
    const preferred = candidates.find(({ s }) => keywordsOk(normal(s.label), step)) ?? candidates[0];
    if (!preferred) return -1;
    used.add(preferred.i);
    return preferred.i;
  };
  const score: TimelineScore = { expected: e.timeline.length, found: 0, suggested: suggested.length, right: 0, acceptable: 0, missing: [], wrong: [], poorLabels: [] };
  for (const step of e.timeline) {
    const i = take(step);
    if (i < 0) {
      score.missing.push(`${step.date} ${step.label ?? ""}`);
      continue;
    }
    score.found++;
    if (labelVerdict(suggested[i].label, step, "step") !== "poor") score.acceptable++;
    else score.poorLabels.push(`${suggested[i].date} “${suggested[i].label}” (want ${step.label ?? step.keywords.join("+")})`);
  }
  for (const step of e.optionalTimeline) take(step);
  suggested.forEach((s, i) => {
    if (used.has(i)) score.right++;
    else score.wrong.push(`${s.date} “${s.label}”`);
  });
  return score;
}

const family = (t: string) => (t.startsWith("grouped") ? "grouped" : t === "donut" ? "donut" : "bar");

/** Each suggested series name → the expected series whose alternative it contains longest. */
function seriesAssignment(expectedSeries: string[], suggestedSeries: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const got of new Set(suggestedSeries)) {
    const n = normal(got);
    let best: { spec: string; len: number } | null = null;
    for (const spec of new Set(expectedSeries)) {
      for (const alt of alternatives(spec)) if (n.includes(alt) && (!best || alt.length > best.len)) best = { spec, len: alt.length };
    }
    if (best) out.set(got, best.spec);
  }
  return out;
}

function cellMatches(chart: ExpectedChart, s: ChartSuggestion): number {
  const grouped = family(chart.type) === "grouped";
  const assign = grouped ? seriesAssignment(chart.data.map((d) => d.series ?? ""), s.data.map((d) => d.series ?? "")) : new Map<string, string>();
  const used = new Set<number>();
  let matched = 0;
  for (const cell of chart.data) {
    const i = s.data.findIndex(
      (d, j) => !used.has(j) && numberEq(parseValue(d.value), cell.value) && hasAlternative(normal(d.label), cell.label) && (!grouped || assign.get(d.series ?? "") === cell.series),
    );
    if (i >= 0) {
      used.add(i);
      matched++;
    }
  }
  return matched;
}

function brokenReason(s: ChartSuggestion): string | null {
  if (s.data.some((d) => !d.label.trim())) return "empty label";
  if (family(s.type) === "grouped" && s.data.some((d) => !d.series?.trim())) return "empty series";
  if (s.data.some((d) => LIST_MARKER.test(d.label.trim()))) return "label with list marker";
  return null;
}

function scoreCharts(e: IntakeExpectation, a: Analysis): ChartScore {
  const suggested = a.suggestions.charts.filter((c) => c.type !== "timeline");
  const score: ChartScore = {
    expected: e.charts.length,
    correct: 0,
    groupedExpected: e.charts.filter((c) => family(c.type) === "grouped").length,
    groupedCorrect: 0,
    cellsExpected: 0,
    cellsMatched: 0,
    suggested: suggested.length,
    broken: 0,
    spurious: 0,
    notes: [],
  };
  const matchedCharts = new Set<number>();
  for (const chart of e.charts) {
    score.cellsExpected += chart.data.length;
    let best = { i: -1, matched: 0 };
    suggested.forEach((s, i) => {
      if (family(s.type) !== family(chart.type)) return;
      const m = cellMatches(chart, s);
      if (m > best.matched) best = { i, matched: m };
    });
    score.cellsMatched += best.matched;
    if (best.i < 0) {
      score.notes.push(`missing ${chart.type} “${chart.title ?? ""}”`);
      continue;
    }
    matchedCharts.add(best.i);
    const s = suggested[best.i];
    const broken = brokenReason(s);
    const correct = best.matched === chart.data.length && s.data.length === chart.data.length && !broken;
    if (correct) {
      score.correct++;
      if (family(chart.type) === "grouped") score.groupedCorrect++;
    } else {
      score.notes.push(
        `${chart.type} “${chart.title ?? ""}”: ${best.matched}/${chart.data.length} cells, suggested ${s.type} “${s.title}” [${s.data.map((d) => `${d.series ? `${d.series}/` : ""}${d.label}=${d.value}`).join(", ")}]${broken ? ` (${broken})` : ""}`,
      );
    }
  }
  suggested.forEach((s, i) => {
    const broken = brokenReason(s);
    if (broken) score.broken++;
    if (!matchedCharts.has(i)) {
      score.spurious++;
      score.notes.push(`unexpected ${s.type} “${s.title}” [${s.data.map((d) => `${d.series ? `${d.series}/` : ""}${d.label}=${d.value}`).join(", ")}]${broken ? ` (${broken})` : ""}`);
    }
  });
  return score;
}

function scoreQuestions(e: IntakeExpectation, a: Analysis): QuestionScore {
  const title = normal(a.meta.title ?? "");
  // the document's own titles: its title, each part's (a cover notice wraps attached documents), each attachment's
  const titles = new Set([title, ...a.parts.map((p) => normal(p.title)), ...a.meta.attachments.map(normal)].filter((t) => t.length > 0));
  const score: QuestionScore = { total: 0, natural: 0, tooLong: 0, withTitle: 0, namesPolicy: 0, bad: [] };
  for (const q of a.suggestions.qa) {
    score.total++;
    const text = q.question.trim();
    const n = normal(text);
    const tooLong = [...text].length > 30;
    const quoted = [...text.matchAll(/《([^》]*)》/g)].map((m) => normal(m[1]));
    const withTitle = (title.length >= 6 && n.includes(title)) || quoted.some((t) => t.length >= 15 || titles.has(t) || (title.length > 0 && title.endsWith(t)));
    const natural = !tooLong && !withTitle && /[？?]$/.test(text) && !LIST_MARKER.test(text);
    if (tooLong) score.tooLong++;
    if (withTitle) score.withTitle++;
    if (natural) score.natural++;
    else score.bad.push(text);
    if (natural && e.policyNames.some((p) => n.includes(normal(p)))) score.namesPolicy++;
  }
  return score;
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
function countValue(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.length === 1) return CN_DIGITS[s] ?? Number.NaN;
  if (s.startsWith("十")) return 10 + (CN_DIGITS[s[1]] ?? 0);
  if (s.endsWith("十")) return (CN_DIGITS[s[0]] ?? 0) * 10;
  return (CN_DIGITS[s[0]] ?? 0) * 10 + (CN_DIGITS[s[2]] ?? 0);
}

function scoreCounts(e: IntakeExpectation, a: Analysis): CountScore {
  const allowed = Array.isArray(e.outlineParts) ? e.outlineParts : [e.outlineParts];
  const score: CountScore = { claims: 0, consistent: 0, notes: [] };
  for (const q of a.suggestions.qa) {
    for (const m of q.answer.matchAll(/共(?:分为)?([\d一二两三四五六七八九十]+)(?:个)?(方面|部分|章|类|项)/g)) {
      score.claims++;
      const n = countValue(m[1]);
      const enumerated = [...q.answer.matchAll(/[一二三四五六七八九十]+是/g)].length;
      const problems: string[] = [];
      if (enumerated > 0 && enumerated !== n) problems.push(`enumerates ${enumerated}`);
      if (q.topic === "主要任务" && (m[2] === "方面" || m[2] === "部分" || m[2] === "章") && !allowed.includes(n)) problems.push(`document has ${allowed.join(" or ")} parts`);
      if (problems.length) score.notes.push(`${q.topic}: “${m[0]}” but ${problems.join(", ")}`);
      else score.consistent++;
    }
  }
  return score;
}

function selfCheck(a: Analysis): string[] {
  const draft = mergeSuggestions(emptyPackageContent(), a).content;
  const year = Number((a.meta.date ?? "").slice(0, 4)) || undefined;
  const findings = runChecks(packageContentInterpretation(draft), { document: prepareDocument(a), referenceYear: year });
  return findings.filter((f) => f.severity === "error").map((f) => `${f.rule} “${f.excerpt}”${f.expected ? ` → ${f.expected}` : ""} (${f.field ?? ""})`);
}

export function analyzeExpected(e: IntakeExpectation): Analysis {
  return analyzeDocument(readFileSync(resolve(ROOT, e.document), "utf8"));
}

export function scoreDocument(e: IntakeExpectation, a: Analysis = analyzeExpected(e)): DocumentScore {
  return {
    id: e.id,
    set: e.set,
    keyFigures: scoreKeyFigures(e, a),
    timeline: scoreTimeline(e, a),
    charts: scoreCharts(e, a),
    questions: scoreQuestions(e, a),
    counts: scoreCounts(e, a),
    selfCheckErrors: selfCheck(a),
  };
}

// ---------------------------------------------------------------- totals and printing

export type IntakeFigures = {
  documents: number;
  keyFigures: { expected: number; found: number; recall: number; labelAcceptable: number; labelExact: number; suggested: number; spurious: number; precision: number; unreadable: number };
  timeline: { expected: number; found: number; recall: number; suggested: number; right: number; precision: number; labelAcceptable: number };
  charts: { expected: number; correct: number; groupedExpected: number; groupedCorrect: number; cellRecall: number; broken: number; spurious: number };
  questions: { total: number; natural: number; naturalRate: number; tooLong: number; withTitle: number; namesPolicy: number };
  counts: { claims: number; inconsistent: number };
  selfCheckErrors: number;
};

const ratio = (a: number, b: number) => (b === 0 ? 1 : Number((a / b).toFixed(3)));
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

export function totals(scores: DocumentScore[]): IntakeFigures {
  const k = (f: (s: DocumentScore) => number) => sum(scores.map(f));
  const kf = { expected: k((s) => s.keyFigures.expected), found: k((s) => s.keyFigures.found), suggested: k((s) => s.keyFigures.suggested), spurious: k((s) => s.keyFigures.spurious) };
  const tl = { expected: k((s) => s.timeline.expected), found: k((s) => s.timeline.found), suggested: k((s) => s.timeline.suggested), right: k((s) => s.timeline.right) };
  return {
    documents: scores.length,
    keyFigures: {
      ...kf,
      recall: ratio(kf.found, kf.expected),
      labelAcceptable: ratio(k((s) => s.keyFigures.acceptable), kf.found),
      labelExact: ratio(k((s) => s.keyFigures.exact), kf.found),
      precision: ratio(kf.suggested - kf.spurious, kf.suggested),
      unreadable: k((s) => s.keyFigures.unreadable),
    },
    timeline: { ...tl, recall: ratio(tl.found, tl.expected), precision: ratio(tl.right, tl.suggested), labelAcceptable: ratio(k((s) => s.timeline.acceptable), tl.found) },
    charts: {
      expected: k((s) => s.charts.expected),
      correct: k((s) => s.charts.correct),
      groupedExpected: k((s) => s.charts.groupedExpected),
      groupedCorrect: k((s) => s.charts.groupedCorrect),
      cellRecall: ratio(k((s) => s.charts.cellsMatched), k((s) => s.charts.cellsExpected)),
      broken: k((s) => s.charts.broken),
      spurious: k((s) => s.charts.spurious),
    },
    questions: {
      total: k((s) => s.questions.total),
      natural: k((s) => s.questions.natural),
      naturalRate: ratio(k((s) => s.questions.natural), k((s) => s.questions.total)),
      tooLong: k((s) => s.questions.tooLong),
      withTitle: k((s) => s.questions.withTitle),
      namesPolicy: k((s) => s.questions.namesPolicy),
    },
    counts: { claims: k((s) => s.counts.claims), inconsistent: k((s) => s.counts.claims - s.counts.consistent) },
    selfCheckErrors: k((s) => s.selfCheckErrors.length),
  };
}

export function formatDocument(s: DocumentScore, verbose = true): string {
  const f = s.keyFigures;
  const t = s.timeline;
  const c = s.charts;
  const q = s.questions;
  const lines = [
    `${s.id} [${s.set}]: figures ${f.found}/${f.expected} (labels ok ${f.acceptable}, exact ${f.exact}; ${f.spurious}/${f.suggested} spurious, ${f.unreadable} unreadable) · timeline ${t.found}/${t.expected} (precision ${t.right}/${t.suggested}, labels ok ${t.acceptable}) · charts ${c.correct}/${c.expected} (grouped ${c.groupedCorrect}/${c.groupedExpected}, cells ${c.cellsMatched}/${c.cellsExpected}, ${c.broken} broken, ${c.spurious} unexpected) · questions natural ${q.natural}/${q.total} · counts ${s.counts.consistent}/${s.counts.claims} · self-check errors ${s.selfCheckErrors.length}`,
  ];
  if (!verbose) return lines[0];
  const add = (label: string, xs: string[]) => {
    for (const x of xs) lines.push(`    ${label} ${x}`);
  };
  add("missing figure", f.missing);
  add("poor label", f.poorLabels);
  add("spurious figure", f.spuriousList);
  add("missing step", t.missing);
  add("wrong step", t.wrong);
  add("poor step label", t.poorLabels);
  add("chart", c.notes);
  add("question", q.bad);
  add("count", s.counts.notes);
  add("self-check", s.selfCheckErrors);
  return lines.join("\n");
}

export function formatTotals(name: string, t: IntakeFigures): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return [
    `== ${name} (${t.documents} documents)`,
    `key figures: recall ${pct(t.keyFigures.recall)} (${t.keyFigures.found}/${t.keyFigures.expected}), labels acceptable ${pct(t.keyFigures.labelAcceptable)}, exact ${pct(t.keyFigures.labelExact)}, precision ${pct(t.keyFigures.precision)} (${t.keyFigures.spurious} spurious of ${t.keyFigures.suggested}), ${t.keyFigures.unreadable} unreadable labels`,
    `timeline: recall ${pct(t.timeline.recall)} (${t.timeline.found}/${t.timeline.expected}), precision ${pct(t.timeline.precision)} (${t.timeline.right}/${t.timeline.suggested}), labels acceptable ${pct(t.timeline.labelAcceptable)}`,
    `charts: ${t.charts.correct}/${t.charts.expected} correct, grouped ${t.charts.groupedCorrect}/${t.charts.groupedExpected}, cell recall ${pct(t.charts.cellRecall)}, ${t.charts.broken} broken, ${t.charts.spurious} unexpected`,
    `questions: ${t.questions.natural}/${t.questions.total} natural (${pct(t.questions.naturalRate)}), ${t.questions.tooLong} longer than 30, ${t.questions.withTitle} with the full title, ${t.questions.namesPolicy} natural ones name the policy`,
    `counts: ${t.counts.inconsistent} of ${t.counts.claims} "共N个" claims inconsistent · self-check errors on the generated draft: ${t.selfCheckErrors}`,
  ].join("\n");
}
