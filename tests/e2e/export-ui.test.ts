/**
 * 导出新媒体图片 in real Chromium against the production build with the export worker on:
 * choose 小红书 by keyboard, start, follow the progress, see the gallery with alt texts,
 * download the ZIP; another department's drafter cannot fetch the images.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, exportJobs, packages } from "~/db/schema";
import { DEMO_PASSWORD } from "~/seed/seed.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { createSeededTestDb, type TestDb } from "../helpers/db";
import { startE2eApp, stopE2eApp } from "../helpers/e2e";
import type { RunningServer } from "../helpers/server";

let t: TestDb;
let server: RunningServer;
let browser: Browser;
let docId: number;
let exportsDir: string;
const SEEDED_FAILURE = "生成图片时出错（测试：上次导出中断），请点击“重新导出”重试；如仍失败，请联系管理员。";

beforeAll(async () => {
  t = await createSeededTestDb();
  const doc = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  const pkg = doc ? t.db.select().from(packages).where(eq(packages.documentId, doc.id)).get() : undefined;
  if (!doc || !pkg) throw new Error("seed: 西海岸 missing");
  docId = doc.id;
  // The publish-time job (3 channels) would run first at start-up; record it as failed instead,
  // which also gives the page a failed job to show with its retry button.
  t.db.update(exportJobs).set({ status: "failed", error: SEEDED_FAILURE, finishedAt: new Date().toISOString() }).where(eq(exportJobs.packageId, pkg.id)).run();
  exportsDir = mkdtempSync(join(tmpdir(), "jiedu-export-ui-"));
  ({ server, browser } = await startE2eApp(t, { EXPORTS_DIR: exportsDir, JIEDU_EXPORT_WORKER: "1", RENDER_POOL_SIZE: "1" }));
});

afterAll(async () => {
  await stopE2eApp({ browser, server, t });
  if (exportsDir) rmSync(exportsDir, { recursive: true, force: true });
});

async function as<T>(username: string, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.type("input[name=username]", username);
    await page.type("input[name=password]", DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForSelector("header nav");
    return await run(page);
  } finally {
    await context.close();
  }
}

/** Toggles a checkbox from the keyboard so that exactly `wanted` is checked. */
async function checkOnly(page: Page, wanted: string): Promise<void> {
  for (const box of await page.$$("input[name=channels]")) {
    const [value, checked] = await box.evaluate((el) => (el instanceof HTMLInputElement ? [el.value, el.checked] : ["", false]));
    if ((value === wanted) !== checked) {
      await box.focus();
      await page.keyboard.press("Space");
    }
  }
}

