/**
 * Intake suggestions a government account can post unchanged (issue 11), on the phrasings of the
 * officer-trial documents (tests/fixtures/intake/nongji-2025-butie, yanglao-2025-dangci), each rule on
 * a short document of its own: a figure that names a tier is no amount; a label that cannot be made
 * readable is not suggested; a deadline's event is what is done, not what is brought along.
 */
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";

const notice = (body: string) => `某县人力资源和社会保障局关于调整有关标准的通知
某人社发〔2025〕3号
各乡镇人民政府：
现将有关事项通知如下：
${body}
某县人力资源和社会保障局
2025年6月1日`;

const cardsOf = (text: string) => analyzeDocument(text).suggestions.keyFigures;
const chartsOf = (text: string) => analyzeDocument(text).suggestions.charts;

describe("a figure that names a tier is the key of the amount after it", () => {
  const text = notice(`一、缴费档次
个人缴费标准设为每年300元、500元、1000元、2000元，共4个档次。
二、缴费补贴
（一）缴费补贴。对参保人缴费给予补贴，补贴标准为：选择300元档次缴费的，每人每年补贴30元；500元档次补贴50元；1000元档次补贴80元；2000元档次补贴120元。
三、其他
本通知自2025年7月1日起执行。`);

  it("charts tier → amount, never the tiers as amounts", () => {
    const charts = chartsOf(text).filter((c) => c.type !== "timeline");
    const subsidy = charts.find((c) => c.data.some((d) => d.value === 120));
    expect(subsidy?.data.map((d) => [d.label, d.value])).toEqual([
      ["300元档次", 30],
      ["500元档次", 50],
      ["1000元档次", 80],
      ["2000元档次", 120],
    ]);
    // no chart reads a tier (300, 500 …) as an amount of 补贴
    for (const c of charts) {
      if (c === subsidy) continue;
      expect(c.title, `${c.title}: ${JSON.stringify(c.data)}`).not.toMatch(/补贴/);
    }
  });

  it("suggests no card that reads a tier as an amount", () => {
    for (const k of cardsOf(text)) {
      expect(k.label, `${k.value}${k.unit}`).not.toMatch(/^档次|档次缴费|缴费补贴$/);
      expect(k.label).not.toMatch(/\d/);
    }
  });
});

describe("a label that cannot be made readable is repaired from its sentence or heading, or not suggested", () => {
  const text = notice(`一、补贴范围
（一）补贴机具范围。全县补贴机具种类范围为12大类30个小类85个品目，重点支持粮食烘干机械。
二、补贴标准
（一）一般补贴机具。一般补贴机具单机补贴额原则上按不超过上年平均销售价格的30%测算，单机补贴额超过3万元的，按3万元封顶。
（二）资金安排。2025年全县安排省级财政农业机械化与防灾减灾补助资金900万元、县级配套资金100万元，实行专账管理。
（三）代缴标准。对重度残疾人、低保对象、特困人员等缴费困难群体，由县财政按每人每年100元的标准代缴全部最低档次养老保险费；对返贫致贫人口、防止返贫监测对象，按每人每年50元的标准代缴部分养老保险费。
（四）原有档次。原每年60元缴费档次自2026年1月1日起取消。`);
  const cards = cardsOf(text);
  const charts = chartsOf(text).filter((c) => c.type !== "timeline");
  const card = (value: string, unit: string) => cards.find((k) => k.value === value && k.unit === unit);

  it("names a bare category by its heading: 85个 补贴机具品目, never 品目", () => {
    for (const k of cards) expect(k.label, `${k.value}${k.unit}`).not.toMatch(/^(?:品目|封顶|档次|小类|大类)$/);
    expect(card("85", "个")?.label ?? "补贴机具品目").toBe("补贴机具品目");
  });

  it("names a cap by what it caps: 一般补贴机具单机补贴额上限", () => {
    const cap = card("3", "万元");
    if (cap) expect(cap.label).toMatch(/单机补贴额上限$/);
  });

  it("never cuts a label at 与 or appends the place that allocates the money", () => {
    for (const k of cards) expect(k.label, `${k.value}${k.unit}`).not.toMatch(/[与和及]$|全县安排/);
    expect(card("900", "万元")?.label).toBe("省级财政农业机械化与防灾减灾补助资金");
    expect(card("100", "万元")?.label).toBe("县级配套资金");
  });

  it("never labels by who pays (由县财政) or by a bare 原: the groups a standard is for name it", () => {
    for (const k of cards) expect(k.label, `${k.value}${k.unit}`).not.toMatch(/^(?:由|原)/);
    for (const c of charts) for (const d of c.data) expect(d.label, c.title).not.toMatch(/^(?:由|原)/);
    const paid = charts.find((c) => c.data.some((d) => d.value === 50));
    if (paid) {
      expect(paid.data.find((d) => d.value === 100)?.label).toMatch(/困难群体/);
      expect(paid.data.find((d) => d.value === 50)?.label).toMatch(/返贫/);
    }
  });
});

describe("a deadline to bring materials and apply is the application", () => {
  const text = notice(`一、申报流程
（一）补助申请。申请人于2025年10月31日前持申请表、户口簿和银行卡，向户籍所在地村（社区）便民服务站提出补助申请。超过期限的，不再受理。
（二）审核发放。乡镇人民政府于2025年11月30日前完成审核。`);
  const a = analyzeDocument(text).suggestions;

  it("labels the step by its act, not by the materials", () => {
    const step = a.timeline.find((t) => t.date === "2025-10-31");
    expect(step?.label).toBe("提出补助申请");
  });

  it("a timeline chart has no unit to print", () => {
    const timeline = a.charts.find((c) => c.type === "timeline");
    expect(timeline?.data.length).toBeGreaterThanOrEqual(2);
    expect(timeline?.unit).toBe("");
  });
});

describe("a rising list of bare amounts offers choices: its ends are the lowest and highest", () => {
  const text = notice(`一、缴费档次
（一）缴费档次。个人缴费标准调整为每年300元、500元、800元、1000元，共4个档次。`);

  it("never labels the first choice as the standard itself", () => {
    const cards = cardsOf(text).filter((k) => k.unit === "元");
    for (const k of cards) expect(k.label, `${k.value}${k.unit}`).toMatch(/最低档|最高档/);
    expect(cards.map((k) => k.value)).not.toContain("500");
    expect(cards.map((k) => k.value)).not.toContain("800");
  });
});
