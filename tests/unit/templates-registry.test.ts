import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePackageData, type PackageData } from "~/domain/package-data";
import { DEFAULT_PRESETS, parseChannelList, resolvePresets } from "~/render/presets";
import { planCards, templateRegistry } from "../../templates/registry";
import { qaCardSlots } from "../../templates/qa-card/template";
import { THEMES, resolveTheme } from "../../templates/shared/themes";
import { TEMPLATE_IDS } from "~/domain/vocabulary";

const raw: unknown = JSON.parse(readFileSync(new URL("../fixtures/packages/xihaian.json", import.meta.url), "utf8"));

function fixture(): PackageData {
  const parsed = parsePackageData(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

const warn = () => {};
const ctx = (pkg: PackageData) => ({ theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } });

describe("package-data contract", () => {
  it("the committed example is valid and has what the issue asks for", () => {
    const pkg = fixture();
    expect(pkg.qa.length).toBeGreaterThanOrEqual(6);
    expect(pkg.charts.map((c) => c.type)).toEqual(["donut", "bar"]);
    expect(pkg.charts[0].data.map((r) => r.value)).toEqual([30, 70]);
    expect(pkg.charts[1].data.map((r) => r.value)).toEqual([294, 497, 162, 137, 26]);
    expect(pkg.keyFigures.length).toBeGreaterThan(0);
    expect(pkg.timeline.length).toBeGreaterThan(0);
  });

  it("reports Chinese messages with readable paths", () => {
    const result = parsePackageData({ document: { title: "x".repeat(121), docNumber: "号".repeat(41), issuer: "a", date: "2020-02-30", department: "b" }, sections: {}, qa: [{ question: 1 }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.issues.map((i) => [i.path, i.message]));
    expect(byPath["document.title"]).toBe("文件标题不能超过 120 个字，请精简");
    expect(byPath["document.docNumber"]).toBe("文号不能超过 40 个字，请精简");
    expect(byPath["document.date"]).toBe("成文日期不是有效日期");
    expect(byPath["qa[0].question"]).toBe("问题应为文字");
    expect(byPath["sections.background"]).toBe("请填写起草背景");
    for (const issue of result.issues) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it("bounds logos and rejects non-image data URIs", () => {
    const pkg = Object.assign({}, raw, { theme: { id: "zhengwu-red", logo: "data:text/html;base64,PHNjcmlwdD4=" } });
    const result = parsePackageData(pkg);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0].path).toBe("theme.logo");
  });
});

describe("template registry", () => {
  it("registers every template under its own id with a version and sizes", () => {
    for (const id of TEMPLATE_IDS) {
      const def = templateRegistry[id];
      expect(def.id).toBe(id);
      expect(def.version).toBeGreaterThanOrEqual(1);
      expect(Object.keys(def.sizes).length).toBeGreaterThan(0);
    }
    expect(templateRegistry.cover.sizes).toEqual({ wide: { width: 900, height: 383 }, square: { width: 383, height: 383 }, portrait: { width: 1080, height: 1440 } });
    expect(templateRegistry["nine-grid"].sizes.tile).toEqual({ width: 1080, height: 1080 });
  });

  it("plans one Q&A card per question, one chart card per chart and exactly nine tiles", () => {
    const pkg = fixture();
    expect(planCards("qa-card", pkg, "portrait", { warn })).toHaveLength(pkg.qa.length);
    expect(planCards("chart-card", pkg, "portrait", { warn })).toHaveLength(2);
    const tiles = planCards("nine-grid", pkg, "tile", { warn });
    expect(tiles).toHaveLength(9);
    expect(new Set(tiles.map((t) => t.key)).size).toBe(9);
  });

  it("slot schemas bound lengths", () => {
    expect(qaCardSlots.safeParse({ index: 1, total: 1, question: "问".repeat(81), flow: [{ kind: "p", text: "答" }], part: 0 }).success).toBe(false);
  });

  it("escapes user text: markup in a question stays text", () => {
    const pkg = fixture();
    pkg.qa[0] = { question: '<img src="http://127.0.0.1:9/x">会发请求吗？', answer: "不会。<script>alert(1)</script>", citation: undefined };
    const markup = planCards("qa-card", pkg, "portrait", { warn })[0].build(ctx(pkg));
    expect(markup.body).toContain("&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt;");
    expect(markup.body).not.toMatch(/<img|<script/);
  });

  it("a document without 文号, 发文机关 or 成文日期 prints nothing in their place on any card", () => {
    const pkg = fixture();
    pkg.document = { title: pkg.document.title, department: pkg.document.department };
    const today = new Date();
    const todayText = `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
    const sizes: Record<string, string> = { cover: "wide", "qa-card": "portrait", "figures-card": "portrait", "chart-card": "portrait", timeline: "portrait", "long-image": "long", "nine-grid": "tile" };
    for (const id of TEMPLATE_IDS) {
      const keys = id === "cover" ? ["wide", "square", "portrait"] : [sizes[id]];
      for (const key of keys) {
        for (const job of planCards(id, pkg, key, { warn })) {
          const m = job.build(ctx(pkg));
          for (const text of [m.body, m.altText, m.longDescription]) {
            expect(text, `${id}/${key}`).not.toMatch(/待定|待填写|undefined|null|NaN|（）|\(\)/);
            expect(text, `${id}/${key}`).not.toContain(todayText);
            expect(text, `${id}/${key}`).not.toContain(fixture().document.docNumber ?? "—");
          }
        }
      }
    }
    const cover = planCards("cover", pkg, "square", { warn })[0].build(ctx(pkg));
    expect(cover.body).not.toContain('class="side bottom"');
    const info = planCards("nine-grid", pkg, "tile", { warn })[8].build(ctx(pkg));
    expect(info.body).not.toMatch(/<p data-text><\/p>/);
  });

  it("a department colour overrides the theme; two themes exist", () => {
    expect(Object.keys(THEMES)).toEqual(["zhengwu-red", "qingxin-blue"]);
    expect(resolveTheme({ id: "qingxin-blue", colors: { primary: "#006633" } }).primary).toBe("#006633");
  });

  it("a timeline chart card prints no unit (its dates are its values); a bar card prints its own", () => {
    const pkg = fixture();
    // packages saved from older intake suggestions carry the unit "日期" on their timeline chart
    pkg.charts[0] = {
      ...pkg.charts[0],
      type: "timeline",
      unit: "日期",
      spec: undefined,
      data: [
        { label: "提出补贴申请", value: 0, date: "2025-11-30" },
        { label: "完成入户宣传", value: 0, date: "2025-12-15" },
      ],
    };
    pkg.charts[1] = { ...pkg.charts[1], unit: "项" };
    const [timeline, bar] = planCards("chart-card", pkg, "portrait", { warn });
    expect(timeline.build(ctx(pkg)).body).not.toContain("单位：");
    expect(bar.build(ctx(pkg)).body).toContain("单位：项");
  });

  it("a chart spec that fails validation is replaced and reported", () => {
    const pkg = fixture();
    pkg.charts[0] = { ...pkg.charts[0], spec: { data: { url: "http://127.0.0.1:9/d.json" }, mark: "bar" } };
    const warnings: string[] = [];
    const [card] = planCards("chart-card", pkg, "portrait", { warn: (m) => warnings.push(m) });
    expect(warnings[0]).toContain("data.url");
    expect(JSON.stringify(card.build(ctx(pkg)).charts[0].spec)).not.toContain("127.0.0.1");
  });
});

describe("channel presets", () => {
  it("cover the five channels with DOMAIN.md limits", () => {
    expect(Object.keys(DEFAULT_PRESETS)).toEqual(["wechat", "weibo", "douyin", "xhs", "web"]);
    expect(DEFAULT_PRESETS.wechat.maxBytes).toBeLessThan(1024 * 1024);
    expect(DEFAULT_PRESETS.wechat.outputs.find((o) => o.size === "square")?.maxBytes).toBe(64 * 1024);
    expect(DEFAULT_PRESETS.xhs.maxImages).toBe(18);
    expect(DEFAULT_PRESETS.douyin.maxImages).toBe(35);
  });

  it("can be overridden and channel lists are checked", () => {
    const presets = resolvePresets({ xhs: { maxBytes: 500_000, encode: { format: "webp", quality: 70, minQuality: 30, step: 10, mozjpeg: false, palette: false } } });
    expect(presets.xhs.maxBytes).toBe(500_000);
    expect(presets.xhs.encode.format).toBe("webp");
    expect(presets.wechat).toEqual(DEFAULT_PRESETS.wechat);
    expect(parseChannelList("xhs,wechat")).toEqual({ ok: true, channels: ["wechat", "xhs"] });
    expect(parseChannelList("tiktok").ok).toBe(false);
  });
});
