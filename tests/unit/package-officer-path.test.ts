/**
 * The domain rules behind the officer's path (issue "the officer's path without dead ends"):
 * honest completeness, the hard gate (F9), key figures as package content, Excel/WPS paste as
 * people paste, blank rows, a history that lists only what changed, audit labels.
 */
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { validateChartRows } from "~/domain/package/charts";
import { checkCompleteness, missingDocumentMeta, submissionBlockers } from "~/domain/package/completeness";
import { type PackageContent, emptyPackageContent } from "~/domain/package/content";
import { diffPackageContent, summarizeChanges } from "~/domain/package/diff";
import { describeField, parentField } from "~/domain/package/field-labels";
import { startingFigures } from "~/domain/package/key-figures";
import { exportBlockers, exportPackageData } from "~/domain/package/package-data-export";
import { draftPackageData } from "~/domain/package/package-data-draft";
import { placeholderHits } from "~/domain/package/placeholders";
import { packageContentSchema, sanitizePackageContent, storedPackageContentSchema } from "~/domain/package/schema";
import { mergeSuggestions } from "~/domain/package/suggestions";
import { parseTsv, pastedChart } from "~/domain/package/tsv";
import { describeAuditAction } from "~/domain/workflow";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const NOTICE = readFileSync(resolve(import.meta.dirname, "../fixtures/documents/shifan-2024-jiage-butie.txt"), "utf8");
const analysis = analyzeDocument(NOTICE);
const doc = { title: "关于发放价格临时补贴的通知", docNumber: "示发改价格〔2024〕17号", issuer: "示范区发展和改革局", writtenDate: "2024-09-10", departmentName: "区发展和改革局" };
const NOT_FOUND = "文件中未找到相关表述，请起草单位补充。";
const DRAFT_NOTE = "（草稿：请用通俗语言改写，不要照抄原文）";

function written(): PackageContent {
  return {
    ...emptyPackageContent(),
    sections: {
      background: "<p>物价上涨较快，困难群众生活受影响。</p>",
      basis: "<p>依据物价联动机制的规定。</p>",
      purpose: "<p>保障困难群众基本生活。</p>",
      measures: "<p>按档发放价格临时补贴。</p>",
      scope: "<p>适用于城乡低保对象等困难群众。</p>",
    },
    qa: [
      { question: "谁能领补贴？", answer: "城乡低保对象、特困人员等。", clauseRefs: [] },
      { question: "标准是多少？", answer: "城市低保B档每人每月120元。", clauseRefs: [] },
      { question: "怎么发？", answer: "通过一卡通发放到个人账户。", clauseRefs: [] },
    ],
  };
}

const check = (c: PackageContent, key: string, options: Partial<Parameters<typeof checkCompleteness>[1]> = {}) =>
  checkCompleteness(c, { documentText: NOTICE, document: doc, ...options }).checks.find((x) => x.key === key);

describe("completeness is honest", () => {
  it("a section holding the generated 请起草单位补充 counts as missing", () => {
    const c = written();
    c.sections.purpose = `<p>${NOT_FOUND}</p>`;
    const sections = check(c, "sections");
    expect(sections?.ok).toBe(false);
    expect(sections?.message).toContain("“出台目的”还是自动生成的占位文字");
    expect(sections?.field).toBe("sections.purpose");
  });

  it("the Q&A minimum counts real answers only: placeholders and draft notes do not count", () => {
    const c = written();
    c.qa[1].answer = NOT_FOUND;
    c.qa[2].answer = `各街道于10月15日前发放。${DRAFT_NOTE}`;
    const qa = check(c, "qa");
    expect(qa?.ok).toBe(false);
    expect(qa?.message).toContain("目前 1 条写好的问答，还需 2 条（另有 2 条未写完或还是生成的占位文字，不计入）");
    const placeholders = check(c, "placeholders");
    expect(placeholders?.ok).toBe(false);
    expect(placeholders?.message).toContain("问答 2 的回答");
    expect(placeholders?.message).toContain("问答 3 的回答");
  });

  it("never says 各项要求均已满足 while 审校 holds an error", () => {
    const c = { ...written(), charts: [{ type: "bar" as const, title: "标准", source: "通知", unit: "元", data: [{ label: "B档", value: 120 }], altText: "柱状图" }] };
    const clean = checkCompleteness(c, { documentText: "", document: doc, checkErrors: 0 });
    expect(clean.ok).toBe(true);
    const withError = checkCompleteness(c, { documentText: "", document: doc, checkErrors: 1 });
    expect(withError.ok).toBe(false);
    expect(withError.checks.find((x) => x.key === "checks")).toMatchObject({ ok: false, required: true, message: expect.stringContaining("审校发现 1 处错误") });
  });

  it("missing 文号, 成文日期, 发文机关 or 标题 is a completeness error", () => {
    expect(missingDocumentMeta(doc)).toEqual([]);
    expect(missingDocumentMeta({ title: "", docNumber: null, issuer: " ", writtenDate: "2024年9月10日" })).toEqual(["标题", "文号", "发文机关", "成文日期"]);
    const meta = check(written(), "metadata", { document: { ...doc, docNumber: null } });
    expect(meta).toMatchObject({ ok: false, required: true });
    expect(meta?.message).toContain("文号");
  });

  it("placeholders are found in every part an image or page prints", () => {
    const c = written();
    c.keyFigures = [{ value: "120", unit: "元", label: "（待填写）" }];
    c.graphics = [{ templateId: "cover", templateVersion: 1, slots: { title: "标题", docNumber: "文号待定" }, altText: "封面" }];
    c.cases = [{ title: "案例", situation: "情形", explanation: NOT_FOUND }];
    expect(placeholderHits(c).map((h) => [h.field, h.found])).toEqual([
      ["keyFigures[0]", "（待填写）"],
      ["graphics[0]", "文号待定"],
      ["cases[0]", NOT_FOUND],
    ]);
  });
});

