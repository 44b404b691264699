import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Db } from "./client.server";

/** drizzle/ sits at the repository root, two levels above this file (also from build/). */
export function migrationsFolder(): string {
  const candidates = [
    resolve(dirname(fileURLToPath(import.meta.url)), "../../drizzle"),
    resolve(process.cwd(), "drizzle"),
  ];
  const found = candidates.find((c) => existsSync(resolve(c, "meta/_journal.json")));
  if (!found) throw new Error("找不到数据库迁移目录 drizzle/，请在项目根目录运行。");
  return found;
}

export function runMigrations(db: Db): void {
  migrate(db, { migrationsFolder: migrationsFolder() });
}
