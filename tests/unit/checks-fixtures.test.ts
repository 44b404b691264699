import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { type Finding, prepareDocument, runChecks, textInterpretation } from "~/domain/checks";
import { measureOverlap } from "~/domain/package/overlap";

const fixture = (name: string) => readFileSync(new URL(`../../drizzle/seed/documents/${name}`, import.meta.url), "utf8");
const XIHAIAN = prepareDocument(analyzeDocument(fixture("xihaian-2020-zwgk-yaodian-kaohe.txt")));
const BOSHAN = prepareDocument(analyzeDocument(fixture("boshan-2020-zwgk-yaodian.txt")));

/** Asserts a finding of `rule` sits exactly on `excerpt` (its first occurrence after `from`). */
function expectAt(text: string, findings: Finding[], rule: string, excerpt: string, expected?: string | null, from = 0): Finding {
  const offset = text.indexOf(excerpt, from);
  expect(offset, `planted “${excerpt}” missing from the text`).toBeGreaterThanOrEqual(0);
  const f = findings.find((x) => x.rule === rule && x.offset === offset);
  expect(f, `${rule} at “${excerpt}” (${offset}); got ${JSON.stringify(findings.map((x) => [x.rule, x.excerpt, x.offset]))}`).toBeDefined();
  if (!f) throw new Error("unreachable");
  expect(f.excerpt).toBe(excerpt);
  expect(text.slice(f.offset, f.offset + f.excerpt.length)).toBe(f.excerpt);
  if (expected !== undefined) expect(f.expected).toBe(expected);
  expect(f.message).toMatch(/[\u4e00-\u9fff]/);
  return f;
}

const XIHAIAN_CLEAN = `《2020年青岛西海岸新区政务公开工作要点》共分为6个部分、40项具体工作举措，同时印发《2020年政务公开工作考核办法》（青西新管办发〔2020〕84号）。
今年重点做好294项改革任务、497项涉企惠企政策、162项高频和重点民生服务事项的信息公开。各单位对照26个试点领域标准指引，在2020年8月底前编制完成本级标准目录。
考核采取日常考核（30分）和第三方评估（70分）相结合的方式。日常考核包括6项工作：一是政策解读；二是决策预公开；三是政府开放日；四是基层标准化；五是专项检查整改；六是创新经验推广。
第三方评估以省政府办公厅下达的137个评估指标为准，政务公开在绩效考核中的分值权重不低于4%。推进法治政府建设，截至目前，各项工作正有序推进。`;

const BOSHAN_CLEAN = `《博山区2020年政务公开工作要点》（博政办字〔2020〕45号）分为3个部分、14项具体工作。
要点提出，多渠道公开“七个方面、十六项重点工作”重大决策部署进展，对照26个试点领域标准指引，2020年年底前编制完成各镇办和各部门政务公开事项标准目录。
全文着重解读三个方面：一是政策背景；二是决策依据；三是重要举措。各单位每月至少报送1篇稿件，促进法治政府、服务型政府建设。`;

