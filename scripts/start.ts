/**
 * `npm start`: validate configuration → migrate → seed the demo data when the database is new
 * (unless JIEDU_DEMO=0) → build when the build is missing or older than the sources → serve with
 * server.mjs (express + Remix; PORT, HOST, ACCESS_LOG=1). `--prepare-only` stops before building
 * (used by `npm run dev`).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { count } from "drizzle-orm";
import { ConfigError, parseConfig } from "../app/config.server";
import { openDatabase } from "../app/db/client.server";
import { runMigrations } from "../app/db/migrate.server";
import { users } from "../app/db/schema";
import { seedAnalyzer } from "~/seed/seed-analyzer.server";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "~/seed/seed.server";

const root = resolve(import.meta.dirname, "..");
const prepareOnly = process.argv.includes("--prepare-only");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const server = join(root, "build/server/index.js");
  if (!existsSync(server)) return true;
  const built = statSync(server).mtimeMs;
  return ["app", "templates", "public"].some((d) => existsSync(join(root, d)) && newestMtime(join(root, d)) > built);
}

async function main(): Promise<number> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }

  const db = openDatabase(config.DATABASE_PATH);
  runMigrations(db);
  const isNew = (db.select({ n: count() }).from(users).get()?.n ?? 0) === 0;
  if (isNew && config.JIEDU_DEMO) {
    const { created } = await seedDemo(db, { analyze: await seedAnalyzer() });
    process.stdout.write(`[jiedu] 新数据库已写入演示数据（${created} 条记录）\n`);
  }
  db.$client.close();
  if (prepareOnly) return 0;

  if (buildIsStale()) {
    process.stdout.write("[jiedu] 正在构建应用 building…\n");
    const build = spawnSync(join(root, "node_modules/.bin/remix"), ["vite:build"], { cwd: root, stdio: "inherit" });
    if (build.status !== 0) return build.status ?? 1;
  }

  if (config.JIEDU_DEMO) {
    process.stdout.write(
      `\n[jiedu] 演示账号 demo sign-ins（密码 password: ${DEMO_PASSWORD}）\n${DEMO_USERS.map((u) => `  ${u.username.padEnd(10)} ${u.displayName}（${u.role}）`).join("\n")}\n`,
    );
  }
  // AI drafting (issue 16): say where document text will go, or that the feature is off
  process.stdout.write(
    config.llm
      ? `[jiedu] AI 起草已启用 AI drafting on：模型 ${config.llm.model}，文件内容只发送到 ${config.llm.endpoint}\n`
      : "[jiedu] AI 起草未启用 AI drafting off（未设置 LLM_BASE_URL）\n",
  );
  process.stdout.write(`[jiedu] 打开 open http://localhost:${config.PORT}\n\n`);
  const server = spawn(process.execPath, [join(root, "server.mjs")], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PORT: String(config.PORT), NODE_ENV: process.env.NODE_ENV ?? "production" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  return new Promise((done) => server.on("exit", (code) => done(code ?? 0)));
}

process.exitCode = await main();
