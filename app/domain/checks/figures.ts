/**
 * Figures, dates and deadlines in the interpretation (prose, Q&A, chart rows, graphic slots)
 * against the document's own figures, extracted by the analysis module's `extractFacts` — the
 * one figure extractor of the app — and described by figure-items.ts (what each figure is about).
 *
 * For each figure of the interpretation, the document's figures of the same group (money in 元,
 * durations in 工作日, counts per measure word, dates) are scored by what they are about: the
 * words of their clauses (rare words weigh more), their contrast markers (城市/农村, A–D 档,
 * 报告书/报告表 …: a different marker rules a figure out), period (每月/每年), role (old value of
 * a change, new value, increase) and position in a list. Then:
 *
 *   the best-scoring item has the same value                  → fine
 *   a different value is clearly the item's (score and margin) → error "文件为 885 元"; the
 *     suggestion is that item's value, never a value another figure of the same sentence
 *     already states (that would make a second error)
 *   related items exist but none clearly is this one           → warning: not found, no suggestion
 *   nothing related in the document                           → info (background facts are fine)
 */
import { describeClausePath } from "~/domain/analysis/clause-path";
import { extractFacts } from "~/domain/analysis/facts";
import { matchMarker } from "~/domain/analysis/markers";
import type { Fact } from "~/domain/analysis/types";
import type { Span } from "./counts";
import type { DocumentIndex } from "./document-index";
import { type FigureItem, buildItems, namedInList } from "./figure-items";
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText, Segment } from "./types";

/** a different value must score at least this to be suggested */
const CONFIDENT = 3;
/** … and beat the next different value by this much */
const MARGIN = 1.5;
/** below this the figure is not about anything in the document (background) */
const RELATED = 2;
const GENERIC_DIMENSIONS = new Set(["datekind", "bound"]);

function overlaps(a: Span, spans: Span[]): boolean {
  return spans.some((s) => a.start < s.end && s.start < a.end);
}

function isDate(f: Pick<Fact, "kind">): boolean {
  return f.kind === "date" || f.kind === "deadline";
}

function describeValue(f: Pick<Fact, "kind" | "value" | "unit" | "text">): string {
  if (isDate(f)) return f.text.replace(/^(到|至|截至|截止到|截止)/, "");
  return f.unit === "%" ? `${f.value}%` : `${f.value} ${f.unit}`;
}

function where(f: Fact): string {
  return f.path.length ? `见${describeClausePath(f.path)}` : "";
}

function sameValue(a: number | string, b: number | string): boolean {
  return typeof a === "number" && typeof b === "number" ? Math.abs(a - b) < 1e-6 : a === b;
}

// ---------------------------------------------------------------------------------------------
// Headings of the interpretation: what a Q&A answer, a chart row or a paragraph is about

function headingLocator(input: InterpretationText): (offset: number) => string {
  const byField = new Map<string, Segment>();
  for (const s of input.segments) byField.set(s.field, s);
  const segText = (field: string) => {
    const s = byField.get(field);
    return s ? input.text.slice(s.start, s.end) : "";
  };
  const lineHeadings: { at: number; end: number; title: string }[] = [];
  for (const s of input.segments) {
    let at = s.start;
    for (const line of input.text.slice(s.start, s.end).split("\n")) {
      const marker = matchMarker(line.trim());
      if (marker) {
        const body = line.trim().slice(marker.marker.length);
        lineHeadings.push({ at, end: s.end, title: body.split(/[。：:；;]/)[0].slice(0, 30) });
      }
      // "二是发放生活补贴。博士研究生每月3000元……": the lead of an enumerated item heads it
      for (const m of line.matchAll(/(?<![一二三四五六七八九十])[一二三四五六七八九十]是([^。：:；;，,]{2,20})[。：:]/g)) {
        lineHeadings.push({ at: at + (m.index ?? 0), end: at + line.length, title: m[1] });
      }
      at += line.length + 1;
    }
  }
  lineHeadings.sort((x, y) => x.at - y.at);
  return (offset) => {
    const field = fieldAt(input.segments, offset) ?? "";
    const bits: string[] = [];
    const qa = /^qa\[(\d+)\]\.answer$/.exec(field);
    if (qa) bits.push(segText(`qa[${qa[1]}].question`));
    const chart = /^charts\[(\d+)\]\.data\[\d+\]$/.exec(field);
    if (chart) bits.push(segText(`charts[${chart[1]}].title`), segText(`charts[${chart[1]}].subtitle`));
    const headings: string[] = [];
    for (const h of lineHeadings) {
      if (h.at > offset) break;
      if (offset < h.end) headings.push(h.title);
    }
    // the nearest line heading and the nearest item lead
    bits.push(...headings.slice(-2));
    return bits.join(" ");
  };
}

