/**
 * Charts of a published interpretation as accessible inline SVG, rendered on the server with
 * vega + vega-lite (no client JavaScript). The SVG carries role="img", a <title> and a <desc>
 * (the alt text), and vega's own per-mark ARIA is switched off so assistive technology reads one
 * text alternative; the data itself is offered as a real <table> next to it (by the page).
 *
 * Rendering costs tens of milliseconds, so SVGs are cached per published snapshot
 * (package id + published_at + chart position): a republish changes the key.
 */
import type { TopLevelSpec } from "vega-lite";
import type { ChartContent } from "~/domain/package/content";
import { estimateTextWidth } from "~/domain/charts/text-width";
import { escapeHtml } from "~/domain/public/light-html";

const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A5300", "#332288", "#000000"];
const FONT = "Noto Sans SC";

type Row = { label: string; value: number; series: string; order: number; display: string };

function numericRows(chart: ChartContent): Row[] | null {
  const rows: Row[] = [];
  for (const [order, r] of chart.data.entries()) {
    const value = typeof r.value === "number" ? r.value : Number(String(r.value).replace(/,/g, ""));
    if (!Number.isFinite(value)) return null;
    rows.push({ label: r.label, value, series: r.series ?? chart.title, order, display: `${formatNumber(value)}${chart.unit ?? ""}` });
  }
  return rows.length ? rows : null;
}

const LABEL_FONT = 13;
const VALUE_FONT = 12;
/** Widest a page chart gets before bars turn horizontal (the content column is about 46 rem). */
const MAX_VERTICAL_WIDTH = 600;
const BAR_STEP = 48;

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("zh-CN") : value.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
}

const distinct = (list: readonly string[]) => [...new Set(list)];
const widest = (texts: readonly string[], size: number, bold = false) => Math.max(0, ...texts.map((t) => estimateTextWidth(t, size, bold)));

/**
 * Vertical bars while each category label fits its step and the chart fits the column;
 * otherwise horizontal, which reads at any count (rotated Chinese labels do not).
 */
function verticalLayout(rows: Row[], grouped: boolean): { step: number } | null {
  const labels = distinct(rows.map((r) => r.label));
  const series = grouped ? distinct(rows.map((r) => r.series)).length : 1;
  const labelRoom = widest(labels, LABEL_FONT) + 12;
  const valueRoom = (widest(rows.map((r) => r.display), VALUE_FONT, true) + 4) * series;
  const step = Math.max(BAR_STEP, labelRoom, valueRoom / 0.8);
  return step * labels.length <= MAX_VERTICAL_WIDTH ? { step } : null;
}

/** The value axis' upper end leaving room right of the longest bar for its value label. */
function horizontalDomainMax(rows: Row[], plotWidth: number): number | undefined {
  const max = Math.max(...rows.map((r) => r.value));
  if (!(max > 0)) return undefined;
  const label = widest(rows.map((r) => r.display), VALUE_FONT, true) + 10;
  return max / Math.max(0.4, (plotWidth - label) / plotWidth);
}

/** A compact web spec (the image exporter has its own, larger one). User text travels as data only. */
export function webChartSpec(chart: ChartContent): TopLevelSpec | null {
  if (chart.type === "bignumber" || chart.type === "timeline") return null;
  const rows = numericRows(chart);
  if (!rows) return null;
  const grouped = chart.type === "grouped-bar" || chart.type === "grouped-hbar";
  const multiSeries = new Set(rows.map((r) => r.series)).size > 1;
  const config = {
    font: FONT,
    aria: false,
    background: "#ffffff",
    view: { stroke: null },
    axis: { labelFontSize: LABEL_FONT, titleFontSize: 13, labelColor: "#333333", titleColor: "#333333", labelLimit: 220, domainColor: "#767676", tickColor: "#767676", gridColor: "#e6e6e6" },
    legend: { labelFontSize: 13, titleFontSize: 13, labelColor: "#333333", titleColor: "#333333", orient: "bottom" as const },
    text: { font: FONT },
    range: { category: PALETTE },
  };
  const unit = chart.unit ?? "";
  const data = { values: rows };
  const seriesColor = { field: "series", type: "nominal" as const, title: null, sort: null };
  const color = multiSeries || grouped ? seriesColor : { value: PALETTE[0] };
  // Value labels are dark text beside the bars, so they never take a series colour.
  const valueText = { type: "text" as const, fontSize: VALUE_FONT, fontWeight: 700 as const, color: "#222222" };
  const textEncoding = { text: { field: "display", type: "nominal" as const }, color: { value: "#222222" } };
  if (chart.type === "donut") {
    return {
      config,
      width: 280,
      height: 280,
      data,
      mark: { type: "arc", innerRadius: 70, stroke: "#ffffff" },
      encoding: {
        theta: { field: "value", type: "quantitative" },
        color: { field: "label", type: "nominal", title: null, sort: { field: "order" } },
        order: { field: "order" },
      },
    };
  }
  if (chart.type === "stacked") {
    return {
      config,
      width: { step: Math.max(BAR_STEP, widest(distinct(rows.map((r) => r.label)), LABEL_FONT) + 12) },
      height: 260,
      data,
      transform: [{ stack: "value", groupby: ["label"], sort: [{ field: "order" }], as: ["v0", "v1"] }, { calculate: "(datum.v0 + datum.v1) / 2", as: "mid" }],
      encoding: { x: { field: "label", type: "nominal", sort: { field: "order" }, title: null, axis: { labelAngle: 0 } } },
      layer: [
        { mark: { type: "bar" }, encoding: { y: { field: "v0", type: "quantitative", title: unit || null }, y2: { field: "v1" }, color } },
        { mark: { ...valueText, color: "#ffffff", baseline: "middle" }, encoding: { y: { field: "mid", type: "quantitative" }, text: { field: "display", type: "nominal" } } },
      ],
    };
  }
  if (chart.type === "line") {
    return {
      config,
      width: { step: Math.max(BAR_STEP, widest(distinct(rows.map((r) => r.label)), LABEL_FONT) + 12) },
      height: 260,
      data,
      encoding: {
        x: { field: "label", type: "nominal", sort: { field: "order" }, title: null, axis: { labelAngle: 0 } },
        y: { field: "value", type: "quantitative", title: unit || null },
      },
      layer: [
        { mark: { type: "line", point: true }, encoding: { color } },
        { mark: { ...valueText, dy: -10 }, encoding: textEncoding },
      ],
    };
  }
  const vertical = chart.type === "bar" || chart.type === "grouped-bar" ? verticalLayout(rows, grouped) : null;
  if (vertical) {
    return {
      config,
      width: { step: vertical.step, for: "position" },
      height: 260,
      data,
      encoding: {
        x: { field: "label", type: "nominal", sort: { field: "order" }, title: null, axis: { labelAngle: 0 } },
        y: { field: "value", type: "quantitative", title: unit || null },
        ...(grouped ? { xOffset: { field: "series", sort: null } } : {}),
      },
      layer: [
        { mark: { type: "bar" }, encoding: { color } },
        { mark: { ...valueText, dy: -8 }, encoding: textEncoding },
      ],
    };
  }
  const plotWidth = 420;
  const domainMax = horizontalDomainMax(rows, plotWidth);
  const seriesCount = grouped ? distinct(rows.map((r) => r.series)).length : 1;
  return {
    config,
    width: plotWidth,
    height: { step: seriesCount > 1 ? 22 : 28 },
    data,
    encoding: {
      y: { field: "label", type: "nominal", sort: { field: "order" }, title: null },
      // labelFlush: the last tick label would otherwise hang over the SVG's right edge.
      x: { field: "value", type: "quantitative", title: unit || null, axis: { labelFlush: true }, ...(domainMax ? { scale: { domainMax } } : {}) },
      ...(grouped ? { yOffset: { field: "series", sort: null } } : {}),
    },
    layer: [
      { mark: { type: "bar" }, encoding: { color } },
      { mark: { ...valueText, align: "left", dx: 4, baseline: "middle" }, encoding: textEncoding },
    ],
  };
}

