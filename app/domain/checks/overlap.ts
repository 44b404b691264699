/**
 * 摘抄 (excerpt) detection: how much of an interpretation field is copied from the document.
 * Both texts are compacted (no spaces or punctuation) and cut into fixed-length shingles; a
 * character counts as copied when a shingle covering it occurs in the document. A field that is
 * mostly copied is a 摘抄/压缩 of the document, which the rules say an interpretation must not be.
 */
import { DEFAULT_WARN_SHARE, measureOverlap } from "~/domain/package/overlap";
import type { Finding, InterpretationText } from "./types";

export const SHINGLE = 12;
/** a field at least this long (compacted) is judged */
const MIN_FIELD = 60;
export const FIELD_THRESHOLD = 0.6;
/** the whole interpretation: the package editor's measure and threshold, so both agree */
export const OVERALL_THRESHOLD = DEFAULT_WARN_SHARE;

const NOISE = /[\s\u3000，。；：、！？,.;:!?（）()【】《》“”"'‘’—…·]/g;

export function compact(text: string): string {
  return text.replace(NOISE, "");
}

export function shinglesOf(text: string): Set<string> {
  const c = compact(text);
  const set = new Set<string>();
  for (let i = 0; i + SHINGLE <= c.length; i++) set.add(c.slice(i, i + SHINGLE));
  return set;
}

/** Share (0–1) of the text's characters covered by shingles found in the document. */
export function overlapRatio(text: string, documentShingles: Set<string>): { ratio: number; copied: number; total: number } {
  const c = compact(text);
  if (c.length < SHINGLE) return { ratio: 0, copied: 0, total: c.length };
  const covered = new Uint8Array(c.length);
  for (let i = 0; i + SHINGLE <= c.length; i++) {
    if (documentShingles.has(c.slice(i, i + SHINGLE))) covered.fill(1, i, i + SHINGLE);
  }
  let copied = 0;
  for (const v of covered) copied += v;
  return { ratio: copied / c.length, copied, total: c.length };
}

const PROSE_FIELD = /^(sections\.|qa\[\d+\]\.answer|cases\[\d+\]\.(situation|explanation|body))/;

export function checkOverlap(input: InterpretationText, documentShingles: Set<string>, documentText: string, overallThreshold = OVERALL_THRESHOLD): Finding[] {
  const findings: Finding[] = [];
  const prose: string[] = [];
  for (const seg of input.segments) {
    if (!PROSE_FIELD.test(seg.field) && seg.field !== "text") continue;
    const text = input.text.slice(seg.start, seg.end);
    const r = overlapRatio(text, documentShingles);
    prose.push(text);
    if (r.total >= MIN_FIELD && r.ratio >= FIELD_THRESHOLD && seg.field !== "text") {
      findings.push({
        rule: "overlap.excerpt",
        severity: "warning",
        message: `“${seg.label}”有 ${Math.round(r.ratio * 100)}% 的文字照抄文件原文，属于摘抄。请用通俗的话说明背景、目的和具体怎么办，不要照搬条文。`,
        excerpt: text.slice(0, 40),
        offset: seg.start,
        expected: null,
        field: seg.field,
      });
    }
  }
  const overall = measureOverlap(prose.join("\n"), documentText);
  if (overall.total >= MIN_FIELD && overall.share >= overallThreshold) {
    findings.push({
      rule: "overlap.overall",
      severity: "warning",
      message: `解读材料整体有 ${Math.round(overall.share * 100)}% 的文字与文件原文相同，是文件的摘抄或压缩。请重写为解释性的内容。`,
      excerpt: input.text.slice(0, Math.min(40, input.text.length)),
      offset: 0,
      expected: null,
    });
  }
  return findings;
}
