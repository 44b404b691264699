/**
 * 封面: the WeChat article cover (900×383, 2.35:1) keeps the title inside the centre 383×383
 * square, because shares crop to it; the same slots also make the 1:1 small cover and a 3:4
 * first card for 小红书 / 抖音.
 */
import { z } from "zod";
import { baseCss, formatOptionalDate, html, joinPresent, orgSegments, truncateForAlt, unbreakable } from "../shared/html";
import type { TemplateDefinition } from "../shared/types";

export const COVER_SAFE_ZONE = 383;

export const coverSlots = z.object({
  title: z.string().min(1).max(120),
  kicker: z.string().min(1).max(12),
  department: z.string().min(1).max(40),
  /** Empty when the document has no 文号 yet: nothing is printed in its place. */
  docNumber: z.string().max(40),
  /** 成文日期 (ISO), or empty: a missing date is never replaced by another one. */
  date: z.union([z.literal(""), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
});
export type CoverSlots = z.infer<typeof coverSlots>;

const CSS = `
.cover{background:var(--primary);color:var(--on-primary);overflow:hidden}
.cover .deco{position:absolute;inset:0;background:radial-gradient(circle at 12% 120%,rgba(255,255,255,.16) 0 38%,transparent 38.2%),radial-gradient(circle at 92% -30%,rgba(0,0,0,.18) 0 40%,transparent 40.2%)}
.cover .safe{position:absolute;display:flex;flex-direction:column;justify-content:center;align-items:center;text-align:center}
.cover .kicker{flex:none;font-weight:700;letter-spacing:.2em;color:var(--accent);background:rgba(0,0,0,.18);border-radius:999px}
.cover .title{min-height:0;display:flex;align-items:center;font-size:var(--fs,40px)}
.cover .title h1{font-size:1em;font-weight:900;line-height:1.35}
.cover .side{position:absolute;font-size:var(--fs,18px);line-height:1.5;opacity:.92}
.cover .logo{width:48px;height:48px;background:#fff;border-radius:8px;object-fit:contain;display:block;margin-bottom:8px}
.cover.wide .safe{left:${(900 - COVER_SAFE_ZONE) / 2 + 16}px;top:16px;width:${COVER_SAFE_ZONE - 32}px;height:${COVER_SAFE_ZONE - 32}px;gap:16px}
.cover.wide .kicker{font-size:20px;padding:4px 16px}
.cover.wide .title{flex:1 1 0}
.cover.wide .left{left:32px;top:32px;width:218px;height:150px}
.cover.wide .right{right:32px;bottom:32px;width:218px;height:96px;display:flex;flex-direction:column;justify-content:flex-end;text-align:right}
.cover.square .safe{left:24px;top:56px;width:335px;height:271px;gap:12px}
.cover.square .kicker{font-size:18px;padding:3px 14px}
.cover.square .title{flex:1 1 0}
.cover.square .top{left:24px;top:14px;right:24px;font-size:var(--fs,16px);text-align:center}
.cover.square .bottom{left:24px;bottom:14px;right:24px;font-size:var(--fs,14px);text-align:center}
.cover.portrait .safe{left:80px;top:300px;width:920px;height:760px;gap:40px}
.cover.portrait .kicker{font-size:40px;padding:8px 32px}
.cover.portrait .title{flex:1 1 0}
.cover.portrait .top{left:80px;top:80px;right:80px;font-size:var(--fs,36px);font-weight:700}
.cover.portrait .bottom{left:80px;bottom:96px;right:80px;font-size:var(--fs,30px);text-align:center}
`;

/** Sizes the department and 文号/date lines shrink through before they would wrap mid-word. */
const META_FIT: Record<string, { top: string; bottom: string }> = {
  wide: { top: "18,17,16,15,14,13,12", bottom: "18,17,16,15,14,13,12" },
  square: { top: "16,15,14,13,12", bottom: "14,13,12,11" },
  portrait: { top: "36,34,32,30,28,26", bottom: "30,28,26,24,22" },
};

const FIT: Record<string, string> = {
  wide: "40,36,32,30,28,26,24,22",
  square: "36,32,30,28,26,24,22,20",
  portrait: "88,80,72,64,56,52,48",
};

export const coverTemplate = {
  id: "cover",
  name: "封面",
  version: 1,
  sizes: {
    wide: { width: 900, height: 383 },
    square: { width: COVER_SAFE_ZONE, height: COVER_SAFE_ZONE },
    portrait: { width: 1080, height: 1440 },
  },
  slots: coverSlots,
  fromPackage(pkg) {
    return [
      {
        title: pkg.document.title,
        kicker: "政策解读",
        department: pkg.document.department,
        docNumber: pkg.document.docNumber ?? "",
        date: pkg.document.date ?? "",
      },
    ];
  },
  build(slots, ctx) {
    const key = ctx.sizeKey in FIT ? ctx.sizeKey : "wide";
    const logo = ctx.assets.logo ? html`<img class="logo" src="${ctx.assets.logo}" alt="">` : "";
    const title = html`<div class="safe" data-box="safe-zone"><span class="kicker">${slots.kicker}</span><div class="title" data-box="title" data-fit="${FIT[key]}"><h1 class="serif" data-text data-title>${slots.title}</h1></div></div>`;
    const date = formatOptionalDate(slots.date);
    const fit = META_FIT[key];
    // The department breaks only after its place names; the 文号 and the date never break.
    const department = unbreakable(orgSegments(slots.department));
    const numberAndDate = [slots.docNumber, date].filter(Boolean);
    const meta =
      key === "wide"
        ? html`<div class="side left" data-box="department" data-fit="${fit.top}">${logo}<div data-text data-meta>${department}</div></div>${numberAndDate.length ? html`<div class="side right" data-box="docnumber" data-fit="${fit.bottom}">${numberAndDate.map((piece) => html`<div data-text data-meta>${unbreakable([piece])}</div>`)}</div>` : ""}`
        : html`<div class="side top" data-box="department" data-fit="${fit.top}"><div data-text data-meta>${department}</div></div>${numberAndDate.length ? html`<div class="side bottom" data-box="docnumber" data-fit="${fit.bottom}"><div data-text data-meta>${unbreakable(numberAndDate, "　")}</div></div>` : ""}`;
    const body = html`<section class="card cover ${key}"><div class="deco"></div>${meta}${title}</section>`;
    return {
      css: baseCss(ctx) + CSS,
      body: body.html,
      charts: [],
      altText: truncateForAlt(`${slots.kicker}封面：${slots.title}`),
      longDescription: `${slots.kicker}：${slots.title}\n${joinPresent([slots.department, slots.docNumber, date], "　")}`,
    };
  },
} satisfies TemplateDefinition<CoverSlots>;
