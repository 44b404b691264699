/**
 * The web's standard defences on the production server (issue 18 F8): the headers of public,
 * signed-in and download responses; cross-origin form posts refused with a Chinese 403; HSTS
 * over HTTPS only; and in real Chromium, the pages with vega-embed charts (考核统计, the chart
 * preview in the package editor) draw them under the CSP without a single violation.
 */
import type { Page } from "puppeteer";
import { afterAll, describe, expect, it } from "vitest";
import { loadUser } from "~/models/auth.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { E2E_SESSION_SECRET, signIn as signInAt, withE2eApp } from "../helpers/e2e";
import { type RunningServer, signInCookie, startServer } from "../helpers/server";

let docId = 0;
const app = withE2eApp((t) => {
  const id = t.db.$client.prepare("select id from documents where index_no = ?").pluck().get(XIHAIAN_INDEX_NO);
  if (typeof id !== "number") throw new Error("seed: 西海岸 missing");
  docId = id;
  const drafterId = t.db.$client.prepare("select id from users where username = 'drafter'").pluck().get();
  const drafter = typeof drafterId === "number" ? loadUser(drafterId) : null;
  if (!drafter) throw new Error("seed: drafter missing");
  // a correction, so the drafter can open the package editor with its charts
  const moved = applyWorkflowAction(drafter, id, { type: "correct", reason: "检查图表预览" });
  if (!moved.ok) throw new Error(moved.reason);
});

let secure: RunningServer | undefined;
afterAll(() => secure?.stop());

const cookieOf = (username: string) => signInCookie(app.server.url, username);

const directive = (csp: string | null, name: string) => (csp ?? "").split(";").map((d) => d.trim()).find((d) => d.startsWith(`${name} `)) ?? null;

describe("security headers", () => {
  it("public pages: a self-only CSP with the page's script hashes, nosniff, a referrer policy, no framing; no HSTS over plain HTTP", async () => {
    for (const path of ["/zhengce", `/zhengce/${docId}`, `/jiedu/${docId}`, "/login"]) {
      const res = await fetch(`${app.server.url}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("Content-Security-Policy");
      expect(directive(csp, "default-src"), path).toBe("default-src 'self'");
      expect(directive(csp, "script-src"), path).toMatch(/^script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+$/);
      expect(directive(csp, "frame-ancestors"), path).toBe("frame-ancestors 'none'");
      for (const d of ["img-src", "font-src", "connect-src", "style-src"]) expect(directive(csp, d) ?? `${d} missing from ${csp}`, `${path} ${d}`).toMatch(new RegExp(`^${d} 'self'`));
      expect(csp).not.toContain("unsafe-eval");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("X-Frame-Options")).toBe("DENY");
      expect(res.headers.get("Strict-Transport-Security")).toBeNull();
      await res.arrayBuffer();
    }
    // a second request of the same public page comes from the micro-cache with the same headers
    const again = await fetch(`${app.server.url}/zhengce/${docId}`);
    expect(directive(again.headers.get("Content-Security-Policy"), "script-src")).toMatch(/'sha256-/);
    expect(again.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it("signed-in pages and their data are private, no-store; downloads get a policy that runs nothing", async () => {
    const cookie = await cookieOf("drafter");
    for (const path of ["/app", `/app/documents/${docId}`, `/app/documents/${docId}/review`, `/jiedu/${docId}`, "/app.data"]) {
      const res = await fetch(`${app.server.url}${path}`, { headers: { Cookie: cookie } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("Cache-Control"), path).toBe("private, no-store");
      await res.arrayBuffer();
    }
    const wechat = await fetch(`${app.server.url}/jiedu/${docId}/wechat.html`, { headers: { Cookie: cookie } });
    expect(directive(wechat.headers.get("Content-Security-Policy"), "default-src")).toBe("default-src 'none'");
    await wechat.arrayBuffer();
  });

  it("a form posted from another site is refused with a Chinese 403, never a 500", async () => {
    for (const path of ["/login", "/shilaohua", `/app/documents/${docId}/review`, "/app/documents/new"]) {
      const res = await fetch(`${app.server.url}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
        body: new URLSearchParams({ username: "drafter", password: "jiedu2026", mode: "on" }),
        redirect: "manual",
      });
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain("来自其他网站的提交已被拒绝");
    }
    const sameSite = await fetch(`${app.server.url}/shilaohua`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.server.url },
      body: new URLSearchParams({ mode: "on", redirectTo: "/zhengce" }),
      redirect: "manual",
    });
    expect(sameSite.status).toBe(302);
    const fetchMetadata = await fetch(`${app.server.url}/shilaohua`, { method: "POST", headers: { "Sec-Fetch-Site": "cross-site" }, redirect: "manual" });
    expect(fetchMetadata.status).toBe(403);
  });

  it("over HTTPS (COOKIE_SECURE=1) every response carries HSTS", async () => {
    secure = await startServer({ DATABASE_URL: app.t.path, SESSION_SECRET: E2E_SESSION_SECRET, COOKIE_SECURE: "1", JIEDU_EXPORT_WORKER: "0" });
    for (const path of ["/zhengce", "/login", "/favicon.svg"]) {
      const res = await fetch(`${secure.url}${path}`);
      expect(res.headers.get("Strict-Transport-Security"), path).toBe("max-age=31536000; includeSubDomains");
      await res.arrayBuffer();
    }
  });
});

async function watch(page: Page): Promise<{ violations: string[]; errors: string[] }> {
  const seen = { violations: [] as string[], errors: [] as string[] };
  page.on("pageerror", (e) => seen.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") seen.errors.push(m.text());
  });
  await page.exposeFunction("__cspViolation", (v: string) => seen.violations.push(v));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = Reflect.get(window, "__cspViolation");
      if (typeof report === "function") report(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

const signIn = (page: Page, username: string) => signInAt(page, app.server.url, username);

describe("under the CSP in Chromium", () => {
  it("the dashboard's vega-embed charts and the editor's chart preview draw, with no violation", async () => {
    const context = await app.browser.createBrowserContext();
    const page = await context.newPage();
    const seen = await watch(page);
    await signIn(page, "admin");
    await page.goto(`${app.server.url}/app/dashboard`);
    await page.waitForSelector(".vega-embed svg", { timeout: 30_000 });
    await page.close();

    const editor = await context.newPage();
    const seenEditor = await watch(editor);
    // same browser context: still signed in (administrators may edit every package)
    await editor.goto(`${app.server.url}/app/documents/${docId}/package`);
    await editor.waitForSelector(".package-editor[data-hydrated=true]");
    await editor.waitForSelector(".chart-preview .vega-embed svg", { timeout: 30_000 });
    await context.close();
    expect([...seen.violations, ...seenEditor.violations]).toEqual([]);
    expect([...seen.errors, ...seenEditor.errors].filter((e) => /Content Security Policy|unsafe-eval|EvalError/i.test(e))).toEqual([]);
  }, 120_000);
});
