/**
 * Uploaded bytes → plain text, for .txt (UTF-8 / GBK / GB18030), .docx (mammoth) and .pdf
 * (pdfjs-dist text layer). Server-only: it loads mammoth and pdfjs.
 *
 * Map of the flow:
 *   1. empty / over the size limit → IntakeError;
 *   2. sniff the real type from the magic bytes and compare it with the extension, so a PDF
 *      renamed to .txt or a zip renamed to .docx gets a message naming what the file really is;
 *   3. decode with the matching reader; every parser failure becomes an IntakeError; a .docx
 *      is inflated within limits (docx-package: decompression bombs are refused before they
 *      expand), scanned for nesting depth (xml-scan), and read slice by slice with its automatic
 *      list numbers written into the paragraphs (docx-numbering);
 *   4. text that is empty after extraction (a scanned PDF, an empty Word file) → IntakeError.
 * The PDF reader rebuilds lines from the text items and marks a paragraph break (blank line)
 * where a line is indented or the previous line stops short; the analysis normaliser then joins
 * wrapped lines and page breaks.
 */
import { createRequire } from "node:module";
import path from "node:path";
import JSZip from "jszip";
import mammoth from "mammoth";
import { decodeText } from "./decode-text";
import { type NumberingLabeller, numberingLabeller } from "./docx-numbering.server";
import { type DocxLimits, packParts, readDocxParts } from "./docx-package.server";
import { DEFAULT_MAX_BYTES, formatSize, IntakeError } from "./errors";
import { type SniffedType, sniffType, TYPE_NAMES } from "./sniff";
import { type XmlScanLimits, scanXml, sliceBody } from "./xml-scan";

export type { IntakeErrorCode } from "./errors";
export { DEFAULT_MAX_BYTES, IntakeError } from "./errors";

export type ExtractedText = {
  text: string;
  format: "txt" | "docx" | "pdf";
  /** for .txt: the detected encoding */
  encoding?: string;
  /** for .pdf: number of pages */
  pages?: number;
  /** non-fatal notes for the user (Chinese) */
  warnings: string[];
};

export type ExtractOptions = {
  maxBytes?: number;
  /** expansion limits of a .docx (tests use small ones) */
  docxLimits?: DocxLimits;
  xmlLimits?: XmlScanLimits;
  /** size of the slices mammoth reads the main document in (tests use small ones) */
  sliceChars?: number;
};

const EXTENSIONS: Record<string, "txt" | "docx" | "pdf"> = { txt: "txt", text: "txt", md: "txt", docx: "docx", pdf: "pdf" };

function extensionOf(fileName: string): string {
  const ext = path.extname(fileName).toLowerCase().replace(/^\./, "");
  return ext;
}

export async function extractText(bytes: Uint8Array, fileName: string, options: ExtractOptions = {}): Promise<ExtractedText> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const shownName = fileName || "上传的文件";
  if (bytes.length === 0) {
    throw new IntakeError("empty", `文件“${shownName}”是空文件（0 字节），请检查后重新上传。`);
  }
  if (bytes.length > maxBytes) {
    throw new IntakeError(
      "too_large",
      `文件“${shownName}”大小为 ${formatSize(bytes.length)}，超过上限 ${formatSize(maxBytes)}。请压缩图片、拆分文件，或只上传正文后再试。`,
    );
  }

  const ext = extensionOf(fileName);
  const sniffed = sniffType(bytes);
  const expected = ext ? EXTENSIONS[ext] : undefined;
  if (ext && !expected) {
    if (ext === "doc" || ext === "wps") {
      throw new IntakeError("unsupported_type", `暂不支持 .${ext} 格式，请在 Word 或 WPS 中“另存为”.docx 后再上传。`);
    }
    throw new IntakeError("unsupported_type", `不支持 .${ext} 格式的文件，请上传 .docx、.pdf 或 .txt 格式的公文。`);
  }
  const format = expected ?? formatFromContent(sniffed, shownName);
  checkMatches(format, sniffed, ext, shownName);

  switch (format) {
    case "txt":
      return fromText(bytes, shownName);
    case "docx":
      return fromDocx(bytes, shownName, options);
    case "pdf":
      return fromPdf(bytes, shownName);
  }
}

function formatFromContent(sniffed: SniffedType, name: string): "txt" | "docx" | "pdf" {
  if (sniffed === "pdf" || sniffed === "docx") return sniffed;
  if (sniffed === "text") return "txt";
  throw new IntakeError("unsupported_type", `“${name}”是${TYPE_NAMES[sniffed]}，无法提取文字。请上传 .docx、.pdf 或 .txt 格式的公文。`);
}

