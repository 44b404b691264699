/**
 * Background music: an upload is kept only if ffprobe reads it as audio (real ffmpeg-made files:
 * MP3 and WAV pass; a text file named .mp3, a video and a two-second clip are refused in Chinese);
 * a stored track is mixed into the video as AAC at the video's length.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkMusic, storeMusic, writeMusicFile } from "~/features/video/music.server";
import { requireFfmpeg } from "~/render/ffmpeg-path";
import { VIDEO_PRESETS } from "~/render/video-presets";
import { encodeVideo, probe } from "~/render/video/encode.server";
import { createSeededTestDb, type TestDb } from "../helpers/db";

let dir: string;
let t: TestDb;
const tools = () => requireFfmpeg();

function make(name: string, args: string[]): Buffer {
  const path = join(dir, name);
  const r = spawnSync(tools().ffmpeg, ["-v", "error", "-y", ...args, path]);
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return readFileSync(path);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "jiedu-music-test-"));
  t = await createSeededTestDb();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  t?.cleanup();
});

describe("background music", () => {
  it("accepts audio by its content, and refuses what is not music with a Chinese message", async () => {
    const mp3 = make("tone.mp3", ["-f", "lavfi", "-i", "sine=frequency=440:duration=8", "-c:a", "libmp3lame", "-b:a", "64k"]);
    const wav = make("tone.wav", ["-f", "lavfi", "-i", "sine=frequency=330:duration=6"]);
    expect(await checkMusic(mp3, "tone.mp3")).toMatchObject({ ok: true, codec: "mp3" });
    expect(await checkMusic(wav, "乐曲.wav")).toMatchObject({ ok: true, codec: "pcm_s16le" });
    expect(await checkMusic(Buffer.from("这不是音乐，只是文字。".repeat(100)), "假的.mp3")).toEqual({ ok: false, message: "“假的.mp3”不是音频文件（无法读出声音），请上传 MP3、M4A、WAV 或 OGG 格式的音乐。" });
    const clip = make("clip.mp4", ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=6", "-f", "lavfi", "-i", "sine=duration=6", "-c:v", "libx264", "-c:a", "aac", "-shortest"]);
    expect(await checkMusic(clip, "clip.mp4")).toEqual({ ok: false, message: "“clip.mp4”是视频文件，请只上传音乐（MP3、M4A、WAV 或 OGG）。" });
    const short = make("short.wav", ["-f", "lavfi", "-i", "sine=duration=2"]);
    expect(await checkMusic(short, "short.wav")).toMatchObject({ ok: false, message: expect.stringContaining("背景音乐至少 5 秒") });
    expect(await checkMusic(Buffer.alloc(0), "空.mp3")).toEqual({ ok: false, message: "上传的音乐文件是空的，请重新选择文件。" });
  });

  it("stores an accepted upload for its package only, and the encoder mixes it in as AAC at the video's length", async () => {
    const pkg = Number(t.db.$client.prepare("select id from packages order by id limit 1").pluck().get());
    const userId = Number(t.db.$client.prepare("select id from users where username = 'drafter'").pluck().get());
    const mp3 = make("bg.mp3", ["-f", "lavfi", "-i", "sine=frequency=523:duration=7", "-c:a", "libmp3lame", "-b:a", "64k"]);
    const stored = await storeMusic(t.db, pkg, userId, { name: "背景.mp3", type: "audio/mpeg", data: mp3 });
    if (!stored.ok) throw new Error(stored.message);
    expect(stored.music).toMatchObject({ name: "背景.mp3", seconds: 7 });
    expect(await writeMusicFile(t.db, pkg + 999, stored.music.id, dir)).toBeNull();
    const musicPath = await writeMusicFile(t.db, pkg, stored.music.id, dir);
    expect(musicPath).not.toBeNull();
    const refused = await storeMusic(t.db, pkg, userId, { name: "x.mp3", type: "audio/mpeg", data: Buffer.from("not audio") });
    expect(refused.ok).toBe(false);

    // two plain frames, 12 s at 2 fps, with the 7 s track looped under them
    const preset = VIDEO_PRESETS.portrait;
    const frame = (r: number) => sharp({ create: { width: preset.width, height: preset.height, channels: 3, background: { r, g: 240, b: 240 } } }).png().toBuffer();
    writeFileSync(join(dir, "a.png"), await frame(250));
    writeFileSync(join(dir, "b.png"), await frame(200));
    const a = { scene: 0, part: 0, step: null, cue: 0 };
    const b = { scene: 1, part: 0, step: null, cue: 0 };
    const out = join(dir, "music.mp4");
    await encodeVideo({
      tools: tools(),
      preset,
      fps: 2,
      totalFrames: 24,
      transitionFrames: 1,
      segments: [
        { startFrame: 0, holds: [{ state: a, frames: 13 }] },
        { startFrame: 12, holds: [{ state: b, frames: 12 }] },
      ],
      framePaths: new Map([
        ["0:0:f:0", join(dir, "a.png")],
        ["1:0:f:0", join(dir, "b.png")],
      ]),
      musicPath,
      workDir: dir,
      outPath: out,
    });
    const probed = await probe(tools().ffprobe, out);
    expect(probed?.audio).toMatchObject({ codec: "aac", sampleRate: 48_000, channels: 2 });
    expect(probed?.durationSeconds).toBeGreaterThan(11.8);
    expect(probed?.durationSeconds).toBeLessThan(12.3);
    // the music is really there (a silent track would measure about -91 dB)
    const vol = spawnSync(tools().ffmpeg, ["-v", "info", "-i", out, "-af", "volumedetect", "-f", "null", "-"]).stderr.toString();
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(vol)?.[1]);
    expect(mean).toBeGreaterThan(-45);
  });
});
