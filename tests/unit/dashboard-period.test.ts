import { describe, expect, it } from "vitest";
import { localDate, monthsOf, parsePeriod, periodSearch } from "~/domain/dashboard/period";
import { calendarFromSettings, isWorkingDay, workingDaysBetween } from "~/domain/dashboard/working-days";

const NOW = new Date("2024-05-20T18:00:00.000Z"); // 2024-05-21 02:00 CST

describe("parsePeriod", () => {
  it("year: CST boundaries as UTC instants", () => {
    const r = parsePeriod({ period: "year", year: "2024" });
    expect(r).toEqual({
      ok: true,
      period: { kind: "year", from: "2024-01-01", to: "2024-12-31", startInstant: "2023-12-31T16:00:00.000Z", endInstant: "2024-12-31T16:00:00.000Z", label: "2024年" },
    });
  });

  it("quarter and month, including February of a leap year", () => {
    const q = parsePeriod({ period: "quarter", year: "2024", quarter: "1" });
    expect(q.ok && [q.period.from, q.period.to, q.period.label]).toEqual(["2024-01-01", "2024-03-31", "2024年第1季度"]);
    const q4 = parsePeriod({ period: "quarter", year: "2023", quarter: "4" });
    expect(q4.ok && [q4.period.from, q4.period.to, q4.period.endInstant]).toEqual(["2023-10-01", "2023-12-31", "2023-12-31T16:00:00.000Z"]);
    const feb = parsePeriod({ period: "month", year: "2024", month: "2" });
    expect(feb.ok && [feb.period.from, feb.period.to, feb.period.label]).toEqual(["2024-02-01", "2024-02-29", "2024年2月"]);
    const feb23 = parsePeriod({ period: "month", year: "2023", month: "02" });
    expect(feb23.ok && feb23.period.to).toBe("2023-02-28");
  });

  it("defaults to the current CST year, quarter or month", () => {
    const y = parsePeriod({}, NOW);
    expect(y.ok && y.period.label).toBe("2024年");
    const q = parsePeriod({ period: "quarter" }, NOW);
    expect(q.ok && q.period.label).toBe("2024年第2季度");
    const m = parsePeriod({ period: "month" }, new Date("2024-05-31T16:30:00.000Z")); // 06-01 00:30 CST
    expect(m.ok && m.period.label).toBe("2024年6月");
  });

  it("custom range, inclusive of both days", () => {
    const r = parsePeriod({ period: "custom", from: "2024-03-15", to: "2024-04-02" });
    expect(r.ok && [r.period.startInstant, r.period.endInstant, r.period.label]).toEqual([
      "2024-03-14T16:00:00.000Z",
      "2024-04-02T16:00:00.000Z",
      "2024-03-15 至 2024-04-02",
    ]);
    const oneDay = parsePeriod({ period: "custom", from: "2024-03-15", to: "2024-03-15" });
    expect(oneDay.ok).toBe(true);
  });

  it("bad input: a Chinese message, never a throw", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ period: "week" }, /统计周期只能是/],
      [{ period: "year", year: "20x4" }, /年份应为/],
      [{ period: "year", year: "1899" }, /年份应为/],
      [{ period: "quarter", year: "2024", quarter: "5" }, /季度应为 1–4/],
      [{ period: "month", year: "2024", month: "13" }, /月份应为 1–12/],
      [{ period: "month", year: "2024", month: "-1" }, /月份应为 1–12/],
      [{ period: "custom", from: "2024-01-01" }, /同时填写开始日期和结束日期/],
      [{ period: "custom", from: "2024-02-30", to: "2024-03-01" }, /开始日期格式不正确/],
      [{ period: "custom", from: "2024-01-01", to: "2024/03/01" }, /结束日期格式不正确/],
      [{ period: "custom", from: "2024-03-02", to: "2024-03-01" }, /结束日期早于开始日期/],
      [{ period: "custom", from: "2000-01-01", to: "2024-03-01" }, /最长 10 年/],
      [{ period: "custom", from: "1999-12-01", to: "2000-01-01" }, /2000 年至 2100 年/],
    ];
    for (const [params, message] of cases) {
      const r = parsePeriod(params, NOW);
      expect(r.ok, JSON.stringify(params)).toBe(false);
      if (!r.ok) expect(r.error, JSON.stringify(params)).toMatch(message);
    }
  });

  it("round-trips through its query string", () => {
    for (const params of [
      { period: "year", year: "2023" },
      { period: "quarter", year: "2024", quarter: "3" },
      { period: "month", year: "2024", month: "11" },
      { period: "custom", from: "2024-03-15", to: "2024-04-02" },
    ]) {
      const r = parsePeriod(params, NOW);
      if (!r.ok) throw new Error(r.error);
      const again = parsePeriod(Object.fromEntries(new URLSearchParams(periodSearch(r.period))), NOW);
      expect(again).toEqual(r);
    }
  });

  it("months of a period, across a year end", () => {
    const r = parsePeriod({ period: "custom", from: "2023-11-20", to: "2024-02-01" });
    if (!r.ok) throw new Error(r.error);
    expect(monthsOf(r.period)).toEqual(["2023-11", "2023-12", "2024-01", "2024-02"]);
  });

  it("localDate reads a UTC instant as a CST day", () => {
    expect(localDate("2024-01-31T17:00:00.000Z")).toBe("2024-02-01");
    expect(localDate("2024-01-31T15:59:59Z")).toBe("2024-01-31");
    expect(localDate("not a date")).toBeNull();
  });
});

