/**
 * When an interpretation is due (解读时限). Local rules: the interpretation is published with its
 * document and at the latest `publish.maxLagWorkingDays` (3 by default) working days after it.
 * The due date counts working days on the settings' calendar (app/domain/dashboard/working-days.ts)
 * from the document's publication when it is public, else from its 成文日期 — a document still in
 * preparation is expected out soon after it is written, so the interpretation is due by then too.
 *
 * Pure: the caller passes today's date (Beijing time) and the calendar.
 */
import { dateOfDayNumber, dayNumber, localDate } from "~/domain/dashboard/period";
import { EMPTY_CALENDAR, type WorkingCalendar, isWorkingDay, workingDaysBetween } from "~/domain/dashboard/working-days";

/**
 * The n-th working day after `date` (yyyy-mm-dd): the day d with exactly n working days in
 * (date, d] and d itself a working day. n = 0 is `date` itself, whatever day it is.
 */
export function addWorkingDays(date: string, n: number, calendar: WorkingCalendar = EMPTY_CALENDAR): string {
  const start = dayNumber(date);
  if (start === null) throw new RangeError(`not a date: ${date}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of working days: ${n}`);
  let day = start;
  let left = n;
  // a listed holiday block is at most a few weeks, so this walks O(n + holiday run) days
  while (left > 0) {
    day++;
    if (isWorkingDay(dateOfDayNumber(day), calendar)) left--;
  }
  return dateOfDayNumber(day);
}

export type DueBasis = "published" | "written";

export type InterpretationDue = {
  /** yyyy-mm-dd, the last day the interpretation may be published */
  due: string;
  /** what the due date counts from */
  basis: DueBasis;
  /** the date it counts from */
  from: string;
};

/**
 * The due date of a document's interpretation, or null when nothing is due: no interpretation is
 * required (a signed 无需解读), or there is no date to count from.
 */
export function interpretationDue(
  doc: { writtenDate: string | null; publishedAt: string | null; interpretationRequired: boolean },
  maxLagWorkingDays: number,
  calendar: WorkingCalendar = EMPTY_CALENDAR,
): InterpretationDue | null {
  if (!doc.interpretationRequired) return null;
  const published = doc.publishedAt ? localDate(doc.publishedAt) : null;
  const written = doc.writtenDate && dayNumber(doc.writtenDate) !== null ? doc.writtenDate : null;
  const from = published ?? written;
  if (!from) return null;
  return { due: addWorkingDays(from, maxLagWorkingDays, calendar), basis: published ? "published" : "written", from };
}

export type DueState =
  | { kind: "upcoming"; workingDaysLeft: number }
  | { kind: "today" }
  | { kind: "overdue"; workingDaysLate: number };

/** Where `today` stands against `due`, in working days. */
export function dueState(due: string, today: string, calendar: WorkingCalendar = EMPTY_CALENDAR): DueState {
  if (today === due) return { kind: "today" };
  if (today < due) return { kind: "upcoming", workingDaysLeft: workingDaysBetween(today, due, calendar) };
  // late by the working days after the due date up to today; a weekend right after it is 0 days late
  return { kind: "overdue", workingDaysLate: Math.max(1, workingDaysBetween(due, today, calendar)) };
}

/** “还剩 2 个工作日”“今天到期”“已逾期 3 个工作日”. */
export function dueLabel(state: DueState): string {
  switch (state.kind) {
    case "today":
      return "今天到期";
    case "upcoming":
      return state.workingDaysLeft === 0 ? "今天到期" : `还剩 ${state.workingDaysLeft} 个工作日`;
    case "overdue":
      return `已逾期 ${state.workingDaysLate} 个工作日`;
  }
}

/** Today's date in Beijing time (the calendar the rules count in). */
export function beijingToday(now: Date): string {
  return localDate(now.toISOString()) ?? now.toISOString().slice(0, 10);
}

/** Due within this many working days: shown as 即将到期 and reminded by e-mail. */
export const DUE_SOON_WORKING_DAYS = 1;

export function isDueSoonOrLate(state: DueState): boolean {
  return state.kind !== "upcoming" || state.workingDaysLeft <= DUE_SOON_WORKING_DAYS;
}
