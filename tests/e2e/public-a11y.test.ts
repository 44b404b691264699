/**
 * axe-core in real Chromium on every public page type, in normal and 适老化 mode: 0 violations.
 * Also: the skip link is the first focusable element and moves focus to <main>; the 适老化
 * switch works by keyboard and persists across pages.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departments, users } from "~/db/schema";
import { createUserSession } from "~/models/auth.server";
import { launchBrowser } from "../helpers/browser";
import { createTestDb, type TestDb } from "../helpers/db";
import { insertPublishedFixture, type PublishedFixture } from "../helpers/publish-fixture";
import { type RunningServer, startServer } from "../helpers/server";

const AXE = readFileSync(resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");

let t: TestDb;
let f: PublishedFixture;
let server: RunningServer;
let browser: Browser;
let staffSid = "";

beforeAll(async () => {
  t = createTestDb();
  f = await insertPublishedFixture(t.db, t.dir);
  const dept = t.db.select({ id: departments.id }).from(departments).get()?.id ?? 0;
  const user = t.db.insert(users).values({ username: "editor", displayName: "周发布", passwordHash: "x", role: "publisher", departmentId: dept }).returning({ id: users.id }).get();
  staffSid = ((await createUserSession(user.id, "/app")).headers.get("Set-Cookie") ?? "").split(";")[0].split("=").slice(1).join("=");
  t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: process.env.SESSION_SECRET ?? "", EXPORTS_DIR: `${t.dir}/exports` });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  t?.cleanup();
});

type AxeResult = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] };

async function axe(page: Page): Promise<AxeResult[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: AxeResult) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
}

const pages = () => [
  ["政策文件库", "/zhengce"],
  ["检索结果", `/zhengce?q=${encodeURIComponent("就业")}`],
  ["文件页", `/zhengce/${f.xihaian}`],
  ["文件页（无附件）", `/zhengce/${f.boshan}`],
  ["政策解读栏目", "/jiedu"],
  ["解读页", `/jiedu/${f.xihaian}`],
  ["政策问答", "/wenda"],
  ["问答检索", `/wenda?q=${encodeURIComponent("考核")}`],
  ["智能问答", `/wenda?ask=${encodeURIComponent("考核怎么计分")}`],
  ["智能问答（无结果）", `/wenda?ask=${encodeURIComponent("养老保险")}`],
  ["404", "/zhengce/999999"],
];

describe.each([
  ["normal", false],
  ["适老化", true],
])("axe-core: %s mode", (_mode, elder) => {
  it("0 violations on every public page type", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    if (elder) await page.setCookie({ name: "jiedu_elder", value: "1", url: server.url });
    const report: Record<string, AxeResult[]> = {};
    for (const [name, path] of pages()) {
      await page.goto(`${server.url}${path}`, { waitUntil: "networkidle0" });
      expect(await page.$eval("html", (h) => h.className)).toBe(elder ? "elder contrast" : "");
      const violations = await axe(page);
      if (violations.length) report[`${name} ${path}`] = violations;
    }
    await context.close();
    expect(report).toEqual({});
  });
});

describe("keyboard", () => {
  it("the skip link comes first and moves focus to the main content", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/zhengce/${f.xihaian}`, { waitUntil: "networkidle0" });
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("跳到主要内容");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => location.hash)).toBe("#main");
    await page.keyboard.press("Tab");
    const inMain = await page.evaluate(() => Boolean(document.activeElement?.closest("main")));
    expect(inMain).toBe(true);
    await context.close();
  });

  it("the 适老化 switch works from the keyboard and persists across pages", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/jiedu`, { waitUntil: "networkidle0" });
    await page.focus(".pub-elder button");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    expect(new URL(page.url()).pathname).toBe("/jiedu");
    expect(await page.$eval("html", (h) => h.className)).toBe("elder contrast");
    const size = await page.$eval("html", (h) => getComputedStyle(h).fontSize);
    expect(Number.parseFloat(size)).toBeGreaterThanOrEqual(20);
    await page.goto(`${server.url}/zhengce/${f.boshan}`, { waitUntil: "networkidle0" });
    expect(await page.$eval("html", (h) => h.className)).toBe("elder contrast");
    await context.close();
  });

  it("a clause citation opens the document at the cited clause", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/jiedu/${f.xihaian}`, { waitUntil: "networkidle0" });
    await Promise.all([page.waitForNavigation(), page.click("a[data-clause-link]")]);
    const hash = await page.evaluate(() => location.hash.slice(1));
    expect(hash).toMatch(/^clause-/);
    const target = await page.evaluate((id) => document.getElementById(id)?.textContent ?? "", hash);
    expect(target).toContain("谁起草谁解读");
    await context.close();
  });

  it("pages hydrate without errors; staff get the 复制公众号排版 button", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.setCookie({ name: "__jiedu", value: staffSid, url: server.url });
    await page.goto(`${server.url}/jiedu/${f.xihaian}`, { waitUntil: "networkidle0" });
    await page.waitForFunction(() => [...document.querySelectorAll("button")].some((b) => b.textContent === "复制公众号排版"), { timeout: 30_000 });
    await page.goto(`${server.url}/zhengce/${f.xihaian}`, { waitUntil: "networkidle0" });
    expect(errors).toEqual([]);
    await context.close();
  });
});
