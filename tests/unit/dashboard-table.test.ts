import { describe, expect, it } from "vitest";
import { compile } from "vega-lite";
import { formsHeatmapCells, formsHeatmapSpec, ratesByMonthSpec, waitingDistributionSpec } from "~/domain/dashboard/charts";
import { type DashboardFigures, emptyCounts, emptyLag, missingItems, withRates } from "~/domain/dashboard/metrics";
import { CSV_BOM, csvCell, dashboardCsv, departmentTable, toCsv } from "~/domain/dashboard/table";

function figures(): DashboardFigures {
  const a = emptyCounts();
  Object.assign(a, { published: 4, notRequired: 1, required: 3, interpreted: 2, synced: 2, singleForm: 1 });
  a.forms.text = 2;
  a.forms.qa = 1;
  const b = emptyCounts();
  Object.assign(b, { published: 2, required: 2, interpreted: 1, synced: 0, lagged: 1 });
  b.forms.chart = 1;
  const lag = emptyLag();
  lag.maxWorkingDays = 5;
  lag.overLimit = 1;
  lag.totalWorkingDays = 5;
  const total = emptyCounts();
  Object.assign(total, { published: 6, notRequired: 1, required: 5, interpreted: 3, synced: 2, lagged: 1, singleForm: 1 });
  Object.assign(total.forms, { text: 2, qa: 1, chart: 1 });
  return {
    period: { label: "2024年", from: "2024-01-01", to: "2024-12-31" },
    maxLagWorkingDays: 3,
    total: withRates(total, lag),
    departments: [
      { departmentId: 1, departmentName: "=HYPERLINK(\"http://x\")", ...withRates(a) },
      { departmentId: 2, departmentName: "乙局, \"二处\"", ...withRates(b, lag) },
    ],
    months: [{ month: "2024-01", ...withRates(a) }, { month: "2024-02", ...withRates(emptyCounts()) }],
    waiting: [{ stage: "political", label: "政治关", count: 1, averageDays: 2.5, maxDays: 2.5, buckets: { lt1: 0, "1to3": 1, "3to7": 0, "7to14": 0, ge14: 0 } }],
    checks: [{ rule: "-confusable", errors: 3, documents: 2 }],
  };
}

describe("CSV", () => {
  it("escapes quotes, commas and newlines", () => {
    expect(csvCell('a"b')).toBe('"a""b"');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell(12)).toBe("12");
    expect(csvCell(null)).toBe("");
  });

  it("defuses formulas: = + - @ tab and CR starts get a leading apostrophe", () => {
    for (const s of ["=1+1", "+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]) expect(csvCell(s).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("=A1,B1")).toBe("\"'=A1,B1\"");
    expect(csvCell(-2)).toBe("-2"); // a number is data, not a formula
    expect(csvCell("正常文字")).toBe("正常文字");
  });

  it("starts with a BOM, uses CRLF, and carries the dashboard numbers", () => {
    const csv = dashboardCsv(figures());
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.indexOf(CSV_BOM, 1)).toBe(-1);
    expect(csv).toContain("\r\n");
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")",4,1,3,2,1,66.7%`);
    expect(csv).toContain(`"乙局, ""二处""",2,0,2,1,1,50.0%,0,0.0%,1,5,1`);
    expect(csv).toContain("合计,6,1,5,3,2,60.0%,2,66.7%,1,5,1");
    expect(csv).toContain("'-confusable,3,2");
    expect(csv).toContain("2024-02,0,0,0,,0,\r\n"); // no rate → an empty cell, not 0
    expect(toCsv(["a"], [])).toBe(`${CSV_BOM}a\r\n`);
  });

  it("the department table has a total row", () => {
    const t = departmentTable(figures());
    expect(t.rows.at(-1)?.slice(0, 6)).toEqual(["合计", 6, 1, 5, 3, 2]);
    expect(t.columns).toHaveLength(t.rows[0].length);
  });
});

describe("chart specs compile with vega-lite", () => {
  it("heat map, monthly rates and waiting distribution", () => {
    const f = figures();
    for (const spec of [formsHeatmapSpec(f), ratesByMonthSpec(f), waitingDistributionSpec(f)]) {
      expect(() => compile(spec)).not.toThrow();
      expect(JSON.stringify(spec)).not.toMatch(/"url"/);
    }
  });

  it("the heat map lists the weakest departments first, one cell per form", () => {
    const cells = formsHeatmapCells(figures());
    expect(cells).toHaveLength(16);
    expect(cells[0].department).toBe("乙局, \"二处\""); // 50% < 66.7%
    expect(cells.find((c) => c.form === "文字解读" && c.department.startsWith("="))?.share).toBe(1);
    expect(formsHeatmapCells(figures(), 1)).toHaveLength(8);
  });
});

describe("missingItems", () => {
  const base = { status: "published", published: true, interpretationRequired: true, noInterpretationReason: null, packagePublished: true, synced: true, lagWorkingDays: null, openGates: [] };
  it("a full package lacks nothing", () => {
    expect(missingItems({ ...base, forms: ["text", "qa", "chart", "press", "head"] }, 3)).toEqual([]);
  });
  it("a lag within the limit is named but not flagged as over it", () => {
    expect(missingItems({ ...base, synced: false, lagWorkingDays: 2, forms: ["text", "qa", "graphic", "video", "head"] }, 3)).toEqual(["解读未与文件同步发布（滞后 2 个工作日）"]);
  });
  it("无需解读 lacks nothing", () => {
    expect(missingItems({ ...base, interpretationRequired: false, packagePublished: false, forms: [] }, 3)).toEqual([]);
  });
});
