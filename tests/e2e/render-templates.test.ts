/**
 * Every template renders in real Chromium at its exact size with the fixture content, in the
 * bundled Noto fonts, with 避头尾 and nothing outside its box — and matches its golden image.
 * Goldens are regenerated only on purpose: UPDATE_GOLDEN=1 npx vitest run tests/e2e/render-templates.test.ts
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pixelmatch from "pixelmatch";
import { PNG } from "pngjs";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { BrowserPool, type CardContext, type InspectHook, renderCard, renderLong } from "~/render/browser.server";
import { type CardJob, planCards } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import { loadDibao } from "../helpers/dibao";
import { FORBIDDEN_LINE_STARTS, type LineRuleFacts, fontsUsed, lineRules, lineStarts, loadFixture, outOfBounds } from "./render-helpers";

const GOLDEN_DIR = new URL("../fixtures/golden/", import.meta.url).pathname;
const ARTIFACTS = new URL("../.artifacts/golden-diff/", import.meta.url).pathname;
const UPDATE = process.env.UPDATE_GOLDEN === "1";
/** Share of pixels allowed to differ (anti-aliasing noise), per-pixel threshold 0.1. */
const TOLERANCE = 0.005;

const pkg = loadFixture();
const ctx: CardContext = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } };
let pool: BrowserPool;

beforeAll(async () => {
  pool = await BrowserPool.create({ size: 2 });
});
afterAll(async () => {
  await pool?.close();
});

type PageFacts = { starts: string[]; outside: string[]; fonts: Map<string, number>; rules: LineRuleFacts };

function inspector(facts: PageFacts[]): InspectHook {
  return async (page, info) => {
    facts.push({ starts: await lineStarts(page), outside: await outOfBounds(page, info.width, info.height), fonts: await fontsUsed(page), rules: await lineRules(page) });
  };
}

/** Golden images are stored at half size: small files, still a sharp eye for layout changes. */
async function compareWithGolden(name: string, png: Buffer): Promise<void> {
  const meta = await sharp(png).metadata();
  const width = Math.round((meta.width ?? 0) / 2);
  const actual = await sharp(png).resize({ width }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const path = join(GOLDEN_DIR, `${name}.png`);
  if (UPDATE) {
    await sharp(actual.data, { raw: { width: actual.info.width, height: actual.info.height, channels: 4 } }).png({ compressionLevel: 9 }).toFile(path);
    return;
  }
  expect(existsSync(path), `golden ${name}.png missing — create it on purpose with UPDATE_GOLDEN=1`).toBe(true);
  const golden = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  expect([golden.info.width, golden.info.height]).toEqual([actual.info.width, actual.info.height]);
  const diff = new PNG({ width: actual.info.width, height: actual.info.height });
  const changed = pixelmatch(actual.data, golden.data, diff.data, actual.info.width, actual.info.height, { threshold: 0.1 });
  const share = changed / (actual.info.width * actual.info.height);
  if (share > TOLERANCE) {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, `${name}-diff.png`), PNG.sync.write(diff));
  }
  expect(share, `${name}: ${(share * 100).toFixed(2)}% of pixels differ (diff in tests/.artifacts/golden-diff)`).toBeLessThanOrEqual(TOLERANCE);
}

function assertTypeset(facts: PageFacts[]): void {
  expect(facts.length).toBeGreaterThan(0);
  for (const f of facts) {
    expect(f.outside).toEqual([]);
    expect(f.starts.filter((ch) => FORBIDDEN_LINE_STARTS.includes(ch))).toEqual([]);
    // Numbers keep their units; titles keep no single character on their last line.
    expect(f.rules.numberSplits).toEqual([]);
    expect(f.rules.titleOrphans).toEqual([]);
    // The text really is set in the bundled fonts (a missing font falls back silently).
    const families = [...f.fonts.keys()];
    expect(families.length).toBeGreaterThan(0);
    for (const family of families) expect(family).toMatch(/^Noto (Sans|Serif) SC/);
  }
}

const CASES: Array<[string, CardJob]> = [
  ["cover-wide", planCards("cover", pkg, "wide", { warn: () => {} })[0]],
  ["cover-square", planCards("cover", pkg, "square", { warn: () => {} })[0]],
  ["cover-portrait", planCards("cover", pkg, "portrait", { warn: () => {} })[0]],
  ["qa-card", planCards("qa-card", pkg, "portrait", { warn: () => {} })[1]],
  ["figures-card", planCards("figures-card", pkg, "portrait", { warn: () => {} })[0]],
  ["chart-card-donut", planCards("chart-card", pkg, "portrait", { warn: () => {} })[0]],
  ["chart-card-bar", planCards("chart-card", pkg, "portrait", { warn: () => {} })[1]],
  ["timeline", planCards("timeline", pkg, "portrait", { warn: () => {} })[0]],
  ["nine-grid-1", planCards("nine-grid", pkg, "tile", { warn: () => {} })[0]],
  ["nine-grid-2", planCards("nine-grid", pkg, "tile", { warn: () => {} })[1]],
];

