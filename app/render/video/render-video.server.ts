/**
 * `renderVideos` — the video interpretation (视频解读) of a package, one MP4 per preset, on the
 * image exporter's browser pool, templates and fonts (no second renderer).
 *
 *   1. check      ffmpeg present (else FfmpegMissingError, before any browser work)
 *   2. cards      each scene's card through its own template (cover, 数字卡 with its count-up,
 *                 问答卡 and its "续" cards, 图表卡, 时间轴, a saved 图解), captured once at the
 *                 card's own size and shared by all presets (frames.server.ts captureCard)
 *   3. frames     per preset: the card scaled onto the stage, the caption fitted (避头尾, at most
 *                 two lines, split into cues otherwise), one PNG per distinct state
 *   4. encode     segments → ffmpeg (encode.server.ts), checked with ffprobe
 *   5. publish    MP4, WebVTT, SRT and a JPEG poster moved into `outDir` only after the check;
 *                 the work directory is removed whatever happens
 *
 * Encoding of one preset overlaps the frame capture of the next.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import type { PackageData } from "~/domain/package-data";
import { SCENE_KIND_LABELS, VIDEO_GRAPHIC_SIZES, type VideoSceneKind } from "~/domain/video/storyboard";
import type { VideoData } from "~/features/video/video-data";
import { type CardJob, graphicJob, graphicSizeKey, planCards, templateRegistry } from "../../../templates/registry";
import type { TemplateId } from "~/domain/vocabulary";
import { resolveTheme } from "../../../templates/shared/themes";
import { BrowserPool, type CardContext } from "../browser.server";
import { type FfmpegTools, requireFfmpeg } from "../ffmpeg-path";
import { prepareUserImage } from "../image.server";
import type { ManifestVideo } from "../pack.server";
import { COUNT_UP_SECONDS, COUNT_UP_STEPS, MP4_CODECS, VIDEO_FPS, VIDEO_PRESETS, VIDEO_TRANSITION_SECONDS, type VideoPreset, type VideoPresetId } from "../video-presets";
import { toSrt, toWebVtt } from "./captions";
import { encodeVideo, type ProbeResult, verifyEncoded } from "./encode.server";
import { type CardShots, captureCard, composeScene, type FrameInspectHook, fitToStage } from "./frames.server";
import { buildTimeline, type SceneShape, stateKey, type TimelineOptions } from "./timeline";

export type VideoProgress = { preset: VideoPresetId | null; phase: "cards" | "frames" | "encode" | "done"; fraction: number; message: string };

export type RenderVideosOptions = {
  outDir: string;
  presets: readonly VideoPresetId[];
  pool?: BrowserPool;
  /** frames per second (30; tests use fewer to stay fast) */
  fps?: number;
  /** background music, already checked to be audio */
  musicPath?: string | null;
  tools?: FfmpegTools;
  onProgress?: (progress: VideoProgress) => void;
  /** Test hook on each laid-out frame (once per caption cue). */
  inspect?: FrameInspectHook;
};

export type RenderedVideo = {
  preset: VideoPresetId;
  /** paths relative to outDir */
  file: string;
  vttFile: string;
  srtFile: string;
  posterFile: string;
  width: number;
  height: number;
  durationMs: number;
  bytes: number;
  sha256: string;
  transcript: string;
  cues: Array<{ scene: number; start: number; end: number; text: string }>;
  probe: ProbeResult;
  timings: { framesMs: number; encodeMs: number; capturedStates: number };
};

export type RenderVideosResult = { videos: RenderedVideo[]; timings: { totalMs: number; cardsMs: number } };

const TEMPLATE_OF: Record<Exclude<VideoSceneKind, "graphic">, TemplateId> = {
  cover: "cover",
  figures: "figures-card",
  qa: "qa-card",
  chart: "chart-card",
  timeline: "timeline",
};

/** The card job of a scene (the same job the image export renders for that item). */
export function sceneJob(pkg: PackageData, kind: VideoSceneKind, ref: number): CardJob {
  if (kind === "graphic") {
    const g = pkg.templateGraphics[ref];
    if (!g) throw new Error(`视频场景引用的图解 ${ref + 1} 不存在`);
    const sizeKey = graphicSizeKey(g.templateId, VIDEO_GRAPHIC_SIZES);
    if (!sizeKey) throw new Error(`图解 ${ref + 1}（${templateRegistry[g.templateId].name}）没有适合视频的尺寸`);
    const built = graphicJob(g.templateId, g.slots, sizeKey);
    if (!built.ok) throw new Error(`图解 ${ref + 1}：${built.issues.join("；")}`);
    return built.job;
  }
  const jobs = planCards(TEMPLATE_OF[kind], pkg, "portrait", { warn: () => {} });
  const job = jobs[ref];
  if (!job) throw new Error(`视频场景引用的${SCENE_KIND_LABELS[kind]}（第 ${ref + 1} 项）不存在`);
  return job;
}

