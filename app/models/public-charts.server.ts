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
import { escapeHtml } from "~/domain/public/light-html";

const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8A5300", "#332288", "#000000"];
const FONT = "Noto Sans SC";

type Row = { label: string; value: number; series: string; order: number };

function numericRows(chart: ChartContent): Row[] | null {
  const rows: Row[] = [];
  for (const [order, r] of chart.data.entries()) {
    const value = typeof r.value === "number" ? r.value : Number(String(r.value).replace(/,/g, ""));
    if (!Number.isFinite(value)) return null;
    rows.push({ label: r.label, value, series: r.series ?? chart.title, order });
  }
  return rows.length ? rows : null;
}

/** A compact web spec (the image exporter has its own, larger one). User text travels as data only. */
export function webChartSpec(chart: ChartContent): TopLevelSpec | null {
  if (chart.type === "bignumber" || chart.type === "timeline") return null;
  const rows = numericRows(chart);
  if (!rows) return null;
  const multiSeries = new Set(rows.map((r) => r.series)).size > 1;
  const config = {
    font: FONT,
    aria: false,
    background: "#ffffff",
    view: { stroke: null },
    axis: { labelFontSize: 13, titleFontSize: 13, labelColor: "#333333", titleColor: "#333333", labelLimit: 220, domainColor: "#767676", tickColor: "#767676", gridColor: "#e6e6e6" },
    legend: { labelFontSize: 13, titleFontSize: 13, labelColor: "#333333", titleColor: "#333333" },
    range: { category: PALETTE },
  };
  const unit = chart.unit ?? "";
  const data = { values: rows };
  const color = multiSeries ? { field: "series", type: "nominal" as const, title: null } : { value: PALETTE[0] };
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
  if (chart.type === "hbar") {
    return {
      config,
      width: 480,
      height: { step: 28 },
      data,
      mark: { type: "bar" },
      encoding: {
        y: { field: "label", type: "nominal", sort: { field: "order" }, title: null },
        x: { field: "value", type: "quantitative", title: unit || null },
        color,
      },
    };
  }
  return {
    config,
    width: { step: 48 },
    height: 260,
    data,
    mark: chart.type === "line" ? { type: "line", point: true } : { type: "bar" },
    encoding: {
      x: { field: "label", type: "nominal", sort: { field: "order" }, title: null, axis: { labelAngle: 0 } },
      y: { field: "value", type: "quantitative", title: unit || null, stack: chart.type === "stacked" ? "zero" : null },
      color,
      ...(multiSeries && chart.type !== "stacked" && chart.type !== "line" ? { xOffset: { field: "series" } } : {}),
    },
  };
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
