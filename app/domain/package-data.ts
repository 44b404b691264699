/**
 * An interpretation package described as data — the contract between the package editor, the
 * 审校 CLI (`jiedu check --interpretation package.json`), the DB export and the image exporter
 * (`jiedu render`). Pure zod + types, no I/O.
 *
 * Every string is bounded (`.max()`), so a template can promise that a field fits its card at
 * the minimum font size, and every message is Chinese and names the field. Use
 * `parsePackageData(input)` at the edge: it returns the typed package or a list of issues with
 * readable paths (`qa[2].answer`).
 */
import { z } from "zod";
import { CHART_TYPES, TEMPLATE_IDS, type TemplateId } from "~/domain/vocabulary";

// ---------------------------------------------------------------------------------------------
// Field helpers: Chinese messages that say which field and what to do.

function text(label: string, max: number) {
  return z
    .string({ required_error: `请填写${label}`, invalid_type_error: `${label}应为文字` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不能超过 ${max} 个字，请精简`);
}

function optionalText(label: string, max: number) {
  return z
    .string({ invalid_type_error: `${label}应为文字` })
    .trim()
    .max(max, `${label}不能超过 ${max} 个字，请精简`)
    .optional();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isoDate(label: string) {
  return z
    .string({ required_error: `请填写${label}`, invalid_type_error: `${label}应为日期文字` })
    .regex(ISO_DATE, `${label}应写成 YYYY-MM-DD，例如 2020-08-06`)
    .refine((value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
    }, `${label}不是有效日期`);
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const color = (label: string) => z.string().regex(HEX_COLOR, `${label}应为 #RRGGBB 形式的颜色，例如 #B71C1C`);

/** A small embedded image: PNG/SVG for logos, PNG/JPEG for graphics. Bounded by its text size. */
function dataUri(label: string, kinds: readonly string[], maxChars: number) {
  const pattern = new RegExp(`^data:image/(${kinds.map((k) => k.replace("+", "\\+")).join("|")});base64,[A-Za-z0-9+/]+=*$`);
  return z
    .string({ invalid_type_error: `${label}应为 data URI 文字` })
    .max(maxChars, `${label}过大（上限约 ${Math.floor((maxChars * 3) / 4 / 1024)} KB），请压缩后再上传`)
    .regex(pattern, `${label}应为 base64 编码的 ${kinds.join(" / ")} 图片（data:image/…;base64,…）`);
}

// ---------------------------------------------------------------------------------------------
// Parts of a package.

/**
 * The document's metadata as images print it. 文号, 发文机关 and 成文日期 may be missing (a document
 * still being drafted has none yet): then the images print nothing in their place — never a
 * stand-in such as "文号待定" or today's date. Whether a package may be exported or published
 * without them is the completeness check's call, not the image's.
 */
export const documentMetaSchema = z.object({
  /** Full title of the policy document (公文标题). */
  title: text("文件标题", 120),
  /** 文号, e.g. 青西新管办发〔2020〕84号. Format is checked by the 审校 rules, not here. */
  docNumber: optionalText("文号", 40).transform((v) => v || undefined),
  /** 发文机关. */
  issuer: optionalText("发文机关", 60).transform((v) => v || undefined),
  /** 成文日期, ISO — the only date an image prints for the document. */
  date: isoDate("成文日期").optional(),
  /** 起草单位 — the department that interprets (谁起草谁解读); printed on every image. */
  department: text("起草单位", 40),
});

export const THEME_IDS = ["zhengwu-red", "qingxin-blue"] as const;
export type ThemeId = (typeof THEME_IDS)[number];

export const themeSchema = z.object({
  id: z.enum(THEME_IDS, { errorMap: () => ({ message: "主题只能是 zhengwu-red（政务红）或 qingxin-blue（清新蓝）" }) }),
  /** Department logo: a small PNG or SVG (≤ about 96 KB). */
  logo: dataUri("单位标志", ["png", "svg+xml"], 131_072).optional(),
  /** Department colours override the theme's. */
  colors: z
    .object({
      primary: color("主色").optional(),
      accent: color("强调色").optional(),
    })
    .optional(),
});

export const termSchema = z.object({
  term: text("术语", 20),
  definition: text("术语释义", 300),
});

export const comparisonSchema = z.object({
  aspect: text("对比项", 20),
  before: text("原规定", 200),
  after: text("新规定", 200),
});

export const sectionsSchema = z.object({
  /** 起草背景 */
  background: text("起草背景", 800),
  /** 制定依据 */
  basis: text("制定依据", 600),
  /** 出台目的 */
  purpose: text("出台目的", 600),
  /** 主要内容 — paragraphs separated by line breaks. */
  mainContent: text("主要内容", 2000),
  /** 适用范围与执行时间 */
  scope: text("适用范围与执行时间", 600),
  /** 术语释义 */
  terms: z.array(termSchema).max(10, "术语释义最多 10 条").optional(),
  /** 新旧对比 */
  comparison: z.array(comparisonSchema).max(10, "新旧对比最多 10 条").optional(),
});

export const qaSchema = z.object({
  question: text("问题", 80),
  /** Paragraphs separated by line breaks. A long answer continues on "续" cards. */
  answer: text("回答", 1500),
  /** Clause the answer rests on, e.g. "依据：第二部分第（三）项". */
  citation: optionalText("依据条款", 60),
});

export const chartRowSchema = z.object({
  label: text("数据标签", 24),
  value: z.number({ required_error: "请填写数值", invalid_type_error: "数值应为数字" }).finite("数值应为有限数字"),
  /** Series name for stacked, multi-line and grouped charts (required by the grouped ones). */
  series: optionalText("数据系列", 20),
  /** Event date, required by the timeline chart. */
  date: isoDate("日期").optional(),
});

export const chartSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "图表编号只能用小写字母、数字和连字符（不超过 40 个字符）"),
    type: z.enum(CHART_TYPES, {
      errorMap: () => ({ message: `图表类型只能是 ${CHART_TYPES.join(" / ")}` }),
    }),
    title: text("图表标题", 40),
    subtitle: optionalText("图表副标题", 80),
    /** Unit printed with values, e.g. "项", "分". */
    unit: optionalText("单位", 12),
    /** 数据来源 — printed under the chart; without one, nothing is printed in its place. */
    source: optionalText("数据来源", 80).transform((v) => v || undefined),
    data: z.array(chartRowSchema).min(1, "图表至少需要 1 行数据").max(24, "图表数据最多 24 行"),
    /** A full vega-lite spec from the chart editor; validated before rendering (inline data only). */
    spec: z.record(z.unknown()).optional(),
    /** Text alternative read by screen readers (GB/T 37668). */
    altText: text("图表替代文字", 200),
  })
  .superRefine((chart, ctx) => {
    if (chart.type === "timeline") {
      chart.data.forEach((row, index) => {
        if (!row.date) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["data", index, "date"], message: "时间轴图表的每行数据都需要日期" });
      });
    }
    if (chart.type === "grouped-bar" || chart.type === "grouped-hbar") {
      chart.data.forEach((row, index) => {
        if (!row.series) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["data", index, "series"], message: "分组图表的每行数据都需要系列（如“城市”“农村”）" });
      });
    }
    if (chart.spec && JSON.stringify(chart.spec).length > 50_000) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["spec"], message: "图表规格过大（上限 50,000 字符）" });
    }
  });

