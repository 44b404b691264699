import { describe, expect, it } from "vitest";
import { monthPeriod, parsePeriod, quarterPeriod, splitAtWholeMonths, startOfLocalDay, yearPeriod } from "~/domain/dashboard/period";
import { calendarFromSettings, isWorkingDay, workingDaysBetween } from "~/domain/dashboard/working-days";

function custom(from: string, to: string) {
  const p = parsePeriod({ period: "custom", from, to });
  if (!p.ok) throw new Error(p.error);
  return p.period;
}

describe("splitAtWholeMonths: whole CST months from the monthly counts, the rest from the facts", () => {
  it("a year, a quarter and a month are whole months only", () => {
    expect(splitAtWholeMonths(yearPeriod(2024))).toEqual({ months: { first: "2024-01", last: "2024-12" }, partial: [] });
    expect(splitAtWholeMonths(quarterPeriod(2024, 4))).toEqual({ months: { first: "2024-10", last: "2024-12" }, partial: [] });
    expect(splitAtWholeMonths(monthPeriod(2024, 2))).toEqual({ months: { first: "2024-02", last: "2024-02" }, partial: [] });
    expect(splitAtWholeMonths(custom("2024-02-01", "2024-02-29"))).toEqual({ months: { first: "2024-02", last: "2024-02" }, partial: [] });
  });

  it("a custom range cut mid-month keeps the days before and after as CST instant ranges", () => {
    const p = custom("2024-01-15", "2024-11-20");
    expect(splitAtWholeMonths(p)).toEqual({
      months: { first: "2024-02", last: "2024-10" },
      partial: [
        { start: "2024-01-14T16:00:00.000Z", end: "2024-01-31T16:00:00.000Z" },
        { start: "2024-10-31T16:00:00.000Z", end: "2024-11-20T16:00:00.000Z" },
      ],
    });
    expect(splitAtWholeMonths(custom("2024-12-15", "2025-01-31"))).toEqual({
      months: { first: "2025-01", last: "2025-01" },
      partial: [{ start: "2024-12-14T16:00:00.000Z", end: "2024-12-31T16:00:00.000Z" }],
    });
  });

  it("a range inside one month, or across a month end without a whole month, is all partial", () => {
    for (const p of [custom("2024-01-31", "2024-02-01"), custom("2024-03-02", "2024-03-30"), custom("2024-12-31", "2024-12-31")])
      expect(splitAtWholeMonths(p)).toEqual({ months: null, partial: [{ start: p.startInstant, end: p.endInstant }] });
  });

  it("months and partial ranges tile the period exactly (many random ranges)", () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const day = (n: number) => new Date(Date.UTC(2015, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 300; i++) {
      const a = Math.floor(next() * 3000);
      const b = a + Math.floor(next() * 700);
      const p = custom(day(a), day(b));
      const split = splitAtWholeMonths(p);
      const ranges = [...split.partial];
      if (split.months) {
        const [fy, fm] = split.months.first.split("-").map(Number);
        const [ly, lm] = split.months.last.split("-").map(Number);
        ranges.push({ start: startOfLocalDay(Date.UTC(fy, fm - 1, 1) / 86_400_000), end: startOfLocalDay(Date.UTC(ly, lm, 1) / 86_400_000) });
      }
      ranges.sort((x, y) => x.start.localeCompare(y.start));
      expect(ranges[0].start, p.label).toBe(p.startInstant);
      expect(ranges[ranges.length - 1].end, p.label).toBe(p.endInstant);
      for (let k = 1; k < ranges.length; k++) expect(ranges[k].start, p.label).toBe(ranges[k - 1].end);
    }
  });
});

describe("working days with a compiled calendar", () => {
  it("a date listed both as holiday and as working day is a working day, as isWorkingDay says", () => {
    const cal = calendarFromSettings(["2024-04-03", "2024-04-03", "2024-04-07"], ["2024-04-03", "2024-04-07"]);
    expect(isWorkingDay("2024-04-03", cal)).toBe(true);
    expect(isWorkingDay("2024-04-07", cal)).toBe(true);
    expect(workingDaysBetween("2024-04-01", "2024-04-08", cal)).toBe(6);
  });

  it("ten years of holidays and 调休 days agree with a day-by-day count", () => {
    const holidays: string[] = [];
    const workdays: string[] = [];
    for (let y = 2015; y <= 2024; y++) {
      for (const md of ["01-01", "05-01", "05-02", "05-03", "10-01", "10-02", "10-03", "10-04", "10-05", "10-06", "10-07"]) holidays.push(`${y}-${md}`);
      workdays.push(`${y}-09-28`, `${y}-10-12`);
    }
    const cal = calendarFromSettings(holidays, workdays);
    const naive = (from: string, to: string) => {
      let n = 0;
      for (let d = Date.parse(from) + 86_400_000; d <= Date.parse(to); d += 86_400_000) if (isWorkingDay(new Date(d).toISOString().slice(0, 10), cal)) n++;
      return n;
    };
    for (const [a, b] of [
      ["2015-01-01", "2024-12-31"],
      ["2019-09-27", "2019-10-14"],
      ["2020-04-30", "2020-05-06"],
    ])
      expect(workingDaysBetween(a, b, cal), `${a}→${b}`).toBe(naive(a, b));
  });
});
