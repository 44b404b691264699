/**
 * Completeness rules for an interpretation package — what evaluators keep finding missing, and
 * the hard gate (F9: 文件不解读不公开，解读不达标不公开). Pure: the caller passes the document
 * text (for the 摘抄 measure), the document's metadata, the configured minimum number of Q&A
 * (settings "qa.minCount") and, where it has them, the 审校 error count of the saved package.
 *
 * Honest counting: a section or answer that is empty or still generated stand-in text
 * (placeholders.ts) counts as missing, and the Q&A minimum counts real answers only.
 *
 *   checkCompleteness   every check, for the editor's panel (required ones marked)
 *   submissionBlockers  the required checks that fail, as sentences — the workflow refuses to
 *                       submit or publish while there is one, the exporter refuses to start
 */
import { type PackageContent } from "./content";
import { DEFAULT_QA_MIN, DEFAULT_WARN_SHARE } from "~/domain/settings";
import { type OverlapResult, formatShare, measureOverlap } from "./overlap";
import { type PlaceholderHit, placeholderHits, placeholderIn } from "./placeholders";
import { htmlToPlainText } from "./sanitize-html";
import { REQUIRED_SECTIONS, SECTION_LABELS } from "~/domain/vocabulary";

export type CompletenessCheck = {
  key: "metadata" | "sections" | "qa" | "placeholders" | "checks" | "visual" | "altText" | "copying";
  label: string;
  ok: boolean;
  /** true: submission, export and publishing wait for it; false: a recommendation */
  required: boolean;
  /** what is missing and what to do, in Chinese */
  message: string;
  /** the first field to fix, for "去修改" (a content path such as "sections.purpose") */
  field?: string;
};

export type Completeness = {
  ok: boolean;
  checks: CompletenessCheck[];
  overlap: OverlapResult;
};

/** The document's own fields an image and the public page print. */
export type DocumentMetaFields = { title: string; docNumber: string | null; issuer: string | null; writtenDate: string | null };

export type CompletenessOptions = {
  documentText: string;
  qaMinCount?: number;
  warnShare?: number;
  /** the document's metadata; its check is left out when absent */
  document?: DocumentMetaFields;
  /** 审校 errors of the saved package; its check is left out when unknown */
  checkErrors?: number;
};

export { DEFAULT_QA_MIN };

/** All text sections as plain text, the thing compared with the document. */
export function interpretationText(content: PackageContent): string {
  return Object.values(content.sections)
    .filter((v): v is string => typeof v === "string")
    .map(htmlToPlainText)
    .join("\n");
}

/** Which of 标题、文号、发文机关、成文日期 are missing (or, for the date, not a yyyy-mm-dd date). */
export function missingDocumentMeta(doc: DocumentMetaFields): string[] {
  const missing: string[] = [];
  if (!doc.title?.trim()) missing.push("标题");
  if (!doc.docNumber?.trim()) missing.push("文号");
  if (!doc.issuer?.trim()) missing.push("发文机关");
  if (!doc.writtenDate || !/^\d{4}-\d{2}-\d{2}$/.test(doc.writtenDate)) missing.push("成文日期");
  return missing;
}

type SectionState = { key: (typeof REQUIRED_SECTIONS)[number]; state: "empty" | "placeholder" };

function requiredSectionGaps(content: PackageContent): SectionState[] {
  return REQUIRED_SECTIONS.flatMap((key): SectionState[] => {
    const text = htmlToPlainText(content.sections[key] ?? "").trim();
    if (!text) return [{ key, state: "empty" }];
    return placeholderIn(text) ? [{ key, state: "placeholder" }] : [];
  });
}

/** A Q&A that says something: both parts written, neither a generated stand-in. */
export function isRealAnswer(q: { question: string; answer: string }): boolean {
  return q.question.trim() !== "" && q.answer.trim() !== "" && !placeholderIn(q.question) && !placeholderIn(q.answer);
}

function sectionsMessage(gaps: SectionState[]): string {
  const empty = gaps.filter((g) => g.state === "empty").map((g) => SECTION_LABELS[g.key]);
  const generated = gaps.filter((g) => g.state === "placeholder").map((g) => `“${SECTION_LABELS[g.key]}”`);
  return [
    empty.length ? `请填写：${empty.join("、")}。` : "",
    generated.length ? `${generated.join("、")}还是自动生成的占位文字，请改写成解读内容。` : "",
  ].join("");
}

function placeholdersMessage(hits: PlaceholderHit[]): string {
  const where = hits.slice(0, 4).map((h) => h.where);
  const found = [...new Set(hits.map((h) => h.found))].slice(0, 2).map((f) => `“${f}”`);
  return `${where.join("、")}${hits.length > 4 ? ` 等 ${hits.length} 处` : ""}还有自动生成的文字（${found.join("、")}），不能发布：请改写成解读内容，并删掉草稿标记。`;
}

