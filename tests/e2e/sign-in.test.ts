import { describe, expect, it } from "vitest";
import { withE2eApp } from "../helpers/e2e";

const app = withE2eApp();

describe("sign in and out in a real browser", () => {
  it("the demo drafter signs in, sees the fixture document, and signs out", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${app.server.url}/app`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.type("input[name=username]", "drafter");
    await page.type("input[name=password]", "jiedu2026");
    await page.keyboard.press("Enter");
    await page.waitForSelector("table.list");
    expect(new URL(page.url()).pathname).toBe("/app");
    const body = await page.$eval("main", (el) => el.textContent ?? "");
    expect(body).toContain("青岛西海岸新区管委办公室关于印发2020年青岛西海岸新区政务公开工作要点");
    expect(body).toContain("博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知");
    expect(await page.$eval("header", (el) => el.textContent ?? "")).toContain("区政府办公室");
    await page.click("header button[type=submit]");
    await page.waitForSelector("input[name=username]");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.goto(`${app.server.url}/app`);
    expect(new URL(page.url()).pathname).toBe("/login");
    await context.close();
  });

  it("a bad password shows a Chinese error and keeps the username typed", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.type("input[name=username]", "drafter");
    await page.type("input[name=password]", "not-the-password");
    await page.click("button[type=submit]");
    await page.waitForSelector("[role=alert]");
    expect(await page.$eval("[role=alert]", (el) => el.textContent)).toContain("用户名或密码不正确");
    expect(await page.$eval("input[name=username]", (el) => (el as HTMLInputElement).value)).toBe("drafter");
    expect(await page.$eval("input[name=password]", (el) => (el as HTMLInputElement).value)).toBe("");
    await context.close();
  });

  it("another department's drafter sees only their own documents, and 404 on ours", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${app.server.url}/login`);
    await page.type("input[name=username]", "drafter2");
    await page.type("input[name=password]", "jiedu2026");
    await page.click("button[type=submit]");
    await page.waitForSelector("header nav");
    expect(await page.$eval("main", (el) => el.textContent ?? "")).not.toContain("青岛西海岸");
    const docId = app.t.db.$client.prepare("select id from documents order by id limit 1").pluck().get();
    const res = await page.goto(`${app.server.url}/app/documents/${docId}`);
    expect(res?.status()).toBe(404);
    expect(await page.$eval("main", (el) => el.textContent ?? "")).toContain("页面不存在");
    await context.close();
  });
});
