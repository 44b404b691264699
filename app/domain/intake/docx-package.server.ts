/**
 * A .docx opened with bounded expansion — the defence against decompression bombs. A zip states
 * each entry's uncompressed size in its central directory; a bomb states a huge one (refused
 * from the directory, before a byte is inflated) or lies with a small one (the inflater is cut
 * off the moment the output passes the stated size: yauzl's validateEntrySizes, plus our own
 * count). Only the XML parts the text is read from are inflated (.xml and .rels); media,
 * embedded objects and fonts are never expanded.
 *
 *   readDocxParts(bytes)  → Map<part name, bytes> of the XML parts, or IntakeError
 *   packParts(parts)      → a zip of those parts (stored, not deflated) for mammoth and JSZip
 */
import JSZip from "jszip";
import yauzl from "yauzl";
import { IntakeError, formatSize } from "./errors";

export const DOCX_LIMITS = {
  /** one XML part (word/document.xml of about 2,000 pages of plain text) */
  partBytes: 10 * 1024 * 1024,
  /** all XML parts together */
  totalBytes: 24 * 1024 * 1024,
  /** entries in the zip (a real .docx has tens; a few hundred with many images) */
  entries: 5_000,
} as const;

export type DocxLimits = { partBytes: number; totalBytes: number; entries: number };

const WANTED = /\.(xml|rels)$/i;

type Entry = yauzl.Entry;

function tooLarge(name: string, bytes: number, limit: number, what: string): IntakeError {
  return new IntakeError(
    "docx_too_large",
    `Word 文件“${name}”中的${what}解压后有 ${formatSize(bytes)}，超过上限 ${formatSize(limit)}，已拒收（可能是损坏或恶意构造的文件）。请在 Word 中另存为新的 .docx，或直接粘贴正文。`,
  );
}

function corrupt(name: string): IntakeError {
  return new IntakeError("corrupt_docx", `无法读取 Word 文件“${name}”，文件可能已损坏或不完整。请在 Word 中重新保存为 .docx 后再上传。`);
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true }, (error, zip) => (error || !zip ? reject(error) : resolve(zip)));
  });
}

function listEntries(zip: yauzl.ZipFile, max: number): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    zip.on("entry", (entry: Entry) => {
      entries.push(entry);
      if (entries.length > max) {
        zip.close();
        reject(new RangeError("too many entries"));
        return;
      }
      zip.readEntry();
    });
    zip.on("end", () => resolve(entries));
    zip.on("error", reject);
    zip.readEntry();
  });
}

/** Inflates one entry, never past `limit` bytes of output. */
function inflate(zip: yauzl.ZipFile, entry: Entry, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(error);
      const chunks: Buffer[] = [];
      let seen = 0;
      stream.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > limit) {
          stream.destroy(new RangeError("entry larger than allowed"));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("error", reject);
      stream.on("end", () => resolve(Buffer.concat(chunks, seen)));
    });
  });
}

/**
 * The XML parts of a .docx, inflated within `limits` (declared sizes checked for every wanted
 * entry before any is inflated; actual sizes while inflating). Refusals are IntakeErrors.
 */
export async function readDocxParts(bytes: Uint8Array, name: string, limits: DocxLimits = DOCX_LIMITS): Promise<Map<string, Uint8Array>> {
  let zip: yauzl.ZipFile;
  let entries: Entry[];
  try {
    zip = await openZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    entries = await listEntries(zip, limits.entries);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new IntakeError("docx_too_large", `Word 文件“${name}”包含的内部文件超过 ${limits.entries} 个，已拒收（可能是损坏或恶意构造的文件）。请在 Word 中另存为新的 .docx 后再上传。`);
    }
    throw corrupt(name);
  }
  try {
    const wanted = entries.filter((e) => WANTED.test(e.fileName) && !e.fileName.endsWith("/"));
    let declaredTotal = 0;
    for (const e of wanted) {
      if (e.uncompressedSize > limits.partBytes) throw tooLarge(name, e.uncompressedSize, limits.partBytes, `“${e.fileName}”`);
      declaredTotal += e.uncompressedSize;
      if (declaredTotal > limits.totalBytes) throw tooLarge(name, declaredTotal, limits.totalBytes, "文字和格式部分");
    }
    const parts = new Map<string, Uint8Array>();
    let total = 0;
    for (const e of wanted) {
      let data: Buffer;
      try {
        data = await inflate(zip, e, Math.min(limits.partBytes, e.uncompressedSize));
      } catch (error) {
        // yauzl: "too many bytes in the stream" — the entry lied about its size
        if (error instanceof RangeError || (error instanceof Error && /too many bytes|expected/i.test(error.message))) {
          throw tooLarge(name, e.uncompressedSize + 1, Math.min(limits.partBytes, e.uncompressedSize), `“${e.fileName}”（实际大小与声明不符）`);
        }
        throw corrupt(name);
      }
      total += data.length;
      if (total > limits.totalBytes) throw tooLarge(name, total, limits.totalBytes, "文字和格式部分");
      parts.set(e.fileName, data);
    }
    return parts;
  } finally {
    zip.close();
  }
}

/** The parts as a zip, stored uncompressed (read straight back by mammoth and JSZip). */
export async function packParts(parts: Map<string, Uint8Array>, replace: Record<string, string> = {}): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, data] of parts) zip.file(name, name in replace ? replace[name] : data, { compression: "STORE" });
  return zip.generateAsync({ type: "uint8array", compression: "STORE" });
}
