/**
 * Figures, dates and deadlines in the interpretation (prose, Q&A, chart rows, graphic slots)
 * against the document's own figures, extracted by the analysis module's `extractFacts` — the
 * one figure extractor of the app — and described by figure-items.ts (what each figure is about).
 *
 * For each figure of the interpretation, the document's figures of the same group (money in 元,
 * durations in 工作日, counts per measure word, dates) are scored by what they are about: the
 * words of their clauses (rare words weigh more), their contrast markers (城市/农村, A–D 档,
 * 报告书/报告表 …: a different marker rules a figure out), period (每月/每年), role (old value of
 * a change, new value, increase) and position in a list. Then:
 *
 *   the best-scoring item has the same value                  → fine
 *   a different value is clearly the item's (score and margin) → error "文件为 885 元"; the
 *     suggestion is that item's value, never a value another figure of the same sentence
 *     already states (that would make a second error)
 *   related items exist but none clearly is this one           → warning: not found, no suggestion
 *   nothing related in the document                           → info (background facts are fine)
 */
import { describeClausePath } from "~/domain/analysis/clause-path";
import { parseNumber } from "~/domain/analysis/chinese-numerals";
import { extractFacts } from "~/domain/analysis/facts";
import { matchMarker } from "~/domain/analysis/markers";
import type { Fact } from "~/domain/analysis/types";
import type { Span } from "./counts";
import type { DocumentIndex } from "./document-index";
import { type FigureItem, bigramsOf, buildItems, namedInList } from "./figure-items";
import { fieldAt } from "./interpretation-text";
import { citesOwnDocument } from "./titles";
import type { Finding, InterpretationText, Segment } from "./types";

/** a different value must score at least this to be suggested */
const CONFIDENT = 3;
/** … and beat the next different value by this much */
const MARGIN = 1.5;
/** below this the figure is not about anything in the document (background) */
const RELATED = 2;
/** how strongly a figure's words must side with one item against another (see `leaning`) */
const LEAN = 3;
/** a value this many times larger or smaller than the one written is another quantity, not a slip */
const MAX_RATIO = 10;
const GENERIC_DIMENSIONS = new Set(["datekind", "bound"]);

const INCREASE_WORDS = bigramsOf("提高 增加 上调 提升 降低 减少 下调");

/** A document figure without a change pair whose own clause or sentence says it is a change. */
function statesIncrease(d: FigureItem): boolean {
  for (const g of INCREASE_WORDS) if (d.near.has(g) || d.wider.has(g)) return true;
  return false;
}

function overlaps(a: Span, spans: Span[]): boolean {
  return spans.some((s) => a.start < s.end && s.start < a.end);
}

function isDate(f: Pick<Fact, "kind">): boolean {
  return f.kind === "date" || f.kind === "deadline";
}

function describeValue(f: Pick<Fact, "kind" | "value" | "unit" | "text">): string {
  if (isDate(f)) return f.text.replace(/^(到|至|截至|截止到|截止)/, "");
  return f.unit === "%" ? `${f.value}%` : `${f.value} ${f.unit}`;
}

function where(f: Fact): string {
  return f.path.length ? `见${describeClausePath(f.path)}` : "";
}

function sameValue(a: number | string, b: number | string): boolean {
  return typeof a === "number" && typeof b === "number" ? Math.abs(a - b) < 1e-6 : a === b;
}

// ---------------------------------------------------------------------------------------------
// Headings of the interpretation: what a Q&A answer, a chart row or a paragraph is about

