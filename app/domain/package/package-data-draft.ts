/**
 * A work-in-progress package as the exporter's `PackageData`, for the 图解 editor: the template
 * registry's `fromPackage` proposes starter slots from it. Unlike the exporter's strict
 * `parsePackageData`, a draft may be incomplete, so empty parts get visible placeholders (which
 * `exportBlockers` and the completeness rules refuse wherever they end up) and long texts are cut
 * to the exporter's bounds. The document's metadata is never made up: without 文号 or 成文日期
 * there is no draft, and the message says what to fill in. Key figures and the timeline are the
 * package's own (what the officer sees in the editor). Not for export — only for starting a graphic.
 */
import { describeClausePath } from "~/domain/analysis/clause-path";
import { type Chart, type PackageParseResult, parsePackageData } from "~/domain/package-data";
import { toExporterChart, validateChartRows } from "./charts";
import { type DocumentMetaFields, missingDocumentMeta } from "./completeness";
import type { PackageContent } from "./content";
import { EMPTY_QA_PLACEHOLDER, GRAPHIC_SLOT_PLACEHOLDER } from "./placeholders";
import { htmlToPlainText } from "./sanitize-html";

export type DraftDocument = DocumentMetaFields & { departmentName: string };

const PLACEHOLDER = GRAPHIC_SLOT_PLACEHOLDER;
const cut = (value: string | null | undefined, max: number, fallback = PLACEHOLDER) => {
  const v = (value ?? "").trim();
  return v ? (v.length > max ? `${v.slice(0, max - 1)}…` : v) : fallback;
};

const optionalCut = (value: string | null | undefined, max: number) => {
  const v = (value ?? "").trim();
  return v ? cut(v, max) : undefined;
};

/**
 * The charts an export draws, each with its index in the package (`source`): complete charts
 * only, at most 8, texts cut to the exporter's bounds. The WeChat HTML matches exported chart
 * cards to the package's charts through this same projection (chartFingerprint).
 */
export function draftCharts(charts: PackageContent["charts"]): Array<{ source: number; chart: Chart }> {
  return charts
    .map((c, source) => ({ c, source }))
    .filter(({ c }) => validateChartRows(c).length === 0 && c.data.length <= 24)
    .slice(0, 8)
    .map(({ c, source }, i) => {
      const chart = toExporterChart(c, i);
      return {
        source,
        chart: { ...chart, title: cut(chart.title, 40), source: optionalCut(chart.source, 80), altText: cut(chart.altText, 200), data: chart.data.map((r) => ({ ...r, label: cut(r.label, 24) })) },
      };
    });
}

export function draftPackageData(content: PackageContent, doc: DraftDocument): PackageParseResult {
  const missing = missingDocumentMeta(doc);
  if (missing.length > 0) return { ok: false, issues: [{ path: "文件信息", message: `不完整：请先在文件页填写${missing.join("、")}，再制作图解。` }] };
  const section = (key: keyof PackageContent["sections"], max: number) => cut(htmlToPlainText(content.sections[key] ?? ""), max);
  const qa = content.qa
    .filter((q) => q.question.trim() && q.answer.trim())
    .slice(0, 30)
    .map((q) => ({
      question: cut(q.question, 80),
      answer: cut(q.answer, 1500),
      ...(q.clauseRefs.length ? { citation: cut(`依据：${q.clauseRefs.map(describeClausePath).join("、")}`, 60) } : {}),
    }));
  const charts = draftCharts(content.charts).map((c) => c.chart);
  return parsePackageData({
    document: {
      title: cut(doc.title, 120),
      // Missing metadata stays missing: the images print nothing for it (no "文号待定", no today).
      docNumber: optionalCut(doc.docNumber, 40),
      issuer: optionalCut(doc.issuer, 60),
      date: doc.writtenDate && /^\d{4}-\d{2}-\d{2}$/.test(doc.writtenDate) ? doc.writtenDate : undefined,
      department: cut(doc.departmentName, 40),
    },
    sections: {
      background: section("background", 800),
      basis: section("basis", 600),
      purpose: section("purpose", 600),
      mainContent: section("measures", 2000),
      scope: section("scope", 600),
    },
    qa: qa.length ? qa : [{ question: EMPTY_QA_PLACEHOLDER, answer: PLACEHOLDER }],
    charts,
    keyFigures: content.keyFigures
      .filter((k) => k.value.trim() && k.label.trim())
      .slice(0, 12)
      .map((k) => ({ value: cut(k.value, 12), unit: k.unit?.trim() ? cut(k.unit, 8) : undefined, label: cut(k.label, 30) })),
    timeline: content.timeline
      .filter((t) => /^\d{4}-\d{2}-\d{2}$/.test(t.date) && t.label.trim())
      .slice(0, 12)
      .map((t) => ({ date: t.date, label: cut(t.label, 60) })),
    cases: content.cases.slice(0, 5).map((c) => ({ title: cut(c.title, 40), body: cut(`${c.situation}\n${c.explanation}`, 600) })),
  });
}
