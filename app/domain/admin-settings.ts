/**
 * Administrator-changeable settings (table `settings`, key → JSON): which keys exist, their
 * defaults and bounds, and the text form of the holiday calendar on the admin page.
 *
 * The keys, their schemas and defaults live in app/domain/settings.ts (one entry per key); this
 * module holds what the admin form offers (SETTING_BOUNDS, narrower than what a reader accepts).
 *
 * Calendar text: one entry per line, either a date (2024-10-01; 2024/10/1 is accepted) or a run
 * of days (2024-10-01 至 2024-10-07). Stored expanded and sorted; shown with runs compacted again,
 * so a save without edits writes the same list.
 */
import { dayNumber } from "./dashboard/period";
import { DEFAULT_EXPORT_KEEP_JOBS, DEFAULT_MAX_LAG_WORKING_DAYS, DEFAULT_QA_MIN, DEFAULT_WARN_SHARE } from "./settings";

export const SETTING_BOUNDS = {
  maxLagWorkingDays: { min: 0, max: 60 },
  qaMinCount: { min: 1, max: 20 },
  /** percent on the form, a 0–1 share in the setting */
  warnSharePercent: { min: 10, max: 95 },
  exportKeepJobs: { min: 1, max: 50 },
} as const;

export type AdminSettings = {
  holidays: string[];
  workdays: string[];
  maxLagWorkingDays: number;
  qaMinCount: number;
  /** 0–1 */
  warnShare: number;
  exportKeepJobs: number;
};

export const SETTING_DEFAULTS: AdminSettings = {
  holidays: [],
  workdays: [],
  maxLagWorkingDays: DEFAULT_MAX_LAG_WORKING_DAYS,
  qaMinCount: DEFAULT_QA_MIN,
  warnShare: DEFAULT_WARN_SHARE,
  exportKeepJobs: DEFAULT_EXPORT_KEEP_JOBS,
};

const DAY_MS = 86_400_000;
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;
/** the longest run one line may name (a statutory holiday block is at most about ten days) */
export const MAX_RUN_DAYS = 31;
export const MAX_CALENDAR_LINES = 500;

const WEEKDAY_NAMES = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];

function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function weekdayName(date: string): string {
  const day = dayNumber(date);
  return day === null ? "" : WEEKDAY_NAMES[(((day + 4) % 7) + 7) % 7];
}

export function isWeekend(date: string): boolean {
  const day = dayNumber(date);
  if (day === null) return false;
  const w = (((day + 4) % 7) + 7) % 7;
  return w === 0 || w === 6;
}

/** 2024-10-01, 2024/10/1, 2024.10.1 → 2024-10-01 when it is a real date in range; else null. */
function normalizeDate(raw: string): string | null {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, "0")}-${m[3].padStart(2, "0")}`;
  if (dayNumber(iso) === null) return null;
  const year = Number(m[1]);
  return year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR ? iso : null;
}

const RANGE_SEPARATOR = /\s*(?:至|到|~|～|\.\.)\s*/;

export type DateLinesResult = { ok: true; dates: string[] } | { ok: false; errors: string[] };

/**
 * Parses the calendar textarea. Blank lines are skipped; every bad line is named (the first few),
 * and nothing is returned unless every line is good.
 */
export function parseDateLines(text: string, listLabel: string): DateLinesResult {
  const lines = text.split(/\r?\n/);
  const errors: string[] = [];
  const dates = new Set<string>();
  const nonBlank = lines.filter((l) => l.trim() !== "").length;
  if (nonBlank > MAX_CALENDAR_LINES) return { ok: false, errors: [`${listLabel}最多 ${MAX_CALENDAR_LINES} 行，请删去过期的年份。`] };
  lines.forEach((line, i) => {
    const raw = line.trim();
    if (!raw) return;
    const where = `${listLabel}第 ${i + 1} 行“${raw.length > 40 ? `${raw.slice(0, 40)}…` : raw}”`;
    const parts = raw.split(RANGE_SEPARATOR);
    if (parts.length > 2) {
      errors.push(`${where}格式不正确，请写一个日期（2024-10-01）或一段日期（2024-10-01 至 2024-10-07）。`);
      return;
    }
    const from = normalizeDate(parts[0]);
    const to = parts.length === 2 ? normalizeDate(parts[1]) : from;
    if (!from || !to) {
      errors.push(
        `${where}不是有效日期，请按 2024-10-01 或 2024-10-01 至 2024-10-07 的格式填写（年份 ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}）。`,
      );
      return;
    }
    const a = dayNumber(from) ?? 0;
    const b = dayNumber(to) ?? 0;
    if (b < a) {
      errors.push(`${where}的结束日期早于开始日期，请调换前后顺序。`);
      return;
    }
    if (b - a + 1 > MAX_RUN_DAYS) {
      errors.push(`${where}跨度超过 ${MAX_RUN_DAYS} 天，请检查是否写错年份或月份。`);
      return;
    }
    for (let d = a; d <= b; d++) dates.add(isoOf(d));
  });
  if (errors.length) {
    const shown = errors.slice(0, 5);
    if (errors.length > 5) shown.push(`另有 ${errors.length - 5} 行有误。`);
    return { ok: false, errors: shown };
  }
  return { ok: true, dates: [...dates].sort() };
}

/** Sorted dates → lines, consecutive days joined into “a 至 b”. */
export function formatDateLines(dates: readonly string[]): string {
  const days = [...new Set(dates)]
    .map((d) => dayNumber(d))
    .filter((d): d is number => d !== null)
    .sort((x, y) => x - y);
  const lines: string[] = [];
  let start = -1;
  let prev = -1;
  const flush = () => {
    if (start < 0) return;
    lines.push(start === prev ? isoOf(start) : `${isoOf(start)} 至 ${isoOf(prev)}`);
  };
  for (const d of days) {
    if (start >= 0 && d === prev + 1) {
      prev = d;
      continue;
    }
    flush();
    start = d;
    prev = d;
  }
  flush();
  return lines.join("\n");
}
