import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { getConfig } from "~/config.server";
import { openDatabase } from "~/db/client.server";

/** `jiedu backup <file>`: an online, consistent copy of the database (SQLite backup API). */
export async function run(args: string[]): Promise<number> {
  const target = args.find((a) => !a.startsWith("-"));
  if (!target) {
    process.stderr.write("用法 usage: jiedu backup <目标文件 file>\n");
    return 2;
  }
  const path = resolve(target);
  if (existsSync(path) && !args.includes("--force")) {
    process.stderr.write(`目标文件已存在，未覆盖（加 --force 覆盖） target exists: ${path}\n`);
    return 2;
  }
  const db = openDatabase(getConfig().DATABASE_PATH);
  await db.$client.backup(path);
  db.$client.close();
  process.stdout.write(`已备份到 backed up to ${path}\n`);
  return 0;
}
