/**
 * The officer's whole path in real Chromium, as a drafter of 区发展和改革局 (drafter2) walks it,
 * with no admin step: paste a county notice the project has never seen
 * (tests/fixtures/documents/shifan-2024-jiage-butie.txt) → check and save → 从文件生成初稿 → the
 * completeness panel counts generated drafts as missing → write the sections and Q&A (one draft
 * deleted and the deletion undone) → edit the 数说政策 key figures → paste a chart with a header
 * row and two series (a grouped chart) → save: a 审校 error appears beside its field and in the
 * panel, "定位" selects it, it is fixed there → submit → three gates pass, 文字关 returns with an
 * opinion → the opinion is at the top of the editor → fixed, resubmitted → four gates pass → the
 * unit head (head2) signs → the publisher publishes.
 *
 * With JIEDU_SCREENSHOTS=<dir> the run also writes the editor screenshots kept in docs/screenshots.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Page } from "puppeteer";
import { describe, expect, it } from "vitest";
import { signIn as signInAt, withE2eApp } from "../helpers/e2e";

const NOTICE = readFileSync(resolve(import.meta.dirname, "../fixtures/documents/shifan-2024-jiage-butie.txt"), "utf8");
const TITLE = "示范区发展和改革局关于启动社会救助和保障标准与物价上涨挂钩联动机制发放价格临时补贴的通知";
const SHOTS = process.env.JIEDU_SCREENSHOTS ? resolve(process.env.JIEDU_SCREENSHOTS) : null;

const app = withE2eApp();

const signIn = (page: Page, username: string) => signInAt(page, app.server.url, username);

async function as<T>(username: string, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await app.browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    await signIn(page, username);
    return await run(page);
  } finally {
    await context.close();
  }
}

const text = (page: Page, selector: string) => page.$eval(selector, (el) => el.textContent ?? "");
const value = (page: Page, selector: string) => page.$eval(selector, (el) => (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement ? el.value : ""));

/** Replaces what a field holds with `content`, the way a paste or an IME commit arrives. */
async function replaceText(page: Page, selector: string, content: string) {
  await page.$eval(selector, (el) => {
    if (!(el instanceof HTMLElement)) return;
    el.focus();
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.select();
    else {
      const range = document.createRange();
      range.selectNodeContents(el);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
  });
  await page.keyboard.sendCharacter(content);
}

/** The index of the key-figure card whose value field holds `v`. */
async function figureWithValue(page: Page, v: string): Promise<number> {
  const values = await page.$$eval("input[name^=figure-][name$=-value]", (els) => els.map((el) => (el instanceof HTMLInputElement ? el.value : "")));
  const i = values.indexOf(v);
  if (i < 0) throw new Error(`no key figure ${v} among ${values.join(", ")}`);
  return i;
}

async function openEditor(page: Page, documentId: number) {
  await page.goto(`${app.server.url}/app/documents/${documentId}/package`);
  await page.waitForSelector(".package-editor[data-hydrated=true]");
}

async function saveNow(page: Page) {
  await page.click(".save-bar button::-p-text(保存)");
  await page.waitForSelector(".save-state[data-state=saved]", { timeout: 20_000 });
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, name) });
}

const reviewUrl = (id: number) => `${app.server.url}/app/documents/${id}/review`;

async function result(page: Page): Promise<string> {
  await page.waitForSelector("[data-testid=workflow-result]");
  return text(page, "[data-testid=workflow-result]");
}

/** Clicks and waits for the review page to report `expected` (an earlier message may still show). */
async function clickForResult(page: Page, selector: string, expected: string) {
  await page.click(selector);
  try {
    await page.waitForFunction((e) => document.querySelector("[data-testid=workflow-result]")?.textContent?.includes(e), { timeout: 20_000 }, expected);
  } catch {
    throw new Error(`expected “${expected}”, the page says “${await result(page)}”`);
  }
}

