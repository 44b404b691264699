/**
 * 九宫格: nine 1080×1080 tiles for a Weibo post — the title, seven points taken from the package
 * (key figures, Q&A, deadlines, section openings) and the publishing info.
 *
 * A question never appears without its answer: a Q&A tile shows both, and an answer too long
 * for one tile continues on "续" tiles that repeat the question (smaller). A Q&A is taken only
 * if all its tiles fit in the seven; the answer is cut at sentence (then clause) ends.
 */
import { z } from "zod";
import { type PackageData, type QaItem, paragraphsOf } from "~/domain/package-data";
import { baseCss, formatDate, formatOptionalDate, html, joinPresent, raw, truncateForAlt } from "../shared/html";
import type { TemplateDefinition } from "../shared/types";

/** Characters of answer per tile: fits at the smallest size with a three-line question. */
export const TILE_ANSWER_CHARS = 140;
/** A Q&A longer than this many tiles is left to the Q&A cards and the long image. */
const MAX_TILES_PER_QA = 3;
const MIDDLE_TILES = 7;

export const nineGridSlots = z.object({
  index: z.number().int().min(1).max(9),
  kind: z.enum(["title", "figure", "question", "deadline", "section", "info"]),
  /** The point's heading; on a question tile, the question itself. */
  heading: z.string().min(1).max(80),
  /** On a question tile, (this part of) the answer. */
  body: z.string().max(200),
  value: z.string().max(24).optional(),
  /** Question tiles: 0 for the first, 1, 2… for its "续" tiles. */
  part: z.number().int().min(0).max(MAX_TILES_PER_QA).optional(),
  /** Tiles in the set (9 unless the package has too little to say). */
  total: z.number().int().min(1).max(9).optional(),
});
export type NineGridSlots = z.infer<typeof nineGridSlots>;

type Tile = Omit<NineGridSlots, "index">;

const CSS = `
.tile{background:var(--surface);border:24px solid var(--primary);padding:64px 72px;gap:32px}
.tile.title,.tile.info{background:var(--primary);color:var(--on-primary);border-color:var(--primary-dark)}
.tile .num{flex:none;font-size:40px;font-weight:900;color:var(--accent);letter-spacing:.1em}
.tile h2{flex:none;font-size:52px;line-height:1.35;font-weight:900;color:var(--primary-dark)}
.tile.title h2,.tile.info h2{color:var(--on-primary)}
.tile .value{flex:none;font-size:var(--fs,150px);line-height:1;font-weight:900;color:var(--primary);white-space:nowrap}
.tile .text{flex:1 1 0;min-height:0;font-size:var(--fs,48px);line-height:1.6}
.tile.title .text{font-size:var(--fs,64px);font-weight:900;line-height:1.4;display:flex;align-items:center}
.tile.question{gap:28px}
.tile .q{flex:none;display:flex;gap:24px;align-items:flex-start;font-size:var(--fs,48px)}
.tile .q h2{flex:1;min-width:0;font-size:1em}
.tile .badge{flex:none;display:inline-flex;align-items:center;justify-content:center;width:1.5em;height:1.5em;border-radius:12px;background:var(--primary);color:var(--on-primary);font-size:.8em;font-weight:700;line-height:1}
.tile .badge.ans{background:var(--accent)}
.tile .a{flex:1 1 0;min-height:0;display:flex;gap:24px;font-size:var(--fs,44px)}
.tile .a .flow{flex:1;min-width:0;line-height:1.6}
.tile .a .badge{font-size:.9em}
.tile .a p + p{margin-top:.4em}
.tile.cont .q{font-size:34px}
.tile.cont .q h2{color:var(--muted)}
.tile .tag{flex:none;font-size:28px;padding:2px 14px;border-radius:8px;background:var(--accent);color:#fff;font-weight:700}
`;

function firstSentence(text: string): string {
  const first = paragraphsOf(text)[0] ?? "";
  const end = first.search(/[。；！？]/);
  return end >= 0 ? first.slice(0, end + 1) : first;
}

/** A cut inside a number or right before its unit would split "3540元": move it back. */
function safeCut(text: string, at: number): number {
  let cut = at;
  while (cut > 1 && /[0-9A-Za-z.,%档元]/.test(text[cut]) && /[0-9A-Za-z.,档]/.test(text[cut - 1])) cut--;
  return cut > 1 ? cut : at;
}

/** Pieces of at most `max` characters, cut after sentences, then clauses, then anywhere safe. */
export function splitAnswer(answer: string, max = TILE_ANSWER_CHARS): string[] {
  const pieces: string[] = [];
  const units = paragraphsOf(answer).flatMap((p, i) => {
    const sentences = p.match(/[^。！？；]+[。！？；]?/g) ?? [p];
    return sentences.map((s, k) => ({ text: s, paragraphStart: i > 0 && k === 0 }));
  });
  let current = "";
  const flush = () => {
    if (current) pieces.push(current);
    current = "";
  };
  for (const unit of units) {
    let text = unit.text;
    if (unit.paragraphStart && current) text = `\n${text}`;
    if ((current + text).length <= max) {
      current += text;
      continue;
    }
    flush();
    text = text.replace(/^\n/, "");
    while (text.length > max) {
      const clause = text.slice(0, max).search(/[，、：][^，、：]*$/);
      const at = clause > max / 3 ? clause + 1 : safeCut(text, max);
      pieces.push(text.slice(0, at));
      text = text.slice(at);
    }
    current = text;
  }
  flush();
  return pieces;
}

/** The tiles of one Q&A: the question with its answer, then "续" tiles. */
export function qaTiles(qa: QaItem): Tile[] {
  return splitAnswer(qa.answer).map((body, part) => ({ kind: "question", heading: qa.question, body, part }));
}

