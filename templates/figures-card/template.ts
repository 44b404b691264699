/** 数字卡: the package's key figures, up to six per 1080×1440 card. */
import { z } from "zod";
import { keyFigureSchema } from "~/domain/package-data";
import { estimateTextWidth } from "~/domain/charts/text-width";
import { baseCss, brandHeader, footer, html, raw, truncateForAlt } from "../shared/html";
import type { TemplateDefinition } from "../shared/types";

const PER_CARD = 6;
/** The figure's size in em of the grid's font; a cell holds about 7.6 em of it. */
const VALUE_EM = 2.4;
const CELL_EM = 7.6;

/**
 * A long figure (12 digits and a unit such as 万元/人·月 are allowed) gets a smaller size so it
 * stays in its cell on one line; the usual figures keep the full size.
 */
function valueEm(value: string, unit: string | undefined): number {
  const width = estimateTextWidth(value, 1, true) + (unit ? estimateTextWidth(unit, 0.5) + 0.15 : 0);
  return Math.min(VALUE_EM, CELL_EM / Math.max(width, 0.1));
}

export const figuresCardSlots = z.object({
  heading: z.string().min(1).max(20),
  title: z.string().min(1).max(120),
  figures: z.array(keyFigureSchema).min(1).max(PER_CARD),
  page: z.number().int().min(1),
  pages: z.number().int().min(1),
});
export type FiguresCardSlots = z.infer<typeof figuresCardSlots>;

const CSS = `
.fig .head{padding:64px 80px 24px;flex:none}
.fig .head h1{font-size:64px;font-weight:900;color:var(--primary)}
.fig .head p{margin-top:16px;font-size:28px;line-height:1.5;color:var(--muted)}
.fig .grid{flex:1 1 0;min-height:0;margin:24px 80px 56px;display:grid;grid-template-columns:1fr 1fr;grid-auto-rows:1fr;gap:32px;font-size:var(--fs,48px)}
.fig .item{background:var(--surface);border-radius:24px;padding:.7em .6em;display:flex;flex-direction:column;justify-content:center;border-top:10px solid var(--primary)}
.fig .value{font-size:2.4em;font-weight:900;color:var(--primary);line-height:1.1;white-space:nowrap}
.fig .unit{font-size:.5em;margin-left:.15em;color:var(--primary-dark)}
.fig .label{margin-top:.4em;font-size:.66em;line-height:1.45;color:var(--text)}
`;

export const figuresCardTemplate = {
  id: "figures-card",
  name: "数字卡",
  version: 1,
  sizes: { portrait: { width: 1080, height: 1440 } },
  slots: figuresCardSlots,
  fromPackage(pkg) {
    const pages = Math.ceil(pkg.keyFigures.length / PER_CARD);
    return Array.from({ length: pages }, (_, i) => ({
      heading: "数说政策",
      title: pkg.document.title,
      figures: pkg.keyFigures.slice(i * PER_CARD, (i + 1) * PER_CARD),
      page: i + 1,
      pages,
    }));
  },
  build(slots, ctx) {
    const items = slots.figures.map((f) => {
      const em = valueEm(f.value, f.unit);
      const style = em < VALUE_EM ? raw(` style="font-size:${em.toFixed(2)}em"`) : "";
      return html`<div class="item"><div class="value serif"${style} data-text>${f.value}${f.unit ? html`<span class="unit">${f.unit}</span>` : ""}</div><div class="label" data-text>${f.label}</div></div>`.html;
    });
    const body = html`<section class="card fig">${brandHeader(ctx, "一图读懂")}
<div class="head" data-box="head"><h1 class="serif">${slots.heading}</h1><p data-text data-title>${slots.title}</p></div>
<div class="grid" data-box="figures" data-fit="48,44,40,36,32">${raw(items.join(""))}</div>
${footer(ctx, slots.pages > 1 ? `${slots.page}/${slots.pages}` : "")}</section>`;
    const text = slots.figures.map((f) => `${f.label}：${f.value}${f.unit ?? ""}`).join("；");
    return {
      css: baseCss(ctx) + CSS,
      body: body.html,
      charts: [],
      altText: truncateForAlt(`数字卡：${text}`),
      longDescription: `${slots.heading}（${slots.title}）\n${slots.figures.map((f) => `${f.label}：${f.value}${f.unit ?? ""}`).join("\n")}`,
    };
  },
} satisfies TemplateDefinition<FiguresCardSlots>;
