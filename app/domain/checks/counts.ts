/**
 * Counts: "共分为5个部分、16项具体工作举措" checked against the document's outline (how many 一、
 * parts, （一） items and 1. measures it really has) and against the interpretation's own
 * enumerations:
 *   1. a count right before its list: "主要有三个方面：一是……二是……", "（1）…（2）…",
 *      "从A、B、C三个方面提出要求";
 *   2. an overview count followed by the parts' lists: "共分为5个部分、16项具体工作举措。……一是……
 *      七是……一是……三是……" — the lists of the section add up (17 ≠ 16), even without the
 *      document and in scraped text without punctuation between the items ("二是提高质效三是打造");
 *   3. against the document: a count of parts or measures of *this* document (a sentence about
 *      another document, 《条例》 or the higher-level plan, is not judged).
 * Counts judged here are handed to the figure rule as `judged`, so a count is reported once.
 */
import { parseNumber } from "~/domain/analysis/chinese-numerals";
import { matchMarker } from "~/domain/analysis/markers";
import { compactTitle, type DocumentIndex, type OutlineCounts } from "./document-index";
import { citesOwnDocument } from "./titles";
import type { Finding, InterpretationText, Segment } from "./types";

export type Span = { start: number; end: number };

const NUM = "(\\d+|[零〇一二两三四五六七八九十百]+)";
const NOT_AFTER_NUM = "(?<![\\d零〇一二两三四五六七八九十百第])";
const SECTION_CLAIM = new RegExp(`${NOT_AFTER_NUM}${NUM}\\s*个?\\s*(部分|方面|板块)`, "g");
const ITEM_CLAIM = new RegExp(
  `${NOT_AFTER_NUM}${NUM}\\s*(项|条)\\s*((?:具体|重点|主要)?(?:工作)?(?:举措|措施|任务|要点|内容|工作|政策)|重点)`,
  "g",
);
/** "明确了6类补贴的标准": a count of the items under one of the document's headings */
const SUBLIST_CLAIM = new RegExp(`${NOT_AFTER_NUM}${NUM}\\s*(类|项|种)([\\u4e00-\\u9fff]{2,6}?)(?=的|[，,。；;、：:和及与]|$)`, "g");
/** "梳理了群众关心的10个问题" */
const QUESTION_CLAIM = new RegExp(`${NOT_AFTER_NUM}${NUM}\\s*个(?:热点|常见|重点|主要|典型)?问题`, "g");
/** a question line: "问：…", "Q：…", or a numbered line ending in ？ */
const QUESTION_LINE = /^\s*(?:问\s*[：:]|Q\s*[：:]|(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)])\s*[^\n]{2,60}[？?]\s*$)/;

function pairsOf(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length; i++) if (/[\u4e00-\u9fff]{2}/.test(s.slice(i, i + 2))) out.add(s.slice(i, i + 2));
  return out;
}

/** "《通知》明确了6类补贴的标准" against the (一)…(六) under "补贴项目和标准". */
function checkSublists(text: string, seg: Segment, doc: DocumentIndex, findings: Finding[], judged: Span[]): void {
  const slice = text.slice(seg.start, seg.end);
  SUBLIST_CLAIM.lastIndex = 0;
  for (let m = SUBLIST_CLAIM.exec(slice); m !== null; m = SUBLIST_CLAIM.exec(slice)) {
    const start = seg.start + m.index;
    const end = start + m[0].length;
    if (judged.some((j) => j.start < end && start < j.end) || findings.some((f) => f.offset < end && start < f.offset + f.excerpt.length)) continue;
    if (!ANCHOR.test(clausePrefix(text, seg.start, start) + m[0])) continue;
    if (ownParts(sentencePrefix(text, seg.start, start) + m[0], doc) === null) continue;
    const value = parseNumber(m[1]);
    const noun = pairsOf(m[3]);
    if (value === null || noun.size === 0) continue;
    const headings = doc.lists.filter((l) => {
      const title = pairsOf(l.title);
      return [...noun].every((g) => title.has(g));
    });
    const counts = new Set(headings.map((h) => h.children));
    if (counts.size !== 1) continue;
    const children = [...counts][0];
    judged.push({ start, end });
    if (children === value) continue;
    findings.push({
      rule: "count.outline",
      severity: "error",
      message: `解读写“${m[0]}”，文件“${headings[0].title}”下列有 ${children} 项。请核对后改正。`,
      excerpt: m[0],
      offset: start,
      expected: `${children}${m[2]}`,
      field: seg.field,
    });
  }
}

