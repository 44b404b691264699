/**
 * The one place that decides which ffmpeg/ffprobe the video exporter runs (the Chromium twin is
 * browser-path.ts; the pre-step scripts/ensure-browser.ts prepares both).
 *
 * Order: FFMPEG_PATH / FFPROBE_PATH (when set, the only candidate: a configured binary that is
 * wrong is reported, never silently swapped for another) → Debian's /usr/bin/ffmpeg (and the usual system places) →
 * the npm packages @ffmpeg-installer/ffmpeg and @ffprobe-installer/ffprobe, which carry the
 * binaries inside the registry tarball (no download from another host at install) — the
 * pre-step installs them only when there is no system ffmpeg. A binary is used only if it can
 * do what the exporter needs (libx264, the native AAC encoder and the `framerate` filter);
 * otherwise the message says what is missing. Without ffmpeg the app runs; only the video
 * feature reports it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

export const FFMPEG_NPM_PACKAGES = ["@ffmpeg-installer/ffmpeg@1.1.0", "@ffprobe-installer/ffprobe@2.1.2"] as const;

const SYSTEM_DIRS = ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin", "/snap/bin"];

export const FFMPEG_MISSING_MESSAGE =
  "未找到可用的 ffmpeg，视频解读无法生成（其他功能不受影响）。请安装：apt-get install -y ffmpeg，或设置环境变量 FFMPEG_PATH 和 FFPROBE_PATH。\n" +
  "No usable ffmpeg found; video export is unavailable (everything else works). Install it (apt-get install -y ffmpeg) or set FFMPEG_PATH and FFPROBE_PATH.";

export class FfmpegMissingError extends Error {
  constructor(detail?: string) {
    super(detail ? `${FFMPEG_MISSING_MESSAGE.split("\n")[0]}（${detail}）\n${FFMPEG_MISSING_MESSAGE.split("\n")[1]}` : FFMPEG_MISSING_MESSAGE);
    this.name = "FfmpegMissingError";
  }
}

export type FfmpegTools = { ffmpeg: string; ffprobe: string; source: "env" | "system" | "npm" };

/** What a binary must offer; missing pieces are named in Chinese. */
export function missingCapabilities(ffmpeg: string): string[] {
  const encoders = spawnSync(ffmpeg, ["-hide_banner", "-encoders"], { encoding: "utf8", timeout: 20_000 });
  const filters = spawnSync(ffmpeg, ["-hide_banner", "-filters"], { encoding: "utf8", timeout: 20_000 });
  if (encoders.status !== 0 || filters.status !== 0) return ["无法运行"];
  const missing: string[] = [];
  if (!/\slibx264\s/.test(encoders.stdout)) missing.push("H.264 编码器 libx264");
  if (!/\saac\s/.test(encoders.stdout)) missing.push("AAC 编码器");
  if (!/\sframerate\s/.test(filters.stdout)) missing.push("framerate 滤镜");
  return missing;
}

function runs(binary: string): boolean {
  return spawnSync(binary, ["-version"], { timeout: 20_000 }).status === 0;
}

const require = createRequire(import.meta.url);

function hasPath(value: unknown): value is { path: string } {
  return typeof value === "object" && value !== null && "path" in value && typeof value.path === "string";
}

/** The binaries shipped by the npm packages, when they are installed for this platform. */
function npmBinaries(): { ffmpeg: string; ffprobe: string } | null {
  try {
    const ffmpeg: unknown = require("@ffmpeg-installer/ffmpeg");
    const ffprobe: unknown = require("@ffprobe-installer/ffprobe");
    if (hasPath(ffmpeg) && hasPath(ffprobe) && existsSync(ffmpeg.path) && existsSync(ffprobe.path)) return { ffmpeg: ffmpeg.path, ffprobe: ffprobe.path };
  } catch {
    // not installed (the usual case with a system ffmpeg)
  }
  return null;
}

type Candidate = FfmpegTools;

function candidates(env: NodeJS.ProcessEnv): Candidate[] {
  const out: Candidate[] = [];
  if (env.FFMPEG_PATH || env.FFPROBE_PATH) {
    if (env.FFMPEG_PATH && env.FFPROBE_PATH) out.push({ ffmpeg: env.FFMPEG_PATH, ffprobe: env.FFPROBE_PATH, source: "env" });
    // one of the two set: the other is looked up beside it
    else {
      const set = env.FFMPEG_PATH ?? env.FFPROBE_PATH ?? "";
      const dir = set.slice(0, set.lastIndexOf("/"));
      out.push({ ffmpeg: env.FFMPEG_PATH ?? `${dir}/ffmpeg`, ffprobe: env.FFPROBE_PATH ?? `${dir}/ffprobe`, source: "env" });
    }
    return out;
  }
  for (const dir of SYSTEM_DIRS) out.push({ ffmpeg: `${dir}/ffmpeg`, ffprobe: `${dir}/ffprobe`, source: "system" });
  const npm = npmBinaries();
  if (npm) out.push({ ...npm, source: "npm" });
  return out;
}

export type FfmpegResolution = { ok: true; tools: FfmpegTools } | { ok: false; reason: string };

const cache = new Map<string, FfmpegResolution>();

/**
 * The first candidate whose ffmpeg and ffprobe run and whose ffmpeg can encode the video; the
 * answer is remembered per environment (a capability check runs the binary twice).
 */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegResolution {
  const key = `${env.FFMPEG_PATH ?? ""}|${env.FFPROBE_PATH ?? ""}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let reason = "系统中没有 ffmpeg";
  for (const candidate of candidates(env)) {
    if (!existsSync(candidate.ffmpeg) || !existsSync(candidate.ffprobe)) {
      if (candidate.source === "env") reason = `FFMPEG_PATH/FFPROBE_PATH 指向的文件不存在`;
      continue;
    }
    if (!runs(candidate.ffprobe)) {
      reason = `${candidate.ffprobe} 无法运行`;
      continue;
    }
    const missing = missingCapabilities(candidate.ffmpeg);
    if (missing.length > 0) {
      reason = `${candidate.ffmpeg} 缺少${missing.join("、")}`;
      continue;
    }
    const found: FfmpegResolution = { ok: true, tools: candidate };
    cache.set(key, found);
    return found;
  }
  const missing: FfmpegResolution = { ok: false, reason };
  cache.set(key, missing);
  return missing;
}

/** Forgets the remembered answer (after the pre-step installed something, and in tests). */
export function forgetFfmpegResolution(): void {
  cache.clear();
}

export function requireFfmpeg(env: NodeJS.ProcessEnv = process.env): FfmpegTools {
  const resolved = resolveFfmpeg(env);
  if (!resolved.ok) throw new FfmpegMissingError(resolved.reason);
  return resolved.tools;
}
