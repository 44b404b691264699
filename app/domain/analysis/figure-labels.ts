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
  /**
   * The figure's place in a table the text states: the tier or qualifier that tells it from its
   * neighbours ("A档", "小学", "1人户", "初级工") and the series it belongs to ("城市低保",
   * "寄宿生生活补助标准", "城镇低保家庭"); null for a figure standing alone.
   */
  tier: { tier: string; series: string } | null;
  /** what the amount is counted per, besides a person: "亩" (每亩), "户", "月每平方米" … */
  per?: string | null;
  /** for a part of a total ("其中国家设立的9项"): the index of the total's fact */
  partOf?: number;
  /** for a value raised or cut from another ("由2000元调整为2200元"): the index of the old value's fact */
  before?: number;
  /** whose figure it is when a list head says so ("县城规划区"), and what it measures ("月最低工资标准") */
  owner?: string;
  measure?: string;
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
const UPPER_BEFORE = /(?:最高不超过|最高不得超过|不得超过|不超过|不高于|(?<!不)低于|最高|最多|上限为|上限|封顶)$/;
const LOWER_BEFORE = /(?:不得低于|不低于|不少于|(?<!不)高于|至少|最低|下限为)$/;
const UPPER_AFTER = /^(?:以下|以内|及以下)/;
const PERIOD_END = /(每人每月|每户每月|月人均|人均每月|每月|每人每年|每户每年|年人均|人均每年|每年|每人每天|每人每日|每天|每日)$/;
/**
 * A rate: "每人每月", "每生每年", "每月每平方米", "每亩", "每户" — the period it states (月/年/日) and
 * the thing counted per, when that is not a person ("每亩" → 亩, "每户" → 户; 每人/每生 go without saying).
 */
const RATE = /(?:每(?:人|户|生|孩|名|亩|吨|件|平方米|立方米|家|辆|台|床|套|间|例|月|年|天|日))+/g;
const PER_THING = /每(户|亩|吨|件|平方米|立方米|家|辆|台|床|套|间|例)/g;

/** The rate words in `s` removed (anywhere: "特困人员每人每月补贴" → "特困人员补贴"), with what they state. */
function withoutRates(s: string): { text: string; period: Period | null; per: string | null } {
  let period: Period | null = null;
  const per: string[] = [];
  const text = s.replace(RATE, (rate) => {
    if (/每月/.test(rate)) period = "月";
    else if (/每年/.test(rate)) period = "年";
    else if (/每[天日]/.test(rate)) period = "日";
    for (const m of rate.matchAll(PER_THING)) per.push(m[1]);
    return "";
  });
  return { text, period, per: per.length ? per.join("每") : null };
}

/** "每人每天生活费补助50元": the period opens the subject */
const PERIOD_START = new RegExp(`^${PERIOD_END.source.slice(0, -1)}`);
const PERIOD_AFTER = /^[/／](?:人[·.]?)?(月|年|天|日)/;
/** "给予一次性创业补贴": what is granted follows the verb, who receives it stands before. */
const GRANT = /^(.*?)(?:给予|发放|享受|安排)(.{2,})$/;
const LEADING =
  /^(?:但|并|且|其中|同时|另外|此外|对|将|在|于|按照|按|力争|确保|争取|计划|全年|年内|当年|今年|要|应|可|原则上|累计|共计|合计|总计|共|给予|安排|发放|实施|完成|举办|开展|达到|达|超过|提供|投入|筹集|拨付|落实|实现|其(?!他|余)|均|各(?!级|类)|或者|或|以及|并且|目前|当前|现有|本次|此次)+/;
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
const NOT_NOUN_START = /^(?:范围|以上|以下|以内|左右|的|为|至|到|和|或|及|等|每|由|从|在|于|按|用于|提高|降低|增加|减少|增长|下降|确定|发放|不等|多|余|内|以|后|前|起|之|标准)/;
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
      // a clock time ("10:00") is no list head
      else if ((ch === "：" || ch === ":") && colon < 0 && !(/\d/.test(text[i - 1] ?? "") && /\d/.test(text[i + 1] ?? ""))) colon = i;
    }
  }
  const listHead = colon >= 0 ? text.slice(sentenceStart, colon) : "";
  const floor = colon >= 0 ? colon + 1 : sentenceStart;
  clauseStart = Math.max(clauseStart < 0 ? floor : clauseStart, floor);
  itemStart = Math.max(itemStart < 0 ? clauseStart : itemStart, clauseStart);
  // A 、 between the names of those a figure is for ("农村低保户、分散供养特困人员每户补助4万元")
  // is no list of figures: the item is the whole clause.
  if (itemStart > clauseStart && !/\d/.test(text.slice(clauseStart, itemStart))) itemStart = clauseStart;
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
type Subject = { subject: string; period: Period | null; per: string | null; suffix: string; role: FigureRole; bare: boolean };

