/** 问答卡: one Q&A per 1080×1440 card; a long answer shrinks, then continues on "续" cards. */
import { z } from "zod";
import { paragraphsOf } from "~/domain/package-data";
import { baseCss, brandHeader, flowParagraphs, footer, html, truncateForAlt } from "../shared/html";
import type { FlowItem, TemplateDefinition } from "../shared/types";

const flowItem = z.object({ kind: z.enum(["p", "cite"]), text: z.string().min(1).max(1500) });

export const qaCardSlots = z.object({
  index: z.number().int().min(1).max(30),
  total: z.number().int().min(1).max(30),
  question: z.string().min(1).max(80),
  flow: z.array(flowItem).min(1).max(40),
  /** 0 for the first card of a Q&A, 1, 2… for its continuation cards. */
  part: z.number().int().min(0).max(20),
});
export type QaCardSlots = z.infer<typeof qaCardSlots>;

const CSS = `
.qa .q{display:flex;gap:28px;padding:64px 80px 36px;flex:none}
.qa .badge{flex:none;display:inline-flex;align-items:center;justify-content:center;width:72px;height:72px;border-radius:16px;background:var(--primary);color:var(--on-primary);font-size:40px;font-weight:700}
.qa .badge.ans{background:var(--accent)}
.qa .q h1{font-size:48px;line-height:1.45;font-weight:700;color:var(--primary-dark)}
.qa.cont .q h1{font-size:36px;color:var(--muted)}
.qa .q .tag{flex:none;align-self:flex-start;font-size:28px;padding:4px 14px;border-radius:8px;background:var(--accent);color:#fff}
.qa .a{flex:1 1 0;min-height:0;margin:0 80px 48px;padding:40px 44px;background:var(--surface);border-radius:24px;display:flex;gap:28px;font-size:var(--fs,40px);box-shadow:0 2px 0 rgba(0,0,0,.06)}
.qa .a .flow{flex:1;min-width:0}
.qa .a p{line-height:1.7;text-align:justify}
.qa .a p + p{margin-top:.6em}
.qa .a p.cite{font-size:.8em;color:var(--muted);border-left:6px solid var(--accent);padding-left:16px}
`;

export const qaCardTemplate = {
  id: "qa-card",
  name: "问答卡",
  version: 1,
  sizes: { portrait: { width: 1080, height: 1440 } },
  slots: qaCardSlots,
  fromPackage(pkg) {
    return pkg.qa.map((item, i) => ({
      index: i + 1,
      total: pkg.qa.length,
      question: item.question,
      flow: [
        ...paragraphsOf(item.answer).map((text): FlowItem => ({ kind: "p", text })),
        ...(item.citation ? [{ kind: "cite" as const, text: item.citation }] : []),
      ],
      part: 0,
    }));
  },
  build(slots, ctx) {
    const continued = slots.part > 0;
    const body = html`<section class="card qa${continued ? " cont" : ""}">${brandHeader(ctx, "简明问答")}
<div class="q" data-box="question"><span class="badge">问</span><h1 class="serif" data-text data-title>${slots.question}</h1>${continued ? html`<span class="tag">续</span>` : ""}</div>
<div class="a" data-box="answer" data-fit="40,38,36,34,32,30" data-flow><span class="badge ans">答</span><div class="flow">${flowParagraphs(slots.flow)}</div></div>
${footer(ctx, `问答 ${slots.index}/${slots.total}`, true)}</section>`;
    const answer = slots.flow.map((f) => f.text).join("\n");
    return {
      css: baseCss(ctx) + CSS,
      body: body.html,
      charts: [],
      altText: truncateForAlt(`问答卡${continued ? "（续）" : ""}：${slots.question}`),
      longDescription: `问：${slots.question}${continued ? "（续）" : ""}\n答：${answer}`,
    };
  },
  continueWith(slots, remaining) {
    return { ...slots, flow: remaining, part: slots.part + 1 };
  },
  withFlow(slots, shown) {
    return { ...slots, flow: shown };
  },
} satisfies TemplateDefinition<QaCardSlots>;