describe("F9: the hard gate", () => {
  it("an empty package cannot be submitted: the blockers name the sections and the Q&A", () => {
    const blockers = submissionBlockers(emptyPackageContent(), doc, { qaMinCount: 3 });
    expect(blockers.join(" ")).toContain("请填写：起草背景、制定依据、出台目的、主要内容和重要举措、适用范围与执行时间");
    expect(blockers.join(" ")).toContain("还需 3 条");
    expect(submissionBlockers(written(), doc, { qaMinCount: 3 })).toEqual([]);
  });

  it("a package still holding generated text, or a document without 文号, cannot be submitted", () => {
    const c = written();
    c.qa.push({ question: "依据是什么？", answer: NOT_FOUND, clauseRefs: [] });
    expect(submissionBlockers(c, doc).join(" ")).toContain("问答 4 的回答");
    expect(submissionBlockers(written(), { ...doc, docNumber: "" }).join(" ")).toContain("文号");
  });

  it("validation runs after sanitising: a 图解 slot holding only markup is refused on the slot", () => {
    const c = { ...written(), graphics: [{ templateId: "cover" as const, templateVersion: 1, slots: { title: "<b></b>", kicker: "政策解读", department: "区发展和改革局", docNumber: "示发改价格〔2024〕17号", date: "2024-09-10" }, altText: "封面" }] };
    expect(packageContentSchema.safeParse(c).success).toBe(true); // the raw payload looks fine …
    const stored = storedPackageContentSchema.safeParse(c); // … but what would be stored is empty
    expect(stored.success).toBe(false);
    if (!stored.success) expect(stored.error.issues.map((i) => i.path.join("."))).toContain("graphics.0.slots.title");
  });
});

describe("export and publish never print stand-ins", () => {
  it("missing metadata and generated text stop the export with a message naming what to fill in", () => {
    const issues = exportBlockers(written(), { ...doc, writtenDate: null, docNumber: null });
    expect(issues[0]).toBe("文件信息缺少文号、成文日期，请先在文件页填写后再导出（图片上要印出，不能用“待定”或当天日期代替）。");
    const c = written();
    c.qa[0].answer = NOT_FOUND;
    c.sections.scope = `<p>文件主送各街道办事处。请说明具体适用对象。</p>`;
    expect(exportBlockers(c, doc)).toEqual([
      "“适用范围与执行时间”还是自动生成的占位文字（“请说明具体适用对象。”），请改写后再导出。",
      `问答 1 的回答还是自动生成的占位文字（“${NOT_FOUND}”），请改写或删除后再导出。`,
    ]);
  });

  it("the 图解 draft refuses to invent 文号待定 or today's date", () => {
    const r = draftPackageData(written(), { ...doc, docNumber: null, writtenDate: null });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].message).toContain("请先在文件页填写文号、成文日期");
  });
});

