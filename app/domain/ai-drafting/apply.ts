/**
 * What accepting a suggestion writes into the package — never over the officer's text without
 * their explicit choice: a target that is empty is filled ("采纳"); one that holds text offers
 * "替换现有内容" (and, for a section, "追加到末尾"), and nothing else changes it. Q&A are always
 * added; forms and channels of the plan are only ever added to.
 *
 * Returns the new content and the content paths the model's text went to ("sections.basis",
 * "qa[4]", "charts[0].title"), which the save records as AI-generated (labelling and audit).
 */
import { chartAltText, chartDataTable } from "~/domain/package/charts";
import type { ChartContent, PackageContent } from "~/domain/package/content";
import { LIMITS } from "~/domain/package/schema";
import { htmlToPlainText, plainTextToHtml } from "~/domain/package/sanitize-html";
import { TEMPLATE_IDS, type TemplateId } from "~/domain/vocabulary";
import type { Suggestion, SuggestionPart } from "./types";
import { slotsWithTexts } from "./slots";
import { generatedGraphicTexts } from "~/domain/package/graphic-texts";

export type AcceptMode = "fill" | "replace" | "append";

export const ACCEPT_MODE_LABELS: Record<AcceptMode, string> = { fill: "采纳", replace: "替换现有内容", append: "追加到末尾" };

const textOf = (s: Suggestion, key: string) => s.parts.find((p) => p.key === key)?.text.trim() ?? "";
const paragraphs = (s: Suggestion) => s.parts.filter((p) => p.key.startsWith("p")).map((p) => p.text.trim()).filter(Boolean);

/** What the target holds now (to show beside a "替换" and to decide the modes), or "" when empty. */
export function currentText(content: PackageContent, s: Suggestion): string {
  const t = s.target;
  switch (t.kind) {
    case "plan":
      return content.plan.outline?.trim() ?? "";
    case "section":
      return htmlToPlainText(content.sections[t.key] ?? "").trim();
    case "qa":
      return "";
    case "keyFigure": {
      const k = t.index === null ? undefined : content.keyFigures[t.index];
      return k ? `${k.value}${k.unit ?? ""} ${k.label}` : "";
    }
    case "chart": {
      const c = t.index === null ? undefined : content.charts[t.index];
      return c ? [c.title, c.altText ?? ""].filter((x) => x.trim()).join("\n") : "";
    }
    case "graphic":
      return t.index !== null && content.graphics[t.index] ? "（现有图解的文字）" : "";
  }
}

export function acceptModes(content: PackageContent, s: Suggestion): AcceptMode[] {
  if (s.target.kind === "qa") return ["fill"];
  if (s.target.kind === "keyFigure" && s.target.index === null) return ["fill"];
  if (s.target.kind === "chart" && s.target.index === null) return ["fill"];
  if (s.target.kind === "graphic" && s.target.index === null) return ["fill"];
  if (!currentText(content, s)) return ["fill"];
  return s.target.kind === "section" ? ["replace", "append"] : ["replace"];
}

export type ApplyResult = { ok: true; content: PackageContent; fields: string[] } | { ok: false; message: string };

function isTemplateId(v: string): v is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(v);
}

function answerClauses(parts: SuggestionPart[]): string[][] {
  return (parts.find((p) => p.key === "answer")?.clauses ?? []).slice(0, 10);
}

