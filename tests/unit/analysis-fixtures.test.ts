/**
 * The two real fixtures (PDF extractions with their artefacts): metadata, the full heading tree
 * and the figures DOMAIN.md lists, each with its unit and outline path.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type Analysis, type Fact, type OutlineNode, analyzeDocument, flattenOutline } from "~/domain/analysis";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const fixtures = path.resolve(repoRoot, "drizzle/seed/documents");
const load = (name: string): string => readFileSync(path.join(fixtures, name), "utf8");

function headings(nodes: OutlineNode[]): string[] {
  return flattenOutline(nodes)
    .filter((n) => n.level <= 3)
    .map((n) => `${n.marker}${n.title}`);
}

const LEVEL_OF_MARKER = (marker: string): number =>
  /^[一二三四五六七八九十]+、$/.test(marker) ? 1 : /^（[一二三四五六七八九十]+）$/.test(marker) ? 2 : /^\d+\.$/.test(marker) ? 3 : 4;

function findFact(a: Analysis, predicate: (f: Fact) => boolean): Fact[] {
  return a.facts.filter(predicate);
}

describe("博山 fixture (博政办字〔2020〕45号)", () => {
  let a: Analysis;
  beforeAll(() => {
    a = analyzeDocument(load("boshan-2020-zwgk-yaodian.txt"));
  });

  it("reads the metadata, joining the three-line title", () => {
    expect(a.meta.title).toBe("博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知");
    expect(a.meta.docNumber).toMatchObject({
      raw: "博政办字〔2020〕45号",
      agency: "博政办字",
      year: 2020,
      serial: 45,
      wellFormed: true,
    });
    expect(a.meta.issuer).toBe("博山区人民政府办公室");
    expect(a.meta.date).toBe("2020-09-03");
    expect(a.meta.recipients).toEqual(["各镇人民政府", "街道办事处", "开发区管委会", "区政府有关部门", "有关单位"]);
    expect(a.meta.publicity).toBe("此件公开发布");
    expect(a.meta.attachments).toEqual(["博山区2020年政务公开工作要点"]);
    expect(a.meta.cc).toEqual([]);
    expect(a.meta.printedDate).toBeNull();
  });

  it("splits the cover notice from the attached 工作要点", () => {
    expect(a.parts.map((p) => p.title)).toEqual([
      "博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知",
      "博山区2020年政务公开工作要点",
    ]);
    expect(a.parts[0].outline).toEqual([]);
  });

  it("builds the full heading tree of the 工作要点", () => {
    const outline = a.parts[1].outline;
    expect(flattenOutline(outline)).toHaveLength(25);
    expect(headings(outline)).toEqual([
      "一、总体要求",
      "二、主要任务",
      "（一）聚焦中心工作和重点领域，拓展公开广度和深度",
      "1.聚焦中心工作加强信息公开",
      "2.聚焦优化营商环境加强信息公开",
      "3.聚焦疫情防控加强信息公开",
      "4.聚焦“六稳”“六保”工作加强政策解读回应",
      "（二）推进行政决策、执行、管理、服务和结果全过程公开",
      "5.推进决策公开",
      "6.推进管理和服务公开",
      "7.推进执行和结果公开",
      "（三）推进基层政务公开标准化规范化全覆盖",
      "8.全面推进基层政务公开标准化规范化建设",
      "9.规范政府信息公开专栏设置",
      "10.规范依申请公开工作",
      "（四）强化政务信息管理和公开平台建设",
      "11.全链条加强政务信息管理",
      "12.加强政府网站和政务新媒体建设",
      "13.推动政府公报创新发展",
      "14.充分利用各级各类新闻媒体平台",
      "三、强化组织保障和基础工作",
      "（一）加强组织领导",
      "（二）完善制度规范",
      "（三）强化监督评价",
      "（四）加强工作交流",
    ]);
    for (const n of flattenOutline(outline)) expect(n.level).toBe(LEVEL_OF_MARKER(n.marker));
    expect(outline.map((n) => n.children.length)).toEqual([0, 4, 4]);
  });

  it("gives each node its text with offsets into the normalised text", () => {
    for (const n of flattenOutline(a.parts[1].outline)) {
      expect(a.text?.slice(n.start, n.end)).toBe(n.text);
      expect(n.text.startsWith(n.marker)).toBe(true);
    }
    const item6 = flattenOutline(a.parts[1].outline).find((n) => n.marker === "6.");
    // The page break inside "公\n\n开制度" is repaired in the node text.
    expect(item6?.text).toContain("建立规范性文件定期清理和公开制度。");
  });

  it("finds the figures with units and paths", () => {
    const at = (text: string) => findFact(a, (f) => f.text === text);
    expect(at("七个")).toMatchObject([{ kind: "quantity", value: 7, unit: "个", path: ["附件1", "二、", "（一）", "1."] }]);
    expect(at("十六项")).toMatchObject([{ kind: "quantity", value: 16, unit: "项", path: ["附件1", "二、", "（一）", "1."] }]);
    expect(at("26个")).toHaveLength(2);
    for (const f of at("26个")) expect(f).toMatchObject({ kind: "quantity", value: 26, unit: "个", path: ["附件1", "二、", "（三）", "8."] });
    expect(at("2020年年底前")).toMatchObject([{ kind: "deadline", value: "2020-12-31", path: ["附件1", "二、", "（三）", "8."] }]);
    expect(at("每月至少报送1篇")).toMatchObject([
      { kind: "frequency", value: 1, unit: "篇", period: "每月", path: ["附件1", "三、", "（四）"] },
    ]);
    expect(at("2020年9月3日")).toMatchObject([{ kind: "date", value: "2020-09-03", path: ["正文"] }]);
    for (const f of a.facts) expect(a.text?.slice(f.start, f.end)).toBe(f.text);
  });

  it("does not report idioms or years as figures", () => {
    const texts = a.facts.map((f) => f.text);
    expect(texts).not.toContain("一次");
    expect(texts).not.toContain("四部");
    expect(a.facts.some((f) => f.text === "2020年")).toBe(false);
  });
});

describe("西海岸 fixture (青西新管办发〔2020〕84号)", () => {
  let a: Analysis;
  beforeAll(() => {
    a = analyzeDocument(load("xihaian-2020-zwgk-yaodian-kaohe.txt"));
  });

  it("reads the metadata, including 抄送 and 印发日期", () => {
    expect(a.meta.title).toBe(
      "青岛西海岸新区管委办公室关于印发2020年青岛西海岸新区政务公开工作要点和2020年政务公开工作考核办法的通知",
    );
    expect(a.meta.docNumber).toMatchObject({
      raw: "青西新管办发〔2020〕84号",
      agency: "青西新管办发",
      year: 2020,
      serial: 84,
      wellFormed: true,
      problems: [],
    });
    expect(a.meta.issuer).toBe("青岛西海岸新区管委办公室");
    expect(a.meta.date).toBe("2020-08-06");
    expect(a.meta.recipients).toEqual([
      "各大功能区管委",
      "各镇人民政府",
      "各街道办事处",
      "灵山岛省级自然保护区管委",
      "管委区政府各部门",
      "区直各单位",
      "驻区各单位",
    ]);
    expect(a.meta.publicity).toBe("此件公开发布");
    expect(a.meta.attachments).toEqual(["2020年青岛西海岸新区政务公开工作要点", "2020年政务公开工作考核办法"]);
    expect(a.meta.cc).toEqual([
      "工委各部门",
      "区人大常委会办公室",
      "区政协办公室",
      "区纪委区监委办公室",
      "区人武部办公室",
      "区法院",
      "区检察院",
    ]);
    expect(a.meta.printedDate).toBe("2020-08-06");
  });

  it("has three parts: the cover notice and two attached documents", () => {
    expect(a.parts.map((p) => p.title)).toEqual([
      "青岛西海岸新区管委办公室关于印发2020年青岛西海岸新区政务公开工作要点和2020年政务公开工作考核办法的通知",
      "2020年青岛西海岸新区政务公开工作要点",
      "2020年政务公开工作考核办法",
    ]);
  });

  it("builds the full heading tree of the 工作要点 (一–六, (一)–(二十), 1–40)", () => {
    const outline = a.parts[1].outline;
    const all = flattenOutline(outline);
    expect(all).toHaveLength(66);
    expect(all.filter((n) => n.level === 1)).toHaveLength(6);
    expect(all.filter((n) => n.level === 2)).toHaveLength(20);
    expect(all.filter((n) => n.level === 3)).toHaveLength(40);
    expect(headings(outline)).toEqual([
      "一、聚焦中心工作和重点领域，拓展公开广度和深度",
      "（一）着力推进高质量发展信息公开",
      "1.推进多渠道公开“四大国家战略”“十二大攻坚战”重大决策部署进展及落实情况",
      "2.继续做好扶贫脱困、污染防治、防范化解重大风险信息公开，助力“三大攻坚战”取得决定性胜利",
      "3.在政府网站等公开平台主动公开2020年重点任务公开承诺事项的工作进展、取得成效、后续举措和落实情况，加大公开监督力度，确保公开承诺事项落实到位",
      "（二）持续做好重点领域信息公开",
      "4.继续推进财政预决算、公共资源配置、重大建设项目批准和实施、社会公益事业建设等领域的政府信息公开",
      "5.持续做好普惠性学前教育、义务教育招生入学及优质均衡发展、高考综合改革、民办教育规范发展、高等教育高质量发展等信息公开",
      "6.推进企业职工基本养老保险基金省级统收统支、工伤保险基金省级统筹和异地就医联网结算信息公开",
      "7.深化城乡低保、特困人员救助、临时救助、医疗救助、孤儿、残疾人、空巢老人、留守儿童等社会救助和社会福利信息公开",
      "8.推进健康扶贫、医疗服务、公共卫生和重大疾病防治、药品安全、医保监管、疫苗监管、公立医疗卫生机构绩效考核结果等方面信息公开",
      "（三）切实推进优化营商环境信息公开",
      "9.开展打造精简高效政务新生态改革攻坚行动，做好294项改革任务、497项涉企惠企政策、162项高频和重点民生服务事项信息公开",
      "（四）统筹抓好疫情防控和复工复产复学信息公开",
      // The page break after "公开透明发布" is repaired, so the title runs to the first 。.
      "10.根据疫情防控形势变化，坚持实事求是、公开透明发布新冠肺炎疫情信息和防控措施，加强公共突发事件信息公开，主动回应社会关切，引导群众增强和坚定信心",
      "二、聚焦重大政策深度解读，及时回应社会关切",
      "（五）加强和改进政策解读工作",
      "11.按照“谁起草谁解读”原则，坚持政策性文件与解读方案、解读材料同步组织、同步审签、同步部署",
      "（六）及时回应社会关切",
      "12.按照“属地管理、分级负责、谁主管谁负责”的原则，及时了解群众关切，做好解疑释惑工作",
      "三、推进行政决策、执行、管理、服务和结果全过程公开",
      "（七）推进决策公开",
      "13.制定发布区级重大行政决策事项目录、标准",
      "14.常态化落实邀请利益相关方、公众代表、专家、媒体等列席政府常务会、部门办公会制度",
      "（八）推进管理和服务公开",
      "15.及时公布部门职责边界清单，对权责清单实行动态管理，统一规范省市县三级权责事项名称、类型、设定依据、编码等要素，并向社会公布",
      "16.建立规范性文件定期清理制度，清理结果要向社会公布",
      "17.深化“双随机、一公开”监管、“互联网+监管”和“信用监管”等监管信息公开",
      "18.持续推进国资监管和国企改革信息公开",
      "19.继续做好政务服务事项标准化实施清单公开工作，做好政务服务“一网通办”、政务大厅“一窗受理”、民生服务“一链办理”、重点高频民生事项“掌上办”等方面的信息公开",
      "（九）推进执行和结果公开",
      "20.定期公开政府工作报告重点任务、民生实项目、重大工程项目的执行情况，重点公开各类发展目标、改革任务、民生举措等落实情况",
      "21.坚持开门办理，在政府网站集中主动公开涉及公共利益、群众广泛关注的建议提案复文，并适当公开本单位办理建议和提案总体情况、人大代表和政协委员意见建议吸收采纳情况、有关工作动态等内容",
      "22.建立重大决策执行效果跟踪反馈和后评估机制，跟踪决策的实施情况，积极开展决策执行效果的评估，科学评价政策落实效果，及时调整完善，并将相关情况向社会公开",
      "四、推进基层政务公开标准化规范化全覆盖",
      "（十）全面推进基层政务公开标准化规范化建设",
      "23.管委各部门、镇街（含灵山岛省级自然保护区）（下同）对照国务院部门制定的26个试点领域标准指引，按照《山东省人民政府办公厅关于全面推进基层政务公开标准化规范化工作的实施意见》要求，结合本部门、镇街权责清单和公共服务事项清单，全面梳理细化相关领域政务公开事项，2020年8月底前编制完成本级政务公开事项标准目录，并通过政府网站向社会公布",
      "24.管委有关部门要积极履行业务指导责任，为本系统基层单位提供有力支持；管委办公室协助做好标准目录的编制指导工作",
      "25.推进基层政务公开标准化规范化情况作为评价政务公开工作成效的重要内容，列入绩效考核指标体系",
      "（十一）规范政府信息公开专栏设置",
      "26.规范政府网站政府信息公开专栏设置，统一设置并命名为“政府信息公开”，在网站首页位置展示",
      "27.按照《中华人民共和国政府信息公开条例》（以下简称《条例》）要求和政府信息公开目录，及时调整和落实法定主动公开内容和要求",
      "（十二）规范依申请公开工作",
      "28.认真学习《条例》，引导各级领导干部善于学习和使用法律法规，准确把握权力运用的边界和方法，不断提高依法履职、依法办事的能力",
      "29.注重程序规范和实体规范，推动全区行政机关依申请办理的程序化、规范化、标准化",
      "五、强化政务信息管理和公开平台建设",
      "（十三）全链条加强政务信息管理",
      "30.建立完善政务信息制作、获取、保存、处理等方面的制度，对政务信息进行全生命周期的规范管理",
      "（十四）加大政府网站集约化建设推进力度",
      "31.各部门要按照要求做好政府网站重点领域信息公开、政策解读、公众参与、建议提案办理、会议公开等专栏建设和内容维护，聚焦法定主动公开内容，创新政务公开多元展现模式",
      "（十五）推进政务新媒体规范有序发展",
      "32.加快政务新媒体的清理整合进度，严格内容发布审核制度，严把政治关、法律关、保密关、文字关",
      "（十六）推动政府公报创新发展",
      "33.进一步增强政府公报规范性，加快推进政府公报数字化工作，实现创刊以来刊登内容全部入库管理",
      "（十七）充分利用各级各类新闻媒体平台",
      "34.加强与宣传、网信等部门以及新闻媒体的沟通联系，充分运用广播、电视、报纸、新闻网站等各级各类新闻媒体资源，做好政务公开工作",
      "六、强化组织保障和基础工作",
      "（十八）加强组织领导",
      "35.进一步理顺完善领导体制、工作机制，明确专门工作机构，配齐配强专职工作人员",
      "（十九）完善制度规范",
      "36.按照统一格式、法定时限和要求，高质量做好政府信息公开工作年度报告的编制、报送和发布工作",
      "37.按年度对本单位不予公开的信息以及依申请公开较为集中的信息进行全面自查，发现应公开未公开的信息应当公开，可转为主动公开的应当主动公开",
      "38.完善各级公共企事业单位信息公开制度，提升公开水平，行业主管部门要加强分类指导，履行好组织协调和监督指导职责",
      "（二十）强化考核监督",
      // "政务\n\n公开工作的意见》" was split by a page break.
      "39.对中共中央办公厅、国务院办公厅《关于全面推进政务公开工作的意见》及其实施细则安排部署的各项工作进行“回头看”，逐项对照自查落实情况，及时查缺补漏，确保圆满收官",
      "40.严格落实把政务公开纳入绩效考核且分值权重不低于4%",
    ]);
    for (const n of all) expect(n.level).toBe(LEVEL_OF_MARKER(n.marker));
  });

  it("builds the heading tree of the 考核办法 with its scoring items", () => {
    const outline = a.parts[2].outline;
    expect(flattenOutline(outline)).toHaveLength(17);
    expect(headings(outline)).toEqual([
      "一、考核对象",
      "二、考核内容",
      "三、考核方式",
      "（一）日常考核（30分）",
      "1.政策解读（5分）",
      "2.决策预公开（5分）",
      "3.政府开放日（5分）",
      "4.按时间节点完成基层政务公开标准化工作（5分）",
      "5.网站信息更新、政务新媒体等专项检查出的问题予以整改；按要求参加政务公开业务培训；依申请公开件答复及时；部门政策文件纳入政府公报（5分）",
      "6.创新经验在省政府办公厅、国务院办公厅平台宣传推广，作为观摩点迎接上级政府调研考察（5分）",
      "（二）第三方评估（70分）",
      "四、大比例扣分事项",
      "（一）国办、省、市政府网站和政务新媒体检查通报扣分的",
      "（二）因政府信息依申请公开程序不规范、内容答复错误导致的行政复议纠错和行政诉讼败诉，引发负面舆情的",
      "（三）在省政府、市政府政务公开考核中，因信息更新不到位导致扣分的",
      "（四）新区政务公开领导小组及办公室安排的工作，不执行、不落实，工作延误，影响省、市考核的，扣30分",
      "五、结果运用",
    ]);
  });

  it("finds the figures listed in DOMAIN.md with units and paths", () => {
    const one = (text: string, path: string[]) => {
      const hits = findFact(a, (f) => f.text === text && f.path.join("/") === path.join("/"));
      expect(hits, `${text} at ${path.join("")}`).toHaveLength(1);
      return hits[0];
    };
    const item9 = ["附件1", "一、", "（三）", "9."];
    expect(one("294项", item9)).toMatchObject({ kind: "quantity", value: 294, unit: "项" });
    expect(one("497项", item9)).toMatchObject({ kind: "quantity", value: 497, unit: "项" });
    expect(one("162项", item9)).toMatchObject({ kind: "quantity", value: 162, unit: "项" });
    expect(one("137个", ["附件2", "三、", "（二）"])).toMatchObject({ kind: "quantity", value: 137, unit: "个" });
    expect(one("26个", ["附件1", "四、", "（十）", "23."])).toMatchObject({ kind: "quantity", value: 26, unit: "个" });
    expect(one("26个", ["附件2", "二、"])).toMatchObject({ kind: "quantity", value: 26, unit: "个" });
    // daily assessment 30 points = 6 items × 5 points
    expect(one("30分", ["附件2", "三、", "（一）"])).toMatchObject({ kind: "quantity", value: 30, unit: "分" });
    expect(one("6项", ["附件2", "三、", "（一）"])).toMatchObject({ kind: "quantity", value: 6, unit: "项" });
    for (const item of ["1.", "2.", "3.", "4.", "5.", "6."]) {
      expect(one("5分", ["附件2", "三、", "（一）", item])).toMatchObject({ kind: "quantity", value: 5, unit: "分" });
    }
    expect(one("70分", ["附件2", "三、", "（二）"])).toMatchObject({ kind: "quantity", value: 70, unit: "分" });
    // deductions capped at 30: the closing sentence of section 四 belongs to 四, not to its item (四)
    const cap = one("30分", ["附件2", "四、"]);
    expect(a.text?.slice(cap.start - 4, cap.end)).toBe("扣分上限30分");
    expect(one("4%", ["附件1", "六、", "（二十）", "40."])).toMatchObject({ kind: "percent", value: 4, unit: "%" });
    expect(one("百分之四", ["附件2", "五、"])).toMatchObject({ kind: "percent", value: 4, unit: "%" });
    expect(one("2020年8月底前", ["附件1", "四、", "（十）", "23."])).toMatchObject({ kind: "deadline", value: "2020-08-31" });
    expect(one("30日", ["附件1", "三、", "（七）", "13."])).toMatchObject({ kind: "duration", value: 30, unit: "日" });
    expect(one("年内至少组织2次", ["附件2", "三、", "（一）", "3."])).toMatchObject({
      kind: "frequency",
      value: 2,
      unit: "次",
      period: "年内",
    });
    expect(one("2020年8月6日", ["正文"])).toMatchObject({ kind: "date", value: "2020-08-06" });
  });

  it("does not read 百分制 as 100 points", () => {
    expect(a.facts.some((f) => f.value === 100)).toBe(false);
  });

  it("suggests a bar chart for the three reform figures and donuts for the scoring", () => {
    const bar = a.suggestions.charts.find((c) => c.type === "bar" && c.unit === "项");
    expect(bar?.data).toEqual([
      { label: "改革任务", value: 294 },
      { label: "涉企惠企政策", value: 497 },
      { label: "高频和重点民生服务事项", value: 162 },
    ]);
    const donuts = a.suggestions.charts.filter((c) => c.type === "donut");
    expect(donuts.map((d) => d.data.map((x) => x.value))).toEqual([
      [30, 70],
      [5, 5, 5, 5, 5, 5],
    ]);
    expect(donuts[0].data.map((x) => x.label)).toEqual(["日常考核", "第三方评估"]);
    for (const d of donuts) for (const i of d.factIndexes) expect(a.facts[i].unit).toBe("分");
    const timeline = a.suggestions.charts.find((c) => c.type === "timeline");
    expect(timeline?.data.map((x) => x.value)).toEqual(["2020-08-31"]);
  });

  it("drafts a Q&A skeleton whose answers cite clauses", () => {
    const topics = a.suggestions.qa.map((q) => q.topic);
    for (const t of ["背景", "依据", "目的", "主要任务", "时间节点", "适用对象"]) expect(topics).toContain(t);
    const scope = a.suggestions.qa.find((q) => q.topic === "适用对象");
    expect(scope?.clauses).toEqual([["附件2", "一、"]]);
    expect(scope?.answer).toContain("各镇人民政府、街道办事处");
    const tasks = a.suggestions.qa.filter((q) => q.topic === "主要任务");
    expect(tasks).toHaveLength(2);
    expect(tasks[0].clauses[0]).toEqual(["附件1", "一、"]);
    const basis = a.suggestions.qa.find((q) => q.topic === "依据");
    expect(basis?.answer).toContain("《中华人民共和国政府信息公开条例》");
  });

  it("offers the reform figures as key-figure cards", () => {
    const cards = a.suggestions.keyFigures.map((k) => `${k.value}${k.unit}`);
    expect(cards).toEqual(expect.arrayContaining(["294项", "497项", "162项", "137个"]));
    for (const k of a.suggestions.keyFigures) expect(a.facts[k.factIndex].value).toBe(Number(k.value));
  });
});
