/**
 * `renderPackage` — the exporter's entry point, used by the CLI, the DB export job and the UI.
 *
 *   1. validate    parsePackageData (bounded lengths) → PackageData
 *   2. plan        channel presets × templates → card jobs; then each saved 图解 (its template,
 *                  its slot values) at the first size the channel takes graphics at
 *                  (presets `graphicSizes`), and once more at the long image's width for the
 *                  long image; identical jobs (same template, version, size, slots) across
 *                  channels are rendered once
 *   3. assets      logo / graphics → sharp (pixel limit) → served to the page from memory
 *   4. render      jobs on the browser pool (browser.server.ts), in parallel across browsers;
 *                  the package's long image waits for its 图解 captures, which it shows as
 *                  images served from memory (the pixels of the graphic's own card)
 *   5. encode      each capture is encoded per channel as soon as it exists, overlapping the
 *                  next screenshots (image.server.ts); byte limits with stepped quality
 *   6. check       per channel: image count (图解 that do not fit the count are left out with a
 *                  note; the generated cards never are), aspect ratio, pixel and byte limits
 *   7. pack        files, manifest.json, alt-text.txt, ZIP (pack.server.ts)
 */
import { chartExpressionIssues } from "~/domain/charts/expressions.server";
import { type PackageData, type PackageIssue, type TemplateGraphic, graphicFileStem, graphicFingerprint, parsePackageData } from "~/domain/package-data";
import { type CardJob, graphicJob, graphicSizeKey, planCards, templateRegistry, templateVersions } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import type { EmbeddedGraphic, Size } from "../../templates/shared/types";
import { BrowserPool, type CardCapture, type CardContext, type InspectHook, type LongCapture, renderCard, renderLong } from "./browser.server";
import { type Encoded, encodeWithinLimit, formatBytes, prepareUserImage } from "./image.server";
import { type Manifest, type ManifestVideo, type PackedImage, writeExport } from "./pack.server";
import { type ChannelOutput, type ChannelPreset, type EncodeSettings, type PresetOverrides, resolvePresets } from "./presets";
import { CHANNEL_IDS, type ChannelId } from "~/domain/vocabulary";

export type RenderProgress = {
  phase: "start" | "render" | "encode" | "pack" | "done";
  done: number;
  total: number;
  message: string;
};

export type RenderPackageOptions = {
  outDir: string;
  channels?: readonly ChannelId[];
  onProgress?: (progress: RenderProgress) => void;
  /** Reuse a warm pool (the caller closes it); otherwise one is started and closed here. */
  pool?: BrowserPool;
  poolSize?: number;
  presets?: PresetOverrides;
  /** Write the ZIP too (default true). */
  zip?: boolean;
  /** Test hook on each laid-out page before its capture. */
  inspect?: InspectHook;
  /** Videos already made into outDir (app/render/video): listed in the manifest, put in the ZIP. */
  videos?: { manifest: ManifestVideo[]; files: string[] };
};

export type RenderPackageResult = {
  files: string[];
  manifest: Manifest;
  manifestPath: string;
  altTextPath: string;
  zipPath: string | null;
  /** Requests the render pages tried and were refused (network, file, data URLs, CSP). */
  blockedRequests: number;
  warnings: string[];
  replacedBrowsers: number;
  timings: { totalMs: number; launchMs: number; renderMs: number; packMs: number };
};

export class PackageInvalidError extends Error {
  constructor(readonly issues: PackageIssue[]) {
    super(`解读包数据有误：\n${issues.map((i) => `  ${i.path}：${i.message}`).join("\n")}`);
    this.name = "PackageInvalidError";
  }
}

export class ChannelLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChannelLimitError";
  }
}

/** A saved 图解 as planned into a channel: its place in the package and its own texts. */
type GraphicPlan = { position: number; stem: string; fingerprint: string; name: string; graphic: TemplateGraphic };
type Planned = { channel: ChannelPreset; output: ChannelOutput; jobs: CardJob[]; graphic: GraphicPlan | null };
type Task = {
  job: CardJob;
  long: boolean;
  maxHeights: Set<number>;
  /** The package's long image: rendered after the 图解 captures, which it shows. */
  showsGraphics: boolean;
  result: Promise<CardCapture[] | LongCapture> | null;
};
/** A saved 图解 rendered for the long image, and the task that captures it. */
type LongGraphic = { plan: GraphicPlan; task: Task };

/**
 * The size a 图解 takes in the long image: the first of these its template has (the sizes the
 * editor preview and the website show it at), all as wide as the long image so it is drawn 1:1.
 */
