/**
 * Pre-step of `npm start` and `npm test`: make sure puppeteer has a Chromium to drive.
 * Order: a system Chromium (or CHROMIUM_PATH) → puppeteer's own download → `apt-get install
 * chromium` when running as root → a clear message saying what to install.
 * With --required (npm test) a missing browser is an error; for npm start the app still runs and
 * only the export features report the missing browser.
 *
 * puppeteer's installer prints its whole help text and a stack when a download fails (offline,
 * blocked): its output is captured, and a failure is reported in one Chinese line.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { BROWSER_MISSING_MESSAGE, resolveBrowserPath } from "../app/render/browser-path";

function attempt(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  process.stdout.write(`[jiedu] ${label}…\n`);
  const result = spawnSync(command, args, { stdio: "inherit", env, timeout: 10 * 60 * 1000 });
  return result.status === 0;
}

/** The one line that says why puppeteer's download failed, from its captured output. */
export function describeDownloadFailure(output: string): string {
  const host = /(?:ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(output)?.[1];
  let why = "下载没有完成";
  if (host) why = `无法解析下载服务器 ${host}，网络可能不通`;
  else if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up/i.test(output)) why = "无法连接下载服务器，网络或代理可能不通";
  else if (/EACCES|EPERM|ENOSPC/.test(output)) why = "无法写入浏览器缓存目录（权限或磁盘空间不足）";
  return `[jiedu] 下载 puppeteer 自带浏览器失败（${why}）。请检查网络后重试，或安装系统 Chromium：apt-get install -y chromium，或设置 CHROMIUM_PATH。`;
}

/** Runs puppeteer's browser download with its output captured; a failure is one line through `write`. */
export function downloadWithPuppeteer(bin: string, env: NodeJS.ProcessEnv, write: (line: string) => void): boolean {
  write("[jiedu] 下载 puppeteer 自带浏览器 downloading puppeteer's browser…\n");
  const result = spawnSync(bin, ["browsers", "install", "chrome"], { env, encoding: "utf8", timeout: 10 * 60 * 1000, maxBuffer: 16 * 1024 * 1024 });
  if (result.status === 0) return true;
  write(`${describeDownloadFailure(`${result.stdout ?? ""}\n${result.stderr ?? ""}\n${result.error?.message ?? ""}`)}\n`);
  return false;
}

async function main(required: boolean): Promise<number> {
  const found = await resolveBrowserPath();
  if (found) return 0;

  process.stdout.write("[jiedu] 未找到 Chromium，正在尝试获取 no Chromium found, trying to get one\n");
  const puppeteerBin = "node_modules/.bin/puppeteer";
  if (existsSync(puppeteerBin)) {
    downloadWithPuppeteer(puppeteerBin, { ...process.env, PUPPETEER_SKIP_DOWNLOAD: "" }, (line) => process.stdout.write(line));
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

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.includes("--required"));
}
