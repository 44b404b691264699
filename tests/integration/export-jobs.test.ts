/**
 * Export jobs against a real SQLite file and real Chromium: the job queued by the seeded publish
 * runs to done through the in-process worker, the files on disk match export_files and the
 * manifest, the public site finds the pack; failures are Chinese and never unpublish; permissions.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, documents, exportFiles, exportJobs, packages } from "~/db/schema";
import { loadUser } from "~/models/auth.server";
import { exportJobFile } from "~/features/export/page.server";
import { exportWorkerHasPool, exportWorkerIdle, requeueInterruptedJobs, runExportJob, startExportWorker, stopExportWorker } from "~/features/export/worker.server";
import { queueExport } from "~/features/export/queue.server";
import { publicExportFile, publicExportZip } from "~/features/publish/image-pack.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { BrowserMissingError } from "~/render/browser-path";
import { createSeededTestDb, type TestDb } from "../helpers/db";

// EXPORTS_DIR is read once by getConfig(): set it before anything asks.
const exportsDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/jiedu-export-jobs-${process.pid}-${Date.now()}`;
  process.env.EXPORTS_DIR = dir;
  return dir;
});

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(async () => {
  await stopExportWorker();
  t?.cleanup();
  rmSync(exportsDir, { recursive: true, force: true });
});

const user = (name: string) => {
  const id = t.db.$client.prepare("select id from users where username = ?").pluck().get(name);
  const u = typeof id === "number" ? loadUser(id) : null;
  if (!u) throw new Error(`no user ${name}`);
  return u;
};
const xihaian = () => {
  const d = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  const p = d ? t.db.select().from(packages).where(eq(packages.documentId, d.id)).get() : undefined;
  if (!d || !p) throw new Error("seed missing 西海岸");
  return { doc: d, pkg: p };
};
const jobsOf = (packageId: number) => t.db.select().from(exportJobs).where(eq(exportJobs.packageId, packageId)).orderBy(exportJobs.id).all();
const sha = (data: Buffer) => createHash("sha256").update(data).digest("hex");

type ManifestFile = { images: { file: string; channel: string; width: number; height: number; bytes: number; sha256: string; altText: string }[] };
function readManifest(dir: string): ManifestFile {
  const parsed: unknown = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
  if (!parsed || typeof parsed !== "object" || !("images" in parsed) || !Array.isArray(parsed.images)) throw new Error("manifest without images");
  return { images: parsed.images };
}

describe("the export worker", () => {
  it("runs the job queued by publishing 西海岸 to done: export_files match the files on disk, the manifest and the ZIP", async () => {
    const { doc, pkg } = xihaian();
    const [queued] = jobsOf(pkg.id);
    expect(queued?.status).toBe("queued");

    expect(startExportWorker({ force: true, exportsDir, poolSize: 1, idleMs: 300 })).toBe(true);
    await exportWorkerIdle();

    const job = t.db.select().from(exportJobs).where(eq(exportJobs.id, queued.id)).get();
    expect(job?.error ?? null).toBeNull();
    expect(job?.status).toBe("done");
    expect(job?.outputDir).toBe(String(queued.id));
    expect(job?.zipFile).toBe("jiedu-images.zip");
    expect(job?.finishedAt).not.toBeNull();

    const files = t.db.select().from(exportFiles).where(eq(exportFiles.jobId, queued.id)).orderBy(exportFiles.id).all();
    expect(new Set(files.map((f) => f.channel))).toEqual(new Set(queued.channels));
    expect(job?.progress).toBe(files.length);
    expect(job?.total).toBe(files.length);

    const dir = join(exportsDir, String(queued.id));
    const manifest = readManifest(dir);
    expect(files.map((f) => f.file)).toEqual(manifest.images.map((i) => i.file));
    for (const [index, row] of files.entries()) {
      const image = manifest.images[index];
      const data = readFileSync(join(dir, row.file));
      expect(row.bytes).toBe(data.length);
      expect(row.sha256).toBe(sha(data));
      expect(row.sha256).toBe(image.sha256);
      expect([row.width, row.height, row.bytes]).toEqual([image.width, image.height, image.bytes]);
      expect(row.altText.length).toBeGreaterThan(0);
      expect(row.altText).toBe(image.altText);
    }

    const zip = await JSZip.loadAsync(readFileSync(join(dir, "jiedu-images.zip")));
    const names = Object.keys(zip.files);
    for (const f of files) expect(names).toContain(f.file);
    expect(names).toEqual(expect.arrayContaining(["manifest.json", "alt-text.txt"]));

    // the public site serves this pack with its own lookups
    expect(publicExportZip(doc.id)?.path).toBe(join(exportsDir, String(queued.id), "jiedu-images.zip"));
    const web = files.find((f) => f.channel === "web");
    expect(web && publicExportFile(doc.id, web.file)?.path).toBe(web && join(dir, web.file));
  });

  it("closes its browsers when idle", async () => {
    await vi.waitFor(() => expect(exportWorkerHasPool()).toBe(false), { timeout: 5000, interval: 100 });
  });

  it("queueExport by the drafter writes a job and an audit row, wakes the worker, and does not queue the same export twice", async () => {
    const { doc, pkg } = xihaian();
    const before = jobsOf(pkg.id).length;
    const first = queueExport(user("drafter"), doc.id, ["xhs"]);
    const again = queueExport(user("drafter"), doc.id, ["xhs"]);
    expect(first.ok && again.ok && again.existing && again.jobId === first.jobId).toBe(true);
    expect(jobsOf(pkg.id).length).toBe(before + 1);
    const audit = t.db.select().from(auditLog).where(and(eq(auditLog.documentId, doc.id), eq(auditLog.action, "export.queued"))).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].reason).toContain("小红书");

    await exportWorkerIdle();
    const job = first.ok ? t.db.select().from(exportJobs).where(eq(exportJobs.id, first.jobId)).get() : undefined;
    expect(job?.error ?? null).toBeNull();
    expect(job?.status).toBe("done");
    const files = t.db.select().from(exportFiles).where(eq(exportFiles.jobId, job?.id ?? 0)).all();
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.channel === "xhs" && f.width === 1080 && f.height === 1440)).toBe(true);
  });

  it("serves only files recorded for the job, inside its folder", () => {
    const { doc, pkg } = xihaian();
    const job = jobsOf(pkg.id).find((j) => j.status === "done");
    if (!job) throw new Error("no finished job");
    const [first] = t.db.select().from(exportFiles).where(eq(exportFiles.jobId, job.id)).all();
    const drafter = user("drafter");
    const served = exportJobFile(drafter, doc.id, job.id, first.file, { exportsDir });
    expect(served?.path).toBe(join(exportsDir, String(job.id), first.file));
    expect(served?.contentType).toMatch(/^image\/(png|jpeg|webp)$/);
    expect(exportJobFile(drafter, doc.id, job.id, "jiedu-images.zip", { exportsDir })?.contentType).toBe("application/zip");
    for (const bad of ["manifest.json", `../${job.id}/${first.file}`, "../../etc/passwd", `${first.file}/..`, ""]) {
      expect(exportJobFile(drafter, doc.id, job.id, bad, { exportsDir })).toBeNull();
    }
    // a job id of another document's package is not reachable through this document
    const draft = t.db.select().from(documents).where(eq(documents.status, "drafting")).get();
    if (draft) expect(() => exportJobFile(drafter, draft.id, job.id, first.file, { exportsDir })).not.toThrow();
    if (draft) expect(exportJobFile(drafter, draft.id, job.id, first.file, { exportsDir })).toBeNull();
  });

  it("re-queues jobs a crashed process left running, and stops cleanly", async () => {
    await stopExportWorker();
    const { pkg } = xihaian();
    const stale = t.db.insert(exportJobs).values({ packageId: pkg.id, channels: ["xhs"], status: "running", progress: 3, total: 12 }).returning({ id: exportJobs.id }).get();
    expect(requeueInterruptedJobs()).toBe(1);
    expect(t.db.select().from(exportJobs).where(eq(exportJobs.id, stale.id)).get()?.status).toBe("queued");
    t.db.delete(exportJobs).where(eq(exportJobs.id, stale.id)).run();
    expect(exportWorkerHasPool()).toBe(false);
  });
});

describe("a failed export", () => {
  it("fails with a Chinese error and leaves the document published when the published package cannot become images", async () => {
    const { doc, pkg } = xihaian();
    const snapshot = pkg.publishedSnapshot;
    if (!snapshot || typeof snapshot !== "object" || !("qa" in snapshot) || !Array.isArray(snapshot.qa)) throw new Error("no snapshot");
    const broken = { ...snapshot, qa: snapshot.qa.map((q, i) => (i === 0 && q && typeof q === "object" ? { ...q, answer: "超长的回答。".repeat(400) } : q)) };
    t.db.update(packages).set({ publishedSnapshot: broken }).where(eq(packages.id, pkg.id)).run();
    try {
      const job = t.db.insert(exportJobs).values({ packageId: pkg.id, channels: ["xhs"], source: "published", status: "queued" }).returning({ id: exportJobs.id }).get();
      const outcome = await runExportJob(job.id, { exportsDir });
      expect(outcome.status).toBe("failed");
      const row = t.db.select().from(exportJobs).where(eq(exportJobs.id, job.id)).get();
      expect(row?.status).toBe("failed");
      expect(row?.error).toMatch(/第 1 条问答的回答有 2400 字，最多 1500 字，请精简/);
      expect(row?.finishedAt).not.toBeNull();
      expect(t.db.select().from(exportFiles).where(eq(exportFiles.jobId, job.id)).all()).toHaveLength(0);
      const after = xihaian();
      expect(after.doc.status).toBe("published");
      expect(after.doc.publishedAt).toBe(doc.publishedAt);
      expect(after.pkg.publishedAt).toBe(pkg.publishedAt);
      // the public pack is still the last good one
      expect(publicExportZip(doc.id)).not.toBeNull();
    } finally {
      t.db.update(packages).set({ publishedSnapshot: snapshot }).where(eq(packages.id, pkg.id)).run();
    }
  });

  it("says how to install Chromium when there is none", async () => {
    const { pkg } = xihaian();
    const job = t.db.insert(exportJobs).values({ packageId: pkg.id, channels: ["xhs"], status: "queued" }).returning({ id: exportJobs.id }).get();
    const outcome = await runExportJob(job.id, { exportsDir, pool: () => Promise.reject(new BrowserMissingError()) });
    expect(outcome.status).toBe("failed");
    const row = t.db.select().from(exportJobs).where(eq(exportJobs.id, job.id)).get();
    expect(row?.error).toContain("未找到可用的 Chromium 浏览器");
    expect(row?.error).toContain("重新导出");
    expect(row?.error).not.toContain("No Chromium");
    expect(xihaian().doc.status).toBe("published");
  });

  it("a job that is not queued is not run twice", async () => {
    const { pkg } = xihaian();
    const done = jobsOf(pkg.id).find((j) => j.status === "done");
    expect(done && (await runExportJob(done.id, { exportsDir })).status).toBe("skipped");
    expect(done && t.db.select().from(exportJobs).where(eq(exportJobs.id, done.id)).get()?.status).toBe("done");
  });
});

describe("permissions", () => {
  it("a drafter of another department gets 404 and no job is written; a reviewer gets 403", () => {
    const { doc, pkg } = xihaian();
    const before = jobsOf(pkg.id).length;
    let thrown: unknown = null;
    try {
      queueExport(user("drafter2"), doc.id, ["xhs"]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown instanceof Response ? thrown.status : null).toBe(404);
    thrown = null;
    try {
      queueExport(user("reviewer"), doc.id, ["xhs"]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown instanceof Response ? thrown.status : null).toBe(403);
    expect(jobsOf(pkg.id).length).toBe(before);
    const job = jobsOf(pkg.id).find((j) => j.status === "done");
    expect(() => exportJobFile(user("drafter2"), doc.id, job?.id ?? 0, "x.png", { exportsDir })).toThrow();
  });

  it("refuses unknown or no channels with a Chinese reason", () => {
    const { doc, pkg } = xihaian();
    const before = jobsOf(pkg.id).length;
    expect(queueExport(user("publisher"), doc.id, ["tiktok"])).toEqual({ ok: false, reason: "不认识的渠道：tiktok，请从列表中选择。" });
    expect(queueExport(user("publisher"), doc.id, [])).toEqual({ ok: false, reason: "请至少选择一个渠道。" });
    expect(jobsOf(pkg.id).length).toBe(before);
    expect(existsSync(exportsDir)).toBe(true);
  });
});
