/**
 * Verification of a model suggestion against the document, before the officer sees it and after
 * every edit. The document decides; the model's word counts for nothing.
 *
 *   1. the parts are put together as 审校 reads a package (a key figure reads "说明 数字 单位",
 *      answers under their question) and run through `runChecks` with the document: every
 *      figure, date, count, 《title》 and 文号 it flags — a wrong value, a value the document does
 *      not have, a count the structure contradicts — is an unverified claim
 *   2. every 《title》 the document does not mention is unverified (the checks leave other
 *      documents alone; a model that names one may have invented it)
 *   3. every cited clause must exist in the outline; a figure the document states, cited to a
 *      clause that does not hold it, is a wrong citation; a claim with no clause is noted
 *   4. 摘抄: prose whose share copied from the document is over `overlap.warnShare` is flagged
 *   5. the package's bounds (lengths, required texts, a 图解 template's slot rules)
 *
 * Marks of kinds figure/date/count/title/docNumber/citation/length/format block acceptance
 * (acceptance.ts decides which still do after an edit); copy and other 审校 findings inform.
 */
import { extractFacts } from "~/domain/analysis/facts";
import type { Analysis, Fact } from "~/domain/analysis/types";
import { type DocumentIndex, type Finding, type InterpretationText, type WordRule, runChecks } from "~/domain/checks";
import { measureOverlap } from "~/domain/package/overlap";
import { templateRegistry } from "../../../templates/registry";
import { TEMPLATE_IDS, type TemplateId } from "~/domain/vocabulary";
import { citablePaths, clauseCovers, pathKey } from "./clauses";
import { slotsWithTexts } from "./slots";
import { describeCitation } from "./tasks";
import type { ClausePath, Mark, MarkKind, Suggestion, SuggestionPart } from "./types";

export type VerifyContext = {
  document: DocumentIndex;
  analysis: Analysis;
  /** pathKey of every citable clause */
  citable: Set<string>;
  /** settings "overlap.warnShare" (0–1) */
  warnShare: number;
  referenceYear?: number;
  wordRules?: WordRule[];
};

export function verifyContext(analysis: Analysis, document: DocumentIndex, options: { warnShare: number; wordRules?: WordRule[] }): VerifyContext {
  const year = analysis.meta.date ? Number(analysis.meta.date.slice(0, 4)) : undefined;
  return { document, analysis, citable: citablePaths(analysis), warnShare: options.warnShare, referenceYear: year, wordRules: options.wordRules };
}

// ---------------------------------------------------------------------------------------------
// 1. The suggestion as an interpretation text

type Piece = { part: SuggestionPart; start: number; end: number };
type Group = { id: string; field: string; start: number; end: number; text: string; pieces: Piece[] };

const SEPARATOR = "\n\n";

function groupsOf(parts: SuggestionPart[]): Group[] {
  const order: string[] = [];
  const byId = new Map<string, SuggestionPart[]>();
  for (const p of parts) {
    if (!byId.has(p.group)) {
      order.push(p.group);
      byId.set(p.group, []);
    }
    byId.get(p.group)?.push(p);
  }
  const groups: Group[] = [];
  let at = 0;
  for (const id of order) {
    const members = [...(byId.get(id) ?? [])].sort((a, b) => a.order - b.order);
    const pieces: Piece[] = [];
    let text = "";
    for (const part of members) {
      pieces.push({ part, start: text.length, end: text.length + part.text.length });
      text += part.text;
    }
    if (!text.trim()) continue;
    if (groups.length) at += SEPARATOR.length;
    groups.push({ id, field: members[0].field, start: at, end: at + text.length, text, pieces });
    at += text.length;
  }
  return groups;
}

function interpretationOf(groups: Group[]): InterpretationText {
  return {
    text: groups.map((g) => g.text).join(SEPARATOR),
    segments: groups.map((g) => ({ field: g.field, label: g.id, start: g.start, end: g.end })),
    images: [],
    channelTitles: [],
  };
}

/** The piece holding group offset `at` (the last piece for an offset at the very end). */
function pieceAt(group: Group, at: number): Piece {
  return group.pieces.find((p) => at >= p.start && at < p.end) ?? group.pieces[group.pieces.length - 1];
}

/** A mark on a group's text [start, end), placed on the piece where it starts (cut to that piece). */
function markIn(group: Group, start: number, end: number, mark: Omit<Mark, "part" | "start" | "end" | "excerpt">): Mark {
  const piece = pieceAt(group, start);
  const s = Math.max(0, start - piece.start);
  const e = Math.min(piece.part.text.length, end - piece.start);
  return { ...mark, part: piece.part.key, start: s, end: Math.max(s, e), excerpt: piece.part.text.slice(s, Math.max(s, e)) };
}

const DATE_WORDS = /\d{4}年|[0-9一二三四五六七八九十]{1,2}月|[年月]底|[0-9一二三四五六七八九十]{1,3}日/;

