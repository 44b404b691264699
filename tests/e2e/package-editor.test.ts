import type { Page } from "puppeteer";
import { describe, expect, it } from "vitest";
import { loadUser } from "~/models/auth.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { signIn as signInAt, withE2eApp } from "../helpers/e2e";

let docId: number;

const app = withE2eApp(async (t) => {
  docId = t.db.$client.prepare("select id from documents where index_no = ?").pluck().get(XIHAIAN_INDEX_NO) as number;
  // The seeded 西海岸 notice is published; its drafter opens a correction (更正) to edit the package.
  const drafterId = t.db.$client.prepare("select id from users where username = 'drafter'").pluck().get() as number;
  const drafter = loadUser(drafterId);
  if (!drafter) throw new Error("seed: drafter missing");
  const moved = applyWorkflowAction(drafter, docId, { type: "correct", reason: "补充图表和问答" });
  if (!moved.ok) throw new Error(moved.reason);
});

const signIn = (page: Page, username: string) => signInAt(page, app.server.url, username);

async function openEditor(page: Page) {
  await page.goto(`${app.server.url}/app/documents/${docId}/package`);
  await page.waitForSelector(".save-bar");
  // hydrated: React attached the click handlers
  await page.waitForSelector(".package-editor[data-hydrated=true]");
}

async function saveNow(page: Page) {
  await page.click(".save-bar button::-p-text(保存)");
  await page.waitForSelector(".save-state[data-state=saved]", { timeout: 15_000 });
}

const values = (page: Page, selector: string) => page.$$eval(selector, (els) => els.map((el) => (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : "")));

async function setValue(page: Page, selector: string, text: string) {
  await page.$eval(selector, (el) => {
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.select();
  });
  await page.keyboard.press("Backspace");
  await page.type(selector, text);
}

