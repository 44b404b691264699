/**
 * The editor's save payload, validated: bounds and Chinese messages per field (with paths the
 * editor maps back onto its inputs), then `sanitizePackageContent` makes what is stored —
 * light HTML through the allow-list, markup stripped from plain fields, chart rows as numbers
 * and the chart spec rebuilt on the server (a spec sent by a client is never trusted).
 */
import { z } from "zod";
import { templateRegistry } from "../../../templates/registry";
import { chartSpecFor, isPaletteId, normalizeChartRows, validateChartRows } from "./charts";
import { type PackageContent } from "./content";
import { normalizeCaption, videoContentSchema } from "~/domain/video/storyboard";
import { safeHref, sanitizeLightHtml, stripMarkup } from "./sanitize-html";
import { CHANNEL_IDS, CHART_TYPES, FORM_LABELS, MEDIA_KINDS, SECTION_KEYS, TEMPLATE_IDS, isChannelId } from "~/domain/vocabulary";

export const LIMITS = {
  section: 20_000,
  question: 200,
  answer: 3_000,
  qa: 60,
  charts: 12,
  graphics: 12,
  cases: 20,
  media: 30,
  /** the exporter's bounds (app/domain/package-data.ts): a card holds what is saved here */
  keyFigures: 12,
  keyFigureValue: 12,
  keyFigureUnit: 8,
  keyFigureLabel: 30,
  timeline: 12,
  deadlineLabel: 60,
} as const;

/**
 * Plain text fields: the limit counts what will be stored (markup is stripped on save), so a
 * pasted `<b>` never makes a short title "too long"; a raw cap still bounds the request.
 */
const tooLong = (label: string, max: number) => `${label}不能超过 ${max.toLocaleString("zh-CN")} 个字，请精简`;

const text = (label: string, max: number) =>
  z
    .string({ required_error: `请填写${label}`, invalid_type_error: `${label}应为文字` })
    .max(max * 4 + 1_000, tooLong(label, max))
    .refine((v) => stripMarkup(v).trim().length > 0, `请填写${label}`)
    .refine((v) => stripMarkup(v).trim().length <= max, tooLong(label, max));

const optionalText = (label: string, max: number) =>
  z
    .string({ invalid_type_error: `${label}应为文字` })
    .max(max * 4 + 1_000, tooLong(label, max))
    .refine((v) => stripMarkup(v).trim().length <= max, tooLong(label, max))
    .nullish();

/** yyyy-mm-dd naming a real day (2024-02-30 is not one). */
export function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

const isoDate = (label: string) =>
  z
    .string()
    .nullish()
    .refine((v) => !v || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), `${label}应为有效日期，如 2020-08-06`);

const FORM_KEYS = Object.keys(FORM_LABELS);

const planSchema = z.object({
  forms: z.array(z.string().refine((v) => FORM_KEYS.includes(v), "未知的解读形式，请从列表中选择")).max(FORM_KEYS.length),
  channels: z.array(z.string().refine((v) => isChannelId(v), "未知的发布渠道，请从列表中选择")).max(CHANNEL_IDS.length),
  interpreterId: z.number().int().positive().nullable(),
  interpreterName: optionalText("解读人", 40).transform((v) => v ?? null),
  plannedRelease: isoDate("计划发布日期").transform((v) => v ?? null),
  outline: optionalText("解读提纲", 5_000).transform((v) => v ?? undefined),
});

const sectionsSchema = z.object(
  Object.fromEntries(SECTION_KEYS.map((key) => [key, optionalText("该部分", LIMITS.section).transform((v) => v ?? undefined)])),
);

const clauseRef = z.array(z.string().max(60)).max(8);

const qaSchema = z.object({
  id: z.number().int().optional(),
  question: text("问题", LIMITS.question),
  answer: text("回答", LIMITS.answer),
  clauseRefs: z.array(clauseRef).max(10, "每条问答最多引用 10 个条款"),
});

const chartRowSchema = z.object({
  label: z.string().max(200),
  value: z.union([z.number(), z.string().max(60)]),
  series: z.string().max(60).optional(),
  date: z.string().max(20).optional(),
});

const chartSchema = z
  .object({
    id: z.number().int().optional(),
    type: z.enum(CHART_TYPES, { errorMap: () => ({ message: "请选择图表类型" }) }),
    title: text("图表标题", 60),
    subtitle: optionalText("副标题", 120),
    unit: optionalText("单位", 12),
    source: optionalText("数据来源", 120),
    palette: z
      .string()
      .nullish()
      .refine((v) => !v || isPaletteId(v), "请从列表中选择配色"),
    data: z.array(chartRowSchema).max(10_000),
    spec: z.unknown().optional(),
    altText: optionalText("替代文字", 500),
    dataTable: optionalText("数据表", 5_000),
  })
  .superRefine((chart, ctx) => {
    for (const e of validateChartRows(chart)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: e.row > 0 ? ["data", e.row - 1, e.column] : ["data"], message: e.message });
    }
  });

