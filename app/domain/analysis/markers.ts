/**
 * Heading markers of 公文 (GB/T 9704): 一、 → （一） → 1. → （1）, plus the 第X章 / 第X节 / 第X条
 * form of regulations. Both half- and full-width brackets and dots are accepted here; the
 * normaliser already rewrites them to the canonical full-width form at line starts.
 */
import { CHINESE_NUMERAL_CHARS, parseChineseNumeral } from "./chinese-numerals";

export type MarkerKind = "chapter" | "section" | "article" | "l1" | "l2" | "l3" | "l4";

export type MarkerMatch = {
  kind: MarkerKind;
  /** the marker text as it stands, e.g. "（三）" */
  marker: string;
  /** 1–4 for the 一、 family; chapters/sections/articles get theirs from their depth */
  level: number;
  /** nesting rank used to build the tree: smaller ranks contain larger ones */
  rank: number;
  ordinal: number | null;
};

const CN = `[${CHINESE_NUMERAL_CHARS}]`;
const L1 = new RegExp(`^(${CN}{1,4})、`);
const L2 = new RegExp(`^[（(](${CN}{1,4})[）)]`);
const L3 = /^(\d{1,3})[.．、](?![\d.．])/;
const L4 = /^[（(](\d{1,3})[）)]/;
const ARTICLE = new RegExp(`^第(${CN}{1,5}|\\d{1,3})(章|节|条)`);

const RANK: Record<MarkerKind, number> = { chapter: 0, section: 1, article: 2, l1: 3, l2: 4, l3: 5, l4: 6 };

export function matchMarker(line: string): MarkerMatch | null {
  let m = ARTICLE.exec(line);
  if (m) {
    // "第一条" must be followed by a separator or text, not be the start of "第一条款" prose;
    // a following space/full-width space or CJK text is the norm.
    const kind: MarkerKind = m[2] === "章" ? "chapter" : m[2] === "节" ? "section" : "article";
    const ordinal = /^\d+$/.test(m[1]) ? Number(m[1]) : parseChineseNumeral(m[1]);
    if (ordinal === null || line.slice(m[0].length).startsWith("款")) return null;
    return { kind, marker: m[0], level: RANK[kind] + 1, rank: RANK[kind], ordinal };
  }
  m = L1.exec(line);
  if (m) {
    const ordinal = parseChineseNumeral(m[1]);
    if (ordinal === null) return null;
    return { kind: "l1", marker: m[0], level: 1, rank: RANK.l1, ordinal };
  }
  m = L2.exec(line);
  if (m) {
    const ordinal = parseChineseNumeral(m[1]);
    if (ordinal === null) return null;
    return { kind: "l2", marker: m[0], level: 2, rank: RANK.l2, ordinal };
  }
  m = L3.exec(line);
  if (m) return { kind: "l3", marker: m[0], level: 3, rank: RANK.l3, ordinal: Number(m[1]) };
  m = L4.exec(line);
  if (m) return { kind: "l4", marker: m[0], level: 4, rank: RANK.l4, ordinal: Number(m[1]) };
  return null;
}

/** True when a line starts with any heading marker. */
export function startsWithMarker(line: string): boolean {
  return matchMarker(line) !== null;
}
