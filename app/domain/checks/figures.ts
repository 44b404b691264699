/**
 * Figures, dates and deadlines in the interpretation (prose, Q&A, chart rows, graphic slots)
 * against the document's own figures, extracted by the analysis module's `extractFacts` — the
 * one figure extractor of the app.
 *
 *   same value and unit somewhere in the document            → fine
 *   same unit, different value, about the same thing          → error "文件为 294 项"
 *   (paired by the words around the figure: "改革任务", "日常考核")
 *   no such figure in the document                            → info (background facts are fine)
 */
import { describeClausePath } from "~/domain/analysis/clause-path";
import { extractFacts } from "~/domain/analysis/facts";
import type { Fact } from "~/domain/analysis/types";
import { contextOf, relatedness } from "./context";
import { type DocumentFigure, type DocumentIndex, figureGroup, figureKey } from "./document-index";
import type { Span } from "./counts";
import { fieldAt } from "./interpretation-text";
import type { Finding, InterpretationText } from "./types";

/** word pairs two figures' contexts must share to be "about the same thing" */
const MIN_RELATEDNESS = 2;

function overlaps(a: Span, spans: Span[]): boolean {
  return spans.some((s) => a.start < s.end && s.start < a.end);
}

function describeValue(f: Pick<Fact, "kind" | "value" | "unit" | "text">): string {
  if (figureGroup(f.kind) === "date") return f.text.replace(/^(到|至|截至|截止到|截止)/, "");
  return f.unit === "%" ? `${f.value}%` : `${f.value} ${f.unit}`;
}

function where(f: DocumentFigure): string {
  return f.path.length ? `（见${describeClausePath(f.path)}）` : "";
}

export function checkFigures(input: InterpretationText, doc: DocumentIndex, skip: Span[], referenceYear?: number): Finding[] {
  const findings: Finding[] = [];
  const { text } = input;
  const facts = extractFacts(text, undefined, { referenceYear });
  for (const fact of facts) {
    if (overlaps(fact, skip)) continue;
    const candidates = doc.figuresByKey.get(figureKey(fact)) ?? [];
    if (candidates.some((c) => c.value === fact.value)) continue;
    const field = fieldAt(input.segments, fact.start);
    const ctx = contextOf(text, fact.start, fact.end, fact.kind === "frequency");
    let best: DocumentFigure | null = null;
    let bestScore = MIN_RELATEDNESS - 1;
    for (const c of candidates) {
      const score = relatedness(ctx, c.context);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (best) {
      const isDate = figureGroup(fact.kind) === "date";
      findings.push({
        rule: isDate ? "date.mismatch" : "figure.mismatch",
        severity: "error",
        message: `${isDate ? "时间" : "数字"}与文件不一致：文件为 ${describeValue(best)}${where(best)}，解读写作“${fact.text}”。请改为与文件一致。`,
        excerpt: fact.text,
        offset: fact.start,
        expected: describeValue(best),
        field,
      });
    } else {
      findings.push({
        rule: "figure.unmatched",
        severity: "info",
        message: `文件中没有“${fact.text}”这个${figureGroup(fact.kind) === "date" ? "时间" : "数字"}。如是背景数据，请确认来源准确并注明出处。`,
        excerpt: fact.text,
        offset: fact.start,
        expected: null,
        field,
      });
    }
  }
  return findings;
}
