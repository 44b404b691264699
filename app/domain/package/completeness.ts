/**
 * Completeness rules for an interpretation package — what evaluators keep finding missing.
 * Pure: the caller passes the document text (for the 摘抄 measure) and the configured minimum
 * number of Q&A (settings "qa.minCount").
 */
import { type PackageContent, REQUIRED_SECTIONS, SECTION_LABELS } from "./content";
import { DEFAULT_WARN_SHARE, type OverlapResult, formatShare, measureOverlap } from "./overlap";
import { htmlToPlainText } from "./sanitize-html";

export type CompletenessCheck = {
  key: "sections" | "qa" | "visual" | "altText" | "copying";
  label: string;
  ok: boolean;
  /** what is missing and what to do, in Chinese */
  message: string;
};

export type Completeness = {
  ok: boolean;
  checks: CompletenessCheck[];
  overlap: OverlapResult;
};

export type CompletenessOptions = {
  documentText: string;
  qaMinCount?: number;
  warnShare?: number;
};

export const DEFAULT_QA_MIN = 3;

/** All text sections as plain text, the thing compared with the document. */
export function interpretationText(content: PackageContent): string {
  return Object.values(content.sections)
    .filter((v): v is string => typeof v === "string")
    .map(htmlToPlainText)
    .join("\n");
}

export function checkCompleteness(content: PackageContent, options: CompletenessOptions): Completeness {
  const qaMin = options.qaMinCount ?? DEFAULT_QA_MIN;
  const warnShare = options.warnShare ?? DEFAULT_WARN_SHARE;
  const checks: CompletenessCheck[] = [];

  const missing = REQUIRED_SECTIONS.filter((key) => !htmlToPlainText(content.sections[key] ?? "").trim());
  checks.push({
    key: "sections",
    label: "文字解读必填部分",
    ok: missing.length === 0,
    message: missing.length === 0 ? "起草背景、制定依据、出台目的、主要内容、适用范围均已填写。" : `请填写：${missing.map((k) => SECTION_LABELS[k]).join("、")}。`,
  });

  const answered = content.qa.filter((q) => q.question.trim() && q.answer.trim()).length;
  checks.push({
    key: "qa",
    label: `简明问答不少于 ${qaMin} 条`,
    ok: answered >= qaMin,
    message: answered >= qaMin ? `已有 ${answered} 条问答。` : `目前 ${answered} 条完整问答，还需 ${qaMin - answered} 条。`,
  });

  const visuals = content.charts.length + content.graphics.length;
  checks.push({
    key: "visual",
    label: "至少一个图表或图解",
    ok: visuals > 0,
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
    message: noAlt.length === 0 ? "每个图表和图解都有替代文字。" : `${noAlt.join("、")}缺少替代文字，请点“生成替代文字”或自行填写。`,
  });

  const overlap = measureOverlap(interpretationText(content), options.documentText);
  const copying = overlap.total > 0 && overlap.share >= warnShare;
  checks.push({
    key: "copying",
    label: "不是原文摘抄",
    ok: !copying,
    message: copying
      ? `文字解读有 ${formatShare(overlap.share)} 与原文相同，请用通俗语言解释背景、目的和变化，而不是摘抄原文。`
      : overlap.total > 0
        ? `与原文重复 ${formatShare(overlap.share)}。`
        : "尚未填写文字解读。",
  });

  return { ok: checks.every((c) => c.ok), checks, overlap };
}
