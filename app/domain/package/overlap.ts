/**
 * 摘抄 measure: how much of an interpretation is lifted verbatim from the document.
 *
 * Both texts are reduced to their meaningful characters (CJK, letters, digits — punctuation,
 * spaces and line breaks vary between copies and say nothing), the document's character n-grams
 * go into a set, and every character of the interpretation covered by an n-gram found in the
 * document counts as copied. Share = copied / all meaningful characters. Runs of copied
 * characters are mapped back to the interpretation's own text and returned as the passages, so
 * the editor can show *what* was copied, not only how much.
 */

export type OverlapResult = {
  /** 0…1, the share of the interpretation's characters found in the document */
  share: number;
  /** meaningful characters of the interpretation */
  total: number;
  copied: number;
  /** copied passages as they stand in the interpretation, longest first */
  passages: string[];
};

export const DEFAULT_NGRAM = 8;
/** Above this share the editor warns of 摘抄 (configurable through settings "overlap.warnShare"). */
export { DEFAULT_WARN_SHARE } from "~/domain/settings";

const MEANINGFUL = /[\p{Script=Han}\p{L}\p{N}]/u;

function meaningful(text: string): { chars: string[]; origin: number[] } {
  const chars: string[] = [];
  const origin: number[] = [];
  let index = 0;
  for (const ch of text) {
    if (MEANINGFUL.test(ch)) {
      chars.push(ch.toLowerCase());
      origin.push(index);
    }
    index += ch.length;
  }
  return { chars, origin };
}

export function measureOverlap(interpretation: string, document: string, n = DEFAULT_NGRAM): OverlapResult {
  const a = meaningful(interpretation);
  const b = meaningful(document);
  const total = a.chars.length;
  if (total === 0 || b.chars.length < n) return { share: 0, total, copied: 0, passages: [] };
  const grams = new Set<string>();
  for (let i = 0; i + n <= b.chars.length; i++) grams.add(b.chars.slice(i, i + n).join(""));
  const covered = new Uint8Array(total);
  for (let i = 0; i + n <= total; i++) {
    if (grams.has(a.chars.slice(i, i + n).join(""))) covered.fill(1, i, i + n);
  }
  let copied = 0;
  const passages: string[] = [];
  let runStart = -1;
  for (let i = 0; i <= total; i++) {
    if (i < total && covered[i]) {
      copied++;
      if (runStart === -1) runStart = i;
    } else if (runStart !== -1) {
      const endChar = i - 1;
      const from = a.origin[runStart];
      const lastCode = interpretation.codePointAt(a.origin[endChar]) ?? 0;
      const to = a.origin[endChar] + (lastCode > 0xffff ? 2 : 1);
      passages.push(interpretation.slice(from, to).replace(/\s+/g, " ").trim());
      runStart = -1;
    }
  }
  passages.sort((x, y) => y.length - x.length);
  return { share: copied / total, total, copied, passages };
}

/** "62%" — shown to the user with the passages. */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}%`;
}