describe("导出新媒体图片", () => {
  let zipHref = "";
  let imageHref = "";

  it("a drafter exports 小红书 images of the published 西海岸 document and sees progress, then the gallery with alt texts", async () => {
    await as("drafter", async (page) => {
      await page.goto(`${server.url}/app/documents/${docId}/package`);
      await page.click(`a[href="/app/documents/${docId}/export"]`);
      await page.waitForSelector(".export-page[data-hydrated=true]");
      expect(await page.$eval("h1", (el) => el.textContent)).toBe("导出新媒体图片");
      expect(await page.$eval(".export-page", (el) => el.textContent ?? "")).toContain("已发布的解读材料");
      // the failed publish-time job is listed with its reason and a retry button
      const history = await page.$eval("#export-history-title + table", (el) => el.textContent ?? "");
      expect(history).toContain("失败");
      expect(history).toContain("测试：上次导出中断");
      expect(await page.$$("button[value=retry]")).toHaveLength(1);
      // defaults come from the plan (网站, 微信公众号, 微博)
      const defaults = await page.$$eval("input[name=channels]:checked", (els) => els.map((el) => (el instanceof HTMLInputElement ? el.value : "")));
      expect(defaults.sort()).toEqual(["web", "wechat", "weibo"]);

      await checkOnly(page, "xhs");
      await page.focus("button[value=start]");
      await page.keyboard.press("Enter");

      // progress shows while the job runs (queued first, then done/total)
      await page.waitForSelector("[data-testid=export-progress]", { timeout: 15_000 });
      const seen = new Set<string>();
      for (let i = 0; i < 120 && !(await page.$(".export-gallery")); i++) {
        const text = await page.$eval("[data-testid=export-progress]", (el) => el.textContent ?? "").catch(() => "");
        if (text) seen.add(text);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect([...seen].some((s) => /排队中|已完成 \d+\/\d+ 张|共 \d+ 张图片/.test(s)), [...seen].join(" | ")).toBe(true);

      await page.waitForSelector(".export-gallery img", { timeout: 60_000 });
      const heading = await page.$eval("#export-gallery-title", (el) => el.textContent ?? "");
      expect(heading).toMatch(/共 \d+ 张/);
      // named by when it started (job ids are shared by all packages: a first export read "第 2 次")
      expect(heading).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} 开始的导出/);
      expect(await page.$eval("main", (el) => el.textContent ?? "")).not.toMatch(/第 \d+ 次/);
      const figures = await page.$$eval(".export-gallery figure", (els) =>
        els.map((f) => ({ alt: f.querySelector("img")?.getAttribute("alt") ?? "", caption: f.querySelector(".export-alt")?.textContent ?? "", src: f.querySelector("img")?.getAttribute("src") ?? "" })),
      );
      expect(figures.length).toBeGreaterThanOrEqual(5);
      for (const f of figures) {
        expect(f.alt.length).toBeGreaterThan(0);
        expect(f.caption).toBe(`替代文字：${f.alt}`);
        expect(f.src).toMatch(new RegExp(`^/app/documents/${docId}/export/\\d+/files/xhs/`));
      }
      // images really load at 1080×1440 (they load lazily: bring each into view)
      await page.$$eval(".export-gallery img", async (imgs) => {
        for (const img of imgs) {
          img.scrollIntoView();
          if (img instanceof HTMLImageElement) await img.decode();
        }
      });
      const sizes = await page.$$eval(".export-gallery img", (imgs) => imgs.map((img) => (img instanceof HTMLImageElement ? `${img.naturalWidth}x${img.naturalHeight}` : "")));
      expect(new Set(sizes)).toEqual(new Set(["1080x1440"]));

      zipHref = await page.$eval("#export-gallery-title ~ p a[download]", (a) => a.getAttribute("href") ?? "");
      imageHref = figures[0].src;
      const zip = await page.evaluate(async (href) => {
        const res = await fetch(href);
        const bytes = new Uint8Array(await res.arrayBuffer());
        return { status: res.status, type: res.headers.get("content-type"), disposition: res.headers.get("content-disposition"), magic: String.fromCharCode(bytes[0], bytes[1]), size: bytes.length };
      }, zipHref);
      expect(zip.status).toBe(200);
      expect(zip.type).toBe("application/zip");
      expect(zip.disposition).toContain("attachment");
      expect(zip.magic).toBe("PK");
      expect(zip.size).toBeGreaterThan(10_000);
      const history2 = await page.$eval("#export-history-title + table", (el) => el.textContent ?? "");
      expect(history2).toContain("已完成");
      // the public site serves the newest finished pack of the published document, with its own routes
      const file = imageHref.replace(/^.*\/files\//, "");
      const publicStatus = await page.evaluate(
        async (urls) => Promise.all(urls.map(async (u) => (await fetch(u, { credentials: "omit" })).status)),
        [`/jiedu/${docId}/images.zip`, `/jiedu/${docId}/tu/${encodeURIComponent(decodeURIComponent(file))}`],
      );
      expect(publicStatus).toEqual([200, 200]);
    });
  }, 60_000);

  it("another department's drafter cannot open the page or fetch its files", async () => {
    await as("drafter2", async (page) => {
      const res = await page.goto(`${server.url}/app/documents/${docId}/export`);
      expect(res?.status()).toBe(404);
      const status = await page.evaluate(async (hrefs) => Promise.all(hrefs.map(async (h) => (await fetch(h)).status)), [zipHref, imageHref]);
      expect(status).toEqual([404, 404]);
    });
  });

  it("the server shuts down promptly on SIGTERM although the export browsers are still warm", async () => {
    const started = Date.now();
    await server.stop();
    // stop() falls back to SIGKILL after 3 s: a clean exit comes well before that
    expect(Date.now() - started).toBeLessThan(2900);
    expect(server.output()).not.toMatch(/导出任务队列出错|export worker failed/);
  });
});
