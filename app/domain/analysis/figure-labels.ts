/**
 * What a figure of a document is: a readable label ("城市低保标准（月）", not "/年）") and its role,
 * for the key-figure cards, the bar charts and the grouped (tiered) chart the analysis suggests.
 *
 * Map of the flow (`readFigure`):
 *   1. the surroundings: the figure's sentence (to 。；！？ or a line break), the list head before
 *      a "：" in it, its clause (between ，), its list item (between 、), a bracket it sits in or
 *      that follows it; brackets are skipped when looking for clause breaks;
 *   2. the role: a value a standard is raised *from* ("由850元提高到…") is `previous`; a figure
 *      restating another in brackets ("885元（10620元/年）"), a multiple ("1.3倍") or a tier
 *      ("D档465元") is `derived`; everything else is a `headline`;
 *   3. the label, first that reads as a noun phrase:
 *        the noun after a counted figure ("294项改革任务")
 *        → the subject of its clause with verbs, qualifiers and periods stripped
 *          ("城市低保标准由每人每月850元提高到每人每月885元" → "城市低保标准", period 月)
 *        → a noun in the bracket after it ("10620元（城市低保年标准）")
 *        → the subject of an earlier clause of the sentence ("一次性救助金额原则上按…确定，最高
 *          不超过3540元" → "一次性救助金额上限")
 *        → the list head ("城市低保：A档885元") → the heading the figure sits under;
 *   4. `readFigures` reads all figures and, where one subject is stated per month and per year
 *      ("每人每年7920元（每人每月660元）"), keeps the monthly figure as the headline.
 * `eventLabel` does the same for dates: the clause a deadline governs, without the date itself.
 */
import { partitionPoint } from "./partition-point";
import type { Fact } from "./types";

export type FigureRole = "headline" | "derived" | "previous";
export type Period = "月" | "年" | "日";

export type FigureReading = {
  /** readable noun phrase for a card, "" when none could be found */
  label: string;
  /** the label for a chart row, whose title already names the topic and the period */
  chartLabel: string;
  /** the thing measured, without period or qualifier ("城市低保标准") */
  subject: string;
  /** "月" for 每人每月 / 月标准, "年" for 每人每年 / "/年", "日" for 每人每天 */
  period: Period | null;
  role: FigureRole;
  /** the label is the noun the figure counts ("294项改革任务") */
  fromNoun: boolean;
  /** "A档"… with its series ("城市低保") for tiered standards */
  tier: { tier: string; series: string } | null;
};

/** The heading an offset sits under (marker stripped), for figures whose sentence names nothing. */
export type HeadingAt = (offset: number) => string | null;

const SENTENCE_BREAK = "。；;！？!?\n";
const OPEN = "（(";
const CLOSE = "）)";

const CHANGE = "(?:提高到|提高至|提高为|增加到|增加至|增至|提至|上调到|上调至|上调为|调整为|调整到|调整至|提升到|提升至|降低到|降低至|降至|下调到|下调至|下调为)";
const CHANGE_RE = new RegExp(CHANGE);
const FROM_TO = new RegExp(`^(.*?)(?:由|从)(.*?)${CHANGE}(.*)$`);
const FROM = /^(.*?)(?:由|从)(.*)$/;
const TO = new RegExp(`^(.*?)(?:${CHANGE.slice(3, -1)}|控制在|稳定在|保持在)(.*)$`);
const COMPARED = /^(.*?)较(?:上年同期|上年|去年同期|去年|同期|上一年度?)?(下降|降低|减少|增长|提高|增加|上升)$/;
const DIRECTION_END = /(上浮|下浮|增长|提高|增加|上升|下降|降低|减少)$/;
const DIRECTION_NAME: Record<string, string> = { 上浮: "上浮比例", 下浮: "下浮比例", 增长: "增幅", 提高: "增幅", 增加: "增幅", 上升: "增幅", 下降: "降幅", 降低: "降幅", 减少: "降幅" };
const UPPER_BEFORE = /(?:最高不超过|最高不得超过|不得超过|不超过|不高于|最高|最多|上限为|上限|封顶)$/;
const LOWER_BEFORE = /(?:不得低于|不低于|不少于|至少|最低|下限为)$/;
const UPPER_AFTER = /^(?:以下|以内|及以下)/;
const PERIOD_END = /(每人每月|每户每月|月人均|人均每月|每月|每人每年|每户每年|年人均|人均每年|每年|每人每天|每人每日|每天|每日)$/;
/** "每人每天生活费补助50元": the period opens the subject */
const PERIOD_START = new RegExp(`^${PERIOD_END.source.slice(0, -1)}`);
const PERIOD_AFTER = /^[/／](?:人[·.]?)?(月|年|天|日)/;
/** "给予一次性创业补贴": what is granted follows the verb, who receives it stands before. */
const GRANT = /^(.*?)(?:给予|发放|享受|安排)(.{2,})$/;
const LEADING =
  /^(?:但|并|且|其中|同时|另外|此外|对|将|在|于|按照|按|力争|确保|争取|计划|全年|年内|当年|今年|要|应|可|原则上|累计|共计|合计|总计|共|给予|安排|发放|实施|完成|举办|开展|达到|达|超过|提供|投入|筹集|拨付|落实|实现|其|均|各)+/;
