/**
 * The intake suggestions on phrasings the tuned fixtures do not have, each rule on a short
 * document written for it (the corpus in tests/fixtures/intake measures them together:
 * `npm run corpus:intake`). Every block names the rule it pins down.
 */
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { policyName } from "~/domain/analysis/policy-name";
import { MAX_QUESTION_CHARS } from "~/domain/analysis/suggestions";
import { readTables } from "~/domain/analysis/tables";

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

  it("a bare 结束 takes the subject of its sentence, a 对…给予 range names what is granted, a 之前出生 date is no step", () => {
    const a = analyzeDocument(
      `某区关于开展2024年某项活动的通知
一、活动时间
活动自2024年5月1日开始，至2024年10月7日结束。
二、补贴措施
7月1日至12月31日，对在县内购买新能源汽车的个人消费者，按车价给予最高3000元补贴。
三、发放对象
（一）2025年1月1日起，对符合条件的婴幼儿发放育儿补贴。
（二）2025年1月1日之前出生、不满3周岁的婴幼儿，按应享受补贴的月数折算发放。
某区商务局
2024年4月1日`,
    );
    expect(a.suggestions.timeline.map(({ date, label }) => `${date} ${label}`)).toEqual([
      "2024-05-01 活动开始",
      "2024-07-01 购买新能源汽车补贴（开始）",
      "2024-10-07 活动结束",
      "2024-12-31 购买新能源汽车补贴（结束）",
      "2025-01-01 对符合条件的婴幼儿发放育儿补贴",
    ]);
  });

  it("a channel named after 通过 leaves with its kind (微信公众号, 小程序, 平台)", () => {
    const a = analyzeDocument(
      `某区关于开展2024年某项活动的通知
一、报名时间
符合条件的商户须于4月20日前通过“秀水商务”微信公众号提交报名材料，区商务局于4月28日前公布参与商户名单。
二、申领方式
居民于5月10日前通过“某某惠民”小程序领取消费券。
某区商务局
2024年4月1日`,
    );
    expect(a.suggestions.timeline.map(({ date, label }) => `${date} ${label}`)).toEqual([
      "2024-04-20 符合条件的商户提交报名材料",
      "2024-04-28 区商务局公布参与商户名单",
      "2024-05-10 居民领取消费券",
    ]);
  });

  it("the draft answer writes dates the way the document does", () => {
    const answer = analyzeDocument(PRICE_NOTICE).suggestions.qa.find((q) => q.topic === "时间节点")?.answer ?? "";
    expect(answer).toMatch(/^2024年10月15日前，各街道办事处完成补贴资金发放。/);
    expect(answer).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});

const cards = (text: string) => analyzeDocument(text).suggestions.keyFigures.map((k) => `${k.value}${k.unit} ${k.label}`);
const chartsOf = (text: string) => analyzeDocument(text).suggestions.charts.filter((c) => c.type !== "timeline");

