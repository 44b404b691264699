/** Chart helpers for templates: pick a safe spec, and say the chart's data as text. */
import { type ChartSize, type VegaLiteSpec, buildChartSpec, formatChineseDate, validateChartSpec } from "~/domain/charts/spec";
import type { Chart } from "~/domain/package-data";

/**
 * A hand-edited spec is used only if it passes `validateChartSpec`; otherwise the chart is drawn
 * from its rows and `rejected` lists why (the plan records it as a manifest warning).
 */
export function resolveChartSpec(chart: Chart, size: ChartSize): { spec: VegaLiteSpec; rejected: string[] | null } {
  if (chart.spec) {
    const checked = validateChartSpec(chart.spec);
    if (checked.ok) return { spec: checked.spec, rejected: null };
    return { spec: buildChartSpec(chart, size), rejected: checked.errors };
  }
  return { spec: buildChartSpec(chart, size), rejected: null };
}

/** The chart's data as text — the accessible long description (GB/T 37668). */
export function chartAsText(chart: Chart): string {
  const unit = chart.unit ?? "";
  const rows = chart.data.map((row) => {
    const when = row.date ? `${formatChineseDate(row.date)} ` : "";
    const series = row.series ? `（${row.series}）` : "";
    return `${when}${row.label}${series}：${row.value}${unit}`;
  });
  return `${chart.title}${chart.subtitle ? `——${chart.subtitle}` : ""}\n${rows.join("\n")}${chart.source ? `\n数据来源：${chart.source}` : ""}`;
}