/** The demo reviewer holds all four gates of every unit: confirm the warnings, then decide. */
async function decideGates(page: Page, id: number, decisions: { gate: string; verdict: "pass" | "return"; opinion?: string }[]) {
  for (const d of decisions) {
    await page.goto(reviewUrl(id));
    await page.waitForSelector("h1");
    const confirms = () => page.$$eval("ol.findings button", (buttons) => buttons.filter((b) => b.textContent?.includes("已核对，确认")).length);
    for (let n = await confirms(); n > 0; n = await confirms()) {
      await page.click("ol.findings button::-p-text(已核对，确认)");
      await page.waitForFunction((before) => [...document.querySelectorAll("ol.findings button")].filter((b) => b.textContent?.includes("已核对，确认")).length < before, { timeout: 20_000 }, n);
    }
    const form = `form.verdict-form[data-gate=${d.gate}]`;
    await page.waitForSelector(form);
    await page.click(`${form} input[value=${d.verdict}]`);
    if (d.opinion) await page.type(`${form} textarea[name=opinion]`, d.opinion);
    await clickForResult(page, `${form} button[type=submit]`, "审核意见已记录");
  }
}

const SECTIONS: Record<string, string> = {
  background:
    "今年7月，我区居民消费价格指数同比上涨3.6%，达到社会救助和保障标准与物价上涨挂钩联动机制的启动条件。为减轻物价上涨对困难群众基本生活的影响，区里决定发放价格临时补贴。",
  basis: "依据国家关于健全社会救助和保障标准与物价上涨挂钩联动机制的规定，以及省、市的具体要求。",
  purpose: "让低保对象、特困人员等困难群众及时拿到补贴，基本生活不因物价上涨受到影响。",
  measures:
    "补贴按月计算、按档发放。城市低保对象B档每人每月120元、C档80元、D档40元；农村低保对象B档每人每月90元、C档60元、D档30元。特困人员每人每月150元，领取失业保险金人员每人每月60元，孤儿和事实无人抚养儿童每人每月100元。",
  // "截止" before a date is the 审校 error this walk fixes in the editor (截至)
  scope: "适用于全区城乡低保对象、特困人员、领取失业保险金人员以及孤儿和事实无人抚养儿童。补贴发放期限为2024年7月至9月，共3个月，资金通过“一卡通”直接发放到个人账户，截止2024年10月15日全部发放到位。",
};

const QA = [
  ["哪些人可以领到价格临时补贴？", "城乡低保对象、特困人员、领取失业保险金人员，以及孤儿和事实无人抚养儿童。"],
  ["补贴标准是多少？", "城市低保对象按B档、C档、D档每人每月分别补贴120元、80元、40元，农村低保对象分别补贴90元、60元、30元；特困人员每人每月150元。"],
  ["补贴什么时候发、怎么发？", "补贴发放期限为2024年7月至9月，共3个月，各街道、镇在2024年10月15日前通过“一卡通”直接发放到个人账户。"],
] as const;

const RETURN_OPINION = "第2条问答请补充：同时符合多项保障条件的，按就高原则发放，不重复享受。";

