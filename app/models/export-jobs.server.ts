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
 * to EXPORTS_DIR) and zip_file = "jiedu-images.zip", the layout app/models/public.server.ts reads.
 *
 * The worker runs only in the web server (started from entry.server.tsx) on the process's shared
 * BrowserPool (app/render/shared-pool.server.ts: also the evidence PDFs'), closed after a quiet
 * minute and on SIGTERM/SIGINT. Jobs left "running" by
 * a crashed process are queued again when the worker starts. JIEDU_EXPORT_WORKER=0 turns it off
 * (then `jiedu export` is the only exporter); under vitest it is off unless set to 1, so tests
 * that merely publish do not start Chromium in the background.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import { and, asc, desc, eq, inArray, isNotNull, or } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { type Db, getDb } from "~/db/client.server";
import { type DocumentState, type EXPORT_SOURCES, departments, documents, exportFiles, exportJobs, exportVideos, packages, settings } from "~/db/schema";
import { DEFAULT_EXPORT_KEEP_JOBS, EXPORT_KEEP_JOBS_READ, EXPORT_KEEP_JOBS_SETTING } from "~/domain/admin-settings";
import { type PackageData, parseGraphicFileName } from "~/domain/package-data";
import { CHANNEL_LABELS } from "~/domain/package/content";
import { exportPackageData } from "~/domain/package/package-data-export";
import { can } from "~/domain/permissions";
import { readPublishedDocument } from "~/domain/public/document-snapshot";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import type { BrowserPool } from "~/render/browser.server";
import { closeSharedPool, configureSharedPool, sharedPoolOpen, withSharedPool } from "~/render/shared-pool.server";
import { CHANNEL_IDS, type ChannelId, DEFAULT_PRESETS } from "~/render/presets";
import type { RenderProgress } from "~/render/render-package.server";
import { FfmpegMissingError, resolveFfmpeg } from "~/render/ffmpeg-path";
import type { ManifestVideo } from "~/render/pack.server";
import { isVideoPresetId, VIDEO_PRESETS, type VideoPresetId, videoPresetsForChannels } from "~/render/video-presets";
import { videoAvailability } from "~/features/video/availability.server";
import { writeMusicFile } from "~/features/video/music.server";
import type { RenderedVideo } from "~/render/video/render-video.server";
import { type VideoExportResult, videoExportData } from "~/features/video/video-data";
import { appendAudit } from "./audit.server";
import { type SessionUser, assertPermission } from "./auth.server";
import { getDocumentForUser } from "./documents.server";
import { loadPackageContent } from "./package-content.server";

export const ZIP_NAME = "jiedu-images.zip";
const IDLE_CLOSE_MS = 60_000;

export function isChannelId(value: string): value is ChannelId {
  return CHANNEL_IDS.some((id) => id === value);
}

export function channelName(id: string): string {
  return isChannelId(id) ? CHANNEL_LABELS[id] : id;
}

// ---------------------------------------------------------------------------------------------
// Source: the package as PackageData

export type ExportSourceKind = (typeof EXPORT_SOURCES)[number];

export type ExportSource =
  | {
      ok: true;
      data: PackageData;
      documentId: number;
      packageId: number;
      source: ExportSourceKind;
      /** packages.published_at of the snapshot read (source "published"), else null */
      publishedAt: string | null;
      /** packages.version of the draft read (source "draft"), else null */
      version: number | null;
      defaultChannels: ChannelId[];
      /** the storyboard made concrete (app/features/video), or null when the package has no video */
      video: VideoExportResult | null;
      /** the background music the storyboard names (table video_music), or null */
      musicId: number | null;
    }
  | { ok: false; reason: string };

/** What an export asked for now renders: the published snapshot while the document is published, else the draft. */
export function defaultExportSource(status: DocumentState): ExportSourceKind {
  return status === "published" ? "published" : "draft";
}

/**
 * The document's package as the exporter's input. "published": the publication as it was frozen
 * (packages.published_snapshot and documents.published_document, read in one statement with
 * the publication instant that identifies them); "draft": the live package and document rows.
 * Without `wanted`, the published snapshot while the document is published, else the draft.
 */
export function exportSourceForDocument(documentId: number, db: Db = getDb(), wanted?: ExportSourceKind): ExportSource {
  const row = db
    .select({
      documentId: documents.id,
      title: documents.title,
      docNumber: documents.docNumber,
      issuer: documents.issuer,
      writtenDate: documents.writtenDate,
      status: documents.status,
      structure: documents.structure,
      normalizedText: documents.normalizedText,
      originalText: documents.originalText,
      publishedDocument: documents.publishedDocument,
      departmentName: departments.name,
      themeColor: departments.themeColor,
      logoDataUri: departments.logoDataUri,
      packageId: packages.id,
      version: packages.version,
      plan: packages.plan,
      snapshot: packages.publishedSnapshot,
      packagePublishedAt: packages.publishedAt,
    })
    .from(documents)
    .innerJoin(departments, eq(departments.id, documents.departmentId))
    .leftJoin(packages, eq(packages.documentId, documents.id))
    .where(eq(documents.id, documentId))
    .get();
  if (!row) return { ok: false, reason: `没有找到编号为 ${documentId} 的文件，请检查文件编号。` };
  if (row.packageId === null) return { ok: false, reason: "这个文件还没有解读材料，请先编写解读材料再导出图片。" };
  const source = wanted ?? defaultExportSource(row.status);
  const branding = { themeColor: row.themeColor, logoDataUri: row.logoDataUri };
  let data: ReturnType<typeof exportPackageData>;
  let video: VideoExportResult | null = null;
  let musicId: number | null = null;
  if (source === "published") {
    const content = readPublishedSnapshot(row.snapshot);
    const frozen = readPublishedDocument(row.publishedDocument);
    if (!row.packagePublishedAt || !content) return { ok: false, reason: "这个文件还没有已发布的解读材料，无法按发布版本导出图片。" };
    // Documents published before their fields were frozen fall back to the live row.
    const fields = frozen ?? row;
    const doc = { title: fields.title, docNumber: fields.docNumber, issuer: fields.issuer, writtenDate: fields.writtenDate, departmentName: row.departmentName };
    data = exportPackageData(content, doc, branding);
    video = content.video?.scenes.length ? videoExportData(content, doc) : null;
    musicId = content.video?.music?.id ?? null;
  } else {
    const content = loadPackageContent(db, row.packageId);
    if (!content) return { ok: false, reason: "没有找到这个文件的解读材料，请刷新后重试。" };
    const doc = { title: row.title, docNumber: row.docNumber, issuer: row.issuer, writtenDate: row.writtenDate, departmentName: row.departmentName };
    data = exportPackageData(content, doc, branding);
    video = content.video?.scenes.length ? videoExportData(content, doc) : null;
    musicId = content.video?.music?.id ?? null;
  }
  if (!data.ok) return { ok: false, reason: `解读材料还不能生成图片：${data.issues.join(" ")}` };
  const planned = (row.plan?.channels ?? []).filter(isChannelId);
  return {
    ok: true,
    data: data.data,
    documentId: row.documentId,
    packageId: row.packageId,
    source,
    publishedAt: source === "published" ? row.packagePublishedAt : null,
    version: source === "draft" ? row.version : null,
    defaultChannels: planned.length > 0 ? planned : ["web"],
    video,
    musicId,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Queueing

export type QueueResult = { ok: true; jobId: number; existing: boolean } | { ok: false; reason: string };

/**
 * Queues an export of the document's package for `channels`. Not visible → 404 Response;
 * visible but not allowed to export → 403 Response (both thrown, like the other guards).
 * The same export already waiting or running is returned instead of a second one.
 */
export function queueExport(user: SessionUser, documentId: number, channels: readonly string[], db: Db = getDb()): QueueResult {
  const row = getDocumentForUser(user, documentId);
  assertPermission(user, "export.run", { departmentId: row.document.departmentId });
  if (row.packageId === null) return { ok: false, reason: "这个文件还没有解读材料，请先编写解读材料再导出图片。" };
  const packageId = row.packageId;
  const wanted = CHANNEL_IDS.filter((id) => channels.includes(id));
  const unknown = channels.filter((c) => !isChannelId(c));
  if (unknown.length > 0) return { ok: false, reason: `不认识的渠道：${unknown.join("、")}，请从列表中选择。` };
  if (wanted.length === 0) return { ok: false, reason: "请至少选择一个渠道。" };
  const source = defaultExportSource(row.document.status);
  const result = db.transaction((tx) => {
    const pending = tx
      .select({ id: exportJobs.id, channels: exportJobs.channels })
      .from(exportJobs)
      .where(and(eq(exportJobs.packageId, packageId), eq(exportJobs.source, source), inArray(exportJobs.status, ["queued", "running"])))
      .all()
      .find((j) => j.channels.join(",") === wanted.join(","));
    if (pending) return { ok: true as const, jobId: pending.id, existing: true };
    const job = tx.insert(exportJobs).values({ packageId, requestedById: user.id, channels: wanted, source, status: "queued" }).returning({ id: exportJobs.id }).get();
    appendAudit(tx, {
      actorId: user.id,
      action: "export.queued",
      documentId,
      packageId,
      reason: `导出新媒体图片：${wanted.map(channelName).join("、")}`,
      details: { jobId: job.id, channels: wanted, source },
    });
    return { ok: true as const, jobId: job.id, existing: false };
  });
  kickExportWorker();
  return result;
}

/** Queues the same channels as an earlier job of this document again (the 重新导出 button). */
export function retryExport(user: SessionUser, documentId: number, jobId: number, db: Db = getDb()): QueueResult {
  const row = getDocumentForUser(user, documentId);
  const job = row.packageId === null ? undefined : db.select({ channels: exportJobs.channels }).from(exportJobs).where(and(eq(exportJobs.id, jobId), eq(exportJobs.packageId, row.packageId))).get();
  if (!job) return { ok: false, reason: "没有找到这条导出记录，请刷新页面后重试。" };
  return queueExport(user, documentId, job.channels, db);
}

// ---------------------------------------------------------------------------------------------
// Running one job

/** Phase and message of jobs running in this process (the DB keeps done/total). */
const liveProgress = new Map<number, { phase: RenderProgress["phase"]; message: string }>();

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
// Retention: old exports are deleted once a newer one of the same package succeeds

/** settings "export.keepJobs" (admin 参数设置): how many of a package's newest finished exports to keep (default 3). */
export const DEFAULT_KEEP_JOBS = DEFAULT_EXPORT_KEEP_JOBS;

export function exportKeepJobs(db: Db = getDb()): number {
  const value = db.select({ value: settings.value }).from(settings).where(eq(settings.key, EXPORT_KEEP_JOBS_SETTING)).get()?.value;
  const { min, max } = EXPORT_KEEP_JOBS_READ;
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? value : DEFAULT_KEEP_JOBS;
}

/**
 * The export the public site serves for this package: the newest finished one with a ZIP that
 * rendered the package's current publication (source_published_at = packages.published_at) —
 * the same rule as `publishedExportJob` in public.server.ts, without its visibility check. A
 * correction in progress leaves packages.published_at alone, so the published version's pack
 * is kept (and served) until the correction is published; a republication has a new instant and
 * its own export.
 */
function servedExportJobIds(db: Db, packageId: number): number[] {
  const served = db
    .select({ id: exportJobs.id })
    .from(exportJobs)
    .innerJoin(packages, eq(packages.id, exportJobs.packageId))
    .where(and(eq(exportJobs.packageId, packageId), eq(exportJobs.status, "done"), isNotNull(exportJobs.zipFile), eq(exportJobs.sourcePublishedAt, packages.publishedAt)))
    .orderBy(desc(exportJobs.id))
    .get();
  return served ? [served.id] : [];
}

export type PruneResult = { deletedJobs: number[]; kept: number[] };

/**
 * After job `jobId` succeeded: deletes the rows (export_files cascade) and the files of the
 * package's older finished exports, except the newest `keep` (setting "export.keepJobs") and the
 * one the public site serves. Queued and running jobs are never touched. Rows go first, in one
 * transaction, so nothing points at a deleted file; a directory is removed only when it resolves
 * strictly inside the exports root.
 */
export async function pruneExportJobs(jobId: number, options: { db?: Db; exportsDir?: string; keep?: number } = {}): Promise<PruneResult> {
  const db = options.db ?? getDb();
  const job = db.select({ packageId: exportJobs.packageId, status: exportJobs.status }).from(exportJobs).where(eq(exportJobs.id, jobId)).get();
  if (job?.status !== "done") return { deletedJobs: [], kept: [] };
  const keep = options.keep ?? exportKeepJobs(db);
  const root = resolve(options.exportsDir ?? getConfig().EXPORTS_DIR);
  const finished = db
    .select({ id: exportJobs.id, outputDir: exportJobs.outputDir })
    .from(exportJobs)
    .where(and(eq(exportJobs.packageId, job.packageId), inArray(exportJobs.status, ["done", "failed"])))
    .orderBy(desc(exportJobs.id))
    .all();
  const kept = new Set([jobId, ...finished.slice(0, keep).map((j) => j.id), ...servedExportJobIds(db, job.packageId)]);
  const doomed = finished.filter((j) => j.id < jobId && !kept.has(j.id));
  if (doomed.length === 0) return { deletedJobs: [], kept: [...kept].sort((a, b) => a - b) };
  const ids = doomed.map((j) => j.id);
  db.transaction((tx) => {
    tx.delete(exportFiles).where(inArray(exportFiles.jobId, ids)).run();
    tx.delete(exportJobs)
      .where(and(inArray(exportJobs.id, ids), inArray(exportJobs.status, ["done", "failed"])))
      .run();
  });
  // Every directory a remaining job (of any package) may still read from, or write to.
  const remaining = db
    .select({ id: exportJobs.id, outputDir: exportJobs.outputDir })
    .from(exportJobs)
    .all()
    .map((j) => resolve(root, j.outputDir ?? String(j.id)));
  const inside = (outer: string, inner: string) => {
    const rel = relative(outer, inner);
    return !rel || (!rel.startsWith("..") && !isAbsolute(rel));
  };
  for (const j of doomed) {
    // a failed job has no output_dir, but a crash may have left part of <jobId>/ behind
    const dir = resolve(root, j.outputDir ?? String(j.id));
    if (dir === root || !inside(root, dir) || !existsSync(dir)) continue;
    if (remaining.some((other) => inside(dir, other) || inside(other, dir))) continue;
    await rm(dir, { recursive: true, force: true });
  }
  return { deletedJobs: doomed.map((j) => j.id), kept: [...kept].sort((a, b) => a - b) };
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

// ---------------------------------------------------------------------------------------------
// Reads for the export page

export type ExportJobView = {
  id: number;
  status: "queued" | "running" | "done" | "failed";
  channels: string[];
  channelNames: string;
  progress: number;
  total: number;
  phase: string | null;
  message: string | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
  requestedByName: string | null;
  hasZip: boolean;
  /** what it rendered: "发布版本" or "草稿（第 N 版）"; "（公开网站使用中）" when the public site serves it */
  sourceLabel: string;
  /** why the video asked for was not made (the images may still be done) */
  videoError: string | null;
};

export type ExportFileView = {
  file: string;
  channel: string;
  channelName: string;
  template: string;
  width: number;
  height: number;
  bytes: number;
  altText: string;
  longDescription: string | null;
  /** the saved 图解's position (1-based) when the file is one, read from its name */
  graphic: number | null;
};

const PHASE_LABELS: Record<RenderProgress["phase"], string> = { start: "准备", render: "排版截图", encode: "压缩图片", pack: "打包", done: "完成" };

function jobView(row: typeof exportJobs.$inferSelect & { requestedByName?: string | null }, servedId: number | null = null): ExportJobView {
  const live = liveProgress.get(row.id);
  const what = row.source === "published" ? "发布版本" : row.sourceVersion ? `草稿（第 ${row.sourceVersion} 版）` : "草稿";
  return {
    id: row.id,
    status: row.status,
    channels: row.channels,
    channelNames: row.channels.map(channelName).join("、"),
    progress: row.progress,
    total: row.total,
    phase: live ? PHASE_LABELS[live.phase] : null,
    message: live?.message ?? null,
    error: row.error,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    requestedByName: row.requestedByName ?? null,
    hasZip: row.status === "done" && row.zipFile !== null,
    sourceLabel: row.id === servedId ? `${what}（公开网站使用中）` : what,
    videoError: row.videoError,
  };
}

/** The export page: channels, the jobs of this package (newest first), the newest job's files. */
export function exportPageData(user: SessionUser, documentId: number, db: Db = getDb()) {
  const row = getDocumentForUser(user, documentId);
  const d = row.document;
  const canRun = can(user, "export.run", { departmentId: d.departmentId }).ok;
  const plan = row.packageId === null ? null : (db.select({ plan: packages.plan }).from(packages).where(eq(packages.id, row.packageId)).get()?.plan ?? null);
  const planned = (plan?.channels ?? []).filter(isChannelId);
  const isPublic = d.status === "published" || d.status === "correcting";
  const servedId = row.packageId !== null && isPublic ? (servedExportJobIds(db, row.packageId)[0] ?? null) : null;
  const jobs =
    row.packageId === null
      ? []
      : db.select().from(exportJobs).where(eq(exportJobs.packageId, row.packageId)).orderBy(desc(exportJobs.id)).limit(20).all().map((j) => jobView(j, servedId));
  const latestDone = jobs.find((j) => j.status === "done") ?? null;
  return {
    document: { id: d.id, title: d.title, docNumber: d.docNumber, status: d.status, departmentName: row.departmentName },
    hasPackage: row.packageId !== null,
    canRun,
    source: d.status === "published" ? ("published" as const) : ("draft" as const),
    channels: CHANNEL_IDS.map((id) => ({ id, name: CHANNEL_LABELS[id], notes: DEFAULT_PRESETS[id].notes })),
    defaultChannels: planned.length > 0 ? planned : (["web"] satisfies ChannelId[]),
    jobs,
    gallery: latestDone ? { jobId: latestDone.id, files: jobFiles(latestDone.id, db), videos: jobVideos(latestDone.id, db) } : null,
    video: videoAvailability(),
  };
}

export type ExportVideoView = { preset: string; presetName: string; file: string; vttFile: string; srtFile: string; posterFile: string; width: number; height: number; seconds: number; bytes: number; transcript: string };

export function jobVideos(jobId: number, db: Db = getDb()): ExportVideoView[] {
  return db
    .select()
    .from(exportVideos)
    .where(eq(exportVideos.jobId, jobId))
    .orderBy(asc(exportVideos.id))
    .all()
    .map((v) => ({
      preset: v.preset,
      presetName: isVideoPresetId(v.preset) ? VIDEO_PRESETS[v.preset].name : v.preset,
      file: v.file,
      vttFile: v.vttFile,
      srtFile: v.srtFile,
      posterFile: v.posterFile,
      width: v.width,
      height: v.height,
      seconds: Math.round(v.durationMs / 100) / 10,
      bytes: v.bytes,
      transcript: v.transcript,
    }));
}

/** Whether `file` is one of the job's video files (MP4, captions, poster). */
function isJobVideoFile(db: Db, jobId: number, file: string): boolean {
  return db
    .select({ id: exportVideos.id })
    .from(exportVideos)
    .where(and(eq(exportVideos.jobId, jobId), or(eq(exportVideos.file, file), eq(exportVideos.vttFile, file), eq(exportVideos.srtFile, file), eq(exportVideos.posterFile, file))))
    .get() !== undefined;
}

export function jobFiles(jobId: number, db: Db = getDb()): ExportFileView[] {
  return db
    .select()
    .from(exportFiles)
    .where(eq(exportFiles.jobId, jobId))
    .orderBy(asc(exportFiles.id))
    .all()
    .map((f) => ({
      file: f.file,
      channel: f.channel,
      channelName: channelName(f.channel),
      template: f.template,
      width: f.width,
      height: f.height,
      bytes: f.bytes,
      altText: f.altText,
      longDescription: f.longDescription,
      graphic: parseGraphicFileName(f.file)?.position ?? null,
    }));
}

function jobOfDocument(user: SessionUser, documentId: number, jobId: number, db: Db) {
  const row = getDocumentForUser(user, documentId);
  if (row.packageId === null) return null;
  return db.select().from(exportJobs).where(and(eq(exportJobs.id, jobId), eq(exportJobs.packageId, row.packageId))).get() ?? null;
}

/** One job's status for the page's poll; null when it is not a job of this document. */
export function exportJobStatus(user: SessionUser, documentId: number, jobId: number, db: Db = getDb()): ExportJobView | null {
  const job = jobOfDocument(user, documentId, jobId, db);
  return job ? jobView(job) : null;
}

export const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  webp: "image/webp",
  zip: "application/zip",
  mp4: "video/mp4",
  vtt: "text/vtt; charset=utf-8",
  srt: "application/x-subrip; charset=utf-8",
};

/**
 * A file of a finished job for a user who may see the document: only files recorded in
 * export_files (or the job's ZIP), resolved inside the job's directory — a name is looked up,
 * never joined blindly, so "../" cannot reach anything else.
 */
export function exportJobFile(
  user: SessionUser,
  documentId: number,
  jobId: number,
  file: string,
  options: { db?: Db; exportsDir?: string } = {},
): { path: string; contentType: string; downloadName: string | null } | null {
  const db = options.db ?? getDb();
  const job = jobOfDocument(user, documentId, jobId, db);
  if (job?.status !== "done" || !job.outputDir) return null;
  const isZip = job.zipFile !== null && file === job.zipFile;
  const listed = isZip || db.select({ id: exportFiles.id }).from(exportFiles).where(and(eq(exportFiles.jobId, jobId), eq(exportFiles.file, file))).get() !== undefined || isJobVideoFile(db, jobId, file);
  if (!listed) return null;
  const contentType = CONTENT_TYPES[file.split(".").pop()?.toLowerCase() ?? ""];
  if (!contentType) return null;
  const root = resolve(options.exportsDir ?? getConfig().EXPORTS_DIR);
  const path = resolve(root, job.outputDir, file);
  const rel = relative(root, path);
  if (!rel || rel.startsWith("..") || isAbsolute(rel)) return null;
  return { path, contentType, downloadName: isZip ? `jiedu-${documentId}-export-${jobId}.zip` : null };
}