describe("working days", () => {
  const qingming = calendarFromSettings(["2024-04-04", "2024-04-05", "2024-04-06"], ["2024-04-07"]);

  it("weekends are not working days unless they are 调休 days; holidays are not", () => {
    expect(isWorkingDay("2024-04-03")).toBe(true); // Wednesday
    expect(isWorkingDay("2024-04-06")).toBe(false); // Saturday
    expect(isWorkingDay("2024-04-07")).toBe(false); // Sunday
    expect(isWorkingDay("2024-04-07", qingming)).toBe(true); // 调休
    expect(isWorkingDay("2024-04-04", qingming)).toBe(false); // 清明
  });

  it("counts the working days after the first day up to and including the last", () => {
    expect(workingDaysBetween("2024-04-01", "2024-04-01")).toBe(0);
    expect(workingDaysBetween("2024-04-05", "2024-04-08")).toBe(1); // Friday → Monday
    expect(workingDaysBetween("2024-04-01", "2024-04-05")).toBe(4); // Monday → Friday
    expect(workingDaysBetween("2024-04-06", "2024-04-07")).toBe(0); // weekend only
    expect(workingDaysBetween("2024-04-10", "2024-04-03")).toBe(0); // interpretation first: no lag
    expect(workingDaysBetween("2024-01-01", "2024-12-31")).toBe(261); // 366 days, 105 weekend days
  });

  it("applies the holiday list and 调休 days", () => {
    expect(workingDaysBetween("2024-04-03", "2024-04-10")).toBe(5);
    expect(workingDaysBetween("2024-04-03", "2024-04-10", qingming)).toBe(4);
    // a holiday listed on a weekend does not count twice; an unreadable list is ignored
    expect(workingDaysBetween("2024-04-03", "2024-04-10", calendarFromSettings(["2024-04-06"], []))).toBe(5);
    expect(workingDaysBetween("2024-04-03", "2024-04-10", calendarFromSettings("nonsense", [1, 2]))).toBe(5);
  });

  it("matches a day-by-day count on long spans", () => {
    const cal = calendarFromSettings(["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"], ["2024-09-29", "2024-10-12"]);
    const naive = (from: string, to: string) => {
      let n = 0;
      for (let d = Date.parse(from) + 86_400_000; d <= Date.parse(to); d += 86_400_000)
        if (isWorkingDay(new Date(d).toISOString().slice(0, 10), cal)) n++;
      return n;
    };
    for (const [a, b] of [
      ["2024-09-20", "2024-10-20"],
      ["2023-12-29", "2025-01-02"],
      ["2024-09-28", "2024-10-13"],
    ])
      expect(workingDaysBetween(a, b, cal), `${a}→${b}`).toBe(naive(a, b));
  });

  it("rejects a non-date loudly (a programming error, not user input)", () => {
    expect(() => workingDaysBetween("2024-02-30", "2024-03-01")).toThrow(RangeError);
  });
});