describe("the officer's path: pasted notice → editor → four gates with a 退回 → head's sign-off → publish", () => {
  it("drafter2 of 区发展和改革局 takes a new county notice all the way, with no admin step", async () => {
    const started = Date.now();
    const pageErrors: string[] = [];

    // ---- 新建文件 by pasting, then the editor ------------------------------------------------
    const documentId = await as("drafter2", async (page) => {
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      await page.click('a[href="/app/documents/new"]');
      await page.waitForSelector("textarea[name=pastedText]");
      await replaceText(page, "textarea[name=pastedText]", NOTICE);
      await page.click("form#intake-upload button[type=submit]");
      await page.waitForSelector("textarea[name=title]");
      expect(await value(page, "textarea[name=title]")).toBe(TITLE);
      expect(await value(page, "input[name=docNumber]")).toBe("示发改价格〔2024〕17号");
      await page.select("select[name=publicity]", "主动公开");
      await page.click("form[id^=intake-review] button[type=submit]");
      await page.waitForFunction(() => /^\/app\/documents\/\d+$/.test(location.pathname));
      const id = Number(new URL(page.url()).pathname.split("/").pop());
      // the document page itself (the address changes a moment before it renders)
      await page.waitForSelector("a::-p-text(编辑解读材料)");
      expect(await text(page, "h1")).toBe(TITLE);
      // the unit has a head, so nothing warns about a missing 第一解读人
      expect(await page.$("[data-testid=no-head-warning]")).toBeNull();

      await page.click("a::-p-text(编辑解读材料)");
      await page.waitForSelector(".package-editor[data-hydrated=true]");
      // the 解读人 is the unit's head
      expect(await value(page, "#plan input[type=text]")).toBe("刘局长");
      // key figures start from the intake suggestions
      expect(await value(page, "input[name=figure-0-value]")).toBe("120");

      // 从文件生成初稿: the drafts are there, but generated text does not count as done
      await page.click(".save-bar button::-p-text(从文件生成初稿)");
      await page.waitForSelector("p.notice::-p-text(已生成初稿)", { timeout: 20_000 });
      await page.waitForSelector(".save-state[data-state=saved]");
      expect(await text(page, "[data-testid=completeness-summary]")).not.toContain("各项要求均已满足");
      expect(await text(page, "li[data-check=qa]")).toContain("目前 0 条写好的问答");
      expect(await text(page, "li[data-check=placeholders]")).toContain("自动生成的文字");

      // the five required sections, written by the officer
      for (const [key, content] of Object.entries(SECTIONS)) await replaceText(page, `[data-field="sections.${key}"] .rich-text`, content);

      // three Q&A rewritten; the other drafts deleted — one deletion undone and done again
      for (const [i, [question, answer]] of QA.entries()) {
        await replaceText(page, `input[name=qa-${i}-question]`, question);
        await replaceText(page, `textarea[name=qa-${i}-answer]`, answer);
      }
      const drafts = (await page.$$("li.qa-item")).length;
      expect(drafts).toBeGreaterThan(3);
      await page.click("button[aria-label='删除问答 4']");
      await page.waitForSelector("[data-testid=undo-remove]");
      expect((await page.$$("li.qa-item")).length).toBe(drafts - 1);
      await page.click("[data-testid=undo-remove] button::-p-text(撤销删除)");
      await page.waitForFunction((n) => document.querySelectorAll("li.qa-item").length === n, {}, drafts);
      while ((await page.$$("li.qa-item")).length > 3) await page.click("button[aria-label='删除问答 4']");

      // 数说政策: readable labels, one figure out, one in, one moved up
      // (found by value: the order is the analyzer's ranking, not part of this path)
      await replaceText(page, `input[name=figure-${await figureWithValue(page, "120")}-label]`, "城市低保B档补贴标准");
      await replaceText(page, `input[name=figure-${await figureWithValue(page, "90")}-label]`, "农村低保B档补贴标准");
      await replaceText(page, `input[name=figure-${await figureWithValue(page, "100")}-label]`, "孤儿和事实无人抚养儿童补贴标准");
      await page.click(`button[aria-label='删除关键数字 ${(await figureWithValue(page, "386")) + 1}']`); // 预计资金
      await page.click("button::-p-text(添加关键数字)");
      const last = (await page.$$("[data-field^='keyFigures[']")).length - 1;
      await replaceText(page, `input[name=figure-${last}-value]`, "1.2");
      await replaceText(page, `input[name=figure-${last}-unit]`, "万人");
      await replaceText(page, `input[name=figure-${last}-label]`, "惠及困难群众");
      await page.click(`button[aria-label='上移关键数字 ${last + 1}']`);
      // 时间节点: the intake suggests the policy's steps only (the 成文日期 is no step); a shorter label for one
      const stepLabels = await page.$$eval("input[name^=deadline-][name$=-label]", (inputs) =>
        inputs.map((input) => (input instanceof HTMLInputElement ? input.value : "")),
      );
      expect(stepLabels).toEqual(["将补贴对象名册报区民政局备案", "各街道办事处、镇人民政府完成补贴资金发放"]);
      await replaceText(page, "input[name=deadline-1-label]", "各街道、镇完成补贴发放");

      // a chart pasted from Excel with a header row and two value columns → a grouped chart
      const chartIndex = (await page.$$("li.chart-item")).length;
      await page.click("button::-p-text(添加图表)");
      await page.waitForSelector(`input[name=chart-${chartIndex}-row-0-label]`);
      // a new row shows no error before anything is typed
      expect(await page.$(`li.chart-item:nth-of-type(${chartIndex + 1}) .cell-error`)).toBeNull();
      await replaceText(page, `input[name=chart-${chartIndex}-title]`, "城乡低保对象价格临时补贴标准");
      await replaceText(page, `[data-field="charts[${chartIndex}].source"] input`, "示发改价格〔2024〕17号");
      await page.$eval(`input[name=chart-${chartIndex}-row-0-label]`, (el) => {
        const data = new DataTransfer();
        data.setData("text/plain", "档次\t城市（元）\t农村（元）\r\nB档\t120\t90\r\nC档\t80\t60\r\nD档\t40\t30\r\n");
        el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
      });
      await page.waitForSelector(`li.chart-item:nth-of-type(${chartIndex + 1}) [data-testid=paste-message]`);
      const pasted = await text(page, `li.chart-item:nth-of-type(${chartIndex + 1}) [data-testid=paste-message]`);
      expect(pasted).toContain("已识别表头");
      expect(pasted).toContain("2 个系列");
      expect(await value(page, `select[name=chart-${chartIndex}-type]`)).toBe("grouped-bar");
      expect(await value(page, `input[name=chart-${chartIndex}-unit]`)).toBe("元");
      expect(await page.$$eval(`li.chart-item:nth-of-type(${chartIndex + 1}) tbody tr`, (rows) => rows.length)).toBe(6);
      expect(await page.$(`li.chart-item:nth-of-type(${chartIndex + 1}) .cell-error`)).toBeNull();
      await page.waitForSelector(`li.chart-item:nth-of-type(${chartIndex + 1}) .chart-mount svg`, { timeout: 20_000 });
      expect(await text(page, `li.chart-item:nth-of-type(${chartIndex + 1}) .chart-mount`)).toContain("农村");

      // save: the 审校 error is beside its field and in the panel, and the panel is honest
      await saveNow(page);
      await page.waitForSelector(`.findings-panel li[data-rule="word.confusable"]`, { timeout: 20_000 });
      expect(await text(page, `[data-field="sections.scope"] .field-findings`)).toContain("截止");
      expect(await text(page, "[data-testid=completeness-summary]")).not.toContain("各项要求均已满足");
      expect(await text(page, "li[data-check=checks]")).toContain("审校发现 1 处错误");
      await page.click(`.findings-panel li[data-rule="word.confusable"] button::-p-text(定位)`);
      const jumped = await page.evaluate(() => ({
        field: document.activeElement?.closest("[data-field]")?.getAttribute("data-field"),
        selected: window.getSelection()?.toString(),
      }));
      expect(jumped).toEqual({ field: "sections.scope", selected: "截止" });
      await shot(page, "editor-findings.png");
      await page.keyboard.sendCharacter("截至");
      await saveNow(page);
      await page.waitForFunction(() => !document.querySelector('.findings-panel li[data-rule="word.confusable"]'), { timeout: 20_000 });
      expect(await page.$("li[data-check=checks].ok")).not.toBeNull();
      const required = await page.$$eval("ul.checklist li.missing .required-tag", (tags) => tags.length);
      expect(required).toBe(0);
      await page.$eval("#figures", (el) => el.scrollIntoView());
      await shot(page, "editor-key-figures.png");
      await page.$eval(`li.chart-item:nth-of-type(${chartIndex + 1})`, (el) => el.scrollIntoView());
      await shot(page, "editor-grouped-chart.png");

      // submit straight from the editor: the review page opens with the result
      await clickForResult(page, ".save-bar button[name=submit]:not([disabled])", "已提交审核");
      expect(new URL(page.url()).pathname).toBe(`/app/documents/${id}/review`);
      return id;
    });

    // ---- four gates: three pass, 文字关 returns ----------------------------------------------
    await as("reviewer", (page) =>
      decideGates(page, documentId, [
        { gate: "political", verdict: "pass", opinion: "同意" },
        { gate: "legal", verdict: "pass", opinion: "同意" },
        { gate: "secrecy", verdict: "pass", opinion: "同意" },
        { gate: "text", verdict: "return", opinion: RETURN_OPINION },
      ]),
    );

    // ---- the opinion is at the top of the editor; fixed there; resubmitted --------------------
    await as("drafter2", async (page) => {
      page.on("pageerror", (e) => pageErrors.push(String(e)));
      expect(await text(page, "header nav")).toMatch(/待我审核\s*1/);
      await openEditor(page, documentId);
      await page.waitForSelector("[data-testid=editor-return-opinions]");
      const opinions = await text(page, "[data-testid=editor-return-opinions]");
      expect(opinions).toContain("文字关");
      expect(opinions).toContain(RETURN_OPINION);
      await shot(page, "editor-return-opinion.png");
      await replaceText(page, "textarea[name=qa-1-answer]", `${QA[1][1]}同时符合多项保障条件的，按就高原则发放，不重复享受。`);
      await saveNow(page);
      await page.goto(reviewUrl(documentId));
      await page.waitForSelector("button[name=submit]:not([disabled])");
      await clickForResult(page, "button[name=submit]", "已提交审核");
      // in review the editor is read-only: every control disabled, nothing to type into
      await openEditor(page, documentId);
      expect(await page.$(".save-bar")).toBeNull();
      const enabled = await page.$$eval(".editor-main input, .editor-main textarea, .editor-main select, .editor-main button", (els) => els.filter((el) => !el.matches(":disabled")).length);
      expect(enabled).toBe(0);
      expect(await page.$$eval(".rich-text[contenteditable=true]", (els) => els.length)).toBe(0);
      // no 404 for the icon on any page
      const icon = await page.evaluate(async () => (await fetch("/favicon.ico")).status);
      expect(icon).toBe(200);
    });

    await as("reviewer", (page) =>
      decideGates(
        page,
        documentId,
        ["political", "legal", "secrecy", "text"].map((gate) => ({ gate, verdict: "pass" as const, opinion: "同意" })),
      ),
    );

    // ---- the unit head signs, the publisher publishes -----------------------------------------
    await as("head2", async (page) => {
      expect(await text(page, "header nav")).toMatch(/待我审核\s*1/);
      await page.goto(reviewUrl(documentId));
      await page.waitForSelector(".sign-form button");
      await clickForResult(page, ".sign-form button", "已审签");
    });
    await as("publisher", async (page) => {
      await page.goto(reviewUrl(documentId));
      await page.waitForSelector(".publish-form button:not([disabled])");
      await clickForResult(page, ".publish-form button", "已同步发布");
      const response = await page.goto(`${app.server.url}/jiedu/${documentId}`);
      expect(response?.status()).toBe(200);
      expect(await text(page, "main")).toContain("补贴什么时候发、怎么发？");
    });

    // what went public is what the officer saw and edited
    const row = app.t.db.$client.prepare("select d.status, p.key_figures, p.published_snapshot from documents d join packages p on p.document_id = d.id where d.id = ?").get(documentId);
    const stored = row && typeof row === "object" && "key_figures" in row ? JSON.parse(String(row.key_figures)) : null;
    expect(row && typeof row === "object" && "status" in row ? row.status : null).toBe("published");
    expect(stored.map((k: { label: string }) => k.label)).toContain("农村低保B档补贴标准");
    expect(stored.map((k: { value: string }) => k.value)).not.toContain("386");
    expect(stored.find((k: { label: string }) => k.label === "惠及困难群众")).toEqual({ value: "1.2", unit: "万人", label: "惠及困难群众" });
    const snapshot = row && typeof row === "object" && "published_snapshot" in row ? JSON.parse(String(row.published_snapshot)) : null;
    expect(snapshot.keyFigures).toEqual(stored);
    expect(snapshot.timeline).toEqual([
      { date: "2024-09-30", label: "将补贴对象名册报区民政局备案" },
      { date: "2024-10-15", label: "各街道、镇完成补贴发放" },
    ]);
    expect(snapshot.charts.some((c: { type: string }) => c.type === "grouped-bar")).toBe(true);
    expect(pageErrors).toEqual([]);
    console.log(`[officer-path] ${((Date.now() - started) / 1000).toFixed(1)} s in the browser`);
  }, 420_000);
});
