/**
 * What a figure is *about* — the item it states — so that a figure in the interpretation is
 * compared with the document's figure for the same item, never with another figure that only
 * shares its unit ("城市低保标准895元" is compared with the 城市 standard 885元, not with the 农村
 * standard 660元 that sits in the next clause).
 *
 * Map: text + its facts → one FigureItem per fact
 *   near     the words of the figure's own clause (between clause marks; other figures cut off,
 *            except the first figure of a change pair "由860元提高到885元")
 *   wider    the earlier clauses of its sentence and its heading (outline title, Q&A question,
 *            chart title)
 *   markers  contrast words that separate items sharing most words: 城市/农村, A/B/C/D 档,
 *            报告书/报告表/登记表, 全自理/半护理/全护理, 国家级/省级 … (own clause first, then
 *            inherited from the sentence and the heading); a "分别" list hands out its subjects
 *            in order ("城市、农村低保标准分别为885元、660元")
 *   period   每月 / 每年 / 每季度 …
 *   role     old ("由860元…"), new ("…提高到885元"), delta ("提高25元"); the document also gets
 *            one virtual delta item per change pair (885 − 860 = 25)
 *   run      its position in a list of same-unit figures in one sentence (A档…B档…C档…)
 * The matcher (figures.ts) scores items with these; nothing here decides a finding.
 */
import { findDocNumbers } from "~/domain/analysis/doc-number";
import type { Fact } from "~/domain/analysis/types";

export type Role = "old" | "new" | "delta" | null;

export type FigureItem = {
  fact: Fact;
  /** comparison group: "money", "date", "duration|工作日", "quantity|项" … */
  key: string;
  /** the value in the group's base unit (元, 工作日, ISO date …) */
  value: number | string;
  near: Set<string>;
  wider: Set<string>;
  /** word pairs of its heading (outline title, Q&A question, chart title, "一是…" lead) */
  heading: Set<string>;
  /** word pairs of its innermost heading alone ("复审" under "申请审核程序") */
  leaf: Set<string>;
  /** document items only: its place in a list of figures of one sentence and the list's labels (see learnListLabels) */
  label?: { list: number; index: number; labels: Set<string>[] };
  /** dimension → marker, e.g. area → 城市, tier → B档 */
  markers: Map<string, string>;
  /** dimensions whose marker stands in the figure's own clause */
  ownMarkers: Set<string>;
  period: string | null;
  /** the period stands in the figure's own words ("每学期600元"), not only earlier in its sentence */
  periodOwn: boolean;
  role: Role;
  /** a word such as 原 / 调整前 says the figure is a former value */
  saysOld: boolean;
  run: { id: number; index: number; length: number } | null;
  sentence: number;
  /** "group:value" of the other figures of its sentence ("money:3540" next to the 4倍 of 3540元) */
  neighbours: Set<string>;
  /** the words right around the figure, for messages ("城市低保标准") */
  subject: string;
  /** a virtual item derived from a change pair (new − old) */
  derived: boolean;
  /** its sentence says the figure is worked out, not quoted ("也就是说…", "相当于…", "合计…") */
  restated: boolean;
  /** the other end of the date range it belongs to ("9月25日—11月15日"), as an ISO date */
  partner: string | null;
};

// ---------------------------------------------------------------------------------------------
// Text windows

