/**
 * The evidence pack (考核佐证材料) of one document, as a ZIP for the assessment file:
 *
 *   manifest.txt          清单: what each file is, with its SHA-256
 *   document.txt          the document's metadata and text
 *   interpretation.html   the interpretation (as published, else the current draft), self-contained
 *   interpretation.pdf    the same HTML printed by Chromium (A4, bundled Noto fonts)
 *   audit-trail.csv       the audit trail (the workflow's CSV format: BOM, formula-safe)
 *   images/<zip>          the published image pack, when an export exists
 *
 * File names are ASCII on purpose: older Windows unzip tools garble UTF-8 names; the manifest
 * carries the Chinese descriptions.
 *
 * Chromium: the server's shared, bounded pool (the export worker's browsers); the page gets its
 * own browser context; every request except the page itself and the bundled fonts is aborted,
 * and the page's CSP has no script-src, so nothing in it can run.
 *
 * Who gets what (the route checks it): a public (published) document's pack holds the
 * publication — the document's frozen fields and the published interpretation — for the
 * assessment office (dashboard.view) and anyone who may see the document; any other document's
 * pack (a draft, a withdrawn one) only for those who may see the document (document.view).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { eq, sql } from "drizzle-orm";
import JSZip from "jszip";
import { type Db, getDb } from "~/db/client.server";
import { departments, documents, packages } from "~/db/schema";
import { localDate } from "~/domain/dashboard/period";
import { type Actor, can } from "~/domain/permissions";
import { readPublishedDocument } from "~/domain/public/document-snapshot";
import { formsPresent, type PackageContent } from "~/domain/package/content";
import { RENDER_ORIGIN } from "~/render/assets.server";
import { printPdfOn } from "~/render/browser.server";
import { withSharedPool } from "~/render/shared-pool.server";
import { auditTrailForDocument } from "~/models/audit.server";
import { loadPackageContent } from "~/features/package/index.server";
import { getPublicInterpretation } from "~/features/publish/index.server";
import { publicExportZip } from "~/features/publish/index.server";
import { publishedOnly } from "~/features/publish/index.server";
import { auditCsv } from "~/domain/audit-csv";
import { FORM_LABELS, SECTION_LABELS, STATE_LABELS } from "~/domain/vocabulary";
import { MEDIA_KIND_LABELS } from "~/domain/vocabulary";

export const EVIDENCE_FILES = {
  manifest: "manifest.txt",
  document: "document.txt",
  html: "interpretation.html",
  pdf: "interpretation.pdf",
  audit: "audit-trail.csv",
} as const;

export type EvidenceDocument = {
  id: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  departmentId: number;
  departmentName: string;
  status: keyof typeof STATE_LABELS;
  writtenDate: string | null;
  publishedAt: string | null;
  indexNo: string | null;
  interpretationRequired: boolean;
  noInterpretationReason: string | null;
  text: string;
  packageId: number | null;
  packagePublishedAt: string | null;
  /** public right now (the public site's rule): the fields above are the publication's, frozen at publish */
  isPublic: boolean;
};

/**
 * The document as the evidence pack describes it: for a public document its published fields
 * (documents.published_document — a correction's edits stay out), else the live row.
 */
