/**
 * Figures in a text: deadlines, dates, frequencies, percentages, money, durations and counts,
 * each with value, unit, exact text, offsets and outline path.
 *
 * Map of the flow: the patterns run from the most specific to the most generic (a deadline
 * "2020年8月底前" before a date, a date before a duration "3日", a frequency "每月至少报送1篇"
 * before the bare count "1篇"); each match claims its characters so a figure is reported once.
 * Works on any text — a whole document or an interpretation draft handed in by the 审校 checks.
 */
import { CHINESE_NUMERAL_CHARS, parseNumber } from "./chinese-numerals";
import { isoDate, lastDayOfMonth, periodEnd } from "./dates";
import { partitionPoint } from "./partition-point";
import type { Fact, FactKind, OutlineNode } from "./types";

/** Where a figure sits: either an outline to descend, or a function from offset to path. */
export type PathSource = OutlineNode[] | ((offset: number) => string[]);

const CN = CHINESE_NUMERAL_CHARS;
const NUM_AR = "(?<![A-Za-z0-9.．第])\\d+(?:,\\d{3})*(?:\\.\\d+)?";
// A Chinese count starts with a digit word (not 百/千/万, which make "百分制" or "千家万户").
const NUM_CN = `(?<![${CN}第])[零〇一二两三四五六七八九十][${CN}]*`;
const NUM = `(?:${NUM_AR}|${NUM_CN})`;
const YEAR = "(\\d{4}|[〇零一二三四五六七八九]{4})";
const MD = "(\\d{1,2}|[一二三四五六七八九十]{1,3})";
const BEFORE = "(?:前|之前|以前|止|为止)";

const MEASURE_WORDS = [
  "人次",
  "户次",
  "家次",
  "平方公里",
  "平方米",
  "㎡",
  "周岁",
  "立方米",
  "公里",
  "千米",
  "公顷",
  "千瓦",
  "万吨",
  "吨",
  "亩",
  "米",
  "个",
  "项",
  "分",
  "家",
  "人",
  "次",
  "篇",
  "件",
  "条",
  "户",
  "所",
  "座",
  "台",
  "套",
  "批",
  "类",
  "名",
  "位",
  "份",
  "张",
  "期",
  "场",
  "处",
  "种",
  "支",
  "辆",
  "间",
  "宗",
  "起",
  "例",
  "本",
  "册",
  "倍",
  "周岁",
  "岁",
  "级",
  "轮",
  "批次",
  "场次",
  "架",
  "栋",
];
const MEASURES = [...MEASURE_WORDS].sort((a, b) => b.length - a.length).join("|");

type Draft = { kind: FactKind; value: number | string; unit: string; start: number; end: number; period?: string };

