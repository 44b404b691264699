/**
 * 九宫格: nine 1080×1080 tiles for a Weibo post — the title, up to seven points taken from the
 * package (key figures, questions, deadlines, then section openings) and the publishing info.
 */
import { z } from "zod";
import { type PackageData, paragraphsOf } from "~/domain/package-data";
import { baseCss, formatDate, formatOptionalDate, html, joinPresent, raw, truncateForAlt } from "../shared/html";
import type { TemplateDefinition } from "../shared/types";

export const nineGridSlots = z.object({
  index: z.number().int().min(1).max(9),
  kind: z.enum(["title", "figure", "question", "deadline", "section", "info"]),
  heading: z.string().min(1).max(40),
  body: z.string().max(140),
  value: z.string().max(16).optional(),
});
export type NineGridSlots = z.infer<typeof nineGridSlots>;

const CSS = `
.tile{background:var(--surface);border:24px solid var(--primary);padding:64px 72px;gap:32px}
.tile.title,.tile.info{background:var(--primary);color:var(--on-primary);border-color:var(--primary-dark)}
.tile .num{flex:none;font-size:40px;font-weight:900;color:var(--accent);letter-spacing:.1em}
.tile h2{flex:none;font-size:52px;line-height:1.35;font-weight:900;color:var(--primary-dark)}
.tile.title h2,.tile.info h2{color:var(--on-primary)}
.tile .value{flex:none;font-size:150px;line-height:1;font-weight:900;color:var(--primary);white-space:nowrap}
.tile .text{flex:1 1 0;min-height:0;font-size:var(--fs,48px);line-height:1.6}
.tile.title .text{font-size:var(--fs,64px);font-weight:900;line-height:1.4;display:flex;align-items:center}
`;

function firstSentence(text: string): string {
  const first = paragraphsOf(text)[0] ?? "";
  const end = first.search(/[。；！？]/);
  return end >= 0 ? first.slice(0, end + 1) : first;
}

function points(pkg: PackageData): Array<Omit<NineGridSlots, "index">> {
  const out: Array<Omit<NineGridSlots, "index">> = [];
  for (const f of pkg.keyFigures.slice(0, 3)) out.push({ kind: "figure", heading: f.label, body: "", value: `${f.value}${f.unit ?? ""}` });
  for (const qa of pkg.qa) out.push({ kind: "question", heading: "问", body: qa.question });
  for (const d of pkg.timeline) out.push({ kind: "deadline", heading: formatDate(d.date), body: d.label });
  const sections: Array<[string, string]> = [
    ["出台目的", pkg.sections.purpose],
    ["适用范围与执行时间", pkg.sections.scope],
    ["制定依据", pkg.sections.basis],
    ["起草背景", pkg.sections.background],
  ];
  for (const [heading, text] of sections) {
    const sentence = firstSentence(text);
    if (sentence.length > 0 && sentence.length <= 140) out.push({ kind: "section", heading, body: sentence });
  }
  return out;
}

export const nineGridTemplate = {
  id: "nine-grid",
  name: "九宫格",
  version: 1,
  sizes: { tile: { width: 1080, height: 1080 } },
  slots: nineGridSlots,
  fromPackage(pkg) {
    // Spread the kinds: a figure, a question, … rather than all figures first.
    const pool = points(pkg);
    const byKind = new Map<string, Array<Omit<NineGridSlots, "index">>>();
    for (const p of pool) byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), p]);
    const picked: Array<Omit<NineGridSlots, "index">> = [];
    while (picked.length < 7 && [...byKind.values()].some((list) => list.length > 0)) {
      for (const list of byKind.values()) {
        const next = list.shift();
        if (next && picked.length < 7) picked.push(next);
      }
    }
    const tiles: Array<Omit<NineGridSlots, "index">> = [
      { kind: "title", heading: "一图读懂", body: pkg.document.title.slice(0, 140) },
      ...picked,
    ];
    while (tiles.length < 8) tiles.push({ kind: "section", heading: "主要内容", body: firstSentence(pkg.sections.mainContent).slice(0, 140) });
    const doc = pkg.document;
    tiles.push({ kind: "info", heading: doc.department, body: joinPresent([doc.issuer, doc.docNumber, formatOptionalDate(doc.date)], "\n") });
    return tiles.map((tile, i) => ({ ...tile, index: i + 1 }));
  },
  build(slots, ctx) {
    const num = String(slots.index).padStart(2, "0");
    const lines = slots.body
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => html`<p data-text>${line}</p>`.html);
    const fit = slots.kind === "title" ? "64,58,52,48,44" : "48,44,40,36";
    const value = slots.value ? html`<div class="value serif" data-box="value" data-text>${slots.value}</div>` : "";
    const body = html`<section class="card tile ${slots.kind}"><div class="num">${num} / 09</div><h2 class="serif" data-text>${slots.heading}</h2>${value}<div class="text" data-box="text" data-fit="${fit}">${raw(lines.join(""))}</div></section>`;
    return {
      css: baseCss(ctx) + CSS,
      body: body.html,
      charts: [],
      altText: truncateForAlt(`九宫格第 ${slots.index} 张：${slots.heading}${slots.value ? ` ${slots.value}` : ""}${slots.body ? `，${slots.body.replace(/\n/g, "，")}` : ""}`),
      longDescription: `${slots.heading}${slots.value ? `\n${slots.value}` : ""}${slots.body ? `\n${slots.body}` : ""}`,
    };
  },
} satisfies TemplateDefinition<NineGridSlots>;