describe("key figures are package content", () => {
  it("start from the intake suggestions, cut to the card bounds, without placeholders", () => {
    const start = startingFigures(analysis);
    expect(start.keyFigures.length).toBeGreaterThan(2);
    expect(start.keyFigures[0]).toEqual({ value: "120", unit: "元", label: expect.any(String) });
    for (const k of start.keyFigures) expect(k.label.length).toBeLessThanOrEqual(30);
    expect(start.timeline.map((t) => t.date)).toContain("2024-10-15");
    expect(startingFigures({ suggestions: { keyFigures: [{ value: "", unit: "元", label: "空" }], timeline: [{ date: "2024-02-30", label: "无效日期" }] } })).toEqual({ keyFigures: [], timeline: [] });
    expect(startingFigures(null)).toEqual({ keyFigures: [], timeline: [] });
  });

  it("the export prints only what is stored, never what the analysis suggests", () => {
    const c = { ...written(), keyFigures: [{ value: "1.2", unit: "万人", label: "惠及困难群众" }], timeline: [{ date: "2024-10-15", label: "完成补贴发放" }] };
    const r = exportPackageData(c, doc, { themeColor: null, logoDataUri: null });
    if (!r.ok) throw new Error(r.issues.join(" "));
    expect(r.data.keyFigures).toEqual([{ value: "1.2", unit: "万人", label: "惠及困难群众" }]);
    expect(r.data.timeline).toEqual([{ date: "2024-10-15", label: "完成补贴发放" }]);
    const none = exportPackageData(written(), doc, { themeColor: null, logoDataUri: null });
    expect(none.ok && none.data.keyFigures).toEqual([]);
  });

  it("are validated with messages on the row; a blank new row is no error and is dropped on save", () => {
    const c = { ...written(), keyFigures: [{ value: "1234567890123", unit: null, label: "" }, { value: "", unit: "", label: "" }], timeline: [{ date: "2024-02-30", label: "发放" }] };
    const r = packageContentSchema.safeParse(c);
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([
        ["keyFigures.0.value", "关键数字不能超过 12 个字，请精简"],
        ["keyFigures.0.label", "请填写关键数字的说明"],
        ["timeline.0.date", "时间节点的日期应为有效日期，如 2024-10-15"],
      ]);
    const ok = { ...written(), keyFigures: [{ value: "120", unit: "元", label: "城市低保B档" }, { value: " ", unit: null, label: "" }] };
    expect(packageContentSchema.safeParse(ok).success).toBe(true);
    expect(sanitizePackageContent(ok).keyFigures).toEqual([{ value: "120", unit: "元", label: "城市低保B档" }]);
  });

  it("从文件生成初稿 fills them only when the package has none, and never writes a placeholder section", () => {
    const merged = mergeSuggestions(emptyPackageContent(), analysis);
    expect(merged.content.keyFigures).toEqual(startingFigures(analysis).keyFigures);
    expect(merged.applied.some((a) => a.includes("关键数字"))).toBe(true);
    expect(htmlOf(merged.content.sections.purpose)).not.toContain("请起草单位补充");
    const mine = { ...emptyPackageContent(), keyFigures: [{ value: "1.2", unit: "万人", label: "惠及困难群众" }] };
    expect(mergeSuggestions(mine, analysis).content.keyFigures).toEqual(mine.keyFigures);
  });

  it("appear in the history: reordering, editing and removing are listed by what changed", () => {
    const a = { ...written(), keyFigures: [{ value: "120", unit: "元", label: "B档" }, { value: "80", unit: "元", label: "C档" }] };
    const edited = { ...a, keyFigures: [{ value: "120", unit: "元", label: "城市低保B档" }, a.keyFigures[1]] };
    expect(summarizeChanges(diffPackageContent(a, edited))).toBe("修改 关键数字 1（说明）");
    const moved = { ...a, keyFigures: [a.keyFigures[1], a.keyFigures[0]] };
    expect(summarizeChanges(diffPackageContent(a, moved))).toBe("修改 关键数字");
    expect(summarizeChanges(diffPackageContent(a, { ...a, keyFigures: [a.keyFigures[0]] }))).toBe("删除 关键数字 2");
  });
});

function htmlOf(v: string | undefined): string {
  return v ?? "";
}

describe("history lists only what changed", () => {
  it("a chart read back from the database (other key order, null fields, a rebuilt spec) is unchanged", () => {
    const saved = sanitizePackageContent({ ...written(), charts: [{ type: "bar", title: "标准", unit: "元", source: "通知", data: [{ label: "B档", value: "120" }], altText: "柱状图" }] });
    const { spec: _spec, ...rest } = saved.charts[0];
    const readBack = { ...saved, charts: [{ id: 7, dataTable: rest.dataTable, altText: rest.altText, data: rest.data, palette: rest.palette, source: rest.source, unit: rest.unit, subtitle: rest.subtitle, title: rest.title, type: rest.type, spec: { other: true } }] };
    const next = { ...saved, qa: saved.qa.map((q, i) => (i === 0 ? { ...q, answer: "城乡低保对象和特困人员。" } : q)) };
    expect(summarizeChanges(diffPackageContent(readBack, next))).toBe("修改 问答 1（回答）");
  });
});

