/**
 * The admin's 审校词表 and gate assignment in real Chromium against the production build: add a
 * rule and see it listed, a bad context refused in Chinese with the typed values kept (with and
 * without JavaScript), the gate select reachable and operable from the keyboard and offering
 * reviewers only, 参数设置 (calendar, 保留最近导出次数) refused in Chinese or saved, and non-admins
 * refused by the server.
 */
import type { Page } from "puppeteer";
import { describe, expect, it } from "vitest";
import { withE2eApp } from "../helpers/e2e";

const app = withE2eApp();

async function signIn(username: string, options: { javaScript?: boolean } = {}): Promise<Page> {
  const context = await app.browser.createBrowserContext();
  const page = await context.newPage();
  if (options.javaScript === false) await page.setJavaScriptEnabled(false);
  await page.goto(`${app.server.url}/login`);
  await page.type("input[name=username]", username);
  await page.type("input[name=password]", "jiedu2026");
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  return page;
}

const fieldValue = (page: Page, selector: string) => page.$eval(selector, (el) => (el as HTMLInputElement | HTMLTextAreaElement).value);
const createForm = "#word-rule-create";

describe("审校词表 in the browser", () => {
  it("an admin adds a word rule through the form and sees it listed", async () => {
    const page = await signIn("admin");
    await page.goto(`${app.server.url}/app/admin/words`);
    await page.waitForSelector(".admin-words[data-hydrated=true]");
    expect(await page.$eval("nav[aria-label=管理功能] [aria-current=page]", (el) => el.textContent)).toBe("审校词表");
    await page.type(`${createForm} input[name=wrong]`, "依法行证");
    await page.type(`${createForm} input[name=right]`, "依法行政");
    await page.type(`${createForm} input[name=note]`, "错别字");
    await page.select(`${createForm} select[name=severity]`, "warning");
    await Promise.all([page.waitForSelector("[role=status]"), page.click(`${createForm} button[type=submit]`)]);
    expect(await page.$eval("[role=status]", (el) => el.textContent)).toContain("已新增规则");
    const row = await page.$$eval("table.list tbody tr", (rows) =>
      rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent?.trim() ?? "")).find((cells) => cells[0] === "依法行证"),
    );
    expect(row?.slice(0, 6)).toEqual(["依法行证", "依法行政", "—", "提醒", "全局", "错别字"]);
    // the form is empty again for the next rule
    expect(await fieldValue(page, `${createForm} input[name=wrong]`)).toBe("");
    expect(app.t.db.$client.prepare("select severity from word_rules where wrong = '依法行证'").pluck().get()).toBe("warning");

    // delete without a dialog, then 撤销删除 brings the same rule back
    await Promise.all([page.waitForNavigation(), page.click("button[aria-label='删除规则“依法行证”']")]);
    expect(await page.$eval("[role=status]", (el) => el.textContent)).toContain("已删除规则“依法行证”→“依法行政”");
    expect(await page.$("button[aria-label='删除规则“依法行证”']")).toBeNull();
    await Promise.all([page.waitForNavigation(), page.click("[role=status] button")]);
    expect(await page.$eval("[role=status]", (el) => el.textContent)).toContain("已新增规则“依法行证”→“依法行政”");
    expect(app.t.db.$client.prepare("select severity || ' ' || note from word_rules where wrong = '依法行证'").pluck().get()).toBe("warning 错别字");

    // 编辑 opens the rule in the form with the first field focused
    await page.click("a[aria-label='编辑规则“依法行证”']");
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.value === "依法行证");
    expect(await page.evaluate(() => document.activeElement?.closest("form")?.id)).toMatch(/^word-rule-edit-\d+$/);
    const editForm = "form[id^=word-rule-edit-]";
    await page.select(`${editForm} select[name=severity]`, "error");
    await Promise.all([page.waitForSelector("[role=status]"), page.click(`${editForm} button[type=submit]`)]);
    expect(await page.$eval("[role=status]", (el) => el.textContent)).toContain("已保存对规则“依法行证”的修改");
    expect(await page.$(editForm)).toBeNull();
    expect(app.t.db.$client.prepare("select severity from word_rules where wrong = '依法行证'").pluck().get()).toBe("error");
    await page.browserContext().close();
  });

  it("a bad context shows a Chinese error and keeps everything typed (instant check and server check)", async () => {
    const before = app.t.db.$client.prepare("select count(*) from word_rules").pluck().get();
    for (const javaScript of [true, false]) {
      const page = await signIn("admin", { javaScript });
      await page.goto(`${app.server.url}/app/admin/words`);
      if (javaScript) await page.waitForSelector(".admin-words[data-hydrated=true]");
      await page.type(`${createForm} input[name=wrong]`, "截止到");
      await page.type(`${createForm} input[name=right]`, "截至");
      await page.type(`${createForm} textarea[name=followedBy]`, "(\\d{4}年");
      await page.type(`${createForm} input[name=note]`, "后接年份");
      if (javaScript) await page.click(`${createForm} button[type=submit]`);
      else await Promise.all([page.waitForNavigation(), page.click(`${createForm} button[type=submit]`)]);
      const error = await page.waitForSelector(`${createForm} textarea[name=followedBy] ~ [role=alert]`);
      expect(await error?.evaluate((el) => el.textContent)).toBe("后接条件不是有效的正则表达式：有未闭合的圆括号。请修改后再保存。");
      expect(await page.$eval(`${createForm} textarea[name=followedBy]`, (el) => el.getAttribute("aria-invalid"))).toBe("true");
      expect(await fieldValue(page, `${createForm} input[name=wrong]`)).toBe("截止到");
      expect(await fieldValue(page, `${createForm} input[name=right]`)).toBe("截至");
      expect(await fieldValue(page, `${createForm} textarea[name=followedBy]`)).toBe("(\\d{4}年");
      expect(await fieldValue(page, `${createForm} input[name=note]`)).toBe("后接年份");
      await page.browserContext().close();
    }
    expect(app.t.db.$client.prepare("select count(*) from word_rules").pluck().get()).toBe(before);
  });

  it("a duplicate is refused by the server in Chinese", async () => {
    const page = await signIn("admin");
    await page.goto(`${app.server.url}/app/admin/words`);
    await page.waitForSelector(".admin-words[data-hydrated=true]");
    await page.type(`${createForm} input[name=wrong]`, "法制政府");
    await page.type(`${createForm} input[name=right]`, "法治政府");
    await page.click(`${createForm} button[type=submit]`);
    const error = await page.waitForSelector(`${createForm} input[name=wrong] ~ [role=alert]`);
    expect(await error?.evaluate((el) => el.textContent)).toBe("全局词表中已有“法制政府”的规则，请直接修改那一条，不要重复添加。");
    expect(await fieldValue(page, `${createForm} input[name=right]`)).toBe("法治政府");
    await page.browserContext().close();
  });
});

