/**
 * Bounded intake (issue 18 F2, issue 12 "bounded input"): .docx decompression bombs are refused
 * before they expand — whether the zip states the huge size or lies about it —, nesting beyond
 * any real document is refused in one linear pass, a large document is read in slices with the
 * same text as in one piece, and the reading runs in a worker thread with a time limit.
 */
import { afterAll, describe, expect, it } from "vitest";
import { MAX_SOURCE_CHARS } from "~/domain/forms/intake";
import { IntakeError, extractText } from "~/domain/intake/extract-text.server";
import { analyzeTextInWorker, analyzeUploadInWorker, stopIntakeWorker } from "~/features/intake/intake-worker.server";
import { buildDocx } from "../helpers/docx";
import { bombDocx, nestedSdtDocx } from "../helpers/hostile-docx";
import { buildNumberedPlan } from "../helpers/numbered-docx";

afterAll(() => stopIntakeWorker());

async function refusal(promise: Promise<unknown>): Promise<IntakeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof IntakeError) return error;
    throw error;
  }
  throw new Error("expected an IntakeError");
}

describe(".docx expansion limits", () => {
  it("a 200 MB document.xml in a small file is refused from the size the zip states, before it expands", async () => {
    const bomb = await bombDocx();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await refusal(extractText(bomb, "炸弹.docx"));
    expect(error.code).toBe("docx_too_large");
    expect(error.message).toMatch(/“word\/document\.xml”解压后有 200\.0 MB，超过上限 10\.0 MB，已拒收/);
    // nothing near the part's size was ever allocated
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it("the same bomb stating a small size is cut off while inflating", async () => {
    const liar = await bombDocx({ declaredSize: 4096 });
    const error = await refusal(extractText(liar, "伪装.docx"));
    expect(error.code).toBe("docx_too_large");
    expect(error.message).toContain("实际大小与声明不符");
  });

  it("200,000 nested content controls are refused as too deeply nested", async () => {
    const error = await refusal(extractText(await nestedSdtDocx(), "嵌套.docx"));
    expect(error.code).toBe("too_complex");
    expect(error.message).toMatch(/嵌套超过 256 层/);
  });

  it("a document read in many small slices has the same text, list numbers carried across slices", async () => {
    const plan = await buildNumberedPlan();
    const whole = await extractText(plan, "实施方案.docx");
    const sliced = await extractText(plan, "实施方案.docx", { sliceChars: 64 });
    expect(sliced.text).toBe(whole.text);
    expect(whole.text).toContain("一、");
    const paragraphs = Array.from({ length: 400 }, (_, i) => `第${i + 1}段：各部门要认真落实本通知要求。`);
    const long = await buildDocx(paragraphs);
    expect((await extractText(long, "通知.docx", { sliceChars: 1000 })).text).toBe((await extractText(long, "通知.docx")).text);
  });
});

describe("the intake worker thread", () => {
  it("extracts and analyses an upload off the main thread", async () => {
    const result = await analyzeUploadInWorker({ bytes: await buildNumberedPlan(), name: "实施方案.docx" }, { maxBytes: 20 * 1024 * 1024, maxChars: MAX_SOURCE_CHARS });
    expect(result.extracted?.format).toBe("docx");
    expect(result.analysis.parts[0]?.outline.length).toBeGreaterThan(0);
  });

  it("refuses the bomb with the same message", async () => {
    const error = await refusal(analyzeUploadInWorker({ bytes: await bombDocx(), name: "炸弹.docx" }, { maxBytes: 20 * 1024 * 1024, maxChars: MAX_SOURCE_CHARS }));
    expect(error.code).toBe("docx_too_large");
  });

  it("stops a job past its time limit with a Chinese message, and the next job runs", async () => {
    const error = await refusal(analyzeTextInWorker("各部门：\n一、总体要求\n".repeat(2000), { name: "慢文件", maxChars: null, timeLimitMs: 1 }));
    expect(error.code).toBe("timeout");
    expect(error.message).toMatch(/“慢文件”在 1 秒内没有读取完/);
    const next = await analyzeTextInWorker("各部门：\n一、总体要求\n做好工作。", { name: "公文", maxChars: null });
    expect(next.analysis.parts.length).toBeGreaterThan(0);
  });

  it("refuses text over the length limit, saying how long it is and what to do", async () => {
    const error = await refusal(analyzeTextInWorker("字".repeat(MAX_SOURCE_CHARS + 1), { name: "粘贴的文字", maxChars: MAX_SOURCE_CHARS }));
    expect(error.code).toBe("too_large");
    expect(error.message).toBe("“粘贴的文字”的文字有 200,001 个字符，超过上限 200,000 个（约 20 万字）。请拆分成几个文件分别新建，或删去附件、附表后再试。");
  });
});
