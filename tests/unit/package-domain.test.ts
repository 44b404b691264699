import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { validateChartSpec } from "~/domain/charts/spec";
import { chartAltText, chartDataTable, chartSpecFor, validateChartRows } from "~/domain/package/charts";
import { checkCompleteness } from "~/domain/package/completeness";
import { type ChartContent, type PackageContent, emptyPackageContent } from "~/domain/package/content";
import { diffPackageContent, diffText, summarizeChanges } from "~/domain/package/diff";
import { measureOverlap } from "~/domain/package/overlap";
import { packageContentSchema, sanitizePackageContent } from "~/domain/package/schema";
import { htmlToPlainText, sanitizeLightHtml, stripMarkup } from "~/domain/package/sanitize-html";
import { mergeSuggestions } from "~/domain/package/suggestions";
import { parseTsv, pastedChart } from "~/domain/package/tsv";

const fixture = readFileSync(resolve(import.meta.dirname, "../../drizzle/seed/documents/xihaian-2020-zwgk-yaodian-kaohe.txt"), "utf8");

const REAL_INTERPRETATION = `这份文件回答的是一个问题：新区各部门今年在政务公开上要做哪些事、年底怎么打分。
过去群众反映政策看不懂、找不到，企业也常说惠企政策散落在各个网站。今年新区把政务公开和“放管服”改革、优化营商环境放在一起抓，
重点是让企业和群众少跑腿、看得懂、能办成。考核分成两块：平时由区政务公开办按季度打分，占三成；年底请第三方机构看政府网站，占七成。
对各部门来说，最直接的变化是政策解读要“谁起草谁解读”，解读材料要和文件一起报、一起发，不能只发一段文字。`;

function donut(): ChartContent {
  return { type: "donut", title: "考核方式构成", unit: "分", source: "考核办法", palette: "standard", data: [{ label: "日常考核", value: 30 }, { label: "第三方评估", value: 70 }] };
}

function completePackage(): PackageContent {
  const c = emptyPackageContent();
  c.sections = { background: "<p>背景</p>", basis: "<p>依据</p>", purpose: "<p>目的</p>", measures: `<p>${REAL_INTERPRETATION}</p>`, scope: "<p>范围</p>" };
  c.qa = [1, 2, 3].map((i) => ({ question: `问题${i}`, answer: `回答${i}`, clauseRefs: [] }));
  c.charts = [{ ...donut(), altText: "环形图" }];
  return c;
}

describe("摘抄 measure", () => {
  it("scores text copied from the document high and names the copied passage", () => {
    const copied = fixture.slice(fixture.indexOf("2020年新区政务公开工作的总体要求"), fixture.indexOf("2020年新区政务公开工作的总体要求") + 400);
    const r = measureOverlap(copied, fixture);
    expect(r.share).toBeGreaterThan(0.9);
    expect(r.passages[0].length).toBeGreaterThan(100);
  });

  it("scores a real interpretation in plain language low", () => {
    const r = measureOverlap(REAL_INTERPRETATION, fixture);
    expect(r.share).toBeLessThan(0.2);
  });

  it("a half-copied text lands in between and the copied part is shown", () => {
    const copied = "各镇人民政府、街道办事处、灵山岛省级自然保护区管委";
    const r = measureOverlap(`${REAL_INTERPRETATION}${copied}`, fixture);
    expect(r.passages.some((p) => p.includes("灵山岛省级自然保护区"))).toBe(true);
    expect(r.share).toBeGreaterThan(0.05);
    expect(r.share).toBeLessThan(0.5);
  });

  it("ignores spacing and punctuation differences when comparing", () => {
    const r = measureOverlap("深入贯彻落实国务院 、省市政府关于全面推进政务公开工作的部署", fixture.replace(/\s/g, ""));
    expect(r.share).toBe(1);
  });
});

