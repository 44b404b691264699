/**
 * What the 审校 rules need to know about the policy document, computed once from its analysis
 * (documents.structure) and reused for every save of the interpretation: figures with the words
 * around them, the outline counts per part, the titles, and the 摘抄 shingles.
 */
import type { Analysis, DocNumber, Fact, OutlineNode } from "~/domain/analysis/types";
import { contextOf, type FigureContext } from "./context";
import { shinglesOf } from "./overlap";

export type DocumentFigure = Fact & { context: FigureContext };

export type OutlineCounts = {
  title: string;
  /** 一、 level */
  level1: number;
  /** （一） level */
  level2: number;
  /** 1. level */
  level3: number;
  lastMarkers: { level1: string | null; level2: string | null; level3: string | null };
};

export type DocumentIndex = {
  title: string;
  /** the document's title and the titles of its attached documents, spaces removed */
  titles: string[];
  docNumber: DocNumber | null;
  figures: DocumentFigure[];
  /** figures keyed by `${group}|${unit}` (group: "number" or "date") */
  figuresByKey: Map<string, DocumentFigure[]>;
  parts: OutlineCounts[];
  /** 摘抄 detection: fixed-length substrings of the document text, and the text itself */
  shingles: Set<string>;
  text: string;
};

export function figureGroup(kind: Fact["kind"]): "number" | "date" {
  return kind === "date" || kind === "deadline" ? "date" : "number";
}

export function figureKey(fact: Pick<Fact, "kind" | "unit">): string {
  const group = figureGroup(fact.kind);
  return group === "date" ? "date" : `number|${fact.unit}`;
}

export const compactTitle = (s: string): string => s.replace(/[\s\u3000]+/g, "");

function countLevels(nodes: OutlineNode[], counts: OutlineCounts): void {
  for (const n of nodes) {
    if (n.level === 1) {
      counts.level1++;
      counts.lastMarkers.level1 = n.marker;
    } else if (n.level === 2) {
      counts.level2++;
      counts.lastMarkers.level2 = n.marker;
    } else if (n.level === 3) {
      counts.level3++;
      counts.lastMarkers.level3 = n.marker;
    }
    countLevels(n.children, counts);
  }
}

/** `text` is the normalised document text the analysis offsets index into. */
export function prepareDocument(analysis: Analysis, text = analysis.text ?? ""): DocumentIndex {
  const figures: DocumentFigure[] = analysis.facts.map((f) => ({ ...f, context: contextOf(text, f.start, f.end, f.kind === "frequency") }));
  const figuresByKey = new Map<string, DocumentFigure[]>();
  for (const f of figures) {
    const key = figureKey(f);
    const list = figuresByKey.get(key);
    if (list) list.push(f);
    else figuresByKey.set(key, [f]);
  }
  const parts = analysis.parts
    .filter((p) => p.outline.length > 0)
    .map((p) => {
      const counts: OutlineCounts = {
        title: p.title,
        level1: 0,
        level2: 0,
        level3: 0,
        lastMarkers: { level1: null, level2: null, level3: null },
      };
      countLevels(p.outline, counts);
      return counts;
    });
  const titles = [analysis.meta.title, ...analysis.meta.attachments, ...analysis.parts.map((p) => p.title)]
    .map(compactTitle)
    .filter((t, i, all) => t.length > 0 && all.indexOf(t) === i);
  return {
    title: analysis.meta.title,
    titles,
    docNumber: analysis.meta.docNumber,
    figures,
    figuresByKey,
    parts,
    shingles: shinglesOf(text),
    text,
  };
}