const TRAILING = /(?:的标准|为|达到|达|约|共计|合计|累计|共|在|至|到|是|按照|按|了|均|分别|每人|每户|人均|可|以上|扣除|扣|加|具体包括|包括|包含|分为|涉及)+$/;
/** A clause that states a condition, a purpose or a basis has no subject of its own. */
const CONDITION_START = /^(?:为|对|根据|按照|依据|经|如|凡|若|在|当|对于|关于|自|从|凡是|除)/;
const CONDITION_END = /(?:的|时|后|情况下)$/;
const PREDICATE = /由|从|按照|按|原则上|为|是|实行|实施|提高|达到|不低于|不超过|低于|高于|应当|应|要|须|可以|可|将|在|于|统一|调整|执行|确定|给予|发放|享受|纳入|列入|作为|占/g;
/** Words that name a measure of something before them ("县级重点项目120个、总投资350亿元"). */
const GENERIC_SUBJECT = /^(?:总投资|总额|总量|资金|金额|规模|合计|总计|投资|占比|比重|比例|权重|总数|数量)$/;
/** Nouns too vague to stand alone on a card ("七个方面"). */
const VACUOUS_NOUN = /^(?:方面|部分|方向|环节|层面|类型|方式|种类|内容|工作)$/;
const TIER = /^(.{0,6}?)((?:第)?(?:[A-Z]|[一二三四五六七八九十]{1,2}))档$/;
const NOUN_AFTER_STOP = /(?:内的|要|应|须|将|已|按照|参照|开展|实现|完成|全部|均|共|达到|不少于)/;
const NOT_NOUN_START = /^(?:以上|以下|以内|左右|的|为|至|到|和|或|及|等|每|由|从|在|于|按|用于|提高|降低|增加|减少|增长|下降|确定|发放|不等|多|余|内|以|后|前|起|之|标准)/;
const NOUN_TRAILING = /(?:信息公开|为准|等|的|了)+$/;
const ANNOTATION_NOT_NOUN = /^(?:含|不含|见|下同|以下简称|简称|即|约|其中|按|如)|\d/;

type Surroundings = {
  sentenceStart: number;
  /** text before a "：" of the sentence that precedes the figure, "" when none */
  listHead: string;
  /** where the clause the figure sits in starts (after 、-items are ignored) */
  clauseStart: number;
  /** where the 、-item the figure sits in starts */
  itemStart: number;
  /** the bracket the figure sits in, or -1 */
  bracketOpen: number;
  /** the text after the figure to the end of its clause (brackets kept) */
  after: string;
};

/**
 * How far around a figure its sentence is looked for. 公文 sentences are shorter; a text without
 * punctuation (a hostile paste) must not make every figure scan the whole text.
 */
const WINDOW = 200;

