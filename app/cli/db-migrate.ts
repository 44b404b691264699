import { getConfig } from "~/config.server";
import { openDatabase } from "~/db/client.server";
import { runMigrations } from "~/db/migrate.server";

export async function run(_args: string[]): Promise<number> {
  const config = getConfig();
  const db = openDatabase(config.DATABASE_PATH);
  runMigrations(db);
  db.$client.close();
  process.stdout.write(`数据库已迁移到最新版本 migrated: ${config.DATABASE_PATH}\n`);
  return 0;
}
