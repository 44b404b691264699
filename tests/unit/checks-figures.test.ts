/**
 * 审校 figures and dates (issue 11): a suggested value is the document's value for the *same
 * item*, matched by the words around it, its markers (城市/农村, A–D 档, 报告书/报告表), its role
 * (old value, new value, increase) and its place in a list — never merely a figure with the same
 * unit. When no item matches with confidence the finding says so and suggests nothing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { type Finding, prepareDocument, runChecks, textInterpretation } from "~/domain/checks";

const documentOf = (name: string) => prepareDocument(analyzeDocument(readFileSync(new URL(`../fixtures/checks/documents/${name}`, import.meta.url), "utf8")));
const DIBAO = documentOf("qinghe-2024-dibao-biaozhun.txt");
const MEASURES = documentOf("qinghe-2024-wenzengzhang-cuoshi.txt");

function check(text: string, doc = DIBAO): Finding[] {
  return runChecks(textInterpretation(text), { document: doc, referenceYear: 2024 });
}

/** The finding sitting exactly on the first `excerpt` of the text. */
function on(findings: Finding[], text: string, excerpt: string): Finding | undefined {
  const offset = text.indexOf(excerpt);
  return findings.find((f) => f.offset === offset && f.excerpt === excerpt);
}

describe("a suggestion is the document's value for the same item", () => {
  it("城市 895 against 城市 885 / 农村 660: the 城市 standard is suggested, not the 农村 one (the issue's case)", () => {
    const text = "城市低保标准为每人每月895元，农村低保标准为每人每月660元。";
    // worded like the notice: the 农村 clause reads like the interpretation's, the 城市 one does not
    const notice = prepareDocument(analyzeDocument("关于调整城乡低保标准的通知\n\n一、城市低保标准提高25元，调整为每人每月885元；农村低保标准为每人每月660元。\n"));
    const short = on(check(text, notice), text, "895元");
    expect(short?.expected).toBe("885 元");
    expect(short?.message).toContain("文件为 885 元");
    const f = on(check(text), text, "895元");
    expect(f?.rule).toBe("figure.mismatch");
    expect(f?.severity).toBe("error");
    expect(f?.expected).toBe("885 元");
    expect(f?.message).toContain("文件为 885 元");
    expect(check(text).filter((x) => x.excerpt === "660元")).toEqual([]);
  });

  it("环评报告书 10 个工作日 against 14 (报告书) — not 3 or 10, which other items have", () => {
    const text = "环评报告书审批时限压缩至10个工作日内。";
    const f = on(check(text, MEASURES), text, "10个工作日");
    expect(f?.rule).toBe("figure.mismatch");
    expect(f?.expected).toBe("14 个工作日");
  });

  it("the value of another item is an error when the markers say which item it is (城市 written with the 农村 value)", () => {
    const text = "城市低保标准由每人每月860元提高到660元。";
    expect(on(check(text), text, "660元")?.expected).toBe("885 元");
  });

  it("tiers: D档 456 is corrected to D档's 465", () => {
    const text = "农村低保实行分档救助，D档每人每月456元。";
    expect(on(check(text), text, "456元")?.expected).toBe("465 元");
  });

  it("the new value, not the old one, for a figure that does not say it is the old value", () => {
    const text = "城市特困人员基本生活标准为每人每月1250元。";
    expect(on(check(text), text, "1250元")?.expected).toBe("1150 元");
    // the document's old value stated as the current one
    const stale = "城市特困人员基本生活标准为每人每月1120元。";
    expect(on(check(stale), stale, "1120元")?.expected).toBe("1150 元");
    // … and stated as the old value it is fine
    expect(check("城市特困人员基本生活标准由原来的每人每月1120元提高到1150元。").filter((x) => x.severity !== "info")).toEqual([]);
  });

  it("an increase is compared with the document's change (885 − 860 = 25)", () => {
    expect(check("城市低保标准由每人每月860元提高到885元，提高25元。").filter((x) => x.severity !== "info")).toEqual([]);
    const text = "城市低保标准由每人每月860元提高到885元，提高35元。";
    expect(on(check(text), text, "35元")?.expected).toBe("25 元");
  });

  it("a list follows the document's list by position and labels (分别为)", () => {
    const text = "对新认定的国家级专精特新“小巨人”企业、省级专精特新中小企业分别给予50万元、20万元奖励。";
    expect(on(check(text, MEASURES), text, "20万元")?.expected).toBe("10 万元");
  });

  it("no confident item: the figure is reported as not found, with no suggestion", () => {
    // 低保标准 without 城市/农村 could be either standard
    const text = "低保标准为每人每月895元。";
    const found = check(text).filter((x) => x.excerpt === "895元");
    expect(found).toHaveLength(1);
    expect(found[0].rule).toBe("figure.unmatched");
    expect(found[0].expected).toBeNull();
    expect(found[0].message).toContain("没有找到");
  });

  it("a suggestion never copies the value a neighbouring figure already states", () => {
    // 385 is a computed amount next to the 885 standard: never "885" or another standard
    const text = "张某一家三口，家庭人均月收入500元，按新标准885元计算，每人每月可领取385元。";
    for (const f of check(text)) expect(f.severity, `${f.rule} ${f.excerpt} → ${f.expected}`).not.toBe("error");
  });
});

describe("dates are matched the same way", () => {
  it("a changed start date is corrected to the document's start date", () => {
    const text = "新标准自2024年7月15日起执行。";
    const f = check(text).find((x) => x.excerpt === "2024年7月15日");
    expect(f?.rule).toBe("date.mismatch");
    expect(f?.expected).toBe("2024年7月1日");
  });

  it("another item's deadline is an error for this item (6月30日 belongs to the system update, 6月25日 to the review)", () => {
    const text = "各乡镇（街道）要在2024年6月30日前完成在册救助对象家庭经济状况复核。";
    const f = check(text).find((x) => x.excerpt === "2024年6月30日前");
    expect(f?.rule).toBe("date.mismatch");
    expect(f?.expected).toBe("2024年6月25日前");
  });

  it("the day the document was issued is its 成文日期", () => {
    const text = "经县政府同意，于2024年6月21日印发。";
    const f = check(text).find((x) => x.excerpt === "2024年6月21日");
    expect(f?.expected).toBe("2024年6月12日");
    expect(check("经县政府同意，于2024年6月12日印发。").filter((x) => x.severity !== "info")).toEqual([]);
  });
});

describe("worked examples", () => {
  it("a figure of a worked example that differs from the document only warns", () => {
    const doc = prepareDocument(analyzeDocument(readFileSync(new URL("../fixtures/checks/documents/qinghe-2024-gengdi-butie.txt", import.meta.url), "utf8")));
    const text = "举个例子：种粮大户老李今年种了80亩小麦，每亩可领取125元地力保护补贴。";
    const f = runChecks(textInterpretation(text), { document: doc, referenceYear: 2024 });
    expect(f.filter((x) => x.severity === "error")).toEqual([]);
  });
});
