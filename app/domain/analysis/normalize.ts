/**
 * Normalisation of extracted 公文 text, reversible to offsets in the original.
 *
 * Map of the flow:
 *   1. split the original into physical lines (\n, \r\n, \r, \f) and clean each line on its own:
 *      trim, full-width letters/digits → ASCII, drop spaces that touch CJK ("2020 年" → "2020年"),
 *      canonical heading markers ("(三)" → "（三）", "1．" → "1.");
 *   2. drop page numbers ("— 2 —", "第 2 页") and running headers (short lines that repeat next to
 *      page breaks);
 *   3. decide for every break between two remaining lines whether it is soft (a line wrapped or
 *      split by a page break inside a sentence → join) or hard (a real paragraph → one "\n");
 *   4. emit the text together with `map[i]` = offset in the original of output character i.
 * Every output character comes from exactly one original character (an inserted space or "\n"
 * maps to the line break it replaces), so offsets always map back.
 */
import { matchMarker } from "./markers";

export type NormalizedText = {
  /** the text exactly as given */
  original: string;
  /** the normalised text: one paragraph per line */
  text: string;
  /** offset in `original` of the character at `i` in `text` (text.length → original.length) */
  toOriginalOffset: (i: number) => number;
  /** [start, end) in `text` → [start, end) in `original` */
  toOriginalRange: (start: number, end: number) => [number, number];
};

type Line = { text: string; map: number[]; breakAt: number; formFeedAfter: boolean };

const SPACE = /[\s\u3000\u00a0\u2000-\u200b\ufeff]/;
const ZERO_WIDTH = /[\u200b-\u200d\ufeff]/;

/** CJK ideographs, CJK and full-width punctuation, and the quotes/dashes Chinese text uses. */
export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x2e80 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xffef) ||
    (c >= 0xd800 && c <= 0xdbff) ||
    c === 0x2018 ||
    c === 0x2019 ||
    c === 0x201c ||
    c === 0x201d ||
    c === 0x2014 ||
    c === 0x2015 ||
    c === 0x2026 ||
    c === 0x00b7
  );
}

function toHalfWidth(ch: string): string {
  const c = ch.charCodeAt(0);
  // Full-width digits and Latin letters only; full-width punctuation is correct Chinese usage.
  if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
    return String.fromCharCode(c - 0xfee0);
  }
  if (ch === "％") return "%";
  return ch;
}

function cleanLine(original: string, start: number, end: number): { text: string; map: number[] } {
  const chars: string[] = [];
  const map: number[] = [];
  let pendingSpace = -1; // original offset of the first space of a run not yet emitted
  for (let i = start; i < end; i++) {
    const raw = original[i];
    if (ZERO_WIDTH.test(raw)) continue;
    if (SPACE.test(raw)) {
      if (pendingSpace < 0) pendingSpace = i;
      continue;
    }
    const ch = toHalfWidth(raw);
    if (pendingSpace >= 0) {
      // A space between two non-CJK characters separates words ("IPv6 and"); next to CJK it is
      // an extraction artefact ("2020 年", "管委办公室 关于").
      if (chars.length > 0 && !isCjk(chars[chars.length - 1]) && !isCjk(ch)) {
        chars.push(" ");
        map.push(pendingSpace);
      }
      pendingSpace = -1;
    }
    chars.push(ch);
    map.push(i);
  }
  canonicalMarker(chars);
  return { text: chars.join(""), map };
}

/** Rewrites a leading "(三)" / "(3)" to "（三）" / "（3）" and "1．" to "1." — same length, in place. */
function canonicalMarker(chars: string[]): void {
  if (chars[0] === "(" || chars[0] === "（") {
    for (let i = 1; i < Math.min(chars.length, 7); i++) {
      if (chars[i] === ")" || chars[i] === "）") {
        const inner = chars.slice(1, i).join("");
        if (/^(\d{1,3}|[零〇一二三四五六七八九十百]{1,4})$/.test(inner)) {
          chars[0] = "（";
          chars[i] = "）";
        }
        return;
      }
    }
    return;
  }
  let i = 0;
  while (i < chars.length && i < 3 && /\d/.test(chars[i])) i++;
  if (i > 0 && chars[i] === "．" && !/\d/.test(chars[i + 1] ?? "")) chars[i] = ".";
}

