/**
 * 审校 (automatic proofreading) — shared types. A finding locates its problem in the
 * *interpretation text*: `offset` indexes into it and `text.slice(offset, offset + excerpt.length)`
 * is exactly `excerpt`. `field` names the package field the text came from (`qa[2].answer`).
 */
export const SEVERITIES = ["error", "warning", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Finding = {
  /** stable rule id, e.g. "figure.mismatch", "personal.mobile" */
  rule: string;
  severity: Severity;
  /** Chinese, says what is wrong and what to do */
  message: string;
  /** the exact offending text */
  excerpt: string;
  /** where `excerpt` starts in the interpretation text */
  offset: number;
  /** the suggested fix or the document's value; null when there is nothing to suggest */
  expected: string | null;
  /** the package field, when the interpretation came from a package */
  field?: string;
};

/** One field of the interpretation inside the combined text. */
export type Segment = { field: string; label: string; start: number; end: number };

/** The interpretation as one string plus where each field sits in it. */
export type InterpretationText = {
  text: string;
  segments: Segment[];
  /** images/charts and whether they carry a text alternative */
  images: { field: string; label: string; altText: string | null }[];
  /** titles that will be posted on a channel with a length limit */
  channelTitles: { channel: string; field: string; title: string }[];
};

/** A confusable word or non-standard expression (table word_rules). */
export type WordRule = {
  wrong: string;
  right: string;
  /** regular expression the match must be followed by (e.g. a date for 截止→截至) */
  followedBy?: string | null;
  severity: "error" | "warning";
  note?: string | null;
};
