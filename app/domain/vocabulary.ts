/**
 * The product's vocabulary: every code the database stores, the exporter names or the UI shows,
 * defined once with its Chinese label. The schema (app/db/schema.ts) builds its enum columns from
 * these lists — never the other way round — so domain code needs nothing from the database layer.
 *
 * Order matters where a list is shown or walked: GATES is the review order (政治关 → 文字关),
 * SECTION_KEYS the reading order of the 文字解读, CHANNEL_IDS the order of the export form.
 * This module imports nothing.
 */

// ---------------------------------------------------------------------------------------------
// People and departments

export const ROLES = ["drafter", "reviewer", "head", "publisher", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  drafter: "起草人",
  reviewer: "审核人",
  head: "第一解读人（负责人）",
  publisher: "发布员",
  admin: "管理员",
};

export const DEPARTMENT_KINDS = ["drafting", "office"] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// The workflow (app/domain/workflow.ts owns the transitions)

/** Workflow states of a document + its package, one unit. */
export const DOCUMENT_STATES = [
  "drafting", // 起草中
  "submitted", // 已提交
  "in_review", // 审核中
  "returned", // 退回修改
  "awaiting_signoff", // 待审签
  "signed", // 已审签
  "published", // 已发布
  "withdrawn", // 撤回
  "correcting", // 更正中 (published version stays public until the correction is published)
] as const;
export type DocumentState = (typeof DOCUMENT_STATES)[number];

export const STATE_LABELS: Record<DocumentState, string> = {
  drafting: "起草中",
  submitted: "已提交",
  in_review: "审核中",
  returned: "退回修改",
  awaiting_signoff: "待审签",
  signed: "已审签",
  published: "已发布",
  withdrawn: "已撤回",
  correcting: "更正中",
};

/** Badge tone per state, so colour is never the only carrier of meaning (the label is shown). */
export const STATE_TONES: Record<DocumentState, "neutral" | "info" | "warn" | "ok" | "danger"> = {
  drafting: "neutral",
  submitted: "info",
  in_review: "info",
  returned: "warn",
  awaiting_signoff: "info",
  signed: "ok",
  published: "ok",
  withdrawn: "danger",
  correcting: "warn",
};

/**
 * States in which a document with a publication is public (a correction keeps the published
 * version visible). The public filter (`publishedOnly`) and the 考核 dashboard both use this list;
 * the SQL triggers of drizzle/0007 and 0014 spell the same two states.
 */
export const PUBLIC_STATES = ["published", "correcting"] as const satisfies readonly DocumentState[];

/** The four review gates in review order: 政治关 法律关 保密关 文字关. */
export const GATES = ["political", "legal", "secrecy", "text"] as const;
export type Gate = (typeof GATES)[number];

export const GATE_LABELS: Record<Gate, string> = {
  political: "政治关",
  legal: "法律关",
  secrecy: "保密关",
  text: "文字关",
};

export const VERDICTS = ["pass", "return"] as const;
export type Verdict = (typeof VERDICTS)[number];

export const VERDICT_LABELS: Record<Verdict, string> = { pass: "通过", return: "退回" };

/** 有效性 of a document. */
export const VALIDITY = ["valid", "amended", "repealed", "expired", "unknown"] as const;
export type Validity = (typeof VALIDITY)[number];

export const VALIDITY_LABELS: Record<Validity, string> = { valid: "有效", amended: "已修订", repealed: "已废止", expired: "已失效", unknown: "未知" };

/** Further interpretations of a published document: 跟踪解读 问答更新 二次解读. */
export const FOLLOW_UP_KINDS = ["tracking", "qa_update", "secondary"] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export const FOLLOW_UP_LABELS: Record<FollowUpKind, string> = { tracking: "跟踪解读", secondary: "二次解读", qa_update: "问答更新" };

export const FOLLOW_UP_STATUSES = ["drafting", "published"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** 审校 finding severities. */
export const SEVERITY_LABELS = { error: "错误", warning: "提示", info: "参考" } as const;

// ---------------------------------------------------------------------------------------------
// The interpretation package

/** The required parts of the 文字解读, in reading order. */
export const REQUIRED_SECTIONS = ["background", "basis", "purpose", "measures", "scope"] as const;
/** All text sections in reading order (required first, then the optional 术语释义 and 新旧对比). */
export const SECTION_KEYS = [...REQUIRED_SECTIONS, "terms", "comparison"] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_LABELS: Record<SectionKey, string> = {
  background: "起草背景",
  basis: "制定依据",
  purpose: "出台目的",
  measures: "主要内容和重要举措",
  scope: "适用范围与执行时间",
  terms: "术语释义",
  comparison: "新旧对比",
};

/** The forms of interpretation a package can contain (多元化解读). */
export const FORM_LABELS = {
  text: "文字解读",
  qa: "简明问答",
  chart: "图表",
  graphic: "图解",
  case: "案例说明",
  video: "视频",
  press: "新闻发布会/吹风会",
  head: "主要负责人解读",
} as const;
export type InterpretationForm = keyof typeof FORM_LABELS;

export const CHART_TYPES = ["bar", "hbar", "stacked", "donut", "line", "timeline", "bignumber", "grouped-bar", "grouped-hbar"] as const;
export type ChartType = (typeof CHART_TYPES)[number];

export const CHART_TYPE_LABELS: Record<ChartType, string> = {
  bar: "柱状图",
  hbar: "条形图（横向）",
  stacked: "堆叠柱状图",
  donut: "环形图",
  line: "折线图",
  timeline: "时间轴",
  bignumber: "大数字",
  "grouped-bar": "分组柱状图",
  "grouped-hbar": "分组条形图",
};

/** Media records: 新闻发布会, 吹风会, 视频解读, 主要负责人解读. */
export const MEDIA_KINDS = ["press_conference", "briefing", "video", "head_interview"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export const MEDIA_KIND_LABELS: Record<MediaKind, string> = {
  press_conference: "新闻发布会",
  briefing: "吹风会",
  video: "视频解读",
  head_interview: "主要负责人解读",
};

// ---------------------------------------------------------------------------------------------
// New-media export

/** Channels in the order the export form lists them. */
export const CHANNEL_IDS = ["wechat", "weibo", "douyin", "xhs", "web"] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** Channel names in the order the package plan lists them. */
export const CHANNEL_LABELS: Record<ChannelId, string> = {
  web: "网站",
  wechat: "微信公众号",
  weibo: "微博",
  douyin: "抖音",
  xhs: "小红书",
};

export function isChannelId(value: string): value is ChannelId {
  return CHANNEL_IDS.some((id) => id === value);
}

/** The image templates (templates/<id>/template.ts). */
export const TEMPLATE_IDS = ["cover", "qa-card", "figures-card", "chart-card", "timeline", "long-image", "nine-grid"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const EXPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** What an export renders: the frozen publication or the live draft. */
export const EXPORT_SOURCES = ["published", "draft"] as const;
export type ExportSource = (typeof EXPORT_SOURCES)[number];
