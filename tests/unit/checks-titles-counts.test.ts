/**
 * 审校 of cited titles, counts and markings (issue 11):
 * - 《》 citations of other documents (laws, the higher-level plan, 政府工作报告, 编制指南,
 *   格式模板) are not the document; only a near-miss of the document's own title is an error;
 * - counts are checked against the interpretation's own lists even without the document
 *   ("共分为5个部分、16项具体工作举措" followed by lists adding up to 17), and against the
 *   document only when they are about it;
 * - one marking ("内部资料 注意保密") is one finding; 国家秘密 in prose is no marking.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { type DocumentIndex, type Finding, prepareDocument, runChecks, textInterpretation } from "~/domain/checks";

const seed = (name: string) => prepareDocument(analyzeDocument(readFileSync(new URL(`../../drizzle/seed/documents/${name}`, import.meta.url), "utf8")));
const fixture = (name: string) => prepareDocument(analyzeDocument(readFileSync(new URL(`../fixtures/checks/documents/${name}`, import.meta.url), "utf8")));
const XIHAIAN = seed("xihaian-2020-zwgk-yaodian-kaohe.txt");
const BOSHAN = seed("boshan-2020-zwgk-yaodian.txt");
const DIBAO = fixture("qinghe-2024-dibao-biaozhun.txt");
const MEASURES = fixture("qinghe-2024-wenzengzhang-cuoshi.txt");

const check = (text: string, doc: DocumentIndex | null, year = 2020): Finding[] => runChecks(textInterpretation(text), { document: doc, referenceYear: year });
const rule = (findings: Finding[], id: string) => findings.filter((f) => f.rule === id);

describe("cited documents are not the document", () => {
  it("the higher-level plans, laws, a 政府工作报告, a 编制指南 and a 格式模板 are left alone", () => {
    const text = [
      "为贯彻落实《2020年山东省政务公开工作要点》和《2020年青岛市政务公开工作要点》，",
      "依据《中华人民共和国政府信息公开条例》《国务院办公厅关于印发2020年政务公开工作要点的通知》，",
      "结合《2020年青岛西海岸新区政府工作报告》《基层政务公开标准目录编制指南》和《政府信息公开工作年度报告格式模板》，",
      "参照《2019年青岛西海岸新区政务公开工作要点》，制定本要点。",
    ].join("");
    expect(rule(check(text, XIHAIAN), "title.mismatch")).toEqual([]);
    const district = "结合《淄博市2020年政务公开工作要点》和《2020年山东省政务公开工作要点》部署的任务。";
    expect(rule(check(district, BOSHAN), "title.mismatch")).toEqual([]);
  });

  it("short forms of the own title are fine: 《要点》, the title without its issuer, the attached title", () => {
    const text = "《要点》和《考核办法》同时印发。《关于印发2020年青岛西海岸新区政务公开工作要点和2020年政务公开工作考核办法的通知》明确……";
    expect(rule(check(text, XIHAIAN), "title.mismatch")).toEqual([]);
    expect(rule(check("《关于提高城乡低保等困难群众救助保障标准的通知》明确……", DIBAO, 2024), "title.mismatch")).toEqual([]);
  });

  it("a near-miss of the own title (a word dropped or changed) is an error with the right title", () => {
    const dropped = check("起草了《青禾县推动经济稳进提质政策措施》。", MEASURES, 2024);
    expect(rule(dropped, "title.mismatch").map((f) => f.expected)).toEqual(["《青禾县推动经济稳进提质若干政策措施》"]);
    const changed = check("印发《博山区2020年政务公开工作重点》。", BOSHAN);
    expect(rule(changed, "title.mismatch").map((f) => f.expected)).toEqual(["《博山区2020年政务公开工作要点》"]);
  });

  it("a count in a sentence about another document is not checked against this one", () => {
    const text = "《社会救助暂行办法》共分为13个部分，本《通知》共分为5个部分。";
    expect(rule(check(text, DIBAO, 2024), "count.outline")).toEqual([]);
  });

  it("no empty title in a message: a part without a title reads 文件", () => {
    const doc: DocumentIndex = { ...DIBAO, parts: DIBAO.parts.map((p) => ({ ...p, title: "" })) };
    const f = rule(check("《通知》共分为6个部分。", doc, 2024), "count.outline");
    expect(f).toHaveLength(1);
    expect(f[0].message).not.toContain("《》");
    expect(f[0].message).toContain("文件分为 5 个部分");
  });
});

describe("counts", () => {
  const scraped =
    "《措施》共分为5个部分、16项具体工作举措。第一部分扩大有效投资一是加快审批二是提高质效三是打造平台四是强化保障五是优化服务六是完善机制七是加强调度第二部分支持市场主体一是升规纳统二是专精特新三是融资贴息第三部分促进消费一是消费券二是新能源汽车三是文旅消费四是餐饮第四部分稳定外贸一是展会二是信保三是跨境电商第五部分优化营商环境。";

  it("the parts' lists add up to 17 against 16: an error without the document, also run together without punctuation", () => {
    const f = rule(check(scraped, null, 2024), "count.enumeration");
    expect(f).toHaveLength(1);
    expect(f[0].excerpt).toBe("16项具体工作举措");
    expect(f[0].message).toContain("共 17 项");
    // without the document nobody knows whether the count or a list is wrong: no suggestion
    expect(f[0].expected).toBeNull();
  });

  it("with the document the message says what the document has", () => {
    const f = rule(check(scraped, MEASURES, 2024), "count.enumeration");
    expect(f).toHaveLength(1);
    expect(f[0].message).toContain("文件为 16 项");
  });

  it("“六个部分” when the document has five, however the count is introduced", () => {
    for (const text of ["《通知》分六个部分。", "《通知》从六个方面作出规定。", "《通知》共分为六个部分。"]) {
      const f = rule(check(text, DIBAO, 2024), "count.outline");
      expect(f.map((x) => x.expected), text).toEqual([text.includes("方面") ? "5个方面" : "5个部分"]);
    }
  });

  it("a list before or after a count: 、 lists, 和 joining the last two, labelled tiers", () => {
    expect(rule(check("从加强资金保障、规范审核审批、强化监督检查四个方面提出要求。", null), "count.enumeration").map((f) => f.expected)).toEqual(["3个方面"]);
    expect(rule(check("明确了考核对象、考核内容、考核方式、大比例扣分事项和结果运用四个方面。", null), "count.enumeration").map((f) => f.expected)).toEqual(["5个方面"]);
    expect(rule(check("照料护理标准分为四类：全自理、半护理和全护理。", null), "count.enumeration").map((f) => f.expected)).toEqual(["3类"]);
    expect(rule(check("按家庭困难程度分为五档：A档每人每月660元，B档每人每月560元，C档每人每月500元，D档每人每月465元。", null), "count.enumeration").map((f) => f.expected)).toEqual(["4档"]);
    expect(rule(check("从加强组织领导、完善制度规范、强化监督评价、加强工作交流四个方面提出要求。", null), "count.enumeration")).toEqual([]);
  });

  it("a list belongs to the nearest count before it, not to a count of something else", () => {
    const text = "《要点》共分为6个部分、20项重点工作、40项具体工作举措，主要有以下几个方面：一是聚焦中心工作；二是聚焦重大政策；三是推进全过程公开；四是推进基层标准化；五是强化平台建设；六是强化组织保障。";
    expect(check(text, XIHAIAN).filter((f) => f.severity === "error")).toEqual([]);
    const days = "环评报告书14个工作日报告表3个工作日\n支持市场主体 一是奖励10万元二是奖励50万元三是贴息四是采购";
    expect(rule(check(days, null, 2024), "count.enumeration")).toEqual([]);
  });
});

describe("classified markings", () => {
  it("one marking is one finding", () => {
    const f = rule(check("本材料系内部资料 注意保密。", null), "secrecy.marking");
    expect(f.map((x) => x.excerpt)).toEqual(["内部资料 注意保密"]);
    expect(rule(check("秘密★1年", null), "secrecy.marking").map((x) => x.excerpt)).toEqual(["秘密★1年"]);
  });

  it("秘密 as a noun of the law is not a marking", () => {
    const text = "除涉及国家秘密、商业秘密、个人隐私等依法不予公开的信息外，做到应公开尽公开；依照《中华人民共和国保守国家秘密法》执行，不得泄露商业机密。";
    expect(rule(check(text, null), "secrecy.marking")).toEqual([]);
  });
});