/** Candidate points by kind, each a group of tiles that must be shown together. */
function pointGroups(pkg: PackageData): Map<string, Tile[][]> {
  const groups = new Map<string, Tile[][]>();
  const add = (kind: string, tiles: Tile[]) => groups.set(kind, [...(groups.get(kind) ?? []), tiles]);
  for (const f of pkg.keyFigures.slice(0, 3)) add("figure", [{ kind: "figure", heading: f.label, body: "", value: `${f.value}${f.unit ?? ""}` }]);
  for (const qa of pkg.qa) {
    const tiles = qaTiles(qa);
    if (tiles.length <= MAX_TILES_PER_QA) add("question", tiles);
  }
  for (const d of pkg.timeline) add("deadline", [{ kind: "deadline", heading: formatDate(d.date), body: d.label }]);
  const sections: Array<[string, string]> = [
    ["出台目的", pkg.sections.purpose],
    ["适用范围与执行时间", pkg.sections.scope],
    ["制定依据", pkg.sections.basis],
    ["起草背景", pkg.sections.background],
  ];
  for (const [heading, text] of sections) {
    const sentence = firstSentence(text);
    if (sentence.length > 0 && sentence.length <= TILE_ANSWER_CHARS) add("section", [{ kind: "section", heading, body: sentence }]);
  }
  return groups;
}

/** Round-robin over the kinds (a figure, a Q&A, a deadline…), taking only groups that still fit. */
function pickPoints(pkg: PackageData): Tile[] {
  const groups = pointGroups(pkg);
  const picked: Tile[] = [];
  let progress = true;
  while (picked.length < MIDDLE_TILES && progress) {
    progress = false;
    for (const list of groups.values()) {
      const room = MIDDLE_TILES - picked.length;
      const index = list.findIndex((g) => g.length <= room);
      if (index < 0) continue;
      picked.push(...list.splice(index, 1)[0]);
      progress = true;
    }
  }
  // Still room: the main content, sentence by sentence (never the same sentence twice).
  const main = splitAnswer(pkg.sections.mainContent);
  for (let i = 0; picked.length < MIDDLE_TILES && i < main.length; i++) picked.push({ kind: "section", heading: i === 0 ? "主要内容" : "主要内容（续）", body: main[i] });
  return picked;
}

export const nineGridTemplate = {
  id: "nine-grid",
  name: "九宫格",
  version: 2,
  sizes: { tile: { width: 1080, height: 1080 } },
  slots: nineGridSlots,
  fromPackage(pkg) {
    const doc = pkg.document;
    const tiles: Tile[] = [{ kind: "title", heading: "一图读懂", body: doc.title.slice(0, 200) }, ...pickPoints(pkg)];
    tiles.push({ kind: "info", heading: doc.department, body: joinPresent([doc.issuer, doc.docNumber, formatOptionalDate(doc.date)], "\n") });
    return tiles.map((tile, i) => ({ ...tile, index: i + 1, total: tiles.length }));
  },
  build(slots, ctx) {
    const num = `${String(slots.index).padStart(2, "0")} / ${String(slots.total ?? 9).padStart(2, "0")}`;
    const lines = slots.body
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => html`<p data-text${slots.kind === "title" ? raw(" data-title") : ""}>${line}</p>`.html);
    const cont = slots.kind === "question" && (slots.part ?? 0) > 0;
    let body: string;
    if (slots.kind === "question") {
      const question = cont
        ? html`<div class="q" data-box="question"><h2 class="serif" data-text data-title>${slots.heading}</h2><span class="tag">续</span></div>`
        : html`<div class="q" data-box="question" data-fit="48,44,40,36"><span class="badge">问</span><h2 class="serif" data-text data-title>${slots.heading}</h2></div>`;
      body = html`<section class="card tile question${cont ? " cont" : ""}"><div class="num">${num}</div>${question}<div class="a" data-box="text" data-fit="44,40,36,34,32"><span class="badge ans">答</span><div class="flow">${raw(lines.join(""))}</div></div></section>`.html;
    } else {
      const fit = slots.kind === "title" ? "64,58,52,48,44" : "48,44,40,36";
      // A long figure (12 digits and a unit such as 万元/人·月) shrinks rather than overflowing.
      const value = slots.value ? html`<div class="value serif" data-box="value" data-fit="150,130,110,96,80,64,52" data-text>${slots.value}</div>` : "";
      body = html`<section class="card tile ${slots.kind}"><div class="num">${num}</div><h2 class="serif" data-text data-title>${slots.heading}</h2>${value}<div class="text" data-box="text" data-fit="${fit}">${raw(lines.join(""))}</div></section>`.html;
    }
    const flat = slots.body.replace(/\n/g, "，");
    const alt =
      slots.kind === "question"
        ? `九宫格第 ${slots.index} 张${cont ? "（续）" : ""}：问：${slots.heading} 答：${flat}`
        : `九宫格第 ${slots.index} 张：${slots.heading}${slots.value ? ` ${slots.value}` : ""}${slots.body ? `，${flat}` : ""}`;
    return {
      css: baseCss(ctx) + CSS,
      body,
      charts: [],
      altText: truncateForAlt(alt),
      longDescription:
        slots.kind === "question"
          ? `问：${slots.heading}${cont ? "（续）" : ""}\n答：${slots.body}`
          : `${slots.heading}${slots.value ? `\n${slots.value}` : ""}${slots.body ? `\n${slots.body}` : ""}`,
    };
  },
} satisfies TemplateDefinition<NineGridSlots>;
