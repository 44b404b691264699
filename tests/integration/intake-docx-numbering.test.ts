/**
 * .docx files whose headings are numbered by Word's automatic numbering: the labels Word shows
 * ("一、", "（一）", "1.", "（1）", "①") are written into the extracted text, so the analysis
 * finds the whole heading tree. Files are real .docx packages built with jszip, plus a file
 * saved by Microsoft Word (mammoth's simple-list.docx, BSD-2-Clause) with its list turned into
 * Chinese numbering.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { analyzeDocument, flattenOutline } from "~/domain/analysis";
import { labelNumberedParagraphs } from "~/domain/intake/docx-numbering.server";
import { extractText } from "~/domain/intake/extract-text.server";
import { buildDocx } from "../helpers/docx";
import { buildNumberedPlan, PLAN_PARAGRAPHS, PLAN_STYLES, planNumbering } from "../helpers/numbered-docx";

const fixtures = path.resolve(import.meta.dirname, "../fixtures/intake");

/** mammoth's raw text: every paragraph followed by a blank line. */
const asRawText = (paragraphs: string[]) => paragraphs.map((p) => `${p}\n\n`).join("");

async function mammothText(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

const PLAN_TEXT = asRawText([
  "某某市数字政府建设实施方案",
  "为加快推进数字政府建设，结合我市实际，制定本方案。",
  "一、总体要求",
  "（一）基本原则",
  "1.坚持统筹推进。全市一盘棋，统一规划建设。",
  "2.坚持便民高效。",
  "（1）线上办理。",
  "（2）线下办理。",
  "（二）发展目标",
  "1.到2025年，政务服务事项全部网上可办。",
  "二、主要任务",
  "（一）推进政务服务一网通办",
  "①办事指南标准化；",
  "②申报材料电子化。",
  "（二）加强数据共享",
  "①目录统一编制；",
  "②接口统一管理。",
  // Word numbers the empty paragraph "1." as well; it has nothing to read, so no label here.
  "",
  "2.共享数据按需申请。",
  "三、保障措施",
  "各部门要加强组织领导，确保各项任务落到实处。",
]);

describe("automatic numbering in .docx intake", () => {
  it("writes the labels Word shows into the text: four levels, restarts, a style-numbered heading, startOverride", async () => {
    const bytes = await buildNumberedPlan();
    // Without the reconstruction the labels are simply missing.
    expect(await mammothText(bytes)).not.toContain("一、");
    const result = await extractText(bytes, "实施方案.docx");
    expect(result.format).toBe("docx");
    expect(result.warnings).toEqual([]);
    expect(result.text).toBe(PLAN_TEXT);
  });

  it("the analysis finds the full heading tree with its markers and titles", async () => {
    const result = await extractText(await buildNumberedPlan(), "实施方案.docx");
    const a = analyzeDocument(result.text);
    expect(a.parts).toHaveLength(1);
    const tree = (nodes: typeof a.parts[0]["outline"]): unknown[] =>
      nodes.map((n) => (n.children.length > 0 ? [`${n.marker}${n.title}`, tree(n.children)] : `${n.marker}${n.title}`));
    expect(tree(a.parts[0].outline)).toEqual([
      [
        "一、总体要求",
        [
          ["（一）基本原则", ["1.坚持统筹推进", ["2.坚持便民高效", ["（1）线上办理", "（2）线下办理"]]]],
          ["（二）发展目标", ["1.到2025年，政务服务事项全部网上可办"]],
        ],
      ],
      ["二、主要任务", ["（一）推进政务服务一网通办", ["（二）加强数据共享", ["2.共享数据按需申请"]]]],
      "三、保障措施",
    ]);
    expect(flattenOutline(a.parts[0].outline).map((n) => n.level)).toEqual([1, 2, 3, 3, 4, 4, 2, 3, 1, 2, 2, 3, 1]);
    // The circled items are body text of the heading they stand under.
    const task = flattenOutline(a.parts[0].outline).find((n) => n.title === "推进政务服务一网通办");
    expect(task?.text).toContain("①办事指南标准化；");
    expect(task?.text).toContain("②申报材料电子化。");
  });

  it("a second instance of the same list continues its numbers unless it has a startOverride", async () => {
    const continued = await extractText(await buildNumberedPlan({ restartCircles: false }), "实施方案.docx");
    expect(continued.text).toContain("③目录统一编制；\n\n④接口统一管理。");
    const restarted = await extractText(await buildNumberedPlan(), "实施方案.docx");
    expect(restarted.text).toContain("①目录统一编制；\n\n②接口统一管理。");
  });

  it("a startOverride that is not 1, Latin formats, legal numbering, lvlRestart and the separator", async () => {
    const bytes = await buildDocx(
      [
        { text: "Scope", num: { id: 7, level: 0 } },
        { text: "Terms", num: { id: 7, level: 1 } },
        { text: "2024年起施行。", num: { id: 7, level: 1 } },
        { text: "细则", num: { id: 7, level: 2 } },
        { text: "条款甲", num: { id: 7, level: 3 } },
        { text: "附则", num: { id: 7, level: 1 } },
        { text: "细目", num: { id: 7, level: 2 } },
        { text: "Definitions", num: { id: 7, level: 0 } },
        { text: "Words", num: { id: 7, level: 1 } },
        { text: "定义", num: { id: 7, level: 2 } },
        { text: "条款乙", num: { id: 7, level: 3 } },
      ],
      {
        numbering: {
          abstractNums: [
            {
              id: 3,
              levels: [
                { ilvl: 0, start: 1, numFmt: "upperRoman", lvlText: "%1.", suff: "space" },
                { ilvl: 1, start: 1, numFmt: "lowerLetter", lvlText: "(%2)" },
                // restarts only when level 1 (ilvl 0) is used, not under each new (b), (c)
                { ilvl: 2, start: 1, numFmt: "decimal", lvlText: "%1.%2.%3", isLgl: true, restart: 1 },
                { ilvl: 3, start: 1, numFmt: "decimal", lvlText: "%4)", restart: 0 },
              ],
            },
          ],
          nums: [{ id: 7, abstractNumId: 3, startOverrides: { 0: 4 } }],
        },
      },
    );
    const result = await extractText(bytes, "rules.docx");
    expect(result.text).toBe(
      asRawText(["IV. Scope", "(a) Terms", "(b) 2024年起施行。", "4.2.1细则", "1)条款甲", "(c)附则", "4.3.2细目", "V. Definitions", "(a) Words", "5.1.1定义", "2)条款乙"]),
    );
  });

  it("a list defined through a numbering style (numStyleLink) numbers like the list it links to, sharing its counter", async () => {
    const bytes = await buildDocx(
      [
        { text: "工作目标", num: { id: 20, level: 0 } },
        { text: "工作任务", num: { id: 21, level: 0 } },
        { text: "重点任务", num: { id: 21, level: 1 } },
      ],
      {
        numbering: {
          abstractNums: [
            {
              id: 20,
              styleLink: "GovList",
              levels: [
                { ilvl: 0, start: 1, numFmt: "chineseCounting", lvlText: "%1、", suff: "nothing" },
                { ilvl: 1, start: 1, numFmt: "chineseCounting", lvlText: "（%2）", suff: "nothing" },
              ],
            },
            { id: 21, numStyleLink: "GovList", levels: [] },
          ],
          nums: [
            { id: 20, abstractNumId: 20 },
            { id: 21, abstractNumId: 21 },
          ],
        },
        styles: [
          { id: "a", name: "Normal", default: true },
          { id: "GovList", type: "numbering", num: { id: 20 } },
        ],
      },
    );
    expect((await extractText(bytes, "a.docx")).text).toBe(asRawText(["一、工作目标", "二、工作任务", "（一）重点任务"]));
  });

  it("reads Word 2010 alternate content in numbering.xml (custom formats) through its fallback", async () => {
    const numberingXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" mc:Ignorable="w14">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>
<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>
<w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`;
    const bytes = await buildDocx(
      [
        { text: "工作目标", num: { id: 1, level: 0 } },
        { text: "工作任务", num: { id: 1, level: 0 } },
      ],
      { numberingXml },
    );
    expect((await extractText(bytes, "a.docx")).text).toBe(asRawText(["01、工作目标", "02、工作任务"]));
  });

  it("numbered paragraphs in a table and in a text box count once, in document order", async () => {
    // A text box is stored twice: a DrawingML copy in mc:Choice and a VML copy in mc:Fallback.
    const para = (text: string, num?: string) =>
      `<w:p>${num ? `<w:pPr><w:numPr><w:ilvl w:val="${num}"/><w:numId w:val="1"/></w:numPr></w:pPr>` : ""}<w:r><w:t>${text}</w:t></w:r></w:p>`;
    const table = (cell: string) => `<w:tbl><w:tr><w:tc>${cell}</w:tc></w:tr></w:tbl>`;
    const textBox = (inner: string) =>
      `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>${inner}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>${inner}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const numbered = await buildDocx(
      [
        { text: "总体要求", style: "1" },
        { xml: table(para("表内事项", "1")) },
        { xml: textBox(para("文本框事项", "1")) },
        { text: "主要任务", style: "1" },
        { xml: table(para("表内事项", "1")) },
      ],
      { numbering: planNumbering(), styles: PLAN_STYLES },
    );
    // The oracle: the same document with the labels typed by hand, read by mammoth alone.
    const typed = await buildDocx([
      "一、总体要求",
      { xml: table(para("（一）表内事项")) },
      { xml: textBox(para("（二）文本框事项")) },
      "二、主要任务",
      { xml: table(para("（一）表内事项")) },
    ]);
    const expected = await mammothText(typed);
    expect(expected).toContain("（二）文本框事项");
    expect(expected.split("文本框事项")).toHaveLength(2);
    expect((await extractText(numbered, "方案.docx")).text).toBe(expected);
  });

  it("a file saved by Word: its real XML survives the rewrite and its list gets Chinese numbers", async () => {
    const original = new Uint8Array(readFileSync(path.join(fixtures, "word-bullet-list.docx")));
    // As saved, the list is a bullet list: nothing to add, the bytes reach mammoth unchanged.
    expect(await labelNumberedParagraphs(original)).toBeNull();
    expect((await extractText(original, "list.docx")).text).toBe(await mammothText(original));

    const zip = await JSZip.loadAsync(original);
    const numbering = await zip.file("word/numbering.xml")?.async("string");
    if (!numbering) throw new Error("the fixture has no numbering part");
    const chinese = numbering.replace('<w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>', '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>');
    expect(chinese).not.toBe(numbering);
    zip.file("word/numbering.xml", chinese);
    const numbered = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect((await extractText(numbered, "list.docx")).text).toBe(asRawText(["一、Apple", "二、Banana"]));
  });
});

describe("documents without automatic numbers extract exactly as before", () => {
  it("no numbering part, a numbering part nobody uses, and bullets only", async () => {
    const paragraphs = ["关于印发工作方案的通知", "一、总体要求", "（一）基本原则", "各部门要高度重视。"];
    const plain = await buildDocx(paragraphs);
    const unused = await buildDocx(paragraphs, { numbering: planNumbering(), styles: PLAN_STYLES });
    const bullets = await buildDocx(
      [paragraphs[0], { text: paragraphs[1], num: { id: 9 } }, { text: paragraphs[2], num: { id: 9, level: 0 } }, paragraphs[3]],
      {
        numbering: {
          abstractNums: [{ id: 5, levels: [{ ilvl: 0, start: 1, numFmt: "bullet", lvlText: "●" }] }],
          nums: [{ id: 9, abstractNumId: 5 }],
        },
      },
    );
    for (const bytes of [plain, unused, bullets]) {
      expect(await labelNumberedParagraphs(bytes)).toBeNull();
      const result = await extractText(bytes, "通知.docx");
      expect(result.text).toBe(asRawText(paragraphs));
      expect(result.text).toBe(await mammothText(bytes));
      expect(result.warnings).toEqual([]);
    }
  });

  it("a paragraph whose numId is 0 or names a list that does not exist gets no label, and nothing breaks", async () => {
    const bytes = await buildDocx(
      [
        { text: "总体要求", style: "1" },
        { text: "不编号的标题", style: "1", num: { id: 0 } },
        { text: "悬空的编号", num: { id: 42, level: 0 } },
        { text: "主要任务", style: "1" },
      ],
      { numbering: planNumbering(), styles: PLAN_STYLES },
    );
    const result = await extractText(bytes, "方案.docx");
    expect(result.text).toBe(asRawText(["一、总体要求", "不编号的标题", "悬空的编号", "二、主要任务"]));
    expect(result.warnings).toEqual([]);
  });

  it("runs split inside a heading and a style chain still give one label per paragraph", async () => {
    const bytes = await buildDocx(
      PLAN_PARAGRAPHS.map((p) => (typeof p === "string" ? p : { ...p, splitAt: [1, 2] })),
      { numbering: planNumbering(), styles: PLAN_STYLES },
    );
    expect((await extractText(bytes, "实施方案.docx")).text).toBe(PLAN_TEXT);
  });
});