/** New cards of the county 低保 notice: grouped bars, nine bars turned horizontal, a 九宫格 Q&A tile and its 续 tile. */
const dibao = loadDibao();
const dibaoCtx: CardContext = { theme: resolveTheme(dibao.theme), document: dibao.document, assets: { logo: null, graphics: {} } };
const dibaoTiles = planCards("nine-grid", dibao, "tile", { warn: () => {} });
const tileOf = (pick: (body: string) => boolean) => {
  const job = dibaoTiles.find((j) => pick(j.build(dibaoCtx).body));
  if (!job) throw new Error("dibao: tile missing");
  return job;
};
const DIBAO_CASES: Array<[string, CardJob]> = [
  ["chart-card-grouped-bar", planCards("chart-card", dibao, "portrait", { warn: () => {} })[0]],
  ["chart-card-nine-bars", planCards("chart-card", dibao, "portrait", { warn: () => {} })[1]],
  ["nine-grid-qa", tileOf((b) => b.includes("tile question") && !b.includes(" cont"))],
  ["nine-grid-qa-cont", tileOf((b) => b.includes("tile question cont"))],
];

describe("templates in Chromium", () => {
  it.each(DIBAO_CASES)("%s (低保 notice) renders at its exact size, typeset, in Noto, like its golden", async (name, job) => {
    const facts: PageFacts[] = [];
    const captures = await pool.run((w) => renderCard(w, job, dibaoCtx, inspector(facts)));
    expect(captures).toHaveLength(1);
    assertTypeset(facts);
    await compareWithGolden(name, captures[0].png);
  });

  it.each(CASES)("%s renders at its exact size, typeset, in Noto, like its golden", async (name, job) => {
    const facts: PageFacts[] = [];
    const captures = await pool.run((w) => renderCard(w, job, ctx, inspector(facts)));
    expect(captures).toHaveLength(1);
    const meta = await sharp(captures[0].png).metadata();
    expect([meta.width, meta.height]).toEqual([job.size.width, job.size.height]);
    assertTypeset(facts);
    await compareWithGolden(name, captures[0].png);
  });

  it("the cover title sits inside the centre 383×383 safe zone of the 900×383 cover", async () => {
    const job = planCards("cover", pkg, "wide", { warn: () => {} })[0];
    let rect = { left: 0, right: 0, top: 0, bottom: 0 };
    await pool.run((w) =>
      renderCard(w, job, ctx, async (page) => {
        rect = z.object({ left: z.number(), right: z.number(), top: z.number(), bottom: z.number() }).parse(await page.evaluate(`(() => { const r = document.querySelector("[data-box=safe-zone]").getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom }; })()`));
      }),
    );
    expect(rect.left).toBeGreaterThanOrEqual((900 - 383) / 2);
    expect(rect.right).toBeLessThanOrEqual((900 + 383) / 2);
    expect(rect.top).toBeGreaterThanOrEqual(0);
    expect(rect.bottom).toBeLessThanOrEqual(383);
  });

  it("the long image is 1080 wide, holds the whole package and slices under a height limit", async () => {
    const job = planCards("long-image", pkg, "long", { warn: () => {} })[0];
    const facts: PageFacts[] = [];
    let text = "";
    const long = await pool.run((w) =>
      renderLong(w, job, ctx, [5400, 20000], async (page, info) => {
        await inspector(facts)(page, info);
        text = String(await page.evaluate("document.body.innerText"));
      }),
    );
    assertTypeset(facts);
    for (const qa of pkg.qa) expect(text).toContain(qa.question);
    expect(long.width).toBe(1080);
    const slices = long.slices.get(5400) ?? [];
    expect(slices.length).toBe(Math.ceil(long.height / 5400) + (slices.length > Math.ceil(long.height / 5400) ? 1 : 0));
    expect(slices.reduce((n, s) => n + s.height, 0)).toBe(long.height);
    for (const s of slices) {
      const meta = await sharp(s.png).metadata();
      expect(meta.width).toBe(1080);
      expect(meta.height).toBe(s.height);
      expect(s.height).toBeLessThanOrEqual(5400);
    }
    expect(long.slices.get(20000)?.length).toBe(1);
    await compareWithGolden("long-image-slice-1", slices[0].png);
  });

  it("the same card renders to identical pixels twice", async () => {
    const job = CASES[5][1];
    const [a] = await pool.run((w) => renderCard(w, job, ctx));
    const [b] = await pool.run((w) => renderCard(w, job, ctx));
    const [rawA, rawB] = await Promise.all([sharp(a.png).raw().toBuffer(), sharp(b.png).raw().toBuffer()]);
    expect(rawA.equals(rawB)).toBe(true);
  });

  it("the blue theme with a department logo and colour renders (logo served from memory)", async () => {
    const logoSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="28" fill="#006633"/></svg>`;
    const blue = loadFixture();
    blue.theme = { id: "qingxin-blue", logo: `data:image/svg+xml;base64,${Buffer.from(logoSvg).toString("base64")}`, colors: { primary: "#006633" } };
    const { prepareUserImage } = await import("~/render/image.server");
    const urls = pool.addAssets("t-logo", { "logo.png": { body: await prepareUserImage(blue.theme.logo ?? "", "单位标志", { width: 256, height: 256 }), contentType: "image/png" } });
    const blueCtx: CardContext = { theme: resolveTheme(blue.theme), document: blue.document, assets: { logo: urls["logo.png"], graphics: {} } };
    let logoLoaded = false;
    const [cap] = await pool.run((w) =>
      renderCard(w, planCards("qa-card", blue, "portrait", { warn: () => {} })[0], blueCtx, async (page) => {
        logoLoaded = Boolean(await page.evaluate(`document.querySelector("img.logo").naturalWidth > 0`));
      }),
    );
    pool.removeAssets("t-logo");
    expect(logoLoaded).toBe(true);
    expect(cap.blocked).toBe(0);
    // The header band is the department's colour.
    const { data } = await sharp(cap.png).extract({ left: 540, top: 10, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([0x00, 0x66, 0x33]);
  });
});
