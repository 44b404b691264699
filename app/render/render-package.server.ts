/**
 * `renderPackage` — the exporter's entry point, used by the CLI, the DB export job and the UI.
 *
 *   1. validate    parsePackageData (bounded lengths) → PackageData
 *   2. plan        channel presets × templates → card jobs; identical jobs (same template,
 *                  version, size, slots) across channels are rendered once
 *   3. assets      logo / graphics → sharp (pixel limit) → served to the page from memory
 *   4. render      jobs on the browser pool (browser.server.ts), in parallel across browsers
 *   5. encode      each capture is encoded per channel as soon as it exists, overlapping the
 *                  next screenshots (image.server.ts); byte limits with stepped quality
 *   6. check       per channel: image count, aspect ratio, pixel limits
 *   7. pack        files, manifest.json, alt-text.txt, ZIP (pack.server.ts)
 */
import { type PackageData, type PackageIssue, parsePackageData } from "~/domain/package-data";
import { type CardJob, planCards, templateVersions } from "../../templates/registry";
import { resolveTheme } from "../../templates/shared/themes";
import { BrowserPool, type CardCapture, type CardContext, type InspectHook, type LongCapture, renderCard, renderLong } from "./browser.server";
import { type Encoded, encodeWithinLimit, formatBytes, prepareUserImage } from "./image.server";
import { type Manifest, type PackedImage, writeExport } from "./pack.server";
import { CHANNEL_IDS, type ChannelId, type ChannelOutput, type ChannelPreset, type EncodeSettings, type PresetOverrides, resolvePresets } from "./presets";

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

