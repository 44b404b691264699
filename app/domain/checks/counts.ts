/**
 * Counts: "共分为5个部分、16项具体工作举措" checked against the document's outline (how many 一、
 * parts, （一） items and 1. measures it really has) and against the interpretation's own
 * enumeration that follows a count ("主要有三个方面：一是……二是……三是……", "（1）…（2）…").
 */
import { parseNumber } from "~/domain/analysis/chinese-numerals";
import { compactTitle, type DocumentIndex, type OutlineCounts } from "./document-index";
import type { Finding, InterpretationText, Segment } from "./types";

export type Span = { start: number; end: number };

const NUM = "(\\d+|[零〇一二两三四五六七八九十百]+)";
const NOT_AFTER_NUM = "(?<![\\d零〇一二两三四五六七八九十百第])";
const SECTION_CLAIM = new RegExp(`${NOT_AFTER_NUM}${NUM}\\s*个?\\s*(部分|方面|板块)`, "g");
const ITEM_CLAIM = new RegExp(
  `${NOT_AFTER_NUM}${NUM}\\s*(项|条)\\s*((?:具体|重点|主要)?(?:工作)?(?:举措|措施|任务|要点|内容|工作))`,
  "g",
);
const ENUM_CLAIM = new RegExp(`${NOT_AFTER_NUM}${NUM}\\s*(个方面|个部分|方面|部分|项|条|点|类|种|个)`, "g");
const ANCHOR = /共|分为|全文|包括|包含|涵盖|提出了?|明确了?|部署了?/;
const SENTENCE_END = /[。；;！？!?\n]/;

type Claim = {
  start: number;
  end: number;
  value: number;
  text: string;
  /** measure word as the document's figures record it: 个 for 部分/方面, else 项/条/… */
  unit: string;
  /** what is counted: 部分, 方面, 重点工作 … */
  noun: string;
  kind: "section" | "item" | "other";
};

function sentencePrefix(text: string, segStart: number, at: number): string {
  let i = at - 1;
  while (i >= segStart && at - i <= 40 && !SENTENCE_END.test(text[i])) i--;
  return text.slice(i + 1, at);
}

function findClaims(text: string, seg: Segment, re: RegExp, kind: Claim["kind"]): Claim[] {
  const out: Claim[] = [];
  const slice = text.slice(seg.start, seg.end);
  re.lastIndex = 0;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    const value = parseNumber(m[1]);
    if (value === null || value < 1 || value > 500) continue;
    const unit = kind === "section" ? "个" : m[2];
    const noun = kind === "section" ? m[2] : kind === "item" ? m[3] : "";
    out.push({ start: seg.start + m.index, end: seg.start + m.index + m[0].length, value, text: m[0], unit, noun, kind });
  }
  return out;
}

const CN_ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六", "十七", "十八", "十九", "二十"];
const CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

type Enumeration = { start: number; count: number; first: string; last: string };

/** Runs of 一是…N是 and numbered lists (（1）, (1), 1., ①) inside one field. */
function findEnumerations(text: string, seg: Segment): Enumeration[] {
  const slice = text.slice(seg.start, seg.end);
  const runs: Enumeration[] = [];
  // 一是 … 二是 …
  const shi = /(?<![一二三四五六七八九十])(十[一二三四五六七八九]?|二十|[一二三四五六七八九])是/g;
  collectRuns(slice, shi, (m) => CN_ORDINALS.indexOf(m[1]) + 1, seg.start, runs);
  const paren = /[（(](\d{1,2})[）)]/g;
  collectRuns(slice, paren, (m) => Number(m[1]), seg.start, runs);
  const dotted = /(?:^|\n)\s*(\d{1,2})[.．、](?!\d)/g;
  collectRuns(slice, dotted, (m) => Number(m[1]), seg.start, runs);
  const circled = new RegExp(`[${CIRCLED}]`, "g");
  collectRuns(slice, circled, (m) => CIRCLED.indexOf(m[0]) + 1, seg.start, runs);
  return runs;
}

function collectRuns(
  slice: string,
  re: RegExp,
  ordinal: (m: RegExpExecArray) => number,
  base: number,
  runs: Enumeration[],
): void {
  let current: Enumeration | null = null;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    const n = ordinal(m);
    const markerStart = m.index + (m[0].length - m[0].trimStart().length);
    if (n === 1) {
      if (current && current.count >= 2) runs.push(current);
      current = { start: base + markerStart, count: 1, first: m[0].trim(), last: m[0].trim() };
    } else if (current && n === current.count + 1) {
      current.count = n;
      current.last = m[0].trim();
    }
  }
  if (current && current.count >= 2) runs.push(current);
}

