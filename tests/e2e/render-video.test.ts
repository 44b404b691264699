/**
 * The video interpretation end to end on the real components: Chromium (the image templates and
 * fonts), ffmpeg and ffprobe. Short videos at a low frame rate keep it quick (30 s at 5 fps).
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type PackageData, parsePackageData } from "~/domain/package-data";
import { type VideoData, videoDataSchema } from "~/features/video/video-data";
import { BrowserPool } from "~/render/browser.server";
import { FfmpegMissingError, forgetFfmpegResolution, requireFfmpeg, resolveFfmpeg } from "~/render/ffmpeg-path";
import { VIDEO_PRESETS } from "~/render/video-presets";
import { parseWebVttTimes } from "~/render/video/captions";
import { probe, VideoEncodeError } from "~/render/video/encode.server";
import { type RenderVideosResult, renderVideos, timingFor } from "~/render/video/render-video.server";
import { FORBIDDEN_LINE_STARTS } from "./render-helpers";

const FPS = 5;
let pool: BrowserPool;
let out: string;
let pkg: PackageData;
let video: VideoData;
let result: RenderVideosResult;
const captionChecks: Array<{ preset: string; scene: number; text: string; lines: number; starts: string[]; box: { top: number; bottom: number; left: number; right: number }; frame: { width: number; height: number }; clipped: boolean }> = [];

const captionLayout = z.object({ lines: z.number(), starts: z.array(z.string()), box: z.object({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() }), clipped: z.boolean() });

/** Lines of the caption paragraph, measured from its glyphs (not from the runtime's own checks). */
const MEASURE_CAPTION = `(() => {
  const p = document.querySelector(".vf .caption p");
  const box = document.querySelector(".vf .caption").getBoundingClientRect();
  const range = document.createRange();
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
  let node, prevTop = null, lines = 0, starts = [], clipped = false;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const r = range.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.top < box.top || r.bottom > box.bottom || r.left < box.left - 0.5 || r.right > box.right + 0.5) clipped = true;
      if (prevTop === null || r.top > prevTop + 4) { lines++; starts.push(node.data[i]); prevTop = r.top; }
    }
  }
  return { lines, starts, box: { top: box.top, bottom: box.bottom, left: box.left, right: box.right }, clipped };
})()`;

function fixture(): PackageData {
  const parsed = parsePackageData(JSON.parse(readFileSync(new URL("../fixtures/packages/dibao.json", import.meta.url), "utf8")));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.data;
}

function storyboard(data: PackageData): VideoData {
  return videoDataSchema.parse({
    scenes: [
      { kind: "cover", ref: 0, duration: 4, caption: `《${data.document.title}》政策解读` },
      { kind: "figures", ref: 0, duration: 7, caption: "数说政策：城市低保标准提高到每人每月885元，农村低保标准提高到每人每月660元，城市特困人员基本生活标准为每人每月1150元，农村为860元。" },
      { kind: "qa", ref: 0, duration: 8, caption: `问：${data.qa[0].question}答：城市低保标准由每人每月850元提高到885元，每月增加35元；农村低保标准由每人每月620元提高到660元。` },
      { kind: "chart", ref: 0, duration: 6, caption: `${data.charts[0].title}：A档至D档逐档递减，城市高于农村。` },
      { kind: "timeline", ref: 0, duration: 5, caption: "时间节点：7月1日起执行新标准，8月31日前补发差额。" },
    ],
  });
}

beforeAll(async () => {
  pkg = fixture();
  video = storyboard(pkg);
  out = mkdtempSync(join(tmpdir(), "jiedu-video-"));
  pool = await BrowserPool.create({ size: 2 });
  result = await renderVideos(pkg, video, {
    outDir: join(out, "ok"),
    presets: ["story", "portrait", "landscape"],
    pool,
    fps: FPS,
    inspect: async (page, info) => {
      const m = captionLayout.parse(await page.evaluate(MEASURE_CAPTION));
      captionChecks.push({ preset: info.preset, scene: info.scene, text: info.text, ...m, frame: { width: VIDEO_PRESETS[info.preset].width, height: VIDEO_PRESETS[info.preset].height } });
    },
  });
}, 600_000);