export function headingLocator(input: InterpretationText): (offset: number) => string {
  const byField = new Map<string, Segment>();
  for (const s of input.segments) byField.set(s.field, s);
  const segText = (field: string) => {
    const s = byField.get(field);
    return s ? input.text.slice(s.start, s.end) : "";
  };
  const lineHeadings: { at: number; end: number; title: string }[] = [];
  for (const s of input.segments) {
    let at = s.start;
    for (const line of input.text.slice(s.start, s.end).split("\n")) {
      const marker = matchMarker(line.trim());
      if (marker) {
        const body = line.trim().slice(marker.marker.length);
        lineHeadings.push({ at, end: s.end, title: body.split(/[。：:；;]/)[0].slice(0, 30) });
      }
      // "二是发放生活补贴。博士研究生每月3000元……": the lead of an enumerated item heads it
      for (const m of line.matchAll(/(?<![一二三四五六七八九十])[一二三四五六七八九十]是([^。：:；;，,]{2,20})[。：:]/g)) {
        lineHeadings.push({ at: at + (m.index ?? 0), end: at + line.length, title: m[1] });
      }
      at += line.length + 1;
    }
  }
  lineHeadings.sort((x, y) => x.at - y.at);
  return (offset) => {
    const field = fieldAt(input.segments, offset) ?? "";
    const bits: string[] = [];
    const qa = /^qa\[(\d+)\]\.answer$/.exec(field);
    if (qa) bits.push(segText(`qa[${qa[1]}].question`));
    const chart = /^charts\[(\d+)\]\.data\[\d+\]$/.exec(field);
    if (chart) bits.push(segText(`charts[${chart[1]}].title`), segText(`charts[${chart[1]}].subtitle`));
    const headings: string[] = [];
    for (const h of lineHeadings) {
      if (h.at > offset) break;
      if (offset < h.end) headings.push(h.title);
    }
    // the nearest line heading and the nearest item lead
    bits.push(...headings.slice(-2));
    return bits.join(" ");
  };
}

