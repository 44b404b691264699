/**
 * 新建文件 in real Chromium against the production build: upload the 博山 notice, review the
 * prefilled metadata, save, land on the document page; then a 30 MB POST is refused with a clear
 * message and the server keeps answering.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "puppeteer";
import { describe, expect, it } from "vitest";
import { withE2eApp } from "../helpers/e2e";

const BOSHAN = path.resolve(import.meta.dirname, "../../drizzle/seed/documents/boshan-2020-zwgk-yaodian.txt");
const BOSHAN_TITLE = "博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知";
const DIBAO_PDF = path.resolve(import.meta.dirname, "../fixtures/intake/dibao-2023-biaozhun.pdf");
const DIBAO_TEXT = readFileSync(path.resolve(import.meta.dirname, "../fixtures/intake/dibao-2023-biaozhun.txt"), "utf8");

const app = withE2eApp();

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto(`${app.server.url}/login`);
  await page.type("input[name=username]", username);
  await page.type("input[name=password]", "jiedu2026");
  await page.click("button[type=submit]");
  await page.waitForSelector("header nav");
}

const documentCount = (): number => {
  const n: unknown = app.t.db.$client.prepare("select count(*) from documents").pluck().get();
  return typeof n === "number" ? n : -1;
};

describe("新建文件 in a real browser", () => {
  it("the drafter uploads the 博山 notice, checks the prefilled review and saves it", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    await signIn(page, "drafter");
    await page.waitForSelector('a[href="/app/documents/new"]');
    await page.click('a[href="/app/documents/new"]');
    const input = await page.waitForSelector("input[type=file][name=file]");
    expect(await page.$eval("input[type=file]", (el) => el.getAttribute("accept"))).toContain(".docx");
    await input?.uploadFile(BOSHAN);
    await page.click("form#intake-upload button[type=submit]");

    await page.waitForSelector("textarea[name=title]");
    expect(await page.$eval("textarea[name=title]", (el) => (el instanceof HTMLTextAreaElement ? el.value : ""))).toBe(BOSHAN_TITLE);
    expect(await page.$eval("input[name=docNumber]", (el) => (el instanceof HTMLInputElement ? el.value : ""))).toBe(
      "博政办字〔2020〕45号",
    );
    expect(await page.$eval("input[name=writtenDate]", (el) => (el instanceof HTMLInputElement ? el.value : ""))).toBe("2020-09-03");
    // A well-formed 文号 shows no warning; typing wrong brackets shows one at once.
    expect(await page.$(".intake-warning")).toBeNull();
    await page.click("input[name=docNumber]", { count: 3 });
    await page.keyboard.type("博政办字[2020]45号");
    await page.waitForSelector(".intake-warning");
    expect(await page.$eval(".intake-warning", (el) => el.textContent ?? "")).toContain("〔〕");
    await page.click("input[name=docNumber]", { count: 3 });
    await page.keyboard.type("博政办字〔2020〕45号");
    await page.waitForFunction(() => document.querySelector(".intake-warning") === null);

    // The outline, the figures and the suggestions are on the review screen.
    const outline = await page.$eval("#intake-outline-h + .outline-parts", (el) => el.textContent ?? "");
    expect(outline).toContain("博山区2020年政务公开工作要点");
    const firstMark = await page.$eval("mark.fact", (el) => ({ text: el.textContent, title: el.getAttribute("title") }));
    expect(firstMark.title).toMatch(/^(数量|百分比|金额|期限|截止时间|日期|频次)：/);
    expect(await page.$$eval("mark.fact", (els) => els.length)).toBeGreaterThan(3);
    expect(await page.$eval(".intake-suggestions", (el) => el.textContent ?? "")).toContain("编辑解读材料");

    const before = documentCount();
    await page.type("input[name=topic]", "政务公开");
    await page.click("form[id^=intake-review] button[type=submit]");
    await page.waitForFunction(() => /^\/app\/documents\/\d+$/.test(location.pathname));
    await page.waitForSelector("h1");
    expect(await page.$eval("h1", (el) => el.textContent)).toBe(BOSHAN_TITLE);
    expect(documentCount()).toBe(before + 1);
    const id = Number(new URL(page.url()).pathname.split("/").pop());
    const saved = app.t.db.$client.prepare("select doc_number, topic, index_no, status from documents where id = ?").get(id);
    expect(saved).toEqual({ doc_number: "博政办字〔2020〕45号", topic: "政务公开", index_no: "zfb/2020-00085", status: "drafting" });
    expect(await page.$eval("main", (el) => el.textContent ?? "")).toContain("zfb/2020-00085");
    await context.close();
  }, 90_000);

  it("the 低保 PDF: readable key figures, the tiered chart, and the same 字数 as its pasted text", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    await signIn(page, "drafter");
    const before = documentCount();
    await page.goto(`${app.server.url}/app/documents/new`);
    const input = await page.waitForSelector("input[type=file][name=file]");
    await input?.uploadFile(DIBAO_PDF);
    await page.click("form#intake-upload button[type=submit]");
    await page.waitForSelector(".intake-figures");
    const figures = await page.$$eval(".intake-figures li", (els) => els.map((el) => (el.textContent ?? "").trim()));
    expect(figures.slice(0, 4)).toEqual(["885元城市低保标准（月）", "660元农村低保标准（月）", "1150元城市特困人员基本生活标准（月）", "860元农村特困人员基本生活标准（月）"]);
    for (const f of figures) expect(f).not.toMatch(/\/年|[（(]每月|^\d+亩以下/);
    const charts = await page.$eval(".intake-charts", (el) => el.textContent ?? "");
    expect(charts).toContain("分组柱状图：分类施保标准（元）");
    expect(charts).toContain("城市 · D档：465");
    expect(charts).toContain("农村 · A档：660");
    const sourceLine = async () => page.$eval("p.muted", (el) => el.textContent ?? "");
    const pdfCount = /，(\d+) 字）/.exec(await sourceLine())?.[1];

    // The same notice pasted: the same count.
    await page.goto(`${app.server.url}/app/documents/new`);
    await page.waitForSelector("textarea[name=pastedText]");
    await page.$eval("textarea[name=pastedText]", (el, text) => {
      if (el instanceof HTMLTextAreaElement) el.value = text;
    }, DIBAO_TEXT);
    await page.click("form#intake-upload button[type=submit]");
    await page.waitForSelector(".intake-figures");
    const pasteCount = /，(\d+) 字）/.exec(await sourceLine())?.[1];
    expect(pdfCount).toBeDefined();
    expect(pasteCount).toBe(pdfCount);
    expect(documentCount()).toBe(before);
    await context.close();
  }, 90_000);

  it("a 30 MB POST is refused with a clear message, nothing is saved, and the server still answers", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    await signIn(page, "drafter");
    const cookies = await context.cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    await context.close();

    const form = new FormData();
    form.set("intent", "analyze");
    form.set("file", new File([new Uint8Array(30 * 1024 * 1024)], "大文件.pdf", { type: "application/pdf" }));
    const before = documentCount();
    const res = await fetch(`${app.server.url}/app/documents/new`, { method: "POST", body: form, headers: { Cookie: cookie } });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain("超过上限 20 MB");
    expect(html).toContain("请压缩图片、拆分文件");
    expect(documentCount()).toBe(before);

    const login = await fetch(`${app.server.url}/login`);
    expect(login.status).toBe(200);
    expect(await login.text()).toContain("登录");
  });
});