/** words that head a worked example, and the stand-in names examples use (王某, 老李) */
const EXAMPLE_HEADING = /例子|举例|案例|算账|算一算|例如|比如|示例/;
const STAND_IN = /[王张李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤]某|老[王张李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢]/;

/** Whether a figure sits in a worked example: a case field, under an example heading, or in a sentence about 王某/老李. */
function isExample(input: InterpretationText, offset: number, heading: string): boolean {
  if (/^cases\[/.test(fieldAt(input.segments, offset) ?? "")) return true;
  if (EXAMPLE_HEADING.test(heading)) return true;
  const from = Math.max(input.text.lastIndexOf("。", offset), input.text.lastIndexOf("\n", offset));
  return STAND_IN.test(input.text.slice(from + 1, offset));
}

// ---------------------------------------------------------------------------------------------
// Scoring

/**
 * `near`: the part of the score from the figures' own clauses (words and markers); `evidence`:
 * how many separate things agree there (word pairs, distinctive markers) — one rare word alone
 * never makes a suggestion
 */
type Scored = { item: FigureItem; score: number; near: number; evidence: number };

/** How surely the document item `d` states the same thing as the interpretation item `a`; null = a different item. */
function score(a: FigureItem, d: FigureItem, weight: (g: string) => number): { score: number; near: number; evidence: number } | null {
  for (const [dim, v] of a.markers) {
    const w = d.markers.get(dim);
    if (w !== undefined && w !== v) return null;
  }
  if (a.period && d.period && a.period !== d.period) return null;
  if ((a.role === "delta") !== (d.role === "delta")) return null;
  let s = 0;
  let near = 0;
  let evidence = 0;
  // a label of the document's list named in the figure's clause says which item it is
  if (d.label) {
    const named = namedInList(a.near, d.label.labels);
    if (named >= 0 && named !== d.label.index) return null;
    if (named >= 0) {
      near += 3;
      evidence += 2;
    }
  }
  // the figures' own clauses identify the item; the sentences and headings around them only help
  for (const g of a.near) {
    if (d.near.has(g)) {
      near += weight(g);
      evidence++;
    } else if (d.wider.has(g)) s += 0.3 * weight(g);
  }
  let context = 0;
  for (const g of a.wider) {
    if (d.near.has(g)) s += 0.3 * weight(g);
    else if (d.wider.has(g)) s += 0.15 * weight(g);
    else continue;
    context++;
  }
  // the headings they stand under (住院待遇 / 门诊待遇) tell apart clauses worded alike
  for (const g of a.heading) {
    if (d.heading.has(g)) s += 0.8 * weight(g);
    else if (d.wider.has(g) || d.near.has(g)) s += 0.2 * weight(g);
    else continue;
    context++;
  }
  // word pairs the sentences and headings around share count for half
  evidence += Math.floor(context / 2);
  for (const [dim, v] of a.markers) {
    if (d.markers.get(dim) !== v) continue;
    // shared generic markers (前/起, 最高/不低于) only break ties; distinctive ones (城市, B档) identify
    if (GENERIC_DIMENSIONS.has(dim)) s += 0.5;
    else if (a.ownMarkers.has(dim) && d.ownMarkers.has(dim)) {
      near += 3;
      evidence += 2;
    } else s += 1.5;
  }
  // the same other figures close by ("3540元以内，即…的4倍" next to "3540元(…的4倍)") tell
  // apart items worded alike; they only back up words that already agree
  let shared = 0;
  for (const n of a.neighbours) if (d.neighbours.has(n)) shared++;
  if (evidence >= 4) near += Math.min(2, shared) * 3;
  if (a.period && a.period === d.period) s += 0.5;
  if (a.saysOld && d.role === "old") s += 2;
  if (!a.saysOld && d.role === "old") s -= 2;
  return { score: s + near, near, evidence };
}

/** Same-length lists that agree everywhere but here: the k-th figure is the document's k-th. */
function positionalBonus(a: FigureItem, own: FigureItem[], doc: DocumentIndex): Map<FigureItem, number> {
  const bonus = new Map<FigureItem, number>();
  if (!a.run) return bonus;
  const mine = own.filter((x) => x.run?.id === a.run?.id);
  for (const run of doc.runs.values()) {
    if (run.length !== mine.length || run[0].key !== a.key) continue;
    let agree = 0;
    for (let i = 0; i < run.length; i++) if (sameValue(run[i].value, mine[i].value)) agree++;
    if (run.length >= 3 && agree >= run.length - 1 && !sameValue(run[a.run.index].value, a.value)) bonus.set(run[a.run.index], 4);
  }
  return bonus;
}

function best(list: Scored[]): Scored | null {
  let top: Scored | null = null;
  for (const c of list) if (!top || c.score > top.score) top = c;
  return top;
}

/**
 * The document item a figure states correctly, if any: its best-scoring item of the same value —
 * only when that item is clearly the one (a figure whose value the document states twice, for two
 * items, claims neither).
 */
function bestExact(x: FigureItem, doc: DocumentIndex): FigureItem | null {
  const same: { item: FigureItem; score: number }[] = [];
  for (const d of doc.itemsByKey.get(x.key) ?? []) {
    if (!sameValue(d.value, x.value) || (d.role === "old" && !x.saysOld)) continue;
    const s = score(x, d, doc.wordWeight);
    if (s !== null) same.push({ item: d, score: s.score });
  }
  same.sort((p, q) => q.score - p.score);
  if (same.length === 0 || (same.length > 1 && same[1].score > same[0].score - MARGIN)) return null;
  return same[0].item;
}

type Verdict = { kind: "ok" } | { kind: "mismatch"; doc: FigureItem } | { kind: "unverified"; related: FigureItem } | { kind: "unrelated" };

function judge(a: FigureItem, own: FigureItem[], doc: DocumentIndex, exactOf: (x: FigureItem) => FigureItem | null): Verdict {
  const candidates = doc.itemsByKey.get(a.key) ?? [];
  if (candidates.length === 0) return { kind: "unrelated" };
  const bonus = positionalBonus(a, own, doc);
  const scored: Scored[] = [];
  let valueInDocument = false;
  for (const d of candidates) {
    if (sameValue(d.value, a.value) && !d.derived) valueInDocument = true;
    const s = score(a, d, doc.wordWeight);
    const b = bonus.get(d) ?? 0;
    if (s !== null) scored.push({ item: d, score: s.score + b, near: s.near + b, evidence: s.evidence + (b > 0 ? 2 : 0) });
  }
  // a former value ("由860元…") only confirms a figure that says it is a former value
  const exact = best(scored.filter((c) => sameValue(c.item.value, a.value) && (c.item.role !== "old" || a.saysOld)));
  // an item another figure of the same sentence already states correctly is that figure's:
  // suggesting it here would turn this figure into a copy of its neighbour (城市 → the 农村 standard)
  const claimed = new Set<FigureItem>();
  for (const x of own) {
    if (x === a || x.sentence !== a.sentence || x.key !== a.key) continue;
    const mine = exactOf(x);
    if (mine) claimed.add(mine);
  }
  // a figure that does not say it is a former value is never corrected to one
  const different = scored.filter((c) => !sameValue(c.item.value, a.value) && (a.saysOld || c.item.role !== "old"));
  const top = best(different);
  const confident =
    top !== null &&
    top.score >= CONFIDENT &&
    top.evidence >= 2 &&
    // a figure whose value the document states is only corrected when another item is clearly
    // about the same thing by the figure's own clause, not merely by the sentence around it
    (exact === null || (top.near >= Math.max(CONFIDENT, 2 * exact.near + 1) && top.score >= exact.score + MARGIN)) &&
    // … and clearly beats every other value, in all or in the figure's own clause
    different.every((c) => sameValue(c.item.value, top.item.value) || c.score <= top.score - MARGIN || c.near <= top.near - MARGIN);
  if (exact && !confident) return { kind: "ok" };
  // the item is the one its neighbour states: this figure is something else (a computed value,
  // another item) — say it was not found rather than suggest the neighbour's value
  if (confident && top && !claimed.has(top.item)) return { kind: "mismatch", doc: top.item };
  const related = best(scored);
  if (related && related.score >= RELATED) return { kind: "unverified", related: related.item };
  // the value is in the document, only for items the markers rule out, and nothing fits better
  if (valueInDocument && !related) return { kind: "ok" };
  return { kind: "unrelated" };
}

// ---------------------------------------------------------------------------------------------

export function checkFigures(input: InterpretationText, doc: DocumentIndex, skip: Span[], referenceYear?: number): Finding[] {
  const findings: Finding[] = [];
  const { text } = input;
  const facts = extractFacts(text, undefined, { referenceYear });
  const headingAt = headingLocator(input);
  const items = buildItems(text, facts, { headingAt });
  const exact = new Map<FigureItem, FigureItem | null>();
  const exactOf = (x: FigureItem): FigureItem | null => {
    if (!exact.has(x)) exact.set(x, bestExact(x, doc));
    return exact.get(x) ?? null;
  };
  for (const item of items) {
    const fact = item.fact;
    if (overlaps(fact, skip)) continue;
    const verdict = judge(item, items, doc, exactOf);
    if (verdict.kind === "ok") continue;
    const field = fieldAt(input.segments, fact.start);
    const what = isDate(fact) ? "时间" : "数字";
    if (verdict.kind === "mismatch") {
      const d = verdict.doc;
      const expected = describeValue(d.fact);
      const about = [d.subject && `${d.subject}`, d.derived ? "为调整前后之差" : "", where(d.fact)].filter(Boolean).join("，");
      // a worked example ("老李种了80亩") uses figures of its own: a difference is for a person to judge
      const example = isExample(input, fact.start, headingAt(fact.start));
      findings.push({
        rule: isDate(fact) ? "date.mismatch" : "figure.mismatch",
        severity: example ? "warning" : "error",
        message: example
          ? `案例中的${what}“${fact.text}”与文件规定不同：文件为 ${expected}${about ? `（${about}）` : ""}。如是举例假设的数字请确认无误，否则请改为与文件一致。`
          : `${what}与文件不一致：文件为 ${expected}${about ? `（${about}）` : ""}，解读写作“${fact.text}”。请改为与文件一致。`,
        excerpt: fact.text,
        offset: fact.start,
        expected,
        field,
      });
    } else if (verdict.kind === "unverified" && !isExample(input, fact.start, headingAt(fact.start))) {
      findings.push({
        rule: "figure.unmatched",
        severity: "warning",
        message: `文件中没有找到与“${fact.text}”对应的${what}${item.subject ? `（${item.subject}）` : ""}，无法确定应为多少。请对照原文核实，确有出处的请注明。`,
        excerpt: fact.text,
        offset: fact.start,
        expected: null,
        field,
      });
    } else {
      findings.push({
        rule: "figure.unmatched",
        severity: "info",
        message: `文件中没有“${fact.text}”这个${what}。如是背景数据，请确认来源准确并注明出处。`,
        excerpt: fact.text,
        offset: fact.start,
        expected: null,
        field,
      });
    }
  }
  return findings;
}
