/**
 * The database connection. Opening it does not migrate: migrations are an explicit step
 * (app/db/migrate.server.ts, run by `npm start`, `npm run db:migrate` and the test setup).
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { type BetterSQLite3Database, drizzle } from "drizzle-orm/better-sqlite3";
import { getConfig } from "~/config.server";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };
/** The handle inside `db.transaction(tx => …)`. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Anything that can run a select: the database or an open transaction. */
export type Reader = Pick<Db, "select">;

export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema });
}

let instance: Db | undefined;

/** The process-wide connection, opened lazily from DATABASE_URL. */
export function getDb(): Db {
  instance ??= openDatabase(getConfig().DATABASE_PATH);
  return instance;
}

/** For tests and scripts that point the app at another file. */
export function setDb(db: Db | undefined): void {
  instance = db;
}
