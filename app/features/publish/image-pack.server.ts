/**
 * The finished image pack of a published package: the images the public pages show, the files
 * and ZIP they serve.
 */
import { isAbsolute, relative, resolve } from "node:path";
import { and, asc, count, desc, eq, isNotNull } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { getDb } from "~/db/client.server";
import { documents, exportFiles, exportJobs, packages } from "~/db/schema";
import { chartFingerprint, graphicFingerprint, parseChartFileName, parseGraphicFileName } from "~/domain/package-data";
import { draftCharts } from "~/domain/package/package-data-draft";
import type { PackageContent } from "~/domain/package/content";
import { publicVideoFileType } from "~/features/video/index.server";
import { interpretationPublic } from "./visibility.server";

export type PublicGraphicImage = { file: string; width: number; height: number; altText: string; longDescription: string | null };

/**
 * The finished export of the package's *current publication*: the job recorded that it rendered
 * the snapshot published at packages.published_at (export_jobs.source_published_at). Not a
 * timestamp comparison and not the document's state: a draft export (a correction in progress,
 * source_published_at null) or an export of an earlier publication never matches, so the public
 * pack and 图解 images are always those of the page they sit on. Until the current publication's
 * export has finished there is none (the page says so); during a correction packages.published_at
 * is unchanged, so the published version's pack stays.
 */
export function publishedExportJob(packageId: number): { id: number; outputDir: string | null; zipFile: string | null; files: number } | null {
  const db = getDb();
  const job = db
    .select({ id: exportJobs.id, outputDir: exportJobs.outputDir, zipFile: exportJobs.zipFile })
    .from(exportJobs)
    .innerJoin(packages, eq(packages.id, exportJobs.packageId))
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(
      and(
        eq(exportJobs.packageId, packageId),
        eq(exportJobs.sourcePublishedAt, packages.publishedAt),
        eq(exportJobs.source, "published"),
        eq(exportJobs.status, "done"),
        isNotNull(exportJobs.zipFile),
        interpretationPublic(),
      ),
    )
    .orderBy(desc(exportJobs.id))
    .get();
  if (!job) return null;
  const files = db.select({ n: count() }).from(exportFiles).where(eq(exportFiles.jobId, job.id)).get()?.n ?? 0;
  return { ...job, files };
}

/** Where a graphic's image is looked for first: the website's crisp PNG, then the other channels. */
const GRAPHIC_CHANNEL_ORDER = ["web", "wechat", "xhs", "douyin", "weibo"];
/** For the 公众号: its own channel's JPEGs (within WeChat's limits) first. */
export const WECHAT_CHANNEL_ORDER = ["wechat", "web", "xhs", "douyin", "weibo"];

type ExportedFile = { file: string; template: string; channel: string; width: number; height: number; altText: string; longDescription: string | null };

function exportedImages(jobId: number): ExportedFile[] {
  return getDb()
    .select({ file: exportFiles.file, template: exportFiles.template, channel: exportFiles.channel, width: exportFiles.width, height: exportFiles.height, altText: exportFiles.altText, longDescription: exportFiles.longDescription })
    .from(exportFiles)
    .where(eq(exportFiles.jobId, jobId))
    .orderBy(asc(exportFiles.id))
    .all()
    .filter((f) => /\.(png|jpe?g|webp)$/i.test(f.file));
}

const rankIn = (order: readonly string[]) => (channel: string) => (order.includes(channel) ? order.indexOf(channel) : order.length);

/**
 * Each graphic's own image in the export, found by identity, never by template: the exporter
 * names a graphic's files `NN-tujie-<position>-<template>-<fingerprint>` (app/render), and the
 * fingerprint is of the template and the slot values — so an export made from other slot values
 * (an older draft) shows no image rather than the wrong one. The same position is preferred
 * (two graphics with equal slots), then the website channel, then the first card or slice.
 */
