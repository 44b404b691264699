/**
 * Export jobs — 导出新媒体图片 from the database, in the background of the server process.
 *
 *   queueExport(user, doc, channels)   permission → queued export_jobs row + audit → kick
 *   startPublishExport (workflow)      publish/retry → queued row → kick
 *   kickExportWorker()                 one loop per process: claim the oldest queued job
 *                                      (queued → running, atomically) → runExportJob → next
 *   runExportJob(jobId)                source → PackageData → renderPackage on the warm pool →
 *                                      export_files + done, or failed with a Chinese error;
 *                                      after done: pruneExportJobs (retention, below)
 *
 * Source: fixed when queued (export_jobs.source) — publish-time exports, and exports asked for
 * while the document is published, render the frozen publication (package snapshot + document
 * snapshot); anything else renders the live draft. The job records what it read
 * (source_published_at = the publication instant, or source_version = the draft's version), and
 * the public site serves only the export of the current publication. A job only ever writes
 * export_jobs/export_files — never documents or packages — so a failed export can never
 * unpublish anything.
 *
 * Output: EXPORTS_DIR/<jobId>/ holding the renderer's files (`<channel>/NN-template.ext`),
 * manifest.json, alt-text.txt and jiedu-images.zip; export_jobs.output_dir = "<jobId>" (relative
 * to EXPORTS_DIR) and zip_file = "jiedu-images.zip", the layout app/features/publish/public.server.ts reads.
 *
 * The worker runs only in the web server (started from entry.server.tsx) on the process's shared
 * BrowserPool (app/render/shared-pool.server.ts: also the evidence PDFs'), closed after a quiet
 * minute and on SIGTERM/SIGINT. Jobs left "running" by
 * a crashed process are queued again when the worker starts. JIEDU_EXPORT_WORKER=0 turns it off
 * (then `jiedu export` is the only exporter); under vitest it is off unless set to 1, so tests
 * that merely publish do not start Chromium in the background.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { and, asc, eq } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { type Db, getDb } from "~/db/client.server";
import { exportFiles, exportJobs, exportVideos, packages } from "~/db/schema";
import type { BrowserPool } from "~/render/browser.server";
import { closeSharedPool, configureSharedPool, sharedPoolOpen, withSharedPool } from "~/render/shared-pool.server";
import type { RenderProgress } from "~/render/render-package.server";
import { FfmpegMissingError, resolveFfmpeg } from "~/render/ffmpeg-path";
import type { ManifestVideo } from "~/render/pack.server";
import { type VideoPresetId, videoPresetsForChannels } from "~/render/video-presets";
import type { RenderedVideo } from "~/render/video/render-video.server";
import { writeMusicFile } from "~/features/video/index.server";
import type { ChannelId } from "~/domain/vocabulary";
import { CHANNEL_IDS } from "~/domain/vocabulary";
import { type ExportSource, exportSourceForDocument } from "./source.server";
import { pruneExportJobs } from "./retention.server";

const IDLE_CLOSE_MS = 60_000;
// ---------------------------------------------------------------------------------------------
// Running one job

/** Phase and message of jobs running in this process (the DB keeps done/total). */
export const liveProgress = new Map<number, { phase: RenderProgress["phase"]; message: string }>();

export type RunOptions = {
  db?: Db;
  /** Root of the exports (default EXPORTS_DIR). */
  exportsDir?: string;
  /** The warm pool to render on; without it renderPackage starts and closes its own. */
  pool?: () => Promise<BrowserPool>;
  poolSize?: number;
};

export type RunOutcome = { status: "done"; images: number; videos: number; videoError: string | null } | { status: "failed"; error: string } | { status: "skipped" } | { status: "requeued" };