const LONG_IMAGE_GRAPHIC_SIZES: readonly Size[] = [
  { width: 1080, height: 1440 },
  { width: 1080, height: 1080 },
  { width: 1080, height: 0 },
];
/** Slices of a long 图解 stacked into the long image (within Chromium's capture height). */
const LONG_GRAPHIC_SLICE = 16000;

let exportCounter = 0;

function settingsFor(channel: ChannelPreset, output: ChannelOutput): { settings: EncodeSettings; maxBytes: number } {
  return { settings: { ...channel.encode, ...(output.encode ?? {}) }, maxBytes: output.maxBytes ?? channel.maxBytes };
}

const EXT: Record<EncodeSettings["format"], string> = { png: "png", jpeg: "jpg", webp: "webp" };

export async function renderPackage(input: PackageData, options: RenderPackageOptions): Promise<RenderPackageResult> {
  const started = Date.now();
  const parsed = parsePackageData(input);
  if (!parsed.ok) throw new PackageInvalidError(parsed.issues);
  const pkg = parsed.data;
  // hand-written chart specs: expressions vega would refuse are reported by field path, before any browser starts
  const expressionIssues = pkg.charts.flatMap((chart, i) => (chart.spec ? chartExpressionIssues(chart.spec, `charts[${i}].spec`) : []));
  if (expressionIssues.length > 0) throw new PackageInvalidError(expressionIssues);
  const presets = resolvePresets(options.presets);
  const channels = CHANNEL_IDS.filter((id) => (options.channels ?? CHANNEL_IDS).includes(id));
  const report = options.onProgress ?? (() => {});

  // 2. plan
  const warnings = new Set<string>();
  const warn = (message: string) => warnings.add(message);
  const planned: Planned[] = [];
  const graphicPlans = planGraphics(pkg, warn);
  for (const id of channels) {
    const channel = presets[id];
    for (const output of channel.outputs) planned.push({ channel, output, jobs: planCards(output.template, pkg, output.size, { warn }), graphic: null });
    planned.push(...planChannelGraphics(channel, graphicPlans, warn));
  }
  const tasks = new Map<string, Task>();
  const taskFor = (job: CardJob): Task => {
    const task = tasks.get(job.key) ?? { job, long: job.size.height === 0, maxHeights: new Set<number>(), showsGraphics: false, result: null };
    tasks.set(job.key, task);
    return task;
  };
  for (const { output, jobs, graphic } of planned) {
    for (const job of jobs) {
      const task = taskFor(job);
      if (task.long) task.maxHeights.add(output.maxHeight ?? 16000);
      if (graphic === null && job.templateId === "long-image") task.showsGraphics = true;
    }
  }
  // Each 图解 once more at the long image's width, unless no channel has the long image.
  const longGraphics: LongGraphic[] = [...tasks.values()].some((t) => t.showsGraphics)
    ? graphicPlans.map((plan) => {
        const { templateId, slots } = plan.graphic;
        const sizeKey = graphicSizeKey(templateId, LONG_IMAGE_GRAPHIC_SIZES) ?? Object.keys(templateRegistry[templateId].sizes)[0];
        const built = graphicJob(templateId, slots, sizeKey);
        if (!built.ok) throw new PackageInvalidError([{ path: `图解 ${plan.position}（${plan.name}）`, message: built.issues.join("；") }]);
        const task = taskFor(built.job);
        if (task.long) task.maxHeights.add(LONG_GRAPHIC_SLICE);
        return { plan, task };
      })
    : [];
  let total = planned.reduce((n, p) => n + p.jobs.length, 0);
  let done = 0;
  report({ phase: "start", done, total, message: `共 ${channels.length} 个渠道，预计 ${total} 张图片` });

  const ownPool = !options.pool;
  const launchStart = Date.now();
  const pool = options.pool ?? (await BrowserPool.create({ size: options.poolSize }));
  const launchMs = Date.now() - launchStart;
  const prefix = `x${++exportCounter}`;
  try {
    // 3. assets
    const assetBodies: Record<string, { body: Buffer; contentType: string }> = {};
    if (pkg.theme.logo) assetBodies["logo.png"] = { body: await prepareUserImage(pkg.theme.logo, "单位标志", { width: 256, height: 256 }), contentType: "image/png" };
    for (const g of pkg.graphics) {
      assetBodies[`graphic-${g.id}.png`] = { body: await prepareUserImage(g.image, `图解「${g.title}」`, { width: 1840, height: 6000 }), contentType: "image/png" };
    }
    const urls = pool.addAssets(prefix, assetBodies);
    const graphics: Record<string, string> = {};
    for (const g of pkg.graphics) graphics[g.id] = urls[`graphic-${g.id}.png`];
    const ctx: CardContext = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: urls["logo.png"] ?? null, graphics } };

    // 4 + 5. render and encode, overlapped
    const renderStart = Date.now();
    let blocked = 0;
    const encodes = new Map<string, Promise<Encoded>>();
    const encode = (key: string, png: Buffer, settings: EncodeSettings, maxBytes: number, label: string): Promise<Encoded> => {
      const cacheKey = `${key}|${JSON.stringify(settings)}|${maxBytes}`;
      let pending = encodes.get(cacheKey);
      if (!pending) {
        pending = encodeWithinLimit(png, settings, maxBytes, label).then((encoded) => {
          done += 1;
          report({ phase: "encode", done, total, message: label });
          return encoded;
        });
        encodes.set(cacheKey, pending);
      }
      return pending;
    };
    const start = (task: Task, taskCtx: CardContext) =>
      pool.run<CardCapture[] | LongCapture>((worker) =>
        task.long ? renderLong(worker, task.job, taskCtx, [...task.maxHeights], options.inspect) : renderCard(worker, task.job, taskCtx, options.inspect),
      );
    for (const task of tasks.values()) if (!task.showsGraphics) task.result = start(task, ctx);
    const tujie = embedGraphics(longGraphics, pool, prefix);
    for (const task of tasks.values()) {
      if (task.showsGraphics) task.result = tujie.then((embedded) => start(task, { ...ctx, assets: { ...ctx.assets, tujie: embedded } }));
    }

    type Pending = { meta: Omit<PackedImage["meta"], "file" | "format" | "quality" | "width" | "height">; encoded: Promise<Encoded>; name: string; maxBytes: number };
    const perChannel = new Map<ChannelId, { cards: Pending[]; graphics: { position: number; items: Pending[] }[] }>();
    const outcomes = await Promise.allSettled(
      planned.map(async ({ channel, output, jobs, graphic }) => {
        const list: Pending[][] = [];
        for (const job of jobs) {
          const task = tasks.get(job.key);
          if (!task?.result) throw new Error(`task missing for ${job.key}`);
          const result = await task.result;
          const { settings, maxBytes } = settingsFor(channel, output);
          const base = {
            channel: channel.id,
            channelName: channel.name,
            template: job.templateId,
            templateVersion: job.version,
            size: job.sizeKey,
            ...(graphic ? { graphic: { position: graphic.position, fingerprint: graphic.fingerprint } } : {}),
          };
          // A 图解 carries the officer's alt text and long description, and its own file stem.
          const stem = graphic?.stem ?? job.stem;
          const title = graphic ? `图解${graphic.position}·${graphic.name}` : job.templateName;
          const altOf = (generated: string) => graphic?.graphic.altText || generated;
          const longOf = (generated: string) => graphic?.graphic.longDescription || generated;
          const items: Pending[] = [];
          if (Array.isArray(result)) {
            if (result.length > 1) total += result.length - 1;
            for (const cap of result) {
              const cont = cap.part > 0 ? `（续${cap.part}）` : "";
              items.push({
                meta: { ...base, altText: graphic ? `${altOf(cap.altText)}${cont}` : cap.altText, longDescription: longOf(cap.longDescription), continuation: cap.part, slice: null },
                encoded: encode(`${job.key}#${cap.part}`, cap.png, settings, maxBytes, `${channel.name}·${title}${cont}`),
                name: `${stem}${cap.part > 0 ? `-cont${cap.part}` : ""}`,
                maxBytes,
              });
            }
          } else {
            const slices = result.slices.get(output.maxHeight ?? 16000) ?? [];
            if (slices.length > 1) total += slices.length - 1;
            slices.forEach((slice, index) => {
              const label = `${channel.name}·${title}第 ${index + 1}/${slices.length} 段`;
              const part = slices.length > 1 ? `（第 ${index + 1}/${slices.length} 段）` : "";
              items.push({
                meta: { ...base, altText: `${altOf(result.altText)}${part}`, longDescription: longOf(result.longDescription), continuation: 0, slice: { index: index + 1, count: slices.length, y: slice.y } },
                encoded: encode(`${job.key}@${slice.y}+${slice.height}`, slice.png, settings, maxBytes, label),
                name: `${stem}${slices.length > 1 ? `-${index + 1}` : ""}`,
                maxBytes,
              });
            });
          }
          list.push(items);
        }
        return { channel: channel.id, items: list.flat(), graphic: graphic?.position ?? null };
      }),
    );
    // Blocked requests are counted per task, once.
    for (const task of tasks.values()) {
      const result = await task.result?.catch(() => null);
      if (!result) continue;
      blocked += Array.isArray(result) ? result.reduce((n, c) => n + c.blocked, 0) : result.blocked;
    }
    const failure = outcomes.find((o) => o.status === "rejected");
    if (failure && failure.status === "rejected") throw failure.reason;
    for (const outcome of outcomes) {
      if (outcome.status !== "fulfilled") continue;
      const { channel, items, graphic } = outcome.value;
      const entry = perChannel.get(channel) ?? { cards: [], graphics: [] };
      if (graphic === null) entry.cards.push(...items);
      else entry.graphics.push({ position: graphic, items });
      perChannel.set(channel, entry);
    }

    const images: { image: PackedImage; maxBytes: number }[] = [];
    const allPending = [...perChannel.values()].flatMap((e) => [...e.cards, ...e.graphics.flatMap((g) => g.items)]);
    const encodedAll = await Promise.allSettled(allPending.map((p) => p.encoded));
    const encodeFailure = encodedAll.find((o) => o.status === "rejected");
    if (encodeFailure && encodeFailure.status === "rejected") throw encodeFailure.reason;
    for (const id of channels) {
      const entry = perChannel.get(id) ?? { cards: [], graphics: [] };
      // 图解 follow the generated cards, in package order, while the channel has room.
      const list = [...entry.cards];
      for (const g of entry.graphics) {
        if (list.length + g.items.length > presets[id].maxImages) {
          warn(`${presets[id].name}最多 ${presets[id].maxImages} 张图片，图解 ${g.position} 放不下，未放入该渠道；如需发布，请减少问答或图表后重新导出。`);
          continue;
        }
        list.push(...g.items);
      }
      let n = 0;
      for (const p of list) {
        const encoded = await p.encoded;
        n += 1;
        images.push({
          image: {
            meta: { ...p.meta, file: `${id}/${String(n).padStart(2, "0")}-${p.name}.${EXT[encoded.format]}`, format: encoded.format, quality: encoded.quality, width: encoded.width, height: encoded.height },
            data: encoded.data,
          },
          maxBytes: p.maxBytes,
        });
      }
    }
    const renderMs = Date.now() - renderStart;

    // 6. channel checks
    for (const id of channels) checkChannel(presets[id], images.filter((i) => i.image.meta.channel === id));

    // 7. pack
    report({ phase: "pack", done, total, message: "写入文件与压缩包" });
    const packStart = Date.now();
    const packed = await writeExport(
      options.outDir,
      images.map((i) => i.image),
      {
        generator: "jiedu render",
        document: pkg.document,
        channels: [...channels],
        templateVersions: templateVersions(),
        ...(options.videos?.manifest.length ? { videos: options.videos.manifest } : {}),
        warnings: [...warnings],
      },
      { zipName: options.zip === false ? null : "jiedu-images.zip", extraFiles: options.videos?.files },
    );
    const packMs = Date.now() - packStart;
    report({ phase: "done", done: images.length, total: images.length, message: `完成：${images.length} 张图片` });
    return {
      ...packed,
      blockedRequests: blocked,
      warnings: [...warnings],
      replacedBrowsers: pool.replacedBrowsers,
      timings: { totalMs: Date.now() - started, launchMs, renderMs, packMs },
    };
  } finally {
    pool.removeAssets(prefix);
    if (ownPool) await pool.close();
  }
}

