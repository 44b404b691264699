import { buildDocx } from "../helpers/docx";
/**
 * Intake on real bytes: a GBK text file (generated once with Debian iconv), a .docx built here
 * with jszip, a PDF printed by Chromium from a Chinese HTML page, and every kind of bad input.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { analyzeDocument } from "~/domain/analysis";
import { IntakeError, type IntakeErrorCode, extractText } from "~/domain/intake/extract-text.server";

const here = path.resolve(import.meta.dirname, "../fixtures/intake");
const bytesOf = (name: string) => new Uint8Array(readFileSync(path.join(here, name)));

async function intakeError(promise: Promise<unknown>): Promise<IntakeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IntakeError) return error;
    throw new Error(`expected an IntakeError, got ${String(error)}`);
  }
  throw new Error("expected an IntakeError, got a result");
}

async function expectIntakeError(promise: Promise<unknown>, code: IntakeErrorCode): Promise<IntakeError> {
  const error = await intakeError(promise);
  expect(error.code).toBe(code);
  // Every message is Chinese, one line, and tells the user what to do.
  expect(error.message).toMatch(/[\u4e00-\u9fff]/);
  expect(error.message).not.toContain("\n");
  expect(error.message).toMatch(/请/);
  return error;
}


/** Deterministic pseudo-random bytes (a linear congruential generator). */
function garbage(length: number, seed = 42): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe("text files", () => {
  it("detects and decodes GBK", async () => {
    const bytes = bytesOf("gbk-notice.txt");
    // The committed file really is GBK: it is not valid UTF-8.
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
    const result = await extractText(bytes, "gbk-notice.txt");
    expect(result).toMatchObject({ format: "txt", encoding: "gb18030" });
    const a = analyzeDocument(result.text);
    expect(a.meta.title).toBe("某某县人民政府办公室关于印发某某县政务公开工作方案的通知");
    expect(a.meta.docNumber?.raw).toBe("某政办发〔2021〕7号");
    expect(a.meta.date).toBe("2021-03-15");
    expect(a.meta.attachments).toEqual(["某某县政务公开工作方案"]);
    expect(a.facts.find((f) => f.text === "120项")?.path).toEqual(["附件1", "一、"]);
  });

  it("decodes UTF-8 with and without a BOM, and UTF-16LE with a BOM", async () => {
    const text = "关于印发工作要点的通知\n\n一、总体要求";
    const utf8 = new TextEncoder().encode(text);
    expect((await extractText(utf8, "a.txt")).text).toBe(text);
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]);
    expect(await extractText(bom, "a.txt")).toMatchObject({ text, encoding: "utf-8" });
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    expect(await extractText(utf16, "a.txt")).toMatchObject({ text, encoding: "utf-16le" });
  });
});

describe(".docx", () => {
  it("extracts the paragraphs of a Word file built in the test", async () => {
    const bytes = await buildDocx([
      "某某市人民政府办公室关于印发某某市数字政府建设方案的通知",
      "某政办发〔2022〕12号",
      "各区人民政府，市政府各部门：",
      "《某某市数字政府建设方案》已经市政府同意，现印发给你们，请认真贯彻执行。",
      "某某市人民政府办公室",
      "2022年5月6日",
      "（此件公开发布）",
      "某某市数字政府建设方案",
      "一、建设目标",
      "到2025年，建成500项“一网通办”高频事项，政务服务满意度达到98%。",
    ]);
    const result = await extractText(bytes, "方案.docx");
    expect(result.format).toBe("docx");
    const a = analyzeDocument(result.text);
    expect(a.meta).toMatchObject({
      title: "某某市人民政府办公室关于印发某某市数字政府建设方案的通知",
      docNumber: { raw: "某政办发〔2022〕12号", wellFormed: true },
      issuer: "某某市人民政府办公室",
      date: "2022-05-06",
      recipients: ["各区人民政府", "市政府各部门"],
      attachments: ["某某市数字政府建设方案"],
    });
    expect(a.facts.map((f) => [f.kind, f.value, f.unit, f.path.join("")])).toEqual([
      ["date", "2022-05-06", "日", "正文"],
      ["deadline", "2025-12-31", "年", "附件1一、"],
      ["quantity", 500, "项", "附件1一、"],
      ["percent", 98, "%", "附件1一、"],
    ]);
  });
});