export function checkCompleteness(content: PackageContent, options: CompletenessOptions): Completeness {
  const qaMin = options.qaMinCount ?? DEFAULT_QA_MIN;
  const warnShare = options.warnShare ?? DEFAULT_WARN_SHARE;
  const checks: CompletenessCheck[] = [];

  if (options.document) {
    const missing = missingDocumentMeta(options.document);
    checks.push({
      key: "metadata",
      label: "文件信息完整",
      ok: missing.length === 0,
      required: true,
      message: missing.length === 0 ? "标题、文号、发文机关、成文日期均已填写。" : `请在文件页填写${missing.join("、")}（图片和公开页面都要印出）。`,
    });
  }

  const gaps = requiredSectionGaps(content);
  checks.push({
    key: "sections",
    label: "文字解读必填部分",
    ok: gaps.length === 0,
    required: true,
    message: gaps.length === 0 ? "起草背景、制定依据、出台目的、主要内容、适用范围均已填写。" : sectionsMessage(gaps),
    ...(gaps[0] ? { field: `sections.${gaps[0].key}` } : {}),
  });

  const real = content.qa.filter(isRealAnswer).length;
  const drafts = content.qa.length - real;
  checks.push({
    key: "qa",
    label: `简明问答不少于 ${qaMin} 条`,
    ok: real >= qaMin,
    required: true,
    message:
      real >= qaMin
        ? `已有 ${real} 条问答。`
        : `目前 ${real} 条写好的问答，还需 ${qaMin - real} 条${drafts > 0 ? `（另有 ${drafts} 条未写完或还是生成的占位文字，不计入）` : ""}。`,
    ...(real < qaMin ? { field: "qa" } : {}),
  });

  const hits = placeholderHits(content).filter((h) => !gaps.some((g) => h.field === `sections.${g.key}`));
  checks.push({
    key: "placeholders",
    label: "没有未改写的生成文字",
    ok: hits.length === 0,
    required: true,
    message: hits.length === 0 ? "没有“请起草单位补充”“（草稿：…）”等占位文字。" : placeholdersMessage(hits),
    ...(hits[0] ? { field: hits[0].field } : {}),
  });

  if (options.checkErrors !== undefined) {
    checks.push({
      key: "checks",
      label: "审校没有错误",
      ok: options.checkErrors === 0,
      required: true,
      message: options.checkErrors === 0 ? "上次保存的内容审校未发现错误。" : `审校发现 ${options.checkErrors} 处错误（红色标出），请按提示修改后保存。`,
    });
  }

  const visuals = content.charts.length + content.graphics.length;
  checks.push({
    key: "visual",
    label: "至少一个图表或图解",
    ok: visuals > 0,
    required: false,
    message: visuals > 0 ? `已有图表 ${content.charts.length} 个、图解 ${content.graphics.length} 张。` : "请添加至少一个图表或图解，避免“形式单一”。",
  });

  const noAlt = [
    ...content.charts.flatMap((c, i) => (c.altText?.trim() ? [] : [`图表 ${i + 1}`])),
    ...content.graphics.flatMap((g, i) => (g.altText?.trim() ? [] : [`图解 ${i + 1}`])),
  ];
  checks.push({
    key: "altText",
    label: "图表和图解都有替代文字",
    ok: noAlt.length === 0,
    required: false,
    message: noAlt.length === 0 ? "每个图表和图解都有替代文字。" : `${noAlt.join("、")}缺少替代文字，请点“生成替代文字”或自行填写。`,
  });

  const overlap = measureOverlap(interpretationText(content), options.documentText);
  const copying = overlap.total > 0 && overlap.share >= warnShare;
  checks.push({
    key: "copying",
    label: "不是原文摘抄",
    ok: !copying,
    required: false,
    message: copying
      ? `文字解读有 ${formatShare(overlap.share)} 与原文相同，请用通俗语言解释背景、目的和变化，而不是摘抄原文。`
      : overlap.total > 0
        ? `与原文重复 ${formatShare(overlap.share)}。`
        : "尚未填写文字解读。",
  });

  return { ok: checks.every((c) => c.ok), checks, overlap };
}

/**
 * What keeps a package from being submitted (and published, and exported), each a sentence
 * naming what to fill in: the document's metadata, the required sections and the Q&A minimum
 * with real content, and no generated stand-in text anywhere. Empty when it may go.
 */
export function submissionBlockers(content: PackageContent, doc: DocumentMetaFields, options: { qaMinCount?: number } = {}): string[] {
  const result = checkCompleteness(content, { documentText: "", qaMinCount: options.qaMinCount, document: doc });
  return result.checks.filter((c) => c.required && !c.ok).map((c) => `${c.label}：${c.message}`);
}
