import { describe, expect, it } from "vitest";
import { calendarFromSettings } from "~/domain/dashboard/working-days";
import { addWorkingDays, beijingToday, dueLabel, dueState, interpretationDue } from "~/domain/lifecycle/deadlines";
import { orderTodo, overdueByUnit, withDue } from "~/domain/lifecycle/todo";

// 2024 National Day: 10-01..10-07 off; Sunday 09-29 and Saturday 10-12 are make-up working days
const NATIONAL_DAY = calendarFromSettings(
  ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05", "2024-10-06", "2024-10-07"],
  ["2024-09-29", "2024-10-12"],
);

describe("addWorkingDays", () => {
  it("skips the weekend: Friday + 1 working day is Monday, + 3 is Wednesday", () => {
    expect(addWorkingDays("2024-09-06", 1)).toBe("2024-09-09");
    expect(addWorkingDays("2024-09-06", 3)).toBe("2024-09-11");
  });

  it("counts from a weekend day to the following working days", () => {
    expect(addWorkingDays("2024-09-07", 1)).toBe("2024-09-09");
  });

  it("0 working days is the day itself", () => {
    expect(addWorkingDays("2024-09-07", 0)).toBe("2024-09-07");
  });

  it("skips listed holidays and counts make-up working days (调休)", () => {
    // Fri 09-27 → Sun 09-29 (make-up) is 1, Mon 09-30 is 2, then 10-01..10-07 off, Tue 10-08 is 3
    expect(addWorkingDays("2024-09-27", 1, NATIONAL_DAY)).toBe("2024-09-29");
    expect(addWorkingDays("2024-09-27", 3, NATIONAL_DAY)).toBe("2024-10-08");
    // without the calendar the same count ends inside the holiday
    expect(addWorkingDays("2024-09-27", 3)).toBe("2024-10-02");
    // Wed 10-09, Thu 10-10, Fri 10-11, Sat 10-12 (make-up): 4 working days after Tue 10-08
    expect(addWorkingDays("2024-10-08", 4, NATIONAL_DAY)).toBe("2024-10-12");
  });

  it("refuses a non-date or a negative count", () => {
    expect(() => addWorkingDays("2024-02-30", 1)).toThrow(RangeError);
    expect(() => addWorkingDays("2024-09-06", -1)).toThrow(RangeError);
  });
});

describe("interpretationDue", () => {
  const doc = { writtenDate: "2024-09-27", publishedAt: null, interpretationRequired: true };

  it("counts from the 成文日期 while the document is not public", () => {
    expect(interpretationDue(doc, 3, NATIONAL_DAY)).toEqual({ due: "2024-10-08", basis: "written", from: "2024-09-27" });
  });

  it("counts from the publication day in Beijing time once the document is public", () => {
    // 2024-09-29T17:00Z is 2024-09-30 01:00 in Beijing (Monday): 10-08, 10-09, 10-10 after the holiday
    expect(interpretationDue({ ...doc, publishedAt: "2024-09-29T17:00:00.000Z" }, 3, NATIONAL_DAY)).toEqual({
      due: "2024-10-10",
      basis: "published",
      from: "2024-09-30",
    });
  });

  it("nothing is due without an interpretation requirement or a date", () => {
    expect(interpretationDue({ ...doc, interpretationRequired: false }, 3)).toBeNull();
    expect(interpretationDue({ ...doc, writtenDate: null }, 3)).toBeNull();
    expect(interpretationDue({ ...doc, writtenDate: "2024-13-01" }, 3)).toBeNull();
  });
});

describe("dueState", () => {
  it("counts working days left and late on the calendar", () => {
    expect(dueLabel(dueState("2024-10-08", "2024-09-30", NATIONAL_DAY))).toBe("还剩 1 个工作日");
    expect(dueLabel(dueState("2024-10-08", "2024-10-08", NATIONAL_DAY))).toBe("今天到期");
    expect(dueLabel(dueState("2024-10-08", "2024-10-11", NATIONAL_DAY))).toBe("已逾期 3 个工作日");
    expect(dueLabel(dueState("2024-09-27", "2024-09-28", NATIONAL_DAY))).toBe("已逾期 1 个工作日");
  });

  it("takes today in Beijing time", () => {
    expect(beijingToday(new Date("2024-09-29T17:00:00Z"))).toBe("2024-09-30");
    expect(beijingToday(new Date("2024-09-29T15:59:00Z"))).toBe("2024-09-29");
  });
});

describe("the 待办 order and the office's units", () => {
  const rules = { maxLagWorkingDays: 3, calendar: NATIONAL_DAY, today: "2024-10-11" };
  const row = (documentId: number, departmentId: number, writtenDate: string | null) =>
    withDue(
      { documentId, title: `文件${documentId}`, departmentId, departmentName: `单位${departmentId}`, status: "drafting", writtenDate, publishedAt: null, interpretationRequired: true, reason: "" },
      rules,
    );

  it("puts the most overdue first and undated last", () => {
    const items = orderTodo([row(1, 1, "2024-10-10"), row(2, 1, null), row(3, 2, "2024-09-20"), row(4, 2, "2024-09-27")]);
    expect(items.map((i) => i.documentId)).toEqual([3, 4, 1, 2]);
    expect(items.map((i) => i.dueLabel)).toEqual(["已逾期 8 个工作日", "已逾期 3 个工作日", "还剩 2 个工作日", null]);
  });

  it("groups only overdue documents by unit, the unit with most first", () => {
    const units = overdueByUnit([row(1, 1, "2024-10-10"), row(5, 1, "2024-09-20"), row(3, 2, "2024-09-20"), row(4, 2, "2024-09-27")]);
    expect(units.map((u) => [u.departmentName, u.overdue.map((i) => i.documentId)])).toEqual([
      ["单位2", [3, 4]],
      ["单位1", [5]],
    ]);
  });
});