describe("key-figure labels are the clause's subject, without rates, years or the county", () => {
  it("take a rate out of the words and say it in brackets: 每人每月 → （月）, 每亩 → （每亩）", () => {
    expect(cards("一、补贴标准\n特困人员每人每月补贴150元。耕地地力保护补贴标准为每亩111.5元。城镇低收入家庭每月每平方米14元。")).toEqual([
      "150元 特困人员补贴（月）",
      "111.5元 耕地地力保护补贴标准（每亩）",
      "14元 城镇低收入家庭（每月每平方米）",
    ]);
  });

  it("drop the year and 我县 that open a subject, keep qualifying numbers (ages, household sizes)", () => {
    expect(
      cards("一、总体情况\n我县2024年耕地地力保护补贴资金4281.6万元已全部下达。2025年度居民医保个人缴费标准为每人每年400元。80至89周岁老年人每人每月60元。"),
    ).toEqual(["4281.6万元 耕地地力保护补贴资金", "400元 居民医保个人缴费标准（年）", "60元 80至89周岁老年人（月）"]);
  });

  it("a condition names what an amount is for; 其他 stays a word; 不低于 is a floor", () => {
    expect(cards("一、措施\n对实施秸秆机械化粉碎还田的，每亩补助25元。其他住房困难家庭每月补贴120元。各级财政补助标准为每人每年不低于700元。")).toEqual([
      "25元 秸秆机械化粉碎还田补助（每亩）",
      "120元 其他住房困难家庭补贴（月）",
      "700元 各级财政补助标准下限（年）",
    ]);
  });

  it("count people in 万: 1.2万人 is a card, ranked as people reached; 以下四类 and a quoted slogan are not figures", () => {
    const figures = cards(
      "一、对象\n重点资助以下四类学生。公开“七个方面、十六项重点工作”进展。\n二、资金\n预计发放资金约386万元，惠及困难群众约1.2万人。特困人员每人每月补贴150元。",
    );
    expect(figures).toContain("1.2万人 惠及困难群众");
    expect(figures.some((f) => f.startsWith("4类") || f.startsWith("四类") || f.startsWith("16项") || f.startsWith("十六项"))).toBe(false);
  });

  it("read 周岁 as age, N人户 as a household size, 2.2024年 after a list marker as no duration", () => {
    const a = analyzeDocument("一、标准\n80至89周岁老年人每人每月60元。1人户15平方米，2人户30平方米。\n附件：1.申请表\n2.2024年秋季学期资助名单");
    expect(a.facts.map((f) => `${f.kind}:${f.text}`)).toEqual(["quantity:89周岁", "money:60元", "quantity:15平方米", "quantity:30平方米"]);
  });

  it("a clock time is no list head: 第一期：5月1日10:00开始发放，发放金额200万元", () => {
    expect(cards("一、批次\n第一期：2024年5月1日10:00开始发放，发放金额200万元。")).toEqual(["200万元 第一期金额"]);
  });
});