const graphicSchema = z
  .object({
    id: z.number().int().optional(),
    templateId: z.enum(TEMPLATE_IDS, { errorMap: () => ({ message: "请选择图解模板" }) }),
    templateVersion: z.number().int().positive(),
    slots: z.record(z.unknown()).refine((v) => JSON.stringify(v).length <= 60_000, "图解内容过多，请精简"),
    altText: optionalText("替代文字", 500),
    longDescription: optionalText("长描述", 10_000),
  })
  .superRefine((g, ctx) => {
    const result = templateRegistry[g.templateId].slots.safeParse(g.slots);
    if (!result.success) {
      for (const issue of result.error.issues.slice(0, 5))
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["slots", ...issue.path], message: `图解内容“${issue.path.join(".") || "整体"}”不符合模板要求：请检查是否为空或过长` });
    }
  });

const keyFigureFields = {
  value: text("关键数字", LIMITS.keyFigureValue),
  unit: optionalText("关键数字的单位", LIMITS.keyFigureUnit),
  label: text("关键数字的说明", LIMITS.keyFigureLabel),
};

const deadlineFields = {
  date: z
    .string({ required_error: "请填写时间节点的日期", invalid_type_error: "时间节点的日期应为日期" })
    .refine(isCalendarDate, "时间节点的日期应为有效日期，如 2024-10-15"),
  label: text("时间节点的事项", LIMITS.deadlineLabel),
};

/**
 * Rows of a small list (key figures, timeline) where a blank row — just added, nothing typed
 * yet — is no error (saving drops it), while every other row is checked field by field, its
 * messages on the row as the editor shows it.
 */
function checkRows<R extends Record<string, unknown>>(fields: Record<string, z.ZodTypeAny>, isBlank: (row: R) => boolean) {
  return (rows: R[], ctx: z.RefinementCtx) => {
    rows.forEach((row, i) => {
      if (isBlank(row)) return;
      for (const [key, schema] of Object.entries(fields)) {
        const r = schema.safeParse(row[key]);
        if (!r.success) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, key], message: r.error.issues[0]?.message ?? "请检查这一项" });
      }
    });
  };
}

const rawCell = z.string({ invalid_type_error: "应为文字" }).max(1_000, "内容过长，请精简");
const keyFigureRow = z.object({ value: rawCell, unit: rawCell.nullish().transform((v) => v ?? null), label: rawCell });
const deadlineRow = z.object({ date: rawCell, label: rawCell });

const blankText = (v: unknown) => v === undefined || v === null || (typeof v === "string" && v.trim() === "");
export const isBlankKeyFigure = (k: { value?: unknown; unit?: unknown; label?: unknown }) => blankText(k.value) && blankText(k.unit) && blankText(k.label);
export const isBlankDeadline = (t: { date?: unknown; label?: unknown }) => blankText(t.date) && blankText(t.label);

const caseSchema = z.object({
  id: z.number().int().optional(),
  title: text("案例标题", 60),
  situation: text("情形", 2_000),
  explanation: text("政策怎么说", 3_000),
});

const mediaSchema = z.object({
  id: z.number().int().optional(),
  kind: z.enum(MEDIA_KINDS, { errorMap: () => ({ message: "请选择记录类型" }) }),
  date: isoDate("日期"),
  speaker: optionalText("发布人", 60),
  speakerIsHead: z.boolean(),
  link: z
    .string()
    .max(500, "链接过长")
    .nullish()
    .refine((v) => !v || safeHref(v) !== null, "链接须以 http:// 或 https:// 开头"),
  transcript: optionalText("文字实录", 50_000),
});

export const packageContentSchema = z.object({
  plan: planSchema,
  sections: sectionsSchema,
  qa: z.array(qaSchema).max(LIMITS.qa, `问答最多 ${LIMITS.qa} 条`),
  charts: z.array(chartSchema).max(LIMITS.charts, `图表最多 ${LIMITS.charts} 个`),
  // absent in revisions saved before key figures were package content (filled by migration 0010)
  keyFigures: z
    .array(keyFigureRow)
    .max(LIMITS.keyFigures, `关键数字最多 ${LIMITS.keyFigures} 个，请删减`)
    .superRefine(checkRows(keyFigureFields, isBlankKeyFigure))
    .default([]),
  timeline: z
    .array(deadlineRow)
    .max(LIMITS.timeline, `时间节点最多 ${LIMITS.timeline} 个，请删减`)
    .superRefine(checkRows(deadlineFields, isBlankDeadline))
    .default([]),
  graphics: z.array(graphicSchema).max(LIMITS.graphics, `图解最多 ${LIMITS.graphics} 张`),
  cases: z.array(caseSchema).max(LIMITS.cases, `案例最多 ${LIMITS.cases} 个`),
  media: z.array(mediaSchema).max(LIMITS.media, `媒体记录最多 ${LIMITS.media} 条`),
  /** 视频分镜; absent in revisions saved before the video existed */
  video: videoContentSchema.nullish().transform((v) => v ?? null),
});