describe("gate assignment from the keyboard", () => {
  it("offers reviewers only, and a gate is reassigned with Tab, arrow keys and Enter", async () => {
    app.t.db.$client
      .prepare("insert into users (username, display_name, role, department_id, password_hash) select 'reviewer-two', '孙审核', 'reviewer', department_id, password_hash from users where username = 'reviewer'")
      .run();
    app.t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    const page = await signIn("admin");
    await page.goto(`${app.server.url}/app/admin`);
    const fgj = app.t.db.$client.prepare("select id from departments where code = 'fgj'").pluck().get() as number;
    const select = `#gate-${fgj}-legal`;
    await page.waitForSelector(select);
    const options = await page.$$eval(`${select} option:not([value=""])`, (els) => els.map((e) => e.textContent));
    const reviewers = app.t.db.$client.prepare("select display_name from users where role = 'reviewer' and active = 1 order by id").pluck().all();
    expect(options).toEqual(reviewers);
    expect(options).not.toContain("王起草");

    // reach the select by keyboard: its accessible name says which department and gate it is for
    await page.focus(`#gate-${fgj}-political`);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`gate-${fgj}-legal`);
    expect(await page.$eval(`label[for=gate-${fgj}-legal]`, (el) => el.textContent)).toBe("区发展和改革局法律关审核人");
    await page.keyboard.press("ArrowDown");
    expect(await fieldValue(page, select)).toBe(String(app.t.db.$client.prepare("select id from users where username = 'reviewer-two'").pluck().get()));
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("保存区发展和改革局法律关审核人");
    await Promise.all([page.waitForSelector("[role=status]"), page.keyboard.press("Enter")]);
    expect(await page.$eval("[role=status]", (el) => el.textContent)).toBe("已保存审核分工。");
    expect(
      app.t.db.$client.prepare("select u.username from gate_assignments g join users u on u.id = g.reviewer_id where g.department_id = ? and g.gate = 'legal'").pluck().get(fgj),
    ).toBe("reviewer-two");
    await page.browserContext().close();
  });
});

