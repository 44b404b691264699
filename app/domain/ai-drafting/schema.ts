/**
 * zod schemas of the stored suggestion shapes (ai_suggestions.suggestion / .marks) and of what the
 * editor posts back: only the texts and citations of the parts, by part key — the structure of a
 * suggestion always comes from what the model made and the server stored, never from the browser.
 */
import { z } from "zod";
import { DRAFT_TASK_IDS, MARK_KINDS, type Mark, SECTION_TASKS, type Suggestion, type SuggestionPart } from "./types";

const path = z.array(z.string().max(200)).max(12);

const partSchema: z.ZodType<SuggestionPart> = z.object({
  key: z.string().max(200),
  label: z.string().max(200),
  text: z.string().max(20_000),
  multiline: z.boolean(),
  maxLength: z.number().int(),
  optional: z.boolean().optional(),
  group: z.string().max(200),
  order: z.number().int(),
  field: z.string().max(200),
  prose: z.boolean().optional(),
  clauses: z.array(path).max(20).optional(),
});

const chartSchema = z.object({
  type: z.enum(["bar", "hbar", "stacked", "donut", "line", "timeline", "bignumber", "grouped-bar", "grouped-hbar"]),
  unit: z.string().nullable(),
  source: z.string().nullable(),
  data: z.array(z.object({ label: z.string(), value: z.union([z.number(), z.string()]), series: z.string().optional(), date: z.string().optional() })).max(100),
});

const targetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("plan") }),
  z.object({ kind: z.literal("section"), key: z.enum(SECTION_TASKS) }),
  z.object({ kind: z.literal("qa") }),
  z.object({ kind: z.literal("keyFigure"), index: z.number().int().nullable() }),
  z.object({ kind: z.literal("chart"), index: z.number().int().nullable(), chart: chartSchema.optional() }),
  z.object({ kind: z.literal("graphic"), index: z.number().int().nullable(), templateId: z.string(), templateVersion: z.number().int(), slots: z.record(z.unknown()) }),
]);

export const suggestionSchema: z.ZodType<Suggestion> = z.object({
  task: z.enum(DRAFT_TASK_IDS),
  target: targetSchema,
  title: z.string().max(300),
  parts: z.array(partSchema).min(1).max(200),
  plan: z.object({ forms: z.array(z.string()), channels: z.array(z.string()) }).optional(),
});

export const markSchema: z.ZodType<Mark> = z.object({
  kind: z.enum(MARK_KINDS),
  part: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  excerpt: z.string(),
  message: z.string(),
  expected: z.string().nullable(),
  blocking: z.boolean(),
  clause: path.optional(),
  rule: z.string().optional(),
});

export const marksSchema = z.array(markSchema);

/** The officer's edit of a suggestion: texts and citations by part key. */
export const partEditsSchema = z
  .array(z.object({ key: z.string().max(200), text: z.string().max(20_000), clauses: z.array(path).max(20).optional() }))
  .max(200);
export type PartEdits = z.infer<typeof partEditsSchema>;

/** The stored suggestion with the officer's texts and citations in place of the model's. */
export function withEdits(original: Suggestion, edits: PartEdits): Suggestion {
  return {
    ...original,
    parts: original.parts.map((p) => {
      const e = edits.find((x) => x.key === p.key);
      if (!e) return p;
      return { ...p, text: e.text, ...(p.clauses !== undefined && e.clauses !== undefined ? { clauses: e.clauses } : {}) };
    }),
  };
}

/** Whether the officer changed anything the model wrote. */
export function isEdited(original: Suggestion, current: Suggestion): boolean {
  return original.parts.some((p, i) => {
    const c = current.parts[i];
    return !c || c.text.trim() !== p.text.trim() || JSON.stringify(c.clauses ?? null) !== JSON.stringify(p.clauses ?? null);
  });
}
