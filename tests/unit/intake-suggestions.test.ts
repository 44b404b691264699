/**
 * What 新建文件 suggests for the package, on real county notices: a 低保/特困 standards notice
 * (tests/fixtures/intake/dibao-2023-biaozhun.txt) and a 稳增长 measures notice
 * (wenzengzhang-2023-cuoshi.txt), plus the two seed documents. Key-figure labels must be noun
 * phrases an officer can put on a card, deadlines must resolve against the document's year, tiered
 * standards become one grouped chart, and draft answers never copy a paragraph.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type Analysis, analyzeDocument } from "~/domain/analysis";
import { MAX_QUOTED_CHARS } from "~/domain/analysis/suggestions";
import { emptyPackageContent } from "~/domain/package/content";
import { draftPackageData } from "~/domain/package/package-data-draft";
import { startingFigures } from "~/domain/package/key-figures";
import { DRAFT_PLACEHOLDER, containsDraftPlaceholder } from "~/domain/package/placeholders";
import { htmlToPlainText } from "~/domain/package/sanitize-html";
import { mergeSuggestions } from "~/domain/package/suggestions";

const root = path.resolve(import.meta.dirname, "../..");
const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
const DIBAO = "tests/fixtures/intake/dibao-2023-biaozhun.txt";
const WENZENG = "tests/fixtures/intake/wenzengzhang-2023-cuoshi.txt";
const SEEDS = ["drizzle/seed/documents/boshan-2020-zwgk-yaodian.txt", "drizzle/seed/documents/xihaian-2020-zwgk-yaodian-kaohe.txt"];

const analyses = new Map<string, Analysis>();
const analysisOf = (rel: string): Analysis => {
  let a = analyses.get(rel);
  if (!a) {
    a = analyzeDocument(read(rel));
    analyses.set(rel, a);
  }
  return a;
};

/** What a card label must look like: no fragments of brackets, slashes, figures or clause ends. */
function readableLabel(label: string): boolean {
  const opens = (label.match(/[（(]/g) ?? []).length;
  const closes = (label.match(/[）)]/g) ?? []).length;
  return (
    label.length >= 2 &&
    label.length <= 30 &&
    opens === closes &&
    !/^[（(）)/、，。；]/.test(label) &&
    !/[/／]/.test(label) &&
    !/\d/.test(label) &&
    !/^(?:以下|以上|以内|不含|提高到|每人每)/.test(label) &&
    !/[，。；、：]$/.test(label)
  );
}

