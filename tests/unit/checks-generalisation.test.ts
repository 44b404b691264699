/**
 * 审校 on material it was not tuned on (issue 11, the blind corpus set): each test pins one
 * principled fix found by measuring documents and interpretations written before the checker was
 * read — item identity from what tells sibling items apart, abstention when unsure, and never an
 * error on text that is correct.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { extractFacts } from "~/domain/analysis/facts";
import { type Finding, prepareDocument, runChecks, textInterpretation } from "~/domain/checks";

const docOf = (text: string) => prepareDocument(analyzeDocument(text));

function check(text: string, doc: ReturnType<typeof docOf> | null, referenceYear = 2024): Finding[] {
  return runChecks(textInterpretation(text), { document: doc, referenceYear });
}

/** The findings sitting on the first `excerpt` of the text (not info). */
function on(findings: Finding[], text: string, excerpt: string): Finding[] {
  const offset = text.indexOf(excerpt);
  return findings.filter((f) => f.severity !== "info" && f.offset < offset + excerpt.length && offset < f.offset + Math.max(1, f.excerpt.length));
}

const errors = (findings: Finding[]) => findings.filter((f) => f.severity === "error");

describe("figures the extractor reads", () => {
  const kinds = (text: string) => extractFacts(text, undefined, { referenceYear: 2024 }).map((f) => `${f.kind}:${f.text}`);

  it("“开学后3个月内” after 每学期 is a duration of 3 months, not a frequency of 3 个", () => {
    expect(kinds("资助资金于每学期开学后3个月内拨付")).toEqual(["duration:3个月"]);
    expect(kinds("2025年内仍可缴费 但要设置6个月待遇等待期")).toContain("duration:6个月");
  });

  it("a recurring date “每年10月31日前” is a deadline, not a frequency of 31 日", () => {
    expect(kinds("一次性求职创业补贴于每年10月31日前集中申请")).toEqual(["deadline:10月31日前"]);
    expect(kinds("每年11月底前报送清理情况")).toEqual(["deadline:11月底前"]);
  });

  it("an age “80至89周岁” is an age, not a span of 89 weeks; “60㎡” is an area", () => {
    expect(kinds("80至89周岁老年人")).toEqual(["quantity:89周岁"]);
    expect(kinds("2至3人户50㎡左右")).toContain("quantity:50㎡");
  });
});

describe("what a figure is about", () => {
  const FIRE = docOf(
    "云溪县秸秆禁烧工作方案\n\n一、考核奖惩\n对全年未发现火点的乡镇（街道），奖励5万元；每发现1个火点，扣减该乡镇（街道）生态补偿资金2万元。\n二、综合利用\n对实施秸秆机械化粉碎还田的，每亩补贴15元。对从事秸秆打捆离田的经营主体，每吨补贴40元。每个乡镇建设秸秆收储点不少于1处，对新建标准化收储点一次性奖补5万元。\n",
  );

  it("a count earlier in the clause does not take the words of a figure of another kind (每发现1个火点扣减…5万元)", () => {
    const text = "全年未发现火点的乡镇（街道）奖励5万元，每发现1个火点扣减生态补偿资金5万元。";
    const second = text.lastIndexOf("5万元");
    expect(check(text, FIRE).filter((f) => f.offset === second).map((f) => f.expected)).toEqual(["2 万元"]);
  });

  it("what a figure is per (每亩/每吨, 元/亩) tells items apart: 40元/亩 is the 还田 subsidy written with the 打捆 value", () => {
    const text = "机械化粉碎还田 40元/亩";
    expect(on(check(text, FIRE), text, "40元").map((f) => f.expected)).toEqual(["15 元"]);
    expect(errors(check("打捆离田 40元/吨", FIRE))).toEqual([]);
  });

  const CAP = docOf(
    "关于做好城乡居民医保参保缴费工作的通告\n\n一、激励机制\n对连续参保满4年的参保人员，之后每连续参保1年，提高大病保险最高支付限额，每次提高额度不低于大病保险原封顶线的2%。两项激励累计提高总额不超过大病保险原封顶线的20%。\n",
  );

  it("“原” inside a noun (原封顶线) does not make a figure a former value", () => {
    expect(errors(check("两项累计不超过20%。", CAP))).toEqual([]);
    const text = "两项累计不超过10%。";
    expect(on(check(text, CAP), text, "10%").map((f) => f.expected)).toEqual(["20%"]);
  });

  const CARE = docOf(
    "关于调整养老服务补贴标准的通知\n\n一、运营补贴\n收住失能、半失能老年人的，每张床位每月补贴150元。运营补贴按季度核拨，每年星级评定为三星级及以上的，补贴标准上浮10%。\n二、建设补贴\n建设补贴分两次拨付，验收合格后拨付50%，运营满1年后拨付剩余50%。\n",
  );

  it("a period inherited from the sentence (每月) does not rule out the item; only the figure's own period does", () => {
    expect(errors(check("收住失能老年人的每张床位每月补贴150元，三星级及以上上浮10%。", CARE))).toEqual([]);
    const text = "收住失能老年人的每张床位每月补贴150元，三星级及以上上浮15%。";
    expect(on(check(text, CARE), text, "15%").map((f) => f.expected)).toEqual(["10%"]);
  });

  it("每学期 is not 每学年: half the yearly standard per term is not an error", () => {
    const grant = docOf(
      "学前教育幼儿资助实施办法\n\n第一条　一档资助标准为每生每学年2000元，二档资助标准为每生每学年1200元。资助资金按学期发放。\n第二条　在普惠性民办幼儿园就读的一档资助对象，按照每生每学期600元的标准减免保育教育费。\n",
    );
    expect(errors(check("一档每学年2000元、二档每学年1200元，按学期发放，也就是一档每学期1000元、二档每学期600元。", grant))).toEqual([]);
  });
});

