/**
 * Chart specs for interpretation packages — pure, no I/O; shared by the image exporter and the
 * chart editor preview.
 *
 * - `buildChartSpec(chart)` turns a package chart (type + rows) into a vega-lite spec with the
 *   data inline, the bundled font (Noto Sans SC) and a colour-blind-safe palette. User text only
 *   ever travels as data values, never inside vega expressions.
 * - `validateChartSpec(spec)` is the gate for hand-edited specs: inline data only, no URL, href,
 *   image mark, `javascript:` or unknown mark anywhere.
 */
import type { Config, TopLevelSpec } from "vega-lite";
import type { Chart, ChartRow } from "~/domain/package-data";
import { estimateTextWidth } from "./text-width";

export type VegaLiteSpec = TopLevelSpec;

export const CHART_FONT = "Noto Sans SC";

/** Okabe–Ito, without its yellow (too little contrast on white); distinguishable with CVD. */
export const ACCESSIBLE_PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#332288", "#000000"] as const;

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

export type ChartSize = { width: number; height: number };
export const DEFAULT_CHART_SIZE: ChartSize = { width: 900, height: 760 };

function formatValue(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : value.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

function display(row: ChartRow, unit: string | undefined): string {
  return `${formatValue(row.value)}${unit ?? ""}`;
}

function baseConfig(): Config {
  return {
    font: CHART_FONT,
    background: "transparent",
    view: { stroke: null },
    padding: 8,
    axis: {
      labelFont: CHART_FONT,
      titleFont: CHART_FONT,
      labelFontSize: 24,
      titleFontSize: 22,
      titleFontWeight: "normal",
      labelColor: "#333333",
      titleColor: "#555555",
      gridColor: "#E6E6E6",
      domainColor: "#999999",
      tickColor: "#999999",
      labelLimit: 400,
      labelPadding: 10,
      tickCount: 6,
    },
    legend: {
      labelFont: CHART_FONT,
      titleFont: CHART_FONT,
      labelFontSize: 24,
      titleFontSize: 22,
      symbolSize: 400,
      labelLimit: 400,
    },
    text: { font: CHART_FONT },
    range: { category: [...ACCESSIBLE_PALETTE] },
  };
}

type Row = { label: string; value: number; series: string; display: string; order: number; date?: string; dateText?: string };

function rowsOf(chart: Chart): Row[] {
  return chart.data.map((row, order) => ({
    label: row.label,
    value: row.value,
    series: row.series ?? chart.title,
    display: display(row, chart.unit),
    order,
    ...(row.date ? { date: row.date, dateText: formatChineseDate(row.date) } : {}),
  }));
}

export function formatChineseDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

const axisTitle = (chart: Chart) => (chart.unit ? `单位：${chart.unit}` : null);

/** Value-label and axis-label sizes of the image charts (px at card scale). */
const LABEL_FONT = 24;
const VALUE_FONT = 26;
const GROUPED_VALUE_FONT = 22;
/** Room the value axis (ticks and numbers) takes beside vertical bars. */
const VALUE_AXIS_ROOM = 90;

const distinct = (list: readonly string[]) => [...new Set(list)];
const widest = (texts: readonly string[], fontSize: number, bold = false) => Math.max(0, ...texts.map((t) => estimateTextWidth(t, fontSize, bold)));

/**
 * Vertical bars only while every category label fits under its group and every value label
 * above its bar; otherwise the chart is drawn horizontally (labels read left to right, at any
 * count — rotated Chinese is hard to read). Same rule for the image card and the editor preview.
 */
export function barsFitVertically(chart: Pick<Chart, "data" | "unit">, width: number, grouped: boolean): boolean {
  const labels = distinct(chart.data.map((r) => r.label));
  const series = grouped ? distinct(chart.data.map((r) => r.series ?? "")) : [""];
  const plot = Math.max(1, width - VALUE_AXIS_ROOM);
  const group = plot / Math.max(1, labels.length);
  // vega-lite's band keeps 10 % between groups; the bars of one group touch.
  const bar = (group * 0.9) / series.length;
  const values = chart.data.map((r) => display(r, chart.unit));
  return widest(labels, LABEL_FONT) <= group - 8 && widest(values, grouped ? GROUPED_VALUE_FONT : VALUE_FONT, true) <= bar - 2;
}

/**
 * Upper end of a horizontal value axis that leaves room right of the longest bar for its label,
 * so no value label is pushed out of the plot.
 */
function roomForValueLabels(values: Row[], width: number, fontSize: number): number | undefined {
  const max = Math.max(...values.map((v) => v.value));
  if (!(max > 0)) return undefined;
  const axis = widest(values.map((v) => v.label), LABEL_FONT) + 24;
  const plot = Math.max(120, width - axis);
  const label = widest(values.map((v) => v.display), fontSize, true) + 16;
  const share = Math.max(0.35, (plot - label) / plot);
  return max / share;
}

function verticalBars(top: object, values: Row[], chart: Chart, grouped: boolean): VegaLiteSpec {
  const fontSize = grouped ? GROUPED_VALUE_FONT : VALUE_FONT;
  const primary = ACCESSIBLE_PALETTE[0];
  return {
    ...top,
    data: { values },
    encoding: {
      x: { field: "label", type: "nominal", sort: null, axis: { labelAngle: 0, title: null } },
      y: { field: "value", type: "quantitative", axis: { title: axisTitle(chart), grid: true } },
      ...(grouped
        ? {
            xOffset: { field: "series", type: "nominal", sort: null },
            color: { field: "series", type: "nominal", sort: null, legend: { orient: "bottom", title: null } },
          }
        : {}),
    },
    layer: [
      { mark: grouped ? { type: "bar", cornerRadiusEnd: 4 } : { type: "bar", color: primary, cornerRadiusEnd: 6 } },
      {
        mark: { type: "text", dy: -16, fontSize, fontWeight: 700, color: "#222222" },
        // Explicit colour: in a grouped chart the layer would otherwise take the series colour.
        encoding: { text: { field: "display", type: "nominal" }, ...(grouped ? { color: { value: "#222222" } } : {}) },
      },
    ],
  };
}

function horizontalBars(top: object, values: Row[], chart: Chart, grouped: boolean, width: number): VegaLiteSpec {
  const fontSize = grouped ? GROUPED_VALUE_FONT : LABEL_FONT;
  const primary = ACCESSIBLE_PALETTE[0];
  const domainMax = roomForValueLabels(values, width, fontSize);
  return {
    ...top,
    data: { values },
    encoding: {
      y: { field: "label", type: "nominal", sort: null, axis: { title: null } },
      // titlePadding: the unit title otherwise touches the tick labels above it.
      x: { field: "value", type: "quantitative", axis: { title: axisTitle(chart), grid: true, titlePadding: 14 }, ...(domainMax ? { scale: { domainMax } } : {}) },
      ...(grouped
        ? {
            yOffset: { field: "series", type: "nominal", sort: null },
            color: { field: "series", type: "nominal", sort: null, legend: { orient: "bottom", title: null } },
          }
        : {}),
    },
    layer: [
      { mark: grouped ? { type: "bar", cornerRadiusEnd: 4 } : { type: "bar", color: primary, cornerRadiusEnd: 6 } },
      {
        mark: { type: "text", align: "left", dx: 8, fontSize, fontWeight: 700, color: "#222222" },
        encoding: { text: { field: "display", type: "nominal" }, ...(grouped ? { color: { value: "#222222" } } : {}) },
      },
    ],
  };
}

/** Builds the vega-lite spec for a package chart. Deterministic: same chart → same spec. */
export function buildChartSpec(chart: Chart, size: ChartSize = DEFAULT_CHART_SIZE): VegaLiteSpec {
  const values = rowsOf(chart);
  const { width, height } = size;
  const top = { $schema: VEGA_LITE_SCHEMA, width, height, autosize: { type: "fit" as const, contains: "padding" as const }, config: baseConfig() };
  const primary = ACCESSIBLE_PALETTE[0];

  switch (chart.type) {
    case "bar":
      return barsFitVertically(chart, width, false) ? verticalBars(top, values, chart, false) : horizontalBars(top, values, chart, false, width);
    case "grouped-bar":
      return barsFitVertically(chart, width, true) ? verticalBars(top, values, chart, true) : horizontalBars(top, values, chart, true, width);
    case "hbar":
      return horizontalBars(top, values, chart, false, width);
    case "grouped-hbar":
      return horizontalBars(top, values, chart, true, width);
    case "stacked":
      return {
        ...top,
        data: { values },
        mark: { type: "bar" },
        encoding: {
          x: { field: "label", type: "nominal", sort: null, axis: { labelAngle: 0, title: null } },
          y: { field: "value", type: "quantitative", stack: "zero", axis: { title: axisTitle(chart) } },
          color: { field: "series", type: "nominal", sort: null, legend: { orient: "bottom", title: null } },
          order: { field: "order", type: "quantitative" },
        },
      };
    case "donut": {
      const radius = Math.min(width, height - 120) / 2;
      return {
        ...top,
        data: { values },
        encoding: {
          theta: { field: "value", type: "quantitative", stack: true },
          color: { field: "label", type: "nominal", sort: null, legend: { orient: "bottom", title: null, columns: 2 } },
          order: { field: "order", type: "quantitative" },
        },
        layer: [
          { mark: { type: "arc", innerRadius: radius * 0.55, outerRadius: radius, stroke: "#FFFFFF", strokeWidth: 3 } },
          {
            mark: { type: "text", radius: radius * 0.78, fontSize: 30, fontWeight: 700, color: "#FFFFFF" },
            // Explicit colour: the layer would otherwise inherit the slice colour and vanish.
            encoding: { text: { field: "display", type: "nominal" }, color: { value: "#FFFFFF" } },
          },
        ],
      };
    }
    case "line":
      return {
        ...top,
        data: { values },
        mark: { type: "line", point: { size: 140, filled: true }, strokeWidth: 4 },
        encoding: {
          x: { field: "label", type: "ordinal", sort: null, axis: { labelAngle: 0, title: null } },
          y: { field: "value", type: "quantitative", axis: { title: axisTitle(chart) } },
          color: { field: "series", type: "nominal", sort: null, legend: values.some((r) => r.series !== chart.title) ? { orient: "bottom", title: null } : null },
        },
      };
    case "timeline": {
      const axisX = 230;
      return {
        ...top,
        data: { values },
        encoding: { y: { field: "order", type: "ordinal", axis: null } },
        layer: [
          { mark: { type: "rule", color: "#C8C8C8", strokeWidth: 4 }, encoding: { x: { value: axisX }, y: { value: 0 }, y2: { value: height } } },
          { mark: { type: "point", filled: true, size: 500, color: primary, opacity: 1 }, encoding: { x: { value: axisX } } },
          { mark: { type: "text", align: "right", dx: -24, fontSize: 24, fontWeight: 700, color: "#333333" }, encoding: { x: { value: axisX }, text: { field: "dateText", type: "nominal" } } },
          { mark: { type: "text", align: "left", dx: 28, fontSize: 26, color: "#222222", limit: width - axisX - 40 }, encoding: { x: { value: axisX }, text: { field: "label", type: "nominal" } } },
        ],
      };
    }
    case "bignumber":
      return {
        ...top,
        data: { values: values.slice(0, 4) },
        encoding: { y: { field: "order", type: "ordinal", axis: null }, x: { value: width / 2 } },
        layer: [
          { mark: { type: "text", fontSize: 120, fontWeight: 700, color: primary, dy: -36, baseline: "middle" }, encoding: { text: { field: "display", type: "nominal" } } },
          { mark: { type: "text", fontSize: 30, color: "#444444", dy: 56, baseline: "middle" }, encoding: { text: { field: "label", type: "nominal" } } },
        ],
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Validation of hand-edited specs.

export const ALLOWED_MARKS = new Set([
  "arc",
  "area",
  "bar",
  "line",
  "point",
  "rect",
  "rule",
  "text",
  "tick",
  "circle",
  "square",
  "trail",
  "boxplot",
  "errorbar",
  "errorband",
]);

const FORBIDDEN_KEYS = new Set(["url", "href", "loader", "image"]);
const SCHEMA_URL = /^https:\/\/vega\.github\.io\/schema\/vega-lite\/v\d+(\.\d+)*\.json$/;
const URL_LIKE = /^\s*([a-z][a-z0-9+.-]*:\/\/|\/\/|data:|blob:|file:)/i;
const MAX_SPEC_CHARS = 100_000;
const MAX_DEPTH = 40;

export type ChartSpecValidation = { ok: true; spec: VegaLiteSpec } | { ok: false; errors: string[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const COMPOSITION_KEYS = ["mark", "layer", "concat", "hconcat", "vconcat", "facet", "repeat"];

/** Structural guard; the walk in `validateChartSpec` does the safety checks. */
function hasTopLevelShape(value: unknown): value is VegaLiteSpec {
  return isPlainObject(value) && COMPOSITION_KEYS.some((key) => key in value);
}

function describeMark(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isPlainObject(value) && typeof value.type === "string") return value.type;
  return null;
}

/**
 * Rejects anything that could make the page reach out or run code: data.url (and any `url`),
 * `href`, image marks, `javascript:`/URL strings, unknown marks. Returns Chinese errors with paths.
 */
export function validateChartSpec(spec: unknown): ChartSpecValidation {
  const errors: string[] = [];
  if (!isPlainObject(spec)) return { ok: false, errors: ["图表规格应为 JSON 对象"] };
  let serialized: string;
  try {
    serialized = JSON.stringify(spec);
  } catch {
    return { ok: false, errors: ["图表规格无法序列化为 JSON"] };
  }
  if (serialized.length > MAX_SPEC_CHARS) errors.push(`图表规格过大（上限 ${MAX_SPEC_CHARS} 字符）`);

  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) {
      errors.push(`${path}：嵌套层级过深`);
      return;
    }
    if (typeof node === "string") {
      if (/javascript:/i.test(node)) errors.push(`${path}：不允许 javascript: 内容`);
      else if (URL_LIKE.test(node) && !(path === "$schema" && SCHEMA_URL.test(node))) errors.push(`${path}：不允许引用外部地址（${node.slice(0, 40)}）`);
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        walk(item, `${path}[${index}]`, depth + 1);
      });
      return;
    }
    if (!isPlainObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const childPath = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) {
        errors.push(`${childPath}：不允许使用 ${key}（图表数据只能内嵌在 data.values 中）`);
        continue;
      }
      if (key === "mark" && !path.endsWith("config")) {
        const mark = describeMark(value);
        if (mark === null) errors.push(`${childPath}：无法识别的标记`);
        else if (!ALLOWED_MARKS.has(mark)) errors.push(`${childPath}：不支持的标记类型 ${mark}`);
      }
      if (key === "data" && value !== null && isPlainObject(value) && !("values" in value) && !("name" in value) && !("sequence" in value)) {
        errors.push(`${childPath}：图表数据只能内嵌在 data.values 中`);
      }
      walk(value, childPath, depth + 1);
    }
  };
  walk(spec, "", 0);

  if (!hasTopLevelShape(spec)) errors.push("图表规格缺少 mark / layer 等 vega-lite 结构");
  if (errors.length > 0 || !hasTopLevelShape(spec)) return { ok: false, errors };
  return { ok: true, spec };
}
