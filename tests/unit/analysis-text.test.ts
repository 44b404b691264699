/**
 * Artefact repair (normalisation with reversible offsets), figures in short texts, 文号 format
 * checks, clause citations and responsibility tags — the pieces other modules call directly.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  analyzeDocument,
  describeClausePath,
  extractFacts,
  findDocNumbers,
  normalize,
  parseChineseNumeral,
  parseDocNumber,
} from "~/domain/analysis";
import { extractResponsibilities } from "~/domain/analysis/responsibilities";

const fixtures = path.resolve(import.meta.dirname, "../..", "drizzle/seed/documents");

describe("normalize: artefact repair", () => {
  it("removes spaces between CJK and digits and keeps offsets into the original", () => {
    const original = "印发日期 2020 年 9 月 3 日";
    const n = normalize(original);
    expect(n.text).toBe("印发日期2020年9月3日");
    const i = n.text.indexOf("9月");
    expect(original[n.toOriginalOffset(i)]).toBe("9");
    const [s, e] = n.toOriginalRange(n.text.indexOf("2020"), n.text.length);
    expect(original.slice(s, e)).toBe("2020 年 9 月 3 日");
  });

  it("keeps spaces between Latin words", () => {
    expect(normalize("推进 IPv6 and HTTPS 改造").text).toBe("推进IPv6 and HTTPS改造");
  });

  it("re-joins a word split by a page break and keeps real paragraph breaks", () => {
    const original = [
      "一、总体要求",
      "",
      "公开惠企政策申请条件、申",
      "",
      "报材料清单、办理流程等信息。",
      "",
      "二、主要任务",
    ].join("\n");
    expect(normalize(original).text).toBe("一、总体要求\n公开惠企政策申请条件、申报材料清单、办理流程等信息。\n二、主要任务");
  });

  it("joins lines wrapped inside a sentence, including a three-line title", () => {
    const original = "\n\n某某区人民政府办公室\n关于印发某某区 2020 年政务公开\n工作要点的通知\n\n某政办字〔2020〕1 号\n\n各镇人民政府，\n有关单位：\n\n正文第一段。\n\n某某区人民政府办公室\n\n2020 年 1 月 2 日";
    const n = normalize(original);
    expect(n.text.split("\n")).toEqual([
      "某某区人民政府办公室关于印发某某区2020年政务公开工作要点的通知",
      "某政办字〔2020〕1号",
      "各镇人民政府，有关单位：",
      "正文第一段。",
      "某某区人民政府办公室",
      "2020年1月2日",
    ]);
  });

  it("drops page numbers and running headers at page breaks", () => {
    // Pages 2 and 3 repeat the title as a running header; page 1 carries the real title.
    const header = "某某县政务公开工作方案";
    const original = [
      `${header}\n\n一、工作目标\n\n全县完成政务公开事项标准目录编\n\n— 1 —\n\f`,
      `${header}\n\n制，公开率达到95%。\n\n- 2 -\n\f`,
      `${header}\n\n二、主要任务\n\n第 3 页`,
    ].join("");
    const n = normalize(original);
    expect(n.text).toBe(`${header}\n一、工作目标\n全县完成政务公开事项标准目录编制，公开率达到95%。\n二、主要任务`);
  });

  it("accepts half-width heading markers and rewrites them to the full-width form", () => {
    const n = normalize("(三) 推进基层政务公开\n\n１．规范目录。\n\n(2)细化事项。");
    expect(n.text).toBe("（三）推进基层政务公开\n1.规范目录。\n（2）细化事项。");
  });

  it("keeps one paragraph per line in text that uses single newlines", () => {
    const n = normalize("一、总体要求\n认真落实部署，着力规范管理。\n二、主要任务\n（一）规范目录");
    expect(n.text.split("\n")).toHaveLength(4);
  });

  it("maps every CJK character of the fixtures back to the same character", () => {
    for (const file of ["boshan-2020-zwgk-yaodian.txt", "xihaian-2020-zwgk-yaodian-kaohe.txt"]) {
      const original = readFileSync(path.join(fixtures, file), "utf8");
      const n = normalize(original);
      let checked = 0;
      for (let i = 0; i < n.text.length; i++) {
        if (/[\u4e00-\u9fff]/.test(n.text[i])) {
          expect(original[n.toOriginalOffset(i)]).toBe(n.text[i]);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(2000);
      expect(n.toOriginalOffset(n.text.length)).toBe(original.length);
    }
  });
});

describe("extractFacts on short texts", () => {
  const facts = (text: string, referenceYear?: number) =>
    extractFacts(text, undefined, { referenceYear }).map((f) => ({ kind: f.kind, value: f.value, unit: f.unit, text: f.text }));

  it("reads Chinese numerals with measure words", () => {
    expect(facts("梳理一百四十九项事项，明确三个重点。")).toEqual([
      { kind: "quantity", value: 149, unit: "项", text: "一百四十九项" },
      { kind: "quantity", value: 3, unit: "个", text: "三个" },
    ]);
    expect(parseChineseNumeral("一百零五")).toBe(105);
    expect(parseChineseNumeral("二〇二〇")).toBe(2020);
  });

  it("reads money, percentages and durations", () => {
    expect(facts("安排资金3.5亿元，每户补助2000元，占比百分之十二点五，提高5个百分点，3个工作日内办结。")).toEqual([
      { kind: "money", value: 3.5, unit: "亿元", text: "3.5亿元" },
      { kind: "money", value: 2000, unit: "元", text: "2000元" },
      { kind: "percent", value: 12.5, unit: "%", text: "百分之十二点五" },
      { kind: "percent", value: 5, unit: "个百分点", text: "5个百分点" },
      { kind: "duration", value: 3, unit: "个工作日", text: "3个工作日" },
    ]);
  });

  it("turns deadlines and dates into ISO dates", () => {
    expect(facts("2021年6月30日前完成，2021年三季度末前验收，到2025年全面建成，二〇二〇年九月三日印发。")).toEqual([
      { kind: "deadline", value: "2021-06-30", unit: "日", text: "2021年6月30日前" },
      { kind: "deadline", value: "2021-09-30", unit: "第三季度".slice(1), text: "2021年三季度末前" },
      { kind: "deadline", value: "2025-12-31", unit: "年", text: "到2025年" },
      { kind: "date", value: "2020-09-03", unit: "日", text: "二〇二〇年九月三日" },
    ]);
    expect(facts("9月底前报送。", 2022)).toEqual([{ kind: "deadline", value: "2022-09-30", unit: "月", text: "9月底前" }]);
  });

  it("reads frequencies, including a count written as 一", () => {
    expect(facts("每季度至少开展一次督查，每月报送2篇信息。")).toEqual([
      { kind: "frequency", value: 1, unit: "次", text: "每季度至少开展一次" },
      { kind: "frequency", value: 2, unit: "篇", text: "每月报送2篇" },
    ]);
  });

  it("ignores idioms, years, ordinals and Latin identifiers", () => {
    expect(facts("十分重要，一次办好，2020年是关键之年，实行百分制，第三批试点，完成IPV6改造，千家万户。")).toEqual([]);
  });

  it("attaches outline paths when given an outline", () => {
    const a = analyzeDocument("一、目标\n（一）数量。完成26个领域。");
    const f = extractFacts(a.text ?? "", a.parts[0].outline);
    expect(f[0]).toMatchObject({ text: "26个", path: ["一、", "（一）"] });
  });
});

describe("文号 format", () => {
  it("accepts the standard form", () => {
    expect(parseDocNumber("博政办字〔2020〕45号")).toEqual({
      raw: "博政办字〔2020〕45号",
      agency: "博政办字",
      year: 2020,
      serial: 45,
      wellFormed: true,
      problems: [],
    });
  });

  it.each([
    ["博政办字[2020]45号", "六角括号"],
    ["博政办字（2020）45号", "六角括号"],
    ["博政办字【2020】45号", "六角括号"],
    ["博政办字〔2020〕045号", "虚位"],
    ["博政办字〔2020〕第45号", "第"],
    ["博政办字〔2020〕45", "号"],
    ["博政办字〔2020〕 45号", "空格"],
    ["博政办字〔20〕45号", "四位"],
  ])("reports %s", (raw, problem) => {
    const dn = parseDocNumber(raw);
    expect(dn?.wellFormed).toBe(false);
    expect(dn?.problems?.join("；")).toContain(problem);
    expect(dn?.agency).toBe("博政办字");
  });

  it("finds wrong brackets in a whole document and in running text", () => {
    const original = readFileSync(path.join(fixtures, "boshan-2020-zwgk-yaodian.txt"), "utf8").replace("〔2020〕", "[2020]");
    const a = analyzeDocument(original);
    expect(a.meta.docNumber).toMatchObject({ raw: "博政办字[2020]45号", wellFormed: false, year: 2020, serial: 45 });
    expect(a.meta.docNumber?.problems?.[0]).toContain("六角括号");
    const found = findDocNumbers("根据博政办字(2020)45号文件要求，参照青西新管办发〔2020〕84号。");
    expect(found.map((d) => [d.raw, d.wellFormed])).toEqual([
      ["博政办字(2020)45号", false],
      ["青西新管办发〔2020〕84号", true],
    ]);
  });
});

describe("describeClausePath", () => {
  it("cites paths the way interpretations do", () => {
    expect(describeClausePath(["二、", "（三）"])).toBe("第二部分第（三）项");
    expect(describeClausePath(["附件1", "二、", "（三）", "5.", "（1）"])).toBe("附件1第二部分第（三）项第5条第（1）点");
    expect(describeClausePath(["正文"])).toBe("通知正文");
    expect(describeClausePath(["第二章", "第十条"])).toBe("第二章第十条");
    expect(describeClausePath([])).toBe("全文");
  });
});

describe("responsibilities", () => {
  it("reads lead and supporting units", () => {
    const text = "1.推进标准化。（区发改局牵头，区财政局、区统计局配合）\n2.建设专栏。责任单位：区政务服务中心、区大数据局。";
    const r = extractResponsibilities(text, () => []);
    expect(r.map((x) => [x.lead, x.support])).toEqual([
      [["区发改局"], ["区财政局", "区统计局"]],
      [["区政务服务中心", "区大数据局"], []],
    ]);
    expect(text.slice(r[0].start, r[0].end)).toBe(r[0].text);
  });

  it("are reported with their outline path by analyzeDocument", () => {
    const a = analyzeDocument("一、主要任务\n（一）规范目录。2021年底前完成。（县政务公开办牵头，各乡镇配合）");
    expect(a.responsibilities).toMatchObject([{ lead: ["县政务公开办"], support: ["各乡镇"], path: ["一、", "（一）"] }]);
  });
});

describe("documents other than the fixtures", () => {
  it("reads a regulation numbered 第X章/第X条", () => {
    const a = analyzeDocument(
      "某某市政府信息公开办法\n第一章 总则\n第一条 为规范政府信息公开工作，制定本办法。\n第二条 本办法适用于本市各级行政机关。\n第二章 公开内容\n第三条 行政机关应当在20个工作日内答复。",
    );
    expect(a.meta.title).toBe("某某市政府信息公开办法");
    expect(a.parts[0].outline.map((n) => [n.marker, n.level, n.children.map((c) => c.marker)])).toEqual([
      ["第一章", 1, ["第一条", "第二条"]],
      ["第二章", 1, ["第三条"]],
    ]);
    expect(a.facts).toMatchObject([{ kind: "duration", value: 20, unit: "个工作日", path: ["第二章", "第三条"] }]);
    expect(a.suggestions.qa.find((q) => q.topic === "目的")?.answer).toContain("为规范政府信息公开工作");
  });

  it("returns an empty analysis for empty text instead of failing", () => {
    const a = analyzeDocument("");
    expect(a.meta.title).toBe("");
    expect(a.parts).toHaveLength(1);
    expect(a.facts).toEqual([]);
  });
});