describe("abstaining rather than correcting what is not a quoted figure", () => {
  const FEES = docOf("关于做好居民医保参保缴费工作的通告\n\n一、缴费标准\n个人缴费标准为每人每年400元，各级财政补助标准为每人每年不低于700元。\n");

  it("a figure the interpretation computes (也就是说…) is not corrected to a document figure", () => {
    const findings = check("个人缴费每人每年400元，财政补助每人每年不低于700元，也就是说群众每缴1元钱，财政至少配套1.75元。", FEES);
    expect(errors(findings)).toEqual([]);
    expect(findings.filter((f) => f.expected !== null && f.rule.startsWith("figure"))).toEqual([]);
    // the same with the subsidy written wrong: the wrong figure is corrected, the computed ones are not
    const wrong = check("个人缴费每人每年400元，财政补助每人每年不低于670元，也就是说群众每缴1元钱，财政至少配套1.75元。", FEES);
    expect(errors(wrong).map((f) => [f.excerpt, f.expected])).toEqual([["670元", "700 元"]]);
  });

  const JOBS = docOf(
    "关于做好就业创业补贴工作的通知\n\n一、补贴标准\n（一）对首次创办小微企业或从事个体经营，且正常经营6个月以上的高校毕业生，给予一次性创业补贴5000元。\n（二）对小微企业吸纳高校毕业生，签订1年以上劳动合同并缴纳社会保险费的，按每人1000元给予一次性吸纳就业补贴。\n",
  );

  it("figures of a worked example (【案例一】, 小李, 某公司) that differ from the document only warn", () => {
    const text =
      "【案例一】小李2023年大学毕业后开了一家奶茶店，已正常经营8个月，可以申请一次性创业补贴5000元。\n【案例二】某科技公司今年招用了3名高校毕业生，都签订了2年劳动合同，可以领取补贴3000元。";
    expect(errors(check(text, JOBS))).toEqual([]);
  });
});

describe("dates", () => {
  const NOTICE = docOf(
    "南塘区商务局\n关于印发《2024年“乐购南塘”消费券发放实施方案》的通知\n\n南商发〔2024〕5号\n\n各有关企业：\n现将方案印发给你们。\n\n南塘区商务局\n\n2024年9月10日\n\n2024年“乐购南塘”消费券发放实施方案\n\n一、发放规模\n第一期于2024年9月20日发放，资金400万元；第二期于2024年10月1日发放，资金300万元。商户可于2024年9月15日前报名。\n",
  );

  it("a press conference (新闻发布会) is not the day the document was issued", () => {
    expect(errors(check("9月11日，区政府新闻办召开新闻发布会，区商务局局长介绍方案有关情况。", NOTICE))).toEqual([]);
  });

  it("a news lead “X月X日，…联合发布《本文件》” is the day the document was issued", () => {
    const text = "本报讯（记者 陈静）9月1日，区商务局印发《2024年“乐购南塘”消费券发放实施方案》（南商发〔2024〕5号），明确分两期发放消费券。";
    expect(on(check(text, NOTICE), text, "9月1日").map((f) => f.expected)).toEqual(["2024年9月10日"]);
  });

  it("a date in a sentence about another document is that document's", () => {
    expect(errors(check("2019年10月22日，国务院公布《优化营商环境条例》，自2020年1月1日起施行。", NOTICE))).toEqual([]);
  });
});

