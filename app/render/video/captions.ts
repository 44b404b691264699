/**
 * Caption files of a video — WebVTT (the web page's `<track>`) and SRT (what the platforms'
 * upload forms take) — from the timeline's cues, so their times are the burned-in captions'.
 * Pure.
 */
import type { CueTiming } from "./timeline";

function clock(frames: number, fps: number, separator: "." | ","): string {
  const ms = Math.round((frames / fps) * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const rest = ms % 1000;
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(rest, 3)}`;
}

/** Cue text is plain: what could be read as markup is escaped (WebVTT), and lines never break a cue. */
function vttText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/-->/g, "--&gt;").replace(/\s*\n\s*/g, " ");
}

export function toWebVtt(cues: readonly CueTiming[], fps: number): string {
  const blocks = cues.map((c, i) => `${i + 1}\n${clock(c.startFrame, fps, ".")} --> ${clock(c.endFrame, fps, ".")}\n${vttText(c.text)}`);
  return `WEBVTT\nKind: captions\nLanguage: zh\n\n${blocks.join("\n\n")}\n`;
}

export function toSrt(cues: readonly CueTiming[], fps: number): string {
  // SRT has no escaping; a blank line would end the cue, so text stays on one line
  const blocks = cues.map((c, i) => `${i + 1}\r\n${clock(c.startFrame, fps, ",")} --> ${clock(c.endFrame, fps, ",")}\r\n${c.text.replace(/\s*\n\s*/g, " ")}`);
  return `${blocks.join("\r\n\r\n")}\r\n`;
}

/** Parses the times back out of a WebVTT file (tests compare them with the scenes). */
export function parseWebVttTimes(vtt: string): Array<{ start: number; end: number; text: string }> {
  const out: Array<{ start: number; end: number; text: string }> = [];
  const seconds = (t: string) => {
    const [h, m, s] = t.split(":");
    return Number(h) * 3600 + Number(m) * 60 + Number(s);
  };
  for (const block of vtt.split(/\n\n+/)) {
    const m = /(\d{2}:\d{2}:\d{2}\.\d{3}) --> (\d{2}:\d{2}:\d{2}\.\d{3})\n([\s\S]*)/.exec(block);
    if (m) out.push({ start: seconds(m[1]), end: seconds(m[2]), text: m[3].trim() });
  }
  return out;
}
