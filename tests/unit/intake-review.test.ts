import { describe, expect, it } from "vitest";
import type { Fact } from "~/domain/analysis/types";
import { analyzeIntakeSchema, saveIntakeSchema, splitRecipients } from "~/domain/forms/intake";
import { describeFact, docNumberProblems, highlightSegments, publicityOption } from "~/domain/intake/review";

const fact = (start: number, end: number, extra: Partial<Fact> = {}): Fact => ({
  kind: "quantity",
  value: 294,
  unit: "项",
  text: "",
  start,
  end,
  path: [],
  ...extra,
});

describe("review screen helpers", () => {
  it("cuts the text at the figures, keeping every character once", () => {
    const text = "完成294项改革任务，2020年年底前完成。";
    const facts = [fact(2, 6, { text: "294项" }), fact(11, 19, { kind: "deadline", value: "2020-12-31", unit: "" })];
    const segments = highlightSegments(text, facts);
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments.filter((s) => s.factIndex !== null).map((s) => s.text)).toEqual(["294项", "2020年年底前"]);
  });

  it("skips overlapping and out-of-range facts instead of duplicating text", () => {
    const text = "一二三四五六";
    const segments = highlightSegments(text, [fact(0, 3), fact(2, 4), fact(5, 99)]);
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments.filter((s) => s.factIndex !== null)).toEqual([{ text: "一二三", factIndex: 0 }]);
  });

  it("describes a figure with kind, value, unit and clause", () => {
    expect(describeFact(fact(0, 4, { path: ["附件1", "二、", "（三）"] }))).toBe("数量：294项，位置：附件1第二部分第（三）项");
    expect(describeFact(fact(0, 4, { kind: "deadline", value: "2020-12-31", unit: "" }))).toBe("截止时间：2020-12-31");
    expect(describeFact(fact(0, 4, { kind: "frequency", value: 1, unit: "篇", period: "每月" }))).toBe("频次：1篇（每月）");
  });

  it("reports 文号 problems as typed", () => {
    expect(docNumberProblems("博政办字〔2020〕45号")).toEqual([]);
    expect(docNumberProblems("")).toEqual([]);
    expect(docNumberProblems("博政办字[2020]45号").join("")).toMatch(/〔〕|六角括号/);
    expect(docNumberProblems("随便写的").join("")).toContain("无法识别文号");
  });

  it("maps the printed 公开属性 to the stored option", () => {
    expect(publicityOption("此件公开发布")).toBe("主动公开");
    expect(publicityOption("此件依申请公开")).toBe("依申请公开");
    expect(publicityOption("此件不予公开")).toBe("不予公开");
    expect(publicityOption(null)).toBe("");
  });
});

describe("intake forms", () => {
  it("splits 主送机关 on 、，; and new lines", () => {
    expect(splitRecipients("各镇人民政府、街道办事处，区政府有关部门\n有关单位：")).toEqual(["各镇人民政府", "街道办事处", "区政府有关部门", "有关单位"]);
  });

  it("step 1 needs exactly one of file or text, and refuses an oversized or .doc file in the browser", () => {
    const schema = analyzeIntakeSchema(1024);
    expect(schema.safeParse({ intent: "analyze" }).success).toBe(false);
    expect(schema.safeParse({ intent: "analyze", pastedText: "正文" }).success).toBe(true);
    const big = schema.safeParse({ intent: "analyze", file: new File([new Uint8Array(2048)], "a.pdf") });
    expect(big.success ? "" : big.error.issues[0].message).toContain("超过上限");
    const doc = schema.safeParse({ intent: "analyze", file: new File(["x"], "a.doc") });
    expect(doc.success ? "" : doc.error.issues[0].message).toContain("另存为");
    const both = schema.safeParse({ intent: "analyze", pastedText: "正文", file: new File(["x"], "a.txt") });
    expect(both.success ? "" : both.error.issues[0].message).toContain("只选一种方式");
  });

  it("step 2 requires a title, a valid date and a 公开属性", () => {
    const r = saveIntakeSchema.safeParse({ intent: "save", sourceText: "正文", title: "", writtenDate: "2020-02-30x", publicity: "" });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(["请填写标题", "成文日期应为有效日期，如 2020-08-06", "请选择公开属性"]));
  });
});
