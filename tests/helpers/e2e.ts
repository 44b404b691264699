/**
 * The usual end-to-end set-up: a seeded temporary database (prepared by the test), the built
 * production server on it, and a real headless Chromium — and their tear-down.
 */
import type { Browser, Page } from "puppeteer";
import { afterAll, beforeAll } from "vitest";
import { launchBrowser } from "./browser";
import { createSeededTestDb, type TestDb } from "./db";
import { type RunningServer, startServer } from "./server";

export const E2E_SESSION_SECRET = "e2e-secret-0123456789";

/** Checkpoints the test's writes into the database file, then starts the server and a browser. */
export async function startE2eApp(t: TestDb, env: Record<string, string> = {}): Promise<{ server: RunningServer; browser: Browser }> {
  t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: E2E_SESSION_SECRET, ...env });
  const browser = await launchBrowser();
  return { server, browser };
}

/** Closes what startE2eApp (and createSeededTestDb) opened; safe when set-up failed half-way. */
export async function stopE2eApp(app: { t?: TestDb; server?: RunningServer; browser?: Browser }): Promise<void> {
  await app.browser?.close();
  await app.server?.stop();
  app.t?.cleanup();
}

export type E2eApp = { t: TestDb; server: RunningServer; browser: Browser };

/**
 * Registers the file's beforeAll/afterAll: a seeded temporary database, `prepare` (the file's own
 * fixtures, awaited), then the server (with `env`) and the browser. The returned object is filled
 * in before the first test runs.
 */
export function withE2eApp(prepare?: (t: TestDb) => unknown, env: Record<string, string> = {}): E2eApp {
  const app = {} as E2eApp;
  beforeAll(async () => {
    app.t = await createSeededTestDb();
    await prepare?.(app.t);
    Object.assign(app, await startE2eApp(app.t, env));
  });
  afterAll(() => stopE2eApp(app));
  return app;
}

/** Signs in through the sign-in form in the browser (demo password) and waits for the workbench. */
export async function signInWithForm(page: Page, serverUrl: string, username: string): Promise<void> {
  await page.goto(`${serverUrl}/login`);
  await page.type("input[name=username]", username);
  await page.type("input[name=password]", "jiedu2026");
  await page.keyboard.press("Enter");
  await page.waitForSelector("header nav");
}