const PAGE_NUMBER = /^(?:[-—–－~～_]+\s*\d{1,4}\s*[-—–－~～_]+|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4})$/;

export function isPageNumberLine(text: string): boolean {
  return PAGE_NUMBER.test(text);
}

const DATE_LINE = /^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d〇零一二三四五六七八九十]{1,3}月[\d〇零一二三四五六七八九十]{1,3}日(?:印发|发布)?$/;
const DOC_NUMBER_LINE = /^[\u4e00-\u9fa5]{1,20}[〔\[［【（(﹝]\d{2,4}[〕\]］】）)﹞]第?\d{1,5}号?(?:签发人.*)?$/;
const PUBLICITY_LINE = /^[（(]此件[^（）()]{1,12}[）)]$/;
const STRUCTURAL_START = /^(?:抄送|主送|附件|签发人|联系人|联系电话|印发|主题词|公开方式|公开属性)[:：\d\s]/;

/** Lines with a fixed role in the 公文 layout; they never join with their neighbours. */
export function isStructuralLine(text: string): boolean {
  return (
    DATE_LINE.test(text) ||
    DOC_NUMBER_LINE.test(text) ||
    PUBLICITY_LINE.test(text) ||
    STRUCTURAL_START.test(text) ||
    /^附件\d*$/.test(text) ||
    (/文件$/.test(text) && text.length <= 30 && !/[，。、；：]/.test(text))
  );
}

export function isDateLine(text: string): boolean {
  return DATE_LINE.test(text);
}

const TERMINAL = /[。！？；：!?;:…]$/;
const INNER_PUNCT = /[，。、；,;]/;

/** A marker line with no sentence in it is a heading, and a heading ends its paragraph. */
function isBareHeading(text: string): boolean {
  const m = matchMarker(text);
  if (!m) return false;
  if (m.kind === "l3" || m.kind === "l4") return !/[，。、；]/.test(text);
  return !text.includes("。");
}

function isSoftBreak(prev: string, next: string, gap: number, blankStyle: boolean, pageBreak: boolean): boolean {
  if (isStructuralLine(next)) return false;
  // A 抄送/主送 list may wrap onto the next line; other structural lines are complete in one.
  if (isStructuralLine(prev) && !(STRUCTURAL_START.test(prev) && gap === 1)) return false;
  if (matchMarker(next)) return false;
  if (TERMINAL.test(prev)) return false;
  if (isBareHeading(prev)) return false;
  // In text whose paragraphs are separated by blank lines, a single newline is a wrapped line.
  if (gap === 1 && blankStyle) return true;
  const nextRuns = /[，。、；：,;]/.test(next) || next.length > 30;
  // Across a known page break (page number or form feed) a line that stops without
  // punctuation was cut by the page end, even when the fragment is short ("…标准目录编" / "制，").
  if (pageBreak) return nextRuns;
  // Otherwise (a page break, or text with one paragraph per line) only running text continues:
  // both sides read like sentences, not like titles or names.
  return INNER_PUNCT.test(prev) && nextRuns;
}

