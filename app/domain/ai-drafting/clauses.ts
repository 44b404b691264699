/**
 * The document as citable clauses, for grounding the model and checking what it cites.
 *
 * Every outline node is a clause (its path is the analyzer's: ["附件1", "二、", "（三）"]); its own
 * text is its heading and the words before its first child, so a clause never repeats its
 * children. The lines of a part outside every node (a cover notice, the preamble before "一、") are
 * a clause too, cited by the part label alone (["附件1"], ["正文"]). Retrieval picks, per task,
 * the clauses whose words and figures fit the task, in document order, within a character budget.
 */
import { describeClausePath } from "~/domain/analysis/clause-path";
import type { Analysis, OutlineNode } from "~/domain/analysis/types";
import type { DraftTaskId } from "./types";

export type ClauseUnit = {
  path: string[];
  /** "附件1第二部分第（三）项" */
  label: string;
  /** the heading ("聚焦中心工作加强信息公开"), or the part's title for a preamble */
  title: string;
  /** the clause's own text (heading and lead, not its children) */
  text: string;
  start: number;
  level: number;
};

/** Part labels as the analyzer writes them in fact paths: "正文", "附件1" … (none for one part). */
export function partLabels(analysis: Pick<Analysis, "parts">): (string | null)[] {
  const n = analysis.parts.length;
  return analysis.parts.map((_, i) => (n < 2 ? null : i === 0 ? "正文" : `附件${i}`));
}

export const pathKey = (path: readonly string[]): string => JSON.stringify(path);

export function clauseUnits(analysis: Analysis): ClauseUnit[] {
  const text = analysis.text ?? "";
  const labels = partLabels(analysis);
  const units: ClauseUnit[] = [];
  const covered: [number, number][] = [];
  analysis.parts.forEach((part, p) => {
    const prefix = labels[p] ? [labels[p] ?? ""] : [];
    const walk = (nodes: OutlineNode[], trail: string[]) => {
      for (const node of nodes) {
        const path = [...trail, node.marker];
        const ownEnd = node.children.length ? node.children[0].start : node.end;
        units.push({ path, label: describeClausePath(path), title: node.title, text: text.slice(node.start, ownEnd).trim(), start: node.start, level: node.level });
        walk(node.children, path);
      }
    };
    walk(part.outline, prefix);
    for (const top of part.outline) covered.push([top.start, top.end]);
  });
  // lines outside every node belong to the part whose title was seen last
  let part = 0;
  let at = 0;
  const preamble = new Map<number, { start: number; lines: string[] }>();
  for (const line of text.split("\n")) {
    const start = at;
    at += line.length + 1;
    const trimmed = line.trim();
    if (!trimmed) continue;
    const next = analysis.parts.findIndex((pt, i) => i > part && pt.title.replace(/\s+/g, "") === trimmed.replace(/\s+/g, ""));
    if (next > part) part = next;
    if (covered.some(([s, e]) => start >= s && start < e)) continue;
    const entry = preamble.get(part) ?? { start, lines: [] };
    entry.lines.push(trimmed);
    preamble.set(part, entry);
  }
  for (const [p, entry] of preamble) {
    const label = labels[p];
    const path = label ? [label] : [];
    units.push({ path, label: describeClausePath(path), title: analysis.parts[p]?.title ?? "", text: entry.lines.join("\n"), start: entry.start, level: 0 });
  }
  return units.sort((a, b) => a.start - b.start);
}

/** Every path the model may cite: each outline node and each part label. */
export function citablePaths(analysis: Analysis): Set<string> {
  const set = new Set<string>();
  for (const u of clauseUnits(analysis)) if (u.path.length) set.add(pathKey(u.path));
  for (const label of partLabels(analysis)) if (label) set.add(pathKey([label]));
  return set;
}

