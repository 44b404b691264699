/**
 * Saved 图解 from the database to the public site, and export retention — real SQLite, real
 * Chromium, real files, the built production server:
 *   - the published 西海岸 package's 数字卡 graphic (the officer's own slot values) is exported by
 *     the export job into the channels its size suits, with its alt text in export_files;
 *   - /jiedu/<id> shows exactly that image (found by graphic identity, not by template) with the
 *     alt text and long description, and serves it;
 *   - an export of other slot values shows no image rather than the wrong one;
 *   - after the job succeeds, older exports of the package are deleted (rows and files) except
 *     the newest N (setting "export.keepJobs") and the one the public site serves.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { documents, exportFiles, exportJobs, packages, settings } from "~/db/schema";
import type { PackageContent } from "~/domain/package/content";
import { graphicFingerprint } from "~/domain/package-data";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { exportKeepJobs, pruneExportJobs } from "~/features/export/retention.server";
import { runExportJob, stopExportWorker } from "~/features/export/worker.server";
import { getPublicInterpretation } from "~/features/publish/interpretations.server";
import { publicExportFile } from "~/features/publish/image-pack.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { createSeededTestDb, type TestDb } from "../helpers/db";
import { type RunningServer, startServer } from "../helpers/server";

// EXPORTS_DIR is read once by getConfig(): set it before anything asks.
const exportsDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/jiedu-export-graphics-${process.pid}-${Date.now()}`;
  process.env.EXPORTS_DIR = dir;
  return dir;
});

let t: TestDb;
let server: RunningServer | null = null;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(async () => {
  await server?.stop();
  await stopExportWorker();
  t?.cleanup();
  rmSync(exportsDir, { recursive: true, force: true });
});

const xihaian = () => {
  const d = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  const p = d ? t.db.select().from(packages).where(eq(packages.documentId, d.id)).get() : undefined;
  if (!d || !p) throw new Error("seed missing 西海岸");
  return { doc: d, pkg: p };
};
const snapshotOf = (raw: unknown): PackageContent => {
  const content = readPublishedSnapshot(raw);
  if (!content) throw new Error("no published snapshot");
  return content;
};
const jobIds = (packageId: number) => t.db.select({ id: exportJobs.id }).from(exportJobs).where(eq(exportJobs.packageId, packageId)).orderBy(exportJobs.id).all().map((j) => j.id);

/**
 * A finished (or failed) export with a real directory and files, as an older run left it;
 * `publication`: it rendered the snapshot published at that instant (else a draft).
 */
function fakeJob(packageId: number, options: { status?: "done" | "failed" | "queued"; createdAt: string; publication?: string }): { id: number; dir: string } {
  const status = options.status ?? "done";
  const bound = options.publication ? { source: "published" as const, sourcePublishedAt: options.publication } : {};
  const id = t.db
    .insert(exportJobs)
    .values({ packageId, channels: ["web"], status, ...bound, createdAt: options.createdAt, finishedAt: status === "queued" ? null : options.createdAt })
    .returning({ id: exportJobs.id })
    .get().id;
  const dir = join(exportsDir, String(id));
  mkdirSync(join(dir, "web"), { recursive: true });
  writeFileSync(join(dir, "web", "01-cover.png"), `old export ${id}`);
  if (status === "done") {
    writeFileSync(join(dir, "jiedu-images.zip"), "PK");
    t.db.update(exportJobs).set({ outputDir: String(id), zipFile: "jiedu-images.zip" }).where(eq(exportJobs.id, id)).run();
    t.db.insert(exportFiles).values({ jobId: id, file: "web/01-cover.png", channel: "web", template: "cover", width: 1, height: 1, bytes: 1, sha256: "x", altText: "旧封面" }).run();
  }
  return { id, dir };
}