function partsFor(sentence: string, doc: DocumentIndex): OutlineCounts[] {
  const cited = [...sentence.matchAll(/《([^》]{2,120})》/g)].map((m) => compactTitle(m[1]));
  if (cited.length) {
    const named = doc.parts.filter((p) => cited.some((c) => compactTitle(p.title) === c || compactTitle(p.title).includes(c)));
    if (named.length) return named;
  }
  return doc.parts;
}

function describePart(p: OutlineCounts, kind: "section" | "item"): string {
  if (kind === "section") return `文件《${p.title}》分为 ${p.level1} 个部分（一、至${p.lastMarkers.level1 ?? ""}）`;
  const bits: string[] = [];
  if (p.level2) bits.push(`${p.level2} 项（（一）至${p.lastMarkers.level2 ?? ""}）`);
  if (p.level3) bits.push(`${p.level3} 条具体措施（1.至${p.lastMarkers.level3 ?? ""}）`);
  return `文件《${p.title}》共有${bits.join("、") || "0 项"}`;
}

/** Whether the document itself says this count (then it is a quoted figure, not an outline claim). */
function quotedFromDocument(claim: Claim, doc: DocumentIndex): boolean {
  const candidates = doc.figuresByKey.get(`number|${claim.unit}`) ?? [];
  return candidates.some((f) => f.value === claim.value && f.context.after.startsWith(claim.noun));
}

export function checkCounts(input: InterpretationText, doc: DocumentIndex | null): { findings: Finding[]; judged: Span[] } {
  const findings: Finding[] = [];
  const judged: Span[] = [];
  const { text } = input;
  for (const seg of input.segments) {
    // 1. against the interpretation's own enumeration
    const enumClaims = findClaims(text, seg, ENUM_CLAIM, "other");
    const enumerated: Claim[] = [];
    for (const run of findEnumerations(text, seg)) {
      const claim = [...enumClaims].reverse().find((c) => c.end <= run.start && run.start - c.end <= 60);
      if (!claim) continue;
      const between = text.slice(claim.end, run.start);
      if (SENTENCE_END.test(between.replace(/\n/, ""))) continue;
      judged.push(claim);
      enumerated.push(claim);
      if (claim.value === run.count) continue;
      findings.push({
        rule: "count.enumeration",
        severity: "error",
        message: `这里写“${claim.text}”，但下文列举了 ${run.count} 项（${run.first}……${run.last}）。请统一数量，或补齐/删减所列内容。`,
        excerpt: claim.text,
        offset: claim.start,
        expected: `${run.count}${claim.unit}`,
        field: seg.field,
      });
    }
    // 2. against the document outline (a count followed by its own list is about that list)
    if (doc?.parts.length) {
      const claims = [...findClaims(text, seg, SECTION_CLAIM, "section"), ...findClaims(text, seg, ITEM_CLAIM, "item")];
      for (const claim of claims) {
        if (enumerated.some((c) => c.start < claim.end && claim.start < c.end)) continue;
        const prefix = sentencePrefix(text, seg.start, claim.start);
        if (!ANCHOR.test(prefix)) continue;
        if (quotedFromDocument(claim, doc)) continue;
        judged.push(claim);
        const parts = partsFor(prefix + claim.text, doc);
        const candidates = parts.flatMap((p) => (claim.kind === "section" ? [p.level1] : [p.level2, p.level3]));
        if (candidates.includes(claim.value)) continue;
        const main = [...parts].sort((a, b) => b.level1 + b.level2 + b.level3 - (a.level1 + a.level2 + a.level3))[0];
        const expectedValue = claim.kind === "section" ? main.level1 : main.level3 || main.level2;
        findings.push({
          rule: "count.outline",
          severity: "error",
          message: `解读写“${claim.text}”，与文件结构不符：${describePart(main, claim.kind === "section" ? "section" : "item")}。请核对后改正。`,
          excerpt: claim.text,
          offset: claim.start,
          expected: `${expectedValue}${claim.kind === "section" ? `个${claim.noun}` : claim.unit}`,
          field: seg.field,
        });
      }
    }
  }
  return { findings, judged };
}