/** The Chinese message stored for a failed export: what went wrong and what to do next. */
export function exportErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case "BrowserMissingError":
      // bilingual on purpose; the first line is the Chinese one
      return `${message.split("\n")[0]}安装后点击“重新导出”。`;
    case "PackageInvalidError":
      return `${message.replace(/\n\s*/g, " ").trim()} 请修改解读材料后点击“重新导出”。`;
    case "ChannelLimitError":
    case "LayoutError":
      return `${message} 修改后点击“重新导出”。`;
    default:
      return `生成图片时出错（${message.slice(0, 300)}），请点击“重新导出”重试；如仍失败，请联系管理员。`;
  }
}

function now(): string {
  return new Date().toISOString();
}

function fail(db: Db, jobId: number, error: string): RunOutcome {
  db.update(exportJobs).set({ status: "failed", error, finishedAt: now() }).where(eq(exportJobs.id, jobId)).run();
  return { status: "failed", error };
}

/**
 * Runs a queued job to done or failed. Returns "skipped" when the job is not queued (another
 * worker took it, or it is finished) — claiming is one UPDATE … WHERE status = 'queued'.
 */
export async function runExportJob(jobId: number, options: RunOptions = {}): Promise<RunOutcome> {
  const db = options.db ?? getDb();
  const claimed = db
    .update(exportJobs)
    .set({ status: "running", progress: 0, total: 0, error: null, finishedAt: null })
    .where(and(eq(exportJobs.id, jobId), eq(exportJobs.status, "queued")))
    .run();
  if (claimed.changes !== 1) return { status: "skipped" };
  liveProgress.set(jobId, { phase: "start", message: "正在准备解读材料" });
  try {
    const job = db
      .select({ channels: exportJobs.channels, source: exportJobs.source, documentId: packages.documentId })
      .from(exportJobs)
      .innerJoin(packages, eq(packages.id, exportJobs.packageId))
      .where(eq(exportJobs.id, jobId))
      .get();
    if (!job) return { status: "skipped" };
    const channels = CHANNEL_IDS.filter((id) => job.channels.includes(id));
    if (channels.length === 0) return fail(db, jobId, "这次导出没有可用的渠道，请重新选择渠道后导出。");
    const source = exportSourceForDocument(job.documentId, db, job.source);
    if (!source.ok) return fail(db, jobId, source.reason);
    // Bound now, to exactly what is rendered: the public site matches the publication instant.
    db.update(exportJobs).set({ sourcePublishedAt: source.publishedAt, sourceVersion: source.version }).where(eq(exportJobs.id, jobId)).run();

    const root = resolve(options.exportsDir ?? getConfig().EXPORTS_DIR);
    const outDir = join(root, String(jobId));
    // a run interrupted by a crash may have left part of a pack behind
    await rm(outDir, { recursive: true, force: true });
    const { renderPackage } = await import("~/render/render-package.server");
    const pool = options.pool ? await options.pool() : undefined;
    const made = await makeVideos(jobId, db, source, channels, outDir, pool);
    const result = await renderPackage(source.data, {
      outDir,
      channels,
      pool,
      videos: made.pack,
      poolSize: options.poolSize ?? getConfig().RENDER_POOL_SIZE,
      onProgress: (p) => {
        liveProgress.set(jobId, { phase: p.phase, message: p.message });
        db.update(exportJobs).set({ progress: p.done, total: p.total }).where(and(eq(exportJobs.id, jobId), eq(exportJobs.status, "running"))).run();
      },
    });
    const images = result.manifest.images;
    db.transaction((tx) => {
      tx.delete(exportFiles).where(eq(exportFiles.jobId, jobId)).run();
      for (const image of images) {
        tx.insert(exportFiles)
          .values({
            jobId,
            file: image.file,
            channel: image.channel,
            template: image.template,
            width: image.width,
            height: image.height,
            bytes: image.bytes,
            sha256: image.sha256,
            altText: image.altText,
            longDescription: image.longDescription,
          })
          .run();
      }
      tx.delete(exportVideos).where(eq(exportVideos.jobId, jobId)).run();
      for (const v of made.videos) {
        tx.insert(exportVideos)
          .values({ jobId, preset: v.preset, file: v.file, vttFile: v.vttFile, srtFile: v.srtFile, posterFile: v.posterFile, width: v.width, height: v.height, durationMs: v.durationMs, bytes: v.bytes, sha256: v.sha256, transcript: v.transcript })
          .run();
      }
      tx.update(exportJobs)
        .set({
          status: "done",
          progress: images.length,
          total: images.length,
          outputDir: String(jobId),
          zipFile: result.zipPath ? basename(result.zipPath) : null,
          videoPresets: made.presets,
          videoError: made.error,
          finishedAt: now(),
        })
        .where(eq(exportJobs.id, jobId))
        .run();
    });
    try {
      await pruneExportJobs(jobId, { db, exportsDir: root });
    } catch (error) {
      // retention is housekeeping: the export itself succeeded
      console.warn("[jiedu] 清理旧导出失败 could not prune old exports:", error);
    }
    return { status: "done", images: images.length, videos: made.videos.length, videoError: made.error };
  } catch (error) {
    if (worker.stopping) {
      // shut down mid-render: the next start picks it up again
      db.update(exportJobs).set({ status: "queued", progress: 0 }).where(eq(exportJobs.id, jobId)).run();
      return { status: "requeued" };
    }
    return fail(db, jobId, exportErrorMessage(error));
  } finally {
    liveProgress.delete(jobId);
  }
}
// ---------------------------------------------------------------------------------------------
// The video part of an export (app/features/video, app/render/video)