describe("completeness rules", () => {
  it("an empty package misses every rule with a message saying what to add", () => {
    const r = checkCompleteness(emptyPackageContent(), { documentText: fixture, qaMinCount: 3 });
    expect(r.ok).toBe(false);
    const byKey = Object.fromEntries(r.checks.map((c) => [c.key, c]));
    expect(byKey.sections.ok).toBe(false);
    expect(byKey.sections.message).toContain("起草背景");
    expect(byKey.qa.message).toContain("还需 3 条");
    expect(byKey.visual.ok).toBe(false);
  });

  it("a complete package passes, and the Q&A minimum is configurable", () => {
    const c = completePackage();
    expect(checkCompleteness(c, { documentText: fixture, qaMinCount: 3 }).ok).toBe(true);
    const strict = checkCompleteness(c, { documentText: fixture, qaMinCount: 5 });
    expect(strict.ok).toBe(false);
    expect(strict.checks.find((x) => x.key === "qa")?.message).toContain("还需 2 条");
  });

  it("a Q&A with an empty answer does not count", () => {
    const c = completePackage();
    c.qa[2].answer = " ";
    expect(checkCompleteness(c, { documentText: fixture }).checks.find((x) => x.key === "qa")?.ok).toBe(false);
  });

  it("a chart or graphic without alt text fails the alt-text rule", () => {
    const c = completePackage();
    c.charts[0].altText = "";
    c.graphics = [{ templateId: "cover", templateVersion: 1, slots: {}, altText: null }];
    const check = checkCompleteness(c, { documentText: fixture }).checks.find((x) => x.key === "altText");
    expect(check?.ok).toBe(false);
    expect(check?.message).toContain("图表 1");
    expect(check?.message).toContain("图解 1");
  });

  it("warns of 摘抄 when the text sections mostly repeat the document", () => {
    const c = completePackage();
    c.sections.measures = `<p>${fixture.slice(2000, 3500)}</p>`;
    const r = checkCompleteness(c, { documentText: fixture });
    const check = r.checks.find((x) => x.key === "copying");
    expect(check?.ok).toBe(false);
    expect(check?.message).toMatch(/\d+% 与原文相同/);
    expect(r.overlap.passages.length).toBeGreaterThan(0);
  });
});

describe("chart specs", () => {
  it("builds a valid inline-data spec for a donut of 日常考核 30 / 第三方评估 70", () => {
    const r = chartSpecFor(donut());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(JSON.stringify(r.spec)).toContain("第三方评估");
    expect(validateChartSpec(r.spec).ok).toBe(true);
  });

  it("applies the chosen palette", () => {
    const r = chartSpecFor({ ...donut(), palette: "government" });
    expect(r.ok && JSON.stringify(r.spec)).toContain("#A4161A");
  });

  it("validation rejects data.url, javascript: links and unknown marks", () => {
    const base = chartSpecFor(donut());
    if (!base.ok) throw new Error("base spec");
    const url = validateChartSpec({ ...base.spec, data: { url: "https://evil.example/data.json" } });
    expect(url.ok).toBe(false);
    const js = validateChartSpec({ mark: "bar", data: { values: [{ a: 1 }] }, encoding: { href: { value: "javascript:alert(1)" } } });
    expect(js.ok).toBe(false);
    const js2 = validateChartSpec({ mark: "text", data: { values: [{ a: "javascript:alert(1)" }] } });
    expect(js2.ok).toBe(false);
    const mark = validateChartSpec({ mark: "hologram", data: { values: [] } });
    expect(mark.ok).toBe(false);
    if (!mark.ok) expect(mark.errors.join("")).toContain("hologram");
  });

  it("reports non-numeric cells on the cell, with the row number", () => {
    const errors = validateChartRows({ type: "bar", data: [{ label: "日常考核", value: "三十" }, { label: "第三方评估", value: "70" }] });
    expect(errors).toEqual([{ row: 1, column: "value", message: expect.stringContaining("第 1 行数值“三十”不是数字") }]);
    expect(chartSpecFor({ ...donut(), data: [{ label: "x", value: "abc" }] }).ok).toBe(false);
  });
});

describe("alt text and data table", () => {
  it("describes the chart with its numbers and shares", () => {
    const alt = chartAltText(donut());
    expect(alt).toContain("环形图“考核方式构成”");
    expect(alt).toContain("日常考核30分，占30%");
    expect(alt).toContain("第三方评估70分，占70%");
    expect(alt).toContain("合计100分");
    expect(alt).toContain("数据来源：考核办法");
  });

  it("a timeline lists dates and events; an empty chart says so", () => {
    expect(chartAltText({ type: "timeline", title: "时间节点", data: [{ label: "公布标准目录", value: 0, date: "2020-08-31" }] })).toContain("2020-08-31 公布标准目录");
    expect(chartAltText({ type: "bar", title: "", data: [] })).toContain("暂无数据");
  });

  it("the data table has a header and one line per row", () => {
    expect(chartDataTable(donut())).toBe("项目\t数值（分）\n日常考核\t30\n第三方评估\t70");
  });
});

