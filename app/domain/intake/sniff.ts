/**
 * What a file really is, from its first bytes (magic numbers), independent of its name.
 */
export type SniffedType = "pdf" | "docx" | "zip" | "ole" | "image" | "text";

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** Byte offset of `needle` (ASCII) within the first `limit` bytes, or -1. */
function indexOfAscii(bytes: Uint8Array, needle: string, limit: number): number {
  const end = Math.min(bytes.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

export function sniffType(bytes: Uint8Array): SniffedType {
  // PDF readers accept "%PDF-" anywhere in the first kilobyte.
  if (indexOfAscii(bytes, "%PDF-", 1024) >= 0) return "pdf";
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    // A .docx is a zip whose entries include word/document.xml; the names sit in clear text.
    return indexOfAscii(bytes, "word/", bytes.length) >= 0 ? "docx" : "zip";
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return "ole";
  if (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    startsWith(bytes, [0xff, 0xd8, 0xff]) ||
    startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) ||
    (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
  ) {
    return "image";
  }
  return "text";
}

export const TYPE_NAMES: Record<SniffedType, string> = {
  pdf: "PDF 文件",
  docx: "Word（.docx）文件",
  zip: "压缩包（zip）",
  ole: "旧版 Word（.doc）或 Excel（.xls）文件",
  image: "图片",
  text: "纯文本文件",
};
