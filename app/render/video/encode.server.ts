/**
 * Stage 3 of the video — encode: the captured frames (one PNG per distinct state) and the
 * timeline's segments become an MP4 with ffmpeg (app/render/ffmpeg-path.ts), then ffprobe reads
 * the result back and it is checked against what was asked (duration, size, codecs, pix_fmt).
 *
 * Each segment (from one crossfade to the next, timeline.ts) is one concat-demuxer input: its
 * holds as PNG entries with whole-frame durations, converted to BT.709 yuv420p once per PNG and
 * then repeated to the constant rate by the `fps` filter — so every cut is on a frame boundary.
 * Consecutive segments are joined by `xfade=fade` at the crossfade's start. (The `framerate`
 * filter, tried first, blends between any two inputs and smeared the cuts of the count-up.)
 *
 * Nothing half-made is published: ffmpeg writes into the work directory, and only a file that
 * passed ffprobe is moved to its final name by the caller. A failure names the cause in Chinese.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { z } from "zod";
import type { FfmpegTools } from "../ffmpeg-path";
import { VIDEO_ENCODER, type VideoPreset } from "../video-presets";
import { type Segment, stateKey } from "./timeline";

export class VideoEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VideoEncodeError";
  }
}

export type EncodeInput = {
  tools: FfmpegTools;
  preset: VideoPreset;
  fps: number;
  totalFrames: number;
  transitionFrames: number;
  segments: readonly Segment[];
  /** PNG path of each state, by stateKey */
  framePaths: ReadonlyMap<string, string>;
  /** background music file (already checked to be audio), or null for a silent track */
  musicPath: string | null;
  workDir: string;
  outPath: string;
  onProgress?: (fraction: number) => void;
};

/** One segment's concat list: each hold for its frames; the last entry repeated (the demuxer drops the last duration). */
export function concatList(segment: Segment, fps: number, framePaths: ReadonlyMap<string, string>): string {
  const lines = ["ffconcat version 1.0"];
  const file = (key: string) => {
    const path = framePaths.get(key);
    if (!path) throw new Error(`no frame for state ${key}`);
    return `file '${path.replace(/'/g, "'\\''")}'`;
  };
  for (const hold of segment.holds) lines.push(file(stateKey(hold.state)), `duration ${(hold.frames / fps).toFixed(6)}`);
  const last = segment.holds[segment.holds.length - 1];
  lines.push(file(stateKey(last.state)), `duration ${(1 / fps).toFixed(6)}`);
  return `${lines.join("\n")}\n`;
}

/** The filter graph: each segment to constant-rate BT.709 yuv420p, joined by crossfades. */
export function filterGraph(segments: readonly Segment[], fps: number, transitionFrames: number): string {
  const parts = segments.map((_, i) => `[${i}:v]scale=out_color_matrix=bt709:out_range=tv,format=${VIDEO_ENCODER.pixelFormat},setsar=1,fps=${fps}[s${i}]`);
  let last = "s0";
  for (let i = 1; i < segments.length; i++) {
    const out = `x${i}`;
    parts.push(`[${last}][s${i}]xfade=transition=fade:duration=${(transitionFrames / fps).toFixed(6)}:offset=${(segments[i].startFrame / fps).toFixed(6)}[${out}]`);
    last = out;
  }
  parts.push(`[${last}]null[v]`);
  return parts.join(";");
}

/** The ffmpeg arguments for one preset (exported for the tests). */
export function encodeArgs(input: Pick<EncodeInput, "preset" | "fps" | "totalFrames" | "musicPath" | "outPath">, listPaths: readonly string[], graph: string): string[] {
  const { preset, fps, totalFrames, musicPath } = input;
  const seconds = totalFrames / fps;
  const e = VIDEO_ENCODER;
  const audioIndex = listPaths.length;
  const audioIn = musicPath ? ["-stream_loop", "-1", "-i", musicPath] : ["-f", "lavfi", "-i", `anullsrc=r=${e.audioRate}:cl=stereo`];
  const fadeOutAt = Math.max(0, seconds - e.musicFadeOut);
  const audioFilter = musicPath
    ? [
        "-af",
        `loudnorm=I=${e.musicLoudness}:TP=${e.musicTruePeak},aresample=${e.audioRate},afade=t=in:st=0:d=${e.musicFadeIn},afade=t=out:st=${fadeOutAt.toFixed(3)}:d=${e.musicFadeOut}`,
      ]
    : [];
  return [
    "-hide_banner",
    "-nostdin",
    "-y",
    "-v",
    "error",
    "-progress",
    "pipe:1",
    ...listPaths.flatMap((path) => ["-f", "concat", "-safe", "0", "-i", path]),
    ...audioIn,
    "-filter_complex",
    graph,
    "-map",
    "[v]",
    "-map",
    `${audioIndex}:a:0`,
    "-frames:v",
    String(totalFrames),
    "-r",
    String(fps),
    "-c:v",
    e.codec,
    "-profile:v",
    e.profile,
    "-level:v",
    e.level,
    "-preset",
    e.preset,
    "-crf",
    String(preset.rate.crf),
    "-maxrate",
    `${preset.rate.maxrateKbps}k`,
    "-bufsize",
    `${preset.rate.bufsizeKbps}k`,
    "-g",
    String(Math.round(e.gopSeconds * fps)),
    "-pix_fmt",
    e.pixelFormat,
    "-colorspace",
    "bt709",
    "-color_primaries",
    "bt709",
    "-color_trc",
    "bt709",
    "-color_range",
    "tv",
    ...audioFilter,
    "-c:a",
    e.audioCodec,
    "-b:a",
    e.audioBitrate,
    "-ar",
    String(e.audioRate),
    "-ac",
    String(e.audioChannels),
    "-t",
    seconds.toFixed(6),
    "-movflags",
    "+faststart",
    "-f",
    "mp4",
    input.outPath,
  ];
}

