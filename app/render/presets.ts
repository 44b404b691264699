/**
 * Channel presets (新媒体渠道) as data: which templates at which size, the encoder, the byte
 * limit per image and the count limits. Numbers marked ≈ in DOMAIN.md are defaults an
 * administrator overrides (`resolvePresets(overrides)`), not truths.
 */
import { z } from "zod";
import { CHANNEL_IDS, type ChannelId, TEMPLATE_IDS } from "~/domain/vocabulary";

const MB = 1024 * 1024;
const KB = 1024;

export const encodeSchema = z.object({
  format: z.enum(["png", "jpeg", "webp"]),
  /** Starting quality (1–100); stepped down by `step` until the image fits `maxBytes`. */
  quality: z.number().int().min(1).max(100),
  minQuality: z.number().int().min(1).max(100),
  step: z.number().int().min(1).max(50).default(8),
  /** JPEG: start with mozjpeg (smaller, ~10× slower); later steps always use it. */
  mozjpeg: z.boolean().default(false),
  /** PNG: palette (flat graphics compress 2–3× smaller). */
  palette: z.boolean().default(false),
  /** WebP/PNG effort (CPU vs size). */
  effort: z.number().int().min(0).max(10).optional(),
});
export type EncodeSettings = z.infer<typeof encodeSchema>;

export const channelOutputSchema = z.object({
  template: z.enum(TEMPLATE_IDS),
  size: z.string().min(1),
  /** Overrides the channel's encoder for this output. */
  encode: encodeSchema.partial().optional(),
  /** Overrides the channel's byte limit for this output. */
  maxBytes: z.number().int().positive().optional(),
  /** Long image: slice height limit in px. */
  maxHeight: z.number().int().min(1000).max(30000).optional(),
});
export type ChannelOutput = z.infer<typeof channelOutputSchema>;

export const channelPresetSchema = z.object({
  id: z.enum(CHANNEL_IDS),
  name: z.string(),
  outputs: z.array(channelOutputSchema).min(1),
  encode: encodeSchema,
  maxBytes: z.number().int().positive(),
  minImages: z.number().int().min(0),
  maxImages: z.number().int().positive(),
  /** Width/height ratio bounds, e.g. 抖音 1:3 … 3:1. */
  aspect: z.object({ min: z.number().positive(), max: z.number().positive() }).optional(),
  /** Pixel count limit per image (微信 body images < 6 megapixels). */
  maxPixels: z.number().int().positive().optional(),
  notes: z.string(),
  /**
   * Sizes this channel takes a saved 图解 at, in order of preference: each graphic is rendered at
   * the first one its template has (height 0 = a long image, sliced like the channel's long
   * image); a graphic whose template has none of them is left out of the channel with a note.
   */
  graphicSizes: z.array(z.object({ width: z.number().int().positive(), height: z.number().int().min(0) })).default([]),
});
export type ChannelPreset = z.infer<typeof channelPresetSchema>;

const jpeg = (quality: number, extra: Partial<EncodeSettings> = {}): EncodeSettings => ({ format: "jpeg", quality, minQuality: 40, step: 8, mozjpeg: false, palette: false, ...extra });

const PORTRAIT = { width: 1080, height: 1440 };
const TILE = { width: 1080, height: 1080 };
const LONG = { width: 1080, height: 0 };

const CARDS: ChannelOutput[] = [
  { template: "cover", size: "portrait" },
  { template: "figures-card", size: "portrait" },
  { template: "qa-card", size: "portrait" },
  { template: "chart-card", size: "portrait" },
  { template: "timeline", size: "portrait" },
];

