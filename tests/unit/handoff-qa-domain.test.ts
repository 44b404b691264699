/** Pure parts of the hand-off and the 问答库: synonym lists, CJK units, XML escaping, font subsets, retry schedule, the webhook form. */
import { describe, expect, it } from "vitest";
import { atomFeed, xmlEscape } from "~/domain/handoff/feeds";
import { facesFor, fontFaceCss, parseFontFaces } from "~/domain/handoff/font-faces";
import { nextRetryDelay, readWebhookConfig, webhookFormSchema } from "~/domain/handoff/webhook";
import { alternativesOf, parseSynonymLines, textUnits } from "~/domain/qa-library/retrieval";

describe("synonym list", () => {
  it("parses groups separated by spaces, 顿号, commas or =, and ignores comments", () => {
    expect(parseSynonymLines("补贴 补助、资助\n# 注释\n\n办理=申请，申报")).toEqual({ ok: true, groups: [["补贴", "补助", "资助"], ["办理", "申请", "申报"]] });
  });
  it("names the line of every error", () => {
    const r = parseSynonymLines("补贴 补助\n孤词\n甲 乙 丙 丁 戊 己 庚 辛 壬 癸 子 丑 寅");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual([expect.stringContaining("第 2 行"), expect.stringContaining("第 3 行有 13 个词")]);
  });
  it("expands a word to its group", () => {
    expect(alternativesOf("补助", [["补贴", "补助"]])).toEqual(["补助", "补贴"]);
    expect(alternativesOf("其他", [["补贴", "补助"]])).toEqual(["其他"]);
  });
});

describe("text units", () => {
  it("cuts Chinese runs into overlapping pairs and keeps Latin/digit words", () => {
    expect(textUnits("惠企政策，2020年 PDF")).toEqual(["惠企", "企政", "政策", "2020", "年", "pdf"]);
  });
});

describe("feeds", () => {
  it("escapes markup and drops characters XML forbids", () => {
    expect(xmlEscape(`a<b>&"c'\u0001\u0008d`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;d");
    const xml = atomFeed({ name: "站<", idCode: "1", homeUrl: "http://x/zhengce", atomUrl: "http://x/feeds/atom.xml", jsonUrl: "http://x/feeds/feed.json" }, [], "2026-01-01T00:00:00.000Z");
    expect(xml).toContain("<title type=\"text\">站&lt; 政策文件与政策解读</title>");
    expect(xml).toContain("<updated>2026-01-01T00:00:00.000Z</updated>");
  });
});

describe("font subsets", () => {
  const css = `/* a */ @font-face { font-family: 'Noto Sans SC'; font-weight: 400; src: url(./files/a-0-400.woff2) format('woff2'), url(./files/a-0-400.woff) format('woff'); unicode-range: U+4e00-4e10,U+9f99; }
@font-face { font-family: 'Noto Sans SC'; font-weight: 400; src: url(./files/a-1-400.woff2) format('woff2'); unicode-range: U+0041-005a; }`;
  it("keeps only the subsets covering a character of the text, with relative sources", () => {
    const faces = parseFontFaces(css);
    expect(faces.map((f) => f.file)).toEqual(["a-0-400.woff2", "a-1-400.woff2"]);
    expect(facesFor("龙", faces).map((f) => f.file)).toEqual(["a-0-400.woff2"]);
    expect(facesFor("abc", faces)).toEqual([]);
    expect(fontFaceCss(facesFor("AB", faces))).toBe("@font-face{font-family:'Noto Sans SC';font-style:normal;font-display:swap;font-weight:400;src:url(fonts/a-1-400.woff2) format('woff2');unicode-range:U+41-5a;}");
  });
});

describe("webhook", () => {
  it("backs off ×4 from the base and gives up after the last attempt", () => {
    expect([1, 2, 3, 4, 5].map((n) => nextRetryDelay(n, 30_000))).toEqual([30_000, 120_000, 480_000, 1_920_000, 7_680_000]);
    expect(nextRetryDelay(6, 30_000)).toBeNull();
  });
  it("reads an unreadable stored value as not configured", () => {
    expect(readWebhookConfig("nonsense")).toEqual({ enabled: false, url: "", secret: "", siteUrl: "" });
  });
  it("the form keeps the stored secret when left empty and refuses enabling without what it needs", () => {
    const stored = { enabled: false, url: "", secret: "s".repeat(20), siteUrl: "" };
    const ok = webhookFormSchema(stored).safeParse({ intent: "saveWebhook", enabled: "on", url: "https://cms.example.gov.cn/import", siteUrl: "https://www.example.gov.cn/", secret: "" });
    expect(ok.success && ok.data).toEqual({ enabled: true, url: "https://cms.example.gov.cn/import", siteUrl: "https://www.example.gov.cn", secret: "s".repeat(20) });
    const bad = webhookFormSchema({ ...stored, secret: "" }).safeParse({ intent: "saveWebhook", enabled: "on", url: "ftp://x", secret: "short" });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      const messages = bad.error.issues.map((i) => i.message).join(" ");
      expect(messages).toContain("http:// 或 https://");
      expect(messages).toContain("至少 16 个字符");
    }
    const creds = webhookFormSchema(stored).safeParse({ intent: "saveWebhook", url: "https://user:pw@cms.example.gov.cn/" });
    expect(creds.success).toBe(false);
  });
});
