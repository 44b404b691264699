/**
 * Saved 图解 in the export, in real Chromium: each graphic is rendered with its own template and
 * its own slot values into every channel its size suits, carries the officer's alt text and long
 * description into manifest.json and alt-text.txt, has a file name that identifies it, is the
 * same HTML the editor preview shows, and is byte-identical when exported again — and the
 * package's long image shows every saved graphic, the pixels of its own card, and still slices.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { emptyPackageContent } from "~/domain/package/content";
import { graphicFingerprint, type PackageData, parseGraphicFileName } from "~/domain/package-data";
import { renderGraphicPreview } from "~/features/package/graphic-preview.server";
import { BrowserPool } from "~/render/browser.server";
import type { EncodeSettings, PresetOverrides } from "~/render/presets";
import { ChannelLimitError, PackageInvalidError, type RenderPackageResult, renderPackage } from "~/render/render-package.server";
import { graphicJob } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import { loadFixture } from "./render-helpers";

const FIGURES_SLOTS = {
  heading: "一图看懂新变化",
  title: "自定义图解标题：政务公开三项硬指标",
  figures: [
    { value: "777", unit: "项", label: "自定义数字说明甲" },
    { value: "88", unit: "%", label: "自定义数字说明乙" },
  ],
  page: 1,
  pages: 1,
};
const QA_SLOTS = { index: 1, total: 1, question: "自定义问题：图解问答卡放在哪里？", flow: [{ kind: "p", text: "自定义回答：与生成的卡片一起导出。" }], part: 0 };
const TILE_SLOTS = { index: 1, kind: "figure", heading: "自定义九宫格说明", body: "", value: "9格" };

const FIGURES_ALT = "数字卡图解：政务公开三项硬指标，777项，88%";
const FIGURES_LONG = "政务公开三项硬指标\n自定义数字说明甲：777项\n自定义数字说明乙：88%";

function withGraphics(base: PackageData): PackageData {
  return {
    ...base,
    templateGraphics: [
      { templateId: "figures-card", templateVersion: 1, slots: FIGURES_SLOTS, altText: FIGURES_ALT, longDescription: FIGURES_LONG },
      // no alt text of its own: the template's generated one is used
      { templateId: "qa-card", templateVersion: 1, slots: QA_SLOTS },
    ],
  };
}

let pool: BrowserPool;
let out: string;
let run: RenderPackageResult;
const pageTexts: { templateId: string; text: string }[] = [];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "jiedu-graphics-"));
  pool = await BrowserPool.create({ size: 2 });
  run = await renderPackage(withGraphics(loadFixture()), {
    outDir: join(out, "a"),
    channels: ["weibo", "xhs", "web"],
    pool,
    inspect: async (page, info) => {
      pageTexts.push({ templateId: info.templateId, text: z.string().parse(await page.evaluate("document.body.innerText")) });
    },
  });
});

afterAll(async () => {
  await pool?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

const graphicImages = (position: number) => run.manifest.images.filter((i) => i.graphic?.position === position);

describe("saved 图解 in the export", () => {
  it("renders each graphic with its own template at the size each channel takes, with a file name that identifies it", async () => {
    const first = graphicImages(1);
    expect(first.map((i) => i.channel).sort()).toEqual(["web", "xhs"]);
    const fingerprint = graphicFingerprint("figures-card", FIGURES_SLOTS);
    for (const image of first) {
      expect(image.template).toBe("figures-card");
      expect([image.width, image.height]).toEqual([1080, 1440]);
      expect(image.file).toMatch(new RegExp(`^${image.channel}/\\d{2}-tujie-1-figures-card-${fingerprint}\\.(jpg|png)$`));
      expect(parseGraphicFileName(image.file)).toMatchObject({ position: 1, templateId: "figures-card", fingerprint, continuation: 0 });
      const meta = await sharp(readFileSync(join(out, "a", image.file))).metadata();
      expect([meta.width, meta.height]).toEqual([1080, 1440]);
    }
    // 微博 takes graphics at 1:1 only; a portrait-only template is left out with a note
    expect(run.manifest.warnings.some((w) => w.includes("图解 1") && w.includes("微博"))).toBe(true);
    expect(graphicImages(2).map((i) => i.channel).sort()).toEqual(["web", "xhs"]);
    // graphics follow the generated cards: the cards keep their numbers
    const xhs = run.manifest.images.filter((i) => i.channel === "xhs");
    expect(xhs.slice(-2).map((i) => i.graphic?.position)).toEqual([1, 2]);
  });

  it("writes the officer's alt text and long description into manifest.json and alt-text.txt", () => {
    const manifest: unknown = JSON.parse(readFileSync(run.manifestPath, "utf8"));
    const images = z.object({ images: z.array(z.object({ file: z.string(), altText: z.string(), longDescription: z.string() })) }).parse(manifest).images;
    const altText = readFileSync(run.altTextPath, "utf8");
    for (const image of graphicImages(1)) {
      const written = images.find((i) => i.file === image.file);
      expect(written?.altText).toBe(FIGURES_ALT);
      expect(written?.longDescription).toBe(FIGURES_LONG);
      expect(altText).toContain(`【${image.file}】`);
    }
    expect(altText).toContain(`替代文字：${FIGURES_ALT}`);
    // without its own alt text, the template's generated one describes the custom question
    for (const image of graphicImages(2)) expect(image.altText).toContain("自定义问题：图解问答卡放在哪里？");
  });

  it("shows the custom slot values, not the generated card's, and differs from the generated card", () => {
    const custom = pageTexts.filter((p) => p.templateId === "figures-card" && p.text.includes("自定义图解标题"));
    expect(custom.length).toBeGreaterThan(0);
    expect(custom[0].text).toContain("777");
    expect(custom[0].text).toContain("自定义数字说明甲");
    for (const channel of ["xhs", "web"]) {
      const generated = run.manifest.images.find((i) => i.channel === channel && i.template === "figures-card" && !i.graphic);
      const graphic = run.manifest.images.find((i) => i.channel === channel && i.graphic?.position === 1);
      expect(generated, channel).toBeDefined();
      expect(graphic?.sha256).not.toBe(generated?.sha256);
    }
  });

  it("is the HTML the editor preview shows (one build path)", () => {
    const m = run.manifest.document;
    const doc = { title: m.title, docNumber: m.docNumber ?? null, issuer: m.issuer ?? null, writtenDate: m.date ?? null, departmentName: m.department };
    const preview = renderGraphicPreview("figures-card", FIGURES_SLOTS, doc, emptyPackageContent());
    if (!preview.ok) throw new Error(preview.errors.join(" "));
    expect([preview.width, preview.height]).toEqual([1080, 1440]);
    const built = graphicJob("figures-card", FIGURES_SLOTS, "portrait");
    if (!built.ok) throw new Error(built.issues.join(" "));
    const fixture = loadFixture();
    const markup = built.job.build({ theme: resolveTheme({ id: fixture.theme.id }), document: fixture.document, assets: { logo: null, graphics: {} } });
    expect(preview.html).toContain(markup.body);
    expect(preview.html).toContain("自定义图解标题");
  });

  it("gives identical bytes when exported again, and leaves a graphic out of a full channel with a note", async () => {
    const again = await renderPackage(withGraphics(loadFixture()), { outDir: join(out, "b"), channels: ["xhs"], pool, zip: false });
    const sha = (dir: string, file: string) => createHash("sha256").update(readFileSync(join(out, dir, file))).digest("hex");
    const before = graphicImages(1).find((i) => i.channel === "xhs");
    const after = again.manifest.images.find((i) => i.graphic?.position === 1);
    expect(after?.file).toBe(before?.file);
    expect(before && sha("b", before.file)).toBe(before && sha("a", before.file));

    const cards = again.manifest.images.filter((i) => !i.graphic).length;
    const full = await renderPackage(withGraphics(loadFixture()), { outDir: join(out, "c"), channels: ["xhs"], pool, zip: false, presets: { xhs: { maxImages: cards + 1 } } });
    expect(full.manifest.images.filter((i) => i.graphic).map((i) => i.graphic?.position)).toEqual([1]);
    expect(full.manifest.warnings.some((w) => w.includes("图解 2") && w.includes("放不下"))).toBe(true);
    // the generated cards alone over the limit still fail, as before
    await expect(renderPackage(withGraphics(loadFixture()), { outDir: join(out, "d"), channels: ["xhs"], pool, zip: false, presets: { xhs: { maxImages: cards - 1 } } })).rejects.toBeInstanceOf(
      ChannelLimitError,
    );
  });

  it("takes a 1:1 graphic into 微博 but not into 小红书 (3:4 only)", async () => {
    const pkg: PackageData = { ...loadFixture(), templateGraphics: [{ templateId: "nine-grid", templateVersion: 1, slots: TILE_SLOTS, altText: "九宫格图解" }] };
    const built = graphicJob("nine-grid", TILE_SLOTS, "tile");
    if (!built.ok) throw new Error(`test slots do not fit nine-grid: ${built.issues.join(" ")}`);
    const r = await renderPackage(pkg, { outDir: join(out, "e"), channels: ["weibo", "xhs"], pool, zip: false });
    const tiles = r.manifest.images.filter((i) => i.graphic);
    expect(tiles.map((i) => [i.channel, i.width, i.height, i.altText])).toEqual([["weibo", 1080, 1080, "九宫格图解"]]);
    expect(r.manifest.warnings.some((w) => w.includes("图解 1") && w.includes("小红书"))).toBe(true);
  });

  it("stops with a Chinese message naming the graphic when its slots no longer fit the template", async () => {
    const pkg: PackageData = { ...loadFixture(), templateGraphics: [{ templateId: "figures-card", templateVersion: 1, slots: { ...FIGURES_SLOTS, figures: [] } }] };
    const error = await renderPackage(pkg, { outDir: join(out, "f"), channels: ["xhs"], pool }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackageInvalidError);
    expect(error instanceof Error ? error.message : "").toMatch(/图解 1（数字卡）.*figures.*请在解读材料的“图解”中修改/);
  });
});

// ---------------------------------------------------------------------------------------------
// The long image ("the whole package in one image") holds the saved 图解.

/** Lossless PNG for the website channel, so the long image and the graphic compare pixel for pixel. */
const LOSSLESS: EncodeSettings = { format: "png", quality: 100, minQuality: 100, step: 8, mozjpeg: false, palette: false };
const LOSSLESS_WEB: PresetOverrides = {
  web: {
    encode: LOSSLESS,
    maxBytes: 64 * 1024 * 1024,
    outputs: [
      { template: "figures-card", size: "portrait" },
      { template: "long-image", size: "long", maxHeight: 16000 },
    ],
  },
};