describe("审校 on the 西海岸 fixture", () => {
  it("a clean interpretation has no errors", () => {
    const findings = runChecks(textInterpretation(XIHAIAN_CLEAN), { document: XIHAIAN, referenceYear: 2020 });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("every planted error is found at its place", () => {
    const text = `《2020年青岛西海岸新区政务公开工作要点》共分为5个部分、16项具体工作举措。
今年要做好295项改革任务、497项涉企惠企政策。各单位在2020年9月底前编制完成本级政务公开事项标准目录。
考核实行百分制，其中第三方评估60分。
引用时写作《2020年青岛西海岸新区政务公开要点》，文号写作青西新管办发[2020]84号，也有人写成青西新管办发〔2020〕85号。
联系人手机13812341234，邮箱zhang.san@example.com，身份证号11010519491231002X。本材料系内部资料，注意保密。
持续推进法制政府建设，规范行政权利运行，截止2020年底全面完成。
考核办法主要有三个方面：一是日常考核；二是第三方评估。
新区2019年公开政府信息3万条。`;
    const f = runChecks(textInterpretation(text), { document: XIHAIAN, referenceYear: 2020 });
    expectAt(text, f, "count.outline", "5个部分", "6个部分");
    expectAt(text, f, "count.outline", "16项具体工作举措", "40项");
    expectAt(text, f, "figure.mismatch", "295项", "294 项");
    expect(f.find((x) => x.excerpt === "295项")?.message).toContain("文件为 294 项");
    expectAt(text, f, "date.mismatch", "2020年9月底前", "2020年8月底前");
    expectAt(text, f, "figure.mismatch", "60分", "70 分");
    expectAt(text, f, "title.mismatch", "《2020年青岛西海岸新区政务公开要点》", "《2020年青岛西海岸新区政务公开工作要点》");
    expectAt(text, f, "docnumber.format", "青西新管办发[2020]84号", "青西新管办发〔2020〕84号");
    expectAt(text, f, "docnumber.mismatch", "青西新管办发〔2020〕85号", "青西新管办发〔2020〕84号");
    expectAt(text, f, "personal.mobile", "13812341234", "138****1234");
    expectAt(text, f, "personal.email", "zhang.san@example.com", "z***@example.com");
    expectAt(text, f, "personal.id", "11010519491231002X", "110105********002X");
    // one marking, one finding (issue 11)
    expectAt(text, f, "secrecy.marking", "内部资料，注意保密");
    expect(f.filter((x) => x.rule === "secrecy.marking")).toHaveLength(1);
    expectAt(text, f, "word.confusable", "法制政府", "法治政府");
    expectAt(text, f, "word.confusable", "行政权利", "行政权力");
    expectAt(text, f, "word.confusable", "截止", "截至");
    expectAt(text, f, "count.enumeration", "三个方面", "2个方面");
    const info = expectAt(text, f, "figure.unmatched", "3万条", null);
    expect(info.severity).toBe("info");
    for (const x of f.filter((y) => y.rule !== "figure.unmatched")) expect(x.severity, x.rule).toBe("error");
  });

  it("截止 without a date after it is not flagged", () => {
    const text = "申报截止日期以通知为准。";
    expect(runChecks(textInterpretation(text), { document: XIHAIAN }).filter((f) => f.rule === "word.confusable")).toEqual([]);
  });

  it("an 18-digit number with a wrong checksum is not an ID number", () => {
    const text = "编号110105194912310021。";
    expect(runChecks(textInterpretation(text)).filter((f) => f.rule === "personal.id")).toEqual([]);
  });

  it("a paragraph copied from the document is flagged as 摘抄 (warning)", () => {
    const copied = XIHAIAN.text.slice(XIHAIAN.text.indexOf("按照“谁起草谁解读”原则"), XIHAIAN.text.indexOf("按照“谁起草谁解读”原则") + 150);
    const input = textInterpretation(copied);
    input.segments = [{ field: "qa[0].answer", label: "问答1·回答", start: 0, end: copied.length }];
    const f = runChecks(input, { document: XIHAIAN });
    const overlap = f.find((x) => x.rule === "overlap.excerpt");
    expect(overlap?.severity).toBe("warning");
    expect(overlap?.field).toBe("qa[0].answer");
  });
});

describe("审校 on the 博山 fixture", () => {
  it("a clean interpretation has no errors", () => {
    const findings = runChecks(textInterpretation(BOSHAN_CLEAN), { document: BOSHAN, referenceYear: 2020 });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("every planted error is found at its place", () => {
    const text = `《博山区2020年政务公开要点》（博政办字[2020]45 号）共分为4个部分。
要点要求对照26个试点领域，2020年10月底前编制完成政务公开事项标准目录；各单位每月至少报送2篇稿件。
政策咨询请联系王科长13912345678。★本件仅供内部参阅。
着力推进法制政府建设。全文重点解读四个方面：一是背景；二是依据；三是举措。`;
    const f = runChecks(textInterpretation(text), { document: BOSHAN, referenceYear: 2020 });
    expectAt(text, f, "title.mismatch", "《博山区2020年政务公开要点》", "《博山区2020年政务公开工作要点》");
    expectAt(text, f, "docnumber.format", "博政办字[2020]45 号", "博政办字〔2020〕45号");
    expectAt(text, f, "count.outline", "4个部分", "3个部分");
    expectAt(text, f, "date.mismatch", "2020年10月底前", "2020年年底前");
    expectAt(text, f, "figure.mismatch", "每月至少报送2篇", "1 篇");
    expectAt(text, f, "personal.mobile", "13912345678", "139****5678");
    expectAt(text, f, "secrecy.marking", "★");
    expectAt(text, f, "word.confusable", "法制政府", "法治政府");
    expectAt(text, f, "count.enumeration", "四个方面", "3个方面");
  });
});

describe("checks without a document", () => {
  it("only document-free rules run, and offsets locate the text", () => {
    const text = "根据博政办字（2020）第045号文件，请拨打18600001111咨询。";
    const f = runChecks(textInterpretation(text));
    expect(f.map((x) => x.rule).sort()).toEqual(["docnumber.format", "personal.mobile"]);
    for (const x of f) expect(text.slice(x.offset, x.offset + x.excerpt.length)).toBe(x.excerpt);
    expect(f.find((x) => x.rule === "docnumber.format")?.expected).toBe("博政办字〔2020〕45号");
  });
});

describe("摘抄 threshold from the settings", () => {
  it("the whole-interpretation overlap warning follows overlapWarnShare", () => {
    const start = XIHAIAN.text.indexOf("坚持");
    expect(start).toBeGreaterThanOrEqual(0);
    const copied = XIHAIAN.text.slice(start, start + 90);
    const own = "这份要点用通俗的话讲，就是让群众更方便地看到、看懂政府的决策，办事时少跑腿，遇到问题知道去哪里问、找谁解决，各部门也要定期说明工作进展。";
    const text = `${own}${copied}`;
    const share = measureOverlap(text, XIHAIAN.text).share;
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.8);
    const overall = (warnShare: number) =>
      runChecks(textInterpretation(text), { document: XIHAIAN, referenceYear: 2020, overlapWarnShare: warnShare }).some((f) => f.rule === "overlap.overall");
    expect(overall(share - 0.05)).toBe(true);
    expect(overall(share + 0.05)).toBe(false);
  });
});