export const keyFigureSchema = z.object({
  value: text("数字", 12),
  unit: optionalText("数字单位", 8),
  label: text("数字说明", 30),
});

export const deadlineSchema = z.object({
  date: isoDate("时间节点日期"),
  label: text("时间节点说明", 60),
});

export const caseSchema = z.object({
  title: text("案例标题", 40),
  body: text("案例内容", 600),
});

export const graphicSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "图解编号只能用小写字母、数字和连字符"),
  title: text("图解标题", 40),
  /** PNG or JPEG, ≤ about 1.5 MB; re-encoded with a pixel limit before use. */
  image: dataUri("图解图片", ["png", "jpeg"], 2_000_000),
  altText: text("图解替代文字", 200),
});

/**
 * A 图解 the drafting officer built in the package editor: an image template with its own slot
 * values. The slots are checked against the template by the exporter (templates/registry.ts
 * `graphicJob`), which renders it with the same `build` the editor preview shows.
 */
export const templateGraphicSchema = z.object({
  templateId: z.enum(TEMPLATE_IDS, { errorMap: () => ({ message: `图解模板只能是 ${TEMPLATE_IDS.join(" / ")}` }) }),
  templateVersion: z.number({ invalid_type_error: "图解模板版本应为数字" }).int().positive(),
  slots: z.record(z.unknown()).refine((v) => JSON.stringify(v).length <= 60_000, "图解内容过多，请精简"),
  altText: optionalText("图解替代文字", 500),
  longDescription: optionalText("图解长描述", 10_000),
});
export type TemplateGraphic = z.output<typeof templateGraphicSchema>;

export const packageDataSchema = z
  .object({
    /** Schema version of this JSON shape. */
    version: z.literal(1, { errorMap: () => ({ message: "version 应为 1" }) }).default(1),
    document: documentMetaSchema,
    theme: themeSchema.default({ id: "zhengwu-red" }),
    sections: sectionsSchema,
    qa: z.array(qaSchema).min(1, "至少需要 1 条问答").max(30, "问答最多 30 条"),
    charts: z.array(chartSchema).max(8, "图表最多 8 个").default([]),
    keyFigures: z.array(keyFigureSchema).max(12, "关键数字最多 12 个").default([]),
    timeline: z.array(deadlineSchema).max(12, "时间节点最多 12 个").default([]),
    cases: z.array(caseSchema).max(5, "案例最多 5 个").default([]),
    graphics: z.array(graphicSchema).max(6, "图解最多 6 张").default([]),
    /** The package's 图解 in editor order; position n (1-based) names its files `tujie-n-…`. */
    templateGraphics: z.array(templateGraphicSchema).max(12, "模板图解最多 12 张").default([]),
  })
  .superRefine((pkg, ctx) => {
    const seen = new Set<string>();
    pkg.charts.forEach((chart, index) => {
      if (seen.has(chart.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["charts", index, "id"], message: `图表编号 ${chart.id} 重复` });
      seen.add(chart.id);
    });
  });