describe("tables the text states become tiers × series", () => {
  it("tiers after the clause's measure take who from the sentence; only the top tier of each is a card", () => {
    const text = "二、补贴标准\n城市低保对象按保障程度分为B档、C档、D档，补贴标准为每人每月B档120元、C档80元、D档40元；农村低保对象补贴标准为每人每月B档90元、C档60元、D档30元。";
    // the B档 standards are headlines; C档 and D档 fill the cards only where nothing else is stated
    const withOthers = `${text}特困人员每人每月补贴150元。领取失业保险金人员每人每月补贴60元。孤儿每人每月补贴100元。预计发放资金约386万元，惠及困难群众约1.2万人。`;
    expect(cards(withOthers)).toEqual([
      "120元 城市低保对象B档补贴标准（月）",
      "90元 农村低保对象B档补贴标准（月）",
      "150元 特困人员补贴（月）",
      "100元 孤儿补贴（月）",
      "386万元 预计发放资金",
      "1.2万人 惠及困难群众",
    ]);
    const grouped = chartsOf(text).find((c) => c.type === "grouped-bar");
    expect(grouped?.data).toEqual([
      { label: "B档", value: 120, series: "城市" },
      { label: "C档", value: 80, series: "城市" },
      { label: "D档", value: 40, series: "城市" },
      { label: "B档", value: 90, series: "农村" },
      { label: "C档", value: 60, series: "农村" },
      { label: "D档", value: 30, series: "农村" },
    ]);
  });

  it("qualifiers of sibling paragraphs under one heading make one table (小学/初中 × 寄宿/非寄宿)", () => {
    const text =
      "二、资助标准\n（一）寄宿生生活补助。家庭经济困难寄宿生生活补助标准为小学每生每年1250元、初中每生每年1500元。\n（二）非寄宿生生活补助。家庭经济困难非寄宿生生活补助标准按寄宿生标准的50%确定，即小学每生每年625元、初中每生每年750元。";
    expect(cards(text)).toEqual([
      "1250元 小学寄宿生生活补助标准（年）",
      "1500元 初中寄宿生生活补助标准（年）",
      "625元 小学非寄宿生生活补助标准（年）",
      "750元 初中非寄宿生生活补助标准（年）",
    ]);
    expect(chartsOf(text).find((c) => c.type === "grouped-bar")).toMatchObject({
      title: "资助标准（元/年）",
      data: [
        { label: "小学", value: 1250, series: "寄宿" },
        { label: "初中", value: 1500, series: "寄宿" },
        { label: "小学", value: 625, series: "非寄宿" },
        { label: "初中", value: 750, series: "非寄宿" },
      ],
    });
  });

  it("分别: each figure goes with the item in its position; a 分别 without a list repeats the paragraph's list for its own who", () => {
    expect(cards("三、职业培训补贴\n取得初级工、中级工、高级工职业资格证书的，分别按每人1000元、1500元、2000元给予职业培训补贴。")).toEqual([
      "1000元 初级工职业培训补贴",
      "1500元 中级工职业培训补贴",
      "2000元 高级工职业培训补贴",
    ]);
    const rent = "第六条\n按上述标准，城镇低保家庭1人户、2人户、3人及以上户每月补贴分别为300元、600元、900元；城镇低收入家庭分别为210元、420元、630元。";
    const grouped = chartsOf(rent).find((c) => c.type === "grouped-bar");
    expect(grouped?.data).toEqual([
      { label: "1人户", value: 300, series: "城镇低保" },
      { label: "2人户", value: 600, series: "城镇低保" },
      { label: "3人及以上户", value: 900, series: "城镇低保" },
      { label: "1人户", value: 210, series: "城镇低收入" },
      { label: "2人户", value: 420, series: "城镇低收入" },
      { label: "3人及以上户", value: 630, series: "城镇低收入" },
    ]);
    // worked out "按上述标准": derived, so they never crowd out the standards they come from
    const withPrices = `第五条　补贴单价按家庭类别分档确定：城镇低保家庭每月每平方米20元，城镇低收入家庭每月每平方米14元，其他住房困难家庭每月每平方米8元，城镇中等偏下收入家庭每月每平方米5元。\n${rent}`;
    expect(cards(withPrices).slice(0, 4)).toEqual([
      "20元 城镇低保家庭补贴单价（每月每平方米）",
      "14元 城镇低收入家庭补贴单价（每月每平方米）",
      "8元 其他住房困难家庭补贴单价（每月每平方米）",
      "5元 城镇中等偏下收入家庭补贴单价（每月每平方米）",
    ]);
  });

  it("conditions × groups: 拆除重建的，A…4万元，B…3万元；修缮加固的，分别…1.5万元、1万元", () => {
    const text = "三、补助标准\n拆除重建的，农村低保户、分散供养特困人员每户补助4万元，农村低保边缘家庭、防止返贫监测对象每户补助3万元；修缮加固的，分别每户补助1.5万元、1万元。";
    expect(chartsOf(text).find((c) => c.type === "grouped-bar")?.data).toEqual([
      { label: "拆除重建", value: 4, series: "农村低保户、分散供养特困人员" },
      { label: "拆除重建", value: 3, series: "农村低保边缘家庭、防止返贫监测对象" },
      { label: "修缮加固", value: 1.5, series: "农村低保户、分散供养特困人员" },
      { label: "修缮加固", value: 1, series: "农村低保边缘家庭、防止返贫监测对象" },
    ]);
    expect(cards(text)).toContain("1万元 修缮加固农村低保边缘家庭等补助（每户）");
  });

  it("其中: the parts of a total are derived and drawn as its composition", () => {
    const text = "一、清单内容\n我县现行涉企行政事业性收费共12项，其中国家设立的9项、省设立的3项。实行政府定价的涉企经营服务性收费共6项。";
    // parts rank after the totals
    expect(cards(text)).toEqual(["12项 现行涉企行政事业性收费", "9项 国家设立", "3项 省设立", "6项 实行政府定价的涉企经营服务性收费"]);
    expect(analyzeDocument(text).suggestions.keyFigures.filter((k) => ["9", "3"].includes(k.value))).toHaveLength(2);
    expect(chartsOf(text).find((c) => c.type === "donut")).toMatchObject({
      title: "现行涉企行政事业性收费构成（共12项）",
      data: [
        { label: "国家设立", value: 9 },
        { label: "省设立", value: 3 },
      ],
    });
  });

  it("amounts per 亩 and per 吨 are never one bar chart", () => {
    const text = "二、推进综合利用\n对实施秸秆机械化粉碎还田的，每亩补助25元；对秸秆离田收储利用的，每吨补助40元。";
    expect(chartsOf(text).filter((c) => c.data.length > 1)).toEqual([]);
  });
});