/** Whether clause `cited` covers what sits at `at`: the same clause, a clause inside it, or one around it. */
export function clauseCovers(cited: readonly string[], at: readonly string[]): boolean {
  const n = Math.min(cited.length, at.length);
  for (let i = 0; i < n; i++) if (cited[i] !== at[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Retrieval

/** Words that say a clause is about what the task writes (weights: how telling each is). */
const TASK_WORDS: Record<DraftTaskId, [RegExp, number][]> = {
  plan: [[/总体要求|主要任务|目标|重点/g, 2]],
  "sections.background": [[/为(进一步|深入|全面|贯彻|落实|加快|切实)|形势|背景|收官|关键之年|部署|问题|需要|近年来|当前/g, 2]],
  "sections.basis": [[/《[^》]{2,60}》|依据|根据|按照|贯彻|落实|精神|条例|规定|办法|意见/g, 2]],
  "sections.purpose": [[/目的|目标|旨在|为了|促进|提升|推动|保障|提高|更好/g, 2]],
  "sections.measures": [[/要|推进|加强|完善|建立|实施|开展|做好|落实|公开/g, 1]],
  "sections.scope": [[/适用|范围|对象|各镇|各部门|各单位|镇办|街道|自.{0,12}起|施行|执行|有效期|截至|前完成|年底前|月底前/g, 2]],
  "sections.terms": [[/是指|所称|指的是|包括|即/g, 3]],
  "sections.comparison": [[/调整|提高|降低|新增|取消|原|由.{0,20}(提高|调整|增加)到|不再|改为|变化/g, 2]],
  qa: [[/要|可以|应当|如何|怎样|时间|前完成|标准|条件|办理|申请/g, 1]],
  keyFigures: [],
  charts: [],
  graphics: [],
};

/** Tasks about figures: clauses holding figures come first. */
const FIGURE_TASKS = new Set<DraftTaskId>(["qa", "keyFigures", "charts", "graphics", "sections.measures", "sections.scope", "sections.comparison"]);

function scoreUnit(unit: ClauseUnit, task: DraftTaskId, figuresIn: number): number {
  let score = 0;
  for (const [re, weight] of TASK_WORDS[task]) score += (unit.text.match(re)?.length ?? 0) * weight;
  if (FIGURE_TASKS.has(task)) score += figuresIn * 3;
  // the preamble says why and by what authority; the first level says what
  if (unit.level === 0 && (task === "sections.background" || task === "sections.basis" || task === "sections.purpose")) score += 6;
  if (unit.level === 1) score += 1;
  return score;
}

const MAX_UNIT_CHARS = 700;

export type RetrievedClause = ClauseUnit & { excerpt: string };

/**
 * The clauses worth showing the model for `task`, best first until `budget` characters, then
 * put back in document order (the model reads them like the document).
 */
export function retrieveClauses(analysis: Analysis, task: DraftTaskId, budget: number, units: ClauseUnit[] = clauseUnits(analysis)): RetrievedClause[] {
  const figuresByPath = new Map<string, number>();
  for (const f of analysis.facts) {
    const k = pathKey(f.path);
    figuresByPath.set(k, (figuresByPath.get(k) ?? 0) + 1);
  }
  const ranked = units
    .filter((u) => u.text.length > 0)
    .map((u, i) => ({ u, i, score: scoreUnit(u, task, figuresByPath.get(pathKey(u.path)) ?? 0) }))
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const chosen: { u: ClauseUnit; i: number; excerpt: string }[] = [];
  let used = 0;
  for (const { u, i } of ranked) {
    const excerpt = u.text.length > MAX_UNIT_CHARS ? `${u.text.slice(0, MAX_UNIT_CHARS)}……` : u.text;
    if (used + excerpt.length > budget) {
      if (used > 0) continue;
      chosen.push({ u, i, excerpt: excerpt.slice(0, Math.max(0, budget)) });
      break;
    }
    chosen.push({ u, i, excerpt });
    used += excerpt.length + u.label.length + 8;
  }
  return chosen.sort((a, b) => a.i - b.i).map(({ u, excerpt }) => ({ ...u, excerpt }));
}