/** Runs a binary; resolves with its output, rejects with the last lines of stderr. */
function run(binary: string, args: string[], onStdout?: (chunk: string) => void): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (stdout.length < 1_000_000) stdout += chunk;
      onStdout?.(chunk);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-8000);
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr, stdout }));
  });
}

function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? "").slice(0, 200);
}

/** Encodes; on failure the partial output is left for the caller's cleanup and the error says why. */
export async function encodeVideo(input: EncodeInput): Promise<{ encodeMs: number }> {
  const started = Date.now();
  const listPaths: string[] = [];
  for (const [i, segment] of input.segments.entries()) {
    const path = `${input.workDir}/segment-${i}.ffconcat`;
    await writeFile(path, concatList(segment, input.fps, input.framePaths));
    listPaths.push(path);
  }
  const args = encodeArgs(input, listPaths, filterGraph(input.segments, input.fps, input.transitionFrames));
  const seconds = input.totalFrames / input.fps;
  let out: Awaited<ReturnType<typeof run>>;
  try {
    out = await run(input.tools.ffmpeg, args, (chunk) => {
      const us = /out_time_us=(\d+)/.exec(chunk)?.[1];
      if (us && input.onProgress) input.onProgress(Math.min(1, Number(us) / 1e6 / seconds));
    });
  } catch (error) {
    throw new VideoEncodeError(`视频编码程序无法启动（${error instanceof Error ? error.message : String(error)}），请检查 ffmpeg 安装后重新导出。`);
  }
  if (out.code !== 0) {
    const why = lastLine(out.stderr) || `退出码 ${out.code}`;
    throw new VideoEncodeError(`视频编码中途失败（${input.preset.name}：${why}），未生成视频文件；图片不受影响。请检查磁盘空间和 ffmpeg 后重新导出。`);
  }
  return { encodeMs: Date.now() - started };
}

const probeSchema = z.object({
  streams: z.array(
    z.object({
      codec_type: z.string(),
      codec_name: z.string(),
      profile: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
      pix_fmt: z.string().optional(),
      r_frame_rate: z.string().optional(),
      sample_rate: z.string().optional(),
      channels: z.number().optional(),
      bit_rate: z.string().optional(),
    }),
  ),
  format: z.object({ duration: z.string(), size: z.string(), format_name: z.string(), bit_rate: z.string().optional() }),
});

export type ProbeResult = {
  durationSeconds: number;
  bytes: number;
  bitRate: number;
  video: { codec: string; profile: string; width: number; height: number; pixFmt: string; fps: number };
  audio: { codec: string; sampleRate: number; channels: number } | null;
};

/** ffprobe's view of a media file; null when it is no media ffprobe can read. */
export async function probe(ffprobe: string, path: string): Promise<ProbeResult | null> {
  const out = await run(ffprobe, ["-v", "error", "-show_entries", "format=duration,size,format_name,bit_rate:stream=codec_type,codec_name,profile,width,height,pix_fmt,r_frame_rate,sample_rate,channels,bit_rate", "-of", "json", path]);
  if (out.code !== 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(out.stdout);
  } catch {
    return null;
  }
  const parsed = probeSchema.safeParse(json);
  if (!parsed.success) return null;
  const v = parsed.data.streams.find((s) => s.codec_type === "video");
  const a = parsed.data.streams.find((s) => s.codec_type === "audio");
  const [num, den] = (v?.r_frame_rate ?? "0/1").split("/").map(Number);
  return {
    durationSeconds: Number(parsed.data.format.duration),
    bytes: Number(parsed.data.format.size),
    bitRate: Number(parsed.data.format.bit_rate ?? 0),
    video: v ? { codec: v.codec_name, profile: v.profile ?? "", width: v.width ?? 0, height: v.height ?? 0, pixFmt: v.pix_fmt ?? "", fps: den ? num / den : 0 } : { codec: "", profile: "", width: 0, height: 0, pixFmt: "", fps: 0 },
    audio: a ? { codec: a.codec_name, sampleRate: Number(a.sample_rate ?? 0), channels: a.channels ?? 0 } : null,
  };
}

/** The encoded file checked against what was asked; a mismatch is an encode failure. */
export async function verifyEncoded(ffprobe: string, path: string, preset: VideoPreset, fps: number, totalFrames: number): Promise<ProbeResult> {
  const result = await probe(ffprobe, path);
  const fail = (why: string) => new VideoEncodeError(`生成的视频未通过检查（${preset.name}：${why}），未发布该视频。请重新导出；仍有问题请联系管理员检查 ffmpeg。`);
  if (!result) throw fail("文件无法读取");
  const expected = totalFrames / fps;
  if (result.video.codec !== "h264") throw fail(`视频编码为 ${result.video.codec || "无"}，应为 H.264`);
  if (result.video.pixFmt !== VIDEO_ENCODER.pixelFormat) throw fail(`像素格式为 ${result.video.pixFmt}，应为 ${VIDEO_ENCODER.pixelFormat}`);
  if (result.video.width !== preset.width || result.video.height !== preset.height) throw fail(`尺寸为 ${result.video.width}×${result.video.height}，应为 ${preset.width}×${preset.height}`);
  if (result.audio?.codec !== "aac") throw fail("缺少 AAC 音轨");
  if (Math.abs(result.durationSeconds - expected) > 2 / fps + 0.05) throw fail(`时长 ${result.durationSeconds.toFixed(2)} 秒，应为 ${expected.toFixed(2)} 秒`);
  return result;
}
