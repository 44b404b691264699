/**
 * AI drafting in real Chromium against the built server and the scripted OpenAI-compatible model
 * on loopback (tests/helpers/ai-script.ts, the seeded 博山 notice): the officer drafts the Q&A,
 * sees the made-up "38个" marked red with 采纳 disabled, corrects it to the document's 26个,
 * accepts, and the reviewer sees the AI fields at review; a full first draft streams with
 * progress and can be cancelled; without LLM_BASE_URL there is no AI button at all.
 */
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { boshanScript } from "../helpers/ai-script";
import { type TestDb, createSeededTestDb } from "../helpers/db";
import { signIn, startE2eApp, stopE2eApp } from "../helpers/e2e";
import { type ScriptedModelServer, startScriptedModelServer } from "../helpers/openai-server";
import { type RunningServer, startServer } from "../helpers/server";

let t: TestDb;
let model: ScriptedModelServer;
let server: RunningServer;
let browser: Browser;
let boshan: number;

beforeAll(async () => {
  model = await startScriptedModelServer(boshanScript());
  t = await createSeededTestDb();
  boshan = Number(t.db.$client.prepare("select id from documents where index_no = 'zfb/2020-00045'").pluck().get());
  ({ server, browser } = await startE2eApp(t, { LLM_BASE_URL: model.baseUrl, LLM_MODEL: "deepseek-v3-gov", LLM_API_KEY: "sk-e2e" }));
});
afterAll(async () => {
  await stopE2eApp({ t, server, browser });
  await model.stop();
});

async function editorPage(username = "drafter"): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await signIn(page, server.url, username);
  await page.goto(`${server.url}/app/documents/${boshan}/package`);
  await page.waitForSelector(".package-editor[data-hydrated=true]");
  return page;
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? "");

