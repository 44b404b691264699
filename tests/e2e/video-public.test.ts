/**
 * The demo package's video end to end: a storyboard on the published 西海岸, its export job
 * (real Chromium + ffmpeg, a few frames a second), then the production server — the public page
 * plays the video in Chromium (readyState, caption cues from the <track>) with its transcript,
 * the file is served in byte ranges; and the editor's 视频 section generates a storyboard and
 * refuses a scene over the maximum duration in Chinese.
 */
import { eq } from "drizzle-orm";
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { documents, exportVideos, packages } from "~/db/schema";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { defaultStoryboard } from "~/domain/video/storyboard";
import { loadUser } from "~/models/auth.server";
import { queueExport } from "~/features/export/queue.server";
import { runExportJob } from "~/features/export/worker.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { parseWebVttTimes } from "~/render/video/captions";
import { createSeededTestDb, type TestDb } from "../helpers/db";
import { type E2eApp, signIn, startE2eApp, stopE2eApp } from "../helpers/e2e";

const exportsDir = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? "/tmp"}/jiedu-video-public-${process.pid}-${Date.now()}`;
  process.env.EXPORTS_DIR = dir;
  process.env.VIDEO_FPS = "4";
  return dir;
});

let docId = 0;
let transcript = "";

const app = {} as E2eApp;

beforeAll(async () => {
  app.t = await createSeededTestDb();
  await prepare(app.t);
  Object.assign(app, await startE2eApp(app.t, { EXPORTS_DIR: exportsDir, VIDEO_FPS: "4" }));
  // the export job renders images and the video, and the server may need a fresh build
}, 600_000);
afterAll(async () => {
  await stopE2eApp(app);
  rmSync(exportsDir, { recursive: true, force: true });
});

async function prepare(t: TestDb): Promise<void> {
  {
    const d = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
    const p = d ? t.db.select().from(packages).where(eq(packages.documentId, d.id)).get() : undefined;
    const snapshot = readPublishedSnapshot(p?.publishedSnapshot);
    if (!d || !p || !snapshot) throw new Error("seed missing 西海岸");
    docId = d.id;
    const video = defaultStoryboard(snapshot, { title: d.title, docNumber: d.docNumber });
    t.db.update(packages).set({ video, publishedSnapshot: { ...snapshot, video } }).where(eq(packages.id, p.id)).run();
    const publisherId = t.db.$client.prepare("select id from users where username = 'publisher'").pluck().get();
    const publisher = typeof publisherId === "number" ? loadUser(publisherId) : null;
    if (!publisher) throw new Error("no publisher");
    const queued = queueExport(publisher, d.id, ["web"], t.db);
    if (!queued.ok) throw new Error(queued.reason);
    const outcome = await runExportJob(queued.jobId, { db: t.db, exportsDir });
    if (outcome.status !== "done" || outcome.videos !== 1) throw new Error(`export: ${JSON.stringify(outcome)}`);
    transcript = t.db.select().from(exportVideos).where(eq(exportVideos.jobId, queued.jobId)).get()?.transcript ?? "";
  }
}

const playback = z.object({ readyState: z.number(), duration: z.number(), width: z.number(), cues: z.number(), firstCue: z.string(), error: z.number().nullable() });

describe("the video on the public interpretation page", () => {
  it("plays in Chromium with its caption track and shows the transcript", async () => {
    const page = await app.browser.newPage();
    await page.goto(`${app.server.url}/jiedu/${docId}`, { waitUntil: "load" });
    await page.waitForSelector("[data-testid=public-video]");
    const state = playback.parse(
      await page.evaluate(`(async () => {
        const v = document.querySelector("[data-testid=public-video]");
        const deadline = Date.now() + 20000;
        while (v.readyState < 1 && !v.error && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        const track = v.textTracks[0];
        if (track) track.mode = "hidden";
        while (track && (!track.cues || track.cues.length === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        return { readyState: v.readyState, duration: v.duration, width: v.videoWidth, cues: track && track.cues ? track.cues.length : 0, firstCue: track && track.cues && track.cues[0] ? track.cues[0].text : "", error: v.error ? v.error.code : null };
      })()`),
    );
    expect(state.error).toBeNull();
    expect(state.readyState).toBeGreaterThanOrEqual(1);
    expect(state.width).toBe(1920);
    expect(state.duration).toBeGreaterThanOrEqual(30 - 0.5);
    expect(state.duration).toBeLessThanOrEqual(90 + 0.5);
    expect(state.cues).toBeGreaterThanOrEqual(3);
    // the cover caption: the document title (split into cues when it is long)
    expect(state.firstCue.startsWith("《青岛西海岸新区")).toBe(true);
    const text = await page.$eval("[data-testid=video-transcript]", (el) => el.textContent ?? "");
    expect(text.replace(/\s/g, "")).toBe(transcript.replace(/\s/g, ""));
    // the forms list links the video form to a section that exists
    expect(await page.$eval("a[href='#shipin']", (a) => a.textContent)).toBe("视频");
    expect(await page.$eval("#shipin h2, #shipin h3", (el) => el.textContent)).toBe("视频解读");
    expect(await page.$eval("#h-shipin", (el) => el.textContent)).toBe("视频解读");
    await page.close();
  });

  it("serves the MP4 in byte ranges and the captions as WebVTT; other files are 404", async () => {
    const base = `${app.server.url}/jiedu/${docId}/video`;
    const whole = await fetch(`${base}/landscape.mp4`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("video/mp4");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    const size = Number(whole.headers.get("content-length"));
    await whole.arrayBuffer();
    const part = await fetch(`${base}/landscape.mp4`, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${size}`);
    expect((await part.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(`${base}/landscape.mp4`, { headers: { Range: `bytes=${size + 10}-` } })).status).toBe(416);
    const vtt = await fetch(`${base}/landscape.zh.vtt`);
    expect(vtt.headers.get("content-type")).toBe("text/vtt; charset=utf-8");
    expect(parseWebVttTimes(await vtt.text()).length).toBeGreaterThanOrEqual(3);
    expect((await fetch(`${base}/..%2F..%2Fmanifest.json`)).status).toBe(404);
    expect((await fetch(`${base}/story.mp4`)).status).toBe(404);
  });
});

