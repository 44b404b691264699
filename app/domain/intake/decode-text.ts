/**
 * Plain-text decoding: BOM → UTF-8/UTF-16; otherwise strict UTF-8, then GB18030 (a superset of
 * GBK and GB2312, still the default "ANSI" encoding of Chinese Windows). A file that decodes
 * into mostly control characters or rare code points is binary, whatever its name says.
 */
import { IntakeError } from "./errors";

export type DecodedText = { text: string; encoding: "utf-8" | "utf-16le" | "utf-16be" | "gb18030" };

function tryDecode(label: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return checked({ text: tryDecode("utf-8", bytes.subarray(3)) ?? "", encoding: "utf-8" });
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked({ text: tryDecode("utf-16le", bytes.subarray(2)) ?? "", encoding: "utf-16le" });
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked({ text: tryDecode("utf-16be", bytes.subarray(2)) ?? "", encoding: "utf-16be" });
  if (bytes.includes(0)) throw binary();
  const utf8 = tryDecode("utf-8", bytes);
  if (utf8 !== null) return checked({ text: utf8, encoding: "utf-8" });
  const gb = tryDecode("gb18030", bytes);
  if (gb !== null) return checked({ text: gb, encoding: "gb18030" });
  throw new IntakeError("unknown_encoding", "无法识别文本编码（既不是 UTF-8，也不是 GBK/GB18030），请用记事本“另存为 UTF-8”后再上传。");
}

function binary(): IntakeError {
  return new IntakeError("binary_text", "文件内容不是文本（可能是二进制文件改了扩展名），请上传 .txt、.docx 或 .pdf 格式的公文。");
}

/** Share of characters that plausibly occur in a Chinese government document. */
export function plausibleTextRatio(text: string): number {
  let ok = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    const c = ch.codePointAt(0) ?? 0;
    if (
      c === 0x09 ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x0c ||
      (c >= 0x20 && c < 0x7f) ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2010 && c <= 0x206f) ||
      c === 0x00b7 ||
      c === 0xa0 ||
      c === 0x3000
    ) {
      ok++;
    }
  }
  return total === 0 ? 1 : ok / total;
}

function checked(decoded: DecodedText): DecodedText {
  if (plausibleTextRatio(decoded.text) < 0.9) throw binary();
  return decoded;
}