function checkMatches(format: "txt" | "docx" | "pdf", sniffed: SniffedType, ext: string, name: string): void {
  if (format === sniffed || (format === "txt" && sniffed === "text")) return;
  if (sniffed === "ole") {
    throw new IntakeError("type_mismatch", `“${name}”实际是${TYPE_NAMES.ole}，不是 .${ext || format}。请在 Word 中“另存为”.docx 后再上传。`);
  }
  if (sniffed === "text" && format === "docx") {
    throw new IntakeError("corrupt_docx", `“${name}”不是有效的 Word（.docx）文件，可能已损坏。请在 Word 中重新保存后再上传。`);
  }
  if (sniffed === "text" && format === "pdf") {
    throw new IntakeError("corrupt_pdf", `“${name}”不是有效的 PDF 文件，可能已损坏。请重新导出 PDF 后再上传。`);
  }
  const suggestion = sniffed === "pdf" ? "，或把扩展名改为 .pdf" : sniffed === "docx" ? "，或把扩展名改为 .docx" : "";
  throw new IntakeError(
    "type_mismatch",
    `文件扩展名是 .${ext || format}，但内容是${TYPE_NAMES[sniffed]}。请确认上传的是正确的文件${suggestion}。`,
  );
}

function requireText(text: string, message: string): string {
  if (text.trim().length === 0) throw new IntakeError("empty", message);
  return text;
}

function fromText(bytes: Uint8Array, name: string): ExtractedText {
  const { text, encoding } = decodeText(bytes);
  requireText(text, `文件“${name}”中没有文字内容，请检查后重新上传。`);
  return { text, format: "txt", encoding, warnings: [] };
}

/** Nesting and size a real Word document stays far below (tables in tables, content controls). */
export const DOCX_XML_LIMITS = { maxDepth: 256, maxElements: 2_000_000 } as const;
/** The main document is read by mammoth in slices of whole paragraphs/tables of about this size. */
const SLICE_CHARS = 256 * 1024;

function tooComplex(name: string, why: string): IntakeError {
  return new IntakeError("too_complex", `Word 文件“${name}”的结构异常（${why}），无法读取。请在 Word 中另存为新的 .docx，或直接粘贴正文后再试。`);
}

/**
 * .docx → text with bounded memory: the XML parts are inflated within limits (docx-package),
 * the main document is scanned once (nesting depth, element count) and read by mammoth slice by
 * slice (raw text is paragraph by paragraph, so the slices' texts joined are the whole text);
 * Word's automatic list labels are written into each slice first, counters carried across.
 */
async function fromDocx(bytes: Uint8Array, name: string, options: ExtractOptions): Promise<ExtractedText> {
  const warnings: string[] = [];
  const parts = await readDocxParts(bytes, name, options.docxLimits);
  const unreadable = () => new IntakeError("corrupt_docx", `无法读取 Word 文件“${name}”，文件可能已损坏或不完整。请在 Word 中重新保存为 .docx 后再上传。`);
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await packParts(parts));
  } catch {
    throw unreadable();
  }
  // Word's automatic numbering ("一、", "（一）" as list levels) is not in the paragraph text:
  // write the labels in first, or the outline finds no headings.
  let labeller: NumberingLabeller | null = null;
  try {
    labeller = await numberingLabeller(zip);
  } catch {
    // Unreadable numbering must not cost the officer the text: extract it unnumbered and say so.
    warnings.push("Word 文件中的自动编号（如“一、”“（一）”）未能还原，提取的文字可能缺少标题序号，请核对。");
  }
  const documentPath = labeller?.documentPath ?? (await mainDocumentPath(zip));
  const source = parts.get(documentPath);
  if (!source) throw unreadable();
  const documentXml = new TextDecoder("utf-8").decode(source).replace(/^\uFEFF/, "");
  const scan = scanXml(documentXml, options.xmlLimits ?? DOCX_XML_LIMITS);
  if (!scan.ok) {
    if (scan.problem === "depth") throw tooComplex(name, `元素嵌套超过 ${(options.xmlLimits ?? DOCX_XML_LIMITS).maxDepth} 层`);
    if (scan.problem === "elements") throw tooComplex(name, `元素超过 ${(options.xmlLimits ?? DOCX_XML_LIMITS).maxElements} 个`);
    throw unreadable();
  }
  const slices = scan.body ? sliceBody(documentXml, scan.body, options.sliceChars ?? SLICE_CHARS) : [documentXml];
  let text = "";
  let failedLabels = false;
  for (const slice of slices) {
    let xml = slice;
    if (labeller && !failedLabels) {
      try {
        xml = labeller.label(slice).xml;
      } catch {
        failedLabels = true;
        warnings.push("Word 文件中的自动编号（如“一、”“（一）”）未能还原，提取的文字可能缺少标题序号，请核对。");
      }
    }
    let result: { value: string; messages: { type: string; message: string }[] };
    try {
      zip.file(documentPath, xml, { compression: "STORE" });
      const buffer = Buffer.from(await zip.generateAsync({ type: "uint8array", compression: "STORE" }));
      result = await mammoth.extractRawText({ buffer });
    } catch {
      throw unreadable();
    }
    text += result.value;
    for (const m of result.messages) if (m.type === "error") warnings.push("Word 文件中有部分内容无法读取，请核对提取的文字。");
  }
  requireText(text, `Word 文件“${name}”中没有文字（可能只有图片），请上传含文字的文件。`);
  return { text, format: "docx", warnings: [...new Set(warnings)] };
}

