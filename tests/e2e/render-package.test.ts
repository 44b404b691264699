/**
 * The whole export: manifest, alt text, ZIP, byte limits per preset, determinism, isolation and
 * recovery from a crashed browser — real Chromium, real files.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import JSZip from "jszip";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { CardJob } from "../../templates/registry";
import type { ChartMount } from "../../templates/shared/types";
import { BrowserPool, renderCard } from "~/render/browser.server";
import { ImageTooLargeError } from "~/render/image.server";
import { DEFAULT_PRESETS } from "~/render/presets";
import { type RenderPackageResult, renderPackage } from "~/render/render-package.server";
import { resolveTheme } from "../../templates/shared/themes";
import { loadFixture } from "./render-helpers";
import { CHANNEL_IDS } from "~/domain/vocabulary";

let pool: BrowserPool;
let out: string;
let full: RenderPackageResult;
let server: Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    hits += 1;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = z.object({ port: z.number() }).parse(server.address()).port;
  out = mkdtempSync(join(tmpdir(), "jiedu-render-"));
  pool = await BrowserPool.create({ size: 2 });
  full = await renderPackage(loadFixture(), { outDir: join(out, "all"), pool });
});

afterAll(async () => {
  await pool?.close();
  await new Promise((resolve) => server?.close(resolve));
  if (out) rmSync(out, { recursive: true, force: true });
});

const limitFor = (channel: (typeof CHANNEL_IDS)[number], template: string, size: string) =>
  DEFAULT_PRESETS[channel].outputs.find((o) => o.template === template && o.size === size)?.maxBytes ?? DEFAULT_PRESETS[channel].maxBytes;

describe("renderPackage", () => {
  it("writes every image with a complete, correct manifest entry", async () => {
    const images = full.manifest.images;
    expect(new Set(images.map((i) => i.channel))).toEqual(new Set(CHANNEL_IDS));
    expect(images.filter((i) => i.channel === "weibo" && i.template === "nine-grid")).toHaveLength(9);
    expect(images.filter((i) => i.channel === "xhs" && i.template === "qa-card")).toHaveLength(8);
    for (const image of images) {
      const path = join(out, "all", image.file);
      const data = readFileSync(path);
      expect(image.bytes).toBe(data.length);
      expect(image.sha256).toBe(createHash("sha256").update(data).digest("hex"));
      const meta = await sharp(data).metadata();
      expect(meta.format === "jpeg" ? "jpeg" : meta.format).toBe(image.format);
      expect([meta.width, meta.height]).toEqual([image.width, image.height]);
      expect(meta.exif).toBeUndefined();
      expect(image.altText.length).toBeGreaterThan(4);
      expect(image.longDescription.length).toBeGreaterThan(image.template === "nine-grid" ? 2 : 10);
      expect(image.file.startsWith(`${image.channel}/`)).toBe(true);
    }
    expect(full.files).toHaveLength(images.length);
    const cover = images.find((i) => i.channel === "wechat" && i.size === "wide");
    expect([cover?.width, cover?.height]).toEqual([900, 383]);
  });

  it("respects every preset's byte, pixel and aspect limits", () => {
    for (const image of full.manifest.images) {
      expect(image.bytes, image.file).toBeLessThanOrEqual(limitFor(image.channel, image.template, image.size));
      const preset = DEFAULT_PRESETS[image.channel];
      if (preset.maxPixels) expect(image.width * image.height).toBeLessThanOrEqual(preset.maxPixels);
      if (preset.aspect) expect(image.width / image.height).toBeCloseTo(preset.aspect.min === preset.aspect.max ? preset.aspect.min : image.width / image.height, 3);
    }
    const thumb = full.manifest.images.find((i) => i.channel === "wechat" && i.size === "square");
    expect(thumb?.bytes).toBeLessThanOrEqual(64 * 1024);
    for (const slice of full.manifest.images.filter((i) => i.channel === "wechat" && i.template === "long-image")) expect(slice.width * slice.height).toBeLessThan(6_000_000);
  });

  it("zips every image with the manifest and alt-text.txt", async () => {
    expect(full.zipPath).not.toBeNull();
    const zip = await JSZip.loadAsync(readFileSync(full.zipPath ?? ""));
    const names = Object.keys(zip.files).sort();
    expect(names).toEqual([...full.manifest.images.map((i) => i.file), "alt-text.txt", "manifest.json"].sort());
    const altText = readFileSync(full.altTextPath, "utf8");
    for (const image of full.manifest.images) expect(altText).toContain(`【${image.file}】`);
    expect(JSON.parse(readFileSync(full.manifestPath, "utf8"))).toEqual(full.manifest);
  });

  it("same input → identical bytes", async () => {
    const again = await renderPackage(loadFixture(), { outDir: join(out, "again"), pool, channels: ["xhs", "wechat"] });
    const first = new Map(full.manifest.images.map((i) => [i.file, i.sha256]));
    for (const image of again.manifest.images) expect(image.sha256, image.file).toBe(first.get(image.file));
  });

  it("steps quality down to meet a tight limit, and names the image that cannot fit", async () => {
    const outputs = [{ template: "figures-card" as const, size: "portrait" }];
    const tight = await renderPackage(loadFixture(), { outDir: join(out, "tight"), pool, channels: ["xhs"], presets: { xhs: { outputs, maxBytes: 70 * 1024 } } });
    const [image] = tight.manifest.images;
    expect(image.bytes).toBeLessThanOrEqual(70 * 1024);
    expect(image.quality).toBeLessThan(DEFAULT_PRESETS.xhs.encode.quality);
    const impossible = renderPackage(loadFixture(), { outDir: join(out, "impossible"), pool, channels: ["xhs"], presets: { xhs: { outputs, maxBytes: 2 * 1024 } } });
    await expect(impossible).rejects.toBeInstanceOf(ImageTooLargeError);
    await expect(impossible).rejects.toThrow(/小红书·数字卡.*超过该渠道单图上限 2 KB/);
  });
});

describe("isolation", () => {
  it("markup in a Q&A and a chart spec with data.url reach nothing and break nothing", async () => {
    const pkg = loadFixture();
    pkg.qa[0] = { ...pkg.qa[0], answer: `请看图：<img src="http://127.0.0.1:${port}/x">，以及 <script>fetch("http://127.0.0.1:${port}/s")</script>` };
    pkg.charts[0] = { ...pkg.charts[0], spec: { data: { url: `http://127.0.0.1:${port}/data.json` }, mark: "arc", encoding: { theta: { field: "value", type: "quantitative" } } } };
    const result = await renderPackage(pkg, {
      outDir: join(out, "isolation"),
      pool,
      channels: ["xhs"],
      presets: { xhs: { outputs: [{ template: "qa-card", size: "portrait" }, { template: "chart-card", size: "portrait" }] } },
    });
    expect(hits).toBe(0);
    expect(result.warnings.join("")).toContain("data.url");
    const qa = result.manifest.images.find((i) => i.template === "qa-card");
    expect(qa?.longDescription).toContain(`<img src="http://127.0.0.1:${port}/x">`);
    for (const image of result.manifest.images) expect(existsSync(join(out, "isolation", image.file))).toBe(true);
    expect(result.manifest.images.filter((i) => i.template === "chart-card")).toHaveLength(2);
  });

  it("a page that does try to load an image or chart data is blocked and counted", async () => {
    const pkg = loadFixture();
    const ctx = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: null, graphics: {} } };
    const raw = (body: string, charts: ChartMount[]): CardJob => ({
      key: body,
      templateId: "qa-card",
      templateName: "测试",
      version: 1,
      sizeKey: "portrait",
      stem: "qa-card",
      size: { width: 400, height: 300 },
      build: () => ({ css: "", body, charts, altText: "t", longDescription: "t" }),
      continueWith: null,
      withFlow: null,
    });
    const [img] = await pool.run((w) => renderCard(w, raw(`<section><img src="http://127.0.0.1:${port}/x" width="10" height="10"><img src="data:image/png;base64,iVBORw0KGgo="><p>图</p></section>`, []), ctx));
    expect(img.blocked).toBeGreaterThanOrEqual(2);
    const spec: ChartMount["spec"] = { data: { url: `http://127.0.0.1:${port}/data.json` }, mark: "bar", encoding: { x: { field: "a", type: "nominal" } } };
    await expect(pool.run((w) => renderCard(w, raw(`<div data-chart="c" style="width:300px;height:200px"></div>`, [{ id: "c", spec }]), ctx))).rejects.toThrow(/external data refused/);
    expect(hits).toBe(0);
  });
});

describe("resilience", () => {
  it("a browser killed mid-export is replaced and the export completes", async () => {
    const before = pool.replacedBrowsers;
    let killed = false;
    const result = await renderPackage(loadFixture(), {
      outDir: join(out, "crash"),
      pool,
      channels: ["xhs"],
      onProgress: (p) => {
        if (!killed && p.phase === "encode") {
          killed = true;
          pool.workers[0].browser?.process()?.kill("SIGKILL");
        }
      },
    });
    expect(killed).toBe(true);
    expect(pool.replacedBrowsers).toBeGreaterThan(before);
    expect(result.manifest.images.length).toBe(full.manifest.images.filter((i) => i.channel === "xhs").length);
    for (const image of result.manifest.images) expect(statSync(join(out, "crash", image.file)).size).toBe(image.bytes);
  });
});