describe("counts", () => {
  const count = (findings: Finding[]) => findings.filter((f) => f.rule.startsWith("count.")).map((f) => [f.excerpt, f.expected]);
  const NOTICE = docOf(
    "关于调整高龄津贴和养老服务补贴标准的通知\n\n一、提高高龄津贴标准\n内容。\n二、提高养老服务补贴标准\n内容。\n三、完善养老机构运营补贴\n内容。\n四、申请和发放\n内容。\n五、执行时间\n内容。\n",
  );

  it("a count is judged against the outline only when its own clause says it counts the document (分为/共), not “调整了三个方面”", () => {
    expect(count(check("《通知》分为5个部分，主要调整了三个方面的标准。", NOTICE))).toEqual([]);
    expect(count(check("《通知》分为6个部分。", NOTICE))).toEqual([["6个部分", "5个部分"]]);
  });

  it("a count before lines marked （一）（二）（三） is checked against them", () => {
    expect(count(check("主要调整了三个方面的标准：\n（一）高龄津贴。\n（二）养老服务补贴。\n（三）运营补贴。", null))).toEqual([]);
    expect(count(check("主要调整了两个方面的标准：\n（一）高龄津贴。\n（二）养老服务补贴。\n（三）运营补贴。", null))).toEqual([["两个方面", "3个方面"]]);
  });

  it("ordinal labels (一档…二档…) are not counts", () => {
    expect(count(check("一档每学年2000元、二档每学年1200元，按学期发放，也就是一档每学期1000元、二档每学期600元。", null))).toEqual([]);
  });

  it("a list without a clear start (it runs on over a comma) is not counted", () => {
    expect(count(check("重点是孤儿，低保家庭幼儿，残疾幼儿，以及烈士子女和因公牺牲军人、消防救援人员子女四类对象。", null))).toEqual([]);
  });

  it("“共7个步骤：A、B…” and “涉及A、B、C三项。” are counted with a noun before the colon or nothing after the count", () => {
    expect(count(check("共6个步骤：农户申请、村级评议、镇级审核、危房鉴定、组织实施、竣工验收、资金拨付。", null))).toEqual([["6个", "7个"]]);
    expect(count(check("这次调整涉及高龄津贴、养老服务补贴、养老机构运营补贴四项。", null))).toEqual([["四项", "3项"]]);
    expect(count(check("这次调整涉及高龄津贴、养老服务补贴、养老机构运营补贴三项。", null))).toEqual([]);
  });

  it("a per-section count in brackets after a heading counts the items that follow it (（3条）。一是…)", () => {
    expect(count(check("（四）强化组织保障（4条）。一是压实部门责任；二是加强政策宣传；三是开展评估问效。", null))).toEqual([["4条", "3条"]]);
    expect(count(check("（四）强化组织保障（3条）。一是压实部门责任；二是加强政策宣传；三是开展评估问效。", null))).toEqual([]);
  });

  const RULES = docOf(
    "云溪县学前教育幼儿资助实施办法\n\n第一章　总　　则\n\n第一条　为做好资助工作，制定本办法。\n\n第二条　本办法适用于幼儿园。\n\n第二章　资助标准\n\n第三条　一档资助标准为每生每学年2000元。\n\n第三章　附　　则\n\n第四条　本办法自2024年9月1日起施行。\n",
  );

  it("chapters and articles (共3章4条) are checked against a document written in 章/条", () => {
    expect(count(check("《办法》共3章4条。", RULES))).toEqual([]);
    expect(count(check("《办法》共3章6条。", RULES))).toEqual([["6条", "4条"]]);
    expect(count(check("《办法》共5章4条。", RULES))).toEqual([["5章", "3章"]]);
  });
});

describe("文号 of cited documents", () => {
  const GRANT = docOf(
    "云溪县教育局\n关于印发《云溪县学前教育幼儿资助实施办法》的通知\n\n云教发〔2024〕21号\n\n各幼儿园：\n现印发给你们。\n\n云溪县教育局\n\n2024年8月26日\n\n云溪县学前教育幼儿资助实施办法\n\n一、施行\n本办法自2024年9月1日起施行。《云溪县学前教育资助暂行办法》（云教发〔2019〕15号）同时废止。\n",
  );

  it("a 文号 the document itself cites, or one standing after another document's title, is that document's", () => {
    expect(check("原《云溪县学前教育资助暂行办法》（云教发〔2019〕15号）同时废止。", GRANT).filter((f) => f.rule === "docnumber.mismatch")).toEqual([]);
    expect(check("参照《云溪县学生资助管理办法》（云教发〔2021〕3号）执行。", GRANT).filter((f) => f.rule === "docnumber.mismatch")).toEqual([]);
    expect(check("《办法》（云教发〔2024〕12号）自9月1日起施行。", GRANT).map((f) => [f.rule, f.expected])).toContainEqual(["docnumber.mismatch", "云教发〔2024〕21号"]);
  });
});