/** [start, end) of the sentence around [from, to), within WINDOW characters each side. */
function sentenceAround(text: string, from: number, to: number): { start: number; end: number } {
  let start = Math.max(0, from - WINDOW);
  for (let i = from - 1; i >= Math.max(0, from - WINDOW); i--) {
    if (SENTENCE_BREAK.includes(text[i])) {
      start = i + 1;
      break;
    }
    // No break within the window: the sentence is taken to start at the figure.
    if (i === from - WINDOW) start = from;
  }
  let end = Math.min(text.length, to + WINDOW);
  for (let i = to; i < Math.min(text.length, to + WINDOW); i++) {
    if (SENTENCE_BREAK.includes(text[i])) {
      end = i;
      break;
    }
  }
  return { start, end };
}

/** Index of the first fact ending after `offset` (facts are sorted and do not overlap). */
function firstFactAfter(facts: Fact[], offset: number): number {
  return partitionPoint(facts.length, (i) => facts[i].end <= offset);
}

function* factsIn(facts: Fact[], from: number, to: number): Generator<Fact> {
  for (let i = firstFactAfter(facts, from); i < facts.length && facts[i].start < to; i++) yield facts[i];
}

function surroundings(text: string, fact: Fact): Surroundings {
  const sentenceStart = sentenceAround(text, fact.start, fact.end).start;
  let depth = 0;
  let bracketOpen = -1;
  let clauseStart = -1;
  let itemStart = -1;
  let colon = -1;
  for (let i = fact.start - 1; i >= sentenceStart; i--) {
    const ch = text[i];
    if (CLOSE.includes(ch)) depth++;
    else if (OPEN.includes(ch)) {
      if (depth > 0) depth--;
      else if (bracketOpen < 0 && clauseStart < 0) bracketOpen = i;
    } else if (depth === 0) {
      if ((ch === "，" || ch === ",") && clauseStart < 0) clauseStart = i + 1;
      else if (ch === "、" && itemStart < 0 && clauseStart < 0 && bracketOpen < 0) itemStart = i + 1;
      else if ((ch === "：" || ch === ":") && colon < 0) colon = i;
    }
  }
  const listHead = colon >= 0 ? text.slice(sentenceStart, colon) : "";
  const floor = colon >= 0 ? colon + 1 : sentenceStart;
  clauseStart = Math.max(clauseStart < 0 ? floor : clauseStart, floor);
  itemStart = Math.max(itemStart < 0 ? clauseStart : itemStart, clauseStart);
  let after = "";
  depth = 0;
  for (let i = fact.end; i < text.length && after.length < 60; i++) {
    const ch = text[i];
    if (SENTENCE_BREAK.includes(ch) && depth === 0) break;
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && "，,、：:“”\"「」《》".includes(ch)) break;
    after += ch;
  }
  return { sentenceStart, listHead, clauseStart, itemStart, bracketOpen, after };
}

/** Text with bracketed asides removed ("标准（试行）" → "标准"). */
function withoutBrackets(s: string): string {
  let out = "";
  let depth = 0;
  for (const ch of s) {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0) out += ch;
  }
  return out;
}

/** `bare`: the words held nothing but qualifiers and wording of change ("但最高不超过", "由…提高到"). */
type Subject = { subject: string; period: Period | null; suffix: string; role: FigureRole; bare: boolean };

/** The subject in the words before a figure ("城市低保标准由每人每月850元提高到每人每月"). */
function subjectBefore(pre: string, after: string): Subject {
  let s = withoutBrackets(pre).replace(/\s+/g, "");
  let role: FigureRole = "headline";
  let suffix = "";
  // "由每人每月850元提高到每人每月885元": the period is the one written right before the figure.
  const tail = PERIOD_END.exec(s);
  const head = tail ? null : PERIOD_START.exec(s);
  const period = tail ? periodOf(tail[1]) : head ? periodOf(head[1]) : null;
  if (tail) s = s.slice(0, -tail[1].length);
  else if (head) s = s.slice(head[1].length);
  const ft = FROM_TO.exec(s);
  if (ft) s = ft[1];
  else {
    const from = FROM.exec(s);
    if (from && CHANGE_RE.test(after)) {
      s = from[1];
      role = "previous";
    } else {
      const to = TO.exec(s);
      if (to && to[1].length >= 2) s = to[1];
    }
  }
  const compared = COMPARED.exec(s);
  if (compared) {
    s = compared[1];
    suffix = DIRECTION_NAME[compared[2]];
  } else if (UPPER_BEFORE.test(s)) {
    s = s.replace(UPPER_BEFORE, "");
    suffix = "上限";
  } else if (LOWER_BEFORE.test(s)) {
    s = s.replace(LOWER_BEFORE, "");
    suffix = "下限";
  } else if (DIRECTION_END.test(s)) {
    const dir = DIRECTION_END.exec(s)?.[1] ?? "";
    s = s.slice(0, -dir.length);
    suffix = DIRECTION_NAME[dir] ?? "";
  }
  if (!suffix && UPPER_AFTER.test(after)) suffix = "上限";
  const grant = GRANT.exec(s);
  if (grant) {
    const who = grant[1].replace(/^对/, "");
    const receiver = who.includes("的") ? who.slice(who.lastIndexOf("的") + 1) : who;
    s = receiver.length >= 2 && receiver.length <= 8 ? `${receiver}${grant[2]}` : grant[2];
  }
  const stripped = strip(s);
  return { subject: clean(stripped), period, suffix, role, bare: stripped.length < 2 };
}

