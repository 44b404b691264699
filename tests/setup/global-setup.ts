/**
 * Runs once per `vitest run`: builds the base test database from the migrations, so every test
 * file starts from a copy of a freshly migrated (empty) database — real SQLite, never a mock.
 */
import { mkdirSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { openDatabase } from "../../app/db/client.server";
import { runMigrations } from "../../app/db/migrate.server";

export const ARTIFACTS = resolve(import.meta.dirname, "../.artifacts");

export default function setup() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const base = resolve(ARTIFACTS, `base-${process.pid}.db`);
  rmSync(base, { force: true });
  const db = openDatabase(base);
  runMigrations(db);
  // A single file (no -wal) so copies are self-contained.
  db.$client.pragma("journal_mode = DELETE");
  db.$client.close();
  process.env.JIEDU_TEST_BASE_DB = base;
  return () => rmSync(base, { force: true });
}
