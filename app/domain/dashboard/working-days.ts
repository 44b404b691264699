/**
 * Working days (工作日) for the timeliness rule: an interpretation may lag its document by at most
 * N working days (3 by default, `publish.maxLagWorkingDays`).
 *
 * A working day is Monday–Friday, minus the statutory holidays an administrator lists, plus the
 * weekend make-up days (调休上班) listed as working days. Both lists are settings
 * (`calendar.holidays`, `calendar.workdays`), never hard-coded: the State Council publishes
 * them anew every year.
 */
import { HOLIDAYS_SETTING, WORKDAYS_SETTING, settingValue } from "~/domain/settings";
import { dayNumber } from "./period";

export type WorkingCalendar = {
  /** days off (yyyy-mm-dd) that would otherwise be working days */
  holidays: ReadonlySet<string>;
  /** weekend days (yyyy-mm-dd) that are working days (调休) */
  workdays: ReadonlySet<string>;
};

export const EMPTY_CALENDAR: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

/** Builds a calendar from the raw setting values; an unreadable list counts as empty. */
export function calendarFromSettings(holidays: unknown, workdays: unknown): WorkingCalendar {
  return { holidays: new Set(settingValue(HOLIDAYS_SETTING, holidays)), workdays: new Set(settingValue(WORKDAYS_SETTING, workdays)) };
}

/** 0 = Sunday … 6 = Saturday, for a day number (1970-01-01 was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const isWeekend = (day: number) => {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
};

export function isWorkingDay(date: string, calendar: WorkingCalendar = EMPTY_CALENDAR): boolean {
  const day = dayNumber(date);
  if (day === null) throw new RangeError(`not a date: ${date}`);
  if (calendar.workdays.has(date)) return true;
  if (calendar.holidays.has(date)) return false;
  return !isWeekend(day);
}

/** Monday–Friday days in the day-number range (a, b], by whole weeks plus a short remainder. */
function weekdaysAfterUpTo(a: number, b: number): number {
  const span = b - a;
  let count = Math.floor(span / 7) * 5;
  for (let d = a + 1 + Math.floor(span / 7) * 7; d <= b; d++) if (!isWeekend(d)) count++;
  return count;
}

/**
 * A calendar as sorted day numbers of its exceptions that matter: holidays that fall on a weekday
 * (and are not also listed as working days), and make-up working days that fall on a weekend.
 * Built once per calendar (cached), so the lag of each document costs two binary searches.
 */
type CompiledCalendar = { daysOff: number[]; extraWorkdays: number[] };
const compiled = new WeakMap<WorkingCalendar, CompiledCalendar>();

function compile(calendar: WorkingCalendar): CompiledCalendar {
  const cached = compiled.get(calendar);
  if (cached) return cached;
  const days = (dates: Iterable<string>, keep: (day: number, date: string) => boolean) => {
    const out: number[] = [];
    for (const date of dates) {
      const day = dayNumber(date);
      if (day !== null && keep(day, date)) out.push(day);
    }
    return [...new Set(out)].sort((a, b) => a - b);
  };
  const result = {
    daysOff: days(calendar.holidays, (day, date) => !calendar.workdays.has(date) && !isWeekend(day)),
    extraWorkdays: days(calendar.workdays, (day) => isWeekend(day)),
  };
  compiled.set(calendar, result);
  return result;
}

/** How many of the sorted days lie in (a, b]. */
function countIn(sorted: number[], a: number, b: number): number {
  const firstAbove = (x: number) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return firstAbove(b) - firstAbove(a);
}

/** Working days d with a < d ≤ b, for day numbers (see workingDaysBetween). */
export function workingDaysBetweenDays(a: number, b: number, calendar: WorkingCalendar = EMPTY_CALENDAR): number {
  if (b <= a) return 0;
  const c = compile(calendar);
  return weekdaysAfterUpTo(a, b) - countIn(c.daysOff, a, b) + countIn(c.extraWorkdays, a, b);
}

/**
 * The lag in working days from `from` to `to` (both yyyy-mm-dd): the working days d with
 * from < d ≤ to. Same day → 0; published on Friday, interpreted the next Monday → 1.
 * A `to` on or before `from` is no lag (0). Cost is O(log listed days), not O(span).
 */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar = EMPTY_CALENDAR): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null) throw new RangeError(`not a date: ${from}`);
  if (b === null) throw new RangeError(`not a date: ${to}`);
  return workingDaysBetweenDays(a, b, calendar);
}
