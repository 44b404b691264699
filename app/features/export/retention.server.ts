/**
 * Retention: old exports are deleted once a newer one of the same package succeeds; the export
 * the public site serves is always kept.
 */
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { getConfig } from "~/config.server";
import { type Db, getDb } from "~/db/client.server";
import { exportFiles, exportJobs, packages } from "~/db/schema";
import { EXPORT_KEEP_JOBS_SETTING } from "~/domain/settings";
import { readSetting } from "~/models/settings.server";

// ---------------------------------------------------------------------------------------------
// Retention: old exports are deleted once a newer one of the same package succeeds

/** settings "export.keepJobs" (admin 参数设置): how many of a package's newest finished exports to keep (default 3). */
export function exportKeepJobs(db: Db = getDb()): number {
  return readSetting(db, EXPORT_KEEP_JOBS_SETTING);
}

/**
 * The export the public site serves for this package: the newest finished one with a ZIP that
 * rendered the package's current publication (source_published_at = packages.published_at) —
 * the same rule as `publishedExportJob` in public.server.ts, without its visibility check. A
 * correction in progress leaves packages.published_at alone, so the published version's pack
 * is kept (and served) until the correction is published; a republication has a new instant and
 * its own export.
 */
export function servedExportJobIds(db: Db, packageId: number): number[] {
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
