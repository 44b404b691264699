/** 时间轴: the package's deadlines (执行时间、时间节点), up to eight per 1080×1440 card. */
import { z } from "zod";
import { deadlineSchema } from "~/domain/package-data";
import { baseCss, brandHeader, footer, formatDate, html, raw, truncateForAlt } from "../shared/html";
import type { TemplateDefinition } from "../shared/types";

const PER_CARD = 8;

export const timelineSlots = z.object({
  heading: z.string().min(1).max(20),
  items: z.array(deadlineSchema).min(1).max(PER_CARD),
  page: z.number().int().min(1),
  pages: z.number().int().min(1),
});
export type TimelineSlots = z.infer<typeof timelineSlots>;

const CSS = `
.tl .head{padding:64px 80px 24px;flex:none}
.tl .head h1{font-size:64px;font-weight:900;color:var(--primary)}
.tl .list{flex:1 1 0;min-height:0;margin:16px 80px 56px;padding:40px 48px;background:var(--surface);border-radius:24px;font-size:var(--fs,40px);position:relative;display:flex;flex-direction:column;justify-content:space-evenly}
.tl .item{position:relative;padding-left:1.4em;border-left:6px solid var(--accent)}
.tl .item::before{content:"";position:absolute;left:-.5em;top:.25em;width:.8em;height:.8em;margin-left:-3px;border-radius:50%;background:var(--primary)}
.tl .date{font-weight:700;color:var(--primary);font-size:.9em;line-height:1.4}
.tl .label{margin-top:.2em;line-height:1.55}
`;

export const timelineTemplate = {
  id: "timeline",
  name: "时间轴",
  version: 1,
  sizes: { portrait: { width: 1080, height: 1440 } },
  slots: timelineSlots,
  fromPackage(pkg) {
    const sorted = [...pkg.timeline].sort((a, b) => a.date.localeCompare(b.date));
    const pages = Math.ceil(sorted.length / PER_CARD);
    return Array.from({ length: pages }, (_, i) => ({
      heading: "时间节点",
      items: sorted.slice(i * PER_CARD, (i + 1) * PER_CARD),
      page: i + 1,
      pages,
    }));
  },
  build(slots, ctx) {
    const items = slots.items.map((item) => html`<div class="item"><div class="date" data-text>${formatDate(item.date)}</div><div class="label" data-text>${item.label}</div></div>`.html);
    const body = html`<section class="card tl">${brandHeader(ctx, "时间节点")}
<div class="head"><h1 class="serif">${slots.heading}</h1></div>
<div class="list" data-box="timeline" data-fit="40,36,32,30,28">${raw(items.join(""))}</div>
${footer(ctx, slots.pages > 1 ? `${slots.page}/${slots.pages}` : "")}</section>`;
    const text = slots.items.map((item) => `${formatDate(item.date)}：${item.label}`);
    return {
      css: baseCss(ctx) + CSS,
      body: body.html,
      charts: [],
      altText: truncateForAlt(`时间轴：${text.join("；")}`),
      longDescription: `${slots.heading}\n${text.join("\n")}`,
    };
  },
} satisfies TemplateDefinition<TimelineSlots>;