/**
 * vega on the server has no canvas and guesses 0.8 em per character, too narrow for Chinese: the
 * SVG was sized too small and cut the first characters of the axis labels. Measure with the
 * Noto Sans SC advance widths instead (the page draws the SVG in Noto Sans SC).
 */
type TextItem = { fontSize?: number | string; fontWeight?: number | string; limit?: number };
type TextMetrics = { textMetrics: { width: (item: TextItem, text: unknown) => number } };
/** vega exports vega-scenegraph's `textMetrics` (the hook vl-convert uses); its typings do not list it. */
function hasTextMetrics(module: object): module is TextMetrics {
  if (!("textMetrics" in module)) return false;
  const metrics = module.textMetrics;
  return typeof metrics === "object" && metrics !== null && "width" in metrics;
}

function measureInNoto(module: object): void {
  if (hasTextMetrics(module)) module.textMetrics.width = notoTextWidth;
}

function notoTextWidth(item: TextItem, text: unknown): number {
  const value = text == null ? "" : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  const width = estimateTextWidth(value, size, bold);
  return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
}

const cache = new Map<string, string | null>();

/** Inline SVG for a chart, or null when the chart is not drawable (the data table still shows). */
export async function chartSvg(chart: ChartContent, key: string, titleId: string): Promise<string | null> {
  const cacheKey = `${key}|${titleId}`;
  if (cache.has(cacheKey)) return cache.get(cacheKey) ?? null;
  let svg: string | null = null;
  const spec = webChartSpec(chart);
  if (spec) {
    try {
      const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
      measureInNoto(vega);
      const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: "none" });
      // No network: inline data only, and any URL a spec might name is refused.
      view.loader({ load: () => Promise.reject(new Error("no external data")), sanitize: () => Promise.reject(new Error("no external data")), http: () => Promise.reject(new Error("no external data")), file: () => Promise.reject(new Error("no external data")) });
      const raw = await view.toSVG();
      view.finalize();
      svg = accessibleSvg(raw, chart, titleId);
    } catch {
      svg = null;
    }
  }
  if (cache.size > 2000) cache.clear();
  cache.set(cacheKey, svg);
  return svg;
}

function accessibleSvg(raw: string, chart: ChartContent, titleId: string): string {
  const description = chart.altText?.trim() || `${chart.title}：${chart.data.map((r) => `${r.label}${r.value}${chart.unit ?? ""}`).join("，")}`;
  const descId = `${titleId}-desc`;
  // One text alternative for the whole chart; ids made unique per chart (several on one page).
  const inner = raw
    .replace(/\s(?:role|aria-[a-z-]+)="[^"]*"/g, "")
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${titleId}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${titleId}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${titleId}-${id}"`);
  return inner
    .replace(/^<svg\b([^>]*)>/, (_m, attrs: string) => {
      const clean = attrs.replace(/\s(?:role|aria-[a-z-]+)="[^"]*"/g, "").replace(/\sclass="[^"]*"/, ' class="chart-svg"');
      return `<svg${clean} role="img" aria-labelledby="${titleId} ${descId}" focusable="false"><title id="${titleId}">${escapeHtml(chart.title)}</title><desc id="${descId}">${escapeHtml(description)}</desc>`;
    });
}