export function evidenceDocument(documentId: number, db: Db = getDb()): EvidenceDocument | null {
  const row = db
    .select({
      id: documents.id,
      title: documents.title,
      docNumber: documents.docNumber,
      issuer: documents.issuer,
      departmentId: documents.departmentId,
      departmentName: departments.name,
      status: documents.status,
      writtenDate: documents.writtenDate,
      publishedAt: documents.publishedAt,
      indexNo: documents.indexNo,
      interpretationRequired: documents.interpretationRequired,
      noInterpretationReason: documents.noInterpretationReason,
      normalizedText: documents.normalizedText,
      originalText: documents.originalText,
      publishedDocument: documents.publishedDocument,
      isPublic: sql<number>`${publishedOnly()}`,
      packageId: packages.id,
      packagePublishedAt: packages.publishedAt,
    })
    .from(documents)
    .innerJoin(departments, eq(departments.id, documents.departmentId))
    .leftJoin(packages, eq(packages.documentId, documents.id))
    .where(eq(documents.id, documentId))
    .get();
  if (!row) return null;
  const { normalizedText, originalText, publishedDocument, isPublic, ...rest } = row;
  const frozen = isPublic ? readPublishedDocument(publishedDocument) : null;
  const live = { ...rest, text: normalizedText || originalText, isPublic: Boolean(isPublic) };
  if (!frozen) return live;
  return { ...live, title: frozen.title, docNumber: frozen.docNumber, issuer: frozen.issuer, writtenDate: frozen.writtenDate, indexNo: frozen.indexNo, text: frozen.normalizedText };
}

/** Who may download the pack: see the file comment. */
export function mayDownloadEvidence(user: Actor, doc: EvidenceDocument): boolean {
  if (can(user, "document.view", { departmentId: doc.departmentId }).ok) return true;
  return doc.isPublic && can(user, "dashboard.view").ok;
}