/** "2020年10月底前", "9月3日" — a date; "3个工作日", "10万元" are figures. */
function looksLikeDate(excerpt: string): boolean {
  return DATE_WORDS.test(excerpt) && !/[个项件元%‰人户家次篇分倍]/.test(excerpt);
}

function kindOfFinding(f: Finding): MarkKind | null {
  if (f.rule === "figure.mismatch") return "figure";
  if (f.rule === "date.mismatch") return "date";
  if (f.rule === "figure.unmatched") return looksLikeDate(f.excerpt) ? "date" : "figure";
  if (f.rule.startsWith("count.")) return "count";
  if (f.rule.startsWith("title.")) return "title";
  if (f.rule.startsWith("docnumber.")) return "docNumber";
  // 摘抄 is judged on the whole suggestion below; images and channel titles are not suggestions' business
  if (f.rule.startsWith("overlap.") || f.rule.startsWith("a11y.") || f.rule.startsWith("channel.")) return null;
  return "check";
}

/** Why an unverified claim blocks, in the officer's words. */
const WHAT: Partial<Record<MarkKind, string>> = { figure: "数字", date: "日期", count: "数量", title: "文件名称", docNumber: "文号" };

function unverifiedMessage(kind: MarkKind, f: Finding): string {
  const what = WHAT[kind] ?? "内容";
  // the 审校 message already names the document's value and where it stands; said once
  if (f.expected) return `模型写的${what}“${f.excerpt}”未经文件核实。${f.message}改正后才能采纳。`;
  return `模型写的${what}“${f.excerpt}”在文件中没有找到，可能是模型编造的。请改为文件中的${what}或删去后再采纳。`;
}

function checkFindings(groups: Group[], ctx: VerifyContext): Mark[] {
  const input = interpretationOf(groups);
  if (!input.text.trim()) return [];
  // overall 摘抄 is measured below on the prose only; a share above 1 never warns
  const findings = runChecks(input, { document: ctx.document, referenceYear: ctx.referenceYear, wordRules: ctx.wordRules, overlapWarnShare: 2 });
  const marks: Mark[] = [];
  for (const f of findings) {
    const kind = kindOfFinding(f);
    if (!kind) continue;
    const group = groups.find((g) => f.offset >= g.start && f.offset < g.end);
    if (!group) continue;
    const start = f.offset - group.start;
    const blocking = kind !== "check";
    marks.push(
      markIn(group, start, start + f.excerpt.length, {
        kind,
        message: blocking ? unverifiedMessage(kind, f) : f.message,
        expected: f.expected,
        blocking,
        rule: f.rule,
      }),
    );
  }
  return marks;
}

// ---------------------------------------------------------------------------------------------
// 2. Titles the document does not mention

const compact = (s: string) => s.replace(/[\s\u3000]+/g, "");

function titleMarks(groups: Group[], ctx: VerifyContext, taken: Mark[]): Mark[] {
  const documentText = compact(ctx.document.text);
  const marks: Mark[] = [];
  for (const g of groups) {
    for (const m of g.text.matchAll(/《([^《》\n]{1,80})》/g)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const title = compact(m[1]);
      if (!title || documentText.includes(title)) continue;
      const mark = markIn(g, start, end, {
        kind: "title",
        message: `文件中没有提到《${m[1]}》。模型可能编造或记错了文件名称：请核实，改为文件中提到的名称，或删去后再采纳。`,
        expected: null,
        blocking: true,
        rule: "ai.title-unknown",
      });
      if (!taken.some((t) => t.part === mark.part && t.start < mark.end && mark.start < t.end)) marks.push(mark);
    }
  }
  return marks;
}

// ---------------------------------------------------------------------------------------------
// 3. Citations

function figureKey(f: Pick<Fact, "kind" | "unit">): string {
  return f.kind === "date" || f.kind === "deadline" ? "date" : `n|${f.unit}`;
}

function sameValue(a: number | string, b: number | string): boolean {
  return typeof a === "number" && typeof b === "number" ? Math.abs(a - b) < 1e-6 : String(a) === String(b);
}

