/**
 * Dashboard chart specs (vega-lite), pure. The monthly rates and the waiting-time distribution go
 * through the editor's own `buildChartSpec` (line, stacked bar) so they look like every other
 * chart in the product; the forms-coverage heat map has no editor counterpart and is written here
 * with the same theme (font, palette, inline data only). `dashboardTheme` only scales the editor's
 * image-sized fonts down to page size.
 *
 * Every chart is shown next to a data table (GB/T 37668: a chart needs its data as text), so the
 * specs carry no information the tables do not.
 */
import type { Config } from "vega-lite";
import { ACCESSIBLE_PALETTE, CHART_FONT, VEGA_LITE_SCHEMA, type VegaLiteSpec, buildChartSpec } from "~/domain/charts/spec";
import { type DashboardFigures, FORMS, WAITING_BUCKETS } from "./metrics";
import { FORM_LABELS } from "~/domain/vocabulary";

export const DASHBOARD_CHART_SIZE = { width: 640, height: 300 };

/** At most this many departments in the heat map (the weakest first); the table has them all. */
export const HEATMAP_MAX_DEPARTMENTS = 40;

function dashboardConfig(): Config {
  const axis = { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 12, titleFontSize: 12, labelColor: "#333333", titleColor: "#555555", gridColor: "#E6E6E6", domainColor: "#999999", tickColor: "#999999", labelLimit: 220 };
  return {
    font: CHART_FONT,
    background: "#FFFFFF",
    view: { stroke: null },
    padding: 8,
    axis,
    legend: { labelFont: CHART_FONT, titleFont: CHART_FONT, labelFontSize: 12, titleFontSize: 12, labelLimit: 200 },
    text: { font: CHART_FONT, fontSize: 11 },
    range: { category: [...ACCESSIBLE_PALETTE] },
  };
}

/** The editor's spec, at page size and page font sizes. */
function dashboardTheme(spec: VegaLiteSpec): VegaLiteSpec {
  return { ...spec, config: dashboardConfig(), autosize: { type: "fit", contains: "padding" } };
}

/** 解读率 and 同步率 per month, as percentages (two lines). */
export function ratesByMonthSpec(f: DashboardFigures): VegaLiteSpec {
  const data = f.months.flatMap((m) => [
    { label: m.month, value: pct(m.interpretationRate), series: "解读率" },
    { label: m.month, value: pct(m.syncRate), series: "同步率" },
  ]);
  const spec = buildChartSpec(
    { id: "rates-by-month", type: "line", title: "解读率和同步率（按月）", unit: "%", source: "解读工坊考核统计", data, altText: "各月解读率和同步率折线图，数据见下表" },
    DASHBOARD_CHART_SIZE,
  );
  return dashboardTheme(spec);
}

/** How long packages have been waiting, stacked by bucket, one bar per stage. */
export function waitingDistributionSpec(f: DashboardFigures): VegaLiteSpec {
  const data = f.waiting.flatMap((w) => WAITING_BUCKETS.map((b) => ({ label: w.label, value: w.buckets[b.key], series: b.label })));
  const spec = buildChartSpec(
    { id: "waiting-distribution", type: "stacked", title: "各环节等待时间分布", unit: "件", source: "解读工坊考核统计", data, altText: "各环节等待时间分布堆叠柱状图，数据见下表" },
    DASHBOARD_CHART_SIZE,
  );
  return dashboardTheme(spec);
}

/** A month with no interpreted documents has no rate: drawn as 0 would lie, so it is left out. */
function pct(value: number | null): number {
  return value === null ? Number.NaN : Math.round(value * 1000) / 10;
}

export type HeatCell = { department: string; form: string; share: number; count: number; text: string };

/** The heat map's cells: departments with interpreted documents, lowest 解读率 first. */
export function formsHeatmapCells(f: DashboardFigures, limit = HEATMAP_MAX_DEPARTMENTS): HeatCell[] {
  const departments = f.departments
    .filter((d) => d.interpreted > 0)
    .sort((a, b) => (a.interpretationRate ?? 0) - (b.interpretationRate ?? 0) || a.departmentName.localeCompare(b.departmentName, "zh-CN"))
    .slice(0, limit);
  return departments.flatMap((d) =>
    FORMS.map((form) => {
      const share = d.formShares[form] ?? 0;
      return { department: d.departmentName, form: FORM_LABELS[form], share, count: d.forms[form], text: `${Math.round(share * 100)}%` };
    }),
  );
}

/** Forms coverage: rows = departments, columns = forms, colour = share of interpreted documents. */
export function formsHeatmapSpec(f: DashboardFigures, limit = HEATMAP_MAX_DEPARTMENTS): VegaLiteSpec {
  const values = formsHeatmapCells(f, limit);
  const departments = [...new Set(values.map((v) => v.department))];
  const rowHeight = 24;
  return {
    $schema: VEGA_LITE_SCHEMA,
    width: DASHBOARD_CHART_SIZE.width,
    height: Math.max(rowHeight, departments.length * rowHeight),
    config: dashboardConfig(),
    data: { values },
    encoding: {
      x: { field: "form", type: "nominal", sort: FORMS.map((k) => FORM_LABELS[k]), axis: { orient: "top", labelAngle: 0, title: null } },
      y: { field: "department", type: "nominal", sort: departments, axis: { title: null } },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "#FFFFFF", strokeWidth: 1 },
        encoding: {
          color: {
            field: "share",
            type: "quantitative",
            scale: { domain: [0, 1], range: ["#F2F2F2", ACCESSIBLE_PALETTE[0]] },
            legend: { title: "占已解读比例", format: ".0%", orient: "bottom" },
          },
          tooltip: [
            { field: "department", type: "nominal", title: "单位" },
            { field: "form", type: "nominal", title: "形式" },
            { field: "count", type: "quantitative", title: "文件数" },
            { field: "share", type: "quantitative", title: "占比", format: ".1%" },
          ],
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "text", type: "nominal" },
          color: { condition: { test: "datum.share > 0.5", value: "#FFFFFF" }, value: "#222222" },
        },
      },
    ],
  };
}
