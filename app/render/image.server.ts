/**
 * Stage 3 — image. sharp turns the fast (optimizeForSpeed) PNG captures into the channel's
 * format, without metadata, stepping quality down until the image fits the byte limit; user
 * images (logo, graphics) are decoded with a pixel limit and re-encoded before the page sees them.
 */
import sharp from "sharp";
import type { EncodeSettings } from "./presets";

/** Our own captures: 1080 × 30000 at most. */
const CAPTURE_PIXEL_LIMIT = 1080 * 30_000;
/** Anything a user uploads (logo, graphics). */
export const USER_IMAGE_PIXEL_LIMIT = 24_000_000;

export type Encoded = { data: Buffer; format: EncodeSettings["format"]; quality: number; width: number; height: number };

export class ImageTooLargeError extends Error {
  constructor(
    readonly image: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`图片「${image}」在最低质量下仍有 ${formatBytes(bytes)}，超过该渠道单图上限 ${formatBytes(maxBytes)}：请精简这张图的内容，或在渠道预设中放宽上限。`);
    this.name = "ImageTooLargeError";
  }
}

export class UserImageError extends Error {
  constructor(label: string, reason: string) {
    super(`${label}无法使用：${reason}`);
    this.name = "UserImageError";
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

type Attempt = { quality: number; mozjpeg: boolean; colors: number };

function attempts(settings: EncodeSettings): Attempt[] {
  const out: Attempt[] = [];
  if (settings.format === "png" && settings.palette) {
    // Palette quality steps: fewer colours.
    for (const colors of [256, 128, 64, 32]) out.push({ quality: settings.quality, mozjpeg: false, colors });
    return out;
  }
  for (let q = settings.quality; q >= settings.minQuality; q -= settings.step) out.push({ quality: q, mozjpeg: settings.format === "jpeg" && (settings.mozjpeg || q < settings.quality), colors: 256 });
  if (out.length === 0 || out[out.length - 1].quality !== settings.minQuality) out.push({ quality: settings.minQuality, mozjpeg: settings.format === "jpeg", colors: 256 });
  return out;
}

async function encodeOnce(input: Buffer, settings: EncodeSettings, attempt: Attempt): Promise<Buffer> {
  // sharp drops metadata unless asked to keep it (no withMetadata()).
  const image = sharp(input, { limitInputPixels: CAPTURE_PIXEL_LIMIT }).removeAlpha();
  switch (settings.format) {
    case "jpeg":
      return image.jpeg({ quality: attempt.quality, mozjpeg: attempt.mozjpeg, chromaSubsampling: attempt.quality >= 90 ? "4:4:4" : "4:2:0" }).toBuffer();
    case "webp":
      return image.webp({ quality: attempt.quality, effort: settings.effort ?? 4 }).toBuffer();
    case "png":
      return settings.palette
        ? image.png({ palette: true, colours: attempt.colors, quality: attempt.quality, effort: settings.effort ?? 4, compressionLevel: 9 }).toBuffer()
        : // palette stated: sharp quantises a PNG given `effort` unless told not to
          image.png({ compressionLevel: 6, palette: false }).toBuffer();
  }
}

/** Encodes `png` per settings; throws ImageTooLargeError naming `label` if it cannot fit. */
export async function encodeWithinLimit(png: Buffer, settings: EncodeSettings, maxBytes: number, label: string): Promise<Encoded> {
  const meta = await sharp(png, { limitInputPixels: CAPTURE_PIXEL_LIMIT }).metadata();
  let smallest = Number.POSITIVE_INFINITY;
  for (const attempt of attempts(settings)) {
    const data = await encodeOnce(png, settings, attempt);
    if (data.length <= maxBytes) return { data, format: settings.format, quality: attempt.quality, width: meta.width ?? 0, height: meta.height ?? 0 };
    smallest = Math.min(smallest, data.length);
  }
  throw new ImageTooLargeError(label, smallest, maxBytes);
}

const DATA_URI = /^data:image\/(png|jpeg|svg\+xml);base64,([A-Za-z0-9+/]+=*)$/;

/** SVG may reference other files or URLs; only same-document references (#id) are allowed. */
function assertSafeSvg(svg: string, label: string): void {
  const refs = [...svg.matchAll(/(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((m) => m[1]);
  const urls = [...svg.matchAll(/url\(\s*['"]?([^'")]*)/gi)].map((m) => m[1]);
  const bad = [...refs, ...urls].filter((ref) => !ref.startsWith("#"));
  if (bad.length > 0 || /<script|@import|<foreignObject/i.test(svg)) throw new UserImageError(label, "SVG 中不能引用外部资源或包含脚本");
}

/** Decodes a user data URI with a pixel limit, fits it in a box, and re-encodes it as PNG. */
export async function prepareUserImage(dataUri: string, label: string, box: { width: number; height: number }): Promise<Buffer> {
  const match = DATA_URI.exec(dataUri);
  if (!match) throw new UserImageError(label, "应为 base64 编码的 PNG、JPEG 或 SVG");
  const bytes = Buffer.from(match[2], "base64");
  if (match[1] === "svg+xml") assertSafeSvg(bytes.toString("utf8"), label);
  try {
    return await sharp(bytes, { limitInputPixels: USER_IMAGE_PIXEL_LIMIT, failOn: "error" })
      .rotate()
      .resize({ width: box.width, height: box.height, fit: "inside", withoutEnlargement: true })
      .png({ compressionLevel: 9 })
      .toBuffer();
  } catch (error) {
    const reason = error instanceof Error && /pixel limit/i.test(error.message) ? `像素数超过上限 ${USER_IMAGE_PIXEL_LIMIT.toLocaleString("en-US")}` : "无法解码";
    throw new UserImageError(label, reason);
  }
}