export function extractFacts(text: string, outline?: PathSource, options: { referenceYear?: number } = {}): Fact[] {
  const claimed = new Uint8Array(text.length);
  const drafts: Draft[] = [];
  const years = yearMentions(text);

  const claim = (start: number, end: number): boolean => {
    for (let i = start; i < end; i++) if (claimed[i]) return false;
    claimed.fill(1, start, end);
    return true;
  };
  // The year of a date written without one ("5月底前", "6月30日前", "年底前"): a year that frames
  // time earlier in the same sentence ("2023年7月1日至12月31日"), else the document's year, else
  // the last year that framed time before it. A year naming a thing ("完成2024年新增专项债券项目
  // 储备") says nothing about when.
  const framingYears = years.filter((y) => y.frames);
  const yearBefore = (offset: number): number | null => {
    const last = framingYears[partitionPoint(framingYears.length, (i) => framingYears[i].offset <= offset) - 1];
    const inSentence = last && last.offset > lastSentenceBreak(text, offset) ? last.year : null;
    return inSentence ?? options.referenceYear ?? last?.year ?? null;
  };
  const scan = (source: string, visit: (m: RegExpExecArray) => Draft | null): void => {
    const re = new RegExp(source, "g");
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const draft = visit(m);
      if (draft && claim(draft.start, draft.end)) drafts.push(draft);
    }
  };
  const at = (m: RegExpExecArray, kind: FactKind, value: number | string, unit: string): Draft => ({
    kind,
    value,
    unit,
    start: m.index,
    end: m.index + m[0].length,
  });

  // 1. deadlines
  scan(`(?:到|至|截至|截止到|截止)?${YEAR}年${MD}月${MD}日${BEFORE}`, (m) => {
    const iso = ymd(m[1], m[2], m[3]);
    return iso ? at(m, "deadline", iso, "日") : null;
  });
  scan(`(?:到|至|截至|截止到|截止)${YEAR}年${MD}月${MD}日`, (m) => {
    const iso = ymd(m[1], m[2], m[3]);
    return iso ? at(m, "deadline", iso, "日") : null;
  });
  scan(`${YEAR}年${MD}月(?:底|末)${BEFORE}?`, (m) => {
    const y = parseNumber(m[1]);
    const mo = parseNumber(m[2]);
    if (y === null || mo === null || mo < 1 || mo > 12) return null;
    const iso = isoDate(y, mo, lastDayOfMonth(y, mo));
    return iso ? at(m, "deadline", iso, "月") : null;
  });
  scan(`${YEAR}年(?:年底|年末|底|末)${BEFORE}?`, (m) => {
    const y = parseNumber(m[1]);
    const iso = y === null ? null : isoDate(y, 12, 31);
    return iso ? at(m, "deadline", iso, "年") : null;
  });
  scan(`${YEAR}年(上半年|年中|第?[一二三四]季度)(?:末|底)?${BEFORE}`, (m) => {
    const y = parseNumber(m[1]);
    const iso = y === null ? null : periodEnd(y, m[2]);
    return iso ? at(m, "deadline", iso, m[2]) : null;
  });
  scan(`(?:到|至|截至|截止到)${YEAR}年(?![\\d一二三四五六七八九十]{1,2}月|上半年|年中|第?[一二三四]季度)`, (m) => {
    const y = parseNumber(m[1]);
    const iso = y === null ? null : isoDate(y, 12, 31);
    return iso ? at(m, "deadline", iso, "年") : null;
  });
  // "年底前", "今年年底前", "到年底": the year comes from the context (see `yearBefore`).
  scan(`(?<![\\d〇零一二三四五六七八九十年])(?:(今年|当年|本年度?|明年)?(?:年底|年末)${BEFORE}|(?:到|至|截至)(今年|当年|明年)?(?:年底|年末))`, (m) => {
    const y = yearBefore(m.index);
    if (y === null) return null;
    const iso = isoDate((m[1] ?? m[2]) === "明年" ? y + 1 : y, 12, 31);
    return iso ? at(m, "deadline", iso, "年") : null;
  });
  // "每年10月31日前" is a recurring deadline; "2024年11月…" was read above
  scan(`(?<![\\d〇零一二三四五六七八九十]年|\\d)${MD}月(?:(${"\\d{1,2}|[一二三四五六七八九十]{1,3}"})日|底|末)${BEFORE}`, (m) => {
    const y = yearBefore(m.index);
    const mo = parseNumber(m[1]);
    if (y === null || mo === null || mo < 1 || mo > 12) return null;
    const d = m[2] ? parseNumber(m[2]) : lastDayOfMonth(y, mo);
    const iso = d === null ? null : isoDate(y, mo, d);
    return iso ? at(m, "deadline", iso, m[2] ? "日" : "月") : null;
  });

  // 2. dates
  scan(`${YEAR}年${MD}月${MD}日`, (m) => {
    const iso = ymd(m[1], m[2], m[3]);
    return iso ? at(m, "date", iso, "日") : null;
  });
  scan(`(?<![\\d〇零一二三四五六七八九十]年|\\d)${MD}月${MD}日`, (m) => {
    const y = yearBefore(m.index);
    const mo = parseNumber(m[1]);
    const d = parseNumber(m[2]);
    const iso = y === null || mo === null || d === null ? null : isoDate(y, mo, d);
    return iso ? at(m, "date", iso, "日") : null;
  });

  // 3. frequencies: a period, a few words, then a count ("每月至少报送1篇", "年内至少组织2次")
  scan(
    `(每年|每半年|每季度|每季|每月|每周|每天|每日|每学期|年内|全年)([^，。；、！？\\n]{0,12}?)(${NUM_AR}|(?<![${CN}第])[一二两三四五六七八九十][${CN}]*)(次|篇|期|条|场|轮|批|个|项|件|份|天|日)`,
    (m) => {
      const value = parseNumber(m[3]);
      if (value === null) return null;
      // "每学期开学后3个月内" is a duration, "每年10月31日" a date: not counts per period
      const next = text.slice(m.index + m[0].length, m.index + m[0].length + 3);
      if (m[4] === "个" && /^(?:月|工作日|小时|星期)/.test(next)) return null;
      if ((m[4] === "日" || m[4] === "天") && /月$/.test(m[2])) return null;
      return { ...at(m, "frequency", value, m[4]), period: m[1] };
    },
  );

  // 4. percentages
  scan(`(${NUM_AR})\\s?(%|‰|个百分点)`, (m) => {
    const value = parseNumber(m[1]);
    return value === null ? null : at(m, "percent", value, m[2]);
  });
  scan(`百分之(${NUM_AR}|[${CN}点]+)`, (m) => {
    const [whole, frac] = m[1].split("点");
    const intPart = parseNumber(whole);
    if (intPart === null) return null;
    const value = frac ? Number(`${intPart}.${[...frac].map((c) => parseNumber(c) ?? 0).join("")}`) : intPart;
    return at(m, "percent", value, "%");
  });

  // 5. money
  scan(`(${NUM})(余|多)?(万亿元|千万元|百万元|亿元|万元|千元|元)`, (m) => {
    const value = parseNumber(m[1]);
    if (value === null || isBareOne(m[1])) return null;
    return at(m, "money", value, m[3]);
  });

  // 6. durations
  scan(`(${NUM})(余|多)?(个工作日|工作日|个小时|小时|分钟|个月|个星期|星期|周(?!年|岁)|天|日|年(?![级度]|滚动|行动|规划|计划))`, (m) => {
    const value = parseNumber(m[1]);
    if (value === null || isBareOne(m[1])) return null;
    // "2.2024年秋季学期…汇总表": a list marker before a year, not 2.2024 years
    if (m[3] === "年" && /^\d{1,2}\.\d{4}$/.test(m[1])) return null;
    // "三年滚动计划", "三年行动方案" name a plan, not a span of time (excluded in the pattern).
  // A four-digit number before 年 is a year, not "2020 years".
    if (m[3] === "年" && /^\d{4}$/.test(m[1])) return null;
    return at(m, "duration", value, m[3]);
  });

  // 7. counts with a measure word
  scan(`(${NUM})(余|多)?(万|亿)?(${MEASURES})`, (m) => {
    const value = parseNumber(m[1]);
    if (value === null || isBareOne(m[1])) return null;
    const unit = `${m[3] ?? ""}${m[4]}`;
    const next = text[m.index + m[0].length] ?? "";
    if (m[4] === "分" && (m[1] === "十" || /[之级管别解局类工配享批]/.test(next))) return null; // 十分, 三分之一
    if (m[4] === "次" && next === "性") return null; // 一次性
    if (m[4] === "个" && next === "人" && !/\d/.test(m[1])) return null;
    // "1人户", "3人及以上户": a household size names a tier, it counts nobody
    if (m[4] === "人" && /^(?:及以上|以上)?户/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 4))) return null;
    return at(m, "quantity", value, unit);
  });

  drafts.sort((a, b) => a.start - b.start);
  const locate = pathLocator(outline);
  return drafts.map((d) => {
    const fact: Fact = {
      kind: d.kind,
      value: d.value,
      unit: d.unit,
      text: text.slice(d.start, d.end),
      start: d.start,
      end: d.end,
      path: locate(d.start),
    };
    if (d.period) fact.period = d.period;
    return fact;
  });
}

