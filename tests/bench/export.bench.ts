/**
 * Export benchmark (`npm run bench:export`): the example package for three channels.
 *
 *   floor   per image, sequential, one warm browser: bare page.setContent of the same HTML +
 *           screenshot + sharp encode — what any renderer must pay at least
 *   warm    renderPackage on a warm pool (median of 3), with 1 and with 2 browsers
 *   cold    renderPackage launching (and closing) its own pool
 *   cards   1080×1440 cards per second (小红书 only, warm, default pool)
 *
 * Prints per-image ms and totals, then one JSON line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer";
import { preloadBundledAssets, bundledAsset, RENDER_ORIGIN } from "~/render/assets.server";
import { CHROMIUM_ARGS, requireBrowserPath } from "~/render/browser-path";
import { BrowserPool } from "~/render/browser.server";
import { standaloneDocument } from "~/render/html.server";
import { encodeWithinLimit } from "~/render/image.server";
import { DEFAULT_PRESETS } from "~/render/presets";
import { renderPackage } from "~/render/render-package.server";
import { planCards } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import { loadFixture } from "../e2e/render-helpers";
import { type ChannelId } from "~/domain/vocabulary";

const CHANNELS: ChannelId[] = ["wechat", "weibo", "xhs"];
const pkg = loadFixture();
const scratch = mkdtempSync(join(tmpdir(), "jiedu-bench-"));
let run = 0;
const outDir = () => join(scratch, String(run++));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function exportOnce(pool: BrowserPool | undefined, channels: ChannelId[]) {
  const t = performance.now();
  const result = await renderPackage(pkg, { outDir: outDir(), pool, channels, zip: true });
  return { ms: performance.now() - t, images: result.manifest.images };
}

async function floor(sliceHeights: Map<ChannelId, number[]>): Promise<{ total: number; perImage: Array<[string, number]> }> {
  const browser = await puppeteer.launch({ executablePath: await requireBrowserPath(), args: CHROMIUM_ARGS, headless: true });
  try {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = request.url();
      const asset = url.startsWith(RENDER_ORIGIN) ? bundledAsset(url.slice(RENDER_ORIGIN.length)) : null;
      if (asset) void request.respond({ status: 200, contentType: asset.contentType, body: asset.body, headers: { "Access-Control-Allow-Origin": "*" } });
      else void request.abort("blockedbyclient");
    });
    const ctx = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } };
    const perImage: Array<[string, number]> = [];
    // One untimed warm-up so fonts and libraries are parsed, as in the warm export.
    await page.setContent(standaloneDocument(planCards("qa-card", pkg, "portrait", { warn: () => {} })[0].build(ctx)), { waitUntil: "load" });
    for (const channel of CHANNELS) {
      const preset = DEFAULT_PRESETS[channel];
      for (const output of preset.outputs) {
        const settings = { ...preset.encode, ...(output.encode ?? {}) };
        const maxBytes = output.maxBytes ?? preset.maxBytes;
        for (const job of planCards(output.template, pkg, output.size, { warn: () => {} })) {
          const markup = job.build(ctx);
          const heights = job.size.height > 0 ? [job.size.height] : (sliceHeights.get(channel) ?? []);
          const t = performance.now();
          const pageHeight = heights.reduce((a, b) => a + b, 0);
          await page.setViewport({ width: job.size.width, height: pageHeight });
          await page.setContent(standaloneDocument(markup), { waitUntil: "load" });
          await page.evaluate("document.fonts.ready.then(() => true)");
          let y = 0;
          for (const h of heights) {
            const png = Buffer.from(await page.screenshot({ type: "png", optimizeForSpeed: true, clip: { x: 0, y, width: job.size.width, height: h } }));
            await encodeWithinLimit(png, settings, maxBytes, "floor");
            y += h;
          }
          perImage.push([`${channel}/${job.templateId}${heights.length > 1 ? `×${heights.length}` : ""}`, performance.now() - t]);
        }
      }
    }
    return { total: perImage.reduce((n, [, ms]) => n + ms, 0), perImage };
  } finally {
    await browser.close();
  }
}

async function main() {
  preloadBundledAssets();

  // Cold: browser launch included.
  const cold = await exportOnce(undefined, CHANNELS);
  const images = cold.images.length;
  const sliceHeights = new Map<ChannelId, number[]>();
  for (const image of cold.images) if (image.template === "long-image") sliceHeights.set(image.channel, [...(sliceHeights.get(image.channel) ?? []), image.height]);

  const warm: Record<number, number> = {};
  let cardsPerSecond = 0;
  for (const size of [1, 2]) {
    const pool = await BrowserPool.create({ size });
    await exportOnce(pool, CHANNELS);
    warm[size] = median([(await exportOnce(pool, CHANNELS)).ms, (await exportOnce(pool, CHANNELS)).ms, (await exportOnce(pool, CHANNELS)).ms]);
    if (size === 2) {
      const xhs = await exportOnce(pool, ["xhs"]);
      cardsPerSecond = xhs.images.length / (xhs.ms / 1000);
    }
    await pool.close();
  }

  const floorRun = await floor(sliceHeights);
  process.stdout.write("floor per image (setContent + screenshot + sharp encode, sequential):\n");
  for (const [name, ms] of floorRun.perImage) process.stdout.write(`  ${name.padEnd(28)} ${ms.toFixed(0).padStart(6)} ms\n`);
  const best = Math.min(warm[1], warm[2]);
  process.stdout.write(`images ${images} (channels ${CHANNELS.join(", ")})\n`);
  process.stdout.write(`floor  ${floorRun.total.toFixed(0)} ms  (${(floorRun.total / images).toFixed(0)} ms/image)\n`);
  process.stdout.write(`warm   1 browser ${warm[1].toFixed(0)} ms (${(warm[1] / images).toFixed(0)} ms/image) · 2 browsers ${warm[2].toFixed(0)} ms (${(warm[2] / images).toFixed(0)} ms/image) → default ${warm[2] <= warm[1] ? 2 : 1}\n`);
  process.stdout.write(`cold   ${cold.ms.toFixed(0)} ms (launch included)\n`);
  process.stdout.write(`cards  ${cardsPerSecond.toFixed(1)} 1080×1440 cards/s (小红书, warm, 2 browsers)\n`);
  process.stdout.write(
    `${JSON.stringify({
      images,
      floorMs: Math.round(floorRun.total),
      warmMs: Math.round(best),
      coldMs: Math.round(cold.ms),
      ratioWarmToFloor: round(best / floorRun.total, 2),
      cardsPerSecond: round(cardsPerSecond),
      throughput1: round(images / (warm[1] / 1000)),
      throughput2: round(images / (warm[2] / 1000)),
    })}\n`,
  );
}

try {
  await main();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
