/**
 * Working days (工作日) for the timeliness rule: an interpretation may lag its document by at most
 * N working days (3 by default, `publish.maxLagWorkingDays`).
 *
 * A working day is Monday–Friday, minus the statutory holidays an administrator lists, plus the
 * weekend make-up days (调休上班) listed as working days. Both lists are settings
 * (`calendar.holidays`, `calendar.workdays`), never hard-coded: the State Council publishes
 * them anew every year.
 */
import { z } from "zod";
import { dayNumber } from "./period";

export type WorkingCalendar = {
  /** days off (yyyy-mm-dd) that would otherwise be working days */
  holidays: ReadonlySet<string>;
  /** weekend days (yyyy-mm-dd) that are working days (调休) */
  workdays: ReadonlySet<string>;
};

export const EMPTY_CALENDAR: WorkingCalendar = { holidays: new Set(), workdays: new Set() };

export const HOLIDAYS_SETTING = "calendar.holidays";
export const WORKDAYS_SETTING = "calendar.workdays";
export const MAX_LAG_SETTING = "publish.maxLagWorkingDays";
export const DEFAULT_MAX_LAG_WORKING_DAYS = 3;

const dateList = z.array(z.string().refine((s) => dayNumber(s) !== null));

/** Builds a calendar from the raw setting values; an unreadable list counts as empty. */
export function calendarFromSettings(holidays: unknown, workdays: unknown): WorkingCalendar {
  const h = dateList.safeParse(holidays);
  const w = dateList.safeParse(workdays);
  return { holidays: new Set(h.success ? h.data : []), workdays: new Set(w.success ? w.data : []) };
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
 * The lag in working days from `from` to `to` (both yyyy-mm-dd): the working days d with
 * from < d ≤ to. Same day → 0; published on Friday, interpreted the next Monday → 1.
 * A `to` on or before `from` is no lag (0). Cost is O(listed days), not O(span).
 */
export function workingDaysBetween(from: string, to: string, calendar: WorkingCalendar = EMPTY_CALENDAR): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === null) throw new RangeError(`not a date: ${from}`);
  if (b === null) throw new RangeError(`not a date: ${to}`);
  if (b <= a) return 0;
  let count = weekdaysAfterUpTo(a, b);
  const inRange = (date: string) => {
    const d = dayNumber(date);
    return d !== null && d > a && d <= b;
  };
  for (const h of calendar.holidays) if (inRange(h) && !calendar.workdays.has(h) && !isWeekend(dayNumber(h) ?? 0)) count--;
  for (const w of calendar.workdays) if (inRange(w) && isWeekend(dayNumber(w) ?? 0)) count++;
  return count;
}
