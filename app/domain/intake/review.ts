/**
 * The review screen of 新建文件, as data: the form defaults prefilled from an analysis, the 文号
 * warning, and the text cut into segments with the figures marked. Pure, so the browser can
 * recompute the 文号 warning as the officer types.
 */
import { parseDocNumber } from "~/domain/analysis/doc-number";
import { describeClausePath } from "~/domain/analysis/clause-path";
import type { Analysis, Fact, FactKind, OutlineNode } from "~/domain/analysis/types";
import { PUBLICITY_OPTIONS, type PublicityOption, type SourceFormat } from "~/domain/forms/intake";

export type ReviewSource = {
  name: string;
  format: SourceFormat;
  encoding?: string;
  pages?: number;
  warnings: string[];
  /** 字数: see `countCharacters` */
  characters: number;
};

/** What the action hands to the review screen. */
export type ReviewPayload = {
  /** identifies one analysis, so the review form is rebuilt when a new file is analysed */
  reviewId: string;
  source: ReviewSource;
  /** the text as extracted (carried to step 2 in a hidden field) */
  sourceText: string;
  defaults: ReviewDefaults;
  /** the analysis as the screen shows it (reviewAnalysis): no second copy of the text, bounded lists */
  analysis: Analysis;
  /** figures found in the text; the screen marks at most REVIEW_LIMITS.highlights of them */
  factCount: number;
};

/**
 * How much of an analysis is shown and kept (a 200,000-character document yields hundreds of
 * suggestions and thousands of figures): the first figures are marked in the text, the first
 * suggestions of each kind are offered.
 */
export const REVIEW_LIMITS = { highlights: 1000, qa: 20, charts: 12, keyFigures: 12, timeline: 30 } as const;

/** The suggestions cut to REVIEW_LIMITS (what the review screen offers and the document keeps). */
export function boundSuggestions(analysis: Analysis): Analysis {
  const s = analysis.suggestions;
  return {
    ...analysis,
    suggestions: {
      ...s,
      qa: s.qa.slice(0, REVIEW_LIMITS.qa),
      charts: s.charts.slice(0, REVIEW_LIMITS.charts),
      keyFigures: s.keyFigures.slice(0, REVIEW_LIMITS.keyFigures),
      timeline: s.timeline.slice(0, REVIEW_LIMITS.timeline),
    },
  };
}

function withoutNodeText(nodes: OutlineNode[]): OutlineNode[] {
  return nodes.map((n) => ({ ...n, text: "", children: withoutNodeText(n.children) }));
}

/**
 * The analysis for the browser: outline nodes without their bodies (the tree shows markers and
 * titles; the normalised text, which the figures' offsets index, is sent once as `text`), the
 * first REVIEW_LIMITS.highlights figures and bounded suggestions.
 */
export function reviewAnalysis(analysis: Analysis): Analysis {
  const bounded = boundSuggestions(analysis);
  return {
    ...bounded,
    parts: bounded.parts.map((p) => ({ ...p, outline: withoutNodeText(p.outline) })),
    facts: bounded.facts.slice(0, REVIEW_LIMITS.highlights),
    responsibilities: [],
  };
}

export type ReviewDefaults = {
  title: string;
  docNumber: string;
  issuer: string;
  recipients: string;
  writtenDate: string;
  publicity: PublicityOption | "";
  topic: string;
};

/**
 * 字数 as intake reports it: the characters of the analysis's normalised text, spaces and line
 * breaks not counted (code points, so a rare ideograph outside the BMP is one). A PDF's wrapped
 * lines, page numbers and spaces between 中文 and digits are gone after normalisation, so the same
 * document uploaded as a PDF or pasted reports the same number.
 */
export function countCharacters(normalizedText: string): number {
  let n = 0;
  for (const ch of normalizedText) if (!/\s/u.test(ch)) n++;
  return n;
}

export function reviewDefaults(analysis: Analysis): ReviewDefaults {
  const m = analysis.meta;
  return {
    title: m.title,
    docNumber: m.docNumber?.raw ?? "",
    issuer: m.issuer ?? "",
    recipients: m.recipients.join("、"),
    writtenDate: m.date ?? "",
    publicity: publicityOption(m.publicity),
    topic: "",
  };
}

/** The 公开属性 line as printed ("此件公开发布", "此件依申请公开") → the stored option. */
export function publicityOption(printed: string | null | undefined): PublicityOption | "" {
  if (!printed) return "";
  if (/不予公开|不公开/.test(printed)) return "不予公开";
  if (/依申请/.test(printed)) return "依申请公开";
  if (/公开/.test(printed)) return "主动公开";
  const exact = PUBLICITY_OPTIONS.find((o) => o === printed);
  return exact ?? "";
}

/**
 * Problems with a 文号 as typed, in Chinese; empty when it is well formed or left blank.
 * GB/T 9704: 机关代字〔年份〕序号号, with 六角括号.
 */
export function docNumberProblems(raw: string): string[] {
  const value = raw.trim();
  if (!value) return [];
  const parsed = parseDocNumber(value);
  if (!parsed) return ["无法识别文号，应为“机关代字〔年份〕序号号”，例如 博政办字〔2020〕45号。"];
  if (parsed.wellFormed) return [];
  return parsed.problems?.length ? parsed.problems : ["文号格式不规范，应为“机关代字〔年份〕序号号”。"];
}

export const FACT_KIND_LABELS: Record<FactKind, string> = {
  quantity: "数量",
  percent: "百分比",
  money: "金额",
  duration: "期限",
  deadline: "截止时间",
  date: "日期",
  frequency: "频次",
};

/** The tooltip of a highlighted figure: kind, value with unit, and where it sits. */
export function describeFact(fact: Fact): string {
  const value = typeof fact.value === "number" ? `${fact.value}${fact.unit}` : fact.value;
  const period = fact.period ? `（${fact.period}）` : "";
  const where = fact.path.length ? `，位置：${describeClausePath(fact.path)}` : "";
  return `${FACT_KIND_LABELS[fact.kind]}：${value}${period}${where}`;
}

export type TextSegment = { text: string; factIndex: number | null };

/**
 * The text cut at the figures' offsets. Facts that overlap one already marked are skipped (the
 * extractor claims characters, so this only guards against a malformed structure).
 */
export function highlightSegments(text: string, facts: Fact[]): TextSegment[] {
  const order = facts
    .map((fact, index) => ({ fact, index }))
    .filter(({ fact }) => fact.start >= 0 && fact.end > fact.start && fact.end <= text.length)
    .sort((a, b) => a.fact.start - b.fact.start || b.fact.end - a.fact.end);
  const segments: TextSegment[] = [];
  let cursor = 0;
  for (const { fact, index } of order) {
    if (fact.start < cursor) continue;
    if (fact.start > cursor) segments.push({ text: text.slice(cursor, fact.start), factIndex: null });
    segments.push({ text: text.slice(fact.start, fact.end), factIndex: index });
    cursor = fact.end;
  }
  if (cursor < text.length) segments.push({ text: text.slice(cursor), factIndex: null });
  return segments;
}

/** Line endings as one form: browsers send CRLF in form fields, files may carry either. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}
