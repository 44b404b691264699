/**
 * Stable anchors for outline nodes on the public document page (/zhengce/<id>#…), so that Q&A
 * clause citations (outline paths such as ["附件1", "二、", "（三）"]) link straight into the text.
 *
 * The id is derived from the path alone — the same path always gives the same id, on any page
 * and in any export — and is plain ASCII so the URL fragment stays readable:
 *   ["附件1", "二、", "（三）", "5.", "（2）"] → "clause-fj1-s2-p3-i5-n2"
 *   ["正文"] → "clause-zw";  [] → "clause-top"
 */
import { parseChineseNumeral } from "~/domain/analysis/chinese-numerals";

const ENCODERS: [RegExp, string][] = [
  [/^附件\s*(\S*)$/, "fj"],
  [/^第(.+)章$/, "z"],
  [/^第(.+)节$/, "j"],
  [/^第(.+)条$/, "t"],
  [/^[（(]\s*(\d+)\s*[）)]$/, "n"],
  [/^[（(]\s*(.+?)\s*[）)]$/, "p"],
  [/^(\d+)\s*[.．、]$/, "i"],
  [/^(.+?)、$/, "s"],
];

function numberOf(raw: string): string | null {
  if (raw === "") return "";
  if (/^\d+$/.test(raw)) return String(Number(raw));
  const n = parseChineseNumeral(raw);
  return n === null || Number.isNaN(n) ? null : String(n);
}

function encodeMarker(marker: string): string {
  const m = marker.trim();
  if (m === "正文") return "zw";
  for (const [re, prefix] of ENCODERS) {
    const match = re.exec(m);
    if (!match) continue;
    const n = numberOf(match[1]);
    if (n !== null) return `${prefix}${n}`;
  }
  // Anything else: its code points, so the id stays unique and ASCII.
  return `u${Array.from(m, (c) => c.codePointAt(0)?.toString(36) ?? "").join("_")}`;
}

export function clauseAnchorId(path: readonly string[]): string {
  if (path.length === 0) return "clause-top";
  return `clause-${path.map(encodeMarker).join("-")}`;
}

/**
 * The labels the analysis gives document parts in outline paths: a document with attachments is
 * ["正文", "附件1", "附件2", …]; a single-part document has no label (paths start at 一、).
 */
export function partLabels(partCount: number): (string | null)[] {
  if (partCount <= 1) return [null];
  return Array.from({ length: partCount }, (_, i) => (i === 0 ? "正文" : `附件${i}`));
}
