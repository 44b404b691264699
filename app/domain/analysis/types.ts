/**
 * The shape of a document analysis (`jiedu analyze --json`). These names are a public contract
 * (documented in the README): extend, never rename.
 * Offsets (`start`, `end`) index into the *normalised* text; `toOriginalOffset` maps them back.
 */

export type DocNumber = {
  /** exactly as written, e.g. "青西新管办发〔2020〕84号" */
  raw: string;
  /** 机关代字, e.g. "青西新管办发" */
  agency: string;
  year: number | null;
  serial: number | null;
  /** false when the brackets are not 〔〕, 号 is missing, or spaces sit inside */
  wellFormed: boolean;
  /** human-readable (Chinese) problems found in the format, empty when well formed */
  problems?: string[];
};

export type DocumentMeta = {
  title: string;
  docNumber: DocNumber | null;
  /** 发文机关 */
  issuer: string | null;
  /** 成文日期, ISO yyyy-mm-dd */
  date: string | null;
  /** 主送机关 */
  recipients: string[];
  /** 公开属性, e.g. "此件公开发布" */
  publicity: string | null;
  /** titles of the attached documents a 印发通知 wraps */
  attachments: string[];
  /** 抄送 */
  cc?: string[];
  /** 印发日期, ISO */
  printedDate?: string | null;
};

export type OutlineNode = {
  /** the marker as written after normalisation: "一、", "（一）", "1.", "（1）" */
  marker: string;
  /** 1 = 一、, 2 = （一）, 3 = 1., 4 = （1） */
  level: number;
  /** heading text up to the first 。 when the heading runs into its paragraph */
  title: string;
  /** the body text of this node, children included */
  text: string;
  start: number;
  end: number;
  children: OutlineNode[];
};

export type DocumentPart = {
  /** the cover notice's or the attached document's title */
  title: string;
  outline: OutlineNode[];
};

export type FactKind = "quantity" | "percent" | "money" | "duration" | "deadline" | "date" | "frequency";

export type Fact = {
  kind: FactKind;
  /** a number, or an ISO date (yyyy-mm-dd) for deadline/date */
  value: number | string;
  /** the unit or measure word: "项", "分", "个", "%", "万元", "日" … */
  unit: string;
  /** exact text as it stands in the normalised text */
  text: string;
  start: number;
  end: number;
  /** outline path of markers from the part down, e.g. ["附件1", "二、", "（三）", "5."] */
  path: string[];
  /** for kind "frequency": the period the count applies to, e.g. "每月", "年内" */
  period?: string;
};

export type Responsibility = {
  lead: string[];
  support: string[];
  text: string;
  start: number;
  end: number;
  path: string[];
};

export type QaSuggestion = {
  /** 背景 / 依据 / 目的 / 主要任务 / 时间节点 / 适用对象 */
  topic: string;
  question: string;
  answer: string;
  /** outline paths the draft answer points to */
  clauses: string[][];
};

export type ChartSuggestion = {
  /** grouped-bar / grouped-hbar: tiered standards, one series per group (城市/农村 × A–D 档) */
  type: "bar" | "donut" | "timeline" | "grouped-bar" | "grouped-hbar";
  title: string;
  unit: string;
  /** `series` only in grouped charts */
  data: { label: string; value: number | string; series?: string }[];
  /** the facts the data comes from (indices into `facts`) */
  factIndexes: number[];
};

export type KeyFigureSuggestion = { value: string; unit: string; label: string; factIndex: number };
export type TimelineSuggestion = { date: string; label: string; factIndex: number };

export type Analysis = {
  meta: DocumentMeta;
  /** the normalised text all offsets index into (one paragraph per line) */
  text?: string;
  parts: DocumentPart[];
  facts: Fact[];
  responsibilities?: Responsibility[];
  suggestions: {
    qa: QaSuggestion[];
    charts: ChartSuggestion[];
    keyFigures: KeyFigureSuggestion[];
    timeline: TimelineSuggestion[];
  };
};