describe("date ranges", () => {
  const BAN = docOf(
    "云溪县秸秆禁烧工作方案\n\n一、工作目标\n秸秆综合利用率稳定在95%以上，机械化还田面积达到28万亩以上。\n二、重点时段\n夏季重点时段为2024年5月25日至7月10日，秋季重点时段为2024年9月25日至11月15日。\n三、主要任务\n重点时段每个村级网格配备网格员不少于2名，火点发现后须在30分钟内到达现场。对实施秸秆机械化粉碎还田的，每亩补贴15元。\n",
  );

  it("the start and the end of a range (至, —) are told apart, also written without the year", () => {
    const end = "秋季 9月25日—11月30日";
    expect(on(check(end, BAN), end, "11月30日").map((f) => f.expected)).toEqual(["11月15日"]);
    const start = "夏季 5月20日—7月10日";
    expect(on(check(start, BAN), start, "5月20日").map((f) => f.expected)).toEqual(["2024年5月25日"]);
    expect(errors(check("夏季重点时段为5月25日至7月10日，秋季重点时段为9月25日至11月15日。", BAN))).toEqual([]);
  });
});

describe("sibling items: the words that tell them apart decide", () => {
  const AID = docOf(
    "关于做好居民医保参保缴费工作的通告\n\n一、缴费标准\n个人缴费标准为每人每年400元。\n二、参保资助\n（一）低保对象参加居民医保的，个人缴费部分按70%给予资助，每人每年资助280元。\n（二）返贫致贫人口参加居民医保的，个人缴费部分按50%给予资助，每人每年资助200元。\n（三）纳入监测范围的农村易返贫致贫人口参加居民医保的，个人缴费部分按30%给予资助，每人每年资助120元。\n",
  );

  it("a value the document gives a sibling item is corrected when the figure names the other item (低保对象…200元)", () => {
    const text = "低保对象按70%资助，每人每年资助200元。";
    expect(on(check(text, AID), text, "200元").map((f) => f.expected)).toEqual(["280 元"]);
    expect(errors(check("返贫致贫人口按50%资助，每人每年资助200元。", AID))).toEqual([]);
  });

  const STEPS = docOf(
    [
      "桐山县公共租赁住房保障管理实施细则",
      "",
      "一、保障对象和条件",
      "（一）城镇中等偏下收入住房困难家庭。申请人具有本县城区户籍满1年，家庭人均月收入低于每人每月2180元，家庭总资产不超过30万元。",
      "（二）新就业无房职工。毕业未满5年，签订1年以上劳动合同，连续缴纳社会保险满6个月。",
      "二、保障方式和标准",
      "租赁补贴人均保障面积为15平方米。城区补贴标准为每月每平方米12元，镇驻地补贴标准为每月每平方米8元，每户每月补贴最高不超过720元。",
      "三、申请审核程序",
      "1. 初审。街道办事处自受理之日起10个工作日内完成入户调查和初审，并在社区公示，公示期为7日。",
      "2. 复审。县住房保障服务中心自收到初审材料之日起15个工作日内，会同民政、公安等部门完成复审。",
      "3. 公示。复审合格的，在县政府门户网站公示，公示期为7日。",
      "4. 轮候配租。轮候期原则上不超过3年。",
      "",
    ].join("\n"),
  );

  it("a step's heading names it: 复审 written with the 初审 time limit is corrected, 初审 is fine", () => {
    const text = "② 初审：10个工作日 社区（村）公示7日\n③ 复审：10个工作日";
    const second = text.lastIndexOf("10个工作日");
    expect(check(text, STEPS).filter((f) => f.offset === second && f.severity === "error").map((f) => f.expected)).toEqual(["15 个工作日"]);
    expect(check(text, STEPS).filter((f) => f.offset === text.indexOf("10个工作日") && f.severity === "error")).toEqual([]);
  });
});

describe("titles, markings and words", () => {
  const PLAN = docOf(
    "云溪县人民政府办公室\n关于印发云溪县2024年秸秆禁烧和综合利用\n工作方案的通知\n\n云政办字〔2024〕9号\n\n各乡镇人民政府：\n现印发给你们。\n\n云溪县人民政府办公室\n\n2024年5月10日\n\n云溪县2024年秸秆禁烧和综合利用工作方案\n\n一、工作目标\n全县实现“零火点”。根据《云溪县2023年秸秆禁烧工作方案》实施情况，制定本方案。\n",
  );
  const titles = (text: string) => check(text, PLAN).filter((f) => f.rule === "title.mismatch").map((f) => f.expected);

  it("a phrase dropped from the own title (和综合利用) is a near-miss, with the full title suggested", () => {
    expect(titles("县政府办公室印发《云溪县2024年秸秆禁烧工作方案》。")).toEqual(["《云溪县2024年秸秆禁烧和综合利用工作方案》"]);
  });

  it("a title the document itself cites, another year's plan or the city's, is another document", () => {
    expect(titles("根据《云溪县2023年秸秆禁烧工作方案》实施情况。")).toEqual([]);
    expect(titles("落实《临江市2024年秸秆禁烧和综合利用工作方案》。")).toEqual([]);
  });

  it("“内部文件 不得外传” is one marking; “不得公开身份证号码” is no marking", () => {
    const marked = check("内部文件 不得外传\n县农业农村局提醒广大群众。", null).filter((f) => f.rule === "secrecy.marking");
    expect(marked.map((f) => f.excerpt)).toEqual(["内部文件 不得外传"]);
    expect(check("公示时不得公开幼儿及其家庭成员的身份证号码。", null).filter((f) => f.rule === "secrecy.marking")).toEqual([]);
  });

  it("账 and 签订 as the standard writes them", () => {
    const words = (text: string) => check(text, null).filter((f) => f.rule === "word.confusable").map((f) => [f.excerpt, f.expected]);
    expect(words("不公开银行帐号，补助资金专帐核算，签定1年以上劳动合同。")).toEqual([
      ["帐号", "账号"],
      ["专帐", "专账"],
      ["签定", "签订"],
    ]);
    expect(words("不公开银行账号，补助资金专账核算，签订1年以上劳动合同。")).toEqual([]);
  });
});

