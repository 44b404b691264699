/**
 * The one place that decides which Chromium puppeteer drives.
 * Order: CHROMIUM_PATH / PUPPETEER_EXECUTABLE_PATH → Debian's /usr/bin/chromium (and the usual
 * system names) → puppeteer's own downloaded browser. Returns null when there is none; callers
 * that need a browser use `requireBrowserPath()` which fails with a bilingual message.
 */
import { existsSync } from "node:fs";

const SYSTEM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

export const BROWSER_MISSING_MESSAGE =
  "未找到可用的 Chromium 浏览器，导出图片等功能不可用。请安装：apt-get install -y chromium，或设置环境变量 CHROMIUM_PATH。\n" +
  "No Chromium browser found; image export is unavailable. Install one (apt-get install -y chromium) or set CHROMIUM_PATH.";

export class BrowserMissingError extends Error {
  constructor() {
    super(BROWSER_MISSING_MESSAGE);
    this.name = "BrowserMissingError";
  }
}

async function puppeteerOwnBrowser(): Promise<string | null> {
  try {
    const { default: puppeteer } = await import("puppeteer");
    const path = puppeteer.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

export async function resolveBrowserPath(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  for (const key of ["CHROMIUM_PATH", "PUPPETEER_EXECUTABLE_PATH"] as const) {
    const value = env[key];
    if (value && existsSync(value)) return value;
  }
  for (const candidate of SYSTEM_CANDIDATES) if (existsSync(candidate)) return candidate;
  return puppeteerOwnBrowser();
}

export async function requireBrowserPath(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const path = await resolveBrowserPath(env);
  if (!path) throw new BrowserMissingError();
  return path;
}

/** Flags for headless Chromium on a machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
  "--font-render-hinting=none",
];
