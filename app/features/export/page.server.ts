/**
 * The export page's reads (jobs, progress, files) and the file download of one job.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { and, asc, desc, eq, or } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { type Db, getDb } from "~/db/client.server";
import { exportFiles, exportJobs, exportVideos, packages } from "~/db/schema";
import { parseGraphicFileName } from "~/domain/package-data";
import { can } from "~/domain/permissions";
import { DEFAULT_PRESETS } from "~/render/presets";
import { VIDEO_PRESETS, isVideoPresetId } from "~/render/video-presets";
import { videoAvailability } from "~/features/video/index.server";
import type { RenderProgress } from "~/render/render-package.server";
import type { SessionUser } from "~/models/auth.server";
import { getDocumentForUser } from "~/models/documents.server";
import { CHANNEL_IDS, CHANNEL_LABELS, type ChannelId, isChannelId } from "~/domain/vocabulary";
import { servedExportJobIds } from "./retention.server";
import { liveProgress } from "./worker.server";
import { channelName } from "./source.server";

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