type MadeVideos = { presets: VideoPresetId[]; videos: RenderedVideo[]; error: string | null; pack: { manifest: ManifestVideo[]; files: string[] } | undefined };

/** The Chinese message stored when the video was not made (the images still are). */
export function videoErrorMessage(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "FfmpegMissingError") return `视频未生成：${message.split("\n")[0]}安装后点击“重新导出”。`;
  if (name === "VideoEncodeError") return `视频未生成：${message}`;
  if (name === "LayoutError") return `视频未生成：${message}，修改分镜字幕后点击“重新导出”。`;
  return `视频未生成（${message.slice(0, 300)}），图片已导出；请点击“重新导出”重试，如仍失败请联系管理员。`;
}

/**
 * Makes the job's videos before the pack is written (the ZIP and manifest include them): one per
 * video preset of the chosen channels, when the package has a storyboard. Whatever goes wrong
 * (no ffmpeg, a storyboard the exporter refuses, ffmpeg failing) is a message on the job, never
 * a failed image export, and no half-made video is left in the pack.
 */
async function makeVideos(jobId: number, db: Db, source: Extract<ExportSource, { ok: true }>, channels: ChannelId[], outDir: string, pool: BrowserPool | undefined): Promise<MadeVideos> {
  const presets = source.video ? videoPresetsForChannels(channels) : [];
  const none = (error: string | null): MadeVideos => ({ presets, videos: [], error, pack: undefined });
  if (!source.video || presets.length === 0) return none(null);
  if (!source.video.ok) return none(`视频未生成：分镜有问题——${source.video.issues.join(" ")} 请在解读材料的“视频”中修改后重新导出。`);
  const tools = resolveFfmpeg();
  if (!tools.ok) return none(videoErrorMessage(new FfmpegMissingError(tools.reason)));
  const musicDir = source.musicId === null ? null : await mkdtemp(join(tmpdir(), "jiedu-music-"));
  try {
    const musicPath = musicDir && source.musicId !== null ? await writeMusicFile(db, source.packageId, source.musicId, musicDir) : null;
    if (musicDir && !musicPath) return none("视频未生成：分镜选用的背景音乐已不存在，请在解读材料的“视频”中重新上传或去掉背景音乐后重新导出。");
    const { renderVideos, videoPackEntries } = await import("~/render/video/render-video.server");
    const made = await renderVideos(source.data, source.video.video, {
      outDir,
      presets,
      pool,
      musicPath,
      fps: getConfig().VIDEO_FPS,
      tools: tools.tools,
      onProgress: (p) => liveProgress.set(jobId, { phase: "render", message: `视频：${p.message}` }),
    });
    return { presets, videos: made.videos, error: null, pack: videoPackEntries(made.videos) };
  } catch (error) {
    if (worker.stopping) throw error;
    console.warn(`[jiedu] 导出 ${jobId} 的视频未生成 video of export ${jobId} failed:`, error);
    return none(videoErrorMessage(error));
  } finally {
    if (musicDir) await rm(musicDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// The in-process worker

type WorkerState = {
  started: boolean;
  stopping: boolean;
  loop: Promise<void> | null;
  again: boolean;
  options: { exportsDir?: string; poolSize?: number };
  signalsHooked: boolean;
};

const worker: WorkerState = { started: false, stopping: false, loop: null, again: false, options: {}, signalsHooked: false };

function workerWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.JIEDU_EXPORT_WORKER === "0") return false;
  if (env.JIEDU_EXPORT_WORKER === "1") return true;
  return !env.VITEST;
}

/** Jobs a crashed process left "running" go back to the queue. */
export function requeueInterruptedJobs(db: Db = getDb()): number {
  return db.update(exportJobs).set({ status: "queued", progress: 0 }).where(eq(exportJobs.status, "running")).run().changes;
}

/**
 * Starts the worker in this process (the web server): re-queues interrupted jobs, hooks
 * shutdown, processes the queue. Idempotent. Returns false when turned off by the environment.
 * The browsers are the process's shared pool (app/render/shared-pool.server.ts), which the
 * evidence pack's PDF printing uses too; `poolSize` and `idleMs` configure it.
 */
export function startExportWorker(options: { exportsDir?: string; poolSize?: number; idleMs?: number; force?: boolean } = {}): boolean {
  if (worker.started) return true;
  if (!options.force && !workerWanted()) return false;
  worker.started = true;
  worker.stopping = false;
  worker.options = { exportsDir: options.exportsDir, poolSize: options.poolSize };
  configureSharedPool({ size: options.poolSize, idleMs: options.idleMs ?? IDLE_CLOSE_MS });
  try {
    requeueInterruptedJobs();
  } catch (error) {
    console.warn("[jiedu] 无法恢复中断的导出任务 could not re-queue interrupted export jobs:", error);
  }
  if (!worker.signalsHooked) {
    worker.signalsHooked = true;
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => void stopExportWorker());
  }
  kickExportWorker();
  return true;
}

