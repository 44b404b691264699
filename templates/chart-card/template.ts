/** 图表卡: one chart with its title, unit and source on a 1080×1440 card. */
import { chartFileStem, chartSchema } from "~/domain/package-data";
import { z } from "zod";
import { chartAsText, resolveChartSpec } from "../shared/charts";
import { baseCss, brandHeader, footer, html } from "../shared/html";
import type { TemplateDefinition } from "../shared/types";

export const CHART_CARD_PLOT = { width: 920, height: 860 } as const;

export const chartCardSlots = z.object({ chart: chartSchema, index: z.number().int().min(1), total: z.number().int().min(1) });
export type ChartCardSlots = z.infer<typeof chartCardSlots>;

const CSS = `
.chartc .head{padding:56px 80px 16px;flex:none}
.chartc .head h1{font-size:52px;line-height:1.35;font-weight:900;color:var(--primary-dark)}
.chartc .head p{margin-top:12px;font-size:30px;line-height:1.5;color:var(--muted)}
.chartc .plot{flex:1 1 0;min-height:0;margin:16px 80px 0;background:var(--surface);border-radius:24px;display:flex;align-items:center;justify-content:center}
.chartc .plot .mount{width:${CHART_CARD_PLOT.width - 40}px;height:${CHART_CARD_PLOT.height - 80}px}
.chartc .meta{display:flex;gap:32px;padding:20px 80px 28px;font-size:26px;line-height:1.5;color:var(--muted);flex:none}
`;

export const chartCardTemplate = {
  id: "chart-card",
  name: "图表卡",
  version: 1,
  sizes: { portrait: { width: 1080, height: 1440 } },
  slots: chartCardSlots,
  fromPackage(pkg, ctx) {
    return pkg.charts.map((chart, i) => {
      const { rejected } = resolveChartSpec(chart, CHART_CARD_PLOT);
      if (rejected) ctx.warn(`图表「${chart.title}」的自定义规格未通过安全检查，已按数据重新绘制：${rejected.join("；")}`);
      return { chart, index: i + 1, total: pkg.charts.length };
    });
  },
  build(slots, ctx) {
    const { chart } = slots;
    const { spec } = resolveChartSpec(chart, { width: CHART_CARD_PLOT.width - 40, height: CHART_CARD_PLOT.height - 80 });
    const body = html`<section class="card chartc">${brandHeader(ctx, "图表解读")}
<div class="head" data-box="head"><h1 class="serif" data-text data-title>${chart.title}</h1>${chart.subtitle ? html`<p data-text>${chart.subtitle}</p>` : ""}</div>
<div class="plot" data-box="plot"><div class="mount" data-chart="${chart.id}" role="img" aria-label="${chart.altText}"></div></div>
<div class="meta" data-box="meta">${chart.unit && chart.type !== "timeline" ? html`<span data-text>单位：${chart.unit}</span>` : ""}${chart.source ? html`<span data-text>数据来源：${chart.source}</span>` : ""}</div>
${footer(ctx, slots.total > 1 ? `图表 ${slots.index}/${slots.total}` : "")}</section>`;
    return {
      css: baseCss(ctx) + CSS,
      body: body.html,
      charts: [{ id: chart.id, spec }],
      altText: chart.altText,
      longDescription: chartAsText(chart),
    };
  },
  fileStem(slots) {
    return chartFileStem(slots.index, slots.chart);
  },
} satisfies TemplateDefinition<ChartCardSlots>;
