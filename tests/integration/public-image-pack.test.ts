/**
 * The public image pack and 图解 images come only from an export of the exact published snapshot
 * (issue 18, F1 and F6), walked through the real workflow on the seeded demo database with real
 * Chromium renders:
 *
 *   publish A (seed) → A's export → correct → save draft B, export it → save C, four gates, sign,
 *   publish → C's export fails → retried → done.
 *
 * Every version carries a marker in its first chart's alt text ("版本B…", "版本C…"), which the
 * renderer writes into alt-text.txt of the ZIP; the public ZIP is read through its route loader.
 */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { documents, exportJobs, packages } from "~/db/schema";
import type { PackageContent } from "~/domain/package/content";
import { queueExport } from "~/features/export/queue.server";
import { runExportJob } from "~/features/export/worker.server";
import { loadPackageContent } from "~/features/package/content.server";
import { savePackage } from "~/features/package/package.server";
import { getPublicInterpretation } from "~/features/publish/interpretations.server";
import { publicExportFile } from "~/features/publish/image-pack.server";
import { publicStamp } from "~/features/publish/document.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction, publishDocument } from "~/features/workflow/moves.server";
import { handleWorkflowForm } from "~/features/workflow/review-page.server";
import { BrowserPool } from "~/render/browser.server";
import { loader as zipLoader } from "~/routes/jiedu.$id.images[.]zip";
import { createSeededTestDb, userNamed, type TestDb } from "../helpers/db";
import { GATES } from "~/domain/vocabulary";

const exportsDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/jiedu-image-pack-${process.pid}-${Date.now()}`;
  process.env.EXPORTS_DIR = dir;
  return dir;
});

let t: TestDb;
let pool: Promise<BrowserPool> | null = null;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(async () => {
  await (await pool)?.close();
  t?.cleanup();
  rmSync(exportsDir, { recursive: true, force: true });
});

const user = (name: string) => userNamed(t, name);
const sharedPool = () => {
  pool ??= BrowserPool.create({ size: 1 });
  return pool;
};
const run = (jobId: number) => runExportJob(jobId, { db: t.db, exportsDir, pool: sharedPool });

/** alt-text.txt of the ZIP a visitor downloads from /jiedu/<id>/images.zip, or null on 404. */
async function publicPack(id: number): Promise<string | null> {
  const res = await zipLoader({ request: new Request(`http://x/jiedu/${id}/images.zip`), params: { id: String(id) }, context: {} });
  if (res.status === 404) return null;
  expect(res.status).toBe(200);
  const zip = await JSZip.loadAsync(await res.arrayBuffer());
  const alt = zip.file("alt-text.txt");
  if (!alt) throw new Error("pack without alt-text.txt");
  return alt.async("string");
}

const packOfJob = async (jobId: number) => {
  const zip = await JSZip.loadAsync(readFileSync(join(exportsDir, String(jobId), "jiedu-images.zip")));
  return (await zip.file("alt-text.txt")?.async("string")) ?? "";
};

/** The files the public page shows as 图解 images, each checked to be served from `jobId`'s directory. */
function graphicFilesServedFrom(id: number, jobId: number | null): void {
  const images = getPublicInterpretation(id)?.graphicImages ?? [];
  for (const image of images) {
    if (jobId === null) {
      expect(image).toBeNull();
      continue;
    }
    const served = image ? publicExportFile(id, image.file) : null;
    expect(served?.path.startsWith(join(exportsDir, String(jobId)))).toBe(true);
  }
}

function withMarker(content: PackageContent, marker: string): PackageContent {
  expect(content.charts.length).toBeGreaterThan(0);
  return {
    ...content,
    // each version replaces the previous version's marker
    charts: content.charts.map((c, i) => (i === 0 ? { ...c, altText: `${marker}：${(c.altText ?? c.title).replace(/^版本.：/, "")}` } : c)),
  };
}

