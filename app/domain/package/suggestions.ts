/**
 * "从文件生成初稿": the analyzer's suggestions merged into a package. The rule is that nothing the
 * user wrote is replaced unless they confirm: empty sections are filled, suggested Q&A and charts
 * are appended when no item with the same question/title exists, key figures and the timeline
 * are filled when the package has none, and every section that already has text is reported as a
 * conflict instead (applied only with `overwrite: true`). A section draft that would only say
 * "请起草单位补充" is not written: the section stays empty and the completeness panel asks for it.
 */
import type { Analysis, ChartSuggestion, QaSuggestion } from "~/domain/analysis/types";
import { chartAltText, chartDataTable, validateChartRows } from "./charts";
import { startingFigures } from "./key-figures";
import { withoutPlaceholders } from "./placeholders";
import { type ChartContent, type PackageContent } from "./content";
import { htmlToPlainText, plainTextToHtml } from "./sanitize-html";
import { SECTION_LABELS } from "~/domain/vocabulary";
import { type PackageSections } from "~/domain/package/content";

export type MergeResult = {
  content: PackageContent;
  /** what was added, in Chinese, for the notice after applying */
  applied: string[];
  /** sections left alone because they already had text (overwritten when `overwrite`) */
  conflicts: (keyof PackageSections)[];
};

const TOPIC_TO_SECTION: Record<string, keyof PackageSections> = {
  背景: "background",
  依据: "basis",
  目的: "purpose",
  主要任务: "measures",
  适用对象: "scope",
  时间节点: "scope",
};

/** The drafting marker the analyzer appends, removed for the section text (the Q&A keep it). */
const DRAFT_NOTE = /（草稿：[^）]*）/g;

function sectionDrafts(suggestions: QaSuggestion[]): Partial<Record<keyof PackageSections, string>> {
  const drafts: Partial<Record<keyof PackageSections, string[]>> = {};
  for (const s of suggestions) {
    const key = TOPIC_TO_SECTION[s.topic];
    if (!key) continue;
    const list = drafts[key] ?? [];
    const text = s.answer.replace(DRAFT_NOTE, "").trim();
    if (!withoutPlaceholders(text).replace(/（见[^）]*）/g, "").trim()) continue;
    list.push(text);
    drafts[key] = list;
  }
  const out: Partial<Record<keyof PackageSections, string>> = {};
  for (const [key, paragraphs] of Object.entries(drafts)) {
    if (paragraphs?.length && isSectionKey(key)) out[key] = plainTextToHtml(paragraphs.join("\n\n"));
  }
  return out;
}

function isSectionKey(key: string): key is keyof PackageSections {
  return Object.hasOwn(SECTION_LABELS, key);
}

export function mergeSuggestions(content: PackageContent, analysis: Analysis, options: { overwrite?: boolean; plannedRelease?: string | null } = {}): MergeResult {
  const applied: string[] = [];
  const conflicts: (keyof PackageSections)[] = [];
  const sections: PackageSections = { ...content.sections };
  for (const [key, html] of Object.entries(sectionDrafts(analysis.suggestions.qa))) {
    if (!isSectionKey(key) || !html) continue;
    const existing = htmlToPlainText(sections[key] ?? "").trim();
    if (existing && !options.overwrite) {
      conflicts.push(key);
      continue;
    }
    sections[key] = html;
    applied.push(`${existing ? "覆盖" : "填写"}“${SECTION_LABELS[key]}”`);
  }

  const questions = new Set(content.qa.map((q) => q.question.trim()));
  const newQa = analysis.suggestions.qa
    .filter((s) => !questions.has(s.question.trim()))
    .map((s) => ({ question: s.question, answer: s.answer, clauseRefs: s.clauses.filter((p) => p.length > 0) }));
  if (newQa.length) applied.push(`新增 ${newQa.length} 条问答草稿`);

  const titles = new Set(content.charts.map((c) => c.title.trim()));
  // The most telling suggestions first (tiered standards, a composition, then dates, then
  // counts), at most four; ranked before filtering so applying twice never brings in the next four.
  const rank: Record<ChartSuggestion["type"], number> = { "grouped-bar": 0, "grouped-hbar": 0, donut: 1, timeline: 2, bar: 3 };
  const newCharts: ChartContent[] = [...analysis.suggestions.charts]
    .filter((s) => s.data.length > 0)
    .sort((a, b) => rank[a.type] - rank[b.type])
    .slice(0, 4)
    .filter((s) => !titles.has(s.title.trim().slice(0, 60)))
    .map((s) => {
      const chart: ChartContent = {
        type: s.type,
        title: s.title.slice(0, 60),
        subtitle: null,
        unit: s.unit || null,
        source: "根据文件原文整理",
        palette: "standard",
        data: s.data.map((d) => ({ label: d.label.slice(0, 40), value: d.value, ...(d.series ? { series: d.series.slice(0, 20) } : {}) })),
      };
      if (s.type === "timeline") chart.data = s.data.map((d) => ({ label: d.label.slice(0, 40), value: 0, date: String(d.value) }));
      return { ...chart, altText: chartAltText(chart), dataTable: chartDataTable(chart) };
    })
    // a suggestion the chart editor would refuse (a row without its series, a bad value) is never
    // applied: a draft must save as it is
    .filter((c) => validateChartRows(c).length === 0);
  if (newCharts.length) applied.push(`新增 ${newCharts.length} 个图表草稿`);

  const plan = { ...content.plan };
  if (!plan.plannedRelease && options.plannedRelease) {
    plan.plannedRelease = options.plannedRelease;
    applied.push("计划发布日期与文件同步");
  }
  const forms = new Set(plan.forms);
  for (const f of ["text", "qa", ...(newCharts.length ? ["chart"] : [])]) forms.add(f);
  plan.forms = [...forms];

  const starting = startingFigures(analysis);
  const keyFigures = content.keyFigures.length > 0 ? content.keyFigures : starting.keyFigures;
  const timeline = content.timeline.length > 0 ? content.timeline : starting.timeline;
  if (content.keyFigures.length === 0 && keyFigures.length > 0) applied.push(`填写 ${keyFigures.length} 个关键数字`);
  if (content.timeline.length === 0 && timeline.length > 0) applied.push(`填写 ${timeline.length} 个时间节点`);

  return {
    content: { ...content, plan, sections, qa: [...content.qa, ...newQa], charts: [...content.charts, ...newCharts], keyFigures, timeline },
    applied,
    conflicts,
  };
}