describe("关键数字 on the 低保/特困 standards notice", () => {
  const a = analysisOf(DIBAO);
  const cards = a.suggestions.keyFigures;

  it("are the four standards and the other stated amounts, labelled by what they measure", () => {
    expect(cards.map(({ value, unit, label }) => ({ value, unit, label }))).toEqual([
      { value: "885", unit: "元", label: "城市低保标准（月）" },
      { value: "660", unit: "元", label: "农村低保标准（月）" },
      { value: "1150", unit: "元", label: "城市特困人员基本生活标准（月）" },
      { value: "860", unit: "元", label: "农村特困人员基本生活标准（月）" },
      { value: "1120", unit: "元", label: "特困人员照料护理标准（完全丧失生活自理能力）" },
      { value: "3540", unit: "元", label: "一次性救助金额上限" },
    ]);
    for (const k of cards) expect(a.facts[k.factIndex]).toMatchObject({ value: Number(k.value), unit: k.unit });
  });

  it("never show a bracket, a slash or a clause fragment, and never one value or label twice", () => {
    for (const k of cards) expect(readableLabel(k.label), k.label).toBe(true);
    expect(new Set(cards.map((k) => `${k.value}${k.unit}`)).size).toBe(cards.length);
    expect(new Set(cards.map((k) => k.label)).size).toBe(cards.length);
  });

  it("rank the standards above the values they were raised from, annual totals and multiples", () => {
    const values = cards.map((k) => k.value);
    for (const previous of ["850", "7560", "1105", "820"]) expect(values).not.toContain(previous);
    for (const derived of ["10620", "7920", "13800", "10320", "4", "1.3"]) expect(values).not.toContain(derived);
  });

  it("chart the four monthly standards together, and the tiers as one grouped bar chart (城市/农村 × 档)", () => {
    const bar = a.suggestions.charts.find((c) => c.type === "bar" && c.title === "提标标准（元/月）");
    expect(bar?.data).toEqual([
      { label: "城市低保标准", value: 885 },
      { label: "农村低保标准", value: 660 },
      { label: "城市特困人员基本生活标准", value: 1150 },
      { label: "农村特困人员基本生活标准", value: 860 },
    ]);
    // one chart for the tiers (the other grouped chart compares the standards before and after the raise)
    const grouped = a.suggestions.charts.filter((c) => (c.type === "grouped-bar" || c.type === "grouped-hbar") && !c.title.includes("调整前后"));
    expect(grouped).toHaveLength(1);
    expect(a.suggestions.charts.find((c) => c.title === "提标标准调整前后（元/月）")?.data).toEqual([
      { label: "城市低保标准", value: 850, series: "调整前" },
      { label: "城市特困人员基本生活标准", value: 1105, series: "调整前" },
      { label: "农村特困人员基本生活标准", value: 820, series: "调整前" },
      { label: "城市低保标准", value: 885, series: "调整后" },
      { label: "城市特困人员基本生活标准", value: 1150, series: "调整后" },
      { label: "农村特困人员基本生活标准", value: 860, series: "调整后" },
    ]);
    expect(grouped[0]).toMatchObject({ type: "grouped-bar", title: "分类施保标准（元）", unit: "元" });
    expect(grouped[0].data).toEqual([
      { label: "A档", value: 885, series: "城市" },
      { label: "B档", value: 710, series: "城市" },
      { label: "C档", value: 590, series: "城市" },
      { label: "D档", value: 465, series: "城市" },
      { label: "A档", value: 660, series: "农村" },
      { label: "B档", value: 530, series: "农村" },
      { label: "C档", value: 400, series: "农村" },
      { label: "D档", value: 265, series: "农村" },
    ]);
    for (const i of grouped[0].factIndexes) expect(a.facts[i].path).toEqual(["一、", "（四）"]);
    // No chart mixes old and new values or a figure with its own restatement.
    for (const c of a.suggestions.charts.filter((x) => x.type === "bar")) {
      for (const d of c.data) expect(readableLabel(d.label), d.label).toBe(true);
      expect(c.data.map((d) => d.value)).not.toContain(850);
      expect(c.data.map((d) => d.value)).not.toContain(10620);
    }
  });

  it("the land threshold is one figure, not three", () => {
    const land = a.suggestions.charts.filter((c) => c.unit === "亩");
    expect(land).toEqual([]);
    expect(cards.filter((k) => k.unit === "亩").length).toBeLessThanOrEqual(1);
  });

  it("timeline labels say what happens, without the date; the 成文日期 is no step, nor the notice taking effect on the day the standards rise", () => {
    expect(a.suggestions.timeline.map(({ date, label }) => ({ date, label }))).toEqual([
      { date: "2023-07-01", label: "提高全县城乡最低生活保障和特困人员救助供养标准" },
      { date: "2023-08-31", label: "将7月份提标资金补发到位" },
    ]);
  });

  it("the package a new document starts with, and the 图解 draft from it, carry the same readable cards", () => {
    const content = { ...emptyPackageContent(), ...startingFigures(a) };
    const draft = draftPackageData(content, { title: a.meta.title, docNumber: "临民发〔2023〕15号", issuer: "临川县民政局", writtenDate: "2023-06-20", departmentName: "县民政局" });
    expect(draft.ok).toBe(true);
    if (!draft.ok) return;
    const drafted = draft.data.keyFigures ?? [];
    expect(drafted.map((k) => k.label)).toEqual(cards.map((k) => k.label));
    expect(drafted[0]).toMatchObject({ value: "885", unit: "元", label: "城市低保标准（月）" });
    for (const k of drafted) expect(readableLabel(k.label), k.label).toBe(true);
  });
});

