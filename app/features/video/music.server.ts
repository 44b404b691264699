/**
 * Background music for a package's video (table video_music): an uploaded file is kept only if
 * ffprobe reads it as audio — an audio stream, a duration, no real video — whatever its name or
 * declared type says; refusals are Chinese and say what to upload instead. The stored bytes are
 * written to the export's work directory when a video is made with them.
 *
 * Voice-over (TTS) is not made: see docs/adr/0007-video-voice-over.md. The hook for it is the
 * audio input of the encoder (encode.server.ts `musicPath`): a future engine writes one audio
 * file for the timeline's cues and passes it the same way.
 */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { videoMusic } from "~/db/schema";
import { requireFfmpeg } from "~/render/ffmpeg-path";
import { probe } from "~/render/video/encode.server";
import { VIDEO_LIMITS, type VideoMusicRef } from "~/domain/video/storyboard";

export const MUSIC_MAX_BYTES = 20 * 1024 * 1024;
const MUSIC_MIN_SECONDS = 5;

export type MusicCheck = { ok: true; seconds: number; codec: string } | { ok: false; message: string };

/** What ffprobe says the bytes are: audio of at least a few seconds, or a Chinese refusal. */
export async function checkMusic(data: Uint8Array, name: string): Promise<MusicCheck> {
  if (data.length === 0) return { ok: false, message: "上传的音乐文件是空的，请重新选择文件。" };
  if (data.length > MUSIC_MAX_BYTES) return { ok: false, message: `音乐文件有 ${(data.length / 1024 / 1024).toFixed(1)} MB，最大 20 MB，请压缩（如 MP3 128 kbps）后再上传。` };
  const tools = requireFfmpeg();
  const dir = await mkdtemp(join(tmpdir(), "jiedu-music-"));
  try {
    const path = join(dir, "upload.bin");
    await writeFile(path, data);
    const probed = await probe(tools.ffprobe, path);
    const label = `“${name.slice(0, 40)}”`;
    if (!probed?.audio) return { ok: false, message: `${label}不是音频文件（无法读出声音），请上传 MP3、M4A、WAV 或 OGG 格式的音乐。` };
    if (probed.video.codec && !["mjpeg", "png"].includes(probed.video.codec))
      return { ok: false, message: `${label}是视频文件，请只上传音乐（MP3、M4A、WAV 或 OGG）。` };
    if (!(probed.durationSeconds >= MUSIC_MIN_SECONDS)) return { ok: false, message: `${label}只有 ${probed.durationSeconds.toFixed(1)} 秒，背景音乐至少 ${MUSIC_MIN_SECONDS} 秒（短于视频时会循环播放）。` };
    return { ok: true, seconds: Math.round(probed.durationSeconds * 10) / 10, codec: probed.audio.codec };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export type StoreMusicResult = { ok: true; music: VideoMusicRef } | { ok: false; message: string };

/** Checks and stores an upload for the package; the storyboard then names it by id. */
export async function storeMusic(db: Db, packageId: number, userId: number, file: { name: string; type: string; data: Uint8Array }): Promise<StoreMusicResult> {
  const checked = await checkMusic(file.data, file.name);
  if (!checked.ok) return checked;
  const name = file.name.trim().slice(0, VIDEO_LIMITS.musicNameMax) || "背景音乐";
  const row = db
    .insert(videoMusic)
    .values({ packageId, name, contentType: file.type || "application/octet-stream", bytes: file.data.length, sha256: createHash("sha256").update(file.data).digest("hex"), seconds: checked.seconds, data: Buffer.from(file.data), uploadedById: userId })
    .returning({ id: videoMusic.id })
    .get();
  return { ok: true, music: { id: row.id, name, seconds: checked.seconds } };
}

/** Writes the package's music `id` into `dir` for the encoder; null when it is not this package's. */
export async function writeMusicFile(db: Db, packageId: number, id: number, dir: string): Promise<string | null> {
  const row = db.select({ data: videoMusic.data }).from(videoMusic).where(and(eq(videoMusic.id, id), eq(videoMusic.packageId, packageId))).get();
  if (!row) return null;
  const path = join(dir, `music-${id}`);
  await writeFile(path, row.data);
  return path;
}
