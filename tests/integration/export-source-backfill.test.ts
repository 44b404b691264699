/**
 * The migration that binds exports made before export_jobs recorded their source
 * (drizzle/0013_export_job_source_backfill.sql): the publish-time export of the current
 * publication is bound to it; an export made during a correction (a draft) is not.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { documents, exportJobs, packages } from "~/db/schema";
import { queueExport } from "~/features/export/queue.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { createSeededTestDb, userNamed, type TestDb } from "../helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(() => t.cleanup());

it("binds the current publication's export and leaves a correction's draft export unbound", () => {
  const doc = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  const pkg = doc ? t.db.select().from(packages).where(eq(packages.documentId, doc.id)).get() : undefined;
  if (!doc || !pkg?.publishedAt) throw new Error("seeded 西海岸 missing");
  const [publishJob] = t.db.select().from(exportJobs).where(eq(exportJobs.packageId, pkg.id)).all();
  const drafter = userNamed(t, "drafter");
  // the correction's audit row and the draft export are later than the publication
  expect(applyWorkflowAction(drafter, doc.id, { type: "correct", reason: "更正" }, { now: () => new Date(Date.parse(pkg.publishedAt ?? "") + 60_000) }).ok).toBe(true);
  const draft = queueExport(drafter, doc.id, ["web"], t.db);
  if (!draft.ok) throw new Error(draft.reason);
  t.db.update(exportJobs).set({ createdAt: new Date(Date.parse(pkg.publishedAt) + 120_000).toISOString() }).where(eq(exportJobs.id, draft.jobId)).run();
  // what rows looked like before the columns existed
  t.db.update(exportJobs).set({ source: "draft", sourcePublishedAt: null, sourceVersion: null }).run();

  t.db.$client.exec(readFileSync(resolve(import.meta.dirname, "../../drizzle/0013_export_job_source_backfill.sql"), "utf8"));

  const after = (jobId: number) => t.db.select().from(exportJobs).where(eq(exportJobs.id, jobId)).get();
  expect(after(publishJob.id)).toMatchObject({ source: "published", sourcePublishedAt: pkg.publishedAt });
  expect(after(draft.jobId)).toMatchObject({ source: "draft", sourcePublishedAt: null });
});