export function timingFor(fps: number): TimelineOptions & { countUpSteps: number } {
  const countUpSteps = Math.max(1, Math.min(COUNT_UP_STEPS, Math.floor(COUNT_UP_SECONDS * fps)));
  return { transitionFrames: Math.max(1, Math.round(VIDEO_TRANSITION_SECONDS * fps)), countUpFramesPerStep: Math.max(1, Math.round((COUNT_UP_SECONDS * fps) / countUpSteps)), countUpSteps };
}

/** The scene's name beside the card (landscape), for the viewer: the cover needs none. */
const VIEWER_LABELS: Record<VideoSceneKind, string> = { cover: "", figures: "数说政策", qa: "简明问答", chart: "图表解读", timeline: "时间节点", graphic: "图解" };

let videoCounter = 0;

export async function renderVideos(pkg: PackageData, video: VideoData, options: RenderVideosOptions): Promise<RenderVideosResult> {
  const started = Date.now();
  const tools = options.tools ?? requireFfmpeg();
  const fps = options.fps ?? VIDEO_FPS;
  const timing = timingFor(fps);
  const report = options.onProgress ?? (() => {});
  const ownPool = !options.pool;
  const pool = options.pool ?? (await BrowserPool.create({ size: 2 }));
  const prefix = `v${++videoCounter}`;
  await mkdir(options.outDir, { recursive: true });
  const work = await mkdtemp(join(options.outDir, ".video-work-"));
  try {
    // assets as the image export prepares them
    const assets: Record<string, { body: Buffer; contentType: string }> = {};
    if (pkg.theme.logo) assets["logo.png"] = { body: await prepareUserImage(pkg.theme.logo, "单位标志", { width: 256, height: 256 }), contentType: "image/png" };
    const urls = pool.addAssets(prefix, assets);
    const ctx: CardContext = { theme: resolveTheme(pkg.theme), document: pkg.document, assets: { logo: urls["logo.png"] ?? null, graphics: {} } };

    // 2. cards, once for all presets
    report({ preset: null, phase: "cards", fraction: 0, message: `生成视频画面：${video.scenes.length} 个场景` });
    const cardsStart = Date.now();
    const cards: CardShots[] = await Promise.all(
      video.scenes.map((scene) => captureCard(pool, sceneJob(pkg, scene.kind, scene.ref), ctx, scene.kind === "figures" ? timing.countUpSteps : 0)),
    );
    const cardsMs = Date.now() - cardsStart;

    const videos: RenderedVideo[] = [];
    let encoding: Promise<void> = Promise.resolve();
    for (const id of options.presets) {
      const preset = VIDEO_PRESETS[id];
      const framesStart = Date.now();
      report({ preset: id, phase: "frames", fraction: 0, message: `${preset.name}：生成画面` });
      const dir = join(work, id);
      await mkdir(dir);
      const frames = await composePreset(pool, preset, pkg, video, cards, ctx, fps, timing, prefix, options.inspect);
      const framePaths = new Map<string, string>();
      let n = 0;
      for (const [key, png] of frames.shots) {
        const path = join(dir, `f${String(n++).padStart(4, "0")}.png`);
        await writeFile(path, png);
        framePaths.set(key, path);
      }
      const framesMs = Date.now() - framesStart;
      const previous = encoding;
      encoding = previous.then(async () => {
        const tmpOut = join(dir, "video.mp4");
        const { encodeMs } = await encodeVideo({
          tools,
          preset,
          fps,
          totalFrames: frames.timeline.totalFrames,
          transitionFrames: timing.transitionFrames,
          segments: frames.timeline.segments,
          framePaths,
          musicPath: options.musicPath ?? null,
          workDir: dir,
          outPath: tmpOut,
          onProgress: (fraction) => report({ preset: id, phase: "encode", fraction, message: `${preset.name}：编码 ${Math.round(fraction * 100)}%` }),
        });
        const probed = await verifyEncoded(tools.ffprobe, tmpOut, preset, fps, frames.timeline.totalFrames);
        const cues = frames.timeline.cues.map((c) => ({ scene: c.scene, start: c.startFrame / fps, end: c.endFrame / fps, text: c.text }));
        const posterKey = stateKey(frames.timeline.segments[0].holds[0].state);
        const poster = await sharp(frames.shots.get(posterKey)).jpeg({ quality: 86, mozjpeg: true }).toBuffer();
        const base = `video/${id}`;
        const data = await readFile(tmpOut);
        videos.push({
          preset: id,
          file: `${base}.mp4`,
          vttFile: `${base}.zh.vtt`,
          srtFile: `${base}.zh.srt`,
          posterFile: `${base}-poster.jpg`,
          width: preset.width,
          height: preset.height,
          durationMs: Math.round((frames.timeline.totalFrames / fps) * 1000),
          bytes: data.length,
          sha256: createHash("sha256").update(data).digest("hex"),
          transcript: frames.transcript,
          cues,
          probe: probed,
          timings: { framesMs, encodeMs, capturedStates: frames.shots.size },
        });
        await mkdir(join(work, "out", "video"), { recursive: true });
        await rename(tmpOut, join(work, "out", `${base}.mp4`));
        await writeFile(join(work, "out", `${base}.zh.vtt`), toWebVtt(frames.timeline.cues, fps));
        await writeFile(join(work, "out", `${base}.zh.srt`), toSrt(frames.timeline.cues, fps));
        await writeFile(join(work, "out", `${base}-poster.jpg`), poster);
        await rm(dir, { recursive: true, force: true });
      });
      // a failed encode stops the loop at the next await, not only at the end
      encoding.catch(() => {});
    }
    await encoding;
    // 5. publish: everything checked, moved into place together
    await mkdir(join(options.outDir, "video"), { recursive: true });
    for (const v of videos) for (const f of [v.file, v.vttFile, v.srtFile, v.posterFile]) await rename(join(work, "out", f), join(options.outDir, f));
    report({ preset: null, phase: "done", fraction: 1, message: `完成：${videos.length} 个视频` });
    return { videos, timings: { totalMs: Date.now() - started, cardsMs } };
  } finally {
    pool.removeAssets(prefix);
    await rm(work, { recursive: true, force: true });
    if (ownPool) await pool.close();
  }
}

