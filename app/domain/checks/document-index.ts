/**
 * What the 审校 rules need to know about the policy document, computed once from its analysis
 * (documents.structure) and reused for every save of the interpretation: figures with the words
 * around them, the outline counts per part, the titles, and the 摘抄 shingles.
 */
import { flattenOutline } from "~/domain/analysis/outline";
import type { Analysis, DocNumber, Fact, OutlineNode } from "~/domain/analysis/types";
import { contextOf, type FigureContext } from "./context";
import { type FigureItem, bigramsOf, buildItems, derivedDeltas, learnListLabels } from "./figure-items";
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
  /** 第X章 and 第X条 headings, for documents written in chapters and articles */
  chapters: number;
  articles: number;
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
  /** what each figure is about (figure-items.ts), plus one virtual delta per change pair, by group */
  itemsByKey: Map<string, FigureItem[]>;
  /** lists of same-group figures in one sentence, by run id */
  runs: Map<number, FigureItem[]>;
  /** weight of a word pair: rare pairs tell items apart, pairs in every clause do not */
  wordWeight: (bigram: string) => number;
  parts: OutlineCounts[];
  /** headings with at least two items under them ("补贴项目和标准" with （一）…（六）), for "明确了6类补贴" */
  lists: { title: string; children: number }[];
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
    if (/^第.+章$/.test(n.marker)) counts.chapters++;
    else if (/^第.+条$/.test(n.marker)) counts.articles++;
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

/** Titles of the outline nodes holding `offset`, outermost first ("提高特困人员救助供养标准 基本生活标准"). */
function headingLocator(analysis: Analysis): (offset: number) => string {
  return (offset) => {
    const titles: string[] = [];
    for (const part of analysis.parts) {
      let level = part.outline;
      for (;;) {
        const hit = level.find((n) => offset >= n.start && offset < n.end);
        if (!hit) break;
        titles.push(hit.title);
        level = hit.children;
      }
      if (titles.length) break;
    }
    return titles.join(" ");
  };
}

function indexItems(analysis: Analysis, text: string): Pick<DocumentIndex, "itemsByKey" | "runs" | "wordWeight"> {
  const items = buildItems(text, analysis.facts, { headingAt: headingLocator(analysis) });
  // the 成文日期 under the signature stands alone; interpretations write it as the day the
  // document was issued ("于2024年6月12日印发")
  for (const it of items) {
    if (it.key === "date" && it.value === analysis.meta.date && it.near.size === 0) {
      bigramsOf("印发 成文 发布 出台 签发 印发实施", it.near);
      it.markers.set("issued", "issued");
      it.ownMarkers.add("issued");
    }
  }
  learnListLabels(items);
  const all = [...items, ...derivedDeltas(items)];
  const itemsByKey = new Map<string, FigureItem[]>();
  const runs = new Map<number, FigureItem[]>();
  const df = new Map<string, number>();
  for (const it of all) {
    const list = itemsByKey.get(it.key);
    if (list) list.push(it);
    else itemsByKey.set(it.key, [it]);
    if (it.run && !it.derived) {
      const run = runs.get(it.run.id);
      if (run) run.push(it);
      else runs.set(it.run.id, [it]);
    }
    for (const g of new Set([...it.near, ...it.wider, ...it.heading])) df.set(g, (df.get(g) ?? 0) + 1);
  }
  const n = all.length;
  const weights = new Map<string, number>();
  // smoothed so that a short document (four figures) still weighs its words
  for (const [g, count] of df) weights.set(g, Math.log(1 + (n + 1) / (count + 0.5)));
  const unseen = Math.log(1 + (n + 1) / 0.5);
  const wordWeight = (g: string): number => weights.get(g) ?? unseen;
  return { itemsByKey, runs, wordWeight };
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
        chapters: 0,
        articles: 0,
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
    ...indexItems(analysis, text),
    parts,
    lists: analysis.parts.flatMap((p) => flattenOutline(p.outline)).filter((n) => n.children.length >= 2).map((n) => ({ title: n.title, children: n.children.length })),
    shingles: shinglesOf(text),
    text,
  };
}