type Planned = { channel: ChannelPreset; output: ChannelOutput; jobs: CardJob[] };
type Task = { job: CardJob; long: boolean; maxHeights: Set<number>; result: Promise<CardCapture[] | LongCapture> | null };

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
  const presets = resolvePresets(options.presets);
  const channels = CHANNEL_IDS.filter((id) => (options.channels ?? CHANNEL_IDS).includes(id));
  const report = options.onProgress ?? (() => {});

  // 2. plan
  const warnings = new Set<string>();
  const warn = (message: string) => warnings.add(message);
  const planned: Planned[] = [];
  for (const id of channels) {
    const channel = presets[id];
    for (const output of channel.outputs) planned.push({ channel, output, jobs: planCards(output.template, pkg, output.size, { warn }) });
  }
  const tasks = new Map<string, Task>();
  for (const { output, jobs } of planned) {
    for (const job of jobs) {
      const task = tasks.get(job.key) ?? { job, long: job.size.height === 0, maxHeights: new Set<number>(), result: null };
      if (task.long) task.maxHeights.add(output.maxHeight ?? 16000);
      tasks.set(job.key, task);
    }
  }
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
    for (const task of tasks.values()) {
      task.result = pool.run<CardCapture[] | LongCapture>((worker) => (task.long ? renderLong(worker, task.job, ctx, [...task.maxHeights], options.inspect) : renderCard(worker, task.job, ctx, options.inspect)));
    }

    type Pending = { meta: Omit<PackedImage["meta"], "file" | "format" | "quality" | "width" | "height">; encoded: Promise<Encoded>; name: string };
    const perChannel = new Map<ChannelId, Pending[]>();
    const outcomes = await Promise.allSettled(
      planned.map(async ({ channel, output, jobs }) => {
        const list: Pending[][] = [];
        for (const job of jobs) {
          const task = tasks.get(job.key);
          if (!task?.result) throw new Error(`task missing for ${job.key}`);
          const result = await task.result;
          const { settings, maxBytes } = settingsFor(channel, output);
          const base = { channel: channel.id, channelName: channel.name, template: job.templateId, templateVersion: job.version, size: job.sizeKey };
          const items: Pending[] = [];
          if (Array.isArray(result)) {
            if (result.length > 1) total += result.length - 1;
            for (const cap of result) {
              const label = `${channel.name}·${job.templateName}${cap.part > 0 ? `（续${cap.part}）` : ""}`;
              items.push({
                meta: { ...base, altText: cap.altText, longDescription: cap.longDescription, continuation: cap.part, slice: null },
                encoded: encode(`${job.key}#${cap.part}`, cap.png, settings, maxBytes, label),
                name: `${job.templateId}${cap.part > 0 ? `-cont${cap.part}` : ""}`,
              });
            }
          } else {
            const slices = result.slices.get(output.maxHeight ?? 16000) ?? [];
            if (slices.length > 1) total += slices.length - 1;
            slices.forEach((slice, index) => {
              const label = `${channel.name}·${job.templateName}第 ${index + 1}/${slices.length} 段`;
              const part = slices.length > 1 ? `（第 ${index + 1}/${slices.length} 段）` : "";
              items.push({
                meta: { ...base, altText: `${result.altText}${part}`, longDescription: result.longDescription, continuation: 0, slice: { index: index + 1, count: slices.length, y: slice.y } },
                encoded: encode(`${job.key}@${slice.y}+${slice.height}`, slice.png, settings, maxBytes, label),
                name: `${job.templateId}${slices.length > 1 ? `-${index + 1}` : ""}`,
              });
            });
          }
          list.push(items);
        }
        return { channel: channel.id, items: list.flat() };
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
      perChannel.set(outcome.value.channel, [...(perChannel.get(outcome.value.channel) ?? []), ...outcome.value.items]);
    }

    const images: PackedImage[] = [];
    const encodedAll = await Promise.allSettled([...perChannel.values()].flat().map((p) => p.encoded));
    const encodeFailure = encodedAll.find((o) => o.status === "rejected");
    if (encodeFailure && encodeFailure.status === "rejected") throw encodeFailure.reason;
    for (const id of channels) {
      const list = perChannel.get(id) ?? [];
      let n = 0;
      for (const p of list) {
        const encoded = await p.encoded;
        n += 1;
        images.push({
          meta: { ...p.meta, file: `${id}/${String(n).padStart(2, "0")}-${p.name}.${EXT[encoded.format]}`, format: encoded.format, quality: encoded.quality, width: encoded.width, height: encoded.height },
          data: encoded.data,
        });
      }
    }
    const renderMs = Date.now() - renderStart;

    // 6. channel checks
    for (const id of channels) checkChannel(presets[id], images.filter((i) => i.meta.channel === id));

    // 7. pack
    report({ phase: "pack", done, total, message: "写入文件与压缩包" });
    const packStart = Date.now();
    const packed = await writeExport(
      options.outDir,
      images,
      { generator: "jiedu render", document: pkg.document, channels: [...channels], templateVersions: templateVersions(), warnings: [...warnings] },
      { zipName: options.zip === false ? null : "jiedu-images.zip" },
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

function checkChannel(preset: ChannelPreset, images: PackedImage[]): void {
  if (images.length > preset.maxImages) {
    throw new ChannelLimitError(`${preset.name}最多 ${preset.maxImages} 张图片，本次生成 ${images.length} 张：请减少问答或图表，或分两次发布。`);
  }
  if (images.length < preset.minImages) throw new ChannelLimitError(`${preset.name}至少需要 ${preset.minImages} 张图片。`);
  for (const image of images) {
    const { width, height, file } = image.meta;
    if (preset.aspect) {
      const ratio = width / height;
      if (ratio < preset.aspect.min - 0.001 || ratio > preset.aspect.max + 0.001) throw new ChannelLimitError(`图片「${file}」宽高比 ${width}:${height} 不符合${preset.name}要求。`);
    }
    if (preset.maxPixels && width * height > preset.maxPixels) throw new ChannelLimitError(`图片「${file}」有 ${width * height} 像素，超过${preset.name}上限 ${preset.maxPixels}。`);
    if (image.data.length > (preset.outputs.find((o) => o.template === image.meta.template && o.size === image.meta.size)?.maxBytes ?? preset.maxBytes)) {
      throw new ChannelLimitError(`图片「${file}」有 ${formatBytes(image.data.length)}，超过${preset.name}上限。`);
    }
  }
}