export function normalize(original: string): NormalizedText {
  // 1. physical lines
  const lines: Line[] = [];
  let lineStart = 0;
  for (let i = 0; i <= original.length; i++) {
    const ch = original[i];
    if (i === original.length || ch === "\n" || ch === "\r" || ch === "\f" || ch === "\u2028" || ch === "\u2029") {
      const cleaned = cleanLine(original, lineStart, i);
      lines.push({ ...cleaned, breakAt: i, formFeedAfter: ch === "\f" });
      if (ch === "\r" && original[i + 1] === "\n") i++;
      lineStart = i + 1;
    }
  }

  // 2. page numbers and running headers
  const dropped = new Array<boolean>(lines.length).fill(false);
  const pageBreakAfter = new Array<boolean>(lines.length).fill(false);
  for (let i = 0; i < lines.length; i++) {
    if (isPageNumberLine(lines[i].text)) {
      dropped[i] = true;
      pageBreakAfter[i] = true;
    }
    if (lines[i].formFeedAfter) pageBreakAfter[i] = true;
  }
  dropRunningHeaders(lines, dropped, pageBreakAfter);

  // 3 + 4. join or break, and emit
  const content: number[] = [];
  for (let i = 0; i < lines.length; i++) if (!dropped[i] && lines[i].text.length > 0) content.push(i);
  const gaps: number[] = [];
  const pageBreakBefore: boolean[] = [];
  for (let k = 1; k < content.length; k++) {
    let gap = 0;
    let pageBreak = false;
    for (let j = content[k - 1]; j < content[k]; j++) {
      gap++;
      if (pageBreakAfter[j]) pageBreak = true;
    }
    gaps.push(pageBreak ? Math.max(gap, 2) : gap);
    pageBreakBefore.push(pageBreak);
  }
  const blankGaps = gaps.filter((g) => g >= 2).length;
  const blankStyle = blankGaps >= 3 && blankGaps >= 0.1 * gaps.length;

  const out: string[] = [];
  const map: number[] = [];
  for (let k = 0; k < content.length; k++) {
    const line = lines[content[k]];
    if (k > 0) {
      const prev = lines[content[k - 1]];
      const breakOffset = prev.breakAt;
      if (isSoftBreak(prev.text, line.text, gaps[k - 1], blankStyle, pageBreakBefore[k - 1])) {
        const last = prev.text[prev.text.length - 1];
        if (/[A-Za-z0-9]/.test(last) && /[A-Za-z]/.test(line.text[0])) {
          out.push(" ");
          map.push(breakOffset);
        }
      } else {
        out.push("\n");
        map.push(breakOffset);
      }
    }
    for (let c = 0; c < line.text.length; c++) {
      out.push(line.text[c]);
      map.push(line.map[c]);
    }
  }

  const text = out.join("");
  const toOriginalOffset = (i: number): number => {
    if (i < 0) return 0;
    if (i >= map.length) return original.length;
    return map[i];
  };
  const toOriginalRange = (start: number, end: number): [number, number] => {
    const s = toOriginalOffset(start);
    const e = end <= start ? s : end >= map.length ? original.length : map[end - 1] + 1;
    return [s, e];
  };
  return { original, text, toOriginalOffset, toOriginalRange };
}

/**
 * A running header is a short line that repeats at page boundaries. Requiring the page-break
 * neighbourhood keeps legitimate repeated lines (and repeated documents) intact.
 */
function dropRunningHeaders(lines: Line[], dropped: boolean[], pageBreakAfter: boolean[]): void {
  const nearBreak = new Map<string, number[]>();
  const contentIdx: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i].text.length > 0) contentIdx.push(i);
  for (let k = 0; k < contentIdx.length; k++) {
    const i = contentIdx[k];
    if (dropped[i]) continue;
    const t = lines[i].text;
    if (t.length > 40 || matchMarker(t)) continue;
    const before = k > 0 ? contentIdx[k - 1] : -1;
    let afterBreak = before >= 0 && (dropped[before] || pageBreakAfter[before]);
    for (let j = Math.max(before, 0); j < i && !afterBreak; j++) if (pageBreakAfter[j]) afterBreak = true;
    const after = k + 1 < contentIdx.length ? contentIdx[k + 1] : -1;
    const beforeBreak = pageBreakAfter[i] || (after >= 0 && isPageNumberLine(lines[after].text));
    if (!afterBreak && !beforeBreak) continue;
    const list = nearBreak.get(t) ?? [];
    list.push(i);
    nearBreak.set(t, list);
  }
  for (const idx of nearBreak.values()) {
    if (idx.length < 2) continue;
    for (const i of idx) dropped[i] = true;
  }
}
