/**
 * The usual end-to-end set-up: a seeded temporary database (prepared by the test), the built
 * production server on it, and a real headless Chromium — and their tear-down.
 */
import type { Browser, Page } from "puppeteer";
import { z } from "zod";
import { loadUser } from "~/models/auth.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
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

/** Signs `username` (demo password) in on `page` and waits for the workbench header. */
export async function signIn(page: Page, baseUrl: string, username: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.type("input[name=username]", username);
  await page.type("input[name=password]", "jiedu2026");
  await page.keyboard.press("Enter");
  await page.waitForSelector("header nav");
}

/** The seeded, published 西海岸 notice, put into 更正 by its drafter so its package is editable; its id. */
export function openSeededCorrection(t: TestDb, reason: string): number {
  const docId = z.number().parse(t.db.$client.prepare("select id from documents where index_no = ?").pluck().get(XIHAIAN_INDEX_NO));
  const drafterId = z.number().parse(t.db.$client.prepare("select id from users where username = 'drafter'").pluck().get());
  const drafter = loadUser(drafterId);
  if (!drafter) throw new Error("seed: drafter missing");
  const moved = applyWorkflowAction(drafter, docId, { type: "correct", reason });
  if (!moved.ok) throw new Error(moved.reason);
  return docId;
}