describe("the public image pack follows the publication, never a draft", () => {
  let id = 0;
  let packageId = 0;
  let jobA = 0;
  let jobB = 0;
  let packA = "";

  beforeAll(() => {
    const doc = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
    const pkg = doc ? t.db.select().from(packages).where(eq(packages.documentId, doc.id)).get() : undefined;
    if (!doc || !pkg) throw new Error("seeded 西海岸 missing");
    expect(doc.status).toBe("published");
    id = doc.id;
    packageId = pkg.id;
  });

  const saveDraft = (marker: string) => {
    const pkg = t.db.select({ version: packages.version }).from(packages).where(eq(packages.id, packageId)).get();
    const current = loadPackageContent(t.db, packageId);
    if (!pkg || !current) throw new Error("package missing");
    const saved = savePackage({ packageId, expectedVersion: pkg.version, content: withMarker(current, marker), actorId: user("drafter").id }, t.db);
    expect(saved.ok).toBe(true);
  };

  it("A: the export queued by publishing renders the publication and is served", async () => {
    const [queued] = t.db.select().from(exportJobs).where(eq(exportJobs.packageId, packageId)).all();
    expect(queued).toMatchObject({ status: "queued", source: "published" });
    // one channel keeps the renders short; what matters is which content the pack holds
    t.db.update(exportJobs).set({ channels: ["web"] }).where(eq(exportJobs.id, queued.id)).run();
    expect(await run(queued.id)).toMatchObject({ status: "done" });
    jobA = queued.id;
    const pkg = t.db.select({ publishedAt: packages.publishedAt }).from(packages).where(eq(packages.id, packageId)).get();
    expect(t.db.select().from(exportJobs).where(eq(exportJobs.id, jobA)).get()?.sourcePublishedAt).toBe(pkg?.publishedAt);
    packA = await packOfJob(jobA);
    expect(await publicPack(id)).toBe(packA);
    graphicFilesServedFrom(id, jobA);
  });

  it("F6: during a correction the published version's pack stays, also after a draft export", async () => {
    expect(applyWorkflowAction(user("drafter"), id, { type: "correct", reason: "更正图表说明" }).ok).toBe(true);
    expect(await publicPack(id)).toBe(packA);
    graphicFilesServedFrom(id, jobA);

    saveDraft("版本B");
    const queued = queueExport(user("drafter"), id, ["web"], t.db);
    if (!queued.ok) throw new Error(queued.reason);
    jobB = queued.jobId;
    expect(await run(jobB)).toMatchObject({ status: "done" });
    const b = t.db.select().from(exportJobs).where(eq(exportJobs.id, jobB)).get();
    expect(b).toMatchObject({ source: "draft", sourcePublishedAt: null });
    expect(await packOfJob(jobB)).toContain("版本B");

    const served = await publicPack(id);
    expect(served).toBe(packA);
    expect(served).not.toContain("版本B");
    graphicFilesServedFrom(id, jobA);
  });

  it("F1: once C is published, neither B's pack nor A's is served until C's own export has finished", async () => {
    saveDraft("版本C");
    expect(applyWorkflowAction(user("drafter"), id, { type: "submit" })).toMatchObject({ ok: true });
    for (const gate of GATES) expect(applyWorkflowAction(user("reviewer"), id, { type: "verdict", gate, verdict: "pass", opinion: "同意" })).toMatchObject({ ok: true });
    expect(applyWorkflowAction(user("head"), id, { type: "sign", opinion: "同意发布" })).toMatchObject({ ok: true });
    expect(publishDocument(user("publisher"), id)).toEqual({ ok: true, status: "published" });
    expect(getPublicInterpretation(id)?.content.charts[0].altText).toContain("版本C");

    // the export queued by this publish has not run yet: no pack, and no 图解 image from B or A
    expect(await publicPack(id)).toBeNull();
    expect(getPublicInterpretation(id)?.imagePack).toBeNull();
    graphicFilesServedFrom(id, null);
    expect(publicStamp(id)?.packJobId).toBeNull();

    // C's export fails (the browser is gone): still none, never B
    const cJob = t.db.select().from(exportJobs).where(eq(exportJobs.packageId, packageId)).all().find((j) => j.status === "queued" && j.source === "published");
    if (!cJob) throw new Error("publish queued no export");
    t.db.update(exportJobs).set({ channels: ["web"] }).where(eq(exportJobs.id, cJob.id)).run();
    const failed = await runExportJob(cJob.id, { db: t.db, exportsDir, pool: () => Promise.reject(new Error("Chromium 意外退出")) });
    expect(failed.status).toBe("failed");
    const afterFailure = await publicPack(id);
    expect(afterFailure).toBeNull();
    graphicFilesServedFrom(id, null);
  });

  it("C's export, retried, is served with C's content", async () => {
    expect(handleWorkflowForm(user("publisher"), id, { intent: "retryExport" }, t.db)).toMatchObject({ ok: true });
    const retry = t.db.select().from(exportJobs).where(eq(exportJobs.packageId, packageId)).all().find((j) => j.status === "queued");
    if (!retry) throw new Error("retry queued nothing");
    t.db.update(exportJobs).set({ channels: ["web"] }).where(eq(exportJobs.id, retry.id)).run();
    expect(await run(retry.id)).toMatchObject({ status: "done" });
    const served = await publicPack(id);
    expect(served).toContain("版本C");
    expect(served).not.toContain("版本B");
    expect(served).toBe(await packOfJob(retry.id));
    expect(publicStamp(id)?.packJobId).toBe(retry.id);
    graphicFilesServedFrom(id, retry.id);
  });
});