// ---------------------------------------------------------------------------------------------
// HTML

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Light HTML of a section → plain paragraphs (tags dropped, entities decoded), then escaped. */
function paragraphs(lightHtml: string): string {
  const text = lightHtml
    .replace(/<\s*(br|\/p|\/li|\/h\d|\/div)\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("\n");
}

const CSP = `default-src 'none'; font-src ${RENDER_ORIGIN}; style-src 'unsafe-inline' ${RENDER_ORIGIN}; img-src data:`;

/** The interpretation as one self-contained, script-free HTML page (user text always escaped). */
export function interpretationHtml(doc: EvidenceDocument, content: PackageContent | null, source: "published" | "draft" | "none"): string {
  const e = escapeHtml;
  const parts: string[] = [];
  const meta = [
    ["文件", doc.title],
    ["文号", doc.docNumber ?? "—"],
    ["起草单位", doc.departmentName],
    ["文件发布时间", doc.publishedAt ? `${localDate(doc.publishedAt) ?? doc.publishedAt}` : "未发布"],
    ["解读发布时间", doc.packagePublishedAt ? `${localDate(doc.packagePublishedAt) ?? doc.packagePublishedAt}` : "未发布"],
    ["材料来源", source === "published" ? "已发布版本" : source === "draft" ? "当前草稿（尚未发布）" : "无解读材料"],
  ];
  parts.push(`<h1>${e(doc.title)}</h1><p class="sub">政策解读</p>`);
  parts.push(`<table class="meta">${meta.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join("")}</table>`);
  if (!doc.interpretationRequired) parts.push(`<p class="note">本文件经负责人签批无需解读。理由：${e(doc.noInterpretationReason ?? "—")}</p>`);
  if (!content) {
    parts.push(`<p class="note">本文件没有解读材料。</p>`);
  } else {
    const forms = formsPresent(content);
    parts.push(`<p class="note">解读形式：${forms.length ? forms.map((f) => e(FORM_LABELS[f])).join("、") : "无"}</p>`);
    for (const [key, label] of Object.entries(SECTION_LABELS)) {
      const value = Object.entries(content.sections).find(([k]) => k === key)?.[1];
      if (typeof value === "string" && value.trim()) parts.push(`<h2>${e(label)}</h2>\n${paragraphs(value)}`);
    }
    if (content.qa.length) {
      parts.push("<h2>简明问答</h2>");
      content.qa.forEach((q, i) => {
        parts.push(`<h3>${i + 1}. ${e(q.question)}</h3>\n${paragraphs(q.answer)}`);
      });
    }
    if (content.charts.length) {
      parts.push("<h2>图表</h2>");
      for (const c of content.charts) {
        const rows = c.data.map((r) => `<tr><td>${e(r.series ? `${r.series} · ${r.label}` : r.label)}</td><td class="num">${e(String(r.value))}${e(c.unit ?? "")}</td></tr>`).join("");
        parts.push(`<h3>${e(c.title)}</h3>${c.altText ? `<p>${e(c.altText)}</p>` : ""}<table class="data"><thead><tr><th>项目</th><th>数值</th></tr></thead><tbody>${rows}</tbody></table>${c.source ? `<p class="sub">数据来源：${e(c.source)}</p>` : ""}`);
      }
    }
    if (content.graphics.length) {
      parts.push("<h2>图解</h2>");
      content.graphics.forEach((g, i) => {
        parts.push(`<h3>图解 ${i + 1}</h3><p>${e(g.altText ?? "（无替代文字）")}</p>${g.longDescription ? paragraphs(g.longDescription) : ""}`);
      });
    }
    if (content.cases.length) {
      parts.push("<h2>案例说明</h2>");
      for (const c of content.cases) parts.push(`<h3>${e(c.title)}</h3><p><strong>情形：</strong>${e(c.situation)}</p><p><strong>说明：</strong>${e(c.explanation)}</p>`);
    }
    if (content.media.length) {
      parts.push("<h2>发布会、视频和负责人解读</h2><ul>");
      for (const m of content.media)
        parts.push(
          `<li>${e(MEDIA_KIND_LABELS[m.kind])}${m.date ? `，${e(m.date)}` : ""}${m.speaker ? `，${e(m.speaker)}${m.speakerIsHead ? "（主要负责人）" : ""}` : ""}${m.link ? `，${e(m.link)}` : ""}</li>`,
        );
      parts.push("</ul>");
    }
  }
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>${e(doc.title)} · 政策解读</title>
<link rel="stylesheet" href="${RENDER_ORIGIN}/fonts.css">
<style>
body { font-family: "Noto Sans SC", sans-serif; font-size: 11pt; line-height: 1.75; color: #111; max-width: 46em; margin: 0 auto; padding: 1em; }
h1, h2, h3 { font-family: "Noto Serif SC", "Noto Sans SC", serif; font-weight: 700; line-height: 1.4; }
h1 { font-size: 18pt; text-align: center; margin-bottom: .2em; } h2 { font-size: 14pt; margin-top: 1.4em; border-bottom: 1px solid #999; } h3 { font-size: 12pt; }
.sub { text-align: center; color: #555; } .note { background: #f4f4f4; padding: .4em .8em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; } th, td { border: 1px solid #999; padding: .25em .5em; text-align: left; vertical-align: top; }
table.meta th { width: 8em; background: #f4f4f4; } td.num { text-align: right; }
</style></head>
<body>
${parts.join("\n")}
</body></html>
`;
}

// ---------------------------------------------------------------------------------------------
// PDF

/** More evidence PDFs than this waiting for the shared browsers → "busy, try again" (503). */
export const MAX_PENDING_PRINTS = 6;
let pendingPrints = 0;

export class EvidenceBusyError extends Error {
  constructor() {
    super("正在生成的佐证材料较多，请稍等一分钟后再下载。");
    this.name = "EvidenceBusyError";
  }
}

/**
 * Prints self-contained HTML to an A4 PDF on the server's shared, bounded browser pool (the
 * export worker's browsers; app/render/shared-pool.server.ts) — never a browser per request.
 */
export async function printPdf(html: string): Promise<Uint8Array> {
  if (pendingPrints >= MAX_PENDING_PRINTS) throw new EvidenceBusyError();
  pendingPrints += 1;
  try {
    return await withSharedPool(async (pool) => (await pool()).run((worker) => printPdfOn(worker, html)));
  } finally {
    pendingPrints -= 1;
  }
}

// ---------------------------------------------------------------------------------------------
// The pack

export type EvidencePack = { zip: Uint8Array<ArrayBuffer>; files: string[]; fileName: string; asciiFileName: string };

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

function documentText(doc: EvidenceDocument): string {
  const lines = [
    `标题：${doc.title}`,
    `文号：${doc.docNumber ?? "—"}`,
    `发文机关：${doc.issuer ?? "—"}`,
    `起草单位：${doc.departmentName}`,
    `索引号：${doc.indexNo ?? "—"}`,
    `成文日期：${doc.writtenDate ?? "—"}`,
    `发布时间：${doc.publishedAt ?? "未发布"}`,
    `状态：${STATE_LABELS[doc.status]}`,
    "",
    "——正文——",
    "",
    doc.text || "（尚无正文）",
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * Builds the ZIP. `print` is injectable so a caller can reuse a browser; by default one Chromium
 * is launched for the PDF and closed again.
 */
export async function buildEvidencePack(documentId: number, options: { db?: Db; print?: (html: string) => Promise<Uint8Array> } = {}): Promise<EvidencePack | null> {
  const db = options.db ?? getDb();
  const doc = evidenceDocument(documentId, db);
  if (!doc) return null;

  // A public document's pack is its publication, never the correction being drafted.
  const published = doc.isPublic ? getPublicInterpretation(documentId) : null;
  const draft = !doc.isPublic && doc.packageId ? loadPackageContent(db, doc.packageId) : null;
  const content = published?.content ?? draft;
  const source = published ? "published" : draft ? "draft" : "none";
  const html = interpretationHtml(doc, content, source);
  const pdf = await (options.print ?? printPdf)(html);
  const audit = auditCsv(auditTrailForDocument(db, documentId));
  const text = documentText(doc);

  const zip = new JSZip();
  const entries: { name: string; description: string; data: string | Uint8Array }[] = [
    { name: EVIDENCE_FILES.document, description: "文件正文及元数据（文本）", data: text },
    { name: EVIDENCE_FILES.html, description: `解读材料（网页，${source === "published" ? "已发布版本" : source === "draft" ? "当前草稿" : "无解读材料"}）`, data: html },
    { name: EVIDENCE_FILES.pdf, description: "解读材料（PDF，由 Chromium 打印）", data: pdf },
    { name: EVIDENCE_FILES.audit, description: "操作记录（CSV，UTF-8，可用 Excel/WPS 打开）", data: audit },
  ];
  const pack = publicExportZip(documentId);
  let imageNote = "图片包：尚未导出新媒体图片，或解读材料尚未发布。";
  if (pack) {
    try {
      const data = readFileSync(pack.path);
      const name = `images/${pack.downloadName}`;
      entries.push({ name, description: "新媒体图片包（ZIP）", data });
      imageNote = `图片包：${name}`;
      // the videos travel inside the image pack (app/render/video), with their captions and posters
      if (published?.video) imageNote += `\r\n视频解读：图片包中的 ${published.video.file}（${published.video.seconds} 秒，字幕 ${published.video.vttFile}、${published.video.srtFile}，封面 ${published.video.posterFile}）`;
    } catch {
      imageNote = "图片包：导出记录存在，但文件已不在服务器上，请重新导出。";
    }
  }
  for (const entry of entries) zip.file(entry.name, entry.data);

  const manifest = [
    `考核佐证材料清单`,
    `文件：${doc.title}`,
    `文号：${doc.docNumber ?? "—"}`,
    `起草单位：${doc.departmentName}`,
    `生成时间：${new Date().toISOString()}`,
    "",
    ...entries.map((f) => `${f.name}\t${f.description}\tSHA-256 ${sha256(f.data)}`),
    "",
    imageNote,
  ].join("\r\n");
  zip.file(EVIDENCE_FILES.manifest, `\uFEFF${manifest}\r\n`);

  const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 6 } });
  return {
    zip: new Uint8Array(bytes),
    files: [EVIDENCE_FILES.manifest, ...entries.map((f) => f.name)],
    fileName: `考核佐证材料-${doc.docNumber ?? doc.id}.zip`,
    asciiFileName: `evidence-${doc.id}.zip`,
  };
}