const rectSchema = z.object({ top: z.number(), left: z.number(), width: z.number(), height: z.number() });
const longFactsSchema = z.object({
  height: z.number(),
  sectionTop: z.number().nullable(),
  figures: z.array(z.object({ position: z.number(), imgs: z.array(rectSchema.extend({ alt: z.string(), naturalWidth: z.number() })) })),
});
type LongFacts = z.infer<typeof longFactsSchema>;

const LONG_FACTS = `(() => {
  const box = (r) => ({ top: r.top + window.scrollY, left: r.left, width: r.width, height: r.height });
  const section = document.querySelector("section.tujie");
  return {
    height: Math.ceil(document.querySelector(".card").getBoundingClientRect().height),
    sectionTop: section ? section.getBoundingClientRect().top + window.scrollY : null,
    figures: [...document.querySelectorAll("figure[data-tujie]")].map((f) => ({
      position: Number(f.dataset.tujie),
      imgs: [...f.querySelectorAll("img")].map((img) => ({ ...box(img.getBoundingClientRect()), alt: img.alt, naturalWidth: img.naturalWidth })),
    })),
  };
})()`;

type LongRun = { result: RenderPackageResult; dir: string; facts: LongFacts; texts: { templateId: string; text: string }[] };

async function renderWithLongFacts(pkg: PackageData, dir: string, channels: ("wechat" | "web")[]): Promise<LongRun> {
  let facts: LongFacts | null = null;
  const texts: { templateId: string; text: string }[] = [];
  const result = await renderPackage(pkg, {
    outDir: join(out, dir),
    channels,
    pool,
    zip: false,
    presets: LOSSLESS_WEB,
    inspect: async (page, info) => {
      texts.push({ templateId: info.templateId, text: z.string().parse(await page.evaluate("document.body.innerText")) });
      if (info.templateId === "long-image") facts = longFactsSchema.parse(await page.evaluate(LONG_FACTS));
    },
  });
  if (!facts) throw new Error("the long image was not laid out");
  return { result, dir, facts, texts };
}