afterAll(async () => {
  await pool?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("video export", () => {
  it("makes one H.264/AAC yuv420p MP4 per preset at the preset's size and the storyboard's length, index first", async () => {
    const { ffprobe } = requireFfmpeg();
    expect(result.videos.map((v) => v.preset)).toEqual(["story", "portrait", "landscape"]);
    for (const v of result.videos) {
      const path = join(out, "ok", v.file);
      const probed = await probe(ffprobe, path);
      if (!probed) throw new Error(`ffprobe could not read ${path}`);
      const preset = VIDEO_PRESETS[v.preset];
      expect([probed.video.width, probed.video.height]).toEqual([preset.width, preset.height]);
      expect(probed.video.codec).toBe("h264");
      expect(probed.video.profile).toBe("High");
      expect(probed.video.pixFmt).toBe("yuv420p");
      expect(probed.video.fps).toBe(FPS);
      expect(probed.audio?.codec).toBe("aac");
      expect(probed.audio?.sampleRate).toBe(48_000);
      expect(probed.durationSeconds).toBeGreaterThan(30 - 0.3);
      expect(probed.durationSeconds).toBeLessThan(30 + 0.3);
      expect(probed.bitRate).toBeLessThan(preset.rate.maxrateKbps * 1000);
      const bytes = readFileSync(path);
      expect(bytes.length).toBe(v.bytes);
      // +faststart: the index (moov) before the media data (mdat)
      expect(bytes.indexOf("moov")).toBeGreaterThan(0);
      expect(bytes.indexOf("moov")).toBeLessThan(bytes.indexOf("mdat"));
      const poster = await sharp(join(out, "ok", v.posterFile)).metadata();
      expect([poster.format, poster.width, poster.height]).toEqual(["jpeg", preset.width, preset.height]);
    }
    // nothing of the work directory is left behind
    expect(readdirSync(join(out, "ok")).filter((f) => f.startsWith(".video-work"))).toEqual([]);
  });

  it("times the caption cues inside their scenes, the same in WebVTT, SRT and the transcript", () => {
    // a cue ends at the middle of the crossfade out (whole frames)
    const halfFade = Math.round(timingFor(FPS).transitionFrames / 2) / FPS;
    const starts = video.scenes.map((_, i) => video.scenes.slice(0, i).reduce((n, s) => n + s.duration, 0));
    for (const v of result.videos) {
      const vtt = parseWebVttTimes(readFileSync(join(out, "ok", v.vttFile), "utf8"));
      expect(vtt.map((c) => c.text)).toEqual(v.cues.map((c) => c.text));
      v.cues.forEach((cue, k) => {
        expect(vtt[k].start).toBeCloseTo(cue.start, 2);
        const sceneEnd = starts[cue.scene] + video.scenes[cue.scene].duration;
        expect(cue.start).toBeGreaterThanOrEqual(starts[cue.scene] - 1e-6);
        expect(cue.end).toBeLessThanOrEqual(sceneEnd + halfFade + 1e-6);
      });
      // every scene has its caption, in order, and nothing else
      expect([...new Set(v.cues.map((c) => c.scene))]).toEqual([0, 1, 2, 3, 4]);
      const strip = (s: string) => s.replace(/[，、；：。！？\s]/g, "");
      for (const c of v.cues) expect(strip(video.scenes[c.scene].caption)).toContain(strip(c.text));
      expect(strip(v.transcript)).toBe(strip(video.scenes.map((s) => s.caption).join("")));
      const srt = readFileSync(join(out, "ok", v.srtFile), "utf8");
      expect(srt.split("\r\n\r\n").filter(Boolean)).toHaveLength(v.cues.length);
    }
  });

  it("burns in captions of at most two lines, never clipped, with no forbidden line start", () => {
    expect(captionChecks.length).toBeGreaterThanOrEqual(15);
    for (const c of captionChecks) {
      const where = `${c.preset} 场景 ${c.scene + 1}「${c.text}」`;
      expect(c.lines, where).toBeGreaterThanOrEqual(1);
      expect(c.lines, where).toBeLessThanOrEqual(2);
      expect(c.clipped, where).toBe(false);
      for (const s of c.starts.slice(1)) expect(FORBIDDEN_LINE_STARTS.includes(s), `${where} 行首“${s}”`).toBe(false);
      expect(c.box.bottom).toBeLessThanOrEqual(c.frame.height);
      expect(c.box.right).toBeLessThanOrEqual(c.frame.width);
    }
    // the long 数说政策 caption did not fit two lines at once: it became more than one cue
    for (const v of result.videos) expect(v.cues.filter((c) => c.scene === 1).length).toBeGreaterThan(1);
  });

  it("counts the key figures up in held steps after the crossfade, then shows the final card", async () => {
    const { ffmpeg } = requireFfmpeg();
    const v = result.videos[0];
    const path = join(out, "ok", v.file);
    const frameAt = (n: number) => extractFrame(ffmpeg, path, n);
    // scene 2 starts at 4 s = frame 20; the count-up runs after the fade (3 frames), one step a frame
    const fadeEnd = 20 + timingFor(FPS).transitionFrames;
    const steps = timingFor(FPS).countUpSteps;
    const duringCount = await frameAt(fadeEnd + 1);
    const final = await frameAt(fadeEnd + steps + 2);
    const later = await frameAt(fadeEnd + steps + 6);
    expect(meanDiff(final, later)).toBeLessThan(0.5);
    expect(meanDiff(duringCount, final)).toBeGreaterThan(0.05);
  });

  it("refuses an ffmpeg that fails halfway: a clear message, no partial file, the work directory gone", async () => {
    const real = requireFfmpeg();
    const wrapper = join(out, "broken-ffmpeg.sh");
    // runs the real encoder, then leaves half the file and fails as a full disk would
    writeFileSync(wrapper, `#!/bin/sh\nfor a; do last="$a"; done\n"${real.ffmpeg}" "$@" || exit $?\ncase "$last" in *.mp4) head -c 20000 "$last" > "$last.cut" && mv "$last.cut" "$last"; echo "av_interleaved_write_frame(): No space left on device" >&2; exit 1;; esac\n`);
    chmodSync(wrapper, 0o755);
    const dir = join(out, "broken");
    const failure = await renderVideos(pkg, video, { outDir: dir, presets: ["story"], pool, fps: FPS, tools: { ...real, ffmpeg: wrapper } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(VideoEncodeError);
    expect(String(failure)).toMatch(/视频编码中途失败.*No space left on device.*未生成视频文件/);
    expect(existsSync(join(dir, "video", "story.mp4"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("says what is missing when there is no ffmpeg, before any frame is made", async () => {
    forgetFfmpegResolution();
    const env = { ...process.env, FFMPEG_PATH: join(out, "nope", "ffmpeg"), FFPROBE_PATH: join(out, "nope", "ffprobe") };
    // a configured path is the only candidate: a wrong one is reported, not swapped for the system's
    expect(resolveFfmpeg(env)).toEqual({ ok: false, reason: "FFMPEG_PATH/FFPROBE_PATH 指向的文件不存在" });
    expect(() => requireFfmpeg(env)).toThrow(FfmpegMissingError);
    expect(() => requireFfmpeg(env)).toThrow(/未找到可用的 ffmpeg，视频解读无法生成（其他功能不受影响）.*apt-get install -y ffmpeg/);
    forgetFfmpegResolution();
  });
});

async function extractFrame(ffmpeg: string, path: string, frame: number): Promise<Buffer> {
  const { spawnSync } = await import("node:child_process");
  const r = spawnSync(ffmpeg, ["-v", "error", "-i", path, "-vf", `select=eq(n\\,${frame}),scale=270:-1`, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"], { maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 || r.stdout.length === 0) throw new Error(`no frame ${frame}: ${r.stderr.toString()}`);
  return r.stdout;
}

function meanDiff(a: Buffer, b: Buffer): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}
