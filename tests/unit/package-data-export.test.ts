import { describe, expect, it } from "vitest";
import { emptyPackageContent, type PackageContent } from "~/domain/package/content";
import { exportBlockers, exportPackageData } from "~/domain/package/package-data-export";

const doc = { title: "关于印发政务公开工作要点的通知", docNumber: "青西新管办发〔2020〕84号", issuer: "青岛西海岸新区管委办公室", writtenDate: "2020-08-06", departmentName: "区政府办公室" };
const noBranding = { themeColor: null, logoDataUri: null };

function complete(): PackageContent {
  return {
    ...emptyPackageContent(),
    sections: {
      background: "<p>今年是政务公开工作的收官之年。</p>",
      basis: "<p>依据《政府信息公开条例》。</p>",
      purpose: "<p>推进决策公开。</p>",
      measures: "<p>完成标准目录编制。</p><p>加强政策解读。</p>",
      scope: "<p>适用于新区各部门，自印发之日起施行。</p>",
    },
    qa: [{ question: "标准目录什么时候完成？", answer: "2020年年底前完成。", clauseRefs: [] }],
  };
}

describe("exportPackageData", () => {
  it("projects a complete package without placeholders", () => {
    const r = exportPackageData(complete(), doc, noBranding);
    if (!r.ok) throw new Error(r.issues.join(" "));
    expect(r.data.qa).toEqual([{ question: "标准目录什么时候完成？", answer: "2020年年底前完成。" }]);
    expect(r.data.sections.mainContent).toBe("完成标准目录编制。\n加强政策解读。");
    expect(JSON.stringify(r.data)).not.toContain("待填写");
    expect(r.data.theme).toEqual({ id: "zhengwu-red" });
  });

  it("refuses missing 文号, 发文机关 and 成文日期 — never 文号待定 or today's date in their place", () => {
    const r = exportPackageData(complete(), { title: doc.title, docNumber: null, issuer: null, writtenDate: null, departmentName: "青山县民政局" }, noBranding);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toContain("文件信息缺少");
    for (const missing of ["文号", "发文机关", "成文日期"]) expect(r.issues[0]).toContain(missing);
    const json = JSON.stringify(r);
    expect(json).not.toContain("文号待定");
    expect(json).not.toContain(new Date().toISOString().slice(0, 10));
  });

  it("refuses generated stand-ins: intake placeholders and a 图解 that still says （待填写）", () => {
    const c = complete();
    c.sections.basis = "<p>文件中未找到相关表述，请起草单位补充。</p>";
    c.qa.push({ question: "适用于哪些人？", answer: "文件中未找到相关表述，请起草单位补充。", clauseRefs: [] });
    c.graphics.push({ templateId: "qa-card", templateVersion: 1, slots: { index: 1, total: 1, question: "问题", flow: [{ kind: "p", text: "（待填写）" }], part: 0 } });
    expect(exportBlockers(c, doc)).toEqual([
      "“制定依据”还是自动生成的占位文字（“文件中未找到相关表述，请起草单位补充。”），请改写后再导出。",
      "问答 2 的回答还是自动生成的占位文字（“文件中未找到相关表述，请起草单位补充。”），请改写或删除后再导出。",
      "图解 1还是自动生成的占位文字（“（待填写）”），请改写或删除后再导出。",
    ]);
  });

  it("refuses a chart without a title or with a bad cell (it used to be dropped or printed 未命名图表); no source prints nothing", () => {
    const c = complete();
    c.charts = [
      { type: "bar", title: "", unit: "元", data: [{ label: "城市", value: 885 }] },
      { type: "grouped-bar", title: "分档", unit: "元", data: [{ label: "A档", value: 708 }] },
      { type: "bar", title: "城乡低保标准", unit: "元", data: [{ label: "城市", value: 885 }] },
    ];
    expect(exportBlockers(c, doc)).toEqual([
      "图表 1 还没有标题，请在“图表”中填写后再导出。",
      "图表 2“分档”的数据有误（第 1 行缺少系列，请填写所属分组（如“城市”“农村”）。），请在“图表”中修改后再导出。",
    ]);
    c.charts = c.charts.slice(2);
    const r = exportPackageData(c, doc, noBranding);
    if (!r.ok) throw new Error(r.issues.join(" "));
    expect(r.data.charts[0].source).toBeUndefined();
    expect(JSON.stringify(r.data)).not.toContain("待填写");
  });

  it("names every missing part instead of printing placeholders", () => {
    const issues = exportBlockers(emptyPackageContent(), doc);
    expect(issues).toEqual([
      "“起草背景”还没有填写，请在解读材料中补充后再导出。",
      "“制定依据”还没有填写，请在解读材料中补充后再导出。",
      "“出台目的”还没有填写，请在解读材料中补充后再导出。",
      "“主要内容和重要举措”还没有填写，请在解读材料中补充后再导出。",
      "“适用范围与执行时间”还没有填写，请在解读材料中补充后再导出。",
      "还没有完整的简明问答（问题和回答都要填写），请至少写一条后再导出。",
    ]);
    expect(exportPackageData(emptyPackageContent(), doc, noBranding).ok).toBe(false);
  });

  it("refuses texts the cards would have to cut, saying which and how long", () => {
    const c = complete();
    c.qa.push({ question: "问".repeat(81), answer: "答".repeat(1501), clauseRefs: [] });
    c.sections.background = `<p>${"背".repeat(801)}</p>`;
    expect(exportBlockers(c, doc)).toEqual([
      "“起草背景”有 801 字，图片最多容纳 800 字，请精简后再导出。",
      "第 2 条问答的问题有 81 字，最多 80 字，请精简。",
      "第 2 条问答的回答有 1501 字，最多 1500 字，请精简或拆成两条。",
    ]);
  });

  it("applies the department's colour and logo, and rejects a logo the exporter cannot use", () => {
    const logo = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    const r = exportPackageData(complete(), doc, { themeColor: "#1565C0", logoDataUri: logo });
    if (!r.ok) throw new Error(r.issues.join(" "));
    expect(r.data.theme).toEqual({ id: "zhengwu-red", logo, colors: { primary: "#1565C0" } });
    const bad = exportPackageData(complete(), doc, { themeColor: null, logoDataUri: "data:image/gif;base64,R0lGOD==" });
    expect(bad.ok ? [] : bad.issues).toEqual([expect.stringMatching(/^theme\.logo：单位标志应为 base64 编码的 png \/ svg\+xml 图片.*请管理员在单位设置中修改/)]);
  });
});