type ComposedPreset = { shots: Map<string, Buffer>; timeline: ReturnType<typeof buildTimeline>; transcript: string };

async function composePreset(
  pool: BrowserPool,
  preset: VideoPreset,
  pkg: PackageData,
  video: VideoData,
  cards: CardShots[],
  ctx: CardContext,
  fps: number,
  timing: TimelineOptions,
  prefix: string,
  inspect?: FrameInspectHook,
): Promise<ComposedPreset> {
  const scenePrefix = `${prefix}-${preset.id}`;
  try {
    // the cards scaled onto this preset's stage, served to the frame page
    const staged = await Promise.all(
      cards.map(async (card, i) => {
        const fit = await Promise.all([...card.parts, ...card.countUp].map((png) => fitToStage(png, card, preset)));
        const bodies: Record<string, { body: Buffer; contentType: string }> = {};
        fit.forEach((f, k) => {
          bodies[`s${i}-${k}.png`] = { body: f.png, contentType: "image/png" };
        });
        const urls = pool.addAssets(scenePrefix, bodies);
        const all = fit.map((_, k) => urls[`s${i}-${k}.png`]);
        return { parts: all.slice(0, card.parts.length), countUp: all.slice(card.parts.length), size: { width: fit[0].width, height: fit[0].height } };
      }),
    );
    const durations = video.scenes.map((s) => Math.round(s.duration * fps));
    const starts = durations.map((_, i) => durations.slice(0, i).reduce((a, b) => a + b, 0));
    const kindCount = (kind: VideoSceneKind) => video.scenes.filter((s) => s.kind === kind).length;
    const kindIndex = (i: number) => video.scenes.slice(0, i + 1).filter((s) => s.kind === video.scenes[i].kind).length;
    const composed = await Promise.all(
      video.scenes.map((scene, i) => {
        const shape: Omit<SceneShape, "cues"> = { durationFrames: durations[i], parts: cards[i].parts.length, countUpSteps: cards[i].countUp.length };
        const total = kindCount(scene.kind);
        return composeScene(
          pool,
          preset,
          ctx,
          {
            index: i,
            shape,
            start: starts[i],
            isFirst: i === 0,
            isLast: i === video.scenes.length - 1,
            caption: scene.caption,
            slots: { title: pkg.document.title, department: pkg.document.department, docNumber: pkg.document.docNumber ?? "", label: VIEWER_LABELS[scene.kind] && `${VIEWER_LABELS[scene.kind]}${total > 1 ? ` ${kindIndex(i)}/${total}` : ""}` },
            parts: staged[i].parts,
            countUp: staged[i].countUp,
            stageSize: staged[i].size,
          },
          timing,
          inspect,
        );
      }),
    );
    const shapes: SceneShape[] = video.scenes.map((_, i) => ({ durationFrames: durations[i], parts: cards[i].parts.length, countUpSteps: cards[i].countUp.length, cues: composed[i].cues }));
    const timeline = buildTimeline(shapes, timing);
    const shots = new Map<string, Buffer>();
    for (const c of composed) for (const [k, v] of c.shots) shots.set(k, v);
    for (const segment of timeline.segments) for (const h of segment.holds) if (!shots.has(stateKey(h.state))) throw new Error(`no frame captured for state ${stateKey(h.state)}`);
    return { shots, timeline, transcript: composed.map((c) => c.cues.join("")).join("\n") };
  } finally {
    pool.removeAssets(scenePrefix);
  }
}

/** The pack's view of the videos: manifest entries and the files to put in the ZIP. */
export function videoPackEntries(videos: readonly RenderedVideo[]): { manifest: ManifestVideo[]; files: string[] } {
  return {
    manifest: videos.map((v) => ({
      file: v.file,
      preset: v.preset,
      presetName: VIDEO_PRESETS[v.preset].name,
      width: v.width,
      height: v.height,
      durationMs: v.durationMs,
      bytes: v.bytes,
      sha256: v.sha256,
      type: MP4_CODECS,
      captions: { vtt: v.vttFile, srt: v.srtFile },
      poster: v.posterFile,
      transcript: v.transcript,
    })),
    files: videos.flatMap((v) => [v.file, v.vttFile, v.srtFile, v.posterFile]),
  };
}