function strip(raw: string): string {
  let s = raw;
  for (let i = 0; i < 3; i++) s = s.replace(LEADING, "").replace(TRAILING, "").replace(PERIOD_END, "");
  return s.replace(/^[，,、：:\s]+|[，,、：:\s]+$/g, "");
}

/** A stripped subject, or "" when it cannot be a name (too long, a figure or a quotation inside). */
function clean(raw: string): string {
  let s = strip(raw);
  if (s.length > 16 && s.includes("的")) s = s.slice(s.lastIndexOf("的") + 1);
  // "严格落实把政务公开纳入绩效考核且分值权重" → "分值权重"
  if (s.length > 16) s = s.slice(Math.max(s.lastIndexOf("且"), s.lastIndexOf("并"), s.lastIndexOf("把"), s.lastIndexOf("将")) + 1);
  // Another figure, a date or a quotation inside is not a name ("5月底前完成…", "公开“七个方面…”").
  if (/[\d“”"「」《》]/.test(s) || s.length > 18) return "";
  return s;
}

/**
 * The subject of a clause that has one: the words before its first predicate. A whole clause
 * ending in 的 is a condition ("情况特殊的，"); the words before a figure may end so ("…标准的1.3倍").
 */
function clauseSubject(clause: string, whole = true): string {
  const plain = withoutBrackets(clause).trim();
  if (plain.length < 2 || CONDITION_START.test(plain) || (whole && CONDITION_END.test(plain))) return "";
  PREDICATE.lastIndex = 0;
  for (let m = PREDICATE.exec(plain); m !== null; m = PREDICATE.exec(plain)) {
    if (m.index < 2) continue;
    const s = clean(plain.slice(0, m.index));
    return s.length >= 2 ? s : "";
  }
  return "";
}

/** The first clause of the sentence before `end` that has a subject. */
function sentenceSubject(text: string, from: number, end: number): string {
  const clauses = splitClauses(text.slice(from, end));
  for (const c of clauses) {
    const s = clauseSubject(c);
    if (s) return s;
  }
  return "";
}

function splitClauses(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === "，" || ch === ",")) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** The noun a counted figure names: "294项改革任务、…" → "改革任务". */
function nounAfter(after: string): string {
  if (OPEN.includes(after[0] ?? "")) return "";
  let s = after;
  const stop = NOUN_AFTER_STOP.exec(s);
  if (stop) s = s.slice(0, stop.index);
  // "137个区（县）政务公开评估指标" keeps its aside; "（30分）" goes
  s = s.replace(/[（(][^（）()]*\d[^（）()]*[）)]/g, "").replace(NOUN_TRAILING, "").trim();
  if (s.length < 2 || NOT_NOUN_START.test(s) || VACUOUS_NOUN.test(s) || /\d/.test(s)) return "";
  return s.slice(0, 16);
}

/** A bracketed name right after the figure: "10620元（城市低保年标准）". */
function annotationAfter(after: string): string {
  if (!OPEN.includes(after[0] ?? "")) return "";
  const close = [...after].findIndex((ch) => CLOSE.includes(ch));
  if (close < 0) return "";
  const inner = after.slice(1, close).trim();
  if (inner.length < 2 || inner.length > 12 || ANNOTATION_NOT_NOUN.test(inner)) return "";
  return inner;
}

function periodAfter(after: string): Period | null {
  const m = PERIOD_AFTER.exec(after);
  return m ? periodOf(m[1]) : null;
}

function periodOf(words: string): Period {
  return words.includes("月") ? "月" : /[天日]/.test(words) ? "日" : "年";
}

function tierOf(item: string): { tier: string; prefix: string } | null {
  const m = TIER.exec(withoutBrackets(item).trim());
  return m ? { tier: `${m[2]}档`, prefix: m[1] } : null;
}

/** The noun phrase before a "…的" that a multiple refers to ("城市低保标准的1.3倍" → "城市低保标准"). */
function multipleBase(pre: string): string {
  const m = /([^，,、（(]*?)的$/.exec(withoutBrackets(pre));
  if (!m) return "";
  let base = m[1];
  const cut = /(?:不低于|不高于|不超过|低于|高于|相当于|按照|按|为|是|达到|每月|每年|当地)/g;
  let last = -1;
  for (let x = cut.exec(base); x !== null; x = cut.exec(base)) last = x.index + x[0].length;
  if (last >= 0) base = base.slice(last);
  return clean(base);
}

function compose(subject: string, period: Period | null, suffix: string): string {
  if (!subject) return "";
  const periodText = period && !/[月年](?:标准|度)/.test(subject) ? `（${period}）` : "";
  return `${subject}${suffix}${periodText}`;
}

export function readFigure(text: string, fact: Fact, facts: Fact[], headingAt: HeadingAt): FigureReading {
  const sr = surroundings(text, fact);
  const inBracket = sr.bracketOpen >= 0;
  // A figure in brackets restates the figure before the bracket: read the host's words.
  const host = inBracket ? hostFact(facts, fact, sr.bracketOpen) : null;
  const preEnd = inBracket ? (host?.start ?? sr.bracketOpen) : fact.start;
  const pre = withoutDates(text, facts, sr.itemStart, preEnd);
  const clausePre = withoutDates(text, facts, sr.clauseStart, preEnd);
  const hostAfter = host ? text.slice(host.end, sr.bracketOpen) : sr.after;
  const own = subjectBefore(inBracket && !host ? clausePre : pre, hostAfter);
  let { subject, period, suffix, role } = own;
  if (inBracket) {
    const inner = text.slice(sr.bracketOpen + 1, fact.start);
    const innerPeriod = PERIOD_END.exec(inner.replace(/\s+/g, ""));
    period = innerPeriod ? periodOf(innerPeriod[1]) : (periodAfter(sr.after) ?? null);
    role = "derived";
  } else {
    period = period ?? periodAfter(sr.after);
  }

  // Tiers: "城市低保：A档885元、B档710元" or "A档：城市885元、农村660元".
  let tier: FigureReading["tier"] = null;
  const itemTier = tierOf(pre);
  const headTier = tierOf(sr.listHead);
  if (itemTier) {
    const series = itemTier.prefix || listHeadSubject(sr.listHead) || sentenceSubject(text, sr.sentenceStart, sr.clauseStart);
    tier = { tier: itemTier.tier, series };
  } else if (headTier && subject) {
    tier = { tier: headTier.tier, series: subject };
  }
  if (tier) {
    const label = `${tier.series}${tier.tier}`;
    return { label, chartLabel: tier.tier, subject: tier.series, period, role: "derived", fromNoun: false, tier };
  }

  if (fact.unit === "倍") {
    const base = multipleBase(inBracket ? text.slice(sr.bracketOpen + 1, fact.start) : pre);
    const who = inBracket ? subjectOrFallback() : clauseSubject(pre, false) || sentenceSubject(text, sr.sentenceStart, sr.clauseStart);
    const label = who && base ? `${who}（${base}的倍数）` : base ? `${base}的倍数` : "";
    return { label, chartLabel: label, subject: who, period: null, role: "derived", fromNoun: false, tier: null };
  }

  const noun = fact.kind === "quantity" || (fact.kind === "money" && sr.after.length <= 6) ? nounAfter(sr.after) : "";

  const beneficiary = beneficiaryBefore(text, sr.sentenceStart, sr.clauseStart);
  if (noun && !inBracket) {
    const label = beneficiary && noun.length <= 6 ? `${beneficiary}${noun}` : noun;
    return { label, chartLabel: label, subject: label, period, role, fromNoun: true, tier: null };
  }
  if (beneficiary && subject && subject.length <= 6) subject = `${beneficiary}${subject}`;

  if (subject && GENERIC_SUBJECT.test(subject)) {
    // "县级重点项目120个、总投资350亿元", "考核最终得分纳入全区综合考核，占比百分之四"
    const previousItem = sr.itemStart > sr.clauseStart ? text.slice(sr.clauseStart, sr.itemStart - 1) : "";
    const owner = previousItem
      ? clean(withoutBrackets(previousItem).replace(/[\d.]+[^\d]*$/, "")) || nounAfter(previousItem.replace(/^[^\d]*[\d.]+[个项家名座所]/, ""))
      : sentenceSubject(text, sr.sentenceStart, sr.clauseStart);
    if (owner && owner.length <= 12) subject = `${owner}${subject}`;
  }
  let classifier = "";
  if (subject.endsWith("的")) {
    classifier = subject.slice(0, -1);
    subject = "";
  }
  const annotation = inBracket ? "" : annotationAfter(sr.after);
  if (!subject && annotation) {
    return { label: annotation, chartLabel: annotation, subject: annotation, period: null, role: "derived", fromNoun: false, tier: null };
  }
  if (classifier) subject = headingAt(fact.start) ?? "";
  if (!subject) subject = subjectOrFallback();
  if (classifier) {
    const label = subject ? `${subject}（${classifier}）` : classifier;
    return { label, chartLabel: classifier, subject: subject || classifier, period, role, fromNoun: false, tier: null };
  }
  const label = compose(subject, period, suffix);
  return { label, chartLabel: subject ? `${subject}${suffix}` : "", subject, period, role, fromNoun: false, tier: null };

  function subjectOrFallback(): string {
    if (subject) return subject;
    // Words of its own that name nothing ("多渠道公开“七个方面…”") are not filled in from elsewhere.
    if (!own.bare) return "";
    const fromSentence = sentenceSubject(text, sr.sentenceStart, sr.clauseStart);
    if (fromSentence) return fromSentence;
    const head = listHeadSubject(sr.listHead);
    if (head) return head;
    const heading = headingAt(fact.start);
    return heading ? clean(heading) : "";
  }
}

/** A list head that names something ("城市低保：A档…"), not one that says what is done ("按…分档确定："). */
function listHeadSubject(head: string): string {
  const plain = withoutBrackets(head).trim();
  if (!plain) return "";
  const s = clauseSubject(plain);
  if (s) return s;
  if (CONDITION_START.test(plain) || CONDITION_END.test(plain) || /确定|如下|为$|是$/.test(plain)) return "";
  return plain.length <= 10 ? clean(plain) : "";
}

/** Who a figure is for, from a preceding "对…的工业企业，" clause: "工业企业". */
function beneficiaryBefore(text: string, sentenceStart: number, clauseStart: number): string {
  if (clauseStart <= sentenceStart) return "";
  const clauses = splitClauses(text.slice(sentenceStart, clauseStart - 1));
  const last = withoutBrackets(clauses.at(-1) ?? "").trim();
  if (!last.startsWith("对")) return "";
  const who = last.includes("的") ? last.slice(last.lastIndexOf("的") + 1) : last.slice(1);
  return who.length >= 2 && who.length <= 8 && !/\d/.test(who) ? who : "";
}

/** The text of [from, to) without the dates and deadlines in it ("年底前新增普惠小微贷款" → "新增…"). */
function withoutDates(text: string, facts: Fact[], from: number, to: number): string {
  let out = "";
  let i = from;
  for (const f of factsIn(facts, from, to)) {
    if (f.kind !== "deadline" && f.kind !== "date" && f.kind !== "duration" && f.kind !== "frequency") continue;
    out += text.slice(i, Math.max(i, f.start));
    i = Math.max(i, f.end);
  }
  return out + text.slice(i, Math.max(i, to));
}

/** The figure just before the bracket a figure sits in ("885元（10620元/年）" → 885元). */
function hostFact(facts: Fact[], fact: Fact, bracketOpen: number): Fact | null {
  const before = facts[firstFactAfter(facts, bracketOpen) - 1];
  return before && before !== fact && bracketOpen - before.end <= 1 ? before : null;
}

/**
 * All figures of the kinds cards and charts use, read together: a subject given per year and
 * per month keeps the monthly figure as its headline (people compare 885 元/月, not 10620 元/年).
 */
export function readFigures(text: string, facts: Fact[], headingAt: HeadingAt): Map<number, FigureReading> {
  const readings = new Map<number, FigureReading>();
  facts.forEach((f, i) => {
    if (f.kind !== "quantity" && f.kind !== "money" && f.kind !== "percent") return;
    if (typeof f.value !== "number") return;
    readings.set(i, readFigure(text, f, facts, headingAt));
  });
  const monthly = new Set<string>();
  for (const r of readings.values()) if (r.period === "月" && r.role !== "previous" && r.subject) monthly.add(r.subject);
  for (const r of readings.values()) {
    if (!r.subject || !monthly.has(r.subject) || r.tier || r.role === "previous") continue;
    if (r.period === "月") r.role = "headline";
    else if (r.period === "年") r.role = "derived";
  }
  return readings;
}

// ---------------------------------------------------------------- dates

const DATE_LEAD = /(?:并要于|要于|并于|应于|须于|并在|要在|应在|须在|力争在|力争|确保在|确保|均于|于|在|自|从|截至|截止|到)$/;

/**
 * What happens at a date: the clause around it without the date ("确保已发行债券资金在9月底前使用
 * 完毕" → "确保已发行债券资金使用完毕"); a clause left with nothing says what the next one does.
 */
export function eventLabel(text: string, fact: Fact, facts: Fact[]): string {
  const { start: sentenceStart, end: sentenceEnd } = sentenceAround(text, fact.start, fact.end);
  const clauses: { start: number; end: number }[] = [];
  let depth = 0;
  let start = sentenceStart;
  for (let i = sentenceStart; i <= sentenceEnd; i++) {
    const ch = text[i];
    if (i < sentenceEnd && OPEN.includes(ch)) depth++;
    else if (i < sentenceEnd && CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    if (i === sentenceEnd || (depth === 0 && (ch === "，" || ch === ","))) {
      clauses.push({ start, end: i });
      start = i + 1;
    }
  }
  const at = clauses.findIndex((c) => fact.start >= c.start && fact.start < c.end);
  const dates = [...factsIn(facts, sentenceStart, sentenceEnd)].filter((f) => (f.kind === "deadline" || f.kind === "date") && f.start >= sentenceStart && f.end <= sentenceEnd);
  const strip = (c: { start: number; end: number }): string => {
    let out = "";
    let i = c.start;
    for (const d of dates) {
      if (d.end <= c.start || d.start >= c.end) continue;
      out = out.replace(DATE_LEAD, "") + text.slice(i, Math.max(i, d.start)).replace(DATE_LEAD, "");
      i = d.end;
      // "7月1日至12月31日", "自2023年7月1日起": the joining words go with the date
      const joined = /^(?:起|前|止|之前|以前|为止|至|到)/.exec(text.slice(i, i + 2));
      if (joined) i += joined[0].length;
    }
    out += text.slice(i, c.end);
    return out.replace(DATE_LEAD, "").replace(/^(?:决定|并|且)/, "").replace(/^[，,、：:\s]+|[，,、：:\s]+$/g, "");
  };
  // A date in brackets after a heading ("（一）对象认定（3月31日前）", "组织实施（4月15日前全面开工）"):
  // what the bracket says, else the heading itself.
  const bracket = enclosingBracket(text, fact, sentenceStart);
  if (bracket) {
    const inside = tidyEvent(strip({ start: bracket.open + 1, end: bracket.close }));
    const before = tidyEvent(strip({ start: sentenceStart, end: bracket.open }));
    const chosen = inside.length >= 2 ? inside : before;
    if (chosen.length >= 2) return cutAtWord(chosen, MAX_EVENT_CHARS);
  }
  let label = at >= 0 ? tidyEvent(strip(clauses[at])) : "";
  const range = dates.find((d) => d !== fact && (d.start === fact.end + 1 || fact.start === d.end + 1) && /[至到]/.test(text[Math.min(d.start, fact.start) + (d.start < fact.start ? d.end - d.start : fact.end - fact.start)] ?? ""));
  if (label.endsWith("有效期")) label = `${label}届满`;
  else if (/^(?:执行|施行|实施)/.test(label)) label = `开始${label}`;
  else if (/(?:本(?:通知|办法|方案|措施|意见|规定|细则|要点))(?:执行|施行|实施)$/.test(label)) label = label.replace(/(执行|施行|实施)$/, "开始$1");
  for (let k = at + 1; label.length < 4 && k < clauses.length; k++) {
    const next = tidyEvent(strip(clauses[k]));
    label = label && !label.startsWith("对") ? `${label}，${next}` : next || label;
    if (/^对/.test(next) && k + 1 < clauses.length) label = `${next}${strip(clauses[k + 1])}`;
  }
  if (label.length < 2) {
    for (let k = at - 1; k >= 0 && label.length < 2; k--) label = tidyEvent(strip(clauses[k]));
  }
  if (range) {
    // "集中缴费期为9月1日至12月31日" → "集中缴费期开始" / "集中缴费期结束"
    const edge = range.start > fact.start ? "开始" : "结束";
    const stem = cutAtWord(label, MAX_EVENT_CHARS - 4);
    label = /(?:期|期间|时段|时间|活动)$/.test(stem) ? `${stem}${edge}` : `${stem}（${edge}）`;
  }
  return cutAtWord(label, MAX_EVENT_CHARS);
}

/** A timeline label is read on a card: at most this many characters. */
const MAX_EVENT_CHARS = 30;

/** Outline markers at the start of a clause ("（二）", "1.", "第七条"). */
const LEADING_MARKER = /^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十百零〇\d]+[条章节])\s*/;

/**
 * An event label as a card shows it: no outline marker, no aside in brackets ("学生家长（监护人）"),
 * no channel ("通过“一卡通”"), no clock time ("10:00"), no "时间为" left by the date it introduced
 * ("受理截止时间为" → "受理截止"), a list head joined to its item ("第一期：开始发放" → "第一期开始发放").
 */
function tidyEvent(raw: string): string {
  let s = raw.replace(LEADING_MARKER, "");
  s = withoutBrackets(s);
  s = s
    .replace(/通过[“"][^”"]{1,12}[”"](?:等方式|方式)?/g, "")
    .replace(/\d{1,2}[:：]\d{2}/g, "")
    .replace(/[：:]\s*/g, "")
    .replace(/(?:的)?(?:时间|日期|期限)?(?:为|是)$/, "")
    .replace(/^[，,、：:\s]+|[，,、：:\s]+$/g, "");
  return s;
}

/** The bracket (within the sentence) a date sits in, or null. */
function enclosingBracket(text: string, fact: Fact, sentenceStart: number): { open: number; close: number } | null {
  let depth = 0;
  let open = -1;
  for (let i = fact.start - 1; i >= sentenceStart; i--) {
    if (CLOSE.includes(text[i])) depth++;
    else if (OPEN.includes(text[i])) {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) return null;
  depth = 0;
  for (let i = fact.end; i < Math.min(text.length, fact.end + 60); i++) {
    if (OPEN.includes(text[i])) depth++;
    else if (CLOSE.includes(text[i])) {
      if (depth === 0) return { open, close: i };
      depth--;
    } else if (SENTENCE_BREAK.includes(text[i])) return null;
  }
  return null;
}

function cutAtWord(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const breakAt = Math.max(cut.lastIndexOf("，"), cut.lastIndexOf("、"), cut.lastIndexOf("和"), cut.lastIndexOf("并"));
  return breakAt >= 8 ? cut.slice(0, breakAt) : `${cut.slice(0, max - 1)}…`;
}