function checkChannel(preset: ChannelPreset, images: { image: PackedImage; maxBytes: number }[]): void {
  if (images.length > preset.maxImages) {
    throw new ChannelLimitError(`${preset.name}最多 ${preset.maxImages} 张图片，本次生成 ${images.length} 张：请减少问答或图表，或分两次发布。`);
  }
  if (images.length < preset.minImages) throw new ChannelLimitError(`${preset.name}至少需要 ${preset.minImages} 张图片。`);
  for (const { image, maxBytes } of images) {
    const { width, height, file } = image.meta;
    if (preset.aspect) {
      const ratio = width / height;
      if (ratio < preset.aspect.min - 0.001 || ratio > preset.aspect.max + 0.001) throw new ChannelLimitError(`图片「${file}」宽高比 ${width}:${height} 不符合${preset.name}要求。`);
    }
    if (preset.maxPixels && width * height > preset.maxPixels) throw new ChannelLimitError(`图片「${file}」有 ${width * height} 像素，超过${preset.name}上限 ${preset.maxPixels}。`);
    if (image.data.length > maxBytes) throw new ChannelLimitError(`图片「${file}」有 ${formatBytes(image.data.length)}，超过${preset.name}上限。`);
  }
}

/**
 * Waits for the 图解 captures made for the long image and serves them to its page: a card with
 * its "续" cards, or the slices of a long 图解, with the officer's alt text and long description
 * (else the template's), as the graphic's channel image carries them.
 */
