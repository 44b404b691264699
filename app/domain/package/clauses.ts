/** The document's outline as citable clauses for the Q&A clause picker ("第二部分第（三）项"). */
import { describeClausePath } from "~/domain/analysis/clause-path";
import type { Analysis, OutlineNode } from "~/domain/analysis/types";

export type ClauseOption = { path: string[]; label: string; title: string; level: number };

/** Part labels as the analyzer writes them in fact paths: "正文", "附件1" … (none for one part). */
function partLabel(part: object, index: number, count: number): string | null {
  if ("label" in part && (typeof part.label === "string" || part.label === null)) return part.label;
  if (count < 2) return null;
  return index === 0 ? "正文" : `附件${index}`;
}

/** Every outline node as a citable clause, in document order. */
export function clauseOptions(analysis: Analysis): ClauseOption[] {
  const out: ClauseOption[] = [];
  analysis.parts.forEach((part, index) => {
    const label = partLabel(part, index, analysis.parts.length);
    const prefix = label ? [label] : [];
    if (label && index > 0) out.push({ path: prefix, label: describeClausePath(prefix), title: part.title, level: 0 });
    const walk = (nodes: OutlineNode[], trail: string[]) => {
      for (const node of nodes) {
        const path = [...trail, node.marker];
        out.push({ path, label: describeClausePath(path), title: node.title.slice(0, 60), level: node.level });
        walk(node.children, path);
      }
    };
    walk(part.outline, prefix);
  });
  return out;
}