/** "一" alone is idiom far more often than a count ("一次办好", "一个中心"): skip it. */
function isBareOne(numeral: string): boolean {
  return numeral === "一" || numeral === "壹";
}

function ymd(y: string, mo: string, d: string): string | null {
  const yy = parseNumber(y);
  const mm = parseNumber(mo);
  const dd = parseNumber(d);
  return yy === null || mm === null || dd === null ? null : isoDate(yy, mm, dd);
}

/** What may follow "2023年" when the year says when (a month, 底, 内, 起, a quarter, a comma …). */
const FRAMING = /^(?:\d{1,2}月|[一二三四五六七八九十]{1,3}月|年?底|年?末|内|起|以来|以前|前|上半年|下半年|全年|年中|第?[一二三四]季度|度|[，,：:])/;

function yearMentions(text: string): { offset: number; year: number; frames: boolean }[] {
  const out: { offset: number; year: number; frames: boolean }[] = [];
  for (const m of text.matchAll(/(?<!\d)((?:19|20|21)\d{2})年/g)) {
    const offset = m.index ?? 0;
    out.push({ offset, year: Number(m[1]), frames: FRAMING.test(text.slice(offset + m[0].length, offset + m[0].length + 4)) });
  }
  return out;
}

/** The last sentence break before `offset` within 200 characters (a text without any stays cheap). */
function lastSentenceBreak(text: string, offset: number): number {
  const floor = Math.max(0, offset - 200);
  for (let i = offset - 1; i >= floor; i--) if ("。；！？\n".includes(text[i])) return i;
  return floor - 1;
}

/** Path of markers from the top of an outline down to the deepest node holding `offset`. */
export function pathInOutline(nodes: OutlineNode[], offset: number): string[] {
  const path: string[] = [];
  let level = nodes;
  for (;;) {
    const hit = level.find((n) => offset >= n.start && offset < n.end);
    if (!hit) return path;
    path.push(hit.marker);
    level = hit.children;
  }
}

function pathLocator(source: PathSource | undefined): (offset: number) => string[] {
  if (!source) return () => [];
  if (typeof source === "function") return source;
  return (offset) => pathInOutline(source, offset);
}
