import { getConfig } from "~/config.server";
import { openDatabase } from "~/db/client.server";
import { runMigrations } from "~/db/migrate.server";
import { seedDemo } from "~/seed/seed.server";
import { seedAnalyzer } from "~/seed/seed-analyzer.server";

export async function run(_args: string[]): Promise<number> {
  const config = getConfig();
  const db = openDatabase(config.DATABASE_PATH);
  runMigrations(db);
  const { created } = await seedDemo(db, { analyze: await seedAnalyzer() });
  db.$client.close();
  process.stdout.write(`演示数据已写入 seeded: ${created} 条新记录 new rows (${config.DATABASE_PATH})\n`);
  return 0;
}