describe("the 稳增长 measures notice", () => {
  const a = analysisOf(WENZENG);
  const fact = (text: string) => a.facts.filter((f) => f.text === text);

  it("reads 5月底前, 9月底前, 6月30日前 and 年底前 as deadlines of the document's year", () => {
    expect(fact("5月底前")).toMatchObject([{ kind: "deadline", value: "2023-05-31" }]);
    // "5月底前完成2024年新增专项债券项目储备": 2024 names the bonds, not the deadline's year
    expect(fact("9月底前")).toMatchObject([{ kind: "deadline", value: "2023-09-30" }]);
    expect(fact("6月30日前")).toMatchObject([{ kind: "deadline", value: "2023-06-30" }]);
    expect(fact("年底前")).toMatchObject([
      { kind: "deadline", value: "2023-12-31", path: ["附件1", "二、", "5."] },
      { kind: "deadline", value: "2023-12-31", path: ["附件1", "四、", "9."] },
    ]);
    expect(fact("5月15日前")).toMatchObject([{ kind: "deadline", value: "2023-05-15" }]);
  });

  it("三年滚动计划 is a plan, not a duration; 10个工作日内 is one", () => {
    expect(a.facts.filter((f) => f.kind === "duration" && f.unit === "年")).toEqual([]);
    expect(fact("10个工作日")).toMatchObject([
      { kind: "duration", value: 10, unit: "个工作日" },
      { kind: "duration", value: 10, unit: "个工作日" },
    ]);
  });

  it("timeline and key figures read as phrases", () => {
    const timeline = a.suggestions.timeline.map(({ date, label }) => `${date} ${label}`);
    expect(timeline).toEqual(
      expect.arrayContaining([
        "2023-05-31 完成2024年新增专项债券项目储备",
        "2023-06-30 所有新开工项目完成开工手续办理",
        "2023-09-30 确保已发行债券资金使用完毕",
        "2023-12-31 对各项措施落实情况开展评估",
        "2023-12-31 有效期届满",
      ]),
    );
    for (const t of a.suggestions.timeline) expect(t.label.length).toBeLessThanOrEqual(40);
    expect(a.suggestions.keyFigures.map((k) => `${k.value}${k.unit} ${k.label}`)).toEqual([
      "15亿元 专项债券资金",
      "350亿元 县级重点项目总投资",
      "10万元 工业企业一次性奖励",
      "20亿元 新增普惠小微贷款",
      "1000万元 消费券",
      "3000元 个人消费者补贴",
    ]);
  });
});

describe("labels on other phrasings", () => {
  it("grants, limits, targets and daily amounts", () => {
    const a = analyzeDocument(
      "某某县2024年就业工作要点\n一、主要目标\n全年新增城镇就业5000人以上，城镇登记失业率控制在4.5%以内。到2025年，全县森林覆盖率达到45%。\n二、政策措施\n（一）创业扶持。对符合条件的高校毕业生给予一次性创业补贴5000元，创业担保贷款最高额度提高至30万元。\n（二）技能培训。培训合格率不低于90%。每人每天生活费补助50元。",
    );
    // how many people a policy reaches ranks high: 新增城镇就业5000人 over the unemployment cap
    expect(a.suggestions.keyFigures.map((k) => `${k.value}${k.unit} ${k.label}`)).toEqual([
      "5000人 新增城镇就业",
      "45% 全县森林覆盖率",
      "5000元 高校毕业生一次性创业补贴",
      "30万元 创业担保贷款最高额度",
      "90% 培训合格率下限",
      "50元 生活费补助（日）",
    ]);
  });
});

describe("the seed documents keep their cards, without duplicates", () => {
  it("博山 and 西海岸: no value twice, every label readable", () => {
    for (const rel of SEEDS) {
      const cards = analysisOf(rel).suggestions.keyFigures;
      expect(new Set(cards.map((k) => `${k.value}${k.unit}`)).size, rel).toBe(cards.length);
      for (const k of cards) expect(readableLabel(k.label), `${rel}: ${k.label}`).toBe(true);
    }
    const xihaian = analysisOf(SEEDS[1]).suggestions.keyFigures.map((k) => `${k.value}${k.unit} ${k.label}`);
    expect(xihaian).toEqual(expect.arrayContaining(["294项 改革任务", "497项 涉企惠企政策", "162项 高频和重点民生服务事项", "137个 区（县）政务公开评估指标"]));
    // "26个试点领域" is written twice in 博山; "三级" (省市县三级) ranks, it counts nothing
    expect(analysisOf(SEEDS[0]).suggestions.keyFigures.filter((k) => k.value === "26")).toHaveLength(1);
    expect(xihaian.some((k) => k.startsWith("3级"))).toBe(false);
  });
});