describe("Excel / WPS paste as people paste", () => {
  const paste = (text: string) => {
    const r = parseTsv(text);
    if (!r.ok) throw new Error(r.message);
    return r.rows;
  };

  it("a header row is recognised, not read as “第 1 行数值“标准”不是数字”", () => {
    const pasted = pastedChart(paste("档次\t标准\nB档\t120\nC档\t80\n"), "bar");
    expect(pasted.data).toEqual([{ label: "B档", value: "120" }, { label: "C档", value: "80" }]);
    expect(validateChartRows({ type: "bar", data: pasted.data })).toEqual([]);
    expect(pasted.note).toContain("已识别表头“档次、标准”");
  });

  it("more than one value column makes a grouped chart (城市/农村 × B/C/D 档), the unit read from the headings", () => {
    const pasted = pastedChart(paste("档次\t城市（元）\t农村（元）\r\nB档\t120\t90\r\nC档\t80\t60\r\nD档\t40\t30\r\n"), "bar");
    expect(pasted.type).toBe("grouped-bar");
    expect(pasted.unit).toBe("元");
    expect(pasted.data).toEqual([
      { label: "B档", value: "120", series: "城市" },
      { label: "B档", value: "90", series: "农村" },
      { label: "C档", value: "80", series: "城市" },
      { label: "C档", value: "60", series: "农村" },
      { label: "D档", value: "40", series: "城市" },
      { label: "D档", value: "30", series: "农村" },
    ]);
    expect(pastedChart(paste("B档\t120\t90\nC档\t80\t60"), "hbar")).toMatchObject({ type: "grouped-hbar", data: expect.arrayContaining([{ label: "B档", value: "120", series: "系列1" }]) });
  });

  it("three columns of 系列 | 名称 | 数值 stay a long table; one value column keeps a simple chart", () => {
    const long = pastedChart(paste("城市\tB档\t120\n农村\tB档\t90"), "stacked");
    expect(long).toMatchObject({ type: "stacked", data: [{ series: "城市", label: "B档", value: "120" }, { series: "农村", label: "B档", value: "90" }] });
    expect(pastedChart(paste("日常考核\t30\n第三方评估\t70"), "grouped-bar").type).toBe("bar");
  });

  it("a header row of numbers is data, and a non-number under a heading is flagged on its cell", () => {
    expect(pastedChart(paste("2022\t10\n2023\t12"), "bar").data).toHaveLength(2);
    const pasted = pastedChart(paste("档次\t标准\nB档\t约120\nC档\t80\nD档\t40"), "bar");
    expect(validateChartRows({ type: "bar", data: pasted.data }).map((e) => e.message)).toEqual(["第 1 行数值“约120”不是数字，请填写如 30 或 12.5 的数字。"]);
  });

  it("empty new rows show no error before typing", () => {
    expect(validateChartRows({ type: "bar", data: [{ label: "B档", value: 120 }, { label: "", value: "" }] })).toEqual([]);
    expect(validateChartRows({ type: "timeline", data: [{ label: "", value: 0, date: "" }] }).map((e) => e.row)).toEqual([0]);
    expect(sanitizePackageContent({ ...written(), charts: [{ type: "bar", title: "标准", data: [{ label: "B档", value: "120" }, { label: "", value: "" }], altText: "柱状图" }] }).charts[0].data).toEqual([{ label: "B档", value: 120 }]);
  });
});

describe("labels the officer reads", () => {
  it("audit rows and content paths are Chinese, never raw keys", () => {
    expect(describeAuditAction("document.created", null)).toBe("新建文件");
    expect(describeAuditAction("workflow.verdict", null)).toBe("审核意见");
    expect(describeAuditAction("workflow.verdict", { gate: "text", verdict: "return" })).toBe("文字关退回");
    expect(describeAuditAction("export.queued", null)).toBe("导出新媒体图片");
    expect(describeAuditAction("something.new", null)).toBe("其他操作");
    expect(describeField("qa[1].answer")).toBe("问答 2 · 回答");
    expect(describeField("charts[0].data[2]")).toBe("图表 1 · 第 3 行");
    expect(describeField("sections.purpose")).toBe("出台目的");
    expect(describeField("keyFigures[3]")).toBe("关键数字 4");
    expect(parentField("graphics[0].slots.figures[1]")).toBe("graphics[0].slots.figures");
  });
});
