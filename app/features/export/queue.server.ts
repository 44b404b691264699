/**
 * Queueing exports: permission → queued export_jobs row + audit → kick the worker.
 */
import { and, eq, inArray } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { exportJobs, packages } from "~/db/schema";
import { appendAudit } from "~/models/audit.server";
import { type SessionUser, assertPermission } from "~/models/auth.server";
import { getDocumentForUser } from "~/models/documents.server";
import { CHANNEL_IDS, isChannelId } from "~/domain/vocabulary";
import { kickExportWorker } from "./worker.server";
import { channelName, defaultExportSource } from "./source.server";

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

/**
 * Hook for the new-media exporter: records a queued export job for the published package (the
 * exporter's worker picks queued jobs up). Safe to call again to retry a failed export.
 */
export function startPublishExport(documentId: number, actorId: number | null, db: Db = getDb()): number | null {
  const pkg = db.select({ id: packages.id, plan: packages.plan, publishedAt: packages.publishedAt }).from(packages).where(eq(packages.documentId, documentId)).get();
  if (!pkg?.publishedAt) return null;
  const channels = pkg.plan.channels.length ? pkg.plan.channels : ["web"];
  // always the publication, even when a correction has started before the worker gets to it
  const job = db.insert(exportJobs).values({ packageId: pkg.id, requestedById: actorId, channels, source: "published", status: "queued" }).returning({ id: exportJobs.id }).get();
  kickExportWorker();
  return job.id;
}
