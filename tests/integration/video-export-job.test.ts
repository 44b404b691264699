/**
 * The video as part of an export job (real SQLite, Chromium, ffmpeg): the MP4, captions and
 * poster land in the job's directory, export_videos, the manifest and the ZIP; without ffmpeg,
 * with an ffmpeg that fails halfway, or with a storyboard the exporter refuses, the images are
 * still exported, the job says in Chinese why there is no video, and no video file is published.
 */
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { documents, exportJobs, exportVideos, packages } from "~/db/schema";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { defaultStoryboard, type VideoContent } from "~/domain/video/storyboard";
import { loadUser } from "~/models/auth.server";
import { buildEvidencePack } from "~/features/dashboard/evidence.server";
import { exportJobFile } from "~/features/export/page.server";
import { queueExport } from "~/features/export/queue.server";
import { runExportJob, stopExportWorker } from "~/features/export/worker.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { BrowserPool } from "~/render/browser.server";
import { forgetFfmpegResolution, requireFfmpeg } from "~/render/ffmpeg-path";
import { probe } from "~/render/video/encode.server";
import { createSeededTestDb, type TestDb } from "../helpers/db";

const exportsDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/jiedu-video-jobs-${process.pid}-${Date.now()}`;
  process.env.EXPORTS_DIR = dir;
  // a few frames a second: the same pipeline, a fraction of the encoding time
  process.env.VIDEO_FPS = "4";
  return dir;
});

let t: TestDb;
let pool: BrowserPool;
let docId: number;
let pkgId: number;
let storyboard: VideoContent;

beforeAll(async () => {
  t = await createSeededTestDb();
  const d = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  const p = d ? t.db.select().from(packages).where(eq(packages.documentId, d.id)).get() : undefined;
  if (!d || !p) throw new Error("seed missing 西海岸");
  docId = d.id;
  pkgId = p.id;
  // the published 西海岸 gets a storyboard in its publication (what an export of it renders)
  const snapshot = readPublishedSnapshot(p.publishedSnapshot);
  if (!snapshot) throw new Error("西海岸 has no snapshot");
  storyboard = defaultStoryboard(snapshot, { title: d.title, docNumber: d.docNumber });
  setStoryboard(storyboard);
  // the publish-time export of the seed is not what these tests look at
  t.db.delete(exportJobs).run();
  pool = await BrowserPool.create({ size: 1 });
}, 120_000);

afterAll(async () => {
  await pool?.close();
  await stopExportWorker();
  t?.cleanup();
  rmSync(exportsDir, { recursive: true, force: true });
  delete process.env.FFMPEG_PATH;
  delete process.env.FFPROBE_PATH;
  forgetFfmpegResolution();
});

function setStoryboard(video: VideoContent | null): void {
  const p = t.db.select().from(packages).where(eq(packages.id, pkgId)).get();
  const snapshot = readPublishedSnapshot(p?.publishedSnapshot);
  if (!snapshot) throw new Error("no snapshot");
  t.db.update(packages).set({ video, publishedSnapshot: { ...snapshot, video } }).where(eq(packages.id, pkgId)).run();
}

const publisher = () => {
  const id = t.db.$client.prepare("select id from users where username = 'publisher'").pluck().get();
  const u = typeof id === "number" ? loadUser(id) : null;
  if (!u) throw new Error("no publisher");
  return u;
};

async function exportWeb() {
  const queued = queueExport(publisher(), docId, ["web"], t.db);
  if (!queued.ok) throw new Error(queued.reason);
  const outcome = await runExportJob(queued.jobId, { db: t.db, exportsDir, pool: async () => pool });
  const job = t.db.select().from(exportJobs).where(eq(exportJobs.id, queued.jobId)).get();
  if (!job) throw new Error("job vanished");
  return { outcome, job, dir: join(exportsDir, String(queued.jobId)) };
}

function manifestOf(dir: string): { images: unknown[]; videos?: Array<{ file: string; captions: { vtt: string; srt: string }; poster: string; transcript: string; durationMs: number }> } {
  return JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
}

describe("video in the export job", () => {
  it("makes the landscape video for the website: files, export_videos, manifest, ZIP, served as video/mp4", async () => {
    const { outcome, job, dir } = await exportWeb();
    expect(outcome).toMatchObject({ status: "done", videos: 1, videoError: null });
    expect(job.videoPresets).toEqual(["landscape"]);
    const [row] = t.db.select().from(exportVideos).where(eq(exportVideos.jobId, job.id)).all();
    expect(row).toMatchObject({ preset: "landscape", file: "video/landscape.mp4", width: 1920, height: 1080 });
    const total = storyboard.scenes.reduce((n, s) => n + s.duration, 0);
    expect(row.durationMs).toBe(Math.round(total * 1000));
    const probed = await probe(requireFfmpeg().ffprobe, join(dir, row.file));
    expect(probed?.video).toMatchObject({ codec: "h264", pixFmt: "yuv420p", width: 1920, height: 1080 });
    expect(probed?.durationSeconds).toBeCloseTo(total, 0);
    const manifest = manifestOf(dir);
    expect(manifest.videos?.[0]).toMatchObject({ file: "video/landscape.mp4", captions: { vtt: "video/landscape.zh.vtt", srt: "video/landscape.zh.srt" }, poster: "video/landscape-poster.jpg" });
    expect(manifest.videos?.[0].transcript).toBe(row.transcript);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, "jiedu-images.zip")));
    for (const f of ["video/landscape.mp4", "video/landscape.zh.vtt", "video/landscape.zh.srt", "video/landscape-poster.jpg"]) expect(zip.file(f), f).not.toBeNull();
    expect((await zip.file("video/landscape.mp4")?.async("nodebuffer"))?.length).toBe(row.bytes);
    expect(await zip.file("alt-text.txt")?.async("string")).toContain("字幕全文：");
    const served = exportJobFile(publisher(), docId, job.id, "video/landscape.mp4", { db: t.db, exportsDir });
    expect(served?.contentType).toBe("video/mp4");
    expect(exportJobFile(publisher(), docId, job.id, "video/landscape.zh.vtt", { db: t.db, exportsDir })?.contentType).toBe("text/vtt; charset=utf-8");

    // 考核: the evidence pack carries the video (inside the image pack) and names it
    const evidence = await buildEvidencePack(docId, { db: t.db, print: async () => new Uint8Array([37, 80, 68, 70]) });
    if (!evidence) throw new Error("no evidence pack");
    const outer = await JSZip.loadAsync(evidence.zip);
    const listing = (await outer.file("manifest.txt")?.async("string")) ?? "";
    expect(listing).toContain("视频解读：图片包中的 video/landscape.mp4");
    const inner = await JSZip.loadAsync((await outer.file(`images/jiedu-${docId}-images.zip`)?.async("nodebuffer")) ?? Buffer.alloc(0));
    expect(inner.file("video/landscape.mp4")).not.toBeNull();
    expect(inner.file("video/landscape.zh.vtt")).not.toBeNull();
    expect(await outer.file("interpretation.html")?.async("string")).toContain("视频");
  }, 300_000);

  it("without ffmpeg the images are exported and the job says what is missing", async () => {
    process.env.FFMPEG_PATH = join(exportsDir, "no-ffmpeg");
    process.env.FFPROBE_PATH = join(exportsDir, "no-ffprobe");
    forgetFfmpegResolution();
    try {
      const { outcome, job, dir } = await exportWeb();
      expect(outcome.status).toBe("done");
      expect(job.status).toBe("done");
      expect(job.videoError).toMatch(/^视频未生成：未找到可用的 ffmpeg，视频解读无法生成（其他功能不受影响）.*安装后点击“重新导出”。$/);
      expect(manifestOf(dir).images.length).toBeGreaterThan(0);
      expect(manifestOf(dir).videos).toBeUndefined();
      expect(existsSync(join(dir, "video"))).toBe(false);
      expect(t.db.select().from(exportVideos).where(eq(exportVideos.jobId, job.id)).all()).toEqual([]);
    } finally {
      delete process.env.FFMPEG_PATH;
      delete process.env.FFPROBE_PATH;
      forgetFfmpegResolution();
    }
  }, 300_000);

  it("an ffmpeg failing halfway publishes no video file, and says so", async () => {
    const real = requireFfmpeg();
    const wrapper = join(exportsDir, "broken-ffmpeg.sh");
    writeFileSync(
      wrapper,
      `#!/bin/sh\nfor a; do last="$a"; done\n"${real.ffmpeg}" "$@" || exit $?\ncase "$last" in *.mp4) head -c 20000 "$last" > "$last.cut" && mv "$last.cut" "$last"; echo "Conversion failed!" >&2; exit 1;; esac\n`,
    );
    chmodSync(wrapper, 0o755);
    process.env.FFMPEG_PATH = wrapper;
    process.env.FFPROBE_PATH = real.ffprobe;
    forgetFfmpegResolution();
    try {
      const { job, dir } = await exportWeb();
      expect(job.status).toBe("done");
      expect(job.videoError).toContain("视频编码中途失败（横屏 16:9（网站、微博）：Conversion failed!），未生成视频文件；图片不受影响。");
      expect(existsSync(join(dir, "video", "landscape.mp4"))).toBe(false);
      const zip = await JSZip.loadAsync(readFileSync(join(dir, "jiedu-images.zip")));
      expect(Object.keys(zip.files).filter((f) => f.startsWith("video/") || f.includes(".video-work"))).toEqual([]);
    } finally {
      delete process.env.FFMPEG_PATH;
      delete process.env.FFPROBE_PATH;
      forgetFfmpegResolution();
    }
  }, 300_000);

  it("a storyboard the exporter refuses is named, and no video is attempted", async () => {
    // each scene within bounds (so the editor saved it), but 7 × 15 s is over 90 s, and a scene
    // points at a chart the package no longer has
    const cover = storyboard.scenes[0];
    setStoryboard({ scenes: [...Array.from({ length: 7 }, () => ({ ...cover, duration: 15 })), { kind: "chart", ref: 7, duration: 5, caption: "图表" }], music: null });
    const { job } = await exportWeb();
    expect(job.status).toBe("done");
    expect(job.videoError).toContain("视频未生成：分镜有问题——");
    expect(job.videoError).toContain("场景 8引用的图表（第 8 项）已不存在，请删除该场景或重新选择。");
    expect(job.videoError).toContain("视频总时长 110 秒，超过 90 秒：请删除场景或缩短场景时长。");
    expect(job.videoError).toContain("请在解读材料的“视频”中修改后重新导出。");
    setStoryboard(storyboard);
  }, 300_000);
});
