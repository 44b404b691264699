/**
 * A stored package as the exporter's `PackageData`, for `jiedu export` and the export job.
 *
 * `draftPackageData` (the 图解 editor's projection) fills gaps with placeholders and cuts long
 * texts, which is right for a starter graphic but wrong for images that go public: an export must
 * not print "（待填写）", "文号待定", a generated "请起草单位补充" or a made-up date, nor silently
 * drop half an answer. So this first lists what is missing, still generated, or too long for the
 * cards (Chinese, saying what to fix), and only a complete package is projected —
 * through `draftPackageData`, so the editor preview and the export never disagree — with the
 * department's colours and logo, and validated again by the exporter's own schema.
 *
 * The saved 图解 go along as they are (template, slot values, alt text, long description), in
 * editor order: the exporter renders each with its own template and names its files by position
 * and fingerprint (`tujie-<n>-…`), which is how the public page finds them again.
 */
import { type PackageData, type PackageTheme, parsePackageData } from "~/domain/package-data";
import { templateRegistry } from "../../../templates/registry";
import { isRealAnswer, missingDocumentMeta } from "./completeness";
import { type PackageContent } from "./content";
import { validateChartRows } from "./charts";
import { type DraftDocument, draftPackageData } from "./package-data-draft";
import { placeholderHits, placeholderIn } from "./placeholders";
import { htmlToPlainText } from "./sanitize-html";
import { REQUIRED_SECTIONS, SECTION_LABELS } from "~/domain/vocabulary";

export type DepartmentBranding = { themeColor: string | null; logoDataUri: string | null };

export type ExportDataResult = { ok: true; data: PackageData } | { ok: false; issues: string[] };

/** The exporter's bounds for the text it takes from the package (app/domain/package-data.ts). */
const SECTION_MAX: Record<(typeof REQUIRED_SECTIONS)[number], number> = { background: 800, basis: 600, purpose: 600, measures: 2000, scope: 600 };
const QUESTION_MAX = 80;
const HEX = /^#[0-9a-fA-F]{6}$/;
const ANSWER_MAX = 1500;
const MAX_QA = 30;
const MAX_CHARTS = 8;
const CHART_ROWS_MAX = 24;

/** What keeps a package from becoming images, each a sentence saying what to do. */
export function exportBlockers(content: PackageContent, doc: DraftDocument): string[] {
  const issues: string[] = [];
  const missingMeta = missingDocumentMeta(doc);
  if (missingMeta.length > 0) issues.push(`文件信息缺少${missingMeta.join("、")}，请先在文件页填写后再导出（图片上要印出，不能用“待定”或当天日期代替）。`);
  for (const key of REQUIRED_SECTIONS) {
    const text = htmlToPlainText(content.sections[key] ?? "");
    const label = SECTION_LABELS[key];
    const generated = placeholderIn(text);
    if (!text) issues.push(`“${label}”还没有填写，请在解读材料中补充后再导出。`);
    else if (generated) issues.push(`“${label}”还是自动生成的占位文字（“${generated}”），请改写后再导出。`);
    else if (text.length > SECTION_MAX[key]) issues.push(`“${label}”有 ${text.length} 字，图片最多容纳 ${SECTION_MAX[key]} 字，请精简后再导出。`);
  }
  const complete = content.qa.filter(isRealAnswer);
  if (complete.length === 0) issues.push("还没有完整的简明问答（问题和回答都要填写），请至少写一条后再导出。");
  for (const hit of placeholderHits(content)) {
    if (hit.field.startsWith("sections.") && REQUIRED_SECTIONS.some((k) => hit.field === `sections.${k}`)) continue;
    issues.push(`${hit.where}还是自动生成的占位文字（“${hit.found}”），请改写或删除后再导出。`);
  }
  if (complete.length > MAX_QA) issues.push(`简明问答有 ${complete.length} 条，图片最多 ${MAX_QA} 条，请合并或删减后再导出。`);
  content.qa.forEach((q, i) => {
    if (q.question.trim().length > QUESTION_MAX) issues.push(`第 ${i + 1} 条问答的问题有 ${q.question.trim().length} 字，最多 ${QUESTION_MAX} 字，请精简。`);
    if (q.answer.trim().length > ANSWER_MAX) issues.push(`第 ${i + 1} 条问答的回答有 ${q.answer.trim().length} 字，最多 ${ANSWER_MAX} 字，请精简或拆成两条。`);
  });
  content.charts.forEach((c, i) => {
    const name = c.title.trim() ? `图表 ${i + 1}“${c.title.trim()}”` : `图表 ${i + 1}`;
    if (!c.title.trim()) issues.push(`图表 ${i + 1} 还没有标题，请在“图表”中填写后再导出。`);
    const cells = validateChartRows(c);
    if (cells.length > 0) issues.push(`${name}的数据有误（${cells[0].message}），请在“图表”中修改后再导出。`);
    else if (c.data.length > CHART_ROWS_MAX) issues.push(`${name}有 ${c.data.length} 行数据，图片最多 ${CHART_ROWS_MAX} 行，请合并或删减后再导出。`);
  });
  if (content.charts.length > MAX_CHARTS) issues.push(`图表有 ${content.charts.length} 个，图片最多 ${MAX_CHARTS} 个，请删减后再导出。`);
  content.graphics.forEach((g, i) => {
    const def = Object.entries(templateRegistry).find(([id]) => id === g.templateId)?.[1];
    if (!def) {
      issues.push(`第 ${i + 1} 张图解的模板“${g.templateId}”已不存在，请在“图解”中换一个模板后再导出。`);
      return;
    }
    if (!def.slots.safeParse(g.slots).success) issues.push(`第 ${i + 1} 张图解（${def.name}）的内容不符合模板要求（可能为空或过长），请在“图解”中修改后再导出。`);
  });
  return issues;
}

/** The package theme with the department's colour (the logo is added by the caller). */
export function brandedTheme(theme: PackageTheme, branding: DepartmentBranding): PackageTheme {
  return {
    ...theme,
    ...(branding.logoDataUri ? { logo: branding.logoDataUri } : {}),
    ...(branding.themeColor && HEX.test(branding.themeColor) ? { colors: { primary: branding.themeColor } } : {}),
  };
}

export function exportPackageData(content: PackageContent, doc: DraftDocument, branding: DepartmentBranding): ExportDataResult {
  const blockers = exportBlockers(content, doc);
  if (blockers.length > 0) return { ok: false, issues: blockers };
  const draft = draftPackageData(content, doc);
  if (!draft.ok) return { ok: false, issues: draft.issues.map((i) => `${i.path}：${i.message}`) };
  const theme = brandedTheme(draft.data.theme, branding);
  const templateGraphics = content.graphics.map((g) => ({
    templateId: g.templateId,
    templateVersion: g.templateVersion,
    slots: g.slots,
    ...(g.altText ? { altText: g.altText } : {}),
    ...(g.longDescription ? { longDescription: g.longDescription } : {}),
  }));
  const branded = parsePackageData({ ...draft.data, theme, templateGraphics });
  if (!branded.ok) return { ok: false, issues: branded.issues.map((i) => `${i.path}：${i.message}${i.path.startsWith("theme") ? "（单位标志或主题色，请管理员在单位设置中修改）" : ""}`) };
  return branded;
}
