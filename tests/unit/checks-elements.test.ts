import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { packageContentInterpretation, runChecks, textInterpretation } from "~/domain/checks";
import { DEFAULT_REQUIRED_ELEMENTS, applicableElements, checkElements, missingElements } from "~/domain/checks/elements";
import { completeContent } from "../helpers/complete-package";

const all = { required: DEFAULT_REQUIRED_ELEMENTS, documentText: "各部门：现将有关事项通知如下。" };
const boshan = readFileSync(resolve(import.meta.dirname, "../../drizzle/seed/documents/boshan-2020-zwgk-yaodian.txt"), "utf8");

describe("要素 check", () => {
  it("a package with every element written gets no warning", () => {
    expect(checkElements(packageContentInterpretation(completeContent()), all)).toEqual([]);
  });

  it("names each missing element in its own warning, pointing at the field to write it in", () => {
    const content = completeContent();
    const input = packageContentInterpretation({ ...content, sections: { ...content.sections, terms: undefined } });
    const findings = checkElements(input, all);
    expect(findings.map((f) => [f.rule, f.severity, f.field, f.expected])).toEqual([["elements.missing", "warning", "sections.terms", null]]);
    expect(findings[0].message).toBe("解读缺少要素“关键词/术语”：请在“术语释义”中解释文件中的关键词和专业术语；确实不适用的，由审核人确认。");
  });

  it("counts an element said in prose, not only its own field", () => {
    const text = textInterpretation(
      "一、起草背景……二、主要内容：目标是……三、适用范围：全县低保对象，自2024年7月1日起施行。四、名词解释：分档救助是指按家庭困难程度分档发放。",
    );
    expect(missingElements(text, all)).toEqual([]);
    expect(missingElements(textInterpretation("新标准自7月1日起执行。"), all)).toEqual(["background", "goals", "scope", "terms"]);
  });

  it("asks for 新旧差异 only when the document replaces another (its words, or a link)", () => {
    expect(applicableElements(all)).not.toContain("comparison");
    expect(applicableElements({ ...all, documentText: "本通知自印发之日起施行，原《青禾县低保办法》同时废止。" })).toContain("comparison");
    expect(applicableElements({ ...all, replacesAnother: true })).toContain("comparison");
    // citing an amended law is not replacing a document
    expect(applicableElements({ ...all, documentText: boshan })).not.toContain("comparison");
  });

  it("asks for 办事指引 only when the document concerns services", () => {
    const services = { ...all, documentText: "符合条件的家庭可向户籍所在地乡镇（街道）提出申请。" };
    expect(applicableElements(all)).not.toContain("guide");
    expect(applicableElements(services)).toContain("guide");
    const text = textInterpretation("起草背景……目标任务……适用于全县居民，自7月1日起施行。术语：低保是指最低生活保障。");
    expect(missingElements(text, services)).toEqual(["guide"]);
    expect(missingElements(textInterpretation(`${text.text}群众可到乡镇便民服务窗口申请办理。`), services)).toEqual([]);
  });

  it("follows the settings: only the required elements are checked", () => {
    expect(missingElements(textInterpretation("新标准自7月1日起执行。"), { ...all, required: ["terms"] })).toEqual(["terms"]);
    expect(missingElements(textInterpretation("新标准自7月1日起执行。"), { ...all, required: [] })).toEqual([]);
  });

  it("runs in runChecks only when asked (the app passes the settings), and never on an empty interpretation", () => {
    const snippet = textInterpretation("新标准自7月1日起执行。");
    expect(runChecks(snippet).filter((f) => f.rule === "elements.missing")).toEqual([]);
    expect(runChecks(snippet, { elements: {} }).filter((f) => f.rule === "elements.missing")).toHaveLength(4);
    expect(runChecks(textInterpretation(""), { elements: {} })).toEqual([]);
  });
});
