/**
 * The intake suggestions on phrasings the tuned fixtures do not have, each rule on a short
 * document written for it (the corpus in tests/fixtures/intake measures them together:
 * `npm run corpus:intake`). Every block names the rule it pins down.
 */
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { policyName } from "~/domain/analysis/policy-name";
import { MAX_QUESTION_CHARS } from "~/domain/analysis/suggestions";

const PRICE_NOTICE = `示范区发展和改革局关于启动社会救助和保障标准与物价上涨挂钩联动机制发放价格临时补贴的通知
示发改价格〔2024〕17号
各街道办事处：
经区政府同意，决定启动联动机制，向困难群众发放价格临时补贴。现将有关事项通知如下：
一、保障对象
城乡低保对象、特困人员。
二、补贴标准
特困人员每人每月补贴150元。
三、发放时间
（一）本次补贴发放期限为2024年7月至9月。
（二）各街道办事处于2024年10月15日前完成补贴资金发放。
四、资金来源
补贴资金由区财政统筹安排。
五、工作要求
各街道办事处要认真核实保障对象。
附件：1.价格临时补贴发放花名册
2.价格临时补贴资金申请表
示范区发展和改革局
2024年9月10日`;

describe("questions call the policy by its short name", () => {
  const a = analyzeDocument(PRICE_NOTICE);
  const questions = a.suggestions.qa.map((q) => q.question);

  it("are short, end with ？, and never quote the title or an attached form", () => {
    expect(questions.length).toBeGreaterThanOrEqual(6);
    for (const q of questions) {
      expect([...q].length, q).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
      expect(q, q).toMatch(/？$/);
      expect(q, q).not.toContain("《");
      expect(q, q).not.toContain("花名册");
    }
  });

  it("name what the title says is done: the object of its last action verb", () => {
    expect(questions).toContain("为什么要发放价格临时补贴？");
    expect(questions).toContain("这次价格临时补贴的对象有哪些？");
    expect(questions).toContain("这次价格临时补贴的主要内容有哪些？");
  });

  it("read short names from the title and the text", () => {
    const text = "为做好2025年度城乡居民基本医疗保险（以下简称居民医保）参保缴费工作，现通知如下。";
    expect(policyName("东平区医疗保障局关于做好2025年度城乡居民基本医疗保险参保缴费工作的通知", [], text, "东平区医疗保障局")).toMatchObject({
      name: "居民医保参保缴费",
      act: "做好居民医保参保缴费工作",
      ref: "这次居民医保参保缴费",
    });
    // a 印发 notice names the attached document; the county and the year go
    expect(policyName("南湖区人民政府办公室关于印发南湖区公共租赁住房租赁补贴实施办法的通知", ["南湖区公共租赁住房租赁补贴实施办法"], "本办法所称公共租赁住房租赁补贴（以下简称租赁补贴），是指……", "南湖区人民政府办公室")).toMatchObject({
      ref: "租赁补贴实施办法",
      act: "制定租赁补贴实施办法",
    });
    // "A和B": each conjunct cut to the name the text also uses on its own; the adjusted 标准 stays in the act
    const elderly = "一、高龄津贴\n二、经济困难失能老年人养老服务补贴\n（三）补贴方式。养老服务补贴以服务券方式发放。";
    expect(policyName("丰乐县民政局关于调整高龄津贴和经济困难失能老年人养老服务补贴标准的通知", [], elderly, "丰乐县民政局")).toMatchObject({
      name: "高龄津贴和养老服务补贴",
      act: "调整高龄津贴和养老服务补贴标准",
    });
    // a tail found only inside longer words ("性收费目录清单") is no name; the head noun used alone is
    const fees = "现将涉企行政事业性收费目录清单和涉企经营服务性收费目录清单予以公布。\n（二）目录清单实行动态管理。";
    expect(policyName("安平县发展和改革局关于公布涉企行政事业性收费和涉企经营服务性收费目录清单的公告", [], fees, "安平县发展和改革局").name).toBe("目录清单");
  });
});

describe("the 主要内容 draft counts the document's own outline", () => {
  it("says 共5个部分 and names all five, the 工作要求 included", () => {
    const a = analyzeDocument(PRICE_NOTICE);
    const main = a.suggestions.qa.find((q) => q.topic === "主要任务")?.answer ?? "";
    expect(main).toMatch(/^共5个部分：一是保障对象；二是补贴标准；三是发放时间；四是资金来源；五是工作要求。/);
  });

  it("counts chapters as 章, and lists a task section's items without a second count", () => {
    const rules = analyzeDocument(
      "某县某某补贴实施办法\n第一章　总则\n第一条　为规范补贴发放，制定本办法。\n第二章　补贴标准\n第二条　补贴标准为每人每月100元。\n第三章　附则\n第三条　本办法自2024年7月1日起施行。",
    );
    expect(rules.suggestions.qa.find((q) => q.topic === "主要任务")?.answer).toMatch(/^共3章：一是总则；二是补贴标准；三是附则。/);
    const plan = analyzeDocument("某县2024年工作要点\n一、总体要求\n全面推进。\n二、主要任务\n（一）抓好甲项工作\n甲。\n（二）抓好乙项工作\n乙。\n三、保障措施\n加强领导。");
    const answer = plan.suggestions.qa.find((q) => q.topic === "主要任务")?.answer ?? "";
    expect(answer).toMatch(/^共3个部分：一是总体要求；二是主要任务；三是保障措施。其中，主要任务包括：抓好甲项工作；抓好乙项工作。/);
    expect(answer).not.toMatch(/包括\d+个方面/);
  });
});

describe("timeline steps are the policy's, labelled like a card", () => {
  it("leave out the 成文日期 and say what happens without marker, bracket or clock time", () => {
    const a = analyzeDocument(PRICE_NOTICE);
    expect(a.suggestions.timeline.map(({ date, label }) => `${date} ${label}`)).toEqual(["2024-10-15 各街道办事处完成补贴资金发放"]);
  });

  it("read dates in brackets after a heading, 截止时间为, date ranges and 第一期：10:00", () => {
    const a = analyzeDocument(
      `某县关于做好2024年某项工作的通知
一、实施步骤
（一）对象认定（3月31日前）。各乡镇组织开展摸底排查。
（二）组织实施（4月15日前全面开工）。各乡镇指导农户施工。
二、申请时间
（一）补贴申请受理截止时间为2024年12月20日，逾期不再受理。
（二）集中缴费期为2024年9月1日至12月31日。
（三）学生家长（监护人）于9月20日前向学校提交申请表。
三、发放批次
第一期：5月1日10:00开始发放。
某县人民政府
2024年2月26日`,
    );
    expect(a.suggestions.timeline.map(({ date, label }) => `${date} ${label}`)).toEqual([
      "2024-03-31 对象认定",
      "2024-04-15 全面开工",
      "2024-05-01 第一期开始发放",
      "2024-09-01 集中缴费期开始",
      "2024-09-20 学生家长向学校提交申请表",
      "2024-12-20 补贴申请受理截止",
      "2024-12-31 集中缴费期结束",
    ]);
  });

  it("the draft answer writes dates the way the document does", () => {
    const answer = analyzeDocument(PRICE_NOTICE).suggestions.qa.find((q) => q.topic === "时间节点")?.answer ?? "";
    expect(answer).toMatch(/^2024年10月15日前，各街道办事处完成补贴资金发放。/);
    expect(answer).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