async function embedGraphics(longGraphics: LongGraphic[], pool: BrowserPool, prefix: string): Promise<EmbeddedGraphic[]> {
  const embedded: EmbeddedGraphic[] = [];
  for (const { plan, task } of longGraphics) {
    if (!task.result) throw new Error(`task missing for ${task.job.key}`);
    const result = await task.result;
    const parts = Array.isArray(result)
      ? result.map((cap) => ({ png: cap.png, width: cap.width, height: cap.height }))
      : (result.slices.get(LONG_GRAPHIC_SLICE) ?? []).map((slice) => ({ png: slice.png, width: result.width, height: slice.height }));
    const bodies: Record<string, { body: Buffer; contentType: string }> = {};
    parts.forEach((part, index) => {
      bodies[`tujie-${plan.position}-${index}.png`] = { body: part.png, contentType: "image/png" };
    });
    const urls = pool.addAssets(prefix, bodies);
    const generatedAlt = Array.isArray(result) ? (result[0]?.altText ?? "") : result.altText;
    const generatedLong = Array.isArray(result) ? [...new Set(result.map((cap) => cap.longDescription))].join("\n") : result.longDescription;
    embedded.push({
      position: plan.position,
      images: parts.map((part, index) => ({ src: urls[`tujie-${plan.position}-${index}.png`], width: part.width, height: part.height })),
      sliced: !Array.isArray(result),
      altText: plan.graphic.altText || generatedAlt,
      longDescription: plan.graphic.longDescription || generatedLong,
    });
  }
  return embedded;
}

