/**
 * The CMS hand-off and the 问答库 in real Chromium against the built server:
 *  - the import bundle (/zhengce/<id>/bundle.zip) unzipped to a temp dir and both pages opened
 *    offline (file://): no failed request, every relative link and fragment resolves, the fonts
 *    and the 图解 image load, the text is there, axe finds nothing;
 *  - /wenda: asking by keyboard returns the matching answer with its clause link;
 *  - the admin pages (网站对接, 问答同义词): axe-clean, the synonym list saved by keyboard changes
 *    the public search at once.
 * Screenshots go to tests/.artifacts/handoff/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import JSZip from "jszip";
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "node:http";
import { departments, users, webhookDeliveries } from "~/db/schema";
import { queuePublishWebhook } from "~/features/handoff/webhook.server";
import { createUserSession } from "~/models/auth.server";
import { launchBrowser } from "../helpers/browser";
import { createTestDb, type TestDb } from "../helpers/db";
import { CANARY, insertPublishedFixture, type PublishedFixture } from "../helpers/publish-fixture";
import { type RunningServer, startServer } from "../helpers/server";

const AXE = readFileSync(resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js"), "utf8");
const SHOTS = resolve(import.meta.dirname, "../.artifacts/handoff");

let t: TestDb;
let f: PublishedFixture;
let server: RunningServer;
let browser: Browser;
let adminSid = "";
let unzipped = "";

beforeAll(async () => {
  t = createTestDb();
  f = await insertPublishedFixture(t.db, t.dir);
  const dept = t.db.select({ id: departments.id }).from(departments).get()?.id ?? 0;
  const admin = t.db.insert(users).values({ username: "admin", displayName: "管理员", passwordHash: "x", role: "admin", departmentId: dept }).returning({ id: users.id }).get();
  adminSid = ((await createUserSession(admin.id, "/app")).headers.get("Set-Cookie") ?? "").split(";")[0].split("=").slice(1).join("=");
  t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: process.env.SESSION_SECRET ?? "", EXPORTS_DIR: `${t.dir}/exports`, JIEDU_EXPORT_WORKER: "0", JIEDU_WEBHOOK_WORKER: "1" });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
  unzipped = mkdtempSync(join(tmpdir(), "jiedu-bundle-"));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  t?.cleanup();
  if (unzipped && !process.env.JIEDU_KEEP_BUNDLE) rmSync(unzipped, { recursive: true, force: true });
});

type AxeResult = { id: string; help: string; nodes: { target: string[] }[] };
async function axe(page: Page): Promise<AxeResult[]> {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v: AxeResult) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
}

describe("import bundle", () => {
  it("opens offline in Chromium with no failed request, no broken link, fonts and image loaded", async () => {
    const res = await fetch(`${server.url}/zhengce/${f.xihaian}/bundle.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/zip");
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    expect(names).toEqual(expect.arrayContaining(["zhengce.html", "jiedu.html", "assets/site.css", "metadata.json"]));
    expect(names.some((n) => /^assets\/fonts\/noto-serif-sc-.*-400-normal\.woff2$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith("images/"))).toBe(true);
    for (const name of names) {
      const target = join(unzipped, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await zip.files[name].async("nodebuffer"));
    }
    const all = names.map((n) => readFileSync(join(unzipped, n))).join("");
    for (const canary of Object.values(CANARY)) expect(all).not.toContain(canary);

    const metadata = JSON.parse(readFileSync(join(unzipped, "metadata.json"), "utf8"));
    expect(metadata.record).toMatchObject({ docNumber: "青西新管办发〔2020〕84号", issuer: "青岛西海岸新区管委办公室", writtenDate: "2020-08-06", publishedDate: "2020-08-07" });
    expect(metadata.record.attachments).toHaveLength(2);

    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const failed: string[] = [];
    // keep the unzipped copy for inspection when a check fails
    writeFileSync(join(SHOTS, "bundle-dir.txt"), unzipped);
    const nonFile: string[] = [];
    page.on("requestfailed", (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
    page.on("request", (r) => {
      if (!r.url().startsWith("file://") && !r.url().startsWith("data:")) nonFile.push(r.url());
    });
    const checked: Record<string, { links: number; text: string }> = {};
    for (const [file, expectText] of [
      ["zhengce.html", ["青西新管办发〔2020〕84号", "文件信息", "相关解读"]],
      ["jiedu.html", ["政策解读", "简明问答", "政策解读工作有哪些新要求？", "图表解读"]],
    ] as const) {
      await page.goto(pathToFileURL(join(unzipped, file)).href, { waitUntil: "load" });
      const fonts = await page.evaluate(async () => {
        const load = async (family: string) => (await document.fonts.load(`16px "${family}"`, "政务公开解读")).filter((f) => f.status === "loaded").length;
        return { serif: await load("Noto Serif SC"), sans: await load("Noto Sans SC") };
      });
      expect(fonts.serif > 0 && fonts.sans > 0, `${file}: bundled fonts load ${JSON.stringify(fonts)}`).toBe(true);
      // 图解 images are lazy (as on the site): make them load now, then check they decoded
      await page.evaluate(async () => {
        for (const img of [...document.images]) {
          img.loading = "eager";
          await img.decode().catch(() => undefined);
        }
      });
      const info = await page.evaluate(() => ({
        text: document.body.innerText,
        links: [...document.querySelectorAll("a[href]")].map((a) => a.getAttribute("href") ?? ""),
        scripts: document.querySelectorAll("script:not([type='application/ld+json'])").length,
        images: [...document.images].map((i) => ({ src: i.getAttribute("src"), ok: i.complete && i.naturalWidth > 0 })),
        ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
        title: document.title,
        meta: Object.fromEntries([...document.querySelectorAll("meta[name]")].map((m) => [m.getAttribute("name"), m.getAttribute("content")])),
      }));
      for (const want of expectText) expect(info.text, `${file} shows ${want}`).toContain(want);
      expect(info.scripts).toBe(0);
      expect(info.images.every((i) => i.ok), `${file}: images load ${JSON.stringify(info.images)}`).toBe(true);
      expect(info.meta).toMatchObject({ SiteIDCode: expect.any(String), ColumnType: file === "zhengce.html" ? "政策文件" : "政策解读", ArticleTitle: expect.any(String), PubDate: expect.any(String) });
      // every link: a file of the bundle (with an existing fragment) or an absolute http(s) address
      for (const href of info.links) {
        if (/^https?:\/\//.test(href)) continue;
        const [path, fragment] = href.split("#");
        const target = path || file;
        expect(existsSync(join(unzipped, target)), `${file}: link ${href} points into the bundle`).toBe(true);
        if (fragment) {
          const targetHtml = readFileSync(join(unzipped, target), "utf8");
          expect(targetHtml.includes(`id="${fragment}"`), `${file}: fragment #${fragment} exists in ${target}`).toBe(true);
        }
      }
      // checked before axe runs: axe itself re-fetches stylesheets by XHR, which file:// refuses
      expect(failed, `${file}: failed requests`).toEqual([]);
      const violations = await axe(page);
      expect(violations, `${file} axe`).toEqual([]);
      failed.length = 0;
      await page.setViewport({ width: 1100, height: 900 });
      await page.screenshot({ path: join(SHOTS, `bundle-${file.replace(".html", "")}.png`) });
      checked[file] = { links: info.links.length, text: info.title };
    }
    // the Q&A's clause citations point at the document's anchors
    const jiedu = readFileSync(join(unzipped, "jiedu.html"), "utf8");
    expect(jiedu).toMatch(/href="zhengce\.html#clause-fj1-s2-p5-i11"/);
    expect(jiedu).toContain('"@type":"FAQPage"');
    expect(nonFile).toEqual([]);
    expect(checked["zhengce.html"].links).toBeGreaterThan(3);
    await context.close();
  });

  it("is 404 for a document that is not public", async () => {
    for (const id of [f.draft, f.withdrawn, 999999]) {
      const res = await fetch(`${server.url}/zhengce/${id}/bundle.zip`);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("无法生成导入包");
    }
  });
});

describe("政策问答 in the browser", () => {
  it("asks by keyboard and shows the cited answer; axe-clean", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/wenda`, { waitUntil: "networkidle0" });
    expect(await axe(page)).toEqual([]);
    await page.focus("#ask");
    await page.keyboard.type("考核怎么计分");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    expect(page.url()).toContain("ask=");
    const first = await page.$eval("[data-testid=qa-result]", (li) => ({ text: li.textContent ?? "", cite: li.querySelector("a[data-clause-link]")?.getAttribute("href") ?? "" }));
    expect(first.text).toContain("考核如何计分？");
    expect(first.cite).toMatch(new RegExp(`^/zhengce/${f.xihaian}#clause-`));
    expect(await axe(page)).toEqual([]);
    await page.setViewport({ width: 1100, height: 1000 });
    await page.screenshot({ path: join(SHOTS, "wenda-ask.png"), fullPage: true });
    // the clause link lands on an element of the document page
    await page.goto(`${server.url}${first.cite}`, { waitUntil: "networkidle0" });
    expect(await page.$(`[id="${first.cite.split("#")[1]}"]`)).not.toBeNull();
    await context.close();
  });
});

describe("admin pages", () => {
  it("网站对接 and 问答同义词 are axe-clean; a synonym saved by keyboard changes the public search", async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setCookie({ name: "__jiedu", value: adminSid, url: server.url });
    await page.setViewport({ width: 1200, height: 1000 });
    await page.goto(`${server.url}/app/admin/handoff`, { waitUntil: "networkidle0" });
    expect(await page.$eval("h1", (h) => h.textContent)).toBe("网站对接");
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, "admin-handoff.png"), fullPage: true });

    const before = await (await fetch(`${server.url}/wenda?q=${encodeURIComponent("打分")}`)).text();
    expect(before).toContain("没有找到包含这些词的问答");
    await page.goto(`${server.url}/app/admin/synonyms`, { waitUntil: "networkidle0" });
    expect(await axe(page)).toEqual([]);
    await page.waitForSelector("textarea");
    await page.focus("textarea");
    await page.keyboard.type("打分 计分 评分");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForSelector("p.notice[role=status]");
    expect(await page.$eval("p.notice[role=status]", (s) => s.textContent)).toContain("已保存同义词表（1 组）");
    await page.screenshot({ path: join(SHOTS, "admin-synonyms.png"), fullPage: true });
    const after = await (await fetch(`${server.url}/wenda?q=${encodeURIComponent("打分")}`)).text();
    expect(after).toContain("考核如何计分？");
    expect(after).not.toContain("没有找到包含这些词的问答");

    // a bad line is refused with its line number and the text kept
    await page.goto(`${server.url}/app/admin/synonyms`, { waitUntil: "networkidle0" });
    await page.waitForSelector("textarea");
    await page.focus("textarea");
    await page.keyboard.press("End");
    await page.keyboard.type("\n孤词");
    await page.click("form:has(textarea) button[type=submit]");
    await page.waitForSelector(".form-error");
    expect(await page.$eval(".form-error", (e) => e.textContent)).toContain("第 2 行");
    expect(await page.$eval("textarea", (e) => e.value)).toContain("孤词");
    await context.close();
  });

  it("网站对接: the settings are saved from the form and a delivery is replayed from the log to a real receiver", async () => {
    const got: { signature: string | undefined; body: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        got.push({ signature: req.headers["x-jiedu-signature"]?.toString(), body: Buffer.concat(chunks).toString("utf8") });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((ok) => receiver.listen(0, "127.0.0.1", ok));
    const address = receiver.address();
    const hook = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/import`;
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    try {
      await page.setCookie({ name: "__jiedu", value: adminSid, url: server.url });
      await page.setViewport({ width: 1200, height: 1000 });
      await page.goto(`${server.url}/app/admin/handoff`, { waitUntil: "networkidle0" });
      expect(page.url()).toBe(`${server.url}/app/admin/handoff`);
      // enabling without a URL is refused in Chinese, nothing saved
      await page.click("input[name=enabled]");
      await page.click("form:has(input[value=saveWebhook]) button[type=submit]");
      await page.waitForSelector(".form-error");
      expect(await page.$$eval(".form-error", (e) => e.map((x) => x.textContent).join(" "))).toContain("启用推送前请填写接收地址");
      await page.type("input[name=url]", hook);
      await page.type("input[name=siteUrl]", "https://www.example.gov.cn/");
      await page.type("input[name=secret]", "a-long-random-secret-0123456789");
      await page.click("form:has(input[value=saveWebhook]) button[type=submit]");
      await page.waitForSelector("p.notice[role=status]");
      expect(await page.$eval("label[for]:has(+ input[name=secret]), label", () => document.body.innerText)).toContain("已设置（31 个字符）");

      // a delivery in the log (queued here: the test process has no delivery worker), replayed from the page
      const queued = queuePublishWebhook(f.xihaian);
      expect(queued).not.toBeNull();
      t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
      await page.goto(`${server.url}/app/admin/handoff`, { waitUntil: "networkidle0" });
      expect(await page.$eval("[data-testid=delivery-log]", (e) => e.textContent)).toContain("等待重试");
      await page.click(`button[aria-label="重新推送第 ${queued} 条"]`);
      await page.waitForSelector("p.notice[role=status]");
      // the server's worker sends the replay to the receiver
      for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(got[0].signature).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(JSON.parse(got[0].body).document.url).toBe(`https://www.example.gov.cn/zhengce/${f.xihaian}`);
      const replay = t.db.select().from(webhookDeliveries).all().find((r) => r.replayOf === queued);
      expect(replay).toBeDefined();
      await page.goto(`${server.url}/app/admin/handoff`, { waitUntil: "networkidle0" });
      expect(await axe(page)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, "admin-handoff-log.png"), fullPage: true });
    } catch (error) {
      await page.screenshot({ path: join(SHOTS, "admin-handoff-failure.png"), fullPage: true });
      throw error;
    } finally {
      await context.close();
      await new Promise((ok) => receiver.close(ok));
    }
  });
});
