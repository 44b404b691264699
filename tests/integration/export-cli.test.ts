/**
 * `jiedu export` through the real entry point (bin/jiedu.js) in a child process, against a
 * seeded SQLite file and real Chromium.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, exportJobs, packages, qaItems } from "~/db/schema";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { createSeededTestDb, type TestDb } from "../helpers/db";

const repoRoot = path.resolve(import.meta.dirname, "../..");
let t: TestDb;
let out: string;

beforeAll(async () => {
  t = await createSeededTestDb();
  out = mkdtempSync(path.join(tmpdir(), "jiedu-export-cli-"));
});
afterAll(() => {
  t?.cleanup();
  rmSync(out, { recursive: true, force: true });
});

function jiedu(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin/jiedu.js"), ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: t.path },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      done({ status, stdout, stderr });
    });
  });
}

const xihaian = () => {
  const d = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  if (!d) throw new Error("seed missing 西海岸");
  return d;
};

describe("jiedu export", () => {
  it("renders the published 西海岸 package from its snapshot: exit 0, manifest, images and ZIP; the database is not written", async () => {
    const doc = xihaian();
    const pkg = t.db.select().from(packages).where(eq(packages.documentId, doc.id)).get();
    // an edit after publishing must not reach the images of the published version
    const firstQa = pkg ? t.db.select().from(qaItems).where(eq(qaItems.packageId, pkg.id)).orderBy(qaItems.position).get() : undefined;
    if (!firstQa) throw new Error("no Q&A");
    t.db.update(qaItems).set({ question: "发布后草稿里才改的问题？" }).where(eq(qaItems.id, firstQa.id)).run();
    const jobsBefore = t.db.select().from(exportJobs).all().length;

    const r = await jiedu(["export", "--document", String(doc.id), "--out", out, "--channels", "xhs"]);
    expect(r.stderr).not.toMatch(/错误/);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/已生成 \d+ 张图片（xhs）/);
    expect(r.stderr).toContain("已发布版本");

    const manifest: unknown = JSON.parse(readFileSync(path.join(out, "manifest.json"), "utf8"));
    if (!manifest || typeof manifest !== "object" || !("images" in manifest) || !Array.isArray(manifest.images)) throw new Error("bad manifest");
    const images: { file: string; channel: string; altText: string; longDescription: string }[] = manifest.images;
    expect(images.length).toBeGreaterThanOrEqual(5);
    for (const image of images) {
      expect(image.channel).toBe("xhs");
      expect(existsSync(path.join(out, image.file))).toBe(true);
    }
    expect(JSON.stringify(images)).toContain(firstQa.question.slice(0, 10));
    expect(JSON.stringify(images)).not.toContain("发布后草稿里才改的问题");
    const zip = await JSZip.loadAsync(readFileSync(path.join(out, "jiedu-images.zip")));
    for (const image of images) expect(Object.keys(zip.files)).toContain(image.file);
    expect(t.db.select().from(exportJobs).all().length).toBe(jobsBefore);
  });

  it("exits non-zero with one Chinese line for an unknown document", async () => {
    const r = await jiedu(["export", "--document", "999999", "--out", path.join(out, "none"), "--channels", "xhs"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("没有找到编号为 999999 的文件");
    expect(existsSync(path.join(out, "none"))).toBe(false);
  });

  it("exits non-zero saying what to fill in for a draft that cannot become images yet", async () => {
    const draft = t.db.select().from(documents).where(eq(documents.status, "drafting")).get();
    if (!draft) throw new Error("seed has no draft");
    const r = await jiedu(["export", "--document", String(draft.id), "--out", path.join(out, "draft"), "--channels", "xhs"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/解读材料还不能生成图片：.*还没有填写/);
  });

  it("rejects an unknown channel before touching anything", async () => {
    const r = await jiedu(["export", "--document", String(xihaian().id), "--channels", "tiktok"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("未知渠道：tiktok");
  });
});