describe("参数设置 in the browser", () => {
  it("a bad holiday line is named and nothing is saved; the corrected calendar is saved and shown compacted", async () => {
    const page = await signIn("admin");
    await page.goto(`${app.server.url}/app/admin/settings`);
    await page.waitForSelector(".admin-settings[data-hydrated=true]");
    const holidays = "#calendar-settings textarea[name=holidays]";
    await page.type(holidays, "2024-10-01 至 2024-10-07\n2024-02-30");
    await page.click("#calendar-settings button[type=submit]");
    const error = await page.waitForSelector(`${holidays} ~ [role=alert]`);
    expect(await error?.evaluate((el) => el.textContent)).toContain("节假日第 2 行“2024-02-30”不是有效日期");
    expect(await fieldValue(page, holidays)).toBe("2024-10-01 至 2024-10-07\n2024-02-30");
    expect(app.t.db.$client.prepare("select count(*) from settings where key = 'calendar.holidays'").pluck().get()).toBe(0);

    await page.click(holidays, { clickCount: 3 });
    await page.$eval(holidays, (el) => {
      (el as HTMLTextAreaElement).value = "";
    });
    await page.type(holidays, "2024-10-01 至 2024-10-07\n2024/2/29");
    await Promise.all([page.waitForSelector("[role=status]"), page.click("#calendar-settings button[type=submit]")]);
    expect(await page.$eval("[role=status]", (el) => el.textContent)).toContain("已保存工作日历");
    expect(await fieldValue(page, holidays)).toBe("2024-02-29\n2024-10-01 至 2024-10-07");
    expect(JSON.parse(app.t.db.$client.prepare("select value from settings where key = 'calendar.holidays'").pluck().get() as string)).toHaveLength(8);
    await page.browserContext().close();
  });

  it("保留最近导出次数 out of bounds is refused in Chinese and not saved; a good number is saved and shown", async () => {
    const page = await signIn("admin");
    await page.goto(`${app.server.url}/app/admin/settings`);
    await page.waitForSelector(".admin-settings[data-hydrated=true]");
    const keep = "#package-settings input[name=exportKeepJobs]";
    const stored = () => app.t.db.$client.prepare("select value from settings where key = 'export.keepJobs'").pluck().get();
    expect(await fieldValue(page, keep)).toBe("3");
    await page.click(keep, { clickCount: 3 });
    await page.type(keep, "51");
    await page.click("#package-settings button[type=submit]");
    const error = await page.waitForSelector(`${keep} ~ [role=alert]`);
    expect(await error?.evaluate((el) => el.textContent)).toContain("保留最近导出次数在 1–50 之间");
    expect(await fieldValue(page, keep)).toBe("51");
    expect(stored()).toBeUndefined();

    await page.click(keep, { clickCount: 3 });
    await page.type(keep, "5");
    await Promise.all([page.waitForSelector("[role=status]"), page.click("#package-settings button[type=submit]")]);
    expect(await page.$eval("[role=status]", (el) => el.textContent)).toContain("已保存解读材料要求");
    expect(await fieldValue(page, keep)).toBe("5");
    expect(stored()).toBe("5");
    await page.browserContext().close();
  });
});

describe("non-admins", () => {
  it("get 403 on the admin pages, and no 管理 link", async () => {
    const page = await signIn("drafter");
    expect(await page.$$eval("header nav a", (els) => els.map((e) => e.textContent))).not.toContain("管理");
    for (const path of ["/app/admin", "/app/admin/words", "/app/admin/settings"]) {
      const res = await page.goto(`${app.server.url}${path}`);
      expect(res?.status(), path).toBe(403);
      expect(await page.$eval("main", (el) => el.textContent ?? "")).toContain("只有管理员可以进行管理操作。");
    }
    await page.browserContext().close();
  });
});