/**
 * The save payload, checked twice: the bounds on what was sent, then the same rules on what will
 * be stored — sanitising can empty a field (a 图解 slot holding only markup), and an empty field
 * must be refused here, with its message on the field, not at export time.
 */
export const storedPackageContentSchema = packageContentSchema.transform((c) => sanitizePackageContent(c)).pipe(packageContentSchema);

const clean = (v: string | null | undefined): string | null => {
  if (v === null || v === undefined) return null;
  const s = stripMarkup(v).trim();
  return s ? s : null;
};

function cleanDeep(value: unknown): unknown {
  if (typeof value === "string") return stripMarkup(value);
  if (Array.isArray(value)) return value.map(cleanDeep);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanDeep(v)]));
  return value;
}

function cleanRecord(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanDeep(v)]));
}

/** What is stored. Idempotent: sanitising stored content changes nothing. */
export function sanitizePackageContent(content: PackageContent): PackageContent {
  const sections: PackageContent["sections"] = {};
  for (const key of SECTION_KEYS) {
    const value = content.sections[key];
    if (typeof value === "string") {
      const html = sanitizeLightHtml(value);
      if (html) sections[key] = html;
    }
  }
  return {
    plan: {
      forms: [...new Set(content.plan.forms)],
      channels: [...new Set(content.plan.channels)],
      interpreterId: content.plan.interpreterId,
      interpreterName: clean(content.plan.interpreterName),
      plannedRelease: content.plan.plannedRelease || null,
      ...(content.plan.outline?.trim() ? { outline: stripMarkup(content.plan.outline).trim() } : {}),
    },
    sections,
    qa: content.qa.map((q) => ({
      question: stripMarkup(q.question).trim(),
      answer: stripMarkup(q.answer).trim(),
      clauseRefs: q.clauseRefs.map((path) => path.map((m) => stripMarkup(m).trim())).filter((p) => p.length > 0),
    })),
    charts: content.charts.map((c) => {
      const chart = {
        type: c.type,
        title: stripMarkup(c.title).trim(),
        subtitle: clean(c.subtitle),
        unit: clean(c.unit),
        source: clean(c.source),
        palette: isPaletteId(c.palette) ? c.palette : null,
        data: normalizeChartRows(c.data.map((r) => ({ ...r, label: stripMarkup(r.label), ...(r.series ? { series: stripMarkup(r.series) } : {}) }))),
        altText: clean(c.altText),
        dataTable: clean(c.dataTable),
      };
      const spec = chartSpecFor(chart);
      return { ...chart, spec: spec.ok ? spec.spec : null };
    }),
    keyFigures: content.keyFigures
      .filter((k) => !isBlankKeyFigure(k))
      .map((k) => ({ value: stripMarkup(k.value).trim(), unit: clean(k.unit), label: stripMarkup(k.label).trim() })),
    timeline: content.timeline.filter((t) => !isBlankDeadline(t)).map((t) => ({ date: t.date.trim(), label: stripMarkup(t.label).trim() })),
    graphics: content.graphics.map((g) => ({
      templateId: g.templateId,
      templateVersion: g.templateVersion,
      slots: cleanRecord(g.slots),
      altText: clean(g.altText),
      longDescription: clean(g.longDescription),
    })),
    cases: content.cases.map((c) => ({ title: stripMarkup(c.title).trim(), situation: stripMarkup(c.situation).trim(), explanation: stripMarkup(c.explanation).trim() })),
    media: content.media.map((m) => ({
      kind: m.kind,
      date: m.date || null,
      speaker: clean(m.speaker),
      speakerIsHead: m.speakerIsHead,
      link: m.link ? safeHref(m.link) : null,
      transcript: clean(m.transcript),
    })),
    video: content.video
      ? {
          scenes: content.video.scenes.map((scene) => ({ ...scene, caption: scene.caption === null ? null : normalizeCaption(stripMarkup(scene.caption)) || null })),
          music: content.video.music ? { ...content.video.music, name: stripMarkup(content.video.music.name).trim() } : null,
        }
      : null,
  };
}
