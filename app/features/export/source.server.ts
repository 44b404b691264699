/**
 * What an export renders: the frozen publication or the live draft, as PackageData (the
 * source is fixed when the job is queued, export_jobs.source).
 */
import { eq } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { departments, documents, packages } from "~/db/schema";
import type { PackageData } from "~/domain/package-data";
import { exportPackageData } from "~/domain/package/package-data-export";
import { readPublishedDocument } from "~/domain/public/document-snapshot";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { loadPackageContent } from "~/features/package/index.server";
import { type VideoExportResult, videoExportData } from "~/features/video/index.server";
import { CHANNEL_LABELS, type ChannelId, type DocumentState, type EXPORT_SOURCES, isChannelId } from "~/domain/vocabulary";

export const ZIP_NAME = "jiedu-images.zip";

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