describe("tiers by age or household size, and tables", () => {
  const ELDER = docOf(
    [
      "关于调整高龄津贴和经济困难老年人养老服务补贴标准的通知",
      "",
      "一、提高高龄津贴标准",
      "具有本县户籍、年满80周岁的老年人，按年龄段发放高龄津贴：",
      "80至89周岁老年人，由每人每月50元提高到100元；",
      "90至99周岁老年人，由每人每月100元提高到200元；",
      "100周岁及以上老年人，由每人每月300元提高到500元。",
      "二、提高养老服务补贴标准",
      "年满60周岁的低保家庭中的失能、半失能老年人：完全失能老年人由每人每月200元提高到300元，半失能老年人由每人每月100元提高到200元。",
      "三、完善养老机构运营补贴",
      "收住自理老年人的，每张床位每月补贴80元；收住失能、半失能老年人的，每张床位每月补贴150元。",
      "",
    ].join("\n"),
  );

  it("an age band (80至89周岁, 100周岁及以上) tells tiers apart and is not itself a figure to correct", () => {
    const wrongTier = "90至99周岁由100元提高到300元。";
    expect(on(check(wrongTier, ELDER), wrongTier, "300元").map((f) => f.expected)).toEqual(["200 元"]);
    const oldValue = "100周岁及以上每人每月300元。";
    expect(on(check(oldValue, ELDER), oldValue, "300元").map((f) => f.expected)).toEqual(["500 元"]);
    expect(errors(check("80至89周岁每人每月100元，90至99周岁每人每月200元，100周岁及以上每人每月500元。", ELDER))).toEqual([]);
  });

  it("a table row is read as row label × column header: the 原标准 column holds former values", () => {
    const table = ["三、新旧标准对比", "| 项目 | 原标准 | 新标准 |", "| 80至89周岁高龄津贴 | 50元 | 100元 |", "| 90至99周岁高龄津贴 | 100元 | 200元 |", "| 100周岁及以上高龄津贴 | 300元 | 500元 |", "| 完全失能老年人养老服务补贴 | 200元 | 300元 |"].join("\n");
    expect(errors(check(table, ELDER))).toEqual([]);
    const wrong = table.replace("| 100元 | 200元 |", "| 100元 | 250元 |");
    expect(on(check(wrong, ELDER), wrong, "250元").map((f) => f.expected)).toEqual(["200 元"]);
  });

  const HOMES = docOf(
    "公共租赁住房保障管理实施细则\n\n一、实物配租\n单人户配租建筑面积40平方米左右的一居室；2至3人户配租建筑面积50平方米左右的两居室；4人及以上户配租建筑面积60平方米左右的户型。\n二、租赁补贴\n人均保障面积为15平方米，每户每月补贴最高不超过720元。\n",
  );

  it("a household band (2至3人户) tells the sizes apart", () => {
    const text = "实物配租：单人户40㎡左右 2至3人户60㎡左右 4人及以上户60㎡左右";
    expect(on(check(text, HOMES), text, "60㎡").map((f) => f.expected)).toEqual(["50 平方米"]);
  });
});