/** Stops the worker and closes the browsers; a job cut short goes back to the queue. */
export async function stopExportWorker(): Promise<void> {
  worker.stopping = true;
  worker.started = false;
  await closeSharedPool();
  await worker.loop?.catch(() => {});
  worker.stopping = false;
}

function nextQueuedJob(): number | null {
  return getDb().select({ id: exportJobs.id }).from(exportJobs).where(eq(exportJobs.status, "queued")).orderBy(asc(exportJobs.id)).get()?.id ?? null;
}

/** Processes queued jobs one at a time in the background; a no-op until the worker is started. */
export function kickExportWorker(): void {
  if (!worker.started) return;
  if (worker.loop) {
    worker.again = true;
    return;
  }
  // One lease for the whole run of the queue: the browsers stay warm between jobs.
  worker.loop = withSharedPool(async (pool) => {
    do {
      worker.again = false;
      for (let id = nextQueuedJob(); id !== null && worker.started; id = nextQueuedJob()) {
        await runExportJob(id, { exportsDir: worker.options.exportsDir, pool, poolSize: worker.options.poolSize });
      }
    } while (worker.again && worker.started);
  })
    .catch((error: unknown) => console.error("[jiedu] 导出任务队列出错 export worker failed:", error))
    .finally(() => {
      worker.loop = null;
    });
}

/** Resolves when the worker has nothing left to do (tests, CLI). */
export async function exportWorkerIdle(): Promise<void> {
  while (worker.loop) await worker.loop;
}

/** Whether the worker's (shared) browsers are currently up (tests). */
export function exportWorkerHasPool(): boolean {
  return sharedPoolOpen();
}
