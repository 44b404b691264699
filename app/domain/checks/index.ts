/**
 * 审校 — automatic checks of an interpretation, pure and fast (they run on every save).
 *
 *   interpretation (text | PackageContent | PackageData) → InterpretationText (one string + fields)
 *   document analysis → DocumentIndex (once per document; cache it)
 *   runChecks: counts → figures/dates (skipping counts judged against the outline) → titles →
 *              文号 → personal data → classified markings → word lists → 摘抄 → alt texts →
 *              channel limits; findings sorted by offset.
 *
 * Without a document only the rules that need none run (文号 format, personal data, markings,
 * words, enumeration counts, alt texts, channel limits).
 */
import { STARTER_WORD_RULES } from "./words";
import { checkAltTexts, checkChannelLimits } from "./accessibility";
import { checkClassified } from "./classified";
import { checkCounts } from "./counts";
import { checkDocNumbers } from "./doc-numbers";
import { DEFAULT_REQUIRED_ELEMENTS, type ElementsOptions, checkElements } from "./elements";
import type { DocumentIndex } from "./document-index";
import { checkFigures } from "./figures";
import { checkOverlap } from "./overlap";
import { checkPersonalData } from "./personal-data";
import { checkTitles } from "./titles";
import type { Finding, InterpretationText, Severity, WordRule } from "./types";
import { checkWords } from "./words";

export type { Finding, InterpretationText, Severity, WordRule } from "./types";
export { prepareDocument, type DocumentIndex } from "./document-index";
export {
  htmlToText,
  packageContentInterpretation,
  packageDataInterpretation,
  textInterpretation,
} from "./interpretation-text";
export { STARTER_WORD_RULES } from "./words";

export type CheckOptions = {
  document?: DocumentIndex | null;
  /** the word lists in force; defaults to the starter list */
  wordRules?: WordRule[];
  /** year to complete dates written without one ("8月底前") */
  referenceYear?: number;
  /** share of the whole interpretation copied from the document that warns (settings "overlap.warnShare") */
  overlapWarnShare?: number;
  /**
   * the 要素 check (elements.ts), when given: the required elements (default all) and whether the
   * document replaces another; the conditional elements read the document. Off when absent — a
   * snippet is not a whole interpretation; the app passes the settings (package-checks.server.ts).
   */
  elements?: Partial<ElementsOptions>;
};

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function runChecks(input: InterpretationText, options: CheckOptions = {}): Finding[] {
  const doc = options.document ?? null;
  const counts = checkCounts(input, doc);
  const findings: Finding[] = [
    ...counts.findings,
    ...(doc ? checkFigures(input, doc, counts.judged, options.referenceYear) : []),
    ...(doc ? checkTitles(input, doc) : []),
    ...checkDocNumbers(input, doc),
    ...checkPersonalData(input),
    ...checkClassified(input),
    ...checkWords(input, options.wordRules ?? STARTER_WORD_RULES),
    ...(doc ? checkOverlap(input, doc.shingles, doc.text, options.overlapWarnShare) : []),
    ...checkAltTexts(input),
    ...checkChannelLimits(input),
    ...(options.elements
      ? checkElements(input, {
          required: options.elements.required ?? DEFAULT_REQUIRED_ELEMENTS,
          documentText: options.elements.documentText ?? doc?.text ?? null,
          replacesAnother: options.elements.replacesAnother,
        })
      : []),
  ];
  return findings.sort((a, b) => a.offset - b.offset || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** Stable key of a finding for acknowledgements (finding_acks): survives edits elsewhere. */
export function findingKey(f: Finding): string {
  const basis = `${f.rule}|${f.field ?? ""}|${f.excerpt}|${f.expected ?? ""}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < basis.length; i++) {
    h ^= basis.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${f.rule}:${(h >>> 0).toString(16).padStart(8, "0")}`;
}
