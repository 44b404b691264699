import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, openDatabase, setDb } from "~/db/client.server";
import { type SessionUser, loadUser } from "~/models/auth.server";
import { seedDemo } from "~/seed/seed.server";

export type TestDb = { db: Db; path: string; dir: string; cleanup: () => void };

/** A fresh, migrated SQLite file for one test file, installed as the app's connection. */
export function createTestDb(): TestDb {
  const base = process.env.JIEDU_TEST_BASE_DB;
  if (!base) throw new Error("JIEDU_TEST_BASE_DB missing: run through vitest (tests/setup/global-setup.ts)");
  const dir = mkdtempSync(join(tmpdir(), "jiedu-test-"));
  const path = join(dir, "test.db");
  copyFileSync(base, path);
  const db = openDatabase(path);
  setDb(db);
  return {
    db,
    path,
    dir,
    cleanup: () => {
      setDb(undefined);
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A test database with the demo data (departments, users, fixture documents). */
export async function createSeededTestDb(): Promise<TestDb> {
  const t = createTestDb();
  const { seedAnalyzer } = await import("~/seed/seed-analyzer.server");
  await seedDemo(t.db, { analyze: await seedAnalyzer() });
  return t;
}

/** The signed-in shape of the user called `username` in the test database. */
export function userNamed(t: TestDb, username: string): SessionUser {
  const id = t.db.$client.prepare("select id from users where username = ?").pluck().get(username);
  const u = typeof id === "number" ? loadUser(id) : null;
  if (!u) throw new Error(`no user ${username}`);
  return u;
}
