/**
 * Pre-step of `npm start` and `npm test`: make sure puppeteer has a Chromium to drive.
 * Order: a system Chromium (or CHROMIUM_PATH) → puppeteer's own download → `apt-get install
 * chromium` when running as root → a clear message saying what to install.
 * With --required (npm test) a missing browser is an error; for npm start the app still runs and
 * only the export features report the missing browser.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { BROWSER_MISSING_MESSAGE, resolveBrowserPath } from "../app/render/browser-path";

const required = process.argv.includes("--required");

function attempt(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  process.stdout.write(`[jiedu] ${label}…\n`);
  const result = spawnSync(command, args, { stdio: "inherit", env, timeout: 10 * 60 * 1000 });
  return result.status === 0;
}

async function main(): Promise<number> {
  const found = await resolveBrowserPath();
  if (found) return 0;

  process.stdout.write("[jiedu] 未找到 Chromium，正在尝试获取 no Chromium found, trying to get one\n");
  const puppeteerBin = "node_modules/.bin/puppeteer";
  if (existsSync(puppeteerBin)) {
    attempt("下载 puppeteer 自带浏览器 downloading puppeteer's browser", puppeteerBin, ["browsers", "install", "chrome"], {
      ...process.env,
      PUPPETEER_SKIP_DOWNLOAD: "",
    });
    if (await resolveBrowserPath()) return 0;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    attempt("apt-get update", "apt-get", ["update", "-qq"], env);
    attempt("apt-get install chromium", "apt-get", ["install", "-y", "-qq", "chromium"], env);
    if (await resolveBrowserPath()) return 0;
  }
  process.stderr.write(`[jiedu] ${BROWSER_MISSING_MESSAGE}\n`);
  return required ? 1 : 0;
}

process.exitCode = await main();
