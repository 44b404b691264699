/**
 * 新建文件 through its route action, on a real SQLite file: real fixture files (the 博山 notice,
 * a GBK text), a .docx built with jszip, a PDF printed by Chromium, and every kind of bad input.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserSession } from "~/models/auth.server";
import { action, loader } from "~/routes/app.documents.new";
import { launchBrowser } from "../helpers/browser";
import { createSeededTestDb, type TestDb } from "../helpers/db";
import { buildDocx, xmlEscape } from "../helpers/docx";
import { buildNumberedPlan } from "../helpers/numbered-docx";

const root = path.resolve(import.meta.dirname, "../..");
const boshanText = readFileSync(path.join(root, "drizzle/seed/documents/boshan-2020-zwgk-yaodian.txt"));
const gbkNotice = readFileSync(path.join(root, "tests/fixtures/intake/gbk-notice.txt"));
const committedPdf = readFileSync(path.join(root, "tests/fixtures/intake/chinese-notice.pdf"));
// A county 低保 notice printed as a 公文 PDF (scripts/print-fixture-pdf.ts) and the same text as pasted.
const dibaoPdf = readFileSync(path.join(root, "tests/fixtures/intake/dibao-2023-biaozhun.pdf"));
const dibaoText = readFileSync(path.join(root, "tests/fixtures/intake/dibao-2023-biaozhun.txt"), "utf8");

const NOTICE_LINES = [
  "某某县人民政府办公室文件",
  "某政办发〔2021〕7号",
  "某某县人民政府办公室关于印发某某县政务公开工作方案的通知",
  "各乡镇人民政府，县政府各部门：",
  "现将《某某县政务公开工作方案》印发给你们，请认真贯彻落实。",
  "某某县人民政府办公室",
  "2021年3月15日",
  "（此件公开发布）",
];

let t: TestDb;
let printedPdf: Uint8Array;
let docx: Uint8Array;

beforeAll(async () => {
  t = await createSeededTestDb();
  docx = await buildDocx(NOTICE_LINES);
  printedPdf = await printPdf(NOTICE_LINES);
});
afterAll(() => t?.cleanup());

// ------------------------------------------------------------------ helpers


/** A real PDF: Chromium prints an HTML page set in Noto Serif SC (embedded, with a text layer). */
async function printPdf(lines: string[]): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(tmpdir(), "jiedu-intake-pdf-"));
  const browser = await launchBrowser();
  try {
    const css = pathToFileURL(path.join(root, "node_modules/@fontsource/noto-serif-sc/400.css")).href;
    const html = path.join(dir, "notice.html");
    const paragraphs = lines.map((l) => `<p>${xmlEscape(l)}</p>`).join("");
    writeFileSync(
      html,
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><link rel="stylesheet" href="${css}"></head><body style="font-family:'Noto Serif SC';font-size:16pt">${paragraphs}</body></html>`,
    );
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: "networkidle0" });
    await page.evaluate(() => document.fonts.ready);
    return new Uint8Array(await page.pdf({ format: "A4" }));
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function userId(username: string): number {
  const id: unknown = t.db.$client.prepare("select id from users where username = ?").pluck().get(username);
  if (typeof id !== "number") throw new Error(`no user ${username}`);
  return id;
}

async function cookieFor(username: string): Promise<string> {
  const res = await createUserSession(userId(username), "/app");
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
}

const URL_NEW = "http://x/app/documents/new";

function post(cookie: string, body: FormData, headers: Record<string, string> = {}): Request {
  return new Request(URL_NEW, { method: "POST", body, headers: { Cookie: cookie, ...headers } });
}

function uploadForm(bytes: Uint8Array | string, name: string): FormData {
  const form = new FormData();
  form.set("intent", "analyze");
  form.set("file", new File([typeof bytes === "string" ? bytes : new Uint8Array(bytes)], name));
  return form;
}

type Outcome = { status: number; body: Record<string, unknown> | null; location: string | null };

/** Runs the action and flattens its three possible results: data(), a plain object, a redirect. */
async function run(request: Request): Promise<Outcome> {
  try {
    const result: unknown = await action({ request, params: {}, context: {} });
    return flatten(result);
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: { text: await thrown.text() }, location: null };
    throw thrown;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

function flatten(result: unknown): Outcome {
  if (result instanceof Response) return { status: result.status, body: null, location: result.headers.get("Location") };
  if (isRecord(result) && result.type === "DataWithResponseInit" && isRecord(result.data)) {
    const init = isRecord(result.init) ? result.init : {};
    return { status: typeof init.status === "number" ? init.status : 200, body: result.data, location: null };
  }
  if (isRecord(result)) return { status: 200, body: result, location: null };
  throw new Error(`unexpected action result ${String(result)}`);
}

type Review = {
  reviewId: string;
  sourceText: string;
  source: { format: string; name: string; characters: number; pages?: number };
  defaults: Record<string, string>;
  analysis: {
    meta: { title: string; docNumber: { raw: string; wellFormed: boolean; problems?: string[] } | null };
    parts: unknown[];
    facts: unknown[];
    text?: string;
    suggestions: { keyFigures: { value: string; unit: string; label: string }[] };
  };
};

function reviewOf(outcome: Outcome): Review {
  expect(outcome.status).toBe(200);
  expect(outcome.body?.step).toBe("review");
  const review = outcome.body?.review;
  if (!isRecord(review)) throw new Error("no review payload");
  // The payload crosses the wire as JSON: it must survive a round trip unchanged.
  return JSON.parse(JSON.stringify(review));
}

/** Every message the action returned, field and form errors together. */
function errorsOf(outcome: Outcome): string {
  const result = outcome.body?.result;
  if (!isRecord(result) || !isRecord(result.error)) return "";
  return Object.values(result.error)
    .flatMap((v) => (Array.isArray(v) ? v : []))
    .join(" ");
}

const countRows = (table: string): number => {
  const n: unknown = t.db.$client.prepare(`select count(*) from ${table}`).pluck().get();
  return typeof n === "number" ? n : -1;
};
const snapshot = () => ({ documents: countRows("documents"), packages: countRows("packages"), audit: countRows("audit_log") });

function saveForm(review: Review, overrides: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set("intent", "save");
  form.set("reviewId", review.reviewId);
  form.set("sourceText", review.sourceText);
  form.set("sourceName", review.source.name);
  form.set("sourceFormat", review.source.format);
  for (const [k, v] of Object.entries({ ...review.defaults, ...overrides })) form.set(k, v);
  return form;
}

// ------------------------------------------------------------------ tests

describe("step 1: upload or paste → review payload", () => {
  it("the 博山 .txt gives its three-line title, 文号 and outline", async () => {
    const review = reviewOf(await run(post(await cookieFor("drafter"), uploadForm(boshanText, "boshan.txt"))));
    expect(review.defaults.title).toBe("博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知");
    expect(review.defaults.docNumber).toBe("博政办字〔2020〕45号");
    expect(review.defaults.issuer).toBe("博山区人民政府办公室");
    expect(review.defaults.writtenDate).toBe("2020-09-03");
    expect(review.defaults.publicity).toBe("主动公开");
    expect(review.defaults.recipients).toContain("各镇人民政府");
    expect(review.analysis.parts.length).toBe(2);
    expect(review.analysis.facts.length).toBeGreaterThan(0);
    expect(review.analysis.text).toContain("申报材料清单");
    expect(review.sourceText).toBe(boshanText.toString("utf8").replace(/\r\n?/g, "\n"));
  });

  it("a GBK .txt is decoded", async () => {
    const review = reviewOf(await run(post(await cookieFor("drafter"), uploadForm(gbkNotice, "通知.txt"))));
    expect(review.defaults.title).toBe("某某县人民政府办公室关于印发某某县政务公开工作方案的通知");
    expect(review.defaults.docNumber).toBe("某政办发〔2021〕7号");
  });

  it("a .docx built in the test", async () => {
    const review = reviewOf(await run(post(await cookieFor("drafter"), uploadForm(docx, "方案.docx"))));
    expect(review.source.format).toBe("docx");
    expect(review.defaults.title).toBe("某某县人民政府办公室关于印发某某县政务公开工作方案的通知");
    expect(review.defaults.docNumber).toBe("某政办发〔2021〕7号");
    expect(review.defaults.writtenDate).toBe("2021-03-15");
  });

  it("a .docx whose headings Word numbers automatically keeps its 一、（一）1.（1） outline", async () => {
    const review = reviewOf(await run(post(await cookieFor("drafter"), uploadForm(await buildNumberedPlan(), "实施方案.docx"))));
    expect(review.source.format).toBe("docx");
    expect(review.defaults.title).toBe("某某市数字政府建设实施方案");
    expect(review.sourceText).toContain("一、总体要求\n\n（一）基本原则\n\n1.坚持统筹推进。");
    const headings = (nodes: unknown): string[] =>
      Array.isArray(nodes)
        ? nodes.flatMap((n) => (isRecord(n) ? [`${String(n.marker)}${String(n.title)}`, ...headings(n.children)] : []))
        : [];
    const part = review.analysis.parts[0];
    expect(isRecord(part) ? headings(part.outline) : []).toEqual([
      "一、总体要求",
      "（一）基本原则",
      "1.坚持统筹推进",
      "2.坚持便民高效",
      "（1）线上办理",
      "（2）线下办理",
      "（二）发展目标",
      "1.到2025年，政务服务事项全部网上可办",
      "二、主要任务",
      "（一）推进政务服务一网通办",
      "（二）加强数据共享",
      "2.共享数据按需申请",
      "三、保障措施",
    ]);
  });

  it("a PDF printed by Chromium, and the committed PDF", async () => {
    const printed = reviewOf(await run(post(await cookieFor("drafter"), uploadForm(printedPdf, "通知.pdf"))));
    expect(printed.source.format).toBe("pdf");
    expect(printed.defaults.title).toBe("某某县人民政府办公室关于印发某某县政务公开工作方案的通知");
    expect(printed.defaults.docNumber).toBe("某政办发〔2021〕7号");
    const committed = reviewOf(await run(post(await cookieFor("drafter"), uploadForm(committedPdf, "chinese-notice.pdf"))));
    expect(committed.defaults.title).toBe("某某县政务公开工作方案");
    // This PDF carries no 文号; the field is left empty for the officer rather than guessed.
    expect(committed.defaults.docNumber).toBe("");
  });

  it("a PDF and the same text pasted report the same 字数 and the same suggestions", async () => {
    const cookie = await cookieFor("drafter");
    const fromPdf = reviewOf(await run(post(cookie, uploadForm(dibaoPdf, "低保标准.pdf"))));
    const form = new FormData();
    form.set("intent", "analyze");
    // a browser's textarea sends CRLF line ends
    form.set("pastedText", dibaoText.replace(/\n/g, "\r\n"));
    const pasted = reviewOf(await run(post(cookie, form)));
    expect(fromPdf.source).toMatchObject({ format: "pdf", pages: 3 });
    expect(pasted.source.format).toBe("paste");
    // The PDF's text has wrapped lines, page numbers "— 2 —" and justified letter spacing; the
    // count is of the document's characters, not of the extraction's layout.
    expect(fromPdf.sourceText.length).not.toBe(pasted.sourceText.length);
    expect(fromPdf.source.characters).toBe(pasted.source.characters);
    expect(pasted.source.characters).toBe([...dibaoText].filter((ch) => !/\s/.test(ch)).length);
    expect(fromPdf.defaults.title).toBe("临川县民政局临川县财政局关于提高城乡最低生活保障和特困人员救助供养标准的通知");
    expect(fromPdf.analysis.suggestions.keyFigures).toEqual(pasted.analysis.suggestions.keyFigures);
    expect(fromPdf.analysis.suggestions.keyFigures[0]).toMatchObject({ value: "885", unit: "元", label: "城市低保标准（月）" });
  });

  it("pasted text with a wrongly bracketed 文号 reports the problem", async () => {
    const pasted = boshanText.toString("utf8").replace(/博政办字\s*〔\s*2020\s*〕\s*45\s*号/, "博政办字[2020]45号");
    expect(pasted).toContain("博政办字[2020]45号");
    const form = new FormData();
    form.set("intent", "analyze");
    form.set("pastedText", pasted.replace(/\n/g, "\r\n"));
    const review = reviewOf(await run(post(await cookieFor("drafter"), form)));
    expect(review.source.format).toBe("paste");
    expect(review.defaults.docNumber).toBe("博政办字[2020]45号");
    expect(review.analysis.meta.docNumber?.wellFormed).toBe(false);
    expect(review.analysis.meta.docNumber?.problems?.join("")).toMatch(/〔〕|六角括号/);
    expect(review.sourceText).not.toContain("\r");
  });

  it("neither file nor text: a Chinese message saying what to do", async () => {
    const form = new FormData();
    form.set("intent", "analyze");
    const outcome = await run(post(await cookieFor("drafter"), form));
    expect(outcome.status).toBe(400);
    expect(errorsOf(outcome)).toContain("请选择要上传的公文文件");
  });
});

describe("step 2: 保存", () => {
  it("creates the document, its empty package and the audit row, in the drafter's department", async () => {
    const cookie = await cookieFor("drafter");
    const review = reviewOf(await run(post(cookie, uploadForm(boshanText, "boshan.txt"))));
    const before = snapshot();
    const outcome = await run(post(cookie, saveForm(review, { topic: "政务公开" })));
    expect(outcome.status).toBe(302);
    const match = /^\/app\/documents\/(\d+)$/.exec(outcome.location ?? "");
    expect(match).not.toBeNull();
    const id = Number(match?.[1]);
    expect(snapshot()).toEqual({ documents: before.documents + 1, packages: before.packages + 1, audit: before.audit + 1 });

    const doc = t.db.$client.prepare("select * from documents where id = ?").get(id);
    if (!isRecord(doc)) throw new Error("document not saved");
    const zfb = t.db.$client.prepare("select id from departments where code = 'zfb'").pluck().get();
    expect(doc).toMatchObject({
      title: "博山区人民政府办公室关于印发博山区2020年政务公开工作要点的通知",
      doc_number: "博政办字〔2020〕45号",
      doc_agency: "博政办字",
      doc_year: 2020,
      doc_serial: 45,
      issuer: "博山区人民政府办公室",
      written_date: "2020-09-03",
      publicity: "主动公开",
      topic: "政务公开",
      status: "drafting",
      department_id: zfb,
      created_by_id: userId("drafter"),
    });
    // The seed holds zfb/2020-00045 and zfb/2020-00084: the next 索引号 follows the highest.
    expect(doc.index_no).toBe("zfb/2020-00085");
    expect(JSON.parse(String(doc.recipients))).toEqual(["各镇人民政府", "街道办事处", "开发区管委会", "区政府有关部门", "有关单位"]);
    expect(doc.original_text).toBe(review.sourceText);
    expect(doc.normalized_text).toBe(review.analysis.text);
    const structure: unknown = JSON.parse(String(doc.structure));
    if (!isRecord(structure)) throw new Error("no structure");
    expect(structure.text).toBeUndefined();
    // the review screen shows the outline without node bodies (reviewAnalysis); the stored one has them
    const withoutBodies = (nodes: unknown): unknown =>
      Array.isArray(nodes) ? nodes.map((n) => (isRecord(n) ? { ...n, text: "", children: withoutBodies(n.children) } : n)) : nodes;
    const storedParts = Array.isArray(structure.parts) ? structure.parts.map((p) => (isRecord(p) ? { ...p, outline: withoutBodies(p.outline) } : p)) : null;
    expect(storedParts).toEqual(review.analysis.parts);
    expect(structure).toMatchObject({ meta: { title: review.analysis.meta.title }, facts: review.analysis.facts });
    expect(Object.keys(structure).sort()).toEqual(["facts", "meta", "parts", "responsibilities", "suggestions"]);

    const pkg = t.db.$client.prepare("select * from packages where document_id = ?").get(id);
    if (!isRecord(pkg)) throw new Error("package not created");
    expect(JSON.parse(String(pkg.plan))).toEqual({
      forms: [],
      channels: [],
      interpreterId: userId("head"),
      interpreterName: "陈主任",
      plannedRelease: null,
    });
    expect(JSON.parse(String(pkg.sections))).toEqual({});
    expect(countRows(`qa_items where package_id = ${Number(pkg.id)}`)).toBe(0);

    const audit = t.db.$client.prepare("select * from audit_log where document_id = ? order by id").all(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "document.created", actor_id: userId("drafter"), package_id: pkg.id, to_state: "drafting" });
  });

  it("what the officer edited is what is saved; a second save takes the next 索引号", async () => {
    const cookie = await cookieFor("drafter2");
    const review = reviewOf(await run(post(cookie, uploadForm(gbkNotice, "通知.txt"))));
    const outcome = await run(
      post(cookie, saveForm(review, { title: "某某县政务公开工作方案（修订）", docNumber: "某政办发[2021]7号", recipients: "各乡镇人民政府\n县直各部门", writtenDate: "2021-03-16", publicity: "依申请公开" })),
    );
    expect(outcome.status).toBe(302);
    const id = Number(outcome.location?.split("/").pop());
    const doc = t.db.$client.prepare("select * from documents where id = ?").get(id);
    const fgj = t.db.$client.prepare("select id from departments where code = 'fgj'").pluck().get();
    expect(doc).toMatchObject({
      title: "某某县政务公开工作方案（修订）",
      doc_number: "某政办发[2021]7号",
      doc_agency: "某政办发",
      doc_year: 2021,
      written_date: "2021-03-16",
      publicity: "依申请公开",
      department_id: fgj,
      index_no: "fgj/2021-00001",
    });
    expect(JSON.parse(String(isRecord(doc) ? doc.recipients : "null"))).toEqual(["各乡镇人民政府", "县直各部门"]);
    // 谁起草谁解读: the head of fgj (刘局长) is the package's first interpreter; its key figures
    // and timeline start from the suggestions of the analysis.
    const pkg = t.db.$client.prepare("select plan, key_figures, timeline from packages where document_id = ?").get(id);
    const head = t.db.$client.prepare("select id from users where username = 'head2'").pluck().get();
    expect(JSON.parse(String(isRecord(pkg) ? pkg.plan : "null"))).toMatchObject({ interpreterId: head, interpreterName: "刘局长" });
    const analysed = t.db.$client.prepare("select json_extract(structure, '$.suggestions.keyFigures') from documents where id = ?").pluck().get(id);
    const suggested: unknown = JSON.parse(String(analysed));
    const stored: unknown = JSON.parse(String(isRecord(pkg) ? pkg.key_figures : "null"));
    expect(Array.isArray(suggested) && Array.isArray(stored) ? stored.length : -1).toBe(Array.isArray(suggested) ? Math.min(suggested.length, 12) : -2);

    const again = await run(post(cookie, saveForm(review)));
    const second = t.db.$client.prepare("select index_no from documents where id = ?").pluck().get(Number(again.location?.split("/").pop()));
    expect(second).toBe("fgj/2021-00002");
  });

  it("invalid metadata keeps the review screen and everything typed; nothing is saved", async () => {
    const cookie = await cookieFor("drafter");
    const review = reviewOf(await run(post(cookie, uploadForm(boshanText, "boshan.txt"))));
    const before = snapshot();
    const outcome = await run(post(cookie, saveForm(review, { title: "", writtenDate: "2020-13-45", issuer: "我改过的机关", publicity: "" })));
    expect(outcome.status).toBe(422);
    expect(outcome.body?.step).toBe("review");
    const errors = errorsOf(outcome);
    expect(errors).toContain("请填写标题");
    expect(errors).toContain("成文日期应为有效日期");
    expect(errors).toContain("请选择公开属性");
    const result = outcome.body?.result;
    expect(isRecord(result) && isRecord(result.initialValue) ? result.initialValue.issuer : null).toBe("我改过的机关");
    const again = outcome.body?.review;
    expect(isRecord(again) ? again.reviewId : null).toBe(review.reviewId);
    expect(isRecord(again) ? again.sourceText : null).toBe(review.sourceText);
    expect(snapshot()).toEqual(before);
  });

  it("a save without the carried text goes back to step 1 with a message", async () => {
    const cookie = await cookieFor("drafter");
    const review = reviewOf(await run(post(cookie, uploadForm(boshanText, "boshan.txt"))));
    const before = snapshot();
    const outcome = await run(post(cookie, saveForm(review, { sourceText: "   " })));
    expect(outcome.status).toBe(400);
    expect(outcome.body?.step).toBe("upload");
    expect(errorsOf(outcome)).toContain("请返回第一步重新上传或粘贴");
    expect(snapshot()).toEqual(before);
  });
});

describe("permissions", () => {
  it("a reviewer gets 403 on the page and on both steps; nothing is written", async () => {
    const cookie = await cookieFor("reviewer");
    const before = snapshot();
    try {
      await loader({ request: new Request(URL_NEW, { headers: { Cookie: cookie } }), params: {}, context: {} });
      throw new Error("loader should refuse");
    } catch (thrown) {
      expect(thrown).toBeInstanceOf(Response);
      if (thrown instanceof Response) {
        expect(thrown.status).toBe(403);
        expect(await thrown.text()).toContain("只有起草人可以新建文件");
      }
    }
    const analyze = await run(post(cookie, uploadForm(boshanText, "boshan.txt")));
    expect(analyze.status).toBe(403);
    const drafterReview = reviewOf(await run(post(await cookieFor("drafter"), uploadForm(boshanText, "boshan.txt"))));
    const save = await run(post(cookie, saveForm(drafterReview)));
    expect(save.status).toBe(403);
    expect(String(save.body?.text)).toContain("只有起草人可以新建文件");
    expect(snapshot()).toEqual(before);
  });

  it("signed out: redirected to sign-in", async () => {
    const outcome = await run(new Request(URL_NEW, { method: "POST", body: uploadForm(boshanText, "boshan.txt") }));
    expect(outcome.status).toBe(302);
  });
});

describe("bad input: a clear Chinese message each, documents unchanged", () => {
  async function refused(form: FormData, headers: Record<string, string> = {}): Promise<{ status: number; message: string }> {
    const before = snapshot();
    const outcome = await run(post(await cookieFor("drafter"), form, headers));
    expect(outcome.body?.step).toBe("upload");
    expect(snapshot()).toEqual(before);
    const message = errorsOf(outcome);
    expect(message).toMatch(/[\u4e00-\u9fff]/);
    expect(message).toMatch(/请/);
    return { status: outcome.status, message };
  }

  it("an empty file", async () => {
    const r = await refused(uploadForm(new Uint8Array(0), "空白.txt"));
    expect(r.status).toBe(422);
    expect(r.message).toContain("空文件");
  });

  it("binary garbage with a .txt name", async () => {
    const bytes = new Uint8Array(4096);
    let x = 7;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      bytes[i] = x & 0xff;
    }
    const r = await refused(uploadForm(bytes, "通知.txt"));
    expect(r.status).toBe(422);
    expect(r.message).toContain("不是文本");
  });

  it("a 0-byte .docx", async () => {
    const r = await refused(uploadForm(new Uint8Array(0), "方案.docx"));
    expect(r.message).toContain("空文件");
  });

  it("a truncated PDF", async () => {
    const r = await refused(uploadForm(printedPdf.subarray(0, Math.floor(printedPdf.length / 2)), "截断.pdf"));
    expect(r.status).toBe(422);
    expect(r.message).toContain("不完整");
  });

  it("an unsupported .doc", async () => {
    const r = await refused(uploadForm(docx, "旧格式.doc"));
    expect(r.status).toBe(400);
    expect(r.message).toContain("另存为");
  });

  it("a 30 MB upload declared in Content-Length is refused before its body is read", async () => {
    const form = uploadForm(new Uint8Array(30 * 1024 * 1024), "大文件.pdf");
    const body = new Response(form);
    const type = body.headers.get("Content-Type") ?? "";
    const bytes = new Uint8Array(await body.arrayBuffer());
    let pulled = 0;
    // A body that records how much was read: a refusal from the header reads nothing.
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= bytes.length) return controller.close();
        const chunk = bytes.subarray(pulled, pulled + 65536);
        pulled += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const before = snapshot();
    const request = new Request(URL_NEW, {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: { Cookie: await cookieFor("drafter"), "Content-Type": type, "Content-Length": String(bytes.length) },
    });
    const outcome = await run(request);
    expect(outcome.status).toBe(413);
    expect(errorsOf(outcome)).toContain("超过上限 20 MB");
    expect(errorsOf(outcome)).toContain("30 MB");
    expect(pulled).toBeLessThanOrEqual(65536 * 2);
    expect(snapshot()).toEqual(before);
  });

  it("a 30 MB upload without Content-Length is cut off while streaming", async () => {
    const r = await refused(uploadForm(new Uint8Array(30 * 1024 * 1024), "大文件.pdf"));
    expect(r.status).toBe(413);
    expect(r.message).toContain("超过上限 20 MB");
  });

  it("a file just over the limit but within the body allowance gets the exact sizes", async () => {
    const r = await refused(uploadForm(new Uint8Array(20 * 1024 * 1024 + 300 * 1024), "略大.pdf"));
    expect(r.status).toBe(413);
    expect(r.message).toContain("20.3 MB");
  });
});
