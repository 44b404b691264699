/**
 * AI drafting (issue 16) — the shapes shared by prompt building, response parsing, verification
 * and acceptance. Pure data: the browser renders these, the server stores them (ai_suggestions).
 *
 * A model answer becomes one or more `Suggestion`s. A suggestion is a list of `SuggestionPart`s
 * (a paragraph, a question, an answer, a key figure's value …), each a plain text the officer can
 * edit, some carrying the clause paths the model cited for the claim. Verification produces
 * `Mark`s on the parts; a blocking mark on text the model wrote keeps the suggestion from being
 * accepted until the officer changes that text.
 */
import type { SectionKey } from "~/domain/vocabulary";

/** An outline path as the analyzer writes it: ["附件1", "二、", "（三）", "5."]. */
export type ClausePath = string[];

export const SECTION_TASKS = ["background", "basis", "purpose", "measures", "scope", "terms", "comparison"] as const satisfies readonly SectionKey[];

/** One request to the model; a full first draft runs all of them in this order. */
export const DRAFT_TASK_IDS = [
  "plan",
  ...SECTION_TASKS.map((k) => `sections.${k}` as const),
  "qa",
  "keyFigures",
  "charts",
  "graphics",
] as const;
export type DraftTaskId = (typeof DRAFT_TASK_IDS)[number];

export function isDraftTaskId(value: string): value is DraftTaskId {
  return (DRAFT_TASK_IDS as readonly string[]).includes(value);
}

/** Where an accepted suggestion goes in the package. */
export type SuggestionTarget =
  | { kind: "plan" }
  | { kind: "section"; key: SectionKey }
  | { kind: "qa" }
  /** index: the package's key figure it rewrites; null: a new one */
  | { kind: "keyFigure"; index: number | null }
  /** index: the package's chart; `chart`: a chart from the document's analysis, added on accept */
  | { kind: "chart"; index: number | null; chart?: SuggestedChart }
  /** index: the package's graphic; null: a new graphic of `templateId` with `slots` as its base */
  | { kind: "graphic"; index: number | null; templateId: string; templateVersion: number; slots: Record<string, unknown> };

/** A chart the analyzer found in the document (data from the document, never from the model). */
export type SuggestedChart = {
  type: "bar" | "hbar" | "stacked" | "donut" | "line" | "timeline" | "bignumber" | "grouped-bar" | "grouped-hbar";
  unit: string | null;
  source: string | null;
  data: { label: string; value: number | string; series?: string; date?: string }[];
};

export type SuggestionPart = {
  /** unique within the suggestion: "p0", "question", "answer", "value", "label", "title", "slot:figures.0.label" */
  key: string;
  /** what the officer sees above the text: "第 1 段", "问题", "说明" */
  label: string;
  text: string;
  multiline: boolean;
  /** the package's bound for this field (characters) */
  maxLength: number;
  /** may be empty (a key figure's unit, an optional slot) */
  optional?: boolean;
  /**
   * Verification: parts with the same `group` are checked as one phrase, in `order` ("城市低保标准"
   * + "885" + "元" reads like a figure in prose), under the 审校 field name `field`.
   */
  group: string;
  order: number;
  field: string;
  /** prose written to explain (sections, answers): judged for 摘抄 */
  prose?: boolean;
  /** the clause paths the model cited for this claim; undefined when the part states no claim */
  clauses?: ClausePath[];
};

export type Suggestion = {
  task: DraftTaskId;
  target: SuggestionTarget;
  /** Chinese heading of the card: "起草背景", "问答：……", "关键数字：……" */
  title: string;
  parts: SuggestionPart[];
  /** 解读方案: forms and channels the model proposes (checked against the lists) */
  plan?: { forms: string[]; channels: string[] };
};

export const MARK_KINDS = ["figure", "date", "count", "title", "docNumber", "citation", "copy", "length", "format", "check"] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export type Mark = {
  kind: MarkKind;
  /** the part the mark is on */
  part: string;
  /** offsets in the part's text (both -1 for a mark on the whole part, e.g. a citation) */
  start: number;
  end: number;
  excerpt: string;
  /** Chinese: what is wrong and what to do */
  message: string;
  /** the document's value or the fix, when known */
  expected: string | null;
  /** a fact the document does not support, or a bound the package refuses: accepting waits for an edit */
  blocking: boolean;
  /** citation marks: the cited path */
  clause?: ClausePath;
  /** the 审校 rule behind the mark, when there is one */
  rule?: string;
};

/** What the model and the prompt were, recorded with every suggestion (labelling, audit). */
export type Provenance = { model: string; endpoint: string; promptSha256: string; generatedAt: string };

/** A suggestion as the editor gets it: verified, with what blocks accepting it. */
export type ClientSuggestion = {
  id: number;
  suggestion: Suggestion;
  marks: Mark[];
  provenance: Provenance;
  acceptable: boolean;
  blockedBecause: string | null;
};

/** The events of a drafting run, as the server streams them to the editor. */
export type DraftEvent =
  | { type: "run"; runId: string; model: string; endpoint: string; tasks: { id: DraftTaskId; label: string }[] }
  | { type: "progress"; task: DraftTaskId; chars: number; thinking: boolean }
  | { type: "suggestions"; task: DraftTaskId; items: ClientSuggestion[] }
  | { type: "task-skipped"; task: DraftTaskId; message: string }
  | { type: "task-error"; task: DraftTaskId; message: string }
  | { type: "done"; ms: number; suggestions: number; failed: number; cancelled: boolean }
  | { type: "error"; message: string };