describe(".pdf", () => {
  it("extracts the text layer of a Chinese PDF printed by Chromium", async () => {
    const result = await extractText(bytesOf("chinese-notice.pdf"), "chinese-notice.pdf");
    expect(result).toMatchObject({ format: "pdf", pages: 1 });
    const a = analyzeDocument(result.text);
    expect(a.meta.title).toBe("某某县政务公开工作方案");
    expect(a.parts[0].outline.map((n) => `${n.marker}${n.title}`)).toEqual(["一、工作目标", "二、主要任务"]);
    // Lines wrapped by the page width are joined again by the normaliser.
    expect(a.text).toContain("全县完成120项政务公开事项标准目录编制，公开率达到95%。");
    expect(a.facts.map((f) => [f.text, f.path.join("")])).toEqual([
      ["2021年年底前", "一、"],
      ["120项", "一、"],
      ["95%", "一、"],
      ["每季度至少更新1次", "二、（一）"],
      ["2021年6月底前", "二、（一）"],
      ["26个", "二、（一）"],
    ]);
  });
});

describe("bad input gives a typed Chinese error, never a crash", () => {
  it("empty file", async () => {
    await expectIntakeError(extractText(new Uint8Array(0), "空.txt"), "empty");
    await expectIntakeError(extractText(new TextEncoder().encode(" \n\n　\n"), "空白.txt"), "empty");
  });

  it("binary garbage named .txt", async () => {
    const error = await intakeError(extractText(garbage(4096), "公文.txt"));
    expect(["binary_text", "unknown_encoding"]).toContain(error.code);
    expect(error.message).toMatch(/请/);
  });

  it("0-byte .docx", async () => {
    await expectIntakeError(extractText(new Uint8Array(0), "方案.docx"), "empty");
  });

  it("a .docx that is not a Word file", async () => {
    await expectIntakeError(extractText(new TextEncoder().encode("这不是 Word 文件"), "方案.docx"), "corrupt_docx");
    const zip = new JSZip();
    zip.file("readme.txt", "hello");
    await expectIntakeError(extractText(await zip.generateAsync({ type: "uint8array" }), "方案.docx"), "type_mismatch");
    const docx = await buildDocx(["正文"]);
    await expectIntakeError(extractText(docx.subarray(0, Math.floor(docx.length / 2)), "截断.docx"), "corrupt_docx");
  });

  it("truncated PDF", async () => {
    const pdf = bytesOf("chinese-notice.pdf");
    const error = await expectIntakeError(extractText(pdf.subarray(0, Math.floor(pdf.length / 2)), "截断.pdf"), "corrupt_pdf");
    expect(error.message).toContain("不完整");
    const broken = new TextEncoder().encode("%PDF-1.7\n1 0 obj garbage endobj\ntrailer <<>>\n%%EOF\n");
    await expectIntakeError(extractText(broken, "损坏.pdf"), "corrupt_pdf");
  });

  it("30 MB upload, and a configurable limit", async () => {
    const big = new Uint8Array(30 * 1024 * 1024).fill(0x41);
    const error = await expectIntakeError(extractText(big, "大文件.pdf"), "too_large");
    expect(error.message).toContain("30.0 MB");
    expect(error.message).toContain("20.0 MB");
    await expectIntakeError(extractText(new TextEncoder().encode("一".repeat(2000)), "a.txt", { maxBytes: 1024 }), "too_large");
  });

  it("a file that is not what its extension says", async () => {
    const pdf = bytesOf("chinese-notice.pdf");
    const error = await expectIntakeError(extractText(pdf, "通知.txt"), "type_mismatch");
    expect(error.message).toContain("PDF");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    expect((await expectIntakeError(extractText(png, "通知.pdf"), "type_mismatch")).message).toContain("图片");
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await expectIntakeError(extractText(ole, "通知.docx"), "type_mismatch")).message).toContain(".doc");
    await expectIntakeError(extractText(new TextEncoder().encode("文字"), "通知.doc"), "unsupported_type");
    await expectIntakeError(extractText(new TextEncoder().encode("文字"), "通知.xlsx"), "unsupported_type");
  });

  it("sniffs the type when there is no extension (stdin)", async () => {
    const result = await extractText(bytesOf("chinese-notice.pdf"), "");
    expect(result.format).toBe("pdf");
  });
});
