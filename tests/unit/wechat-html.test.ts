import { describe, expect, it } from "vitest";
import { clauseAnchorId } from "~/domain/public/clause-anchor";
import { parseLightHtml } from "~/domain/public/light-html";
import { highlightPieces, parsePublicListQuery, searchTerms } from "~/domain/public/search-query";
import { toWechatHtml } from "~/domain/wechat-html";
import { xihaianContent } from "../helpers/publish-fixture";

const html = toWechatHtml({
  title: "《2020年青岛西海岸新区政务公开工作要点》政策解读",
  documentTitle: "2020年青岛西海岸新区政务公开工作要点",
  docNumber: "青西新管办发〔2020〕84号",
  issuer: "青岛西海岸新区管委办公室",
  publishedDate: "2020-08-07",
  documentUrl: "https://gov.example/zhengce/1",
  content: xihaianContent(),
  graphicImages: [{ src: "https://gov.example/jiedu/1/tu/wechat%2F04-tujie-1-key-figures-0a1b2c3d.jpg", altText: "一图读懂" }],
  chartImages: [{ src: "https://gov.example/jiedu/1/tu/web%2F03-chart-card-1-1a2b3c4d.png", altText: "柱状图" }, null],
});

function tags(s: string): { name: string; attrs: string }[] {
  return [...s.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((m) => ({ name: m[1].toLowerCase(), attrs: m[2] }));
}

describe("toWechatHtml", () => {
  it("uses no class, no id, no style block, no script, no div", () => {
    expect(html).not.toMatch(/\sclass=/i);
    expect(html).not.toMatch(/\sid=/i);
    expect(html).not.toMatch(/<style/i);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<div/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html.startsWith("<section ")).toBe(true);
  });

  it("styles every element inline", () => {
    const all = tags(html);
    expect(all.length).toBeGreaterThan(30);
    for (const t of all) expect(t.attrs, `<${t.name}>`).toMatch(/\sstyle="[^"]+"/);
  });

  it("puts each 图解's and each chart's own image in its slot, as an absolute URL, with alt text", () => {
    const imgs = tags(html).filter((x) => x.name === "img");
    expect(imgs.map((t) => /\ssrc="([^"]+)"/.exec(t.attrs)?.[1])).toEqual([
      "https://gov.example/jiedu/1/tu/wechat%2F04-tujie-1-key-figures-0a1b2c3d.jpg",
      "https://gov.example/jiedu/1/tu/web%2F03-chart-card-1-1a2b3c4d.png",
    ]);
    for (const t of imgs) expect(t.attrs).toMatch(/\salt="[^"]+"/);
    // The graphic's image sits under the 图解 heading, the chart card under its chart's title.
    expect(html.indexOf("tujie-1")).toBeGreaterThan(html.indexOf(">图解<"));
    expect(html.indexOf("chart-card-1")).toBeGreaterThan(html.indexOf("优化营商环境重点公开事项"));
    expect(html.indexOf("chart-card-1")).toBeLessThan(html.indexOf("政务公开考核分值构成"));
  });

  it("a slot without its own image gets none — never the cover or another image", () => {
    const out = toWechatHtml({ title: "t", documentTitle: "d", content: xihaianContent(), graphicImages: [null], chartImages: [null, null] });
    expect(out).not.toMatch(/<img/);
    // The texts stay: the graphic's long description and each chart's data table.
    expect(out).toContain("本图概括了工作要点的六个方面。");
    expect(out).toContain("497");
  });

  it("a grouped chart's data table has a 系列 column", () => {
    const content = xihaianContent();
    content.charts = [
      {
        type: "grouped-bar",
        title: "分档补助",
        unit: "元",
        data: [
          { series: "城市", label: "A档", value: 708 },
          { series: "农村", label: "A档", value: 528 },
        ],
      },
    ];
    const out = toWechatHtml({ title: "t", documentTitle: "d", content, graphicImages: [null], chartImages: [null] });
    expect(out.replace(/<[^>]+>/g, "|")).toContain("|系列||项目||数值|");
    expect(out.replace(/<[^>]+>/g, "|")).toContain("|城市||A档||708|");
  });

  it("keeps the content: sections, Q&A with clause citations, chart data, cases, the link to the document", () => {
    for (const text of ["起草背景", "简明问答", "政策解读工作有哪些新要求？", "附件1第二部分第（五）项第11条", "294", "497", "162", "案例说明", "https://gov.example/zhengce/1", "解读人：陈主任"]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('href="https://www.example.gov.cn/"');
    expect(html).toContain("不安全链接");
  });

  it("escapes text rather than passing markup through", () => {
    const content = xihaianContent();
    content.qa = [{ question: '<img src=x onerror="alert(1)">问题', answer: "答<b>案</b><iframe src=//evil></iframe>", clauseRefs: [] }];
    const out = toWechatHtml({ title: "t", documentTitle: "d", content, graphicImages: [], chartImages: [] });
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;问题");
    expect(out).not.toMatch(/<iframe/i);
    expect(out).toMatch(/<strong style="[^"]+">案<\/strong>/);
  });
});

describe("public-site helpers", () => {
  it("clause anchors are stable ASCII ids derived from the outline path", () => {
    expect(clauseAnchorId(["附件1", "二、", "（三）", "5.", "（2）"])).toBe("clause-fj1-s2-p3-i5-n2");
    expect(clauseAnchorId(["正文"])).toBe("clause-zw");
    expect(clauseAnchorId([])).toBe("clause-top");
    expect(clauseAnchorId(["第十二条"])).toBe("clause-t12");
    expect(clauseAnchorId(["十、"])).toBe(clauseAnchorId(["十、"]));
    expect(clauseAnchorId(["（二十）"])).toBe("clause-p20");
    expect(clauseAnchorId(["奇怪标记"])).toMatch(/^clause-u[0-9a-z_]+$/);
  });

  it("the light-HTML allow-list drops scripts, handlers and unsafe links", () => {
    const tree = parseLightHtml('<p onclick="x()">a<script>evil()</script><a href="javascript:alert(1)">b</a><a href="https://ok.cn">c</a><img src=x></p>');
    expect(JSON.stringify(tree)).not.toMatch(/evil|javascript|onclick|img/);
    expect(JSON.stringify(tree)).toContain("https://ok.cn");
  });

  it("search words are bounded and carry no FTS syntax", () => {
    expect(searchTerms('"就业" AND NEAR(政务*')).toEqual(["就业", "and", "near", "政务"]);
    expect(searchTerms("就".repeat(2000))[0]).toHaveLength(32);
    expect(searchTerms("a b c d e f g h i j k").length).toBe(8);
    const q = parsePublicListQuery(new URLSearchParams("q=x&page=-3&year=19999&validity=nope&sort=evil"));
    expect(q).toMatchObject({ page: 1, year: null, validity: null, sort: "relevance" });
  });

  it("highlights every occurrence, longest word first", () => {
    expect(highlightPieces("促进就业，稳就业", ["就业"]).filter((p) => p.hit)).toHaveLength(2);
    expect(highlightPieces("政务公开", ["政务", "政务公开"])).toEqual([{ text: "政务公开", hit: true }]);
  });
});