describe("tables flattened into the text", () => {
  it("a column per unit becomes a bar over the rows; the 序号 column and the 合计 row are left out", () => {
    const text = `二、补贴面积和标准
各乡镇补贴面积和资金如下：
序号 乡镇 补贴面积（万亩） 补贴资金（万元）
1 城关镇 5.2 579.8
2 河口镇 7.6 847.4
3 柳林乡 9.1 1014.7
合计 21.9 2441.9

三、时间安排`;
    expect(readTables(text)).toMatchObject([{ labelHeader: "乡镇", labels: ["城关镇", "河口镇", "柳林乡"], columns: [{ name: "补贴面积", unit: "万亩" }, { name: "补贴资金", unit: "万元", values: [579.8, 847.4, 1014.7] }] }]);
    expect(chartsOf(text).find((c) => c.title === "各乡镇补贴资金（万元）")?.data).toEqual([
      { label: "城关镇", value: 579.8 },
      { label: "河口镇", value: 847.4 },
      { label: "柳林乡", value: 1014.7 },
    ]);
  });

  it("columns sharing the unit of a note before the header make a grouped chart", () => {
    const text = `二、养老服务补贴
（二）补贴标准。按照失能等级和对象类别分档确定（单位：元/人·月）：
失能等级 特困人员 低保对象
轻度失能 200 150
重度失能 400 300

（三）补贴方式。以服务券方式发放。`;
    expect(chartsOf(text).find((c) => c.type === "grouped-bar")).toMatchObject({
      title: "补贴标准（元/月）",
      unit: "元",
      data: [
        { label: "轻度失能", value: 200, series: "特困人员" },
        { label: "重度失能", value: 400, series: "特困人员" },
        { label: "轻度失能", value: 150, series: "低保对象" },
        { label: "重度失能", value: 300, series: "低保对象" },
      ],
    });
  });

  it("prose with spaces is no table", () => {
    expect(readTables("东平区医疗保障局 国家税务总局东平区税务局 东平区财政局\n2024 年 8 月 26 日\n各镇人民政府 街道办事处 区直有关单位\n请 认真 贯彻")).toEqual([]);
  });
});

describe("draft answers from the preamble and the scope section", () => {
  it("背景: what the preamble states besides basis, purpose and procedure", () => {
    const background = (text: string) => analyzeDocument(text).suggestions.qa.find((q) => q.topic === "背景")?.answer ?? "";
    expect(background(PRICE_NOTICE.replace("经区政府同意，决定启动联动机制", "根据省、市有关要求，经测算，2024年7月我区居民消费价格指数同比涨幅达到3.6%，达到联动机制启动条件。经区政府同意，决定启动联动机制"))).toMatch(
      /^文件所述背景：2024年7月我区居民消费价格指数同比涨幅达到3.6%，达到联动机制启动条件。/,
    );
    // a preamble of purpose, basis and decision only states no background: the unit writes it
    expect(background("某县民政局关于提高低保标准的通知\n各乡镇：\n为做好困难群众基本生活保障工作，根据《社会救助暂行办法》，经县政府同意，决定提高低保标准。现将有关事项通知如下：\n一、标准\n每人每月885元。")).toBe(
      "文件中未找到相关表述，请起草单位补充。",
    );
  });

  it("适用对象: a 保障对象 section's items, joined as a list", () => {
    const scope = analyzeDocument(PRICE_NOTICE.replace("城乡低保对象、特困人员。", "（一）城乡低保对象；\n（二）特困人员；\n（三）孤儿和事实无人抚养儿童。")).suggestions.qa.find((q) => q.topic === "适用对象");
    expect(scope?.answer).toMatch(/^适用于城乡低保对象、特困人员、孤儿和事实无人抚养儿童。.*（见第一部分）$/);
    expect(scope?.clauses).toEqual([
      ["一、", "（一）"],
      ["一、", "（二）"],
      ["一、", "（三）"],
    ]);
  });
});

