/**
 * Video presets (视频解读), beside the image presets in presets.ts: the frame size per channel,
 * where the card and the burned-in caption sit on the frame, and the encoder settings. Numbers
 * marked ≈ come from the platforms' published upload guidance as relayed by secondary sources;
 * they are defaults, kept as data so an administrator can change them, not truths.
 *
 * Why these codec settings (all three presets):
 * - H.264 High profile, level 4.0, yuv420p, 30 fps constant: what 抖音, 微信视频号/公众号 and
 *   小红书 accept without a lossy "compatibility" transcode (≈), and what every phone decodes in
 *   hardware. 4:2:0 because 4:4:4 or 10-bit H.264 is refused or re-encoded by the platforms.
 *   Level 4.0 covers 1080×1920 and 1920×1080 at 30 fps (8,160 macroblocks per frame).
 * - Colour: BT.709 matrix, TV range, tagged in the stream, so a player does not read the
 *   department red through the BT.601 matrix (a visibly different red).
 * - Quality: CRF 20 with a VBV cap per preset (`rate`): 1080×1920 and 1920×1080 at most
 *   8 Mbit/s (buffer 16 Mbit) — WeChat advises staying under ~8 Mbit/s and Douyin recommends
 *   3–8 Mbit/s for 1080p (≈); 1080×1440 (小红书) at most 6 Mbit/s (fewer pixels). Our frames are
 *   mostly still cards, so the typical rate is far below the cap. A keyframe at least every 2 s
 *   (GOP 2 × fps) so the web player and the platforms can seek and make previews.
 * - x264 preset "veryfast": the benchmark target is a 60 s video in under a minute on 2 cores;
 *   still frames cost little at any preset, so a slower one buys almost nothing.
 * - MP4 with +faststart (the index at the front): WeChat and the website start playing before the
 *   whole file is loaded; platforms' upload checks read the index first.
 * - Audio: AAC-LC, 48 kHz stereo, 128 kbit/s — always present: some platforms refuse or flag a
 *   video without an audio track, so a silent track is written when there is no music. Music is
 *   normalised to -20 LUFS (EBU R128, a background level below speech) with a 1 s fade in and a
 *   2 s fade out, and looped or cut to the video's length.
 */
import type { ChannelId } from "~/domain/vocabulary";

export const VIDEO_PRESET_IDS = ["story", "portrait", "landscape"] as const;
export type VideoPresetId = (typeof VIDEO_PRESET_IDS)[number];

/** A box on the frame, in CSS px of the frame. */
export type Box = { x: number; y: number; width: number; height: number };

export type VideoPreset = {
  id: VideoPresetId;
  name: string;
  width: number;
  height: number;
  /** The channels this size is made for (an export for these channels makes this video). */
  channels: readonly ChannelId[];
  /** Where the scene's card (1080×1440, or a 1:1 图解) is drawn, scaled to fit. */
  stage: Box;
  /** The caption band: two lines at the largest caption size that fits. */
  caption: Box;
  /** Caption sizes tried from large to small (px) before a caption is split into more cues. */
  captionSizes: readonly number[];
  /** The title at the top (vertical preset) or beside the card (landscape); null = none. */
  title: Box | null;
  /** A scene label beside the card ("简明问答 2/5"), landscape only. */
  label: Box | null;
  /** The department and 文号 line; null = none. */
  footer: Box | null;
  /** Rate control of this size: CRF with a VBV cap (maxrate, bufsize in kbit/s). */
  rate: { crf: number; maxrateKbps: number; bufsizeKbps: number };
  notes: string;
};

export const VIDEO_FPS = 30;
/** Crossfade between scenes and between a card and its "续" card (seconds). */
export const VIDEO_TRANSITION_SECONDS = 0.5;
/** A key-figure count-up: how long, and how many distinct steps (each held, never blended). */
export const COUNT_UP_SECONDS = 1.0;
export const COUNT_UP_STEPS = 15;

export const VIDEO_ENCODER = {
  codec: "libx264",
  profile: "high",
  level: "4.0",
  pixelFormat: "yuv420p",
  preset: "veryfast",
  /** A keyframe at least every this many seconds. */
  gopSeconds: 2,
  audioCodec: "aac",
  audioRate: 48_000,
  audioBitrate: "128k",
  audioChannels: 2,
  /** EBU R128 integrated loudness of background music (LUFS) and true peak (dBTP). */
  musicLoudness: -20,
  musicTruePeak: -2,
  musicFadeIn: 1,
  musicFadeOut: 2,
} as const;

/** The codecs string of the MP4 for `<source type>`: H.264 High@4.0 + AAC-LC. */
export const MP4_CODECS = 'video/mp4; codecs="avc1.640028, mp4a.40.2"';

export const VIDEO_PRESETS: Readonly<Record<VideoPresetId, VideoPreset>> = {
  story: {
    id: "story",
    name: "竖屏 9:16（抖音、微信视频号）",
    width: 1080,
    height: 1920,
    channels: ["douyin", "wechat"],
    title: { x: 60, y: 40, width: 960, height: 150 },
    // 1080×1440 × 0.88
    stage: { x: 65, y: 210, width: 950, height: 1267 },
    // two lines of 48 px at line-height 1.5, plus padding
    caption: { x: 60, y: 1500, width: 960, height: 188 },
    captionSizes: [48, 44, 40],
    label: null,
    // The lowest ~15% is covered by the apps' own buttons and description: nothing essential there.
    footer: { x: 60, y: 1720, width: 960, height: 60 },
    rate: { crf: 20, maxrateKbps: 8000, bufsizeKbps: 16000 },
    notes: "1080×1920，9:16；字幕在画面下部约 78%–88% 处，避开平台底部的按钮和文案区",
  },
  portrait: {
    id: "portrait",
    name: "竖屏 3:4（小红书）",
    width: 1080,
    height: 1440,
    channels: ["xhs"],
    title: null,
    // 1080×1440 × 0.72
    stage: { x: 151, y: 40, width: 778, height: 1037 },
    caption: { x: 60, y: 1105, width: 960, height: 178 },
    captionSizes: [44, 40, 36],
    label: null,
    footer: { x: 60, y: 1320, width: 960, height: 60 },
    rate: { crf: 20, maxrateKbps: 6000, bufsizeKbps: 12000 },
    notes: "1080×1440，3:4，与小红书图文同比例",
  },
  landscape: {
    id: "landscape",
    name: "横屏 16:9（网站、微博）",
    width: 1920,
    height: 1080,
    channels: ["web", "weibo"],
    // 1080×1440 × 0.70, left
    stage: { x: 100, y: 36, width: 756, height: 1008 },
    title: { x: 940, y: 90, width: 880, height: 260 },
    label: { x: 940, y: 420, width: 880, height: 200 },
    caption: { x: 940, y: 780, width: 880, height: 178 },
    captionSizes: [44, 40, 36],
    footer: { x: 940, y: 990, width: 880, height: 50 },
    rate: { crf: 20, maxrateKbps: 8000, bufsizeKbps: 16000 },
    notes: "1920×1080，16:9；网站“政策解读”页面播放的就是这个版本",
  },
};

/** The presets an export for `channels` makes, in preset order. */
export function videoPresetsForChannels(channels: readonly string[]): VideoPresetId[] {
  return VIDEO_PRESET_IDS.filter((id) => VIDEO_PRESETS[id].channels.some((c) => channels.includes(c)));
}

export function isVideoPresetId(value: string): value is VideoPresetId {
  return VIDEO_PRESET_IDS.some((id) => id === value);
}