describe("the 视频 section of the package editor", () => {
  it("generates a storyboard, and a scene over 15 s is refused in Chinese on the field", async () => {
    const c = app.t.db.$client;
    const draft = c.prepare("select id from documents where status = 'drafting' order by id").pluck().get();
    const page = await app.browser.newPage();
    await signIn(page, app.server.url, "drafter");
    await page.goto(`${app.server.url}/app/documents/${String(draft)}/package#video`);
    await page.waitForSelector(".package-editor[data-hydrated=true]");
    const [generate] = await page.$$("xpath/.//button[contains(., '按解读材料生成分镜')]");
    if (!generate) throw new Error("no generate button");
    await generate.click();
    await page.waitForSelector("[data-testid=video-total]");
    expect(await page.$eval("[data-testid=video-total]", (el) => el.textContent)).toMatch(/共 \d+ 个场景，总时长 [\d.]+ 秒/);
    const duration = await page.$("#video .video-scene input[type=number]");
    if (!duration) throw new Error("no duration input");
    await duration.click({ clickCount: 3 });
    await duration.type("20");
    await page.waitForFunction(() => document.querySelector("#video")?.textContent?.includes("每个场景最长 15 秒"), { timeout: 15_000 });
    expect(await page.$eval("[data-testid=video-issues]", (el) => el.textContent)).toContain("场景 1时长 20 秒，每个场景应为 2–15 秒。");
    await page.screenshot({ path: "tests/.artifacts/video-editor.png", fullPage: false, captureBeyondViewport: false });
    await page.close();
  });
});
