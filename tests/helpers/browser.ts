import puppeteer, { type Browser } from "puppeteer";
import { CHROMIUM_ARGS, requireBrowserPath } from "~/render/browser-path";

/** Real headless Chromium for end-to-end tests (the same resolution as the exporter). */
export async function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: await requireBrowserPath(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