describe("TSV paste from Excel / WPS", () => {
  it("parses tab-separated rows, quoted cells and skips a header row", () => {
    const r = parseTsv('项目\t分值\r\n日常考核\t30\r\n"第三方\n评估"\t70\r\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const pasted = pastedChart(r.rows, "donut");
    expect(pasted.data).toEqual([{ label: "日常考核", value: "30" }, { label: "第三方\n评估", value: "70" }]);
    expect(pasted.type).toBe("donut");
  });

  it("refuses a 10,000-row paste with a limit message", () => {
    const big = Array.from({ length: 10_000 }, (_, i) => `项目${i}\t${i}`).join("\n");
    const r = parseTsv(big);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("超过上限 50 行");
  });

  it("an empty clipboard says what to do", () => {
    const r = parseTsv("\n\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("选中单元格后复制");
  });
});

describe("sanitiser", () => {
  it("keeps light formatting and safe links", () => {
    expect(sanitizeLightHtml('<p>一是<b>加强</b>，<a href="https://www.gov.cn/x" onclick="x()">详见</a></p><ul><li>甲<li>乙</ul>')).toBe(
      '<p>一是<strong>加强</strong>，<a href="https://www.gov.cn/x" rel="noopener noreferrer">详见</a></p><ul><li>甲</li><li>乙</li></ul>',
    );
  });

  it("removes scripts, event handlers, javascript: links, styles and comments", () => {
    const dirty = `<p onmouseover="alert(1)">正文<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">点</a><a href=" jav&#x61;script:alert(1)">再点</a><style>p{}</style><!-- c --><iframe src="https://x"></iframe><svg><script>alert(2)</script></svg></p>`;
    const clean = sanitizeLightHtml(dirty);
    expect(clean).toBe("<p>正文点再点</p>");
    expect(sanitizeLightHtml(clean)).toBe(clean);
  });

  it("escapes text and turns plain paragraphs into <p>", () => {
    expect(sanitizeLightHtml("第一段 a < b & c\n\n第二段")).toBe("<p>第一段 a &lt; b &amp; c</p><p>第二段</p>");
    expect(sanitizeLightHtml("文字<b>加粗</b><div>下一行</div>")).toBe("<p>文字<strong>加粗</strong></p><p>下一行</p>");
    expect(sanitizeLightHtml("<ul>甲<li>乙</li></ul>")).toBe("<ul><li>甲</li><li>乙</li></ul>");
    expect(htmlToPlainText("<p>一</p><ul><li>二</li></ul>")).toBe("一\n二");
  });

  it("plain fields lose markup and keep their words", () => {
    expect(stripMarkup('问题<script>alert(1)</script><b onclick="x">加粗</b>&lt;img src=x onerror=alert(1)&gt;')).toBe("问题加粗＜img src=x onerror=alert(1)＞");
  });
});

describe("save payload schema", () => {
  it("refuses an empty question and a 10,000-character answer with Chinese messages on the field", () => {
    const c = completePackage();
    c.qa[0].question = "  ";
    c.qa[1].answer = "答".repeat(10_000);
    const r = packageContentSchema.safeParse(c);
    expect(r.success).toBe(false);
    if (r.success) return;
    const byPath = Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
    expect(byPath["qa.0.question"]).toBe("请填写问题");
    expect(byPath["qa.1.answer"]).toContain("不能超过 3,000 个字");
  });

  it("puts the non-numeric cell message on the cell path", () => {
    const c = completePackage();
    c.charts[0].data = [{ label: "日常考核", value: "abc" }];
    const r = packageContentSchema.safeParse(c);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues.map((i) => i.path.join("."))).toContain("charts.0.data.0.value");
  });

  it("sanitises every text field and rebuilds the chart spec on the server", () => {
    const c = completePackage();
    const x = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    c.sections.background = `<p>背景${x}</p>`;
    c.qa[0] = { question: `问${x}`, answer: `答${x}`, clauseRefs: [["一、"]] };
    c.charts[0] = { ...c.charts[0], title: `图${x}`, spec: { data: { url: "https://evil" }, mark: "bar" } };
    c.cases = [{ title: `案${x}`, situation: `情${x}`, explanation: `释${x}` }];
    c.media = [{ kind: "video", speakerIsHead: false, speaker: `人${x}`, link: "javascript:alert(1)", transcript: `实${x}` }];
    c.plan.interpreterName = `张${x}`;
    const s = sanitizePackageContent(c);
    const json = JSON.stringify(s);
    expect(json).not.toMatch(/<script|onerror|javascript:|evil/i);
    expect(s.qa[0].question).toBe("问");
    expect(s.charts[0].title).toBe("图");
    expect(s.media[0].link).toBeNull();
    expect(JSON.stringify(s.charts[0].spec)).toContain("values");
    expect(sanitizePackageContent(s)).toEqual(s);
  });
});

describe("revision diff", () => {
  it("summarises what changed", () => {
    const a = completePackage();
    const b = structuredClone(a);
    b.sections.background = "<p>新的背景</p>";
    b.qa.push({ question: "新问题", answer: "新回答", clauseRefs: [] });
    b.charts = [];
    const changes = diffPackageContent(a, b);
    expect(summarizeChanges(changes)).toBe("修改 文字解读·起草背景；新增 问答 4；删除 图表 1");
    expect(summarizeChanges([])).toBe("无改动");
  });

  it("recognises a reorder of Q&A", () => {
    const a = completePackage();
    const b = structuredClone(a);
    b.qa.reverse();
    expect(summarizeChanges(diffPackageContent(a, b))).toBe("修改 问答");
  });

  it("diffs texts by sentence", () => {
    expect(diffText("甲。乙。丙。", "甲。丁。丙。")).toEqual([
      { op: "same", text: "甲。" },
      { op: "del", text: "乙。" },
      { op: "add", text: "丁。" },
      { op: "same", text: "丙。" },
    ]);
  });
});

describe("从文件生成初稿", () => {
  const analysis = analyzeDocument(fixture);

  it("fills empty sections, adds Q&A with clause references and charts", () => {
    const r = mergeSuggestions(emptyPackageContent(), analysis, { plannedRelease: "2020-08-10" });
    expect(r.conflicts).toEqual([]);
    expect(htmlToPlainText(r.content.sections.background ?? "")).toContain("总体要求");
    expect(r.content.sections.background).not.toContain("草稿");
    expect(r.content.qa.length).toBeGreaterThanOrEqual(3);
    expect(r.content.qa.some((q) => q.clauseRefs.some((p) => p.includes("附件1")))).toBe(true);
    const donutChart = r.content.charts.find((c) => c.type === "donut");
    expect(donutChart?.data).toEqual([{ label: "日常考核", value: 30 }, { label: "第三方评估", value: 70 }]);
    expect(donutChart?.altText).toContain("日常考核");
    expect(r.content.plan.plannedRelease).toBe("2020-08-10");
  });

  it("never applies a chart suggestion the chart editor would refuse, so the draft always saves", () => {
    const broken = {
      type: "grouped-bar" as const,
      title: "补贴标准（元）",
      unit: "元",
      factIndexes: [],
      data: [
        { label: "B档", value: 120, series: "城市低保对象" },
        { label: "B档", value: 90, series: "" },
      ],
    };
    const withBroken = { ...analysis, suggestions: { ...analysis.suggestions, charts: [broken, ...analysis.suggestions.charts] } };
    const r = mergeSuggestions(emptyPackageContent(), withBroken);
    expect(r.content.charts.map((c) => c.title)).not.toContain("补贴标准（元）");
    for (const c of r.content.charts) expect(validateChartRows(c)).toEqual([]);
  });

  it("never overwrites what the user wrote unless asked, and applying twice adds nothing twice", () => {
    const mine = emptyPackageContent();
    mine.sections.background = "<p>我自己写的背景</p>";
    const once = mergeSuggestions(mine, analysis);
    expect(once.content.sections.background).toBe("<p>我自己写的背景</p>");
    expect(once.conflicts).toContain("background");
    const twice = mergeSuggestions(once.content, analysis);
    expect(twice.content.qa.length).toBe(once.content.qa.length);
    expect(twice.content.charts.length).toBe(once.content.charts.length);
    const forced = mergeSuggestions(mine, analysis, { overwrite: true });
    expect(forced.content.sections.background).not.toContain("我自己写的背景");
  });
});