export function applySuggestion(content: PackageContent, s: Suggestion, mode: AcceptMode): ApplyResult {
  if (!acceptModes(content, s).includes(mode)) return { ok: false, message: "这一项已有内容，请选择“替换现有内容”或保留原内容。" };
  const t = s.target;
  switch (t.kind) {
    case "plan": {
      const forms = [...new Set([...content.plan.forms, ...(s.plan?.forms ?? [])])];
      const channels = [...new Set([...content.plan.channels, ...(s.plan?.channels ?? [])])];
      const outline = textOf(s, "outline");
      return { ok: true, content: { ...content, plan: { ...content.plan, outline, forms, channels } }, fields: ["plan.outline", "plan.forms", "plan.channels"] };
    }
    case "section": {
      const html = plainTextToHtml(paragraphs(s).join("\n\n"));
      const existing = content.sections[t.key] ?? "";
      const next = mode === "append" ? `${existing}${html}` : html;
      return { ok: true, content: { ...content, sections: { ...content.sections, [t.key]: next } }, fields: [`sections.${t.key}`] };
    }
    case "qa": {
      if (content.qa.length >= LIMITS.qa) return { ok: false, message: `问答最多 ${LIMITS.qa} 条，请先删去不需要的问答。` };
      const qa = [...content.qa, { question: textOf(s, "question"), answer: textOf(s, "answer"), clauseRefs: answerClauses(s.parts) }];
      return { ok: true, content: { ...content, qa }, fields: [`qa[${qa.length - 1}]`] };
    }
    case "keyFigure": {
      const figure = { value: textOf(s, "value"), unit: textOf(s, "unit") || null, label: textOf(s, "label") };
      if (t.index !== null && content.keyFigures[t.index]) {
        const keyFigures = content.keyFigures.map((k, i) => (i === t.index ? figure : k));
        return { ok: true, content: { ...content, keyFigures }, fields: [`keyFigures[${t.index}]`] };
      }
      if (content.keyFigures.length >= LIMITS.keyFigures) return { ok: false, message: `关键数字最多 ${LIMITS.keyFigures} 个，请先删去不需要的。` };
      return { ok: true, content: { ...content, keyFigures: [...content.keyFigures, figure] }, fields: [`keyFigures[${content.keyFigures.length}]`] };
    }
    case "chart": {
      const title = textOf(s, "title");
      const altText = textOf(s, "altText");
      if (t.index !== null) {
        if (!content.charts[t.index]) return { ok: false, message: "这个图表已被删除，无法采纳这条建议。" };
        const charts = content.charts.map((c, i) => (i === t.index ? { ...c, title, ...(altText ? { altText } : {}) } : c));
        return { ok: true, content: { ...content, charts }, fields: [`charts[${t.index}].title`, ...(altText ? [`charts[${t.index}].altText`] : [])] };
      }
      if (!t.chart) return { ok: false, message: "这条图表建议缺少数据，无法采纳。" };
      if (content.charts.length >= LIMITS.charts) return { ok: false, message: `图表最多 ${LIMITS.charts} 个，请先删去不需要的图表。` };
      const base: ChartContent = { type: t.chart.type, title, subtitle: null, unit: t.chart.unit, source: t.chart.source, palette: "standard", data: t.chart.data };
      const chart: ChartContent = { ...base, altText: altText || chartAltText(base), dataTable: chartDataTable(base) };
      const index = content.charts.length;
      return { ok: true, content: { ...content, charts: [...content.charts, chart] }, fields: [`charts[${index}].title`, `charts[${index}].altText`] };
    }
    case "graphic": {
      if (!isTemplateId(t.templateId)) return { ok: false, message: "这条图解建议的模板不存在，无法采纳。" };
      const existing = t.index === null ? undefined : content.graphics[t.index];
      if (t.index !== null && !existing) return { ok: false, message: "这张图解已被删除，无法采纳这条建议。" };
      const slots = slotsWithTexts(existing?.slots ?? t.slots, s.parts);
      const texts = generatedGraphicTexts(t.templateId, slots);
      const graphic = { templateId: t.templateId, templateVersion: existing?.templateVersion ?? t.templateVersion, slots, altText: texts?.altText ?? existing?.altText ?? null, longDescription: texts?.longDescription ?? existing?.longDescription ?? null };
      if (existing && t.index !== null) {
        const graphics = content.graphics.map((g, i) => (i === t.index ? { ...g, ...graphic } : g));
        return { ok: true, content: { ...content, graphics }, fields: [`graphics[${t.index}].slots`] };
      }
      if (content.graphics.length >= LIMITS.graphics) return { ok: false, message: `图解最多 ${LIMITS.graphics} 张，请先删去不需要的图解。` };
      return { ok: true, content: { ...content, graphics: [...content.graphics, graphic] }, fields: [`graphics[${content.graphics.length}].slots`] };
    }
  }
}
