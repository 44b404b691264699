/**
 * Open redirects through the real actions (issue 18 F5): POST /login and POST /shilaohua with a
 * hostile redirectTo stay on this site, and a line break gives a redirect, not a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetLoginThrottle } from "~/models/login-throttle.server";
import { action as loginAction } from "~/routes/login";
import { action as elderAction } from "~/routes/shilaohua";
import { createSeededTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
  resetLoginThrottle();
});
afterAll(() => t?.cleanup());

const form = (values: Record<string, string>) => new Request("http://x/", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(values) });

async function locationOf(run: () => Promise<unknown>): Promise<string | null> {
  const result = await run();
  if (!(result instanceof Response)) throw new Error("expected a redirect");
  expect(result.status).toBe(302);
  return result.headers.get("Location");
}

describe("redirects after sign-in and the 适老化 switch", () => {
  for (const redirectTo of ["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example", "https://evil.example"]) {
    it(`sign-in with redirectTo ${JSON.stringify(redirectTo)} goes to /app`, async () => {
      const to = await locationOf(() => loginAction({ request: form({ username: "drafter", password: "jiedu2026", redirectTo }), params: {}, context: { clientAddress: "127.0.0.9" } }));
      expect(to).toBe("/app");
    });
    it(`/shilaohua with redirectTo ${JSON.stringify(redirectTo)} goes to /zhengce`, async () => {
      const to = await locationOf(() => elderAction({ request: form({ mode: "on", redirectTo }), params: {}, context: {} }));
      expect(to).toBe("/zhengce");
    });
  }

  it("a page of this site is kept", async () => {
    expect(await locationOf(() => loginAction({ request: form({ username: "drafter", password: "jiedu2026", redirectTo: "/app/documents/1" }), params: {}, context: { clientAddress: "127.0.0.9" } }))).toBe("/app/documents/1");
    expect(await locationOf(() => elderAction({ request: form({ mode: "on", redirectTo: "/jiedu/1" }), params: {}, context: {} }))).toBe("/jiedu/1");
  });
});