/** The main document part named by the package relationships, else word/document.xml. */
async function mainDocumentPath(zip: JSZip): Promise<string> {
  const rels = await zip.file("_rels/.rels")?.async("string");
  const m = rels ? /<Relationship\b[^>]*Type="[^"]*\/officeDocument"[^>]*Target="\/?([^"]+)"/.exec(rels) ?? /<Relationship\b[^>]*Target="\/?([^"]+)"[^>]*Type="[^"]*\/officeDocument"/.exec(rels) : null;
  return m?.[1] && zip.file(m[1]) ? m[1] : "word/document.xml";
}

// ------------------------------------------------------------------ PDF

type PdfTextItem = { str: string; transform: number[]; width: number; height: number; hasEOL: boolean };
type PdfLine = { text: string; x: number; endX: number; y: number; size: number };

const pdfAssetsDir = (() => {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve("pdfjs-dist/package.json"));
})();

async function fromPdf(bytes: Uint8Array, name: string): Promise<ExtractedText> {
  // A PDF ends with %%EOF; without it the file was cut off (interrupted download or copy).
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString("latin1");
  if (!tail.includes("%%EOF")) {
    throw new IntakeError("corrupt_pdf", `PDF 文件“${name}”不完整（可能下载或复制时中断），请重新获取完整文件后再上传。`);
  }
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let doc: Awaited<ReturnType<typeof pdfjs.getDocument>["promise"]>;
  try {
    doc = await pdfjs.getDocument({
      // pdfjs takes ownership of (and detaches) the buffer it is given: pass a copy.
      data: new Uint8Array(bytes),
      cMapUrl: `${pdfAssetsDir}/cmaps/`,
      cMapPacked: true,
      standardFontDataUrl: `${pdfAssetsDir}/standard_fonts/`,
      isEvalSupported: false,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    if (error instanceof Error && error.name === "PasswordException") {
      throw new IntakeError("encrypted_pdf", `PDF 文件“${name}”设有密码，请去除密码保护后再上传。`);
    }
    throw new IntakeError("corrupt_pdf", `无法读取 PDF 文件“${name}”，文件可能已损坏。请重新导出 PDF 后再上传。`);
  }
  try {
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items) if ("str" in item) items.push(item);
      pages.push(pageText(items));
      page.cleanup();
    }
    const text = pages.join("\n\n");
    if (text.trim().length === 0) {
      throw new IntakeError("no_text_layer", `PDF 文件“${name}”中没有可提取的文字（可能是扫描件或图片）。请上传文字版 PDF 或 Word 文件。`);
    }
    return { text, format: "pdf", pages: doc.numPages, warnings: [] };
  } catch (error) {
    if (error instanceof IntakeError) throw error;
    throw new IntakeError("corrupt_pdf", `读取 PDF 文件“${name}”的内容时出错，文件可能已损坏。请重新导出 PDF 后再上传。`);
  } finally {
    await doc.destroy();
  }
}

/** Rebuilds lines from positioned text items, and paragraphs from indentation and short lines. */
function pageText(items: PdfTextItem[]): string {
  const lines: PdfLine[] = [];
  let current: PdfLine | null = null;
  for (const item of items) {
    const x = item.transform[4];
    const y = item.transform[5];
    const size = Math.abs(item.transform[3]) || item.height || 10;
    if (item.str.length === 0) {
      if (item.hasEOL && current) current = null;
      continue;
    }
    if (current && Math.abs(current.y - y) <= size * 0.5) {
      const gap = x - current.endX;
      current.text += gap > size * 0.3 ? ` ${item.str}` : item.str;
      current.endX = Math.max(current.endX, x + item.width);
    } else {
      current = { text: item.str, x, endX: x + item.width, y, size };
      lines.push(current);
    }
    if (item.hasEOL) current = null;
  }
  if (lines.length === 0) return "";
  const left = Math.min(...lines.map((l) => l.x));
  const right = Math.max(...lines.map((l) => l.endX));
  let out = lines[0].text;
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    const indented = line.x - left > line.size * 1.5;
    const prevShort = prev.endX < right - prev.size * 2;
    const bigGap = prev.y - line.y > Math.max(prev.size, line.size) * 2.2;
    out += indented || prevShort || bigGap ? "\n\n" : "\n";
    out += line.text;
  }
  return out;
}
