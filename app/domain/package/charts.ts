/**
 * The chart editor's domain: a thin adapter from the editor's `ChartContent` to the exporter's
 * `Chart` (so the preview and the exported image come from the same `buildChartSpec`), palettes,
 * per-cell validation of the data table, the generated text alternative and data-table fallback.
 */
import { ACCESSIBLE_PALETTE, type ChartSize, type VegaLiteSpec, buildChartSpec, validateChartSpec } from "~/domain/charts/spec";
import type { Chart } from "~/domain/package-data";
import { CHART_CARD_PLOT } from "../../../templates/chart-card/template";
import type { ChartContent, ChartRow } from "./content";
import { CHART_TYPE_LABELS } from "~/domain/vocabulary";

/** Chart types whose rows each belong to a series (城市/农村 × A/B/C/D 档). */
export function isGroupedChart(type: ChartContent["type"]): boolean {
  return type === "grouped-bar" || type === "grouped-hbar";
}

/** Chart types whose rows carry a series (系列) column. */
export const SERIES_CHART_TYPES: readonly ChartContent["type"][] = ["stacked", "line", "grouped-bar", "grouped-hbar"];

export function usesSeries(type: ChartContent["type"]): boolean {
  return SERIES_CHART_TYPES.includes(type);
}

/**
 * A row nobody has typed into yet (a new row, or the one a new chart starts with). A timeline
 * row carries the number 0 as its unused value, so that counts as empty too.
 */
export function isBlankRow(row: ChartRow): boolean {
  const value = typeof row.value === "number" ? (row.value === 0 ? "" : String(row.value)) : row.value.trim();
  return !row.label.trim() && value === "" && !row.series?.trim() && !row.date?.trim();
}

/** Small palettes that stay distinguishable with colour-vision deficiency and on white. */
export const PALETTES = {
  standard: { label: "标准（色盲友好）", colors: [...ACCESSIBLE_PALETTE] },
  government: { label: "政务红", colors: ["#A4161A", "#0072B2", "#E69F00", "#009E73", "#555555", "#CC79A7"] },
  blue: { label: "清新蓝", colors: ["#08519C", "#3182BD", "#6BAED6", "#E69F00", "#555555", "#009E73"] },
} as const;
export type PaletteId = keyof typeof PALETTES;

export function isPaletteId(value: unknown): value is PaletteId {
  return typeof value === "string" && value in PALETTES;
}

export const MAX_CHART_ROWS = 50;
/**
 * The editor preview draws the chart at the plot size of the exported chart card and lets CSS
 * scale the SVG to the column, so it shows the card's layout (label sizes, bar direction) rather
 * than a cramped 560 px re-layout where eight labels ran into each other.
 */
export const PREVIEW_SIZE: ChartSize = { width: CHART_CARD_PLOT.width - 40, height: CHART_CARD_PLOT.height - 80 };

export type CellError = { row: number; column: "label" | "value" | "series" | "date"; message: string };

/** A cell as a number ("1,200", "12.5%", " 30 " read as typed in Chinese spreadsheets), or null. */
export function parseChartNumber(value: number | string): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const cleaned = value.replace(/[,，\s]/g, "").replace(/%$/, "");
  if (!/^[-+]?(\d+(\.\d+)?|\.\d+)$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}

/**
 * Per-cell problems with the data table, in Chinese, naming the row as the user sees it (1-based).
 * Blank rows are not errors: they are where the user is about to type, and saving drops them.
 */
export function validateChartRows(chart: Pick<ChartContent, "type" | "data">): CellError[] {
  const errors: CellError[] = [];
  const filled = chart.data.filter((r) => !isBlankRow(r)).length;
  if (filled === 0) errors.push({ row: 0, column: "label", message: "图表至少需要 1 行数据，请在表格中填写或粘贴数据。" });
  if (filled > MAX_CHART_ROWS) errors.push({ row: 0, column: "label", message: `图表数据最多 ${MAX_CHART_ROWS} 行，请合并或删减。` });
  chart.data.forEach((row, i) => {
    const n = i + 1;
    if (isBlankRow(row)) return;
    if (!row.label.trim()) errors.push({ row: n, column: "label", message: `第 ${n} 行缺少标签，请填写名称。` });
    else if (row.label.length > 40) errors.push({ row: n, column: "label", message: `第 ${n} 行标签超过 40 个字，请精简。` });
    if (chart.type !== "timeline" && parseChartNumber(row.value) === null)
      errors.push({ row: n, column: "value", message: `第 ${n} 行数值“${String(row.value).slice(0, 20)}”不是数字，请填写如 30 或 12.5 的数字。` });
    if (chart.type === "timeline" && !/^\d{4}-\d{2}-\d{2}$/.test(row.date ?? ""))
      errors.push({ row: n, column: "date", message: `第 ${n} 行缺少日期，请按 2020-08-31 的格式填写。` });
    if (isGroupedChart(chart.type) && !row.series?.trim())
      errors.push({ row: n, column: "series", message: `第 ${n} 行缺少系列，请填写所属分组（如“城市”“农村”）。` });
    else if (row.series && row.series.trim().length > 20) errors.push({ row: n, column: "series", message: `第 ${n} 行系列超过 20 个字，请精简。` });
  });
  if (chart.type === "donut" && errors.length === 0 && chart.data.some((r) => (parseChartNumber(r.value) ?? 0) < 0))
    errors.push({ row: 0, column: "value", message: "环形图的数值不能为负数，请改用柱状图。" });
  return errors;
}