function citationMarks(groups: Group[], ctx: VerifyContext, unverified: Mark[]): Mark[] {
  const marks: Mark[] = [];
  for (const g of groups) {
    const holder = g.pieces.find((p) => p.part.clauses !== undefined)?.part;
    if (!holder) continue;
    const clauses = holder.clauses ?? [];
    const whole = { part: holder.key, start: -1, end: -1 };
    const facts = extractFacts(g.text, undefined, { referenceYear: ctx.referenceYear });
    if (clauses.length === 0) {
      if (facts.length > 0 || g.pieces.some((p) => p.part.prose))
        marks.push({ ...whole, kind: "citation", excerpt: "", message: "这一条没有注明依据的条款。请对照原文，为它选择依据的条款。", expected: null, blocking: false, rule: "citation.missing" });
      continue;
    }
    const real: ClausePath[] = [];
    for (const path of clauses) {
      if (ctx.citable.has(pathKey(path))) {
        real.push(path);
        continue;
      }
      marks.push({
        ...whole,
        kind: "citation",
        excerpt: describeCitation(path),
        message: `引用的条款“${describeCitation(path)}”在文件中不存在（文件提纲中没有 ${JSON.stringify(path)}）。请改为文件中的条款，或删去这条依据。`,
        expected: null,
        blocking: true,
        clause: path,
        rule: "citation.unknown",
      });
    }
    if (real.length === 0) continue;
    // a figure the document states, cited to clauses that do not hold it
    for (const f of facts) {
      const piece = pieceAt(g, f.start);
      const local = f.start - piece.start;
      if (unverified.some((m) => m.part === piece.part.key && m.start < local + f.text.length && local < m.end)) continue;
      const stated = ctx.analysis.facts.filter((d) => figureKey(d) === figureKey(f) && sameValue(d.value, f.value));
      if (stated.length === 0 || stated.some((d) => real.some((c) => clauseCovers(c, d.path)))) continue;
      const where = [...new Set(stated.map((d) => describeCitation(d.path)))].slice(0, 3).join("、");
      marks.push(
        markIn(g, f.start, f.end, {
          kind: "citation",
          message: `“${f.text}”不在所引的条款（${real.map(describeCitation).join("、")}）中，文件在${where}写明。请把依据改为正确的条款。`,
          expected: where,
          blocking: true,
          rule: "citation.mismatch",
        }),
      );
    }
  }
  return marks;
}

// ---------------------------------------------------------------------------------------------
// 4. 摘抄, 5. bounds

function copyMark(parts: SuggestionPart[], ctx: VerifyContext): Mark[] {
  const prose = parts.filter((p) => p.prose && p.text.trim());
  if (prose.length === 0) return [];
  const overlap = measureOverlap(prose.map((p) => p.text).join("\n"), ctx.document.text);
  if (overlap.total < 40 || overlap.share <= ctx.warnShare) return [];
  const share = Math.round(overlap.share * 100);
  const passage = overlap.passages[0] ?? "";
  return [
    {
      kind: "copy",
      part: prose[0].key,
      start: -1,
      end: -1,
      excerpt: passage.slice(0, 40),
      message: `这条建议有 ${share}% 的文字与文件原文相同（摘抄），超过设置的 ${Math.round(ctx.warnShare * 100)}%。请改写成解释性的语言${passage ? `，例如照抄了“${passage.slice(0, 30)}${passage.length > 30 ? "…" : ""}”` : ""}。`,
      expected: null,
      blocking: false,
      rule: "overlap.excerpt",
    },
  ];
}

function boundMarks(parts: SuggestionPart[]): Mark[] {
  const marks: Mark[] = [];
  for (const p of parts) {
    const length = p.text.trim().length;
    if (!p.optional && length === 0)
      marks.push({ kind: "length", part: p.key, start: -1, end: -1, excerpt: "", message: `“${p.label}”不能为空，请填写。`, expected: null, blocking: true, rule: "bound.required" });
    else if (length > p.maxLength)
      marks.push({
        kind: "length",
        part: p.key,
        start: -1,
        end: -1,
        excerpt: "",
        message: `“${p.label}”有 ${length} 个字，超过 ${p.maxLength} 个字的上限，请精简。`,
        expected: null,
        blocking: true,
        rule: "bound.length",
      });
  }
  return marks;
}

function isTemplateId(v: string): v is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(v);
}

function graphicMarks(s: Suggestion): Mark[] {
  if (s.target.kind !== "graphic") return [];
  const id = s.target.templateId;
  if (!isTemplateId(id)) return [];
  const result = templateRegistry[id].slots.safeParse(slotsWithTexts(s.target.slots, s.parts));
  if (result.success) return [];
  return result.error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.join(".");
    const p = s.parts.find((x) => x.key === `slot:${path}`) ?? s.parts[0];
    const problem = issue.code === "too_big" ? "过长，请精简" : issue.code === "too_small" ? "不能为空或过短，请填写" : "格式不符合模板要求";
    return { kind: "format", part: p.key, start: -1, end: -1, excerpt: "", message: `图解的“${path || "内容"}”${problem}。`, expected: null, blocking: true, rule: "graphic.slots" };
  });
}

// ---------------------------------------------------------------------------------------------

export function verifySuggestion(s: Suggestion, ctx: VerifyContext): Mark[] {
  const groups = groupsOf(s.parts);
  const checked = checkFindings(groups, ctx);
  const titles = titleMarks(groups, ctx, checked);
  const unverified = [...checked, ...titles].filter((m) => m.blocking);
  const marks = [...checked, ...titles, ...citationMarks(groups, ctx, unverified), ...copyMark(s.parts, ctx), ...boundMarks(s.parts), ...graphicMarks(s)];
  const partOrder = new Map(s.parts.map((p, i) => [p.key, i]));
  return marks.sort((a, b) => (partOrder.get(a.part) ?? 0) - (partOrder.get(b.part) ?? 0) || a.start - b.start);
}
