/**
 * Reads the layout of a 公文 from its paragraphs (GB/T 9704): the head (份号, 密级, 版头 "…文件",
 * 文号, title, 主送机关), the body, the signature (发文机关 + 成文日期 + 公开属性), the documents a
 * 印发通知 wraps, and the 版记 (抄送, 印发机关 + 印发日期).
 *
 * Map of the flow:
 *   1. head: skip marks, take the 文号 and the title (a run of title-like paragraphs that ends
 *      with a 文种 word such as 通知/办法/要点), then the 主送机关 ending in "：";
 *   2. signature: the first date-only paragraph after the head, the organisation name above it
 *      and the "（此件公开发布）" line below it — together they close the cover notice;
 *   3. 版记: "抄送：" and "…印发" at the very end;
 *   4. whatever lies between the signature and the 版记 is split into attached documents, each
 *      starting with a title-like paragraph (optionally after an "附件2" label) that is either
 *      named in the cover notice or followed by a fresh 一、/第一章.
 * Nothing here depends on particular wording beyond these structural conventions.
 */
import { parseChineseDate } from "./dates";
import { parseDocNumber } from "./doc-number";
import { matchMarker } from "./markers";
import { isDateLine, isPageNumberLine } from "./normalize";
import type { DocNumber, DocumentMeta } from "./types";

export type Paragraph = { index: number; text: string; start: number; end: number };

export type PartLayout = {
  /** "正文", "附件1" …; null when the document has a single part */
  label: string | null;
  title: string;
  /** [start, end) offsets of everything that belongs to the part */
  start: number;
  end: number;
  /** the paragraphs whose headings make up the outline */
  body: Paragraph[];
};

export type Layout = { meta: DocumentMeta; parts: PartLayout[] };

export function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === "\n") {
      if (i > start) paragraphs.push({ index: paragraphs.length, text: text.slice(start, i), start, end: i });
      start = i + 1;
    }
  }
  return paragraphs;
}

const DOC_TYPE_END =
  /(?:通知|通报|意见|决定|办法|规定|方案|要点|报告|请示|批复|函|纪要|公告|通告|命令|决议|议案|细则|规划|计划|条例|指引|指南|措施|规则|清单|目录|标准|制度|章程|守则|公报|安排|分工|规范|导则|解读|答复)$/;

/** Ends with a 文种 word, ignoring a trailing "（试行）" / "（征求意见稿）". */
export function endsWithDocType(text: string): boolean {
  return DOC_TYPE_END.test(text.replace(/[（(][^（）()]{1,8}[）)]$/, "").replace(/[”」》]$/, ""));
}

const PUBLICITY = /^[（(](此件[^（）()]{1,12})[）)]$/;
const PUBLICITY_FIELD = /^(?:公开方式|公开属性)[:：](.{1,12})$/;
const PRINT_LINE = /^(.*?)((?:\d{4}|[〇零一二三四五六七八九]{4})年[\d〇零一二三四五六七八九十]{1,3}月[\d〇零一二三四五六七八九十]{1,3}日)印发$/;
const ISSUER_MARK = /^(.{2,30}?)文件$/;

function isMarkLine(t: string): boolean {
  return /^\d{6}$/.test(t) || (/^(?:绝密|机密|秘密)/.test(t) && t.length <= 12) || /^(?:特急|加急|特提|平急)$/.test(t);
}

function docNumberIn(t: string): DocNumber | null {
  return parseDocNumber(t.replace(/签发人[:：].*$/, ""));
}

/** Could be (a line of) a title: no heading marker, no sentence punctuation, not a date. */
function isTitleLike(t: string, strict: boolean): boolean {
  if (t.length < 2 || t.length > 120) return false;
  if (matchMarker(t) || isDateLine(t) || PUBLICITY.test(t) || isPageNumberLine(t)) return false;
  if (/[。；;！!？?]/.test(t) || /[，、：:,]$/.test(t)) return false;
  if (strict && /[，：:,]/.test(t)) return false;
  return true;
}

/** A short organisation name standing on its own line (signature, 印发机关). */
function isOrgName(t: string): boolean {
  return t.length >= 2 && t.length <= 40 && !/[，。；：、,;:]/.test(t) && !matchMarker(t) && !isDateLine(t);
}

function splitList(text: string): string[] {
  return text
    .split(/[，、,；;]/)
    .map((s) => s.replace(/[。：:]$/, "").trim())
    .filter((s) => s.length > 0);
}