/** The website's long image (one slice at 16000 px) as raw RGBA. */
async function webLongImage(run: LongRun) {
  const slices = run.result.manifest.images.filter((i) => i.channel === "web" && i.template === "long-image" && !i.graphic);
  expect(slices).toHaveLength(1);
  return { meta: slices[0], raw: await sharp(readFileSync(join(out, run.dir, slices[0].file))).ensureAlpha().raw().toBuffer({ resolveWithObject: true }) };
}

describe("saved 图解 in the long image", () => {
  let withTujie: LongRun;
  let without: LongRun;
  beforeAll(async () => {
    withTujie = await renderWithLongFacts(withGraphics(loadFixture()), "long-with", ["wechat", "web"]);
    without = await renderWithLongFacts(loadFixture(), "long-without", ["web"]);
  });

  it("lays out every saved graphic in editor order in a 图解 section, loaded, with its alt text", () => {
    const { figures } = withTujie.facts;
    expect(figures.map((f) => f.position)).toEqual([1, 2]);
    for (const f of figures) {
      expect(f.imgs.length).toBeGreaterThan(0);
      for (const img of f.imgs) expect([img.naturalWidth, img.width, img.left]).toEqual([1080, 1080, 0]);
    }
    expect(figures[0].imgs[0].alt).toBe(FIGURES_ALT);
    expect(figures[1].imgs[0].alt).toContain("自定义问题：图解问答卡放在哪里？");
    expect(figures[0].imgs[0].top).toBeLessThan(figures[1].imgs[0].top);
    expect(without.facts.figures).toEqual([]);
    expect(without.facts.sectionTop).toBeNull();
  });

  it("shows the pixels of the graphic's own card, whose page carried the custom title", async () => {
    // the card captured for the graphic is the page that showed the officer's title
    const card = withTujie.texts.find((t) => t.templateId === "figures-card" && t.text.includes(FIGURES_SLOTS.title));
    expect(card?.text).toContain("自定义数字说明甲");
    const graphic = withTujie.result.manifest.images.find((i) => i.channel === "web" && i.graphic?.position === 1);
    if (!graphic) throw new Error("web graphic 1 missing");
    expect(graphic.format).toBe("png");
    const own = await sharp(readFileSync(join(out, "long-with", graphic.file))).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const long = await webLongImage(withTujie);
    const img = withTujie.facts.figures[0].imgs[0];
    expect([own.info.width, own.info.height]).toEqual([img.width, img.height]);
    const rowBytes = long.raw.info.width * 4;
    // Chromium draws an image on whole pixels: its rounded layout position
    const top = Math.round(img.top);
    const region = long.raw.data.subarray(top * rowBytes, (top + img.height) * rowBytes);
    expect(region.equals(own.data)).toBe(true);
  });

  it("is taller than the long image of the same package without graphics by at least their cards, and the same above them", async () => {
    const cards = withTujie.facts.figures.flatMap((f) => f.imgs).reduce((n, i) => n + i.height, 0);
    expect(cards).toBeGreaterThanOrEqual(2 * 1440);
    expect(withTujie.facts.height - without.facts.height).toBeGreaterThan(cards);
    const a = await webLongImage(withTujie);
    const b = await webLongImage(without);
    expect(a.meta.height).toBe(withTujie.facts.height);
    expect(b.meta.height).toBe(without.facts.height);
    const above = Math.floor(withTujie.facts.sectionTop ?? 0) * a.raw.info.width * 4;
    expect(above).toBeGreaterThan(0);
    expect(a.raw.data.subarray(0, above).equals(b.raw.data.subarray(0, above))).toBe(true);
  });

  it("describes each graphic in the long image's long description in manifest.json", () => {
    const manifest = z
      .object({ images: z.array(z.object({ file: z.string(), channel: z.string(), template: z.string(), altText: z.string(), longDescription: z.string(), graphic: z.unknown().optional() })) })
      .parse(JSON.parse(readFileSync(withTujie.result.manifestPath, "utf8")));
    const longs = manifest.images.filter((i) => i.template === "long-image" && i.graphic === undefined);
    expect(longs.map((i) => i.channel)).toContain("wechat");
    for (const image of longs) {
      expect(image.longDescription).toContain(`图解 1：${FIGURES_ALT}\n${FIGURES_LONG}`);
      expect(image.longDescription).toMatch(/图解 2：[^\n]*自定义问题：图解问答卡放在哪里？/);
      expect(image.longDescription.indexOf("图解 1：")).toBeLessThan(image.longDescription.indexOf("图解 2："));
      expect(image.altText).toContain("图解");
    }
    const plain = without.result.manifest.images.find((i) => i.template === "long-image");
    expect(plain?.longDescription).not.toContain("图解 1：");
  });

  it("still slices under 微信's 5400 px limit, never through a graphic", () => {
    const slices = withTujie.result.manifest.images.filter((i) => i.channel === "wechat" && i.template === "long-image" && !i.graphic);
    expect(slices.length).toBeGreaterThan(1);
    expect(slices.reduce((n, s) => n + s.height, 0)).toBe(withTujie.facts.height);
    const cuts = slices.slice(1).map((s) => s.slice?.y ?? -1);
    for (const s of slices) {
      expect(s.height).toBeLessThanOrEqual(5400);
      expect(s.width * s.height).toBeLessThan(6_000_000);
    }
    for (const img of withTujie.facts.figures.flatMap((f) => f.imgs)) {
      for (const y of cuts) expect(y > img.top + 0.5 && y < img.top + img.height - 0.5, `cut at ${y} inside a graphic`).toBe(false);
    }
  });
});