/** words that head a worked example, and the stand-in names examples use (王某, 老李, 小张, 某公司) */
const EXAMPLE_HEADING = /例子|举例|案例|算账|算一算|例如|比如|示例/;
const SURNAMES = "王张李赵刘陈杨黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤";
const STAND_IN = new RegExp(`[${SURNAMES}]某|[老小][${SURNAMES}](?![\\u4e00-\\u9fff]{0,1}(?:县|区|市|镇|村|局|层))|某(?:[\\u4e00-\\u9fff]{0,4})(?:公司|企业|合作社|家庭|村民|职工|老人|幼儿园|养老机构|商户)`);
/** a line that opens a worked example: "【案例一】", "案例2：", "举个例子" */
const EXAMPLE_LINE = /^\s*[【[(（]?\s*(?:案例|例子|举例|示例|算一算|算算账|算账)/;

/** Whether a figure sits in a worked example: a case field, under an example heading, or in a sentence about 王某/老李. */
function isExample(input: InterpretationText, offset: number, heading: string): boolean {
  if (/^cases\[/.test(fieldAt(input.segments, offset) ?? "")) return true;
  if (EXAMPLE_HEADING.test(heading)) return true;
  if (EXAMPLE_LINE.test(input.text.slice(input.text.lastIndexOf("\n", offset - 1) + 1, offset))) return true;
  const from = Math.max(input.text.lastIndexOf("。", offset), input.text.lastIndexOf("\n", offset));
  return STAND_IN.test(input.text.slice(from + 1, offset));
}

// ---------------------------------------------------------------------------------------------
// Scoring

/**
 * `near`: the part of the score from the figures' own clauses (words and markers); `evidence`:
 * how many separate things agree there (word pairs, distinctive markers) — one rare word alone
 * never makes a suggestion
 */
type Scored = { item: FigureItem; score: number; near: number; evidence: number };

/** How surely the document item `d` states the same thing as the interpretation item `a`; null = a different item. */
export function score(a: FigureItem, d: FigureItem, weight: (g: string) => number): { score: number; near: number; evidence: number } | null {
  for (const [dim, v] of a.markers) {
    const w = d.markers.get(dim);
    if (w !== undefined && w !== v) return null;
  }
  // a period only rules an item out when both figures state it themselves ("每学期" against
  // "每学年"); one inherited from the sentence ("每年星级评定为…的，上浮10%") may be another clause's
  if (a.period && d.period && a.period !== d.period && a.periodOwn && d.periodOwn) return null;
  // the day a document was issued is not a deadline, a start or an end date
  if ((a.markers.has("issued") && d.markers.has("datekind")) || (d.markers.has("issued") && a.markers.has("datekind"))) return null;
  // an increase is compared with increases: the document's change pairs (virtual deltas) or a
  // figure its own words call an increase ("累计提高总额不超过…20%")
  if ((a.role === "delta") !== (d.role === "delta") && !(a.role === "delta" && d.role === null && statesIncrease(d))) return null;
  // the former value of a change ("由100元提高到…") is the item's former value, never its new one
  if (a.role === "old" && d.role === "new") return null;
  let s = 0;
  let near = 0;
  let evidence = 0;
  // a label of the document's list named in the figure's clause says which item it is
  if (d.label) {
    const named = namedInList(a.near, d.label.labels);
    if (named >= 0 && named !== d.label.index) return null;
    if (named >= 0) {
      near += 3;
      evidence += 2;
    }
  }
  // the figures' own clauses identify the item; the sentences and headings around them only help
  for (const g of a.near) {
    if (d.near.has(g)) {
      near += weight(g);
      evidence++;
    } else if (d.heading.has(g)) {
      // the heading the item stands under names it ("2. 复审。…15个工作日内…" for "复审：15个工作日")
      near += 0.6 * weight(g);
      evidence++;
    } else if (d.wider.has(g)) s += 0.3 * weight(g);
  }
  let context = 0;
  for (const g of a.wider) {
    if (d.near.has(g)) s += 0.3 * weight(g);
    else if (d.wider.has(g)) s += 0.15 * weight(g);
    else continue;
    context++;
  }
  // a figure labelled with exactly the item's own heading ("③ 复审：15个工作日" for "2. 复审。…"):
  // captions and charts name items by the document's headings
  if (a.near.size > 0 && d.leaf.size > 0 && [...a.near].every((g) => d.leaf.has(g))) {
    near += 3;
    evidence += 2;
  }
  // the headings they stand under (住院待遇 / 门诊待遇) tell apart clauses worded alike
  for (const g of a.heading) {
    if (d.heading.has(g)) s += 0.8 * weight(g);
    else if (d.wider.has(g) || d.near.has(g)) s += 0.2 * weight(g);
    else continue;
    context++;
  }
  // word pairs the sentences and headings around share count for half
  evidence += Math.floor(context / 2);
  for (const [dim, v] of a.markers) {
    if (d.markers.get(dim) !== v) continue;
    // shared generic markers (前/起, 最高/不低于) only break ties; distinctive ones (城市, B档) identify
    if (GENERIC_DIMENSIONS.has(dim)) s += 0.5;
    else if (a.ownMarkers.has(dim) && d.ownMarkers.has(dim)) {
      near += 3;
      evidence += 2;
    } else s += 1.5;
  }
  // the same other figures close by ("3540元以内，即…的4倍" next to "3540元(…的4倍)") tell
  // apart items worded alike; they only back up words that already agree
  let shared = 0;
  for (const n of a.neighbours) if (d.neighbours.has(n)) shared++;
  if (evidence >= 4) near += Math.min(2, shared) * 3;
  // the other end of a date range is the same: the same range (words must already agree)
  if (a.partner !== null && a.partner === d.partner && (near > 0 || s > 0)) {
    near += 3;
    evidence += 2;
  }
  if (a.period && a.period === d.period) s += 0.5;
  else if (a.period && d.period) s -= 1;
  if (a.saysOld && d.role === "old") s += 2;
  if (!a.saysOld && d.role === "old") s -= 2;
  return { score: s + near, near, evidence };
}

/** Same-length lists that agree everywhere but here: the k-th figure is the document's k-th. */
function positionalBonus(a: FigureItem, own: FigureItem[], doc: DocumentIndex): Map<FigureItem, number> {
  const bonus = new Map<FigureItem, number>();
  if (!a.run) return bonus;
  const mine = own.filter((x) => x.run?.id === a.run?.id);
  for (const run of doc.runs.values()) {
    if (run.length !== mine.length || run[0].key !== a.key) continue;
    let agree = 0;
    for (let i = 0; i < run.length; i++) if (sameValue(run[i].value, mine[i].value)) agree++;
    if (run.length >= 3 && agree >= run.length - 1 && !sameValue(run[a.run.index].value, a.value)) bonus.set(run[a.run.index], 4);
  }
  return bonus;
}

// ---------------------------------------------------------------------------------------------
// Contrast: what tells two items apart

const contextCache = new WeakMap<FigureItem, Set<string>>();

/** bound and function words say how a figure is bounded or given, not which item it is */
const GENERIC_WORDS = bigramsOf("不超过 最高 最低 不低于 不少于 以上 以下 以内 之内 上限 下限 给予 按照 达到 提高到 一次性 其中 分别 可以 应当 原则上");

/** The word pairs of an item's clause, sentence and heading. */
function contextWords(d: FigureItem): Set<string> {
  let words = contextCache.get(d);
  if (!words) {
    words = new Set([...d.near, ...d.wider, ...d.heading]);
    contextCache.set(d, words);
  }
  return words;
}

/**
 * How much the figure's words side with item X rather than item Y: only the words X's context
 * has and Y's has not count — those are what tells the two apart ("低保对象" against "返贫致贫人口"
 * for two "每人每年资助N元" clauses, "城区" against "镇驻地"). The figure's own clause counts fully
 * (twice when the word is in X's own clause too), its sentence and heading half.
 */
export function leaning(a: FigureItem, x: FigureItem, y: FigureItem, weight: (g: string) => number, ownOnly = false): number {
  const cx = contextWords(x);
  const cy = contextWords(y);
  let s = 0;
  // a distinctive marker of the figure's own ("于…印发", 城市, B档) that X shares and Y lacks
  for (const [dim, v] of a.markers) {
    if (!a.ownMarkers.has(dim) || GENERIC_DIMENSIONS.has(dim)) continue;
    if (x.markers.get(dim) === v && y.markers.get(dim) !== v) s += 6;
  }
  for (const g of a.near) {
    if (GENERIC_WORDS.has(g)) continue;
    // own clause against own clause: "夏季" names the summer item although the autumn item's
    // sentence ("夏季…，秋季…") holds it too
    if (x.near.has(g) && !y.near.has(g)) s += 2 * weight(g);
    else if (cx.has(g) && !cy.has(g)) s += weight(g);
  }
  if (ownOnly) return s;
  for (const g of [...a.wider, ...a.heading]) if (!a.near.has(g) && !GENERIC_WORDS.has(g) && cx.has(g) && !cy.has(g)) s += 0.5 * weight(g);
  return s;
}

/** The figure's words side with X and in nothing with Y. */
function sidesWith(a: FigureItem, x: FigureItem, y: FigureItem, weight: (g: string) => number): boolean {
  return leaning(a, x, y, weight) >= LEAN && leaning(a, y, x, weight) === 0;
}

/**
 * The best-scoring item, unless the words that tell it apart from another item side with that
 * other one ("每发现1个火点扣减…" shares 发现火点 with "未发现火点的…奖励", but 扣减 against 奖励 decides);
 * among items close in score the one the distinguishing words side with against all the others.
 * Null when the words point to several items.
 */
function pickByContrast(a: FigureItem, top: Scored | null, different: Scored[], close: (t: Scored, c: Scored) => boolean, w: (g: string) => number): Scored | null {
  if (!top) return null;
  const t = top;
  const siding = different.filter((c) => !sameValue(c.item.value, t.item.value) && sidesWith(a, c.item, t.item, w));
  const pool = siding.length > 0 ? siding : [t, ...different.filter((c) => c !== t && close(t, c))];
  if (pool.length === 1) return siding.length > 0 ? { ...pool[0], evidence: pool[0].evidence + 1 } : pool[0];
  const pick = pool.find((x) => pool.every((y) => y === x || sameValue(y.item.value, x.item.value) || sidesWith(a, x.item, y.item, w)));
  if (pick) return { ...pick, evidence: pick.evidence + 1 };
  return siding.length > 0 ? null : t;
}

function plausible(a: FigureItem, d: FigureItem): boolean {
  if (typeof a.value !== "number" || typeof d.value !== "number" || a.value <= 0 || d.value <= 0) return true;
  return Math.max(a.value, d.value) / Math.min(a.value, d.value) < MAX_RATIO;
}

function best(list: Scored[]): Scored | null {
  let top: Scored | null = null;
  for (const c of list) if (!top || c.score > top.score) top = c;
  return top;
}

/**
 * The document item a figure states correctly, if any: its best-scoring item of the same value —
 * only when that item is clearly the one (a figure whose value the document states twice, for two
 * items, claims neither).
 */
export function bestExact(x: FigureItem, doc: DocumentIndex): FigureItem | null {
  const same: { item: FigureItem; score: number }[] = [];
  for (const d of doc.itemsByKey.get(x.key) ?? []) {
    if (!sameValue(d.value, x.value) || (d.role === "old" && !x.saysOld)) continue;
    const s = score(x, d, doc.wordWeight);
    if (s !== null) same.push({ item: d, score: s.score });
  }
  same.sort((p, q) => q.score - p.score);
  if (same.length === 0) return null;
  if (same.length === 1) return same[0].item;
  // two items of this value: the words that tell them apart say which ("每多缴1年减少1个月" is the 减少 one)
  const w = doc.wordWeight;
  const rivals = same.filter((c) => c.score > same[0].score - MARGIN);
  if (rivals.length === 1) return leaning(x, same[1].item, same[0].item, w, true) >= LEAN ? null : same[0].item;
  return rivals.find((c) => rivals.every((o) => o === c || sidesWith(x, c.item, o.item, w)))?.item ?? null;
}

type Verdict = { kind: "ok" } | { kind: "mismatch"; doc: FigureItem } | { kind: "unverified"; related: FigureItem } | { kind: "unrelated" };

export function judge(a: FigureItem, own: FigureItem[], doc: DocumentIndex, exactOf: (x: FigureItem) => FigureItem | null): Verdict {
  const candidates = doc.itemsByKey.get(a.key) ?? [];
  if (candidates.length === 0) return { kind: "unrelated" };
  const bonus = positionalBonus(a, own, doc);
  const scored: Scored[] = [];
  let valueInDocument = false;
  for (const d of candidates) {
    if (sameValue(d.value, a.value) && !d.derived) valueInDocument = true;
    const s = score(a, d, doc.wordWeight);
    const b = bonus.get(d) ?? 0;
    if (s !== null) scored.push({ item: d, score: s.score + b, near: s.near + b, evidence: s.evidence + (b > 0 ? 2 : 0) });
  }
  // a former value ("由860元…") only confirms a figure that says it is a former value
  // an item another figure of the same sentence already states correctly is that figure's:
  // suggesting it here would turn this figure into a copy of its neighbour (城市 → the 农村 standard)
  const claimed = new Set<FigureItem>();
  for (const x of own) {
    if (x === a || x.sentence !== a.sentence || x.key !== a.key) continue;
    const mine = exactOf(x);
    if (mine) claimed.add(mine);
  }
  const exact = best(scored.filter((c) => sameValue(c.item.value, a.value) && (c.item.role !== "old" || a.saysOld)));
  // a figure that does not say it is a former value is never corrected to one
  // … and an item another figure of the sentence states is not a candidate for this one
  const different = scored.filter((c) => !sameValue(c.item.value, a.value) && (a.saysOld || c.item.role !== "old") && !claimed.has(c.item));
  const w = doc.wordWeight;
  // items close to the best one in score: what tells them apart decides, or nothing does
  const close = (t: Scored, c: Scored) => !sameValue(c.item.value, t.item.value) && c.score > t.score - MARGIN && c.near > t.near - MARGIN;
  const top = pickByContrast(a, best(different), different, close, w);
  const sameValued = scored.filter((c) => sameValue(c.item.value, a.value) && c.score >= RELATED);
  const confident =
    top !== null &&
    top.score >= CONFIDENT &&
    top.evidence >= 2 &&
    // the figure's own clause must agree with the item somewhere: words around it alone
    // (the heading, the sentence) say what the passage is about, not what this figure is
    top.near > 0 &&
    // a figure whose value the document states is only corrected when another item is clearly
    // about the same thing by the figure's own clause, not merely by the sentence around it — or
    // when the words that tell the two items apart are all on the other item's side
    (exact === null ||
      (top.near >= Math.max(CONFIDENT, 2 * exact.near + 1) && top.score >= exact.score + MARGIN) ||
      (top !== null && sidesWith(a, top.item, exact.item, w) && sameValued.every((e) => leaning(a, e.item, top?.item ?? e.item, w) === 0))) &&
    // … and clearly beats every other value, in all, in the figure's own clause or in what tells them apart
    different.every((c) => top === null || sameValue(c.item.value, top.item.value) || !close(top, c) || sidesWith(a, top.item, c.item, w)) &&
    // … and no other item has words of the figure's own that the chosen one lacks: words pointing
    // two ways ("每发现火点" with one item, "扣减" with another) leave the figure undecided
    different.every((c) => top === null || sameValue(c.item.value, top.item.value) || leaning(a, c.item, top.item, w, true) < Math.max(LEAN, leaning(a, top.item, c.item, w, true)));
  if (exact && !confident) return { kind: "ok" };
  // the item is the one its neighbour states: this figure is something else (a computed value,
  // another item) — say it was not found rather than suggest the neighbour's value; the same for
  // a value orders of magnitude away from the one written (a total, a rate, another quantity)
  if (confident && top && !claimed.has(top.item) && plausible(a, top.item)) return { kind: "mismatch", doc: top.item };
  const related = best(scored);
  if (related && related.score >= RELATED) return { kind: "unverified", related: related.item };
  // the value is in the document, only for items the markers rule out, and nothing fits better
  if (valueInDocument && !related) return { kind: "ok" };
  return { kind: "unrelated" };
}

// ---------------------------------------------------------------------------------------------

/**
 * "最高可获补贴700元" for 600元 + 100元: the figure is the matched item plus another figure of the
 * document of the same kind — worked out by the writer, not a slip for the item's value.
 */
function sumWith(a: FigureItem, d: FigureItem, doc: DocumentIndex, text: string): boolean {
  if (typeof a.value !== "number" || typeof d.value !== "number") return false;
  // only when the writer says it is a total ("最高可获", "最多可享", "叠加") …
  if (!SUM_CUE.test(text.slice(Math.max(0, a.fact.start - 24), a.fact.start))) return false;
  const rest = a.value - d.value;
  // … and the other part is about the figure too
  return (
    rest > 0 &&
    (doc.itemsByKey.get(a.key) ?? []).some((o) => {
      if (o === d || o.derived || typeof o.value !== "number" || !sameValue(o.value, rest)) return false;
      const s = score(a, o, doc.wordWeight);
      return s !== null && s.score >= RELATED;
    })
  );
}

const SUM_CUE = /最高可[获享领得]?|最多可[获享领得]?|叠加|累计可|合计可|一共可|总共可/;

/**
 * The sentence around `offset` reports what happened to other documents ("国务院公布《条例》"):
 * it cites documents, none of them this one, and says they were issued, adopted or revised.
 */
function aboutOtherDocuments(text: string, offset: number, doc: DocumentIndex): boolean {
  let from = offset;
  while (from > 0 && !/[。；;！？!?\n]/.test(text[from - 1])) from--;
  let to = offset;
  while (to < text.length && !/[。；;！？!?\n]/.test(text[to])) to++;
  const cited = [...text.slice(from, to).matchAll(/《([^《》]{2,150})》/g)].map((m) => m[1]);
  if (!/公布|印发|发布(?!会)|出台|颁布|修订|修正|审议通过|签发/.test(text.slice(from, to))) return false;
  return cited.length > 0 && !cited.some((c) => citesOwnDocument(c, doc));
}

export function checkFigures(input: InterpretationText, doc: DocumentIndex, skip: Span[], referenceYear?: number): Finding[] {
  const findings: Finding[] = [];
  const { text } = input;
  const facts = extractFacts(text, undefined, { referenceYear });
  const headingAt = headingLocator(input);
  const items = buildItems(text, facts, { headingAt });
  const exact = new Map<FigureItem, FigureItem | null>();
  const exactOf = (x: FigureItem): FigureItem | null => {
    if (!exact.has(x)) exact.set(x, bestExact(x, doc));
    return exact.get(x) ?? null;
  };
  for (const item of items) {
    const fact = item.fact;
    if (overlaps(fact, skip)) continue;
    // "2019年10月22日，国务院公布《优化营商环境条例》": a date in a sentence about other documents only is theirs
    if (isDate(fact) && aboutOtherDocuments(text, fact.start, doc)) continue;
    const verdict = judge(item, items, doc, exactOf);
    if (verdict.kind === "ok") continue;
    const field = fieldAt(input.segments, fact.start);
    const what = isDate(fact) ? "时间" : "数字";
    if (verdict.kind === "mismatch" && (item.restated || sumWith(item, verdict.doc, doc, text)) && !isExample(input, fact.start, headingAt(fact.start))) {
      // worked out by the writer ("也就是说…", "合计…"): the document has no such figure to quote, and
      // its nearest item is not what this figure is — ask for the computation to be checked
      findings.push({
        rule: "figure.unmatched",
        severity: "warning",
        message: `“${fact.text}”像是根据文件规定推算出的${what}，文件中没有直接写出。请核对推算是否正确。`,
        excerpt: fact.text,
        offset: fact.start,
        expected: null,
        field,
      });
    } else if (verdict.kind === "mismatch") {
      const d = verdict.doc;
      const expected = describeValue(d.fact);
      const about = [d.subject && `${d.subject}`, d.derived ? "为调整前后之差" : "", where(d.fact)].filter(Boolean).join("，");
      // a worked example ("老李种了80亩") uses figures of its own: a difference is for a person to judge
      const example = isExample(input, fact.start, headingAt(fact.start));
      findings.push({
        rule: isDate(fact) ? "date.mismatch" : "figure.mismatch",
        severity: example ? "warning" : "error",
        message: example
          ? `案例中的${what}“${fact.text}”与文件规定不同：文件为 ${expected}${about ? `（${about}）` : ""}。如是举例假设的数字请确认无误，否则请改为与文件一致。`
          : `${what}与文件不一致：文件为 ${expected}${about ? `（${about}）` : ""}，解读写作“${fact.text}”。请改为与文件一致。`,
        excerpt: fact.text,
        offset: fact.start,
        expected,
        field,
      });
    } else if (verdict.kind === "unverified" && !isExample(input, fact.start, headingAt(fact.start))) {
      findings.push({
        rule: "figure.unmatched",
        severity: "warning",
        message: `文件中没有找到与“${fact.text}”对应的${what}${item.subject ? `（${item.subject}）` : ""}，无法确定应为多少。请对照原文核实，确有出处的请注明。`,
        excerpt: fact.text,
        offset: fact.start,
        expected: null,
        field,
      });
    } else {
      findings.push({
        rule: "figure.unmatched",
        severity: "info",
        message: `文件中没有“${fact.text}”这个${what}。如是背景数据，请确认来源准确并注明出处。`,
        excerpt: fact.text,
        offset: fact.start,
        expected: null,
        field,
      });
    }
  }
  findings.push(...checkMeetingOrdinals(input, doc));
  return findings;
}

const MEETING = /第\s*(\d{1,3}|[一二三四五六七八九十百]{1,5})\s*次\s*((?:[\u4e00-\u9fff]{0,6}?)(?:常务会议|全体会议|党组会议|办公会议|主任会议|会议))/g;

/**
 * "经区政府第36次常务会议研究通过": the ordinal of the meeting named in the document. An ordinal is
 * a label, not a figure, so the figure rule leaves it alone; the one meeting of that name the
 * document states is the one the interpretation means.
 */
function checkMeetingOrdinals(input: InterpretationText, doc: DocumentIndex): Finding[] {
  const stated = new Map<string, Set<number>>();
  for (const m of doc.text.matchAll(MEETING)) {
    const n = parseNumber(m[1]);
    const kind = /(常务会议|全体会议|党组会议|办公会议|主任会议|会议)$/.exec(m[2])?.[1] ?? m[2];
    if (n === null) continue;
    const set = stated.get(kind) ?? new Set<number>();
    set.add(n);
    stated.set(kind, set);
  }
  const findings: Finding[] = [];
  for (const m of input.text.matchAll(MEETING)) {
    const n = parseNumber(m[1]);
    const kind = /(常务会议|全体会议|党组会议|办公会议|主任会议|会议)$/.exec(m[2])?.[1] ?? m[2];
    const own = stated.get(kind);
    if (n === null || !own || own.size !== 1 || own.has(n)) continue;
    const right = [...own][0];
    const offset = (m.index ?? 0) + 1;
    const excerpt = input.text.slice(offset, offset + m[0].indexOf("次"));
    findings.push({
      rule: "figure.mismatch",
      severity: "error",
      message: `会议届次与文件不一致：文件为第${right}次${kind}，解读写作“第${excerpt}”。请改为与文件一致。`,
      excerpt,
      offset,
      expected: `${right} 次`,
      field: fieldAt(input.segments, offset),
    });
  }
  return findings;
}
