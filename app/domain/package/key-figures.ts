/**
 * 数说政策 key figures and the timeline as package content. A package starts with the intake
 * suggestions (the analysis of the document), cut to the card bounds the exporter promises to fit
 * (app/domain/package-data.ts); from then on they are the officer's, edited in the package editor,
 * and the exporter prints only what is stored. Migration 0010 applies the same rule in SQL to
 * packages created before (ADR 0005).
 */
import { z } from "zod";
import type { DeadlineContent, KeyFigureContent } from "./content";
import { LIMITS, isCalendarDate } from "./schema";

/** What the analysis suggests, read defensively: a stored structure may predate any field. */
const suggestionsSchema = z.object({
  suggestions: z.object({
    keyFigures: z.array(z.object({ value: z.coerce.string(), unit: z.string().nullish(), label: z.string() }).passthrough()).catch([]),
    timeline: z.array(z.object({ date: z.string(), label: z.string() }).passthrough()).catch([]),
  }),
});

/** `text` cut to `max` characters with an ellipsis, as the exporter used to print it. */
function cut(value: string, max: number): string {
  const v = value.trim();
  return v.length > max ? `${v.slice(0, max - 1)}…` : v;
}

export type StartingFigures = { keyFigures: KeyFigureContent[]; timeline: DeadlineContent[] };

/**
 * The key figures and timeline a package starts with, from a document analysis (or a stored
 * `documents.structure`): the first 12 of each, cut to the card bounds; a suggestion without a
 * value, label or calendar date is left out rather than printed as a placeholder.
 */
export function startingFigures(analysis: unknown): StartingFigures {
  const parsed = suggestionsSchema.safeParse(analysis);
  if (!parsed.success) return { keyFigures: [], timeline: [] };
  const { keyFigures, timeline } = parsed.data.suggestions;
  return {
    keyFigures: keyFigures
      .slice(0, LIMITS.keyFigures)
      .map((k) => ({
        value: cut(k.value, LIMITS.keyFigureValue),
        unit: k.unit?.trim() ? cut(k.unit, LIMITS.keyFigureUnit) : null,
        label: cut(k.label, LIMITS.keyFigureLabel),
      }))
      .filter((k) => k.value && k.label),
    timeline: timeline
      .filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.date))
      .slice(0, LIMITS.timeline)
      .map((t) => ({ date: t.date, label: cut(t.label, LIMITS.deadlineLabel) }))
      .filter((t) => t.label && isCalendarDate(t.date)),
  };
}

