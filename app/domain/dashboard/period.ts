/**
 * Assessment periods (考核周期): a year, a quarter, a month or a custom range of calendar days.
 *
 * Calendar days are China Standard Time (UTC+8, no daylight saving): a document published at
 * 2024-01-01T01:00+08:00 belongs to January although its stored UTC instant reads 2023-12-31.
 * A period is therefore carried both as local dates (for labels and working-day arithmetic) and
 * as a half-open range of UTC instants `[startInstant, endInstant)` in the stored ISO format, so
 * the model can compare `published_at` strings directly and use the index.
 */

export const PERIOD_KINDS = ["year", "quarter", "month", "custom"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export type Period = {
  kind: PeriodKind;
  /** first local day, yyyy-mm-dd */
  from: string;
  /** last local day (inclusive), yyyy-mm-dd */
  to: string;
  /** UTC instant of `from` 00:00 CST, ISO-8601 with milliseconds */
  startInstant: string;
  /** UTC instant of the day after `to`, 00:00 CST (exclusive) */
  endInstant: string;
  label: string;
};

export type PeriodResult = { ok: true; period: Period } | { ok: false; error: string };

/** China Standard Time offset, in milliseconds. */
export const CST_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86_400_000;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
/** A custom range longer than this is almost certainly a typo (and an expensive query). */
export const MAX_CUSTOM_DAYS = 3660;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses yyyy-mm-dd into a UTC day number (days since 1970-01-01), or null if not a real date. */
export function dayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / DAY_MS);
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local (CST) calendar day of a stored UTC instant, or null if the instant is unreadable. */
export function localDate(instant: string): string | null {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The UTC instant at which a local (CST) day begins. */
export function startOfLocalDay(day: number): string {
  return new Date(day * DAY_MS - CST_OFFSET_MS).toISOString();
}

function build(kind: PeriodKind, fromDay: number, toDay: number, label: string): Period {
  return {
    kind,
    from: dateOfDayNumber(fromDay),
    to: dateOfDayNumber(toDay),
    startInstant: startOfLocalDay(fromDay),
    endInstant: startOfLocalDay(toDay + 1),
    label,
  };
}

function dayOf(y: number, m: number, d: number): number {
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function yearPeriod(year: number): Period {
  return build("year", dayOf(year, 1, 1), dayOf(year + 1, 1, 1) - 1, `${year}年`);
}

export function quarterPeriod(year: number, quarter: number): Period {
  const firstMonth = (quarter - 1) * 3 + 1;
  return build("quarter", dayOf(year, firstMonth, 1), dayOf(year, firstMonth + 3, 1) - 1, `${year}年第${quarter}季度`);
}

export function monthPeriod(year: number, month: number): Period {
  return build("month", dayOf(year, month, 1), dayOf(year, month + 1, 1) - 1, `${year}年${month}月`);
}

export type PeriodParams = {
  period?: string | null;
  year?: string | null;
  quarter?: string | null;
  month?: string | null;
  from?: string | null;
  to?: string | null;
};

function intIn(raw: string | null | undefined, min: number, max: number): number | null {
  if (raw === null || raw === undefined || !/^\d{1,4}$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return n >= min && n <= max ? n : null;
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === "";

/**
 * Reads a period from query parameters. Missing parameters default to the current year, quarter
 * or month (in CST) of `now`; anything malformed is an error message saying what to enter.
 */
export function parsePeriod(params: PeriodParams, now: Date = new Date()): PeriodResult {
  const today = new Date(now.getTime() + CST_OFFSET_MS);
  const currentYear = today.getUTCFullYear();
  const kindRaw = blank(params.period) ? "year" : (params.period ?? "").trim();
  const kind = PERIOD_KINDS.find((k) => k === kindRaw);
  if (!kind) return { ok: false, error: "统计周期只能是：年度、季度、月度或自定义。" };

  if (kind === "custom") {
    if (blank(params.from) || blank(params.to)) return { ok: false, error: "自定义周期请同时填写开始日期和结束日期（格式：2024-01-31）。" };
    const fromDay = dayNumber((params.from ?? "").trim());
    const toDay = dayNumber((params.to ?? "").trim());
    if (fromDay === null) return { ok: false, error: "开始日期格式不正确，请按 2024-01-31 的格式填写有效日期。" };
    if (toDay === null) return { ok: false, error: "结束日期格式不正确，请按 2024-01-31 的格式填写有效日期。" };
    if (toDay < fromDay) return { ok: false, error: "结束日期早于开始日期，请调整统计范围。" };
    if (toDay - fromDay + 1 > MAX_CUSTOM_DAYS) return { ok: false, error: "自定义周期最长 10 年，请缩小统计范围。" };
    const from = dateOfDayNumber(fromDay);
    const to = dateOfDayNumber(toDay);
    if (Number(from.slice(0, 4)) < MIN_YEAR || Number(to.slice(0, 4)) > MAX_YEAR)
      return { ok: false, error: `日期应在 ${MIN_YEAR} 年至 ${MAX_YEAR} 年之间。` };
    return { ok: true, period: build("custom", fromDay, toDay, `${from} 至 ${to}`) };
  }

  const year = blank(params.year) ? currentYear : intIn(params.year, MIN_YEAR, MAX_YEAR);
  if (year === null) return { ok: false, error: `年份应为 ${MIN_YEAR}–${MAX_YEAR} 之间的四位数字。` };
  if (kind === "year") return { ok: true, period: yearPeriod(year) };

  if (kind === "quarter") {
    const quarter = blank(params.quarter) ? Math.floor(today.getUTCMonth() / 3) + 1 : intIn(params.quarter, 1, 4);
    if (quarter === null) return { ok: false, error: "季度应为 1–4。" };
    return { ok: true, period: quarterPeriod(year, quarter) };
  }

  const month = blank(params.month) ? today.getUTCMonth() + 1 : intIn(params.month, 1, 12);
  if (month === null) return { ok: false, error: "月份应为 1–12。" };
  return { ok: true, period: monthPeriod(year, month) };
}

export function parsePeriodFromUrl(url: URL, now?: Date): PeriodResult {
  const q = url.searchParams;
  return parsePeriod(
    { period: q.get("period"), year: q.get("year"), quarter: q.get("quarter"), month: q.get("month"), from: q.get("from"), to: q.get("to") },
    now,
  );
}

/** The query string that reproduces a period (for links to drill-downs and exports). */
export function periodSearch(period: Period): string {
  const p = new URLSearchParams({ period: period.kind });
  const year = period.from.slice(0, 4);
  const month = Number(period.from.slice(5, 7));
  if (period.kind === "year") p.set("year", year);
  if (period.kind === "quarter") {
    p.set("year", year);
    p.set("quarter", String(Math.floor((month - 1) / 3) + 1));
  }
  if (period.kind === "month") {
    p.set("year", year);
    p.set("month", String(month));
  }
  if (period.kind === "custom") {
    p.set("from", period.from);
    p.set("to", period.to);
  }
  return p.toString();
}

/** Every yyyy-mm month a period touches, in order (the x axis of the monthly charts). */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  let y = Number(period.from.slice(0, 4));
  let m = Number(period.from.slice(5, 7));
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, "0")}`;
    months.push(key);
    if (key >= last) break;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}

/**
 * A period cut at whole CST months, for the model's monthly counts: `months` are the calendar
 * months lying entirely inside the period (first and last yyyy-mm, or null), `partial` the
 * instant ranges [start, end) of the days before and after them (none for a year, a quarter or a
 * month; at most two for a custom range).
 */
export type PeriodSplit = { months: { first: string; last: string } | null; partial: { start: string; end: string }[] };

export function splitAtWholeMonths(period: Period): PeriodSplit {
  const fromDay = dayNumber(period.from);
  const toDay = dayNumber(period.to);
  const whole = { months: null, partial: [{ start: period.startInstant, end: period.endInstant }] };
  if (fromDay === null || toDay === null) return whole;
  const ym = (date: string) => ({ y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)) });
  const f = ym(period.from);
  const t = ym(period.to);
  // the first month starting on or after `from`, the last month ending on or before `to`
  const firstStart = period.from.endsWith("-01") ? dayOf(f.y, f.m, 1) : dayOf(f.y, f.m + 1, 1);
  const endsMonth = dayOf(t.y, t.m + 1, 1) - 1 === toDay;
  const lastEnd = endsMonth ? toDay : dayOf(t.y, t.m, 1) - 1;
  if (firstStart > lastEnd) return whole;
  const partial: { start: string; end: string }[] = [];
  if (firstStart > fromDay) partial.push({ start: period.startInstant, end: startOfLocalDay(firstStart) });
  if (lastEnd < toDay) partial.push({ start: startOfLocalDay(lastEnd + 1), end: period.endInstant });
  return { months: { first: dateOfDayNumber(firstStart).slice(0, 7), last: dateOfDayNumber(lastEnd).slice(0, 7) }, partial };
}

/** What the period form shows: the parsed period's values, or what was typed when it was invalid. */
export function periodFormValues(url: URL, parsed: PeriodResult): Record<"period" | "year" | "quarter" | "month" | "from" | "to", string> {
  const q = url.searchParams;
  const typed = (k: string) => (q.get(k) ?? "").slice(0, 20);
  if (!parsed.ok) return { period: typed("period"), year: typed("year"), quarter: typed("quarter"), month: typed("month"), from: typed("from"), to: typed("to") };
  const p = parsed.period;
  const month = Number(p.from.slice(5, 7));
  return {
    period: p.kind,
    year: p.from.slice(0, 4),
    quarter: String(Math.floor((month - 1) / 3) + 1),
    month: String(month),
    from: p.from,
    to: p.to,
  };
}