describe("clauses that continue another", () => {
  const COUPONS = docOf(
    [
      "2024年“乐购南塘”消费券发放实施方案",
      "",
      "一、发放规模",
      "区财政安排资金1000万元，分三期发放消费券。第一期于2024年9月20日发放，资金400万元；第二期于2024年10月1日发放，资金300万元；第三期于2024年11月8日发放，资金300万元。",
      "二、券种和面额",
      "（一）餐饮券。满100元减30元。",
      "（二）零售券。满200元减50元。",
      "三、商户参与",
      "消费券核销后，区商务局委托第三方支付平台在3个工作日内将补贴资金结算至商户账户。商户可于2024年9月15日前报名，审核在5个工作日内完成。",
      "",
    ].join("\n"),
  );
  const expectedOn = (text: string, excerpt: string) => on(check(text, COUPONS), text, excerpt).map((f) => f.expected);

  it("a clause whose subject is a generic noun (资金400万元) continues the clause before it (第一期…)", () => {
    expect(expectedOn("第一期9月20日发放500万元，第二期10月1日发放300万元。", "500万元")).toEqual(["400 万元"]);
  });

  it("a temporal condition (核销后，) names the item", () => {
    expect(expectedOn("核销后5个工作日内结算。", "5个工作日")).toEqual(["3 个工作日"]);
  });

  it("a caption label before a space stays the figure's (餐饮券 满100元减20元), an offer's discount is not its threshold", () => {
    expect(expectedOn("餐饮券 满100元减20元", "20元")).toEqual(["30 元"]);
    expect(errors(check("餐饮券 满100元减30元\n零售券 满200元减50元", COUPONS))).toEqual([]);
  });

  const WAIT = docOf(
    "关于做好居民医保参保缴费工作的通告\n\n一、集中缴费期外参保\n未在集中缴费期内参保缴费的，自缴费之日起设置3个月待遇等待期。\n二、约束机制\n对未连续参保的人员，在3个月待遇等待期基础上，每多断保1年，增加1个月等待期。断保人员可以通过缴费修复，每多缴纳1年可减少1个月等待期。\n",
  );

  it("of two items with the value a neighbour states, the words that tell them apart say which is the neighbour's (增加 / 减少)", () => {
    const text = "在3个月等待期基础上，每多断保1年增加2个月等待期，每多缴1年减少1个月等待期。";
    expect(on(check(text, WAIT), text, "2个月").map((f) => f.expected)).toEqual(["1 个月"]);
  });

  it("“在社区公示，公示期为7日”: a clause opening with a word of the clause before continues it", () => {
    const steps = docOf(
      "公共租赁住房保障管理实施细则\n\n一、保障条件\n申请人具有本县城区户籍满1年，家庭人均月收入低于2180元，家庭总资产不超过30万元。\n二、申请审核程序\n1. 初审。街道办事处自受理之日起10个工作日内完成初审，并在社区公示，公示期为7日。\n2. 复审。县住房保障服务中心自收到初审材料之日起15个工作日内完成复审。\n3. 公示。复审合格的，在县政府门户网站公示，公示期为7日。\n4. 轮候配租。轮候期原则上不超过3年。\n",
    );
    const text = "初审：10个工作日 社区（村）公示5日";
    expect(on(check(text, steps), text, "5日").map((f) => f.expected)).toEqual(["7 日"]);
  });
});

describe("kinds of dates and bounds", () => {
  const MEASURES = docOf(
    [
      "临江市南塘区人民政府办公室",
      "关于印发南塘区进一步规范涉企收费优化营商环境若干措施的通知",
      "",
      "南政办发〔2024〕7号",
      "",
      "各镇人民政府：",
      "现印发给你们。",
      "",
      "临江市南塘区人民政府办公室",
      "",
      "2024年3月22日",
      "",
      "南塘区进一步规范涉企收费优化营商环境若干措施",
      "",
      "一、清理规范涉企收费",
      "1. 公布收费目录清单。2024年6月30日前，在区政府门户网站公布涉企收费目录清单。",
      "2. 开展评估问效。区发展改革局每年12月底前会同有关部门开展评估。",
      "本措施自2024年4月1日起施行，有效期2年。",
      "",
    ].join("\n"),
  );

  it("the day the document was issued (于…印发) is compared with the 成文日期, never with a deadline", () => {
    const text = "《措施》经区政府常务会议研究通过，于2024年3月2日以南政办发〔2024〕7号文件印发。";
    expect(on(check(text, MEASURES), text, "2024年3月2日").map((f) => f.expected)).toEqual(["2024年3月22日"]);
  });

  const CARS = docOf(
    "消费券发放实施方案\n\n一、汽车券\n购买新车且裸车价格10万元以下的，每辆减3000元；裸车价格10万元及以上的，每辆减5000元。\n二、发放规模\n区财政安排资金1000万元，分三期发放。\n",
  );

  it("“10万元及以上” keeps its bound, so “15万元以下” is compared with the 以下 tier", () => {
    const text = "汽车券 裸车价15万元以下每辆减3000元  10万元及以上每辆减5000元";
    expect(on(check(text, CARS), text, "15万元").map((f) => f.expected)).toEqual(["10 万元"]);
  });
});

