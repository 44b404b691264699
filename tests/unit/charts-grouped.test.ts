/**
 * Grouped charts (城市/农村 × A/B/C/D 档) and crowded bar charts: the spec, the validation, the
 * generated alt text and data table.
 */
import { describe, expect, it } from "vitest";
import { barsFitVertically, buildChartSpec } from "~/domain/charts/spec";
import { estimateTextWidth } from "~/domain/charts/text-width";
import { chartAltText, chartDataTable, chartSpecFor, PREVIEW_SIZE, validateChartRows } from "~/domain/package/charts";
import type { ChartContent } from "~/domain/package/content";
import { chartSchema, parsePackageData } from "~/domain/package-data";
import { CHART_TYPE_LABELS } from "~/domain/vocabulary";

const tiers = [
  { series: "城市", label: "A档", value: 708 },
  { series: "城市", label: "B档", value: 531 },
  { series: "城市", label: "D档", value: 465 },
  { series: "农村", label: "A档", value: 528 },
  { series: "农村", label: "B档", value: 396 },
  { series: "农村", label: "D档", value: 330 },
];

function grouped(type: "grouped-bar" | "grouped-hbar") {
  return chartSchema.parse({ id: "tiers", type, title: "分档补助标准", unit: "元", source: "青山县民政局", data: tiers, altText: "分档补助" });
}

const nine: ChartContent = {
  type: "bar",
  title: "各类救助标准",
  unit: "元",
  source: "青山县民政局",
  data: ["城市低保", "农村低保", "城市特困", "农村特困", "全护理", "半护理", "全自理", "孤儿", "残疾人"].map((label, i) => ({ label, value: 300 + i * 100 })),
};

/** The encoding of the spec's bars (top-level encoding plus the bar layer's). */
function encodingOf(spec: object): Record<string, unknown> {
  const top = "encoding" in spec && typeof spec.encoding === "object" && spec.encoding !== null ? spec.encoding : {};
  return { ...top };
}

describe("grouped chart types", () => {
  it("are named in Chinese", () => {
    expect(CHART_TYPE_LABELS["grouped-bar"]).toBe("分组柱状图");
    expect(CHART_TYPE_LABELS["grouped-hbar"]).toBe("分组条形图");
  });

  it("grouped-bar puts the series side by side within each label, coloured by series, with value labels", () => {
    const spec = buildChartSpec(grouped("grouped-bar"));
    const enc = encodingOf(spec);
    expect(enc.xOffset).toMatchObject({ field: "series" });
    expect(enc.color).toMatchObject({ field: "series" });
    expect(enc.x).toMatchObject({ field: "label" });
    const json = JSON.stringify(spec);
    expect(json).toContain('"display":"708元"');
    expect(json).toContain('"type":"text"');
  });

  it("grouped-hbar stacks the series within each row", () => {
    const enc = encodingOf(buildChartSpec(grouped("grouped-hbar")));
    expect(enc.yOffset).toMatchObject({ field: "series" });
    expect(enc.y).toMatchObject({ field: "label" });
  });

  it("need a series on every row (editor cell errors and the exporter's schema)", () => {
    const rows = [...tiers.slice(0, 2), { label: "C档", value: 354 }];
    const errors = validateChartRows({ type: "grouped-bar", data: rows });
    expect(errors).toEqual([{ row: 3, column: "series", message: "第 3 行缺少系列，请填写所属分组（如“城市”“农村”）。" }]);
    expect(validateChartRows({ type: "bar", data: rows })).toEqual([]);
    const parsed = chartSchema.safeParse({ id: "t", type: "grouped-hbar", title: "t", source: "s", data: rows, altText: "a" });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(parsed.error.issues.map((i) => i.path.join("."))).toEqual(["data.2.series"]);
  });

  it("alt text reads series by series; the data table has a 系列 column", () => {
    const chart: ChartContent = { type: "grouped-bar", title: "分档补助标准", unit: "元", source: "青山县民政局", data: tiers };
    expect(chartAltText(chart)).toBe("分组柱状图“分档补助标准”：城市：A档708元、B档531元、D档465元；农村：A档528元、B档396元、D档330元。数据来源：青山县民政局。");
    expect(chartDataTable(chart).split("\n").slice(0, 2)).toEqual(["系列\t项目\t数值（元）", "城市\tA档\t708"]);
  });

  it("render through the package exporter", () => {
    const parsed = parsePackageData({
      document: { title: "关于调整城乡低保标准的通知", department: "青山县民政局" },
      sections: { background: "b", basis: "b", purpose: "p", mainContent: "m", scope: "s" },
      qa: [{ question: "q", answer: "a" }],
      charts: [grouped("grouped-bar")],
    });
    expect(parsed.ok).toBe(true);
  });
});

describe("crowded bar charts turn horizontal", () => {
  it("nine Chinese labels do not fit under vertical bars in the card or the editor preview", () => {
    const spec = chartSpecFor(nine, PREVIEW_SIZE);
    expect(spec.ok).toBe(true);
    if (!spec.ok) return;
    const enc = encodingOf(spec.spec);
    expect(enc.y).toMatchObject({ field: "label" });
    expect(enc.x).toMatchObject({ field: "value" });
  });

  it("a few short labels stay vertical (the existing look)", () => {
    const few = { data: nine.data.slice(0, 4).map((r) => ({ label: r.label, value: Number(r.value) })), unit: "元" };
    expect(barsFitVertically(few, PREVIEW_SIZE.width, false)).toBe(true);
    expect(barsFitVertically({ data: nine.data.map((r) => ({ label: r.label, value: Number(r.value) })), unit: "元" }, PREVIEW_SIZE.width, false)).toBe(false);
  });

  it("estimates Chinese glyphs at one em (vega's own guess is 0.8 em)", () => {
    expect(estimateTextWidth("城市全额", 13)).toBe(52);
    expect(estimateTextWidth("885", 10)).toBeGreaterThan(15);
  });
});