/** Numbers as numbers (cells may hold "1,200" typed or pasted); invalid cells stay as typed; blank rows go. */
export function normalizeChartRows(rows: ChartRow[]): ChartRow[] {
  return rows.filter((row) => !isBlankRow(row)).map((row) => {
    const n = parseChartNumber(row.value);
    const out: ChartRow = { label: row.label.trim(), value: n ?? row.value };
    if (row.series?.trim()) out.series = row.series.trim();
    if (row.date?.trim()) out.date = row.date.trim();
    return out;
  });
}

/** The preview's stand-in title; an export refuses a chart (or 图解) that still has it. */
export const UNTITLED_CHART = "未命名图表";

/** The editor's chart as the exporter's `Chart`, for `buildChartSpec`. Call after validation. */
export function toExporterChart(chart: ChartContent, index = 0): Chart {
  return {
    id: `chart-${index + 1}`,
    type: chart.type,
    title: chart.title || UNTITLED_CHART,
    subtitle: chart.subtitle || undefined,
    unit: chart.unit || undefined,
    source: chart.source?.trim() || undefined,
    data: chart.data.map((row) => ({
      label: row.label,
      value: parseChartNumber(row.value) ?? 0,
      ...(row.series ? { series: row.series } : {}),
      ...(row.date ? { date: row.date } : {}),
    })),
    altText: chart.altText || chartAltText(chart),
  };
}

function recolor(node: unknown, from: string, to: string): unknown {
  if (typeof node === "string") return node.toUpperCase() === from.toUpperCase() ? to : node;
  if (Array.isArray(node)) return node.map((item) => recolor(item, from, to));
  if (typeof node === "object" && node !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) out[key] = recolor(value, from, to);
    return out;
  }
  return node;
}

export type ChartSpecResult = { ok: true; spec: VegaLiteSpec } | { ok: false; errors: string[] };

/**
 * The spec for a chart: `buildChartSpec` (the exporter's builder), recoloured with the chosen
 * palette, then passed through `validateChartSpec` — the preview shows exactly what is saved.
 */
export function chartSpecFor(chart: ChartContent, size?: ChartSize): ChartSpecResult {
  const cellErrors = validateChartRows(chart);
  if (cellErrors.length) return { ok: false, errors: cellErrors.map((e) => e.message) };
  const built: VegaLiteSpec = buildChartSpec(toExporterChart(chart), size);
  const palette = isPaletteId(chart.palette) ? PALETTES[chart.palette].colors : null;
  let spec: unknown = built;
  if (palette) {
    spec = recolor(spec, ACCESSIBLE_PALETTE[0], palette[0]);
    if (typeof spec === "object" && spec !== null && "config" in spec && typeof spec.config === "object" && spec.config !== null) {
      spec = { ...spec, config: { ...spec.config, range: { category: [...palette] } } };
    }
  }
  const checked = validateChartSpec(spec);
  return checked.ok ? { ok: true, spec: checked.spec } : { ok: false, errors: checked.errors };
}

function valueText(row: ChartRow, unit: string | null | undefined): string {
  const n = parseChartNumber(row.value);
  return `${n === null ? String(row.value) : n.toLocaleString("zh-CN")}${unit ?? ""}`;
}

/** 城市：A档885元、B档700元；农村：A档660元… — one clause per series, in data order. */
function groupedAltBody(rows: ChartRow[], unit: string | null | undefined): string {
  const bySeries = new Map<string, ChartRow[]>();
  for (const r of rows) {
    const key = r.series?.trim() ?? "";
    bySeries.set(key, [...(bySeries.get(key) ?? []), r]);
  }
  return [...bySeries.entries()].map(([series, list]) => `${series ? `${series}：` : ""}${list.map((r) => `${r.label}${valueText(r, unit)}`).join("、")}`).join("；");
}

/** Generated text alternative: what the chart shows, with its numbers (GB/T 37668). */
export function chartAltText(chart: Pick<ChartContent, "type" | "title" | "unit" | "data" | "source">): string {
  const rows = chart.data.filter((r) => r.label.trim());
  const kind = CHART_TYPE_LABELS[chart.type];
  const title = chart.title.trim() || UNTITLED_CHART;
  if (rows.length === 0) return `${kind}：${title}（暂无数据）`;
  let body: string;
  if (chart.type === "timeline") body = rows.map((r) => `${r.date ?? ""} ${r.label}`.trim()).join("；");
  else if (chart.type === "donut") {
    const numbers = rows.map((r) => parseChartNumber(r.value) ?? 0);
    const sum = numbers.reduce((a, b) => a + b, 0);
    body = rows
      .map((r, i) => `${r.label}${valueText(r, chart.unit)}${sum > 0 ? `，占${Math.round((numbers[i] / sum) * 100)}%` : ""}`)
      .join("；");
    body += `；合计${sum.toLocaleString("zh-CN")}${chart.unit ?? ""}`;
  } else if (isGroupedChart(chart.type)) body = groupedAltBody(rows, chart.unit);
  else body = rows.map((r) => `${r.series ? `${r.series}·` : ""}${r.label}${valueText(r, chart.unit)}`).join("；");
  const source = chart.source?.trim() ? `。数据来源：${chart.source.trim()}` : "";
  return `${kind}“${title}”：${body}${source}。`;
}

/** Data-table fallback as plain text (one row per line, tab-separated), shown under images. */
export function chartDataTable(chart: Pick<ChartContent, "type" | "unit" | "data">): string {
  const hasSeries = chart.data.some((r) => r.series);
  const head = chart.type === "timeline" ? ["日期", "事项"] : [...(hasSeries ? ["系列"] : []), "项目", `数值${chart.unit ? `（${chart.unit}）` : ""}`];
  const lines = chart.data.map((r) =>
    chart.type === "timeline" ? [r.date ?? "", r.label] : [...(hasSeries ? [r.series ?? ""] : []), r.label, String(r.value)],
  );
  return [head, ...lines].map((cells) => cells.join("\t")).join("\n");
}