describe("what the second blind set revealed", () => {
  const WAGES = `一、调整标准
（一）县城规划区（一类区域）：月最低工资标准由2000元调整为2200元，小时最低工资标准由20元调整为22元。
（二）其他乡镇（二类区域）：月最低工资标准由1800元调整为2000元，小时最低工资标准由18元调整为20元。`;

  it("a list head that is a name says whose standard it is; 二类区域 counts nothing", () => {
    expect(cards(WAGES)).toEqual(["2200元 县城规划区月最低工资标准", "22元 县城规划区小时最低工资标准", "2000元 其他乡镇月最低工资标准", "20元 其他乡镇小时最低工资标准"]);
  });

  it("values raised from others make a 调整前后 chart per measure; 2200 and 22 are no bar", () => {
    const charts = chartsOf(WAGES);
    expect(charts.map((c) => c.title)).toEqual(["月最低工资标准调整前后（元）", "小时最低工资标准调整前后（元）"]);
    expect(charts[0].data).toEqual([
      { label: "县城规划区", value: 2000, series: "调整前" },
      { label: "其他乡镇", value: 1800, series: "调整前" },
      { label: "县城规划区", value: 2200, series: "调整后" },
      { label: "其他乡镇", value: 2000, series: "调整后" },
    ]);
  });

  it("分别 after 我区对…: the words between 分别 and the figures say what is granted, 我区 names no one", () => {
    expect(cards("（二）区级增发标准。在国家基础标准之上，我区对二孩、三孩及以上婴幼儿分别每年增发1000元、2000元，所需资金由区财政承担。")).toEqual([
      "1000元 二孩增发（年）",
      "2000元 三孩及以上婴幼儿增发（年）",
    ]);
  });

  it("charts under one heading are told apart by their clause's number, not by an outline path", () => {
    const charts = chartsOf(`某区政务公开工作考核办法
四、大比例扣分事项
（一）国办、省、市政府网站和政务新媒体检查通报扣分的。国办通报扣30分，省级通报扣20分，市级通报扣10分；
（二）因政府信息依申请公开程序不规范、内容答复错误导致的行政复议纠错和行政诉讼败诉，引发负面舆情的。引发市级舆情的扣10分，省级及以上舆情的扣30分；
（三）在省政府、市政府政务公开考核中，因信息更新不到位导致扣分的。影响省政府考核扣30分，影响市政府考核扣20分。`);
    expect(charts.map((c) => c.title)).toEqual(["大比例扣分事项之一（分）", "大比例扣分事项之二（分）", "大比例扣分事项之三（分）"]);
  });

  it("a donut's slices are named in at most 16 characters without a cut-off phrase", () => {
    const donut = chartsOf(`某区政务公开工作考核办法
三、考核方式
百分制。
（一）日常考核（30分）。具体包括3项工作：
1.按时间节点完成基层政务公开标准化工作（10分）：具体包括政务公开标准目录设置、网站栏目调整等。
2.网站信息更新、政务新媒体等专项检查出的问题予以整改；按要求参加政务公开业务培训（10分）。
3.创新经验在省政府办公厅、国务院办公厅平台宣传推广，作为观摩点迎接上级政府调研考察（10分）。
（二）第三方评估（70分）。委托第三方机构进行评估。`).find((c) => c.title.startsWith("日常考核"));
    expect(donut?.data.map((d) => d.label)).toEqual(["完成基层政务公开标准化工作", "网站信息更新等", "创新经验宣传推广"]);
  });

  it("a bound on a change bounds the change: 提高不低于1000元 is the 增幅's 下限", () => {
    expect(cards("三、待遇标准\n连续参保满4年的参保人员，之后每连续参保1年，大病保险最高支付限额提高不低于1000元。")).toContain("1000元 大病保险最高支付限额增幅下限");
  });

  it("每孩每年 is a rate like 每人每年", () => {
    expect(cards("二、补贴标准\n（一）国家基础标准。育儿补贴按年发放，每孩每年3600元，直至婴幼儿年满3周岁。")).toEqual(["3600元 育儿补贴（年）"]);
  });
});