describe("the package editor in a real browser", () => {
  it("applies suggestions, adds a cited Q&A and a donut chart, and finds it all after a reload", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await signIn(page, "drafter");
    await page.goto(`${app.server.url}/app/documents/${docId}`);
    await page.click("a::-p-text(编辑解读材料)");
    await page.waitForSelector(".save-bar");
    await openEditor(page);

    // 从文件生成初稿: sections the seed wrote are kept (and reported), new drafts are appended
    const qaBefore = (await page.$$(".qa-item")).length;
    await page.click(".save-bar button::-p-text(从文件生成初稿)");
    await page.waitForSelector("p.notice::-p-text(已生成初稿)", { timeout: 15_000 });
    expect(await page.$eval("body", (b) => b.textContent ?? "")).toContain("初稿没有覆盖");
    const qaAfter = (await page.$$(".qa-item")).length;
    expect(qaAfter).toBeGreaterThan(qaBefore);

    // a new Q&A citing 附件2 三、
    await page.click("button::-p-text(添加问答)");
    const n = qaAfter;
    await page.waitForSelector(`input[name=qa-${n}-question]`);
    await page.type(`input[name=qa-${n}-question]`, "日常考核和第三方评估各占多少分？<img src=x onerror=\"window.__xss=1\">");
    await page.type(`textarea[name=qa-${n}-answer]`, "日常考核30分，第三方评估70分，合计100分。");
    await page.select(`select[name=qa-${n}-clause]`, JSON.stringify(["附件2", "三、"]));
    await page.click(`li.qa-item:nth-of-type(${n + 1}) button::-p-text(添加依据)`);
    await page.waitForSelector(`li.qa-item:nth-of-type(${n + 1}) .citation`);
    expect(await page.$eval(`li.qa-item:nth-of-type(${n + 1}) .citation`, (el) => el.textContent ?? "")).toContain("依据：附件2第三部分");

    // a donut chart typed into the table; a non-numeric cell is flagged on the cell
    const chartsBefore = (await page.$$("li.chart-item")).length;
    await page.click("button::-p-text(添加图表)");
    const k = chartsBefore;
    await page.waitForSelector(`select[name=chart-${k}-type]`);
    await page.select(`select[name=chart-${k}-type]`, "donut");
    await page.type(`input[name=chart-${k}-title]`, "考核分值构成");
    await page.type(`input[name=chart-${k}-unit]`, "分");
    await page.type(`input[name=chart-${k}-row-0-label]`, "日常考核");
    await page.type(`input[name=chart-${k}-row-0-value]`, "三十");
    await page.waitForSelector(`li.chart-item:nth-of-type(${k + 1}) .cell-error`);
    expect(await page.$eval(`li.chart-item:nth-of-type(${k + 1}) .cell-error`, (el) => el.textContent)).toContain("不是数字");
    await setValue(page, `input[name=chart-${k}-row-0-value]`, "30");
    await page.click(`li.chart-item:nth-of-type(${k + 1}) button::-p-text(添加一行)`);
    await page.type(`input[name=chart-${k}-row-1-label]`, "第三方评估");
    await page.type(`input[name=chart-${k}-row-1-value]`, "70");
    await page.waitForSelector(`li.chart-item:nth-of-type(${k + 1}) .chart-mount svg`, { timeout: 20_000 });
    expect(await page.$$eval(`li.chart-item:nth-of-type(${k + 1}) .chart-mount svg path`, (els) => els.length)).toBeGreaterThan(1);
    expect(await page.$eval(`li.chart-item:nth-of-type(${k + 1}) .chart-mount`, (el) => el.textContent ?? "")).toContain("第三方评估");

    // a 10,000-row paste is refused with the limit, and the table is unchanged
    await page.$eval(`input[name=chart-${k}-row-0-label]`, (el) => {
      const data = new DataTransfer();
      data.setData("text/plain", Array.from({ length: 10_000 }, (_, i) => `项目${i}\t${i}`).join("\n"));
      el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.waitForSelector(`li.chart-item:nth-of-type(${k + 1}) .form-error`);
    expect(await page.$eval(`li.chart-item:nth-of-type(${k + 1}) .form-error`, (el) => el.textContent)).toContain("超过上限 50 行");
    expect(await values(page, `li.chart-item:nth-of-type(${k + 1}) tbody input`)).toEqual(["日常考核", "30", "第三方评估", "70"]);

    // the generated alt text follows the data
    expect(await page.$eval(`li.chart-item:nth-of-type(${k + 1}) textarea`, (el) => (el instanceof HTMLTextAreaElement ? el.value : ""))).toContain("日常考核30分，占30%");

    await saveNow(page);

    await page.reload();
    await openEditor(page);
    const questions = await values(page, "input[name^=qa-][name$=-question]");
    expect(questions.some((q) => q.startsWith("日常考核和第三方评估各占多少分？"))).toBe(true);
    expect(questions.join("")).not.toContain("<img");
    const idx = questions.findIndex((q) => q.startsWith("日常考核和第三方评估各占多少分？"));
    expect(await page.$eval(`li.qa-item:nth-of-type(${idx + 1}) .citation`, (el) => el.textContent ?? "")).toContain("附件2第三部分");
    expect(await values(page, "input[name$=-title][name^=chart-]")).toContain("考核分值构成");
    await page.waitForSelector(`li.chart-item:nth-of-type(${k + 1}) .chart-mount svg`, { timeout: 20_000 });
    expect(await page.evaluate(() => "__xss" in window)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  }, 180_000);

  it("a second browser editing the same package gets the conflict message and keeps its text", async () => {
    const a = await app.browser.createBrowserContext();
    const b = await app.browser.createBrowserContext();
    const pageA = await a.newPage();
    const pageB = await b.newPage();
    await signIn(pageA, "drafter");
    await signIn(pageB, "admin");
    await openEditor(pageA);
    await openEditor(pageB);

    await setValue(pageA, "input[name=qa-0-question]", "甲修改的问题");
    await saveNow(pageA);

    await setValue(pageB, "input[name=qa-0-question]", "乙同时修改的问题");
    await pageB.click(".save-bar button::-p-text(保存)");
    await pageB.waitForSelector(".conflict[role=alert]", { timeout: 15_000 });
    const message = await pageB.$eval(".conflict", (el) => el.textContent ?? "");
    expect(message).toContain("保存未成功");
    expect(message).toContain("没有丢失");
    expect(await pageB.$eval("input[name=qa-0-question]", (el) => (el instanceof HTMLInputElement ? el.value : ""))).toBe("乙同时修改的问题");
    // nothing was silently overwritten
    expect(app.t.db.$client.prepare("select question from qa_items q join packages p on p.id = q.package_id where p.document_id = ? and q.position = 0").pluck().get(docId)).toBe("甲修改的问题");

    // B decides explicitly to keep their version
    await pageB.click(".conflict button::-p-text(以我的内容另存为最新版本)");
    await pageB.waitForSelector(".save-state[data-state=saved]", { timeout: 15_000 });
    expect(app.t.db.$client.prepare("select question from qa_items q join packages p on p.id = q.package_id where p.document_id = ? and q.position = 0").pluck().get(docId)).toBe("乙同时修改的问题");
    await a.close();
    await b.close();
  }, 120_000);
});