describe("draft answers (从文件生成初稿)", () => {
  const all = [DIBAO, WENZENG, ...SEEDS];

  it("never copy more than a few clauses of the document, so never a paragraph", () => {
    for (const rel of all) {
      const a = analysisOf(rel);
      const doc = a.text ?? "";
      for (const q of a.suggestions.qa) {
        // Any run of MAX_QUOTED_CHARS + 1 characters found in the document is a copied passage.
        for (let i = 0; i + MAX_QUOTED_CHARS < q.answer.length; i++) {
          const window = q.answer.slice(i, i + MAX_QUOTED_CHARS + 1);
          expect(doc.includes(window), `${rel} ${q.topic}: “${window}”`).toBe(false);
        }
      }
    }
  });

  it("cite the clauses they quote", () => {
    const xihaian = analysisOf(SEEDS[1]).suggestions.qa;
    expect(xihaian.find((q) => q.topic === "背景")?.answer).toMatch(/^文件所述背景：2020年新区政务公开工作的总体要求是：深入贯彻落实.*（见附件1）$/);
    expect(xihaian.find((q) => q.topic === "适用对象")?.answer).toMatch(/各镇人民政府、街道办事处.*（见附件2第一部分）$/);
    const wenzeng = analysisOf(WENZENG).suggestions.qa;
    // "为深入贯彻落实《…》精神" is the basis; the purpose is what follows it
    expect(wenzeng.find((q) => q.topic === "目的")?.answer).toContain("文件提出，全力稳住经济基本盘，推动全县经济运行持续回升向好。");
    // all four parts, 保障措施 included: the count is the document's own
    expect(wenzeng.find((q) => q.topic === "主要任务")?.answer).toMatch(/^共4个部分：.*四是保障措施。.*（见附件1第一部分至附件1第四部分）$/);
  });

  it("keep the marked placeholder where the document says nothing, never a stand-in paragraph", () => {
    const qa = analysisOf(DIBAO).suggestions.qa;
    // The notice states no background: neither the masthead nor the preamble is passed off as one.
    expect(qa.find((q) => q.topic === "背景")?.answer).toBe(DRAFT_PLACEHOLDER);
    const scope = qa.find((q) => q.topic === "适用对象")?.answer ?? "";
    expect(scope.startsWith(DRAFT_PLACEHOLDER)).toBe(true);
    expect(scope).toContain("文件主送各乡镇人民政府");

    const merged = mergeSuggestions(emptyPackageContent(), analysisOf(DIBAO));
    // a section the document says nothing about stays empty (missing), never a stand-in paragraph
    expect(htmlToPlainText(merged.content.sections.background ?? "").trim()).toBe("");
    expect(merged.content.qa.filter((q) => containsDraftPlaceholder(q.answer)).map((q) => q.question)).toEqual([
      "为什么要提高城乡最低生活保障和特困人员救助供养标准？",
      "这次城乡最低生活保障和特困人员救助供养的对象有哪些？",
    ]);
    expect(containsDraftPlaceholder("城市低保标准提高到每人每月885元。")).toBe(false);
  });

  it("the grouped chart is applied with its series", () => {
    const merged = mergeSuggestions(emptyPackageContent(), analysisOf(DIBAO));
    const grouped = merged.content.charts.find((c) => c.type === "grouped-bar");
    expect(grouped?.data.slice(0, 2)).toEqual([
      { label: "A档", value: 885, series: "城市" },
      { label: "B档", value: 710, series: "城市" },
    ]);
    expect(grouped?.dataTable?.split("\n")[0]).toBe("系列\t项目\t数值（元）");
  });
});
