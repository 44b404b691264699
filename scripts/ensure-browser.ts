/**
 * Pre-step of `npm start` and `npm test`: make sure puppeteer has a Chromium to drive, and the
 * video exporter an ffmpeg.
 * Chromium: a system Chromium (or CHROMIUM_PATH) → puppeteer's own download → `apt-get install
 * chromium` when running as root → a clear message saying what to install.
 * ffmpeg (app/render/ffmpeg-path.ts): a system ffmpeg (or FFMPEG_PATH) → the npm packages that
 * carry the binary in their registry tarball (installed here with --no-save, only when needed)
 * → `apt-get install ffmpeg` when running as root → a clear message.
 * With --required (npm test) a missing browser or ffmpeg is an error; for npm start the app still
 * runs and only the export features (images, video) report what is missing.
 *
 * puppeteer's installer prints its whole help text and a stack when a download fails (offline,
 * blocked): its output is captured, and a failure is reported in one Chinese line.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { BROWSER_MISSING_MESSAGE, resolveBrowserPath } from "../app/render/browser-path";
import { FFMPEG_MISSING_MESSAGE, FFMPEG_NPM_PACKAGES, forgetFfmpegResolution, resolveFfmpeg } from "../app/render/ffmpeg-path";

function attempt(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  process.stdout.write(`[jiedu] ${label}…\n`);
  const result = spawnSync(command, args, { stdio: "inherit", env, timeout: 10 * 60 * 1000 });
  return result.status === 0;
}

/** Why a download failed, in a few Chinese words, from the installer's captured output. */
export function downloadFailureReason(output: string): string {
  const host = /(?:ENOTFOUND|EAI_AGAIN)\s+(\S+)/.exec(output)?.[1];
  if (host) return `无法解析下载服务器 ${host}，网络可能不通`;
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up/i.test(output)) return "无法连接下载服务器，网络或代理可能不通";
  if (/EACCES|EPERM|ENOSPC/.test(output)) return "无法写入缓存目录（权限或磁盘空间不足）";
  return "下载没有完成";
}

/** The one line that says why puppeteer's download failed, from its captured output. */
export function describeDownloadFailure(output: string): string {
  const reason = downloadFailureReason(output);
  const why = reason.startsWith("无法写入") ? "无法写入浏览器缓存目录（权限或磁盘空间不足）" : reason;
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

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Installs the npm packages that ship ffmpeg/ffprobe binaries (registry only), output captured. */
export function installFfmpegFromNpm(write: (line: string) => void, env: NodeJS.ProcessEnv = process.env): boolean {
  write("[jiedu] 安装 npm 中的 ffmpeg 二进制包 installing ffmpeg from the npm registry…\n");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = spawnSync(npm, ["install", "--no-save", "--no-audit", "--no-fund", ...FFMPEG_NPM_PACKAGES], { env, encoding: "utf8", timeout: 10 * 60 * 1000, maxBuffer: 16 * 1024 * 1024 });
  if (result.status === 0) return true;
  write(`[jiedu] 从 npm 安装 ffmpeg 失败（${downloadFailureReason(`${result.stdout ?? ""}\n${result.stderr ?? ""}\n${result.error?.message ?? ""}`)}）。\n`);
  return false;
}

async function ensureFfmpeg(required: boolean): Promise<number> {
  if (resolveFfmpeg().ok) return 0;
  process.stdout.write("[jiedu] 未找到可用的 ffmpeg，正在尝试获取 no usable ffmpeg found, trying to get one\n");
  if (installFfmpegFromNpm((line) => process.stdout.write(line))) {
    forgetFfmpegResolution();
    if (resolveFfmpeg().ok) return 0;
  }
  if (isRoot() && existsSync("/usr/bin/apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    attempt("apt-get update", "apt-get", ["update", "-qq"], env);
    attempt("apt-get install ffmpeg", "apt-get", ["install", "-y", "-qq", "ffmpeg"], env);
    forgetFfmpegResolution();
    if (resolveFfmpeg().ok) return 0;
  }
  const resolved = resolveFfmpeg();
  process.stderr.write(`[jiedu] ${FFMPEG_MISSING_MESSAGE}${resolved.ok ? "" : `\n[jiedu] 原因：${resolved.reason}`}\n`);
  return required ? 1 : 0;
}

async function ensureChromium(required: boolean): Promise<number> {
  const found = await resolveBrowserPath();
  if (found) return 0;

  process.stdout.write("[jiedu] 未找到 Chromium，正在尝试获取 no Chromium found, trying to get one\n");
  const puppeteerBin = "node_modules/.bin/puppeteer";
  if (existsSync(puppeteerBin)) {
    downloadWithPuppeteer(puppeteerBin, { ...process.env, PUPPETEER_SKIP_DOWNLOAD: "" }, (line) => process.stdout.write(line));
    if (await resolveBrowserPath()) return 0;
  }
  if (isRoot() && existsSync("/usr/bin/apt-get")) {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    attempt("apt-get update", "apt-get", ["update", "-qq"], env);
    attempt("apt-get install chromium", "apt-get", ["install", "-y", "-qq", "chromium"], env);
    if (await resolveBrowserPath()) return 0;
  }
  process.stderr.write(`[jiedu] ${BROWSER_MISSING_MESSAGE}\n`);
  return required ? 1 : 0;
}

async function main(required: boolean): Promise<number> {
  const browser = await ensureChromium(required);
  const ffmpeg = await ensureFfmpeg(required);
  return Math.max(browser, ffmpeg);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.includes("--required"));
}