/** "梳理了群众关心的10个问题" against the questions that follow it (lines, or the package's Q&A). */
function checkQuestions(input: InterpretationText, seg: Segment, findings: Finding[], judged: Span[]): void {
  const { text } = input;
  const slice = text.slice(seg.start, seg.end);
  QUESTION_CLAIM.lastIndex = 0;
  for (let m = QUESTION_CLAIM.exec(slice); m !== null; m = QUESTION_CLAIM.exec(slice)) {
    const start = seg.start + m.index;
    const end = start + m[0].length;
    const value = parseNumber(m[1]);
    if (value === null) continue;
    const lines = text.slice(end, seg.end).split("\n").filter((l) => QUESTION_LINE.test(l)).length;
    const packaged = input.segments.filter((s) => /^qa\[\d+\]\.question$/.test(s.field)).length;
    const asked = lines >= 2 ? lines : packaged >= 2 && !/^qa\[/.test(seg.field) ? packaged : 0;
    if (asked === 0) continue;
    judged.push({ start, end });
    if (asked === value) continue;
    findings.push({
      rule: "count.enumeration",
      severity: "error",
      message: `这里写“${m[0]}”，但下文列出了 ${asked} 个问题。请统一数量，或补齐/删减问答。`,
      excerpt: m[0],
      offset: start,
      expected: `${asked}个问题`,
      field: seg.field,
    });
  }
}

/** "共6章18条": chapters and articles of a document written in 第X章 / 第X条 */
const CHAPTER_CLAIM = new RegExp(`${NOT_AFTER_NUM}${NUM}\\s*章(?:\\s*${NUM}\\s*条)?`, "g");
const ENUM_CLAIM = new RegExp(`${NOT_AFTER_NUM}${NUM}\\s*(个方面|个部分|方面|部分|项|条|点|类|种|档|个)`, "g");
const ANCHOR = /共|分为|分成|分(?=[\d零〇一二两三四五六七八九十])|全文|包括|包含|涵盖|提出了?|明确了?|部署了?|设置了?|主要有|围绕|从/;
const SENTENCE_END = /[。；;！？!?\n]/;
/** another countable phrase between a count and a list: the list belongs to that one ("40项举措，主要有以下几个方面：一是") */
const OTHER_COUNT = /(?:几|若干|以下|如下|下列)(?:个)?(?:方面|部分|项|条|点|类|种|内容|措施|举措|任务)|(?:\d+|[一二两三四五六七八九十]+)\s*(?:个方面|个部分|方面|部分|项|条|点|类|种)/;

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

function lineAt(text: string, at: number): string {
  const from = text.lastIndexOf("\n", at - 1) + 1;
  const to = text.indexOf("\n", at);
  return text.slice(from, to < 0 ? text.length : to);
}

/** The words of a claim's own clause before it: an anchor there says it counts the document. */
function clausePrefix(text: string, segStart: number, at: number): string {
  let i = at - 1;
  while (i >= segStart && at - i <= 40 && !/[，,；;：:。！？!?\n]/.test(text[i])) i--;
  return text.slice(i + 1, at);
}

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

type Enumeration = { start: number; end: number; count: number; first: string; last: string; style: "shi" | "paren" | "dotted" | "circled" | "heading" };

/** Runs of 一是…N是 and numbered lists (（1）, (1), 1., ①) inside one field. */
function findEnumerations(text: string, seg: Segment): Enumeration[] {
  const slice = text.slice(seg.start, seg.end);
  const runs: Enumeration[] = [];
  // 一是 … 二是 … (also run together without punctuation: "二是提高质效三是打造")
  const shi = /(?<![一二三四五六七八九十唯])(十[一二三四五六七八九]?|二十|[一二三四五六七八九])是/g;
  collectRuns(slice, shi, (m) => CN_ORDINALS.indexOf(m[1]) + 1, seg.start, runs, "shi");
  const paren = /[（(](\d{1,2})[）)]/g;
  collectRuns(slice, paren, (m) => Number(m[1]), seg.start, runs, "paren");
  const dotted = /(?:^|\n)\s*(\d{1,2})[.．、](?!\d)/g;
  collectRuns(slice, dotted, (m) => Number(m[1]), seg.start, runs, "dotted");
  const circled = new RegExp(`[${CIRCLED}]`, "g");
  collectRuns(slice, circled, (m) => CIRCLED.indexOf(m[0]) + 1, seg.start, runs, "circled");
  // lines marked （一）（二）（三） after "主要调整了三个方面：" (a formal 文字解读's 主要内容)
  const headings = /(?:^|\n)\s*[（(](十[一二三四五六七八九]?|二十|[一二三四五六七八九])[）)]/g;
  collectRuns(slice, headings, (m) => CN_ORDINALS.indexOf(m[1]) + 1, seg.start, runs, "heading");
  return runs.sort((a, b) => a.start - b.start);
}

function collectRuns(
  slice: string,
  re: RegExp,
  ordinal: (m: RegExpExecArray) => number,
  base: number,
  runs: Enumeration[],
  style: Enumeration["style"],
): void {
  let current: Enumeration | null = null;
  for (let m = re.exec(slice); m !== null; m = re.exec(slice)) {
    const n = ordinal(m);
    const markerStart = m.index + (m[0].length - m[0].trimStart().length);
    if (n === 1) {
      if (current && current.count >= 2) runs.push(current);
      current = { start: base + markerStart, end: base + m.index + m[0].length, count: 1, first: m[0].trim(), last: m[0].trim(), style };
    } else if (current && n === current.count + 1) {
      current.count = n;
      current.last = m[0].trim();
      current.end = base + m.index + m[0].length;
    }
  }
  if (current && current.count >= 2) runs.push(current);
}

/** what a 、 list next to a count can be counted as ("A、B、C三个方面", "A、B两项工作", "分为三类：A、B和C") */
const LIST_NOUN = /^(?:个?方面|个?部分|类|种|点|档|(?:个|项|条)(?=[\u4e00-\u9fff：:。；;，,]|$))/;
/** a count that is part of another figure ("3个工作日", "5个月"), never a count of a list */
const NOT_A_LIST_COUNT = /^(?:个)?(?:工作日|月|小时|星期|百分点|亿|万|年|天|日|人|家|户|名)/;
/** words that make the last "item" a sentence, not an item ("各部门、镇街对照26个试点领域") */
const VERB = /^(?:要|应|将|由|在|对|为|是|有)|对照|按照|根据|依据|开展|推进|完成|制定|实施|落实|组织/;

/**
 * How many items "A、B、C和D" lists: 和/及/与 joins the last two (4), unless the last item is no
 * longer than the others, when it may be one item with 和 inside ("强化组织保障和基础工作": 3 or 4).
 */
function countItems(list: string): number[] | null {
  const items = list.split("、").map((it) => it.trim());
  if (items.length < 2 || items.some((it) => it.length < 2 || /\d/.test(it))) return null;
  const last = items[items.length - 1];
  const joined = /^(.{2,}?)(?:和|及|与|以及)(.{2,})$/.exec(last);
  if (!joined) return [items.length];
  const longest = Math.max(...items.slice(0, -1).map((it) => it.length));
  return last.length > 1.5 * longest ? [items.length + 1] : [items.length + 1, items.length];
}

/** Distinct labels "A档 … B档 … C档" (or 一类、二类) in the sentence after a count of 档/类. */
function countLabels(after: string, unit: string): number | null {
  if (unit !== "档" && unit !== "类") return null;
  const sentence = after.split(/[。；;\n]/)[0];
  const labels = new Set([...sentence.matchAll(new RegExp(`(?<![A-Za-z\\d])([A-HＡ-Ｈ]|[一二三四五六七八九十])${unit}`, "g"))].map((m) => m[1]));
  return labels.size >= 2 ? labels.size : null;
}

/**
 * "一档每学年2000元、二档…", "A类人才": a numeral with 档/类/级 that opens a clause and runs into
 * what it labels is an ordinal label, not a count ("分为两档：" is one).
 */
function isOrdinalLabel(text: string, claim: Claim): boolean {
  if (!/^(?:档|类|级)$/.test(claim.unit)) return false;
  const before = text[claim.start - 1] ?? "";
  const after = text[claim.end] ?? "";
  return (before === "" || /[、，,。；;：:\n（(\s]/.test(before)) && after !== "" && !/[，,。；;：:、！？!?\n）)]/.test(after);
}

/** "从A、B、C三个方面" / "分为三类：A、B和C": the counts a list next to a claim allows, or null. */
function listCounts(text: string, seg: Segment, claim: Claim): number[] | null {
  const rest = text.slice(claim.end - claim.unit.length);
  if (!LIST_NOUN.test(rest) || NOT_A_LIST_COUNT.test(text.slice(claim.end)) || isOrdinalLabel(text, claim)) return null;
  const following = text.slice(claim.end, seg.end);
  const labels = countLabels(following, claim.unit);
  if (labels !== null) return [labels];
  // "共7个步骤：农户申请、村级评议、……": a short noun may stand between the count and the colon
  const after = /^[\u4e00-\u9fff]{0,4}[：:]([^。；;！？!?\n]{2,160})/.exec(following);
  if (after) return countItems(after[1].replace(/[，,].*$/, ""));
  let i = claim.start - 1;
  while (i >= seg.start && claim.start - i <= 120 && !/[，,。；;：:！？!?\n（(]/.test(text[i])) i--;
  let list = text.slice(i + 1, claim.start);
  // the list starts after the verb that introduces it ("《要点》分为A、B、C")
  const intro = /^.*?(?:分为|分成|包括|包含|涵盖|涉及|明确了?|提出了?|围绕|聚焦|突出|从|就|按照)/.exec(list);
  if (intro) list = list.slice(intro[0].length);
  // without such a verb the list must start where its sentence or clause list starts: after a
  // comma it may run on from the clause before ("重点是A，B，C和D、E四类对象")
  else if (i >= seg.start && /[，,]/.test(text[i])) return null;
  if (/等$/.test(list) || !list.includes("、") || VERB.test(list.split("、").pop() ?? "")) return null;
  const counts = countItems(list);
  // a count far from the list's length counts something else
  if (!counts || claim.value > 12 || Math.min(...counts.map((c) => Math.abs(c - claim.value))) > 2) return null;
  return counts;
}

function ownParts(sentence: string, doc: DocumentIndex): OutlineCounts[] | null {
  const cited = [...sentence.matchAll(/《([^》]{2,120})》/g)].map((m) => compactTitle(m[1]));
  if (cited.length === 0) return doc.parts;
  const named = doc.parts.filter((p) => cited.some((c) => compactTitle(p.title) === c || compactTitle(p.title).includes(c)));
  if (named.length) return named;
  // the sentence is about another document (a law, the higher-level plan): not this outline
  return cited.some((c) => citesOwnDocument(c, doc)) ? doc.parts : null;
}

function describePart(p: OutlineCounts, kind: "section" | "item"): string {
  const name = p.title ? `文件《${p.title}》` : "文件";
  if (kind === "section") return `${name}分为 ${p.level1} 个部分（一、至${p.lastMarkers.level1 ?? ""}）`;
  const bits: string[] = [];
  if (p.level2) bits.push(`${p.level2} 项（（一）至${p.lastMarkers.level2 ?? ""}）`);
  if (p.level3) bits.push(`${p.level3} 条具体措施（1.至${p.lastMarkers.level3 ?? ""}）`);
  return `${name}共有${bits.join("、") || "0 项"}`;
}

/**
 * Whether the document itself states a count of this noun ("具体包括 6 项工作"): then the claim
 * is a quoted figure, judged by the figure rule against that statement, not against the outline.
 */
function quotedFromDocument(claim: Claim, doc: DocumentIndex): boolean {
  const candidates = doc.figuresByKey.get(`number|${claim.unit}`) ?? [];
  return candidates.some((f) => claim.noun.length > 0 && f.context.after.startsWith(claim.noun));
}

/** Where the section an overview count introduces ends: the next top-level heading line, or the field's end. */
function sectionEnd(text: string, seg: Segment, from: number): number {
  let at = text.indexOf("\n", from);
  while (at >= 0 && at < seg.end) {
    const line = text.slice(at + 1, text.indexOf("\n", at + 1) < 0 ? seg.end : Math.min(seg.end, text.indexOf("\n", at + 1)));
    const marker = matchMarker(line.trim());
    if (marker && (marker.kind === "l1" || marker.kind === "chapter")) return at;
    at = text.indexOf("\n", at + 1);
  }
  return seg.end;
}

type Overview = { sections: Claim | null; items: Claim };

/** The outline count the document has for a claim, for the suggestion. */
function documentCount(claim: Claim, doc: DocumentIndex | null, prefix: string): number | null {
  if (!doc?.parts.length) return null;
  const parts = ownParts(prefix + claim.text, doc);
  if (!parts) return null;
  const main = [...parts].sort((a, b) => b.level1 + b.level2 + b.level3 - (a.level1 + a.level2 + a.level3))[0];
  return claim.kind === "section" ? main.level1 : main.level3 || main.level2;
}

/** "《办法》共6章18条" against a document written in chapters and articles. */
function checkChapters(text: string, seg: Segment, doc: DocumentIndex, findings: Finding[], judged: Span[]): void {
  const slice = text.slice(seg.start, seg.end);
  CHAPTER_CLAIM.lastIndex = 0;
  for (let m = CHAPTER_CLAIM.exec(slice); m !== null; m = CHAPTER_CLAIM.exec(slice)) {
    const start = seg.start + m.index;
    if (!ANCHOR.test(clausePrefix(text, seg.start, start) + m[0])) continue;
    const parts = ownParts(sentencePrefix(text, seg.start, start) + m[0], doc);
    const main = parts?.filter((p) => p.chapters > 0).sort((a, b) => b.chapters + b.articles - (a.chapters + a.articles))[0];
    if (!main) continue;
    const chapters = parseNumber(m[1]);
    const articles = m[2] ? parseNumber(m[2]) : null;
    const chapterText = m[0].slice(0, m[0].indexOf("章") + 1);
    judged.push({ start, end: start + m[0].length });
    const name = main.title ? `文件《${main.title}》` : "文件";
    if (chapters !== null && chapters !== main.chapters) {
      findings.push({
        rule: "count.outline",
        severity: "error",
        message: `解读写“${chapterText}”，与文件结构不符：${name}共 ${main.chapters} 章 ${main.articles} 条。请核对后改正。`,
        excerpt: chapterText,
        offset: start,
        expected: `${main.chapters}章`,
        field: seg.field,
      });
    }
    if (articles !== null && main.articles > 0 && articles !== main.articles) {
      const articleText = m[0].slice(chapterText.length).trim();
      findings.push({
        rule: "count.outline",
        severity: "error",
        message: `解读写“${articleText}”，与文件结构不符：${name}共 ${main.chapters} 章 ${main.articles} 条。请核对后改正。`,
        excerpt: articleText,
        offset: start + m[0].lastIndexOf(articleText),
        expected: `${main.articles}条`,
        field: seg.field,
      });
    }
  }
}

export function checkCounts(input: InterpretationText, doc: DocumentIndex | null): { findings: Finding[]; judged: Span[] } {
  const findings: Finding[] = [];
  const judged: Span[] = [];
  const { text } = input;
  for (const seg of input.segments) {
    const runs = findEnumerations(text, seg);
    // 1. a count right before its own list
    const enumClaims = findClaims(text, seg, ENUM_CLAIM, "other");
    const enumerated: Claim[] = [];
    for (const run of runs) {
      const claim = [...enumClaims].reverse().find((c) => c.end <= run.start && run.start - c.end <= 60);
      if (!claim) continue;
      const between = text.slice(claim.end, run.start);
      if (NOT_A_LIST_COUNT.test(between) || OTHER_COUNT.test(between)) continue;
      // a list may start on the next line only after a colon ("主要有三个方面：\n一是……")
      const lines = between.split("\n");
      if (lines.length > 2 || (lines.length === 2 && !/[：:]\s*$|如下\s*$|以下\s*$/.test(lines[0]))) continue;
      // "（四）强化组织保障（3条）。一是……": a count in brackets after a heading counts what its paragraph lists
      const bracketed = /[（(]$/.test(text.slice(claim.start - 1, claim.start)) && /^[）)][。．.]?$/.test(between) && matchMarker(lineAt(text, claim.start).trim()) !== null;
      if (SENTENCE_END.test(between.replace(/\n/g, "")) && !bracketed) continue;
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
    for (const claim of enumClaims) {
      if (enumerated.includes(claim)) continue;
      const counts = listCounts(text, seg, claim);
      if (counts === null) continue;
      judged.push(claim);
      // consistent with its list, it may still be checked against the document's outline
      if (counts.includes(claim.value)) continue;
      enumerated.push(claim);
      findings.push({
        rule: "count.enumeration",
        severity: "error",
        message: `这里写“${claim.text}”，但所列内容为 ${counts[0]} 项（以“、”分隔）。请统一数量，或补齐/删减所列内容。`,
        excerpt: claim.text,
        offset: claim.start,
        expected: `${counts[0]}${claim.unit}`,
        field: seg.field,
      });
    }

    const sectionClaims = findClaims(text, seg, SECTION_CLAIM, "section");
    const itemClaims = findClaims(text, seg, ITEM_CLAIM, "item");
    // 2. an overview count and the lists of the parts it introduces
    const overviews: Overview[] = [];
    for (const items of itemClaims) {
      if (enumerated.some((c) => c.start < items.end && items.start < c.end)) continue;
      if (!ANCHOR.test(sentencePrefix(text, seg.start, items.start) + text.slice(items.start, items.end))) continue;
      const sections = sectionClaims.find((s) => s.end <= items.start && items.start - s.end <= 6) ?? null;
      overviews.push({ sections, items });
    }
    overviews.forEach((ov, k) => {
      const from = ov.items.end;
      const until = Math.min(overviews[k + 1]?.items.start ?? seg.end, sectionEnd(text, seg, from));
      const lists = runs.filter((r) => r.style === "shi" && r.start >= from && r.start < until);
      if (lists.length === 0) return;
      const total = lists.reduce((n, r) => n + r.count, 0);
      const everyPart = ov.sections !== null && lists.length === ov.sections.value;
      if (total === ov.items.value || (total < ov.items.value && !everyPart)) return;
      judged.push(ov.items);
      const prefix = sentencePrefix(text, seg.start, ov.items.start);
      const fromDocument = documentCount(ov.items, doc, prefix);
      findings.push({
        rule: "count.enumeration",
        severity: "error",
        message: `这里写“${ov.items.text}”，但下文${lists.length} 组列举（${lists.map((r) => `${r.first}……${r.last}`).join("；")}）共 ${total} 项${fromDocument !== null ? `，文件为 ${fromDocument} 项` : ""}。请核对数量和所列内容，使二者一致。`,
        excerpt: ov.items.text,
        offset: ov.items.start,
        expected: fromDocument !== null && fromDocument === total ? `${total}${ov.items.unit}` : null,
        field: seg.field,
      });
    });

    checkQuestions(input, seg, findings, judged);
    // 3. against the document outline (a count followed by its own list is about that list)
    if (doc?.parts.length) checkChapters(text, seg, doc, findings, judged);
    if (doc?.parts.length) {
      for (const claim of [...sectionClaims, ...itemClaims]) {
        if (enumerated.some((c) => c.start < claim.end && claim.start < c.end)) continue;
        if (findings.some((f) => f.offset < claim.end && claim.start < f.offset + f.excerpt.length)) continue;
        const prefix = sentencePrefix(text, seg.start, claim.start);
        if (!ANCHOR.test(clausePrefix(text, seg.start, claim.start) + claim.text)) continue;
        if (quotedFromDocument(claim, doc)) continue;
        const parts = ownParts(prefix + claim.text, doc);
        if (!parts) continue;
        judged.push(claim);
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
    // 4. a count of the items under one of the document's headings ("明确了6类补贴")
    if (doc?.lists.length) checkSublists(text, seg, doc, findings, judged);
  }
  return { findings, judged };
}
