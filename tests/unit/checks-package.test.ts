import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { packageContentInterpretation, prepareDocument, runChecks } from "~/domain/checks";
import { emptyPackageContent } from "~/domain/package/content";
import { XIHAIAN_PACKAGE } from "~/seed/seed-workflow.server";

const XIHAIAN = prepareDocument(analyzeDocument(readFileSync(new URL("../../drizzle/seed/documents/xihaian-2020-zwgk-yaodian-kaohe.txt", import.meta.url), "utf8")));

describe("审校 of a stored package (PackageContent)", () => {
  it("the demo package is clean: no errors, no warnings", () => {
    const content = { ...emptyPackageContent(), ...XIHAIAN_PACKAGE };
    const f = runChecks(packageContentInterpretation(content), { document: XIHAIAN, referenceYear: 2020 });
    expect(f.filter((x) => x.severity !== "info")).toEqual([]);
  });

  it("chart data, graphic slots, alt texts and 小红书 titles are checked with their field", () => {
    const content = structuredClone({ ...emptyPackageContent(), ...XIHAIAN_PACKAGE });
    content.plan.channels = ["xhs"];
    content.charts[0].data[1].value = 60; // 第三方评估 70 → 60
    content.charts[0].altText = "";
    content.graphics[0].slots = { ...content.graphics[0].slots, title: "一图读懂青岛西海岸新区2020年政务公开工作要点和考核办法" };
    const input = packageContentInterpretation(content);
    const f = runChecks(input, { document: XIHAIAN, referenceYear: 2020 });
    const chart = f.find((x) => x.rule === "figure.mismatch" && x.field === "charts[0].data[1]");
    expect(chart?.expected).toBe("70 分");
    expect(chart && input.text.slice(chart.offset, chart.offset + chart.excerpt.length)).toBe("60分");
    expect(f.find((x) => x.rule === "a11y.alt-missing")?.field).toBe("charts[0].altText");
    const xhs = f.find((x) => x.rule === "channel.title-length");
    expect(xhs?.field).toBe("graphics[0].slots.title");
    expect(xhs?.severity).toBe("warning");
  });

  it("HTML sections are checked as their visible text", () => {
    const content = { ...emptyPackageContent(), sections: { measures: "<p>重点做好<strong>295项</strong>改革任务。</p>" } };
    const input = packageContentInterpretation(content);
    const f = runChecks(input, { document: XIHAIAN });
    const m = f.find((x) => x.rule === "figure.mismatch");
    expect(m?.field).toBe("sections.measures");
    expect(input.text).not.toContain("<strong>");
    expect(m && input.text.slice(m.offset, m.offset + 4)).toBe("295项");
  });
});
