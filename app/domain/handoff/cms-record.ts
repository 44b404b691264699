/**
 * One published document and its interpretation as a CMS import record — the single mapping the
 * hand-off uses everywhere (the webhook body, the bundle's metadata.json, the feeds' extensions),
 * so a county's TRS / Hanweb (大汉) / 开普云 importer is configured once. The Chinese field each key
 * fills is in CMS_FIELD_LABELS and docs/cms-handoff.md.
 */
import type { DocumentPart } from "~/domain/analysis/types";
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import { clauseAnchorId } from "~/domain/public/clause-anchor";

export type CmsDocumentInput = {
  id: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  indexNo: string | null;
  writtenDate: string | null;
  publishedDate: string | null;
  publishedAt: string;
  validity: keyof typeof VALIDITY_LABELS;
  topic: string | null;
  publicity: string | null;
  parts: DocumentPart[];
};

export type CmsInterpretationInput = { publishedAt: string; interpreterName: string | null; forms: string[] } | null;

export type CmsRecord = {
  id: string;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  writtenDate: string | null;
  publishedDate: string | null;
  indexNo: string | null;
  topic: string | null;
  validity: string;
  publicity: string | null;
  /** the document page (正文) */
  url: string;
  /** the static bundle (ZIP) for import */
  bundleUrl: string;
  /** 附件: the attached documents inside the notice, each with its anchor in the body */
  attachments: { title: string; url: string }[];
  /** 解读关联 */
  interpretation: { title: string; url: string; publishedAt: string; interpreter: string | null; forms: string[] } | null;
};

export const CMS_FIELD_LABELS: Record<string, string> = {
  title: "标题",
  docNumber: "文号（发文字号）",
  issuer: "发文机关",
  writtenDate: "成文日期",
  publishedDate: "发布日期",
  indexNo: "索引号",
  topic: "主题分类",
  validity: "有效性",
  publicity: "公开方式",
  url: "正文（页面地址）",
  bundleUrl: "导入包（ZIP）",
  attachments: "附件",
  interpretation: "解读关联",
};

/** The attached documents: every part after the cover notice that has a title. */
export function attachmentsOf(parts: DocumentPart[]): { title: string; anchor: string }[] {
  return parts.slice(1).flatMap((p, i) => (p.title.trim() ? [{ title: p.title.trim(), anchor: clauseAnchorId([`附件${i + 1}`]) }] : []));
}

/** `base` is the public site's address without a trailing slash (https://www.example.gov.cn). */
export function cmsRecord(base: string, doc: CmsDocumentInput, jd: CmsInterpretationInput): CmsRecord {
  const url = `${base}/zhengce/${doc.id}`;
  return {
    id: `${base}/zhengce/${doc.id}`,
    title: doc.title,
    docNumber: doc.docNumber,
    issuer: doc.issuer,
    writtenDate: doc.writtenDate,
    publishedDate: doc.publishedDate,
    indexNo: doc.indexNo,
    topic: doc.topic,
    validity: VALIDITY_LABELS[doc.validity],
    publicity: doc.publicity,
    url,
    bundleUrl: `${url}/bundle.zip`,
    attachments: attachmentsOf(doc.parts).map((a) => ({ title: a.title, url: `${url}#${a.anchor}` })),
    interpretation: jd
      ? { title: `《${doc.title}》政策解读`, url: `${base}/jiedu/${doc.id}`, publishedAt: jd.publishedAt, interpreter: jd.interpreterName, forms: jd.forms }
      : null,
  };
}
