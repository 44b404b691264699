import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { yearPeriod, quarterPeriod, monthPeriod } from "~/domain/dashboard/period";
import { formsPresent } from "~/domain/package/content";
import { loadPackageContent } from "~/features/package/content.server";
import { dashboardFigures } from "~/features/dashboard/figures.server";
import { departmentDrilldown, formsBySql } from "~/features/dashboard/drilldown.server";
import { createTestDb, type TestDb } from "../helpers/db";
import { NOW, type Scenario, seedDashboardScenario } from "./dashboard-scenario";

let t: TestDb;
let s: Scenario;
beforeAll(() => {
  t = createTestDb();
  s = seedDashboardScenario(t.db);
});
afterAll(() => t.cleanup());

const figures2024 = () => dashboardFigures(yearPeriod(2024), { now: NOW }, t.db);

describe("dashboard figures for 2024 (hand-computed, see dashboard-scenario.ts)", () => {
  it("totals: 10 published, 1 无需解读, 9 required, 7 interpreted, 6 in sync, 1 legacy lag of 4 working days", () => {
    const f = figures2024();
    expect(f.total.published).toBe(10);
    expect(f.total.notRequired).toBe(1);
    expect(f.total.required).toBe(9);
    expect(f.total.interpreted).toBe(7);
    expect(f.total.required - f.total.interpreted).toBe(2);
    expect(f.total.interpretationRate).toBe(0.7778); // 7 / 9
    expect(f.total.synced).toBe(6);
    expect(f.total.lagged).toBe(1);
    expect(f.total.syncRate).toBe(0.8571); // 6 / 7
    expect(f.total.lag.maxWorkingDays).toBe(4); // 04-03 → 04-10 with 清明 off and 04-07 调休
    expect(f.total.lag.overLimit).toBe(1); // 4 > 3
    expect(f.total.averageLagWorkingDays).toBe(4);
    expect(f.total.singleForm).toBe(2); // A2 文字, C2 问答 (whitespace-only text is no text)
    expect(f.maxLagWorkingDays).toBe(3);
  });

  it("forms among the 7 interpreted documents: counts and shares", () => {
    const f = figures2024();
    expect(f.total.forms).toEqual({ text: 5, qa: 4, chart: 3, graphic: 2, case: 2, video: 2, press: 3, head: 3 });
    expect(f.total.formShares).toEqual({ text: 0.7143, qa: 0.5714, chart: 0.4286, graphic: 0.2857, case: 0.2857, video: 0.2857, press: 0.4286, head: 0.4286 });
  });

  it("per department", () => {
    const f = figures2024();
    // the office (kind office, no documents) is not a drafting department and is not listed
    expect(f.departments.map((d) => d.departmentName)).toEqual(["甲局", "乙局", "丙局"]);
    const [a, b, c] = f.departments;
    expect([a.published, a.notRequired, a.required, a.interpreted, a.synced, a.lagged, a.singleForm]).toEqual([4, 1, 3, 2, 2, 0, 1]);
    expect([a.interpretationRate, a.syncRate, a.lag.maxWorkingDays]).toEqual([0.6667, 1, null]);
    expect(a.forms).toEqual({ text: 2, qa: 1, chart: 1, graphic: 0, case: 0, video: 0, press: 0, head: 1 });
    expect([b.published, b.notRequired, b.required, b.interpreted, b.synced, b.lagged, b.singleForm]).toEqual([3, 0, 3, 2, 1, 1, 0]);
    expect([b.interpretationRate, b.syncRate, b.lag.maxWorkingDays, b.lag.overLimit]).toEqual([0.6667, 0.5, 4, 1]);
    expect(b.forms).toEqual({ text: 1, qa: 1, chart: 0, graphic: 1, case: 1, video: 1, press: 1, head: 0 });
    expect([c.published, c.notRequired, c.required, c.interpreted, c.synced, c.lagged, c.singleForm]).toEqual([3, 0, 3, 3, 3, 0, 1]);
    expect([c.interpretationRate, c.syncRate]).toEqual([1, 1]);
    expect(c.forms).toEqual({ text: 2, qa: 2, chart: 2, graphic: 1, case: 1, video: 1, press: 2, head: 2 });
  });

  it("by CST month: B1 at 2024-01-31T17:00Z is February; C1 at 23:59 CST on 12-31 is December", () => {
    const f = figures2024();
    expect(f.months.map((m) => m.month)).toEqual(["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]);
    const row = (m: string) => {
      const x = f.months.find((r) => r.month === m);
      return x ? [x.published, x.required, x.interpreted, x.synced, x.interpretationRate, x.syncRate] : null;
    };
    expect(row("2024-01")).toEqual([0, 0, 0, 0, null, null]);
    expect(row("2024-02")).toEqual([1, 1, 1, 1, 1, 1]);
    expect(row("2024-03")).toEqual([2, 2, 2, 2, 1, 1]);
    expect(row("2024-04")).toEqual([1, 1, 1, 0, 1, 0]);
    expect(row("2024-06")).toEqual([2, 1, 0, 0, 0, null]);
    expect(row("2024-07")).toEqual([1, 1, 1, 1, 1, 1]);
    expect(row("2024-09")).toEqual([1, 1, 0, 0, 0, null]);
    expect(row("2024-11")).toEqual([1, 1, 1, 1, 1, 1]);
    expect(row("2024-12")).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it("packages waiting now, per gate (gates in parallel, current round only) and for how long", () => {
    const f = figures2024();
    const w = Object.fromEntries(f.waiting.map((x) => [x.stage, [x.count, x.averageDays, x.maxDays]]));
    expect(w).toEqual({
      submitted: [1, 2, 2], // W4, no audit row: since updated_at
      political: [0, null, null],
      legal: [0, null, null],
      secrecy: [1, 5, 5], // W1: round-0 pass does not count
      text: [1, 5, 5], // W1: 'return' is not a pass
      awaiting_signoff: [1, 0.5, 0.5], // W2: the latest entry, not the one 20 days ago
      signed: [1, 16, 16],
    });
    const buckets = Object.fromEntries(f.waiting.map((x) => [x.stage, x.buckets]));
    expect(buckets.secrecy).toEqual({ lt1: 0, "1to3": 0, "3to7": 1, "7to14": 0, ge14: 0 });
    expect(buckets.awaiting_signoff).toEqual({ lt1: 1, "1to3": 0, "3to7": 0, "7to14": 0, ge14: 0 });
    expect(buckets.signed).toEqual({ lt1: 0, "1to3": 0, "3to7": 0, "7to14": 0, ge14: 1 });
    expect(buckets.submitted).toEqual({ lt1: 0, "1to3": 1, "3to7": 0, "7to14": 0, ge14: 0 });
  });

  it("审校 errors caught before release, by rule, within the period", () => {
    expect(figures2024().checks).toEqual([
      { rule: "confusable-word", errors: 3, documents: 2 },
      { rule: "personal-data", errors: 2, documents: 1 },
      { rule: "doc-number-format", errors: 1, documents: 1 },
    ]);
  });

  it("quarter and month periods, and one department", () => {
    const q2 = dashboardFigures(quarterPeriod(2024, 2), { now: NOW }, t.db);
    expect([q2.total.published, q2.total.required, q2.total.interpreted, q2.total.synced, q2.total.lagged]).toEqual([3, 2, 1, 0, 1]);
    expect(q2.months.map((m) => m.month)).toEqual(["2024-04", "2024-05", "2024-06"]);
    expect(q2.checks).toEqual([
      { rule: "confusable-word", errors: 2, documents: 1 },
      { rule: "doc-number-format", errors: 1, documents: 1 },
    ]);
    const dec = dashboardFigures(monthPeriod(2024, 12), { now: NOW }, t.db);
    expect(dec.total.published).toBe(1); // C1, not X2 (00:00 CST on 2025-01-01)
    const onlyB = dashboardFigures(yearPeriod(2024), { now: NOW, departmentId: s.dept.B }, t.db);
    expect(onlyB.departments.map((d) => d.departmentName)).toEqual(["乙局"]);
    expect([onlyB.total.published, onlyB.total.interpreted, onlyB.total.lagged]).toEqual([3, 2, 1]);
    expect(onlyB.waiting.find((w) => w.stage === "awaiting_signoff")?.count).toBe(1);
    expect(onlyB.waiting.find((w) => w.stage === "secrecy")?.count).toBe(0);
    expect(onlyB.checks).toEqual([]);
  });
});

describe("both counting strategies give the same figures", () => {
  it("scan (set-based package_forms) and probe (EXISTS per document)", () => {
    for (const period of [yearPeriod(2024), quarterPeriod(2024, 2), monthPeriod(2024, 12)]) {
      const scan = dashboardFigures(period, { now: NOW, strategy: "scan" }, t.db);
      const probe = dashboardFigures(period, { now: NOW, strategy: "probe" }, t.db);
      expect(probe).toEqual(scan);
      expect(scan.total.published).toBeGreaterThan(0);
    }
    expect(dashboardFigures(yearPeriod(2024), { now: NOW, strategy: "scan" }, t.db)).toEqual(figures2024());
  });
});

describe("forms: SQL EXISTS agrees with formsPresent", () => {
  it("for every package of the scenario", () => {
    const bySql = formsBySql(t.db);
    expect(bySql.size).toBeGreaterThan(15);
    for (const [packageId, forms] of bySql) {
      const content = loadPackageContent(t.db, packageId);
      expect(content, `package ${packageId}`).not.toBeNull();
      if (content) expect(forms, `package ${packageId}`).toEqual(formsPresent(content));
    }
    expect(bySql.get(s.pkg.C2)).toEqual(["qa"]);
    expect(bySql.get(s.pkg.C3)).toEqual(["text", "qa", "chart", "graphic", "case", "video", "press", "head"]);
  });
});

describe("department drill-down", () => {
  it("lists the documents with their status and what is missing", () => {
    const dd = departmentDrilldown(s.dept.A, yearPeriod(2024), { now: NOW }, t.db);
    expect(dd).not.toBeNull();
    if (!dd) return;
    expect(dd.department.name).toBe("甲局");
    const byTitle = Object.fromEntries(dd.documents.map((d) => [d.title, d]));
    // in scope: A1–A4 published in 2024 and W1, W4 still in the workflow; not X1 (2023) nor X3 (withdrawn)
    expect(Object.keys(byTitle).sort()).toEqual(["测试文件A1", "测试文件A2", "测试文件A3", "测试文件A4", "测试文件W1", "测试文件W4"]);
    expect(dd.totalDocuments).toBe(6);
    expect(byTitle.测试文件A3.missing).toEqual(["缺少解读：文件已发布但没有公开的解读材料"]);
    expect(byTitle.测试文件A4.missing).toEqual([]);
    expect(byTitle.测试文件A4.noInterpretationReason).toBe("内部管理事项，经负责人签批无需解读");
    expect(byTitle.测试文件A2.missing).toEqual(["形式单一：仅有文字解读", "缺少简明问答", "缺少图表或图解", "缺少视频或新闻发布会/吹风会", "缺少主要负责人解读"]);
    expect(byTitle.测试文件A1.missing).toEqual(["缺少视频或新闻发布会/吹风会"]);
    expect(byTitle.测试文件W1.missing).toEqual(["审核中，等待保密关、文字关"]);
    expect(byTitle.测试文件W4.missing).toEqual(["已提交，等待审核"]);
    expect(dd.figures.total.published).toBe(4);
  });

  it("shows the legacy lag", () => {
    const dd = departmentDrilldown(s.dept.B, yearPeriod(2024), { now: NOW }, t.db);
    const b2 = dd?.documents.find((d) => d.title === "测试文件B2");
    expect(b2?.lagWorkingDays).toBe(4);
    expect(b2?.missing[0]).toBe("解读滞后 4 个工作日，超过 3 个工作日的要求");
    expect(dd?.documents.find((d) => d.title === "测试文件B3")?.missing).toEqual(["缺少解读：文件已发布但没有公开的解读材料"]);
  });

  it("an unknown department is null (the route answers 404)", () => {
    expect(departmentDrilldown(987654, yearPeriod(2024), { now: NOW }, t.db)).toBeNull();
  });
});