export const DEFAULT_PRESETS: Readonly<Record<ChannelId, ChannelPreset>> = {
  wechat: {
    id: "wechat",
    name: "微信公众号",
    outputs: [
      { template: "cover", size: "wide" },
      // The 1:1 small cover doubles as the thumbnail: JPG ≤ 64 KB.
      { template: "cover", size: "square", maxBytes: 64 * KB, encode: { quality: 85, mozjpeg: true, minQuality: 30 } },
      // Body images < 6 megapixels: 1080 × 5400 = 5.8 MP.
      { template: "long-image", size: "long", maxHeight: 5400 },
    ],
    encode: jpeg(85),
    // Images uploaded through the API: jpg/png < 1 MB.
    maxBytes: 1 * MB - 1,
    minImages: 1,
    maxImages: 20,
    maxPixels: 6_000_000 - 1,
    notes: "封面 900×383（标题在中央 383×383 安全区）+ 1:1 小封面（≤64 KB）+ 正文长图（每张 < 600 万像素，≤1 MB）+ 图解",
    graphicSizes: [PORTRAIT, TILE, LONG],
  },
  weibo: {
    id: "weibo",
    name: "微博",
    outputs: [
      { template: "nine-grid", size: "tile" },
      { template: "long-image", size: "long", maxHeight: 20000 },
    ],
    encode: jpeg(85),
    maxBytes: 2 * MB,
    minImages: 1,
    maxImages: 18,
    notes: "九宫格 9 张 1080×1080 + 长图（高度 ≤ 20000 px ≈），每张 ≤ 2 MB ≈；1:1 图解另附",
    graphicSizes: [TILE, LONG],
  },
  douyin: {
    id: "douyin",
    name: "抖音图文",
    outputs: CARDS,
    encode: jpeg(88),
    maxBytes: 10 * MB,
    minImages: 1,
    maxImages: 35,
    aspect: { min: 1 / 3, max: 3 },
    notes: "图文 ≤ 35 张，宽高比 1:3 至 3:1",
    graphicSizes: [PORTRAIT, TILE],
  },
  xhs: {
    id: "xhs",
    name: "小红书",
    outputs: CARDS,
    encode: jpeg(88),
    maxBytes: 10 * MB,
    minImages: 1,
    maxImages: 18,
    aspect: { min: 0.75, max: 0.75 },
    notes: "1–18 张，3:4，1080×1440；标题 ≤ 20 字，正文 ≤ 1000 字",
    graphicSizes: [PORTRAIT],
  },
  web: {
    id: "web",
    name: "网站",
    outputs: [
      { template: "cover", size: "wide", encode: { format: "webp", quality: 82, minQuality: 40 } },
      { template: "figures-card", size: "portrait" },
      { template: "chart-card", size: "portrait" },
      { template: "timeline", size: "portrait" },
      { template: "long-image", size: "long", maxHeight: 16000, encode: { format: "jpeg", quality: 85, minQuality: 40, palette: false } },
    ],
    // Flat graphics: PNG palette keeps text and chart edges crisp at a third of the size.
    encode: { format: "png", quality: 100, minQuality: 40, step: 20, mozjpeg: false, palette: true, effort: 4 },
    maxBytes: 2 * MB,
    minImages: 1,
    maxImages: 50,
    notes: "网站横幅与配图，必须附替代文字和长描述",
    graphicSizes: [PORTRAIT, TILE, LONG],
  },
};

export const presetOverridesSchema = z.record(z.enum(CHANNEL_IDS), channelPresetSchema.partial().omit({ id: true }));
export type PresetOverrides = z.infer<typeof presetOverridesSchema>;

/** Defaults with per-channel overrides applied (shallow per field; `encode` merged). */
export function resolvePresets(overrides: PresetOverrides = {}): Record<ChannelId, ChannelPreset> {
  const out = { ...DEFAULT_PRESETS };
  for (const id of CHANNEL_IDS) {
    const o = overrides[id];
    if (!o) continue;
    out[id] = channelPresetSchema.parse({ ...DEFAULT_PRESETS[id], ...o, id, encode: { ...DEFAULT_PRESETS[id].encode, ...(o.encode ?? {}) } });
  }
  return out;
}

export function parseChannelList(value: string): { ok: true; channels: ChannelId[] } | { ok: false; message: string } {
  const names = value
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !CHANNEL_IDS.some((id) => id === n));
  if (unknown.length > 0) return { ok: false, message: `未知渠道：${unknown.join("、")}；可选：${CHANNEL_IDS.join(", ")}` };
  const channels = CHANNEL_IDS.filter((id) => names.includes(id));
  if (channels.length === 0) return { ok: false, message: `请至少选择一个渠道：${CHANNEL_IDS.join(", ")}` };
  return { ok: true, channels };
}