/** The subject in the words before a figure ("城市低保标准由每人每月850元提高到每人每月"). */
function subjectBefore(pre: string, after: string): Subject {
  let s = withoutBrackets(pre).replace(/\s+/g, "");
  let role: FigureRole = "headline";
  let suffix = "";
  // "由每人每月850元提高到每人每月885元": the period is the one written right before the figure.
  const tail = PERIOD_END.exec(s);
  const head = tail ? null : PERIOD_START.exec(s);
  let period = tail ? periodOf(tail[1]) : head ? periodOf(head[1]) : null;
  if (tail) s = s.slice(0, -tail[1].length);
  else if (head) s = s.slice(head[1].length);
  // a rate inside the words ("特困人员每人每月补贴", "补贴标准为每亩", "城镇低保家庭每月每平方米")
  const rates = withoutRates(s);
  s = rates.text;
  period = period ?? rates.period;
  const per = rates.per;
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
    role = "derived"; // an increase states the change, the standard is the headline
  } else if (UPPER_BEFORE.test(s) || LOWER_BEFORE.test(s)) {
    const bound = UPPER_BEFORE.test(s) ? "上限" : "下限";
    s = s.replace(bound === "上限" ? UPPER_BEFORE : LOWER_BEFORE, "");
    // "限额提高不低于1000元": the bound is on the change
    const found = DIRECTION_END.exec(s)?.[1];
    const dir = found && s.length > found.length + 1 ? found : null;
    if (dir) {
      s = s.slice(0, -dir.length);
      role = "derived";
    }
    suffix = `${dir ? DIRECTION_NAME[dir] : ""}${bound}`;
  } else if (DIRECTION_END.test(s)) {
    const dir = DIRECTION_END.exec(s)?.[1] ?? "";
    s = s.slice(0, -dir.length);
    suffix = DIRECTION_NAME[dir] ?? "";
    if (/^较/.test(s)) role = "derived"; // "较原标准分别提高250元"
  }
  if (!suffix && UPPER_AFTER.test(after)) suffix = "上限";
  const grant = GRANT.exec(s);
  // "享受高龄津贴的老年人" names people by what they receive: no grant to read
  // ("预计发放资金": 预计 says when, it receives nothing)
  if (grant && !grant[2].includes("的") && !/^(?:预计|计划|拟|共|累计|全年|年内|本次|此次|力争|另)$/.test(grant[1])) {
    // "本次活动由区财政安排资金": the words before 由 own what is granted, the agent after it does not
    const who = grant[1].replace(/^对/, "").replace(/由.*$/, "");
    const receiver = who.includes("的") ? who.slice(who.lastIndexOf("的") + 1) : who;
    s = receiver.length >= 2 && receiver.length <= 8 ? `${receiver}${grant[2]}` : grant[2];
  }
  const stripped = strip(s);
  return { subject: clean(stripped), period, per, suffix, role, bare: stripped.length < 2 };
}

function strip(raw: string): string {
  let s = raw;
  for (let i = 0; i < 3; i++) s = s.replace(LEADING, "").replace(TRAILING, "").replace(PERIOD_END, "");
  return s.replace(/^[，,、：:\s]+|[，,、：:\s]+$/g, "");
}

/** When and whose a figure is says nothing about what it measures ("2025年度居民医保…", "我县2024年…"). */
const TIME_QUALIFIER = /(?:\d{4}[—－-]\d{4}年|\d{4}年度?)(?:(?:春季|秋季)学期|上半年|下半年)?|(?:春季|秋季)学期/;
const OWN_PLACE = /^(?:我县|我区|我市|我镇|我乡|本县|本区|本市)/;
/** Numbers that qualify a name, not figures inside it: ages, household sizes, levels. */
const QUALIFYING_NUMBER = /\d+(?:至\d+)?(?:周岁|岁)(?:及以上|以上|以下)?|\d+人(?:及以上)?户|[A-Z]级/g;

