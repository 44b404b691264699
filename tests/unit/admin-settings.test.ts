import { describe, expect, it } from "vitest";
import { formatDateLines, parseDateLines } from "~/domain/admin-settings";
import { STARTER_WORD_RULES } from "~/domain/checks";
import { followedByProblem, wordRuleSchema } from "~/domain/forms/admin";

describe("calendar lines", () => {
  it("expands runs, accepts / and . separators, skips blank lines, sorts and dedupes", () => {
    const r = parseDateLines("2024-10-06 ~ 2024-10-07\n\n2024/10/1\n2024.10.01\n2024-10-02 到 2024-10-03\r\n", "节假日");
    expect(r).toEqual({ ok: true, dates: ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-06", "2024-10-07"] });
  });

  it("names every bad line (up to five) and returns no dates", () => {
    const r = parseDateLines(["2024-02-30", "2024-01-01 至 2024-03-01", "1999-01-01", "明天", "2024-01-01 至 2024-01-02 至 2024-01-03", "x", "y"].join("\n"), "节假日");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toContain("第 1 行“2024-02-30”不是有效日期");
    expect(r.errors[1]).toContain("第 2 行“2024-01-01 至 2024-03-01”跨度超过 31 天");
    expect(r.errors[2]).toContain("第 3 行");
    expect(r.errors[3]).toContain("第 4 行“明天”");
    expect(r.errors[4]).toContain("第 5 行");
    expect(r.errors[5]).toBe("另有 2 行有误。");
  });

  it("formats stored dates with consecutive days compacted, and parsing the text gives the dates back", () => {
    const dates = ["2025-01-01", "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-05"];
    const text = formatDateLines(dates);
    expect(text).toBe("2024-10-01 至 2024-10-03\n2024-10-05\n2025-01-01");
    expect(parseDateLines(text, "节假日")).toEqual({ ok: true, dates: [...dates].sort() });
  });
});

describe("word rule contexts", () => {
  it("accepts every starter context", () => {
    for (const r of STARTER_WORD_RULES) if (r.followedBy) expect(followedByProblem(r.wrong, r.followedBy)).toBeNull();
  });

  it("refuses syntax errors, a lookahead escape and nested quantifiers, but not a quantified character class", () => {
    expect(followedByProblem("截止", "(\\d")).toContain("未闭合的圆括号");
    expect(followedByProblem("截止", "x)|(y")).toContain("多了一个右圆括号");
    expect(followedByProblem("截止", "(\\d{2,})+")).toContain("嵌套重复");
    expect(followedByProblem("截止", "([+*年])+")).toBeNull();
    expect(followedByProblem("截止", "(?:到|至)?\\s*\\d{4}")).toBeNull();
  });

  it("the schema refuses a rule whose right form equals its wrong form", () => {
    const r = wordRuleSchema.safeParse({ intent: "createWordRule", wrong: "权利", right: " 权利 ", severity: "error" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(["正确写法与错误写法相同，请修改其中之一。"]);
  });
});