const SENTENCE_MARK = /[。；;！？!?\n]/;
const CLAUSE_MARK = /[，,：:；;（）()【】。！？!?\n]/;
/** between two figures of a list, what follows the first figure up to one of these is its words, what follows is the next one's */
const LIST_MARK = /[、和及与]/;
/** marks a figure's words may reach over when its own clause has none ("2020 年年底前，编制完成……") */
const SOFT_MARK = /[，,：:]/;
const OPEN_BRACKET = /[（(【]/;
const CJK = /[\u4e00-\u9fff]/;
const MAX_CLAUSE = 40;
const MAX_AFTER = 16;
const MAX_SENTENCE = 120;

/** Common abbreviations written both ways in documents and interpretations. */
const ALIASES: [RegExp, string][] = [
  [/环境影响评价/g, "环评"],
  [/最低生活保障/g, "低保"],
  [/规模以上/g, "规上"],
  [/限额以上/g, "限上"],
  [/城镇/g, "城市"],
  [/乡村/g, "农村"],
];

/** per-person/per-period wording says how a figure is counted (the period dimension), not what it is about */
const PERIOD_WORDS = /每人每月|每人每年|每户每月|每户每年|每生每学年|每生每学期|每学年|每学期|每人|每户|每生|每月|每年|每季度|每周|每日|每天/g;

function normalizeWords(s: string): string {
  let out = s.replace(/[“”"‘’'《》\s\u3000]/g, "").replace(PERIOD_WORDS, " ");
  for (const [re, to] of ALIASES) out = out.replace(re, to);
  return out;
}

export function bigramsOf(s: string, into: Set<string> = new Set()): Set<string> {
  const w = normalizeWords(s);
  for (let i = 0; i + 1 < w.length; i++) {
    if (CJK.test(w[i]) && CJK.test(w[i + 1])) into.add(w.slice(i, i + 2));
  }
  return into;
}

// ---------------------------------------------------------------------------------------------
// Contrast markers

type Dimension = { name: string; re: RegExp; canonical?: (m: RegExpExecArray) => string };

/** an age or household-size band; its figures are labels of a tier, not amounts */
const BAND = /(\d{1,3})\s*(?:至|到|—|-|~|～)\s*(\d{1,3})\s*(周岁|岁|人户)|(\d{1,3})\s*(?:周岁|岁)\s*(?:以上)?\s*(?:不满|未满)\s*(\d{1,3})\s*(?:周岁|岁)|(\d{1,3})\s*(周岁|岁|人)\s*(?:及)?以上(户)?|单人户/g;

function bandOf(m: RegExpExecArray): string {
  if (m[0] === "单人户") return "1-1人户";
  if (m[1]) return `${m[1]}-${m[2]}${m[3] === "人户" ? "人户" : "岁"}`;
  // "年满70周岁不满80周岁" is 70 to 79
  if (m[4]) return `${m[4]}-${Number(m[5]) - 1}岁`;
  return `${m[6]}+${m[7] === "人" ? "人户" : "岁"}`;
}

/** Spans of the bands in a text (their figures are left out, like grade labels). */
function bandSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(BAND)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
}

/**
 * Administrative level: "国家级/省级/市级…" always; a bare 国家/省/国办 only before an item noun
 * ("省专精特新", "国家4A级"), not in "省、市有关要求".
 */
const LEVEL_CONTEXT =
  /国家级|省级|市级|县级|区级|乡镇级|村级|(?:国家|国办|国务院|省)(?=[\u4e00-\u9fff\dA-Z“"]{0,3}(?:专精特新|小巨人|企业|景区|旅游|街区|示范|重点|龙头|中心|平台|基地|园区|品牌|荣誉|认定|称号|工程|项目|奖|人才|通报|舆情|考核|政府|媒体))/g;

/**
 * Words that tell items apart although the rest of their wording is the same. Two figures whose
 * markers of one dimension differ are about different items.
 */
const DIMENSIONS: Dimension[] = [
  { name: "area", re: /城市|城镇|市区|(?<!农业)农村(?!局|部|厅|委)|乡村(?!振兴局)/g, canonical: (m) => (/城市|城镇|市区/.test(m[0]) ? "城市" : "农村") },
  // a Latin letter with 档/级/类 is always a grade ("C级危房", "A类人才"); a numeral only before an item noun
  {
    name: "tier",
    re: /(?<![A-Za-z\d一二三四五六七八九十第])(?:([A-HＡ-Ｈ])(档|级|类)|([一二三四五六七八九十]|\d{1,2})(档|级(?=医|机|单|企|以|及|人|专|职|岗|标|指|资)|类(?=地|区|人|企|项|对)))/g,
    canonical: (m) => `${toHalfWidth(m[1] ?? m[3])}${m[2] ?? m[4]}`,
  },
  { name: "grade", re: /(?<![\d])([1-5１-５]A|[一二三四五]星)级?/g, canonical: (m) => toHalfWidth(m[1]) },
  { name: "level", re: LEVEL_CONTEXT, canonical: (m) => (/^(?:国办|国务院)/.test(m[0]) ? "国家" : m[0].replace(/级$/, "")) },
  { name: "form", re: /报告书|报告表|登记表/g },
  // 首套/二套 住房, 一孩/二孩/三孩: the first, second … of something
  { name: "ordinal", re: /(?<![一二三四五六七八九十])(首|[一二三四五]|第[一二三四五])(套|孩|胎)/g, canonical: (m) => `${m[1].replace(/^第/, "").replace("一", "首")}${m[2]}` },
  { name: "care", re: /全自理|半自理|半护理|全护理|半失能|全失能|失能/g },
  { name: "support", re: /集中供养|分散供养/g },
  { name: "degree", re: /博士|硕士|本科|大专|专科|中专/g },
  { name: "half", re: /上半年|下半年|第?[一二三四]季度/g, canonical: (m) => m[0].replace(/^第/, "") },
  { name: "bound", re: /最高|上限|不超过|以内|之内|以下|封顶|最低|下限|不低于|不少于|以上/g, canonical: (m) => (/最高|上限|不超过|以内|之内|以下|封顶/.test(m[0]) ? "max" : "min") },
  { name: "prize", re: /一等奖|二等奖|三等奖|特等奖/g },
  { name: "loan", re: /抵押登记|一般登记|首次登记|转移登记/g },
  // tiers by age or household size: "80至89周岁", "100周岁及以上", "2至3人户", "4人及以上户", "单人户"
  { name: "band", re: BAND, canonical: bandOf },
  // what an amount is counted per: 每亩 / 元/亩 / 每吨 / 每辆 / 每张床位 (read in the figure's own words only)
  { name: "per", re: /每(?:张床位|平方米|亩|吨|辆|张|件|台|套|户|人|生|起|家)|\/(?:亩|吨|辆|㎡|平方米|件|台|套|户|人)/g, canonical: (m) => PER_CANONICAL[m[0].replace(/^[每/]/, "")] ?? m[0].replace(/^[每/]/, "") },
  // "满100元减30元": the threshold and the discount of an offer
  { name: "offer", re: /[满减](?=\s*$)/g },
];

const PER_CANONICAL: Record<string, string> = { 张床位: "床位", 张: "床位", "㎡": "平方米", 生: "人" };
/** dimensions a figure only takes from its own words, never from its sentence or heading */
const OWN_ONLY = new Set(["per", "offer"]);

function toHalfWidth(s: string): string {
  return s.replace(/[Ａ-Ｚ０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** The marker of each dimension in `s`: the one nearest to `fromEnd` (end of s) or to its start. */
function markersIn(s: string, nearestToEnd: boolean): Map<string, string> {
  const out = new Map<string, string>();
  for (const dim of DIMENSIONS) {
    const re = dim.re;
    re.lastIndex = 0;
    let chosen: string | null = null;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      chosen = dim.canonical ? dim.canonical(m) : m[0];
      if (!nearestToEnd) break;
    }
    if (chosen !== null) out.set(dim.name, chosen);
  }
  return out;
}

const PERIODS: [RegExp, string][] = [
  [/每学年|学年/g, "学年"],
  [/每学期|\/学期/g, "学期"],
  [/每人每月|每户每月|每月|\/月|[·・]月|月人均|月标准|按月/g, "月"],
  [/每人每年|每户每年|每年|\/年|年人均|年标准|全年|年度|按年/g, "年"],
  [/每季度|每季|\/季度/g, "季"],
  [/每周|\/周/g, "周"],
  [/每日|每天|\/日|\/天/g, "日"],
];

/** The period word in `s` nearest to its end (`nearestToEnd`) or start, with its distance. */
function periodIn(s: string, nearestToEnd: boolean): { period: string; distance: number } | null {
  let best: { period: string; distance: number } | null = null;
  for (const [re, period] of PERIODS) {
    re.lastIndex = 0;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const distance = nearestToEnd ? s.length - (m.index + m[0].length) : m.index;
      if (!best || distance < best.distance) best = { period, distance };
    }
  }
  return best;
}

function nearestPeriod(...found: ({ period: string; distance: number } | null)[]): string | null {
  let best: { period: string; distance: number } | null = null;
  for (const f of found) if (f && (!best || f.distance < best.distance)) best = f;
  return best?.period ?? null;
}

// ---------------------------------------------------------------------------------------------
// Values and groups

const MONEY_SCALE: Record<string, number> = { 元: 1, 千元: 1e3, 万元: 1e4, 百万元: 1e6, 千万元: 1e7, 亿元: 1e8, 万亿元: 1e12 };
const DURATION_UNIT: Record<string, string> = {
  个工作日: "工作日",
  工作日: "工作日",
  个小时: "小时",
  小时: "小时",
  个月: "月",
  个星期: "周",
  星期: "周",
  周: "周",
  天: "日",
  日: "日",
};

export function groupOf(fact: Pick<Fact, "kind" | "unit" | "value">): { key: string; value: number | string } {
  if (fact.kind === "date" || fact.kind === "deadline") return { key: "date", value: fact.value };
  const n = typeof fact.value === "number" ? fact.value : Number(fact.value);
  if (fact.kind === "money") return { key: "money", value: round(n * (MONEY_SCALE[fact.unit] ?? 1)) };
  if (fact.kind === "duration") return { key: `duration|${DURATION_UNIT[fact.unit] ?? fact.unit}`, value: n };
  if (fact.kind === "percent") return { key: `percent|${fact.unit}`, value: n };
  if (fact.unit === "㎡") return { key: "count|平方米", value: n };
  const m = /^(万|亿)(.+)$/.exec(fact.unit);
  if (m) return { key: `count|${m[2]}`, value: round(n * (m[1] === "万" ? 1e4 : 1e8)) };
  return { key: `count|${fact.unit}`, value: n };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

// ---------------------------------------------------------------------------------------------
// Roles

const CHANGE_VERB = /^(?:每人每月|每人每年|每户每月)?(?:提高|提升|上调|调增|调高|调整|增加|增长|增至|压缩|缩短|缩减|减少|减至|降低|下调|调减|扩大|放宽|延长)了?(?:到|至|为)?(?:每人每月|每人每年|每户每月)?$/;
const DELTA_BEFORE = /(?:提高|提升|上调|调增|增加|增长|上涨|增幅为?|涨幅为?|下降|降低|下调|减少|降幅为?)了?(?:约|近|超过)?$/;
/** a bare 原 only right before the figure ("原860元"); inside a noun ("原封顶线的2%") it says nothing */
const OLD_WORDS = /原标准|原来|原为|原是|原先|原(?:每人每月|每人每年|每户每月|每月|每年)?$|此前|调整前|提标前|以前|之前|过去|上年|去年|上一年|旧标准/;

// ---------------------------------------------------------------------------------------------
// Building items

export type ItemContext = {
  /** heading text for an offset (outline title, Q&A question, chart title …) */
  headingAt?: (offset: number) => string;
};

type Span = { start: number; end: number };

/** "二是" at `i` (the 是): an enumeration marker, which ends a sentence even without punctuation ("…7个工作日二是要素保障…") */
function enumerationMarkerAt(text: string, i: number): boolean {
  return text[i] === "是" && /[一二三四五六七八九十]/.test(text[i - 1] ?? "") && !/[一二三四五六七八九十百千万第统唯这但就还即也只]/.test(text[i - 2] ?? "");
}

function sentenceStart(text: string, at: number, floor: number): number {
  let i = at - 1;
  while (i >= floor && at - i <= MAX_SENTENCE && !SENTENCE_MARK.test(text[i])) {
    if (enumerationMarkerAt(text, i)) return i - 1;
    i--;
  }
  return i + 1;
}

/** A short aside in brackets inside a clause ("各乡镇（街道）要在") does not end the clause. */
const ASIDE = 10;

/**
 * Scraped pages and captions drop punctuation between items ("低保对象资助280元 返贫致贫人口资助200元",
 * "人均月收入低于2180元 | 家庭总资产不超过30万元"): a space between two Chinese characters, or a bar,
 * ends a clause. A space before a figure ("还田 15元/亩") or after a bracket does not.
 */
function spacedBreak(text: string, i: number): boolean {
  if (text[i] === "|" || text[i] === "｜") return true;
  if (!/[ \t\u3000]/.test(text[i] ?? "")) return false;
  let a = i - 1;
  while (a >= 0 && /[ \t\u3000]/.test(text[a])) a--;
  let b = i + 1;
  while (b < text.length && /[ \t\u3000]/.test(text[b])) b++;
  if (!CJK.test(text[a] ?? "") || !CJK.test(text[b] ?? "")) return false;
  // only after an item that already has its figure, or after a statement too long to be a label:
  // "餐饮券 满100元减30元" is a label and its value, "当年零报销的次年也可提高 两项累计…" two items
  let c = a;
  while (c >= 0 && !/[ \t\u3000\n，,。；;：:|｜]/.test(text[c])) c--;
  const chunk = text.slice(c + 1, a + 1);
  return /\d/.test(chunk) || [...chunk].filter((ch) => CJK.test(ch)).length > 10;
}

function clauseStart(text: string, at: number, floor: number): number {
  let i = at - 1;
  while (i >= floor && at - i <= MAX_CLAUSE) {
    const ch = text[i];
    if (spacedBreak(text, i)) break;
    if (ch === "）" || ch === ")") {
      const open = text.lastIndexOf(ch === "）" ? "（" : "(", i);
      const inside = text.slice(open + 1, i);
      if (open >= floor && i - open <= ASIDE && !/[，,。；;\d]/.test(inside)) {
        i = open - 1;
        continue;
      }
    }
    if (CLAUSE_MARK.test(ch)) break;
    if (enumerationMarkerAt(text, i)) return i + 1;
    i--;
  }
  return i + 1;
}

function clauseEnd(text: string, at: number, skip: Span[] = []): number {
  let i = at;
  let counted = 0;
  while (i < text.length && counted < MAX_AFTER) {
    const span = skip.find((s) => s.start <= i && i < s.end);
    if (span) {
      i = span.end;
      counted++;
      continue;
    }
    counted++;
    const ch = text[i];
    if (ch === "（" || ch === "(") {
      const close = text.indexOf(ch === "（" ? "）" : ")", i);
      const inside = text.slice(i + 1, close);
      if (close > i && close - i <= ASIDE && !/[，,。；;\d]/.test(inside)) {
        i = close + 1;
        continue;
      }
    }
    if (CLAUSE_MARK.test(ch) || spacedBreak(text, i) || enumerationMarkerAt(text, i + 1)) break;
    i++;
  }
  return i;
}

/** `text[from, to)` with the figures inside it blanked out (so "860元" does not read as words). */
function blanked(text: string, from: number, to: number, spans: Span[]): string {
  let out = "";
  let i = from;
  for (const s of spans) {
    if (s.end <= from || s.start >= to) continue;
    if (s.start > i) out += text.slice(i, s.start);
    out += " ";
    i = Math.max(i, s.end);
  }
  if (i < to) out += text.slice(i, to);
  return out;
}

/**
 * Subjects of a "分别" list, in order: "城市、农村低保标准分别为" → [城市低保标准, 农村低保标准];
 * "新引进的博士、硕士、本科毕业生，在县连续工作期间分别每月给予" → the list in the earlier clause.
 */
function respectiveSubjects(head: string, count: number): string[] | null {
  const at = head.lastIndexOf("分别");
  if (at < 0) return null;
  const clauses = head.slice(0, at).split(/[，,：:；;]/).reverse();
  for (const clause of clauses) {
    const parts = clause.split(/、|和|与|及/).filter((p) => p.length > 0);
    if (parts.length !== count) continue;
    // "城市、农村低保标准": the shared tail of the last part belongs to every subject
    const last = parts[parts.length - 1];
    const shared = parts.slice(0, -1).every((p) => p.length <= 3) ? last.replace(/^[\u4e00-\u9fff]{1,3}?(?=[\u4e00-\u9fff]{2,})/, "") : "";
    return parts.map((p, i) => (i < parts.length - 1 && shared && !p.endsWith(shared) ? p + shared : p));
  }
  return null;
}

/**
 * Figures the analysis reports that are labels, not amounts: "二级医疗机构", "三级医院", "二套
 * 住房", "三孩" — a grade or an ordinal written in Chinese before a noun. They are left out so they
 * neither count as figures nor cut the words of the figure after them ("3套住房" is a count).
 */
export function isGradeLabel(fact: Fact, text: string): boolean {
  if (fact.kind !== "quantity" || !/^(?:级|套|孩|胎)$/.test(fact.unit)) return false;
  if (fact.unit !== "级" && !/^[一二三四五六七八九十]/.test(fact.text)) return false;
  return /^[\u4e00-\u9fff]/.test(text.slice(fact.end, fact.end + 1));
}

export function buildItems(text: string, allFacts: Fact[], context: ItemContext = {}, floor = 0): FigureItem[] {
  const bands = bandSpans(text);
  const facts = allFacts.filter((f) => !isGradeLabel(f, text) && !bands.some((b) => b.start <= f.start && f.end <= b.end));
  const table = tableCells(text);
  // 文号 in prose are blanked like figures: "于2024年3月18日以青政发〔2024〕5号文件印发" reads "…以 文件印发"
  const docNumbers: Span[] = findDocNumbers(text).map((n) => ({ start: n.start, end: n.end }));
  // … and so are cited titles: 《2020年青岛西海岸新区政务公开工作要点》 names a document, not what a figure is about
  const titles: Span[] = [...text.matchAll(/《[^《》\n]{1,150}》/g)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length }));
  const spans: Span[] = [...facts.map((f) => ({ start: f.start, end: f.end })), ...docNumbers, ...titles]
    .filter((sp, k, all) => !all.some((o, j) => j !== k && o.start <= sp.start && sp.end <= o.end && (o.start < sp.start || sp.end < o.end)))
    .sort((a, b) => a.start - b.start);
  const groups = facts.map((f) => groupOf(f));
  const items: FigureItem[] = [];
  // change pairs: A (old) … 提高到 … B (new), same group, same clause
  const role: Role[] = facts.map(() => null);
  const pairedWithPrevious: boolean[] = facts.map(() => false);
  for (let i = 0; i + 1 < facts.length; i++) {
    const a = facts[i];
    const b = facts[i + 1];
    if (groups[i].key !== groups[i + 1].key) continue;
    const between = text.slice(a.end, b.start);
    if (between.length <= 10 && CHANGE_VERB.test(between.replace(/\s/g, ""))) {
      role[i] = "old";
      role[i + 1] = "new";
      pairedWithPrevious[i + 1] = true;
    }
  }
  let sentenceIndex = -1;
  let lastSentenceStart = -1;
  facts.forEach((fact, i) => {
    const sStart = sentenceStart(text, fact.start, floor);
    if (sStart !== lastSentenceStart) {
      sentenceIndex++;
      lastSentenceStart = sStart;
    }
    let cStart = clauseStart(text, fact.start, Math.max(floor, sStart));
    // figures earlier in the clause end the clause for this one ("294项改革任务、497项涉企政策":
    // 改革任务 is 294's), unless it is the new value of a change pair (then the subject before
    // the old value is its subject too)
    let k = i - 1;
    while (k >= 0 && facts[k].end > cStart) {
      // a figure of another kind ("每发现1个火点扣减…2万元", "第一期9月20日发放400万元") shares the
      // clause's words: only figures of the same kind make a list that splits them
      if (groups[k].key !== groups[i].key) {
        k--;
        continue;
      }
      if (!(k === i - 1 && pairedWithPrevious[i])) {
        const between = text.slice(facts[k].end, fact.start);
        let cut = -1;
        for (let j = between.length - 1; j >= 0; j--) {
          if (LIST_MARK.test(between[j]) && !/^及以[上下]/.test(between.slice(j))) {
            cut = j;
            break;
          }
        }
        // run together without a mark ("…奖励30万元省级街区奖励10万元", "294项改革任务497项"):
        // a count's noun follows it, an amount's label comes before it
        cStart = cut < 0 && ownsFollowingWords(facts[k]) ? fact.start : Math.max(cStart, facts[k].end + cut + 1);
        break;
      }
      k--;
    }
    // an outline marker in front ("（一）2024年4月30日前，……") is not the figure's words
    let beforeText = blanked(text, cStart, fact.start, spans).replace(LEADING_MARKER, "");
    // "日常考核（30分）", "1150元（13800元/年）": an opening bracket right before the figure is
    // transparent — the words before the bracket say what it is about
    if (!CJK.test(beforeText) && cStart > floor && OPEN_BRACKET.test(text[cStart - 1] ?? "")) {
      const outer = clauseStart(text, cStart - 1, Math.max(floor, sStart));
      beforeText = blanked(text, outer, cStart - 1, spans);
    }
    const nextStart = facts[i + 1]?.start ?? text.length;
    let cEnd = Math.min(clauseEnd(text, fact.end, docNumbers), nextStart);
    if (cEnd === nextStart) {
      const between = text.slice(fact.end, nextStart);
      const sep = between.search(/[、和与]|及(?!以[上下])/);
      if (sep >= 0) cEnd = fact.end + sep;
      else if (!ownsFollowingWords(fact) && fact.kind !== "date" && fact.kind !== "deadline") cEnd = fact.end + (TAIL.exec(between)?.[0].length ?? 0);
    }
    let afterText = blanked(text, fact.end, cEnd, spans);
    // a figure alone between commas ("2020 年年底前，编制完成……"): the neighbouring clause, when
    // it holds no other figure, says what it is about
    if (!CJK.test(beforeText) && !CJK.test(afterText)) {
      if (cStart > Math.max(floor, sStart) && SOFT_MARK.test(text[cStart - 1] ?? "")) {
        const outer = clauseStart(text, cStart - 1, Math.max(floor, sStart));
        if (!facts.some((f) => f.end > outer && f.start < cStart - 1)) beforeText = blanked(text, outer, cStart - 1, spans);
      }
      if (cEnd < nextStart && SOFT_MARK.test(text[cEnd] ?? "")) {
        const further = clauseEnd(text, cEnd + 1, docNumbers);
        if (further <= nextStart) {
          cEnd = further;
          afterText = blanked(text, fact.end, cEnd, spans);
        }
      }
    }
    let widerText = blanked(text, sStart, cStart, spans);
    const heading = context.headingAt?.(fact.start) ?? "";
    // a figure in a table cell is about its row's label and its column's header
    const cell = table.find((c) => c.start <= fact.start && fact.end <= c.end);
    if (cell) {
      beforeText = `${cell.row}，${cell.column}`;
      afterText = "";
      widerText = "";
    }

    const near = bigramsOf(beforeText);
    bigramsOf(afterText, near);
    // "城市低保标准每人每月提高25元，达到885元": a clause without a subject of its own
    // continues the one before it
    if (!cell && weakSubject(beforeText) && cStart > Math.max(floor, sStart) && !text.slice(sStart, fact.start).includes("分别")) {
      const prev = clauseStart(text, cStart - 1, Math.max(floor, sStart));
      const firstFigure = facts.find((f) => f.start >= prev && f.start < cStart - 1);
      bigramsOf(blanked(text, prev, firstFigure ? firstFigure.start : cStart - 1, spans), near);
    }
    // "收住自理老年人的，每张床位每月补贴80元", "经鉴定为C级危房的，实施修缮加固，每户补助1.5万元":
    // the condition a 的-clause states is what the figure is about
    const condition = cell ? null : conditionClause(text, cStart, Math.max(floor, sStart), spans, groups[i].key, facts, groups);
    if (condition) {
      bigramsOf(condition.words, near);
      for (const label of condition.labels) near.add(label);
    }
    // "300元每人每年40元", "400元至900元每人每年60元" (a tier table flattened into a line): an
    // amount followed only by a period word and this figure labels it
    const prev = facts[i - 1];
    if (prev && groups[i - 1].key === groups[i].key && role[i] === null && /^(?:每人每年|每人每月|每户每年|每户每月|每年|每月|每人|每户|每生)$/.test(text.slice(prev.end, fact.start).replace(/[ \t\u3000]+/g, ""))) {
      near.add(labelToken(groups[i - 1]));
      const before = facts[i - 2];
      if (before && groups[i - 2].key === groups[i].key && RANGE_JOIN.test(text.slice(before.end, prev.start)) && text.slice(before.end, prev.start).replace(RANGE_JOIN, "") === "") near.add(labelToken(groups[i - 2]));
    }
    // the amounts of a table row's first cell name the row ("300元 | 每人每年40元")
    if (cell) for (let j = 0; j < facts.length; j++) if (facts[j].start >= cell.rowStart && facts[j].end <= cell.rowEnd && j !== i) near.add(labelToken(groups[j]));
    if (fact.kind === "frequency") bigramsOf(fact.text, near);
    const wider = bigramsOf(widerText);
    const headingWords = bigramsOf(heading);
    const leaf = bigramsOf(heading.split(" ").pop() ?? "");
    for (const g of near) wider.delete(g);

    const own = markersIn(beforeText, true);
    for (const [dim, v] of markersIn(afterText, false)) if (!own.has(dim)) own.set(dim, v);
    if (condition) for (const [dim, v] of markersIn(condition.words, true)) if (!own.has(dim) && !OWN_ONLY.has(dim)) own.set(dim, v);
    const markers = new Map(own);
    for (const [dim, v] of markersIn(widerText, true)) if (!markers.has(dim) && !OWN_ONLY.has(dim)) markers.set(dim, v);
    for (const [dim, v] of markersIn(heading, true)) if (!markers.has(dim) && !OWN_ONLY.has(dim)) markers.set(dim, v);
    if (groups[i].key === "date") {
      const kind = dateKind(fact, text.slice(fact.end, fact.end + 4), text.slice(Math.max(0, fact.start - 4), fact.start));
      // "2020年8月6日前印发…" (a package timeline): a date right before an issuing verb is about issuing
      const issuing = /^前?(?:印发|发布(?!会)|出台|签发)/.test(text.slice(fact.end - (fact.text.endsWith("前") ? 1 : 0), fact.end + 4));
      if (kind && !issuing) {
        markers.set("datekind", kind);
        own.set("datekind", kind);
      } else if (issuing || ISSUED.test(afterText.replace(/\s/g, "")) || ISSUED_LEAD.test(text.slice(fact.end, fact.end + 60))) {
        // "于2024年6月12日印发": the day the document was issued
        markers.set("issued", "issued");
        own.set("issued", "issued");
      }
    }
    const ownPeriod = periodIn(fact.text, true)?.period ?? nearestPeriod(periodIn(beforeText, true), periodIn(afterText, false));
    const period = ownPeriod ?? periodIn(widerText, true)?.period ?? null;

    let r = role[i];
    const compactBefore = beforeText.replace(/\s/g, "");
    if (r === null && DELTA_BEFORE.test(compactBefore)) r = "delta";
    if (cell && OLD_WORDS.test(cell.column.replace(/\s/g, ""))) r = "old";
    else if (cell && /新|调整后|提标后|现行/.test(cell.column)) r = "new";
    items.push({
      fact,
      key: groups[i].key,
      value: groups[i].value,
      near,
      wider,
      heading: headingWords,
      leaf,
      markers,
      ownMarkers: new Set(own.keys()),
      period,
      periodOwn: ownPeriod !== null,
      role: r,
      saysOld: r === "old" || OLD_WORDS.test(compactBefore),
      run: null,
      sentence: sentenceIndex,
      neighbours: new Set(),
      subject: subjectOf(beforeText, widerText),
      derived: false,
      restated: RESTATED.test(text.slice(sStart, fact.start)),
      partner: null,
    });
  });
  // the two ends of a date range know each other
  for (let k = 0; k + 1 < items.length; k++) {
    const x = items[k];
    const y = items[k + 1];
    if (x.key !== "date" || y.key !== "date" || typeof x.value !== "string" || typeof y.value !== "string") continue;
    const between = text.slice(x.fact.end, y.fact.start);
    if ((RANGE_JOIN.test(between) && between.replace(RANGE_JOIN, "") === "") || (/^(?:至|到)$/.test(y.fact.text.slice(0, 1)) && between.trim() === "")) {
      x.partner = y.value;
      y.partner = x.value;
    }
  }
  applyRespectively(text, items, floor);
  assignRuns(text, items);
  for (const it of items) {
    for (const other of items) {
      const distance = Math.max(other.fact.start - it.fact.end, it.fact.start - other.fact.end);
      if (other !== it && other.sentence === it.sentence && distance <= NEIGHBOUR_DISTANCE) it.neighbours.add(`${other.key}:${other.value}`);
    }
  }
  return items;
}

/**
 * The 的-clause a figure's clause depends on, at most two clauses back within the sentence, when
 * no figure of the same kind stands between ("对…的，给予10万元"; "…的，实施修缮加固，每户补助…";
 * "低保对象参加居民医保的，个人缴费部分按70%给予资助，每人每年资助280元").
 */
function conditionClause(
  text: string,
  cStart: number,
  floor: number,
  spans: Span[],
  key: string,
  facts: Fact[],
  groups: { key: string; value: number | string }[],
): { words: string; labels: string[] } | null {
  let end = cStart - 1;
  for (let hop = 0; hop < 2 && end > floor && (SOFT_MARK.test(text[end] ?? "") || spacedBreak(text, end)); hop++) {
    const start = clauseStart(text, end, floor);
    const inside = facts.map((f, j) => ({ f, j })).filter(({ f }) => f.start >= start && f.end <= end);
    const words = blanked(text, start, end, spans);
    // "…的，", "消费券核销后，…", "每发现1个火点，扣减…" / "凡…，": a condition however it ends; the
    // amounts it holds name the tier ("选择300元档次的，政府每年补贴40元")
    // (the clause itself ends so: "…总数的10%" is no condition). A condition holding a figure of
    // the same kind gives only its amounts: "离校2年内未就业…的，…最长3年" is not about 离校's 2年
    if (/(?:的|后|时)\s*$/.test(text.slice(start, end)) || /^\s*(?:每|凡)/.test(words.replace(LEADING_MARKER, ""))) {
      // "交售…超标电动自行车，并购买新车的": a clause opening with 并/且/或 continues the one before
      let from = start;
      let all = words;
      if (/^\s*(?:并且|并|且|或者|或|以及)/.test(words) && from - 1 > floor && SOFT_MARK.test(text[from - 1] ?? "")) {
        const earlier = clauseStart(text, from - 1, floor);
        if (!facts.some((f, j) => f.start >= earlier && f.end <= from - 1 && groups[j].key === key)) {
          all = `${blanked(text, earlier, from - 1, spans)} ${words}`;
          from = earlier;
        }
      }
      const held = facts.map((f, j) => ({ f, j })).filter(({ f }) => f.start >= from && f.end <= end);
      const sameKind = held.filter(({ j }) => groups[j].key === key);
      return sameKind.length > 0 ? { words: "", labels: sameKind.map(({ j }) => labelToken(groups[j])) } : { words: all, labels: held.map(({ j }) => labelToken(groups[j])) };
    }
    // a figure of the same kind in any other clause before is a sibling's, not a condition
    if (inside.some(({ j }) => groups[j].key === key)) return null;
    // "并在社区公示，公示期为7日": a clause that opens with a word of the clause before continues it
    if (hop === 0 && topicChains(words, blanked(text, cStart, cStart + 4, spans))) return { words, labels: [] };
    end = start - 1;
  }
  return null;
}

/** An amount that labels an item ("300元档次", a table row "400元至900元") as a word of the item's own. */
function labelToken(g: { key: string; value: number | string }): string {
  return `#${g.key}:${g.value}`;
}

/** the clause opens with a word pair the clause before it holds ("…公示，公示期为7日") */
function topicChains(previous: string, opening: string): boolean {
  const first = normalizeWords(opening).replace(/\s/g, "").slice(0, 2);
  return first.length === 2 && CJK.test(first[0]) && CJK.test(first[1]) && bigramsOf(previous).has(first);
}

type TableCell = { start: number; end: number; row: string; column: string; rowStart: number; rowEnd: number };

/**
 * Tables pasted as text ("| 项目 | 原标准 | 新标准 |", one row per line, cells split by | or tabs):
 * each cell after the first, with its row's label and its column's header.
 */
function tableCells(text: string): TableCell[] {
  const cells: TableCell[] = [];
  let header: string[] | null = null;
  let at = 0;
  for (const line of text.split("\n")) {
    const split = /\|/.test(line) ? /\s*[|｜]\s*/ : /\t+/;
    const parts = line.trim().replace(/^[|｜]|[|｜]$/g, "").split(split);
    const isRow = (parts.length >= 3 && /^\s*[|｜].*[|｜]\s*$/.test(line)) || (parts.length >= 2 && /\S\t+\S/.test(line));
    if (!isRow) {
      header = null;
      at += line.length + 1;
      continue;
    }
    if (header === null || !/\d/.test(parts.slice(1).join(""))) {
      header = parts;
    } else {
      let from = at;
      const rowStart = text.indexOf(parts[0], at);
      parts.forEach((cellText, k) => {
        const start = text.indexOf(cellText, from);
        if (start < 0) return;
        from = start + cellText.length;
        if (k > 0) cells.push({ start, end: start + cellText.length, row: parts[0], column: header?.[k] ?? "", rowStart, rowEnd: rowStart + parts[0].length });
      });
    }
    at += line.length + 1;
  }
  return cells;
}

const LEADING_MARKER = /^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.．、])\s*/;

/** words right after an amount that still belong to it ("50%以上", "10个工作日内") */
const TAIL = /^(?:\/[\u4e00-\u9fff㎡]{1,3}(?:[·・][\u4e00-\u9fff])?)?(?:及以上|及以下|以上|以下|以内|之内|左右|内|起|前)?/;

/**
 * A count's noun follows it ("294项改革任务"); an amount's label comes before it ("奖励30万元");
 * what follows a date is what happens by then, and may also be the next amount's label.
 */
function ownsFollowingWords(f: Fact): boolean {
  // a physical measure is an amount like money: "面积60平方米", "还田28万亩", "4人及以上户60㎡"
  return f.kind === "quantity" && !PHYSICAL_UNIT.test(f.unit);
}

const PHYSICAL_UNIT = /^(?:万|亿)?(?:平方米|㎡|平方公里|立方米|公里|千米|米|公顷|亩|吨|千瓦|周岁|岁)$/;

/** figures further apart than this are not each other's neighbours, even in one sentence */
const NEIGHBOUR_DISTANCE = 40;

const FUNCTION_WORDS =
  /由|从|为|是|达到|达|提高到|提高至|提升到|增加到|增至|压缩至|压缩到|缩短至|调整为|调整到|提高|提升|增加|上调|增长|降低|减少|下调|一次性|给予|奖励|补贴|补助|资助|发放|减免|资金|金额|额度|标准|期限|时限|按|按照|约|共|合计|计|每人每月|每人每年|每户每月|每月|每年|全年|可|可以|以上|以内|其中|分别|即|和|及|与|等|的/g;

/** A clause whose words before the figure are only function words ("达到", "其中") and no marker (not "A档"). */
function weakSubject(before: string): boolean {
  // what a figure is counted per ("每人每年") or an offer word is no subject
  const subjects = [...markersIn(before, true).keys()].filter((dim) => !OWN_ONLY.has(dim));
  return subjects.length === 0 && [...before.replace(FUNCTION_WORDS, "")].filter((c) => CJK.test(c)).length < 2;
}

/** words that introduce a figure the writer works out from the document's ("也就是说群众每缴1元钱，财政配套1.75元") */
const RESTATED = /也就是说?|相当于|换算|折合|算下来|算起来|合计|共计|总计|加起来/;

const ISSUED = /印发|发布(?!会)|出台|签发|公布|成文/;
/** "8月28日，区医疗保障局、区税务局联合发布《…》": a date that opens a sentence about issuing a document */
const ISSUED_LEAD = /^[，,\s]+[^。；;！？!?\n]{0,30}?(?:印发|发布(?!会)|出台|签发|公布)了?[^。；;，,]{0,12}?(?:《|文件|通知|通告|方案|办法|意见|措施|细则|规定)/;

/** "5月25日至7月10日", "9月25日—11月15日": the dash or 至 between two dates of a range */
const RANGE_JOIN = /^\s*(?:至|到|—{1,2}|–|－|-|~|～)\s*/;

function dateKind(fact: Fact, after: string, before: string): string | null {
  if (/^(?:到|至|截至|截止到|截止)/.test(fact.text)) return "until";
  if (fact.kind === "deadline" || /^(?:前|之前|以前)/.test(after)) return "before";
  if (/^起/.test(after)) return "from";
  // the end and the start of a range, also when the end is written without its year
  if (/日\s*(?:至|到|—{1,2}|–|－|-|~|～)\s*$/.test(before)) return "until";
  if (RANGE_JOIN.test(after) && /\d|[一二三四五六七八九十]/.test(after.replace(RANGE_JOIN, "").slice(0, 1))) return "from";
  return null;
}

const TRAILING_FUNCTION_WORDS = /(?:由|从|为|是|按|按照|达到|给予|提高到|提高至|压缩至|调整为|不超过|不低于|最高|一般|在|于)+$/;

/** Short words for messages: the figure's own clause, or its sentence's first clause when that is too short. */
function subjectOf(before: string, wider: string): string {
  const clean = (s: string) => s.replace(/[\s，,：:、]+/g, " ").trim();
  let own = clean(before).replace(/\s+/g, "").replace(TRAILING_FUNCTION_WORDS, "");
  // "城市低保标准由每人每月 提高到": the subject ends where the change starts
  const change = /^(.{2,}?)(?:由|从)/.exec(own);
  if (change) own = change[1];
  if ([...own].filter((c) => CJK.test(c)).length >= 2) return own.slice(-16);
  const topic = clean(wider).split(" ")[0] ?? "";
  return `${topic.slice(0, 16)}${own}`.replace(TRAILING_FUNCTION_WORDS, "");
}

function adopt(it: FigureItem, words: Set<string>, markers: Map<string, string>, subject: string): void {
  for (const g of words) it.near.add(g);
  for (const [dim, v] of markers) {
    it.markers.set(dim, v);
    it.ownMarkers.add(dim);
  }
  it.subject = subject;
}

/**
 * "城市、农村低保标准分别为885元、660元": the k-th figure takes the k-th subject's markers and
 * words. Without such a list ("城市…1150元，农村…860元，全年分别为13800元和10320元") the k-th
 * figure of the list is about the k-th earlier figure of the sentence.
 */
function applyRespectively(text: string, items: FigureItem[], floor: number): void {
  const bySentence = new Map<number, FigureItem[]>();
  for (const it of items) {
    const list = bySentence.get(it.sentence);
    if (list) list.push(it);
    else bySentence.set(it.sentence, [it]);
  }
  for (const list of bySentence.values()) {
    const sStart = sentenceStart(text, list[0].fact.start, floor);
    const last = list[list.length - 1].fact.start;
    // each 分别 hands out its own figures, up to the next 分别 of the sentence
    let previous: string[] | null = null;
    for (let at = text.indexOf("分别", sStart); at >= 0 && at < last; at = text.indexOf("分别", at + 2)) {
      const next = text.indexOf("分别", at + 2);
      const after = list.filter((it) => it.fact.start > at && (next < 0 || it.fact.start < next) && it.role !== "old");
      const respective = after.filter((it) => it.key === after[0]?.key);
      if (respective.length < 2) continue;
      const subjects = respectiveSubjects(text.slice(sStart, respective[0].fact.start), respective.length);
      if (subjects) {
        respective.forEach((it, k) => {
          adopt(it, bigramsOf(subjects[k]), markersIn(subjects[k], true), subjects[k]);
        });
        previous = subjects;
        continue;
      }
      if (previous) {
        // "按B档、C档、D档分别补贴120元、80元、40元，农村低保对象分别补贴90元、60元、30元": a later
        // list of as many figures names the same tiers; what the figure's own words say (农村) stays
        const named = previous;
        if (named.length === respective.length) {
          respective.forEach((it, k) => {
            for (const [dim, v] of markersIn(named[k], true)) {
              if (it.ownMarkers.has(dim) || OWN_ONLY.has(dim)) continue;
              it.markers.set(dim, v);
              it.ownMarkers.add(dim);
            }
          });
        }
        continue;
      }
      const earlier = list.filter((it) => it.fact.start < at && it.role !== "old" && it.role !== "delta");
      if (earlier.length !== respective.length) continue;
      respective.forEach((it, k) => {
        const e = earlier[k];
        const own = new Map([...e.markers].filter(([dim]) => e.ownMarkers.has(dim)));
        // the list's own markers (e.g. 全年) stay; the earlier figure's words say whose value it is
        for (const dim of own.keys()) it.markers.delete(dim);
        adopt(it, e.near, own, e.subject);
      });
    }
  }
}

/** Lists of same-group figures in one sentence (old values and deltas left out). */
function assignRuns(text: string, items: FigureItem[]): void {
  let id = 0;
  let current: FigureItem[] = [];
  const flush = () => {
    if (current.length >= 2) {
      const runId = id++;
      current.forEach((it, index) => {
        it.run = { id: runId, index, length: current.length };
      });
    }
    current = [];
  };
  for (const it of items) {
    if (it.role === "old" || it.role === "delta") continue;
    const prev = current[current.length - 1];
    if (prev && (prev.sentence !== it.sentence || prev.key !== it.key || text.slice(prev.fact.end, it.fact.start).length > 24)) flush();
    current.push(it);
  }
  flush();
}

/**
 * Labels of the figures of one list, learned from the document: the word pairs of each figure's
 * own words that no other figure of the list has ("城市低保标准由…" / "农村低保标准由…" → 城市 /
 * 农村; "一级医疗机构" / "二级医疗机构" → 一级 / 二级; "博士研究生" / "硕士研究生" / "本科毕业生").
 * A figure of the interpretation whose words hold one figure's label, and no other's, is about
 * that item — whatever words the list uses, without a list of them written in advance.
 */
export function learnListLabels(items: FigureItem[]): void {
  const lists = new Map<string, FigureItem[]>();
  for (const it of items) {
    if (it.derived || it.role === "old" || it.role === "delta") continue;
    const k = `${it.sentence}|${it.key}`;
    const list = lists.get(k);
    if (list) list.push(it);
    else lists.set(k, [it]);
  }
  let id = 0;
  for (const list of lists.values()) {
    if (list.length < 2) continue;
    const own = list.map((it) => it.near);
    // a list is figures worded alike ("X医疗机构起付标准N元"): without shared words the
    // differences are just different clauses, not labels
    const template = [...own[0]].filter((g) => own.every((o) => o.has(g)));
    if (template.length < 2) continue;
    const labels = own.map((b, i) => new Set([...b].filter((g) => own.every((o, j) => j === i || !o.has(g)))));
    if (labels.some((l) => l.size === 0)) continue;
    const listId = id++;
    list.forEach((it, k) => {
      it.label = { list: listId, index: k, labels };
    });
  }
}

/** Which item of a learned list a figure's words name: the one whose label they share most, uniquely; -1 for none. */
export function namedInList(near: Set<string>, labels: Set<string>[]): number {
  let best = -1;
  let bestCount = 0;
  let tie = false;
  labels.forEach((label, i) => {
    let n = 0;
    for (const g of label) if (near.has(g)) n++;
    if (n > bestCount) {
      best = i;
      bestCount = n;
      tie = false;
    } else if (n === bestCount && n > 0) tie = true;
  });
  return tie ? -1 : best;
}

/** Virtual delta items of the document: one per change pair (885 − 860 = 25, with 885's words). */
export function derivedDeltas(items: FigureItem[]): FigureItem[] {
  const out: FigureItem[] = [];
  for (let i = 0; i + 1 < items.length; i++) {
    const a = items[i];
    const b = items[i + 1];
    if (a.role !== "old" || b.role !== "new" || typeof a.value !== "number" || typeof b.value !== "number") continue;
    const scale = typeof b.fact.value === "number" && b.fact.value !== 0 ? b.value / b.fact.value : 1;
    const delta = round(Math.abs(b.value - a.value));
    out.push({
      ...b,
      fact: { ...b.fact, value: round(delta / scale), text: `${round(delta / scale)}${b.fact.unit}` },
      value: delta,
      role: "delta",
      run: null,
      derived: true,
    });
  }
  return out;
}
