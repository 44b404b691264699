import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { ACCESSIBLE_PALETTE, CHART_FONT, buildChartSpec, validateChartSpec } from "~/domain/charts/spec";
import { type Chart, chartSchema } from "~/domain/package-data";
import { CHART_TYPES } from "~/domain/vocabulary";

function chart(type: Chart["type"]): Chart {
  return chartSchema.parse({
    id: `c-${type}`,
    type,
    title: "考核分值构成",
    unit: "分",
    source: "2020年政务公开工作考核办法",
    data: [
      { label: "日常考核", value: 30, series: "分值", date: "2020-08-06" },
      { label: "第三方评估", value: 70, series: "分值", date: "2020-08-31" },
    ],
    altText: "日常考核30分，第三方评估70分",
  });
}

describe("buildChartSpec", () => {
  it.each(CHART_TYPES)("%s: inline data, bundled font, accessible palette, valid vega-lite", (type) => {
    const spec = buildChartSpec(chart(type));
    const json = JSON.stringify(spec);
    expect(json).toContain('"values":[');
    expect(json).not.toMatch(/"url"\s*:/);
    expect(spec.config?.font).toBe(CHART_FONT);
    expect(spec.config?.range?.category).toEqual([...ACCESSIBLE_PALETTE]);
    expect(validateChartSpec(spec)).toEqual({ ok: true, spec });
    // Compiles to vega without warnings about unknown properties.
    const warnings: string[] = [];
    const logger = { level: () => logger, info: () => logger, debug: () => logger, warn: (...m: unknown[]) => (warnings.push(m.join(" ")), logger), error: (...m: unknown[]) => (warnings.push(m.join(" ")), logger) };
    const out = compile(spec, { logger });
    expect(out.spec.marks?.length ?? 0).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });

  it("is deterministic and carries values with their unit as data, not expressions", () => {
    const a = buildChartSpec(chart("donut"));
    expect(buildChartSpec(chart("donut"))).toEqual(a);
    expect(JSON.stringify(a)).toContain('"display":"30分"');
    expect(JSON.stringify(a)).not.toContain("calculate");
  });
});

describe("validateChartSpec", () => {
  const ok = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", data: { values: [{ a: 1 }] }, mark: "bar", encoding: { x: { field: "a", type: "quantitative" } } };

  it("accepts an inline-data spec with the vega-lite $schema", () => {
    expect(validateChartSpec(ok).ok).toBe(true);
  });

  it.each([
    ["data.url", { ...ok, data: { url: "http://127.0.0.1:9/data.json" } }, "data.url"],
    ["a nested url (lookup)", { ...ok, transform: [{ lookup: "a", from: { data: { url: "x.csv" }, key: "a" } }] }, "url"],
    ["href channel", { ...ok, encoding: { href: { field: "a" } } }, "href"],
    ["image mark", { ...ok, mark: "image" }, "image"],
    ["unknown mark", { ...ok, mark: { type: "marquee" } }, "marquee"],
    ["javascript: string", { ...ok, title: "javascript:alert(1)" }, "javascript"],
    ["URL string in a value", { ...ok, data: { values: [{ a: "file:///etc/passwd" }] } }, "外部地址"],
    ["data URL string", { ...ok, background: "data:image/png;base64,AAAA" }, "外部地址"],
    ["foreign $schema", { ...ok, $schema: "https://evil.example/schema.json" }, "$schema"],
    ["data without values", { ...ok, data: { format: { type: "csv" } } }, "data.values"],
  ])("rejects %s", (_name, spec, expected) => {
    const result = validateChartSpec(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.join("\n")).toContain(expected);
  });

  it("rejects non-objects and specs without a mark or layer", () => {
    expect(validateChartSpec("bar").ok).toBe(false);
    expect(validateChartSpec([ok]).ok).toBe(false);
    expect(validateChartSpec({ data: { values: [] } }).ok).toBe(false);
  });
});