export function matchGraphicImages(jobId: number, content: PackageContent, channelOrder: readonly string[] = GRAPHIC_CHANNEL_ORDER): (PublicGraphicImage | null)[] {
  const files = exportedImages(jobId).flatMap((f) => {
    const name = parseGraphicFileName(f.file);
    return name && name.templateId === f.template ? [{ ...f, name }] : [];
  });
  const channelRank = rankIn(channelOrder);
  return content.graphics.map((g, i) => {
    const fingerprint = graphicFingerprint(g.templateId, g.slots);
    const candidates = files
      .filter((f) => f.name.fingerprint === fingerprint && f.template === g.templateId && f.name.continuation === 0 && (f.name.slice ?? 1) === 1)
      .sort((a, b) => Number(a.name.position !== i + 1) - Number(b.name.position !== i + 1) || channelRank(a.channel) - channelRank(b.channel));
    const pick = candidates[0];
    return pick ? { file: pick.file, width: pick.width, height: pick.height, altText: pick.altText, longDescription: pick.longDescription } : null;
  });
}

/** One exported image of the published package, by its file name as listed in export_files. */
export function publicExportFile(documentId: number, file: string): { path: string; contentType: string } | null {
  const type = /\.png$/i.test(file) ? "image/png" : /\.jpe?g$/i.test(file) ? "image/jpeg" : /\.webp$/i.test(file) ? "image/webp" : null;
  if (!type) return null;
  const row = getDb()
    .select({ packageId: packages.id })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(and(eq(documents.id, documentId), interpretationPublic()))
    .get();
  const job = row ? publishedExportJob(row.packageId) : null;
  if (!job) return null;
  const listed = getDb()
    .select({ file: exportFiles.file })
    .from(exportFiles)
    .where(and(eq(exportFiles.jobId, job.id), eq(exportFiles.file, file)))
    .get();
  if (!listed) return null;
  const path = insideExports(job.outputDir ?? "", listed.file);
  return path ? { path, contentType: type } : null;
}

function insideExports(...segments: string[]): string | null {
  const root = resolve(getConfig().EXPORTS_DIR);
  const path = resolve(root, ...segments);
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? path : null;
}

/** A video file (MP4, captions, poster) of the published interpretation, or null (→ 404). */
export function publicVideoFile(documentId: number, file: string): { path: string; contentType: string } | null {
  const row = getDb()
    .select({ packageId: packages.id })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(and(eq(documents.id, documentId), interpretationPublic()))
    .get();
  const job = row ? publishedExportJob(row.packageId) : null;
  const contentType = job ? publicVideoFileType(job.id, file) : null;
  const path = job && contentType ? insideExports(job.outputDir ?? "", file) : null;
  return path && contentType ? { path, contentType } : null;
}

/** Absolute path of the published package's ZIP, or null (→ 404). */
export function publicExportZip(documentId: number): { path: string; downloadName: string } | null {
  const row = getDb()
    .select({ packageId: packages.id })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(and(eq(documents.id, documentId), interpretationPublic()))
    .get();
  if (!row) return null;
  const job = publishedExportJob(row.packageId);
  if (!job?.zipFile) return null;
  const path = insideExports(job.outputDir ?? "", job.zipFile);
  return path ? { path, downloadName: `jiedu-${documentId}-images.zip` } : null;
}

/**
 * Each chart's own card in the export, found by identity: the exporter names chart cards
 * `NN-chart-card-<position>-<fingerprint>`, the fingerprint being of what the card prints, so a
 * card of other data (an older draft) is never put in a chart's place. Same position first.
 */
export function matchChartImages(jobId: number, content: PackageContent, channelOrder: readonly string[]): (PublicGraphicImage | null)[] {
  const files = exportedImages(jobId).flatMap((f) => {
    const name = f.template === "chart-card" ? parseChartFileName(f.file) : null;
    return name ? [{ ...f, name }] : [];
  });
  const channelRank = rankIn(channelOrder);
  const byIndex = new Map(draftCharts(content.charts).map((c, i) => [c.source, { position: i + 1, fingerprint: chartFingerprint(c.chart) }]));
  return content.charts.map((_, i) => {
    const want = byIndex.get(i);
    if (!want) return null;
    const pick = files
      .filter((f) => f.name.fingerprint === want.fingerprint)
      .sort((a, b) => Number(a.name.position !== want.position) - Number(b.name.position !== want.position) || channelRank(a.channel) - channelRank(b.channel))[0];
    return pick ? { file: pick.file, width: pick.width, height: pick.height, altText: pick.altText, longDescription: pick.longDescription } : null;
  });
}