describe("a saved 图解 from export to the public page", () => {
  let jobId = 0;
  let old: Record<"ofPublication" | "older" | "a" | "b" | "failed", { id: number; dir: string }>;

  it("the export job renders the officer's graphic into the channels its size suits, and prunes older exports", async () => {
    const { doc, pkg } = xihaian();
    expect(doc.status).toBe("published");
    const publishedAt = pkg.publishedAt ?? "";
    expect(publishedAt).not.toBe("");
    const [seededQueued] = jobIds(pkg.id);
    // older exports: one of the current publication (what the public site serves, also during a
    // correction), and four drafts made after it, the newest of which is a failure
    old = {
      older: fakeJob(pkg.id, { createdAt: "2000-01-01T00:00:00.000Z" }),
      ofPublication: fakeJob(pkg.id, { createdAt: "2000-06-01T00:00:00.000Z", publication: publishedAt }),
      a: fakeJob(pkg.id, { createdAt: "2999-01-01T00:00:00.000Z" }),
      b: fakeJob(pkg.id, { createdAt: "2999-02-01T00:00:00.000Z" }),
      failed: fakeJob(pkg.id, { status: "failed", createdAt: "2999-03-01T00:00:00.000Z" }),
    };
    expect(exportKeepJobs(t.db)).toBe(3);
    jobId = t.db
      .insert(exportJobs)
      .values({ packageId: pkg.id, channels: ["web", "wechat", "weibo"], source: "published", status: "queued" })
      .returning({ id: exportJobs.id })
      .get().id;

    const outcome = await runExportJob(jobId, { db: t.db, exportsDir, poolSize: 1 });
    expect(outcome).toMatchObject({ status: "done" });

    const graphic = snapshotOf(pkg.publishedSnapshot).graphics[0];
    expect(graphic.templateId).toBe("figures-card");
    const fingerprint = graphicFingerprint(graphic.templateId, graphic.slots);
    const files = t.db.select().from(exportFiles).where(eq(exportFiles.jobId, jobId)).orderBy(exportFiles.id).all();
    const mine = files.filter((f) => f.file.includes(`-tujie-1-figures-card-${fingerprint}.`));
    expect(mine.map((f) => f.channel).sort()).toEqual(["web", "wechat"]);
    for (const f of mine) {
      expect([f.template, f.width, f.height]).toEqual(["figures-card", 1080, 1440]);
      expect(f.altText).toBe(graphic.altText);
      expect(f.longDescription).toBe(graphic.longDescription);
      const meta = await sharp(readFileSync(join(exportsDir, String(jobId), f.file))).metadata();
      expect([meta.width, meta.height]).toEqual([1080, 1440]);
    }
    const manifest = JSON.parse(readFileSync(join(exportsDir, String(jobId), "manifest.json"), "utf8"));
    expect(manifest.warnings.join("\n")).toMatch(/图解 1（数字卡.*微博/);
    expect(readFileSync(join(exportsDir, String(jobId), "alt-text.txt"), "utf8")).toContain(`替代文字：${graphic.altText}`);

    // retention: kept = this job (now the one the public site serves), the two newest older ones
    // (one failed); deleted = the rest, rows and files, including the older export of the same
    // publication; the queued job is never touched
    expect(jobIds(pkg.id)).toEqual([seededQueued, old.b.id, old.failed.id, jobId].sort((x, y) => x - y));
    for (const gone of [old.older, old.ofPublication, old.a]) {
      expect(existsSync(gone.dir), `job ${gone.id}`).toBe(false);
      expect(t.db.select().from(exportFiles).where(eq(exportFiles.jobId, gone.id)).all()).toEqual([]);
    }
    for (const kept of [old.b, old.failed]) expect(existsSync(join(kept.dir, "web", "01-cover.png")), `job ${kept.id}`).toBe(true);
    expect(existsSync(join(exportsDir, String(jobId), "jiedu-images.zip"))).toBe(true);
  });

  it("the public page shows that graphic's own image with its alt text and long description, and serves it", async () => {
    const { doc, pkg } = xihaian();
    const graphic = snapshotOf(pkg.publishedSnapshot).graphics[0];
    const image = getPublicInterpretation(doc.id)?.graphicImages[0];
    expect(image?.file).toMatch(new RegExp(`^web/\\d{2}-tujie-1-figures-card-${graphicFingerprint(graphic.templateId, graphic.slots)}\\.png$`));
    expect(image && publicExportFile(doc.id, image.file)?.path).toBe(image && join(exportsDir, String(jobId), image.file));

    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: process.env.SESSION_SECRET ?? "", EXPORTS_DIR: exportsDir, JIEDU_EXPORT_WORKER: "0" });
    const page = await fetch(`${server.url}/jiedu/${doc.id}`);
    expect(page.status).toBe(200);
    const body = await page.text();
    const img = new RegExp(`<img src="(/jiedu/${doc.id}/tu/[^"]+)" alt="([^"]+)" width="1080" height="1440"`).exec(body);
    expect(img?.[2]).toBe(graphic.altText);
    expect(decodeURIComponent(img?.[1] ?? "")).toBe(`/jiedu/${doc.id}/tu/${image?.file}`);
    expect(body).toContain("改革任务：294项");
    const res = await fetch(`${server.url}${img?.[1]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/png");
    const data = Buffer.from(await res.arrayBuffer());
    expect(data.equals(readFileSync(join(exportsDir, String(jobId), image?.file ?? "")))).toBe(true);
  });

  it("an export of other slot values shows no image rather than the wrong one", () => {
    const { doc, pkg } = xihaian();
    const content = snapshotOf(pkg.publishedSnapshot);
    const changed = { ...content, graphics: content.graphics.map((g) => ({ ...g, slots: { ...g.slots, title: "更正后的图解标题" } })) };
    t.db.update(packages).set({ publishedSnapshot: changed }).where(eq(packages.id, pkg.id)).run();
    expect(getPublicInterpretation(doc.id)?.graphicImages).toEqual([null]);
    t.db.update(packages).set({ publishedSnapshot: pkg.publishedSnapshot }).where(eq(packages.id, pkg.id)).run();
    expect(getPublicInterpretation(doc.id)?.graphicImages[0]?.altText).toBe(content.graphics[0].altText);
  });
});

describe("export retention (pruneExportJobs)", () => {
  it("keeps the newest N (setting), the export a correction keeps serving, queued jobs and other packages; deletes the rest, rows and files", async () => {
    const { pkg: other } = xihaian();
    // a second package: the first one of the seed that is not 西海岸, published once
    const pkg = t.db.select().from(packages).all().find((p) => p.id !== other.id);
    if (!pkg) throw new Error("seed has one package only");
    t.db.update(packages).set({ publishedAt: "2500-01-01T00:00:00.000Z" }).where(eq(packages.id, pkg.id)).run();
    t.db.insert(settings).values({ key: "export.keepJobs", value: 2 }).onConflictDoUpdate({ target: settings.key, set: { value: 2 } }).run();
    expect(exportKeepJobs(t.db)).toBe(2);

    // a directory outside the exports root, named by a hostile output_dir, is never touched
    const outside = `${exportsDir}-outside`;
    mkdirSync(outside, { recursive: true });
    const hostile = fakeJob(pkg.id, { createdAt: "2200-01-01T00:00:00.000Z" });
    t.db.update(exportJobs).set({ outputDir: `../${outside.split("/").pop()}` }).where(eq(exportJobs.id, hostile.id)).run();
    const stale = fakeJob(pkg.id, { createdAt: "2300-01-01T00:00:00.000Z" });
    // the export of the current publication: what the public site shows, also during a correction
    const served = fakeJob(pkg.id, { createdAt: "2400-01-01T00:00:00.000Z", publication: "2500-01-01T00:00:00.000Z" });
    const queued = fakeJob(pkg.id, { status: "queued", createdAt: "2600-01-01T00:00:00.000Z" });
    const a = fakeJob(pkg.id, { createdAt: "2600-02-01T00:00:00.000Z" });
    const b = fakeJob(pkg.id, { createdAt: "2600-03-01T00:00:00.000Z" });
    const c = fakeJob(pkg.id, { createdAt: "2600-04-01T00:00:00.000Z" });
    const otherPackage = fakeJob(other.id, { createdAt: "2000-01-01T00:00:00.000Z" });

    // the job that just succeeded is c
    const result = await pruneExportJobs(c.id, { db: t.db, exportsDir });
    expect(result.deletedJobs.sort((x, y) => x - y)).toEqual([stale.id, hostile.id, a.id].sort((x, y) => x - y));
    expect(jobIds(pkg.id)).toEqual([served.id, queued.id, b.id, c.id].sort((x, y) => x - y));
    for (const kept of [served, queued, b, c]) expect(existsSync(join(kept.dir, "web", "01-cover.png")), `job ${kept.id}`).toBe(true);
    for (const gone of [stale, a]) expect(existsSync(gone.dir), `job ${gone.id}`).toBe(false);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(otherPackage.dir, "web", "01-cover.png"))).toBe(true);
    expect(t.db.select().from(exportFiles).where(eq(exportFiles.jobId, a.id)).all()).toEqual([]);

    // running it again deletes nothing more
    expect((await pruneExportJobs(c.id, { db: t.db, exportsDir })).deletedJobs).toEqual([]);
    // a job that is not done prunes nothing
    expect((await pruneExportJobs(queued.id, { db: t.db, exportsDir })).deletedJobs).toEqual([]);
    rmSync(outside, { recursive: true, force: true });
  });
});
