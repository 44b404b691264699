/**
 * Document analysis: text in, `Analysis` out (pure, no I/O).
 *
 * Map of the flow:
 *   normalize (reversible offsets) → paragraphs → layout (metadata, cover notice, attached
 *   documents, 版记) → outline per part → facts with outline paths → responsibilities →
 *   tables (read from the text as given) → suggestions. Offsets everywhere index into the normalised text (`Analysis.text`).
 */
import { buildOutline, flattenOutline } from "./outline";
import { extractFacts, pathInOutline } from "./facts";
import { readLayout, splitParagraphs } from "./layout";
import { matchMarker } from "./markers";
import { type NormalizedText, normalize } from "./normalize";
import { extractResponsibilities } from "./responsibilities";
import { buildSuggestions } from "./suggestions";
import { readTables } from "./tables";
import type { Analysis, DocumentPart } from "./types";

export { describeClausePath } from "./clause-path";
export { extractFacts, pathInOutline, type PathSource } from "./facts";
export { findDocNumbers, parseDocNumber } from "./doc-number";
export { normalize, type NormalizedText } from "./normalize";
export { parseChineseNumeral } from "./chinese-numerals";
export { parseChineseDate } from "./dates";
export { flattenOutline };
export type * from "./types";

/** The offset in the normalised text of an original offset (the first character mapped at or after it). */
function normalizedOffset(normalized: NormalizedText, original: number): number {
  let lo = 0;
  let hi = normalized.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (normalized.toOriginalOffset(mid) < original) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function analyzeDocument(input: string): Analysis {
  return analyzeWithSource(input).analysis;
}

/** The analysis plus the normalisation, for callers that map offsets back to the original. */
export function analyzeWithSource(input: string): { analysis: Analysis; normalized: NormalizedText } {
  const normalized = normalize(input);
  const text = normalized.text;
  const paragraphs = splitParagraphs(text);
  const layout = readLayout(text, paragraphs);

  // Regulations numbered 第X章/第X条 report levels by depth; the 一、 family keeps fixed levels.
  const useDepthLevels = paragraphs.some((p) => {
    const kind = matchMarker(p.text)?.kind;
    return kind === "chapter" || kind === "article";
  });
  const parts = layout.parts.map((p) => ({
    ...p,
    outline: buildOutline(text, p.body, useDepthLevels),
  }));

  const locate = (offset: number): string[] => {
    const part = parts.find((p) => offset >= p.start && offset < p.end);
    if (!part) return [];
    const inner = pathInOutline(part.outline, offset);
    return part.label ? [part.label, ...inner] : inner;
  };
  const referenceYear = layout.meta.date ? Number(layout.meta.date.slice(0, 4)) : undefined;
  const facts = extractFacts(text, locate, { referenceYear });
  const responsibilities = extractResponsibilities(text, locate);
  // tables are read from the text as given: normalisation joins their rows
  const tables = readTables(normalized.original).map((t) => ({ ...t, start: normalizedOffset(normalized, t.start) }));
  const suggestions = buildSuggestions({ text, meta: layout.meta, parts, facts, locate, tables });

  const publicParts: DocumentPart[] = parts.map((p) => ({ title: p.title, outline: p.outline }));
  const analysis: Analysis = {
    meta: layout.meta,
    parts: publicParts,
    facts,
    responsibilities,
    suggestions,
    text,
  };
  return { analysis, normalized };
}