/** A stripped subject, or "" when it cannot be a name (too long, a figure or a quotation inside). */
function clean(raw: string): string {
  let s = strip(raw).replace(OWN_PLACE, "");
  // "2025年度居民医保…", "全县2024年…": only a leading time says when (inside, "春季、秋季学期各按…" is no name either way)
  s = strip(s.replace(new RegExp(`^(全县|全区|全市)?(?:${TIME_QUALIFIER.source})`), "$1"));
  if (s.length > 16 && s.includes("的")) s = s.slice(s.lastIndexOf("的") + 1);
  // "严格落实把政务公开纳入绩效考核且分值权重" → "分值权重"
  if (s.length > 16) s = s.slice(Math.max(s.lastIndexOf("且"), s.lastIndexOf("并"), s.lastIndexOf("把"), s.lastIndexOf("将")) + 1);
  // Another figure, a date or a quotation inside is not a name ("5月底前完成…", "公开“七个方面…”").
  if (/[\d“”"「」《》]/.test(s.replace(QUALIFYING_NUMBER, "")) || s.length > 20) return "";
  return s;
}

/**
 * The subject of a clause that has one: the words before its first predicate. A whole clause
 * ending in 的 is a condition ("情况特殊的，"); the words before a figure may end so ("…标准的1.3倍").
 */
function clauseSubject(clause: string, whole = true): string {
  const plain = withoutBrackets(clause).trim().replace(LEADING_MARKER, "");
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

function compose(subject: string, period: Period | null, suffix: string, per: string | null = null): string {
  if (!subject) return "";
  const ownPeriod = period && !/[月年](?:标准|度)/.test(subject) ? period : null;
  // "（月）" as before; with a thing counted per: "（每亩）", "（每月每平方米）"
  const rate = per ? `（${ownPeriod ? `每${ownPeriod}` : ""}每${per}）` : ownPeriod ? `（${ownPeriod}）` : "";
  return `${subject}${suffix}${rate}`;
}

/** A qualifier that ranks within a group and follows it ("城市低保对象B档", "城镇低保家庭1人户"). */
const RANK_QUALIFIER = /(?:档|级|类|户)$/;
/** The measure a subject ends with, when what precedes it names who it is for ("农村低保对象补贴标准"). */
const MEASURE_END = /(?:补贴标准|补助标准|救助标准|资助标准|保障标准|标准|补贴|补助|资助|津贴|奖励|单价|金额)$/;
const TIER_TAIL = /((?:第)?(?:[A-Z]|[一二三四五六七八九十]{1,2})档)$/;

type Enumeration = { qualifier: string; head: string; period: Period | null; per: string | null };

/** Whether two neighbouring figures of a list are separated as list items ("、", "和", "及"), in one clause. */
function listSeparated(between: string): boolean {
  const plain = withoutBrackets(between);
  return /[、和及]/.test(plain) && !/[，,。；;：:\n]/.test(plain) && plain.length <= 16;
}

/**
 * Clauses that are nothing but a qualifier, a rate and a figure also make a list
 * ("1人户15平方米，2人户30平方米", "住宅类每件80元，非住宅类每件550元") — not clauses that say
 * something ("国办通报扣30分").
 */
function clauseSeparated(between: string): boolean {
  const plain = withoutBrackets(between);
  if (!/^[，,]/.test(plain)) return false;
  const item = withoutRates(plain.slice(1)).text;
  return item.length >= 1 && item.length <= 10 && !/[，,。；;：:\n、]/.test(item) && !SAYS_SOMETHING.test(item);
}

/** Words that make a clause a statement rather than a qualifier. */
const SAYS_SOMETHING = /扣|奖励|罚|按|由|为|是|给予|达到|不低于|不超过|超过|提高|降低|增加|减少|下降|增长|较|分别|其中|可|应|须|要/;

/**
 * The runs of list-separated figures with one unit, found in one pass ("B档120元、C档80元、D档40元"
 * is one run): `first[i]`/`last[i]` bound the run of figure i; each run is read once (`cache`).
 * A text without sentence breaks can make one run of thousands of figures: still linear.
 */
export type ListIndex = { first: Int32Array; last: Int32Array; cache: Map<number, (Enumeration | null)[]> };

function listIndex(text: string, facts: Fact[]): ListIndex {
  const n = facts.length;
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  const separated = (between: string) => listSeparated(between) || clauseSeparated(between);
  for (let i = 0; i < n; i++) {
    const f = facts[i];
    const p = facts[i - 1];
    const joins = i > 0 && p.kind === f.kind && p.unit === f.unit && typeof p.value === "number" && typeof f.value === "number" && f.start - p.end <= 40 && separated(text.slice(p.end, f.start));
    first[i] = joins ? first[i - 1] : i;
  }
  for (let i = n - 1; i >= 0; i--) last[i] = i + 1 < n && first[i + 1] === first[i] ? last[i + 1] : i;
  return { first, last, cache: new Map() };
}

function enumerationOf(text: string, at: number, facts: Fact[], lists: ListIndex): Enumeration | null {
  const first = lists.first[at];
  const last = lists.last[at];
  if (last === first) return null;
  let read = lists.cache.get(first);
  if (!read) {
    read = readEnumeration(text, first, last, facts);
    lists.cache.set(first, read);
  }
  return read[at - first] ?? null;
}

/**
 * A list of figures with one unit, each after its own qualifier:
 * "补贴标准为每人每月B档120元、C档80元、D档40元", "标准为小学每生每年1250元、初中每生每年1500元".
 * The qualifier of every item but the first is the item's own words (rates removed); the first
 * item's is what follows the clause's "为/是/：", else has the shape of the others (a tier, a leading
 * number, their length). What stands before it is the head ("补贴标准", "农村低保对象补贴标准").
 */
function readEnumeration(text: string, first: number, last: number, facts: Fact[]): (Enumeration | null)[] {
  const none = new Array<Enumeration | null>(last - first + 1).fill(null);
  const qualifiers: string[] = [];
  let period: Period | null = null;
  let per: string | null = null;
  for (let j = first + 1; j <= last; j++) {
    const between = withoutBrackets(withoutDates(text, facts, facts[j - 1].end, facts[j].start));
    const item = between.replace(/^.*?[、和及，,]/, "");
    const r = withoutRates(item);
    period = period ?? r.period;
    per = per ?? r.per;
    const q = r.text.replace(/^(?:即|和|及|为|是)/, "").trim();
    if (q.length < 1 || q.length > 10 || /[，,]/.test(q) || /\d/.test(q.replace(QUALIFYING_NUMBER, ""))) return none;
    qualifiers.push(q);
  }
  const sr = surroundings(text, facts[first]);
  const r0 = withoutRates(withoutBrackets(withoutDates(text, facts, sr.clauseStart, facts[first].start)).replace(/\s+/g, ""));
  period = r0.period ?? period;
  per = r0.per ?? per;
  const t0 = r0.text.replace(LEADING, "");
  let split = -1;
  const tierTail = TIER_TAIL.exec(t0);
  if (tierTail) split = t0.length - tierTail[1].length;
  else {
    const boundary = Math.max(t0.lastIndexOf("为"), t0.lastIndexOf("是"), t0.lastIndexOf("："), t0.lastIndexOf(":"));
    if (boundary >= 0 && t0.length - boundary - 1 >= 1 && t0.length - boundary - 1 <= 8) split = boundary + 1;
    else if (/^\d/.test(qualifiers[0])) split = t0.search(/\d/);
    else if (t0.length <= 10) split = 0;
    else {
      // the first item has the others' length, cut where a word may start ("…标准按…，即小学")
      const at = t0.length - qualifiers[0].length;
      split = at > 0 && WORD_START_AFTER.test(t0[at - 1]) ? at : -1;
    }
  }
  if (split < 0) return none;
  const q0 = t0.slice(split).replace(/^(?:即|为|是)/, "");
  if (!q0) return none;
  const head = strip(t0.slice(0, split).replace(/^即/, ""));
  return [q0, ...qualifiers].map((q) => ({ qualifier: q.replace(/^即/, "").replace(/的$/, ""), head, period, per }));
}

/** Characters after which a qualifier may start: punctuation or a function word. */
const WORD_START_AFTER = /[^\u4e00-\u9fff]|[的为是即按对在及和与、]/;

/** A long subject cut to where the heading's words start ("家庭经济困难寄宿生生活补助标准" under "寄宿生生活补助"). */
function underHeading(subject: string, heading: string | null): string {
  if (!heading || subject.length <= 10) return subject;
  const h = heading.replace(/[。：:]$/, "");
  const at = h.length >= 2 ? subject.indexOf(h) : -1;
  return at > 0 ? subject.slice(at) : subject;
}

export function readFigure(text: string, fact: Fact, facts: Fact[], headingAt: HeadingAt, lists?: ListIndex): FigureReading {
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

  // Lists of qualified figures: "城市低保：A档885元、B档710元", "补贴标准为每人每月B档120元、C档80元",
  // "标准为小学每生每年1250元、初中每生每年1500元"; or a tier in the list head ("A档：城市885元、农村660元").
  const index = lists ? partitionPoint(facts.length, (i) => facts[i].start < fact.start) : facts.indexOf(fact);
  const list = inBracket || index < 0 ? null : enumerationOf(text, index, facts, lists ?? listIndex(text, facts));
  if (list) {
    const heading = headingAt(fact.start);
    // no head of its own ("…按寄宿生标准的50%确定，即小学…"): the sentence's subject
    const ownHead = clean(list.head) || list.head || sentenceSubject(text, sr.sentenceStart, sr.clauseStart) || listHeadSubject(sr.listHead);
    let head = underHeading(ownHead, heading);
    let who = "";
    let measure = "";
    if (RANK_QUALIFIER.test(list.qualifier)) {
      // who the tiers are for: the head's own words before its measure, else the list head or the sentence's subject
      const m = MEASURE_END.exec(head);
      if (m && head.length - m[0].length >= 2) {
        who = head.slice(0, -m[0].length);
        measure = m[0];
      } else {
        measure = head;
        who = listHeadSubject(sr.listHead) || sentenceSubject(text, sr.sentenceStart, sr.clauseStart);
      }
      who = who.replace(MEASURE_END, "") || who;
      head = `${who}${list.qualifier}${measure}`;
    } else head = `${list.qualifier}${head}`;
    const series = who || underHeading(ownHead, heading);
    const p = list.period ?? period;
    return { label: compose(head, p, "", list.per), chartLabel: list.qualifier, subject: series, period: p, role: "derived", fromNoun: false, tier: { tier: list.qualifier, series }, per: list.per };
  }
  const headTier = tierOf(sr.listHead);
  if (headTier && subject) {
    const tier = { tier: headTier.tier, series: subject };
    return { label: `${tier.series}${tier.tier}`, chartLabel: tier.tier, subject: tier.series, period, role: "derived", fromNoun: false, tier };
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
  else if (!beneficiary && subject) {
    // "对实施秸秆机械化粉碎还田的，每亩补助25元", "拆除重建的，农村低保户…每户补助4万元":
    // the condition names what the amount is for
    const condition = conditionBefore(text, sr.sentenceStart, sr.clauseStart);
    if (condition && condition.length + subject.length <= 20) subject = `${condition}${subject}`;
  }
  subject = underHeading(subject, headingAt(fact.start));

  if (subject && GENERIC_SUBJECT.test(subject)) {
    // "县级重点项目120个、总投资350亿元", "考核最终得分纳入全区综合考核，占比百分之四"
    const previousItem = sr.itemStart > sr.clauseStart ? text.slice(sr.clauseStart, sr.itemStart - 1) : "";
    const owner = previousItem
      ? clean(withoutBrackets(previousItem).replace(/[\d.]+[^\d]*$/, "")) || nounAfter(previousItem.replace(/^[^\d]*[\d.]+[个项家名座所]/, ""))
      : sentenceSubject(text, sr.sentenceStart, sr.clauseStart);
    if (owner && owner.length <= 12) subject = `${owner}${subject}`;

  }
  // "城镇低收入家庭每月每平方米14元" under "补贴单价按家庭类别分档确定：": who, then the measure the list head names
  const headMeasure = sr.listHead ? clauseSubject(withoutBrackets(sr.listHead).trim().replace(LEADING_MARKER, "")) : "";
  if (subject && headMeasure && MEASURE_END.test(headMeasure) && !MEASURE_END.test(subject) && subject.length + headMeasure.length <= 16) subject = `${subject}${headMeasure}`;
  // "县城规划区（一类区域）：月最低工资标准由…调整为2200元": the list head says whose standard it is
  const whose = listHeadOwner(sr.listHead);
  let owner: string | undefined;
  let measure: string | undefined;
  if (subject.length >= 2 && whose && !subject.includes(whose) && !whose.includes(subject) && whose.length + subject.length <= 18) {
    owner = whose;
    measure = subject;
    subject = `${whose}${subject}`;
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
  const label = compose(subject, period, suffix, own.per);
  return { label, chartLabel: subject ? `${subject}${suffix}` : "", subject, period, role, fromNoun: false, tier: null, per: own.per, owner, measure };

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

/** A list head that is only a name ("县城规划区（一类区域）", "第一期"), or "". */
function listHeadOwner(head: string): string {
  const plain = withoutBrackets(head).trim().replace(LEADING_MARKER, "");
  if (plain.length < 2 || plain.length > 10 || SAYS_SOMETHING.test(plain) || /[，,、\d]|如下$/.test(plain)) return "";
  return plain;
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

/** The clause of the sentence just before the figure's clause, without brackets or outline marker. */
function clauseBefore(text: string, sentenceStart: number, clauseStart: number): string {
  if (clauseStart <= sentenceStart) return "";
  const clauses = splitClauses(text.slice(sentenceStart, clauseStart - 1));
  return withoutBrackets(clauses.at(-1) ?? "")
    .trim()
    .replace(LEADING_MARKER, "");
}

/** Who a figure is for, from a preceding "对…的工业企业，" clause: "工业企业". */
function beneficiaryBefore(text: string, sentenceStart: number, clauseStart: number): string {
  const last = clauseBefore(text, sentenceStart, clauseStart);
  if (!last.startsWith("对")) return "";
  // "对低保对象、返贫致贫人口给予定额资助，": who stands before what is granted
  const granted = /^对(.+?)(?:给予|实行|按)/.exec(last);
  const who = granted ? granted[1] : last.includes("的") ? last.slice(last.lastIndexOf("的") + 1) : last.slice(1);
  return who.length >= 2 && who.length <= 12 && !/\d/.test(who) ? who : "";
}

/** What a "对…的，" or "…的，" clause before the figure's clause makes a condition of ("实施秸秆机械化粉碎还田"). */
function conditionBefore(text: string, sentenceStart: number, clauseStart: number): string {
  const last = clauseBefore(text, sentenceStart, clauseStart);
  if (!last.endsWith("的")) return "";
  const what = last
    .slice(0, -1)
    .replace(/^(?:对于|对|凡|属于)/, "")
    .replace(/^(?:实施|开展|进行|组织|首次)/, "");
  return what.length >= 2 && what.length <= 10 && !/[\d的]/.test(what) ? what : "";
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
  const lists = listIndex(text, facts);
  facts.forEach((f, i) => {
    if (f.kind !== "quantity" && f.kind !== "money" && f.kind !== "percent") return;
    if (typeof f.value !== "number") return;
    readings.set(i, readFigure(text, f, facts, headingAt, lists));
  });
  readRespectively(text, facts, readings);
  // A table of tiers is the standard itself unless the text states a standard for its series on
  // its own ("城市低保标准…885元" over "城市低保：A档885元…"): then its first tier (of a ranked set:
  // B档, 1人户) or every cell (小学/初中) is a headline.
  const standalone = [...readings.values()].filter((r) => !r.tier && r.role === "headline" && r.subject).map((r) => r.subject);
  const firstTier = new Set<string>();
  for (const [i, r] of readings) {
    if (!r.tier || r.partOf !== undefined) continue;
    const series = r.tier.series;
    // the series' own standard ("城市低保标准" for "城市低保" tiers) states the headline
    if (series && standalone.some((s) => s.startsWith(series))) continue;
    if (restates(text, facts[i].start)) continue;
    if (RANK_QUALIFIER.test(r.tier.tier)) {
      if (firstTier.has(series)) continue;
      firstTier.add(series);
    }
    r.role = "headline";
  }
  readBreakdowns(text, facts, readings);
  linkChanges(text, facts, readings);
  for (const r of readings.values()) r.label = fitCard(r.label);
  const monthly = new Set<string>();
  for (const r of readings.values()) if (r.period === "月" && r.role !== "previous" && r.subject) monthly.add(r.subject);
  for (const r of readings.values()) {
    if (!r.subject || !monthly.has(r.subject) || r.tier || r.role === "previous") continue;
    if (r.period === "月") r.role = "headline";
    else if (r.period === "年") r.role = "derived";
  }
  return readings;
}

/** A card holds this many characters of label. */
const CARD_LABEL_MAX = 24;

/** A label too long for a card names the first of the groups it lists: "农村低保边缘家庭、防止返贫监测对象补助" → "农村低保边缘家庭等补助". */
function fitCard(label: string): string {
  if (label.length <= CARD_LABEL_MAX) return label;
  const shorter = label.replace(/、[^、（）()]+?(?=补助|补贴|资助|奖励|标准|（|$)/, "等").replace(/、[^（）()]*等/, "等");
  return shorter.length < label.length ? shorter : label;
}

/** Whether the sentence (to 。) holding an offset works figures out from others ("按上述标准，…分别为"). */
function restates(text: string, offset: number): boolean {
  let start = offset;
  const floor = Math.max(0, offset - WINDOW);
  while (start > floor && text[start - 1] !== "。" && text[start - 1] !== "\n") start--;
  return /^(?:按上述标准|按此标准|按照上述标准|据此|经测算)/.test(text.slice(start, offset).replace(LEADING_MARKER, ""));
}

// ---------------------------------------------------------------- 分别 and 其中

type RespectiveList = { qualifiers: string[]; measure: string; period: Period | null; per: string | null };

/** The start of the sentence part (after 。；\n) holding an offset. */
function partStart(text: string, offset: number): number {
  let i = offset;
  const floor = Math.max(0, offset - WINDOW);
  while (i > floor && !"。；;\n".includes(text[i - 1])) i--;
  return i;
}

/** A run of figures with one unit right after `from`, separated as list items. */
function figureRun(text: string, facts: Fact[], readings: Map<number, FigureReading>, from: number): number[] {
  const k = firstFactAfter(facts, from);
  const f0 = facts[k];
  if (!f0 || !readings.has(k) || f0.start - from > 10 || /[，,。；;\n]/.test(text.slice(from, f0.start))) return [];
  const run = [k];
  while (run.length < 12) {
    const j = run[run.length - 1] + 1;
    const f = facts[j];
    if (!f || !readings.has(j) || f.unit !== f0.unit || !listSeparated(text.slice(facts[j - 1].end, f.start))) break;
    run.push(j);
  }
  return run;
}

/** The items of a 、-list clause, trimmed to the shape of its middle items. */
function listItems(clause: string): { items: string[]; prefix: string; rest: string } | null {
  const raw = withoutBrackets(clause).split("、");
  if (raw.length < 2) return null;
  const middle = raw.slice(1, -1);
  const ref = middle[0] ?? "";
  let last = raw[raw.length - 1];
  let rest = "";
  if (ref) {
    // "3人及以上户每月补贴" → "3人及以上户": up to the last character the middle items end with
    const end = last.indexOf(ref[ref.length - 1]);
    if (end >= 0) {
      rest = last.slice(end + 1);
      last = last.slice(0, end + 1);
    }
  }
  let first = raw[0];
  let prefix = "";
  const digit = ref && /^\d/.test(ref) ? first.search(/\d/) : -1;
  const boundary = Math.max(first.lastIndexOf("的"), first.lastIndexOf("为"), first.lastIndexOf("是"), first.lastIndexOf("取得"), first.lastIndexOf("对"), first.lastIndexOf("："));
  if (digit > 0) {
    prefix = first.slice(0, digit);
    first = first.slice(digit);
  } else if (boundary >= 0) {
    // the words before the boundary ("新引进的全职博士研究生" → 新引进; "取得初级工" → nothing)
    const cut = boundary + (first.startsWith("取得", boundary) ? 2 : 1);
    prefix = first.slice(0, boundary);
    first = first.slice(cut);
  }
  const items = [first, ...middle, last].map((x) => x.trim());
  if (items.some((x) => x.length < 1 || x.length > 12 || /[，,]/.test(x))) return null;
  return { items, prefix: strip(prefix.replace(/(?:的|为|是|：)$/, "")), rest };
}

/**
 * "取得初级工、中级工、高级工职业资格证书的，分别按每人1000元、1500元、2000元给予职业培训补贴",
 * "城镇低保家庭1人户、2人户、3人及以上户每月补贴分别为300元、600元、900元；城镇低收入家庭分别为
 * 210元…": each figure after 分别 goes with the item in the same position of the list before it.
 * A 分别 without a list of its own repeats the last list of the paragraph (with its own who, the
 * words before 分别), or — after a condition ("修缮加固的，分别每户补助1.5万元、1万元") — the groups
 * the figures of the previous condition were for.
 */
function readRespectively(text: string, facts: Fact[], readings: Map<number, FigureReading>): void {
  let previous: { paragraph: number; list: RespectiveList } | null = null;
  for (const m of text.matchAll(/分别/g)) {
    const at = m.index ?? 0;
    const run = figureRun(text, facts, readings, at + 2);
    if (run.length < 2) continue;
    const start = partStart(text, at);
    const paragraph = text.lastIndexOf("\n", at) + 1;
    const clauses = splitClauses(text.slice(start, at));
    const lastFact = facts[run[run.length - 1]];
    const granted = /^(?:给予|发放|享受)?([^，。；、\d]{2,10}?)(?=[，。；]|$)/.exec(text.slice(lastFact.end, lastFact.end + 14));
    let list: RespectiveList | null = null;
    let who = "";
    for (let c = clauses.length - 1; c >= 0 && !list; c--) {
      const items = listItems(clauses[c]);
      if (!items || items.items.length !== run.length) continue;
      const r = withoutRates(items.rest);
      // "取得…证书的，分别…给予职业培训补贴": a condition's words are no measure; what is granted is
      const isCondition = /的$/.test(withoutBrackets(clauses[c]).trim());
      // "我区对二孩、三孩分别每年增发1000元、2000元": what is granted stands between 分别 and the figures
      const between = withoutRates(text.slice(at + 2, facts[run[0]].start));
      const measure = (isCondition ? "" : strip(r.text)) || strip(granted?.[1] ?? "") || strip(between.text.replace(/^(?:为|是|按)/, ""));
      list = { qualifiers: items.items, measure, period: r.period ?? between.period, per: r.per ?? between.per };
      // the county speaking of itself ("我区对…") names no one
      who = items.prefix.replace(/^(?:我|本)(?:省|市|区|县|镇|乡)(?:对|向)?/, "").replace(/^(?:对|向)/, "");
    }
    const before = strip(withoutRates(withoutBrackets(clauses.at(-1) ?? "")).text);
    // a condition of its own ("修缮加固的，分别…"), not the list's clause ("取得…证书的，分别…")
    const condition = !list && /的$/.test(before) ? before.slice(0, -1).replace(/^(?:对于|对|凡)/, "") : "";
    if (!list && !condition && previous && previous.paragraph === paragraph && previous.list.qualifiers.length === run.length) {
      // "；城镇低收入家庭分别为210元、420元、630元": the same list, for another who
      list = previous.list;
      who = before;
    }
    if (!list && condition) {
      // "拆除重建的，A每户补助4万元，B每户补助3万元；修缮加固的，分别每户补助1.5万元、1万元"
      const earlier = conditionRow(text, facts, readings, start, facts[run[0]].unit, run.length);
      if (earlier) {
        const r = withoutRates(text.slice(at + 2, facts[run[0]].start));
        list = { qualifiers: earlier.groups, measure: strip(r.text) || earlier.measure, period: r.period, per: r.per };
        earlier.indexes.forEach((i, j) => {
          const reading = readings.get(i);
          if (!reading) return;
          reading.tier = { tier: earlier.condition, series: earlier.groups[j] };
          reading.chartLabel = earlier.condition;
          reading.subject = earlier.groups[j];
          reading.label = compose(`${earlier.condition}${earlier.groups[j]}${earlier.measure}`, reading.period, "", reading.per ?? null);
        });
      }
    }
    if (!list) continue;
    const found: RespectiveList = list;
    if (!condition) previous = { paragraph, list: found };
    run.forEach((i, j) => {
      const r = readings.get(i);
      if (!r) return;
      const qualifier = found.qualifiers[j];
      const period = found.period ?? r.period;
      const per = found.per ?? r.per ?? null;
      if (condition && !who) {
        // one row (the condition) of a condition × group table
        r.label = compose(`${condition}${qualifier}${found.measure}`, period, "", per);
        r.tier = { tier: condition, series: qualifier };
        r.chartLabel = condition;
      } else {
        // "城市低保对象B档…", "城镇低保家庭1人户补贴"; "初级工职业培训补贴"
        const name = who ? `${who}${qualifier}${found.measure}` : `${qualifier}${found.measure}`;
        r.label = compose(name, period, "", per);
        r.tier = { tier: qualifier, series: who || found.measure };
        r.chartLabel = qualifier;
      }
      r.subject = r.tier.series;
      r.period = period;
      r.per = per;
      r.role = "derived";
      r.fromNoun = false;
    });
  }
}

/** "月最低工资标准由2000元调整为2200元": the new value remembers the old one (for a 调整前后 chart). */
function linkChanges(text: string, facts: Fact[], readings: Map<number, FigureReading>): void {
  for (const [p, r] of readings) {
    if (r.role !== "previous") continue;
    const n = p + 1;
    const next = readings.get(n);
    if (!next || facts[n].unit !== facts[p].unit || next.role === "previous") continue;
    const between = text.slice(facts[p].end, facts[n].start);
    if (between.length <= 12 && CHANGE_RE.test(between) && !/[，,。；;\n]/.test(between)) next.before = p;
  }
}

/**
 * "我县现行涉企行政事业性收费共12项，其中国家设立的9项、省设立的3项": figures after 其中 are parts
 * of the figure before it — derived (the total is the headline), and kept apart from it in charts.
 */
function readBreakdowns(text: string, facts: Fact[], readings: Map<number, FigureReading>): void {
  for (const m of text.matchAll(/其中/g)) {
    const at = m.index ?? 0;
    const from = partStart(text, at);
    const k = firstFactAfter(facts, at);
    const f0 = facts[k];
    if (!f0 || !readings.has(k) || /[，,。；;\n]/.test(text.slice(at, f0.start))) continue;
    let whole = -1;
    for (let j = k - 1; j >= 0 && facts[j].start >= from; j--) {
      if (facts[j].unit === f0.unit && readings.has(j)) {
        whole = j;
        break;
      }
    }
    if (whole < 0) continue;
    for (let j = k; j < facts.length && facts[j].unit === f0.unit && readings.has(j); j++) {
      if (j > k && !listSeparated(text.slice(facts[j - 1].end, facts[j].start))) break;
      const r = readings.get(j);
      if (!r) continue;
      r.role = "derived";
      r.partOf = whole;
    }
  }
}

/**
 * The sentence part before `start` when it opens with a condition ("拆除重建的，") and states `size`
 * figures of `unit`, each for a group named in its own clause: the condition, the groups, the measure.
 */
function conditionRow(
  text: string,
  facts: Fact[],
  readings: Map<number, FigureReading>,
  start: number,
  unit: string,
  size: number,
): { condition: string; groups: string[]; measure: string; indexes: number[] } | null {
  if (start < 2) return null;
  const from = partStart(text, start - 1);
  const clauses = splitClauses(text.slice(from, start - 1));
  const first = strip(withoutBrackets(clauses[0] ?? ""));
  if (!first.endsWith("的")) return null;
  const indexes: number[] = [];
  for (let i = firstFactAfter(facts, from); i < facts.length && facts[i].start < start - 1; i++) {
    if (facts[i].unit === unit && readings.has(i)) indexes.push(i);
  }
  if (indexes.length !== size) return null;
  let measure = "";
  const groups = indexes.map((i) => {
    const f = facts[i];
    let k = f.start;
    while (k > from && !"，,".includes(text[k - 1])) k--;
    const words = strip(withoutRates(withoutBrackets(text.slice(k, f.start))).text);
    const m = MEASURE_END.exec(words);
    if (m) measure = measure || m[0];
    return m ? words.slice(0, -m[0].length) : words;
  });
  if (groups.some((g) => g.length < 2 || g.length > 20)) return null;
  return { condition: first.slice(0, -1).replace(/^(?:对于|对|凡)/, ""), groups, measure: measure || "补助", indexes };
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
  // "活动自5月1日开始，至10月7日结束": a bare edge takes the subject the sentence started with
  if (BARE_EDGE.test(label)) {
    for (let k = at - 1; k >= 0; k--) {
      const earlier = tidyEvent(strip(clauses[k]));
      const subject = earlier.replace(EDGE_END, "");
      if (subject !== earlier && subject.length >= 2) {
        label = `${subject}${label}`;
        break;
      }
    }
  }
  if (label.startsWith("对")) label = grantLabel(label) ?? label;
  if (range) {
    // "集中缴费期为9月1日至12月31日" → "集中缴费期开始" / "集中缴费期结束"
    const edge = range.start > fact.start ? "开始" : "结束";
    const stem = cutAtWord(label, MAX_EVENT_CHARS - 4);
    label = /(?:期|期间|时段|时间|活动)$/.test(stem) ? `${stem}${edge}` : `${stem}（${edge}）`;
  }
  return cutAtWord(label, MAX_EVENT_CHARS);
}

const BARE_EDGE = /^(?:开始|结束|截止|届满|终止)$/;
const EDGE_END = /(?:开始|启动|结束|截止)$/;

/**
 * What a "对…的…，按…给予…N元补贴" clause grants, named by what earns it: "对在县内购买新能源汽车的
 * 个人消费者按车价给予最高3000元补贴" → "购买新能源汽车补贴" (a card has no room for the whole rule).
 */
function grantLabel(label: string): string | null {
  const m = /^对(.{2,20}?)的[^，,]{0,12}?[，,]?[^，,]*?给予[^，,。]*?\d[\d.]*(?:万|亿)?元的?([\u4e00-\u9fa5]{0,6}?(?:补贴|奖励|补助|资助|奖补))$/.exec(label);
  if (!m) return null;
  const action = m[1].replace(/^在[\u4e00-\u9fa5]{1,6}?(?:范围)?内/, "");
  return action.length >= 2 ? `${action}${m[2]}` : null;
}

/** A timeline label is read on a card: at most this many characters. */
const MAX_EVENT_CHARS = 30;

/** Outline markers at the start of a clause ("（二）", "1.", "第七条"). */
const LEADING_MARKER = /^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d)|第[一二三四五六七八九十百零〇\d]+[条章节])\s*/;

/**
 * An event label as a card shows it: no outline marker, no aside in brackets ("学生家长（监护人）"),
 * no channel ("通过“一卡通”", "通过“秀水商务”微信公众号"), no clock time ("10:00"), no "时间为" left by the date it introduced
 * ("受理截止时间为" → "受理截止"), a list head joined to its item ("第一期：开始发放" → "第一期开始发放").
 */
function tidyEvent(raw: string): string {
  let s = raw.replace(LEADING_MARKER, "");
  s = withoutBrackets(s);
  s = s
    .replace(/通过[“"][^”"]{1,12}[”"](?:微信公众号|公众号|微信小程序|小程序|手机APP|APP|App|客户端|平台|网站|系统)?(?:等方式|方式)?/g, "")
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