describe("counts of a document's sub-lists and of a Q&A", () => {
  const count = (findings: Finding[]) => findings.filter((f) => f.rule.startsWith("count.")).map((f) => [f.excerpt, f.expected]);
  const JOBS = docOf(
    [
      "关于进一步做好就业创业补贴申领发放工作的通知",
      "",
      "一、补贴项目和标准",
      "（一）一次性创业补贴。给予一次性创业补贴5000元。",
      "（二）创业担保贷款贴息。个人最高可申请30万元。",
      "（三）一次性吸纳就业补贴。按每人1000元给予补贴。",
      "二、申领程序",
      "（一）申请。通过网上服务大厅申请。",
      "（二）审核。10个工作日内完成审核。",
      "三、执行时间",
      "本通知自2024年4月1日起执行。",
      "",
    ].join("\n"),
  );

  it("“明确了N类补贴” is checked against the items under the document's heading about 补贴", () => {
    expect(count(check("《通知》明确了3类补贴的标准和申领程序。", JOBS))).toEqual([]);
    expect(count(check("《通知》明确了4类补贴的标准和申领程序。", JOBS))).toEqual([["4类补贴", "3类"]]);
  });

  it("“梳理了N个问题” is checked against the questions that follow", () => {
    const qa = (n: string) => `我们梳理了群众关心的${n}个问题。\n问：首次创业能领多少补贴？\n答：5000元。\n问：在哪里申请？\n答：网上服务大厅。\n问：审核要多久？\n答：10个工作日。`;
    expect(count(check(qa("3"), null))).toEqual([]);
    expect(count(check(qa("4"), null))).toEqual([["4个问题", "3个问题"]]);
  });
});

describe("meetings and increases", () => {
  const ADOPTED = docOf(
    "临江市南塘区人民政府办公室\n关于印发南塘区优化营商环境若干措施的通知\n\n南政办发〔2024〕7号\n\n各镇人民政府：\n《南塘区优化营商环境若干措施》已经区政府第36次常务会议研究通过，现印发给你们。\n\n临江市南塘区人民政府办公室\n\n2024年3月22日\n",
  );

  it("the ordinal of the meeting that adopted the document (第36次常务会议) is checked", () => {
    const text = "《措施》经区政府第38次常务会议研究通过。";
    expect(on(check(text, ADOPTED), text, "38次").map((f) => [f.rule, f.expected])).toEqual([["figure.mismatch", "36 次"]]);
    expect(errors(check("《措施》经区政府第36次常务会议研究通过。", ADOPTED))).toEqual([]);
  });

  const CAP = docOf(
    "关于做好城乡居民医保参保缴费工作的通告\n\n一、激励机制\n对连续参保满4年的参保人员，之后每连续参保1年，提高大病保险最高支付限额，每次提高额度不低于大病保险原封顶线的2%。两项激励累计提高总额不超过大病保险原封顶线的20%。\n二、资助\n低保对象个人缴费部分按70%给予资助。\n",
  );

  it("an increase (最多提高30%) is compared with a document figure that states an increase without a former value", () => {
    const text = "两项激励累计最多提高30%。";
    expect(on(check(text, CAP), text, "30%").map((f) => f.expected)).toEqual(["20%"]);
    expect(errors(check("两项激励累计最多提高20%。", CAP))).toEqual([]);
  });
});