function nameKey(name: string): string {
  return name.replace(/[《》“”"\s]/g, "");
}

export function readLayout(text: string, paras: Paragraph[]): Layout {
  const n = paras.length;

  // 1. head
  let issuerMark: string | null = null;
  let docNumber: DocNumber | null = null;
  const skip = new Set<number>();
  const candidates: number[] = [];
  let firstBody = n;
  for (let i = 0; i < Math.min(n, 15); i++) {
    const t = paras[i].text;
    if (isMarkLine(t) || t.startsWith("签发人")) {
      skip.add(i);
      continue;
    }
    const mark = ISSUER_MARK.exec(t);
    if (mark && !/[，。；：]/.test(t) && candidates.length === 0) {
      issuerMark = mark[1];
      skip.add(i);
      continue;
    }
    const dn: DocNumber | null = docNumber ? null : docNumberIn(t);
    if (dn) {
      docNumber = dn;
      skip.add(i);
      continue;
    }
    if (t.includes("。") || matchMarker(t) || /[：:]$/.test(t) || t.length > 120) {
      firstBody = i;
      break;
    }
    if (isTitleLike(t, false)) candidates.push(i);
    else {
      firstBody = i;
      break;
    }
  }
  const { title, titleIdx } = chooseTitle(paras, candidates);

  let bodyStart = titleIdx.length > 0 ? titleIdx[titleIdx.length - 1] + 1 : 0;
  while (bodyStart < n && skip.has(bodyStart)) bodyStart++;
  if (titleIdx.length === 0) bodyStart = Math.min(firstBody, n);
  // 主送机关: up to three short paragraphs right after the title, the last ending in "：".
  let recipients: string[] = [];
  for (let k = bodyStart, seen = 0; k < n && seen < 3; k++) {
    if (skip.has(k)) continue;
    const t = paras[k].text;
    if (t.includes("。") || matchMarker(t) || t.length > 300) break;
    seen++;
    if (/[：:]$/.test(t)) {
      const block: string[] = [];
      for (let j = bodyStart; j <= k; j++) if (!skip.has(j)) block.push(paras[j].text);
      recipients = splitList(block.join("，"));
      bodyStart = k + 1;
      break;
    }
  }
  while (bodyStart < n && skip.has(bodyStart)) bodyStart++;

  // 2. signature of the cover notice
  let dateIdx = -1;
  for (let k = bodyStart; k < n; k++) {
    if (isDateLine(paras[k].text) && !paras[k].text.endsWith("印发")) {
      dateIdx = k;
      break;
    }
  }
  let issuerIdx = -1;
  let publicity: string | null = null;
  let coverEnd = -1;
  if (dateIdx >= 0) {
    coverEnd = dateIdx;
    if (dateIdx - 1 >= bodyStart && isOrgName(paras[dateIdx - 1].text)) issuerIdx = dateIdx - 1;
    for (let k = dateIdx + 1; k < Math.min(n, dateIdx + 3); k++) {
      const m = PUBLICITY.exec(paras[k].text) ?? PUBLICITY_FIELD.exec(paras[k].text);
      if (!m) break;
      publicity = m[1];
      coverEnd = k;
    }
  }

  // 3. 版记 at the end
  let tailStart = n;
  let cc: string[] = [];
  let printedDate: string | null = null;
  for (let k = n - 1; k >= Math.max(coverEnd + 1, n - 6, 0); k--) {
    const t = paras[k].text;
    const print = PRINT_LINE.exec(t);
    if (print && printedDate === null) {
      printedDate = parseChineseDate(print[2]);
      tailStart = k;
      if (print[1] === "" && k - 1 > coverEnd && isOrgName(paras[k - 1].text)) {
        tailStart = k - 1;
        k--;
      }
      continue;
    }
    const ccMatch = /^抄送[:：](.*)$/.exec(t);
    if (ccMatch) {
      cc = splitList(ccMatch[1]);
      tailStart = k;
      continue;
    }
    if (printedDate !== null || cc.length > 0) break;
  }

  // Attachment list inside the cover notice ("附件：1.…").
  const listed: string[] = [];
  const listIdx = new Set<number>();
  const coverBodyEnd = issuerIdx >= 0 ? issuerIdx : dateIdx >= 0 ? dateIdx : tailStart;
  for (let k = bodyStart; k < coverBodyEnd; k++) {
    const m = /^附件[:：](.*)$/.exec(paras[k].text);
    if (!m) continue;
    listIdx.add(k);
    if (m[1]) listed.push(cleanAttachmentName(m[1]));
    for (let j = k + 1; j < coverBodyEnd; j++) {
      const t = paras[j].text;
      const mk = matchMarker(t);
      if (!mk || mk.kind !== "l3" || t.includes("。")) break;
      listIdx.add(j);
      listed.push(cleanAttachmentName(t.slice(mk.marker.length)));
    }
    break;
  }

  // 4. attached documents
  const names = new Set<string>(listed.map(nameKey));
  const isWrapper = /印发|转发|颁布|发布/.test(title);
  if (isWrapper) {
    for (let k = bodyStart; k < Math.min(coverBodyEnd, bodyStart + 3); k++) {
      for (const m of paras[k].text.matchAll(/《([^《》]{2,80})》/g)) names.add(nameKey(m[1]));
    }
    const wrapped = /(?:印发|转发|颁布|发布)(.{2,}?)的(?:通知|决定|通告|公告)/.exec(title);
    if (wrapped) names.add(nameKey(wrapped[1]));
  }

  const attachments: { label: string; title: string; titlePara: number; firstBody: number }[] = [];
  if (coverEnd >= 0) {
    let pendingLabel: string | null = null;
    for (let k = coverEnd + 1; k < tailStart; k++) {
      const t = paras[k].text;
      const label = /^附件\s*(\d*)[:：]?$/.exec(t);
      if (label) {
        pendingLabel = `附件${label[1] || attachments.length + 1}`;
        continue;
      }
      const atRegionStart = k === coverEnd + 1 || (pendingLabel !== null && attachments.length === 0);
      if (!isTitleLike(t, true)) {
        pendingLabel = null;
        continue;
      }
      const starts =
        atRegionStart ||
        pendingLabel !== null ||
        names.has(nameKey(t)) ||
        (endsWithDocType(t) && opensFreshOutline(paras, k + 1, tailStart));
      if (!starts) continue;
      attachments.push({
        label: pendingLabel ?? `附件${attachments.length + 1}`,
        title: t,
        titlePara: k,
        firstBody: k + 1,
      });
      pendingLabel = null;
    }
  }

  // Parts and their body paragraphs.
  const signatureIdx = new Set<number>();
  if (issuerIdx >= 0) signatureIdx.add(issuerIdx);
  if (dateIdx >= 0) for (let k = dateIdx; k <= coverEnd; k++) signatureIdx.add(k);
  const parts: PartLayout[] = [];
  const coverBodyLast = attachments.length > 0 ? attachments[0].titlePara - 1 : tailStart - 1;
  const coverBody: Paragraph[] = [];
  for (let k = bodyStart; k <= coverBodyLast; k++) {
    if (!signatureIdx.has(k) && !listIdx.has(k) && !skip.has(k)) coverBody.push(paras[k]);
  }
  const textEnd = tailStart < n ? paras[tailStart].start : text.length;
  parts.push({
    label: attachments.length > 0 ? "正文" : null,
    title,
    start: 0,
    end: attachments.length > 0 ? paras[attachments[0].titlePara].start : textEnd,
    body: coverBody,
  });
  attachments.forEach((a, i) => {
    const last = i + 1 < attachments.length ? attachments[i + 1].titlePara - 1 : tailStart - 1;
    const body: Paragraph[] = [];
    for (let k = a.firstBody; k <= last; k++) if (!/^附件\s*\d*[:：]?$/.test(paras[k].text)) body.push(paras[k]);
    parts.push({
      label: a.label,
      title: a.title,
      start: paras[a.titlePara].start,
      end: i + 1 < attachments.length ? paras[attachments[i + 1].titlePara].start : textEnd,
      body,
    });
  });

  const issuer =
    issuerIdx >= 0
      ? paras[issuerIdx].text
      : (issuerMark ?? (/^(.{2,40}?)关于/.exec(title)?.[1] || null));
  const meta: DocumentMeta = {
    title,
    docNumber,
    issuer,
    date: dateIdx >= 0 ? parseChineseDate(paras[dateIdx].text) : null,
    recipients,
    publicity,
    attachments: attachments.length > 0 ? attachments.map((a) => a.title) : listed,
    cc,
    printedDate,
  };
  return { meta, parts };
}

function cleanAttachmentName(raw: string): string {
  return raw
    .replace(/^\d+[.．、]\s*/, "")
    .replace(/^《(.*)》$/, "$1")
    .replace(/[。；;，,]$/, "")
    .trim();
}

/** The title is the first run of title-like head paragraphs that ends with a 文种 word. */
function chooseTitle(paras: Paragraph[], candidates: number[]): { title: string; titleIdx: number[] } {
  if (candidates.length === 0) return { title: "", titleIdx: [] };
  for (let a = 0; a < candidates.length; a++) {
    const run: number[] = [];
    for (let b = a; b < candidates.length && b < a + 4; b++) {
      if (b > a && candidates[b] !== candidates[b - 1] + 1) break;
      run.push(candidates[b]);
      const joined = run.map((k) => paras[k].text).join("");
      if (endsWithDocType(joined)) return { title: joined, titleIdx: run };
    }
  }
  const withAbout = candidates.find((k) => paras[k].text.includes("关于"));
  const k = withAbout ?? candidates[0];
  return { title: paras[k].text, titleIdx: [k] };
}

/** After a would-be title: a preamble or nothing, then the first heading of a new outline. */
function opensFreshOutline(paras: Paragraph[], from: number, to: number): boolean {
  for (let k = from; k < Math.min(to, from + 3); k++) {
    const m = matchMarker(paras[k].text);
    if (m) return m.ordinal === 1 && (m.kind === "l1" || m.kind === "chapter" || m.kind === "article");
  }
  return false;
}