/**
 * The package's saved 图解, checked once against their templates: slot values that no longer fit
 * the template (e.g. after a template change) stop the export with the graphic named.
 */
function planGraphics(pkg: PackageData, warn: (message: string) => void): GraphicPlan[] {
  const issues: PackageIssue[] = [];
  const plans = pkg.templateGraphics.map((graphic, index): GraphicPlan => {
    const position = index + 1;
    const def = templateRegistry[graphic.templateId];
    const check = graphicJob(graphic.templateId, graphic.slots, Object.keys(def.sizes)[0]);
    if (!check.ok) issues.push({ path: `图解 ${position}（${def.name}）`, message: `${check.issues.join("；")}，请在解读材料的“图解”中修改` });
    if (graphic.templateVersion !== def.version) warn(`图解 ${position}（${def.name}）保存时为模板第 ${graphic.templateVersion} 版，已按第 ${def.version} 版生成，请核对图片。`);
    return { position, stem: graphicFileStem(position, graphic.templateId, graphic.slots), fingerprint: graphicFingerprint(graphic.templateId, graphic.slots), name: def.name, graphic };
  });
  if (issues.length > 0) throw new PackageInvalidError(issues);
  return plans;
}

/** Each 图解 at the first size the channel takes graphics at; a long one is sliced like the channel's long image. */
function planChannelGraphics(channel: ChannelPreset, plans: GraphicPlan[], warn: (message: string) => void): Planned[] {
  const out: Planned[] = [];
  for (const plan of plans) {
    const { templateId, slots } = plan.graphic;
    const sizeKey = graphicSizeKey(templateId, channel.graphicSizes);
    if (sizeKey === null) {
      const sizes = Object.values(templateRegistry[templateId].sizes).map((s) => (s.height === 0 ? `${s.width}×长图` : `${s.width}×${s.height}`));
      warn(`图解 ${plan.position}（${plan.name}，${sizes.join("、")}）的尺寸不适合${channel.name}，未放入该渠道。`);
      continue;
    }
    const built = graphicJob(templateId, slots, sizeKey);
    if (!built.ok) continue; // reported by planGraphics
    const long = built.job.size.height === 0;
    const longOutput = channel.outputs.find((o) => {
      const sizes: Readonly<Record<string, { height: number }>> = templateRegistry[o.template].sizes;
      return sizes[o.size]?.height === 0;
    });
    const output: ChannelOutput = long
      ? { template: templateId, size: sizeKey, maxHeight: longOutput?.maxHeight ?? 16000, encode: longOutput?.encode, maxBytes: longOutput?.maxBytes }
      : { template: templateId, size: sizeKey };
    out.push({ channel, output, jobs: [built.job], graphic: plan });
  }
  return out;
}