describe("AI drafting in the editor", () => {
  it("drafts the Q&A, marks the invented figure red and blocks it until edited, then records it for the reviewers", async () => {
    const page = await editorPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    expect(await text(page, "[data-testid=ai-bar]")).toContain(new URL(model.baseUrl).host);

    await page.click("#qa button::-p-text(AI 起草问答)");
    const invented = "#qa li.ai-card:has(mark.ai-unverified)";
    await page.waitForSelector(invented, { timeout: 20_000 });
    expect(await text(page, `${invented} mark.ai-unverified`)).toContain("38");
    expect(await text(page, `${invented} [data-testid=ai-blocked]`)).toContain("还有");
    expect(await page.$eval(`${invented} button::-p-text(采纳)`, (b) => (b instanceof HTMLButtonElement ? b.disabled : null))).toBe(true);
    // the answer citing a clause that does not exist is blocked too
    expect(await page.$$eval("#qa .ai-chip-unknown", (els) => els.map((e) => e.textContent ?? ""))).toEqual([expect.stringContaining("附件3")]);
    const cardId = await page.$eval(invented, (el) => el.getAttribute("data-suggestion"));
    const card = `#qa li.ai-card[data-suggestion="${cardId}"]`;

    // 修改: the officer writes the document's figure; verification clears the mark and 采纳 opens
    await page.click(`${card} button::-p-text(修改)`);
    const answer = `${card} [data-part=answer] textarea`;
    await page.waitForSelector(answer);
    const modelAnswer = await page.$eval(answer, (el) => (el instanceof HTMLTextAreaElement ? el.value : ""));
    await page.$eval(answer, (el) => el instanceof HTMLTextAreaElement && el.select());
    await page.keyboard.press("Backspace");
    await page.type(answer, modelAnswer.replace("38个", "26个"));
    await page.waitForFunction((sel) => {
      const b = document.querySelector(`${sel} .inline-field button.small:not(.secondary)`);
      return b instanceof HTMLButtonElement && !b.disabled;
    }, { timeout: 15_000 }, card);
    expect(await page.$(`${card} mark.ai-unverified`)).toBeNull();
    const qaBefore = (await page.$$("li.qa-item")).length;
    await page.click(`${card} button::-p-text(采纳)`);
    await page.waitForSelector(`${card}[data-status=accepted]`, { timeout: 15_000 });
    expect((await page.$$("li.qa-item")).length).toBe(qaBefore + 1);
    const values = await page.$$eval("li.qa-item textarea", (els) => els.map((e) => (e instanceof HTMLTextAreaElement ? e.value : "")));
    expect(values.at(-1)).toContain("26个试点领域");
    await page.waitForSelector(".save-state[data-state=saved]");
    expect(errors).toEqual([]);

    // the reviewer sees, before any verdict, which field came from which model
    const review = await (await browser.createBrowserContext()).newPage();
    await signIn(review, server.url, "reviewer");
    await review.goto(`${server.url}/app/documents/${boshan}/review`);
    await review.waitForSelector("[data-testid=ai-fields]");
    const fields = await text(review, "[data-testid=ai-fields]");
    expect(fields).toContain("deepseek-v3-gov");
    expect(fields).toMatch(/问答 \d+/);
    expect(fields).toContain("采纳前经人工修改");
    expect(await text(review, "ol.audit-trail")).toContain("采纳模型起草的内容");
  });

  it("drafts a full first package with progress per task; accepting a section fills it, a written one is only replaced on request", async () => {
    const page = await editorPage();
    await page.click("[data-testid=ai-bar] button::-p-text(AI 起草全部)");
    await page.waitForSelector(".ai-bar .ai-task[data-state=running]", { timeout: 15_000 });
    await page.waitForSelector("[data-testid=ai-summary]::-p-text(起草完成)", { timeout: 60_000 });
    const states = await page.$$eval(".ai-bar .ai-task", (els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-task"), e.getAttribute("data-state")])));
    expect(states).toMatchObject({ plan: "done", "sections.background": "done", "sections.measures": "done", qa: "done", keyFigures: "done" });
    // suggestions sit beside the part they are for
    for (const where of ["#plan", "#text", "#qa", "#figures", "#charts", "#graphics"]) expect(await page.$(`${where} li.ai-card`), where).not.toBeNull();

    // 起草背景 is empty: 采纳 fills it and saves
    const background = '#text [data-ai-tasks="sections.background"] li.ai-card';
    await page.click(`${background} button::-p-text(采纳)`);
    await page.waitForSelector(`${background}[data-status=accepted]`, { timeout: 15_000 });
    expect(await text(page, '[data-field="sections.background"] .rich-text')).toContain("落实省、市关于全面推进政务公开工作的决策部署");

    // 制定依据 already written by the officer: no plain 采纳, only 替换 / 追加, and the current text is shown
    await page.click('[data-field="sections.basis"] .rich-text');
    await page.keyboard.type("起草人自己写的制定依据。");
    const basis = '#text [data-ai-tasks="sections.basis"] li.ai-card';
    await page.waitForSelector(`${basis} button::-p-text(追加到末尾)`);
    const labels = await page.$$eval(`${basis} .inline-field button`, (els) => els.map((e) => e.textContent));
    expect(labels).toEqual(["替换现有内容", "追加到末尾", "修改", "舍弃"]);
    expect(await text(page, basis)).toContain("起草人自己写的制定依据");
    await page.click(`${basis} button::-p-text(追加到末尾)`);
    await page.waitForSelector(`${basis}[data-status=accepted]`, { timeout: 15_000 });
    const written = await text(page, '[data-field="sections.basis"] .rich-text');
    expect(written).toContain("起草人自己写的制定依据");
    expect(written).toContain("要点依据省、市关于全面推进政务公开工作的决策部署制定");
  });

  it("取消 stops a run, keeping what arrived", async () => {
    model.setScript(boshanScript({ chunk: 4, delayMs: 40 }));
    const page = await editorPage();
    await page.click("[data-testid=ai-bar] button::-p-text(AI 起草全部)");
    await page.waitForSelector(".ai-bar .ai-task[data-task=plan][data-state=done]", { timeout: 20_000 });
    await page.waitForSelector("#plan li.ai-card");
    await page.click("[data-testid=ai-cancel]");
    await page.waitForSelector("[data-testid=ai-summary]::-p-text(已取消)", { timeout: 15_000 });
    await model.waitForAbandoned(10_000);
    expect(await page.$("#plan li.ai-card")).not.toBeNull();
    const states = await page.$$eval(".ai-bar .ai-task", (els) => els.map((e) => e.getAttribute("data-state")));
    expect(states).toContain("skipped");
    model.setScript(boshanScript());
  });
});

describe("without a configured model", () => {
  it("shows no AI button anywhere and the settings page says AI drafting is off", async () => {
    const plain = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: "e2e-secret-0123456789" });
    try {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await signIn(page, plain.url, "drafter");
      await page.goto(`${plain.url}/app/documents/${boshan}/package`);
      await page.waitForSelector(".package-editor[data-hydrated=true]");
      const body = await text(page, "body");
      expect(body).not.toContain("AI 起草");
      expect(await page.$("[data-testid=ai-bar]")).toBeNull();
      const admin = await (await browser.createBrowserContext()).newPage();
      await signIn(admin, plain.url, "admin");
      await admin.goto(`${plain.url}/app/admin/settings`);
      expect(await text(admin, "[data-testid=ai-settings]")).toContain("未启用");
    } finally {
      await plain.stop();
    }
  });
});
