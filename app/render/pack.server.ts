/**
 * Stage 4 — pack. Writes the images, manifest.json and alt-text.txt, and zips them. Nothing in
 * the output depends on the clock (fixed ZIP dates, no timestamps), so the same package gives the
 * same bytes.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import JSZip from "jszip";
import { type ChannelId, type TemplateId } from "~/domain/vocabulary";

export type ManifestImage = {
  file: string;
  channel: ChannelId;
  channelName: string;
  template: TemplateId;
  templateVersion: number;
  size: string;
  width: number;
  height: number;
  format: "png" | "jpeg" | "webp";
  quality: number;
  bytes: number;
  sha256: string;
  altText: string;
  longDescription: string;
  /** 0 for a first card, n for its n-th "续" card. */
  continuation: number;
  /** Long images: which slice and where it starts in the full image. */
  slice: { index: number; count: number; y: number } | null;
  /** Only on a saved 图解: its 1-based position in the package and its template/slots fingerprint. */
  graphic?: { position: number; fingerprint: string };
};

/** A video interpretation in the pack (app/render/video): the MP4, its captions and poster. */
export type ManifestVideo = {
  file: string;
  preset: string;
  presetName: string;
  width: number;
  height: number;
  durationMs: number;
  bytes: number;
  sha256: string;
  /** `<source type>` of the MP4 (H.264 High + AAC-LC) */
  type: string;
  captions: { vtt: string; srt: string };
  poster: string;
  transcript: string;
};

export type Manifest = {
  generator: "jiedu render";
  /** Missing 文号 / 发文机关 / 成文日期 are left out (never a stand-in). */
  document: { title: string; docNumber?: string; issuer?: string; date?: string; department: string };
  channels: ChannelId[];
  templateVersions: Record<TemplateId, number>;
  images: ManifestImage[];
  /** present when the export made videos */
  videos?: ManifestVideo[];
  warnings: string[];
};

export type PackedImage = { meta: Omit<ManifestImage, "bytes" | "sha256">; data: Buffer };

const ZIP_DATE = new Date("2020-01-01T00:00:00Z");

export function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

export function altTextDocument(manifest: Manifest): string {
  const { title, docNumber } = manifest.document;
  const lines = [`${title}${docNumber ? `（${docNumber}）` : ""}图片替代文字与长描述`, ""];
  for (const image of manifest.images) {
    lines.push(`【${image.file}】${image.channelName} · ${image.width}×${image.height}`);
    lines.push(`替代文字：${image.altText}`);
    lines.push(`长描述：${image.longDescription.replace(/\n/g, "\n　　")}`);
    lines.push("");
  }
  for (const video of manifest.videos ?? []) {
    lines.push(`【${video.file}】视频 · ${video.presetName} · ${video.width}×${video.height} · ${Math.round(video.durationMs / 1000)} 秒`);
    lines.push(`字幕：${video.captions.vtt}、${video.captions.srt}；封面：${video.poster}`);
    lines.push(`字幕全文：${video.transcript.replace(/\n/g, "\n　　")}`);
    lines.push("");
  }
  return lines.join("\n");
}

export type PackResult = { files: string[]; manifest: Manifest; manifestPath: string; altTextPath: string; zipPath: string | null };

export async function writeExport(
  outDir: string,
  images: PackedImage[],
  base: Omit<Manifest, "images">,
  options: { zipName: string | null; /** files already in outDir (the videos), relative paths, added to the ZIP */ extraFiles?: readonly string[] },
): Promise<PackResult> {
  const manifest: Manifest = {
    ...base,
    images: images.map(({ meta, data }) => ({ ...meta, bytes: data.length, sha256: sha256(data) })),
  };
  const files: string[] = [];
  for (const { meta, data } of images) {
    const path = join(outDir, meta.file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
    files.push(path);
  }
  const manifestJson = `${JSON.stringify(manifest, null, 2)}\n`;
  const altText = altTextDocument(manifest);
  const manifestPath = join(outDir, "manifest.json");
  const altTextPath = join(outDir, "alt-text.txt");
  await writeFile(manifestPath, manifestJson);
  await writeFile(altTextPath, altText);

  let zipPath: string | null = null;
  if (options.zipName) {
    const zip = new JSZip();
    for (const { meta, data } of images) zip.file(meta.file, data, { date: ZIP_DATE, compression: "STORE", createFolders: false });
    for (const file of options.extraFiles ?? []) zip.file(file, await readFile(join(outDir, file)), { date: ZIP_DATE, compression: "STORE", createFolders: false });
    zip.file("manifest.json", manifestJson, { date: ZIP_DATE, compression: "DEFLATE", createFolders: false });
    zip.file("alt-text.txt", altText, { date: ZIP_DATE, compression: "DEFLATE", createFolders: false });
    zipPath = join(outDir, options.zipName);
    await writeFile(zipPath, await zip.generateAsync({ type: "nodebuffer", platform: "UNIX" }));
  }
  return { files, manifest, manifestPath, altTextPath, zipPath };
}