/** A validated package (defaults applied). */
export type PackageData = z.output<typeof packageDataSchema>;
/** What an author writes (defaults may be omitted). */
export type PackageDataInput = z.input<typeof packageDataSchema>;
export type Chart = PackageData["charts"][number];
export type ChartRow = Chart["data"][number];
export type QaItem = PackageData["qa"][number];
export type KeyFigure = PackageData["keyFigures"][number];
export type Deadline = PackageData["timeline"][number];
export type DocumentMeta = PackageData["document"];
export type PackageTheme = PackageData["theme"];

export type PackageIssue = { path: string; message: string };
export type PackageParseResult = { ok: true; data: PackageData } | { ok: false; issues: PackageIssue[] };

/** `["qa", 2, "answer"]` → `qa[2].answer` */
export function formatIssuePath(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out ? `.${part}` : part;
  return out || "(根)";
}

/** Generic Chinese messages for the few zod issues no field helper covers (unknown keys, types). */
const zhErrorMap: z.ZodErrorMap = (issue, ctx) => {
  // A field's own Chinese message (required_error, .max(…, "…")) reaches here as defaultError.
  if (/[\u4e00-\u9fff]/.test(ctx.defaultError)) return { message: ctx.defaultError };
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === "undefined") return { message: "缺少必填项" };
      return { message: `类型错误：应为 ${issue.expected}，实际为 ${issue.received}` };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `无法识别的字段：${issue.keys.join("、")}` };
    case z.ZodIssueCode.too_small:
      return { message: `数量或长度不足（至少 ${String(issue.minimum)}）` };
    case z.ZodIssueCode.too_big:
      return { message: `数量或长度超出上限（最多 ${String(issue.maximum)}）` };
    default:
      return { message: ctx.defaultError };
  }
};

export function parsePackageData(input: unknown): PackageParseResult {
  const result = packageDataSchema.safeParse(input, { errorMap: zhErrorMap });
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
  };
}

/** Splits a multi-paragraph field into its non-empty paragraphs. */
export function paragraphsOf(value: string): string[] {
  return value
    .split(/\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

// ---------------------------------------------------------------------------------------------
// 图解 identity in exported file names. export_files has no graphic column, so an exported
// graphic is named `tujie-<n>-<template>-<fingerprint>` (n = 1-based position in the package,
// fingerprint = hash of template and slot values): the public page finds the officer's own
// graphic by it, and an export of other slot values never matches.

/** JSON with object keys sorted, so equal values always give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** 8 hex digits (FNV-1a, 32 bit) of the template and slot values — not a security hash. */
export function graphicFingerprint(templateId: string, slots: unknown): string {
  const text = `${templateId}\n${canonicalJson(slots)}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** `tujie-2-figures-card-1a2b3c4d` — the stem of every file exported for the graphic. */
export function graphicFileStem(position: number, templateId: string, slots: unknown): string {
  return `tujie-${position}-${templateId}-${graphicFingerprint(templateId, slots)}`;
}

/**
 * A chart card's identity in file names: `chart-card-<n>-<fingerprint>` (n = 1-based position
 * among the package's charts, fingerprint = hash of what the card prints). The WeChat HTML puts
 * each chart's own card in its slot by it; a card of other data never matches.
 */
export function chartFingerprint(chart: Pick<Chart, "type" | "title" | "subtitle" | "unit" | "source" | "data">): string {
  const { type, title, subtitle, unit, source, data } = chart;
  return graphicFingerprint("chart-card", { type, title, subtitle, unit, source, data: data.map((r) => ({ label: r.label, value: r.value, series: r.series, date: r.date })) });
}

export function chartFileStem(position: number, chart: Chart): string {
  return `chart-card-${position}-${chartFingerprint(chart)}`;
}

const CHART_FILE = /(?:^|\/)\d+-chart-card-(\d+)-([0-9a-f]{8})\.[a-z]+$/;

/** Reads a chart card's identity back out of an exported file name, or null for other images. */
export function parseChartFileName(file: string): { position: number; fingerprint: string } | null {
  const m = CHART_FILE.exec(file);
  return m ? { position: Number(m[1]), fingerprint: m[2] } : null;
}

export type GraphicFileName = { position: number; templateId: TemplateId | string; fingerprint: string; continuation: number; slice: number | null };

const GRAPHIC_FILE = /(?:^|\/)\d+-tujie-(\d+)-([a-z0-9-]+?)-([0-9a-f]{8})(?:-cont(\d+)|-(\d+))?\.[a-z]+$/;

/** Reads the graphic identity back out of an exported file name, or null for other images. */
export function parseGraphicFileName(file: string): GraphicFileName | null {
  const m = GRAPHIC_FILE.exec(file);
  if (!m) return null;
  return { position: Number(m[1]), templateId: m[2], fingerprint: m[3], continuation: m[4] ? Number(m[4]) : 0, slice: m[5] ? Number(m[5]) : null };
}
