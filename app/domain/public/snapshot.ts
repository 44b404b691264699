/**
 * `packages.published_snapshot` is JSON frozen at publish time. The public site reads it through
 * this schema: a malformed or older snapshot degrades (missing parts become empty) instead of
 * crashing a public page, and no `as` cast is needed to get a typed PackageContent.
 */
import { z } from "zod";
import type { PackageContent } from "~/domain/package/content";
import { CHART_TYPES } from "~/domain/vocabulary";
import { MEDIA_KINDS } from "~/domain/vocabulary";
import { readVideoContent } from "~/domain/video/storyboard";

const text = z.string().catch("");
const optionalText = z.string().nullish().catch(null);

const node = z.object({
  question: text,
  answer: text,
  clauseRefs: z.array(z.array(z.string())).catch([]),
});

const chartRow = z.object({
  label: z.coerce.string(),
  value: z.union([z.number(), z.string()]),
  series: z.string().optional().catch(undefined),
  date: z.string().optional().catch(undefined),
});

const chart = z.object({
  type: z.enum(CHART_TYPES).catch("bar"),
  title: text,
  subtitle: optionalText,
  unit: optionalText,
  source: optionalText,
  palette: optionalText,
  data: z.array(chartRow).catch([]),
  spec: z.unknown().optional(),
  altText: optionalText,
  dataTable: optionalText,
});

const graphic = z.object({
  templateId: text,
  templateVersion: z.number().catch(1),
  slots: z.record(z.unknown()).catch({}),
  altText: optionalText,
  longDescription: optionalText,
});

const caseItem = z.object({ title: text, situation: text, explanation: text });

const keyFigure = z.object({ value: z.coerce.string(), unit: z.string().nullable().catch(null), label: z.string() });
const deadline = z.object({ date: z.string(), label: z.string() });

const media = z.object({
  kind: z.enum(MEDIA_KINDS).catch("briefing"),
  date: optionalText,
  speaker: optionalText,
  speakerIsHead: z.boolean().catch(false),
  link: optionalText,
  transcript: optionalText,
});

const sections = z
  .object({
    background: z.string().optional().catch(undefined),
    basis: z.string().optional().catch(undefined),
    purpose: z.string().optional().catch(undefined),
    measures: z.string().optional().catch(undefined),
    scope: z.string().optional().catch(undefined),
    terms: z.string().optional().catch(undefined),
    comparison: z.string().optional().catch(undefined),
  })
  .catch({});

const plan = z
  .object({
    forms: z.array(z.string()).catch([]),
    channels: z.array(z.string()).catch([]),
    interpreterId: z.number().nullable().catch(null),
    interpreterName: z.string().nullable().catch(null),
    plannedRelease: z.string().nullable().catch(null),
    outline: z.string().optional().catch(undefined),
  })
  .catch({ forms: [], channels: [], interpreterId: null, interpreterName: null, plannedRelease: null });

/** Lists keep their valid items and drop broken ones. */
function listOf<O>(item: z.ZodType<O, z.ZodTypeDef, unknown>) {
  return z
    .array(z.unknown())
    .catch([])
    .transform((items) => items.flatMap((raw) => {
      const r = item.safeParse(raw);
      return r.success ? [r.data] : [];
    }));
}

const snapshotSchema = z.object({
  plan,
  sections,
  qa: listOf(node),
  charts: listOf(chart),
  keyFigures: listOf(keyFigure),
  timeline: listOf(deadline),
  graphics: listOf(graphic),
  cases: listOf(caseItem),
  media: listOf(media),
  video: z.unknown().optional(),
});

export function readPublishedSnapshot(raw: unknown): PackageContent | null {
  const value = typeof raw === "string" ? safeJson(raw) : raw;
  if (!value || typeof value !== "object") return null;
  const r = snapshotSchema.safeParse(value);
  if (!r.success) return null;
  const { plan: p, sections: s, qa, charts, keyFigures, timeline, graphics, cases, media: m } = r.data;
  return { plan: p, sections: s, qa, charts, keyFigures, timeline, graphics, cases, media: m, video: readVideoContent(r.data.video) };
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