describe("blind set 2: tiers named by amounts, two-column tables, sums, kinds of plan", () => {
  const PENSION = docOf(
    [
      "桐山县人力资源和社会保障局",
      "关于调整城乡居民基本养老保险缴费档次和政府补贴标准的通知",
      "",
      "桐人社发〔2024〕31号",
      "",
      "各镇人民政府：",
      "现就有关事项通知如下：",
      "",
      "一、缴费补贴",
      "政府对参保人缴费给予补贴，补贴标准按缴费档次确定：",
      "缴费档次\t补贴标准",
      "300元\t每人每年40元",
      "400元至900元\t每人每年60元",
      "1000元至1500元\t每人每年100元",
      "2000元及以上\t每人每年150元",
      "二、基础养老金",
      "年满70周岁不满80周岁的参保人，每人每月加发基础养老金10元；年满80周岁及以上的，每人每月加发20元。",
      "三、缴费时间",
      "缴费时间为每年1月1日至12月25日。",
      "",
      "桐山县人力资源和社会保障局",
      "",
      "2024年6月18日",
      "",
    ].join("\n"),
  );
  const expectedOn = (text: string, excerpt: string) => on(check(text, PENSION), text, excerpt).map((f) => f.expected);

  it("a two-column table row is named by its first cell, also when that cell is an amount (300元 → 40元)", () => {
    const table = "缴费档次\t补贴标准\n300元\t每人每年60元\n400元至900元\t每人每年60元\n1000元至1500元\t每人每年100元";
    expect(expectedOn(table, "每人每年60元")).toEqual(["40 元"]);
    expect(errors(check(table.replace("300元\t每人每年60元", "300元\t每人每年40元"), PENSION))).toEqual([]);
  });

  it("an amount in a 的-condition names the tier (选择300元档次的，…)", () => {
    expect(expectedOn("选择300元档次的，政府每年补贴30元；选择400元至900元档次的，每年补贴60元。", "30元")).toEqual(["40 元"]);
    expect(errors(check("选择300元档次的，政府每年补贴40元；选择2000元及以上档次的，每年补贴150元。", PENSION))).toEqual([]);
  });

  it("an age band written 年满70周岁不满80周岁 is told apart from 80周岁及以上", () => {
    const text = "年满70周岁不满80周岁的，每人每月加发基础养老金20元。";
    expect(expectedOn(text, "20元")).toEqual(["10 元"]);
  });

  it("a recurring range (每年1月1日至12月25日) is compared end to end", () => {
    expect(expectedOn("什么时候缴费？每年1月1日至12月31日。", "12月31日")).toEqual(["12月25日"]);
  });

  const BIKES = docOf(
    "南塘区商务局\n关于印发《南塘区2024年电动自行车以旧换新实施方案》的通知\n\n南商发〔2024〕9号\n\n各有关企业：\n现印发给你们。\n\n南塘区商务局\n\n2024年8月30日\n\n南塘区2024年电动自行车以旧换新实施方案\n\n一、补贴标准\n（一）交售超标电动自行车并购买新车的，每辆补贴600元。\n（二）交售合规旧电动自行车并购买新车的，每辆补贴400元。\n（三）购买搭载铅酸蓄电池新车的，在上述标准基础上每辆增加补贴100元。\n",
  );

  const NANTANG = docOf(readFileSync(new URL("../fixtures/checks/documents/nantang-2024-diandongche-yijiuhuanxin.txt", import.meta.url), "utf8"));

  it("a sum of two document figures (最高可获700元 = 600 + 100) is not corrected to either", () => {
    const text = "三、政策亮点\n一是补贴力度大，交售超标车并购买铅酸蓄电池新车的，最高可获补贴700元；二是流程便捷，全程线上申请。";
    expect(errors(check(text, NANTANG))).toEqual([]);
  });

  it("a 并-clause continues the condition before it (…超标电动自行车（含铅酸蓄电池），并购买新车的 → 600, not 400)", () => {
    const slip = "交售超标电动自行车并购买新车的，每辆补贴700元。";
    expect(on(check(slip, NANTANG), slip, "700元").map((f) => f.expected)).toEqual(["600 元"]);
  });

  it("another kind of plan with the same subject (工作方案 for 实施方案) is a near-miss, suggested once bracketed", () => {
    const f = check("制定了《南塘区2024年电动自行车以旧换新工作方案》。", BIKES).filter((x) => x.rule === "title.mismatch");
    expect(f.map((x) => x.expected)).toEqual(["《南塘区2024年电动自行车以旧换新实施方案》"]);
  });

  it("登陆 a 小程序 or 公众号 is 登录", () => {
    expect(check("登陆“乐购南塘”微信小程序上传凭证。", null).filter((x) => x.rule === "word.confusable").map((x) => x.expected)).toEqual(["登录"]);
    expect(check("台风登陆前做好防范。", null).filter((x) => x.rule === "word.confusable")).toEqual([]);
  });
});

describe("two 分别 lists in one sentence", () => {
  const SUBSIDY = docOf(
    "示范区发展和改革局关于发放价格临时补贴的通知\n\n示发改价格〔2024〕17号\n\n二、补贴标准\n价格临时补贴按月计算、按档发放。城市低保对象按保障程度分为B档、C档、D档，补贴标准为每人每月B档120元、C档80元、D档40元；农村低保对象补贴标准为每人每月B档90元、C档60元、D档30元。特困人员每人每月补贴150元。\n\n示范区发展和改革局\n2024年9月10日\n",
  );
  const LISTS = "城市低保对象按B档、C档、D档每人每月分别补贴120元、80元、40元，农村低保对象分别补贴90元、60元、30元；特困人员每人每月150元。";

  it("each 分别 hands out its own figures, and the second list names the tiers of the first (no warning on correct text)", () => {
    expect(check(LISTS, SUBSIDY).filter((f) => f.severity !== "info")).toEqual([]);
  });

  it("a slip in either list is corrected to its own tier and area", () => {
    const rural = LISTS.replace("90元、60元", "90元、80元");
    expect(on(check(rural, SUBSIDY), rural, "80元、30元").map((f) => f.expected)).toEqual(["60 元"]);
    const city = LISTS.replace("120元、80元", "120元、60元");
    expect(on(check(city, SUBSIDY), city, "60元、40元").map((f) => f.expected)).toEqual(["80 元"]);
  });
});
