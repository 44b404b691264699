import { FORM_LABELS, GATE_LABELS, GATES, type Gate, type InterpretationForm } from "~/domain/vocabulary";
/**
 * What the assessment dashboard counts, and how — one definition per figure, shown on the page
 * (口径说明), written into the .xlsx and used by the model's SQL.
 *
 * Counting rules (all per period = documents whose `published_at` falls in it, CST days):
 * - 发布文件数: documents published in the period that are still public (status published or
 *   correcting; withdrawn documents are left out).
 * - 无需解读: of these, the ones with a signed 无需解读 decision (interpretation_required = 0).
 * - 需解读 = 发布文件数 − 无需解读.
 * - 已解读: needs interpretation, its package is public (packages.published_at set) and the package
 *   contains at least one form (`formsPresent` — a package with nothing in it is no interpretation).
 * - 解读率 = 已解读 ÷ 需解读.
 * - 同步发布: interpreted and the package went public in the same instant as the document (三同步).
 * - 同步率 = 同步发布 ÷ 已解读. The others (legacy imports) are 滞后发布, with the lag in working days
 *   from the document's publication day to the package's.
 * - Forms: counts among interpreted documents; share = count ÷ 已解读.
 * - Waiting: a snapshot "now", not limited to the period.
 * - 审校 errors: errors the checks caught before release — on an editor save or a refused
 *   submission — each counted once, at the instant it was first caught (inside the period), and
 *   still counted after it was fixed.
 */

export const FORMS = Object.keys(FORM_LABELS).filter((k): k is InterpretationForm => k in FORM_LABELS);

export type FormCounts = Record<InterpretationForm, number>;

export function emptyFormCounts(): FormCounts {
  return { text: 0, qa: 0, chart: 0, graphic: 0, case: 0, video: 0, press: 0, head: 0 };
}

/** The additive counts of one group of documents (a department, a month, or all). */
export type Counts = {
  published: number;
  notRequired: number;
  required: number;
  interpreted: number;
  synced: number;
  lagged: number;
  /** interpreted documents with exactly one form (检查常见问题 “形式单一”) */
  singleForm: number;
  forms: FormCounts;
};

export function emptyCounts(): Counts {
  return { published: 0, notRequired: 0, required: 0, interpreted: 0, synced: 0, lagged: 0, singleForm: 0, forms: emptyFormCounts() };
}

export function addCounts(into: Counts, add: Counts): Counts {
  into.published += add.published;
  into.notRequired += add.notRequired;
  into.required += add.required;
  into.interpreted += add.interpreted;
  into.synced += add.synced;
  into.lagged += add.lagged;
  into.singleForm += add.singleForm;
  for (const f of FORMS) into.forms[f] += add.forms[f];
  return into;
}

/** A share in [0, 1] rounded to 4 decimals, or null when there is nothing to divide by. */
export function rate(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 10_000) / 10_000;
}

export function formatRate(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)}%`;
}

export type LagFigures = {
  /** lagged documents whose lag exceeds the allowed working days */
  overLimit: number;
  maxWorkingDays: number | null;
  /** sum of lags, for the average */
  totalWorkingDays: number;
};

export function emptyLag(): LagFigures {
  return { overLimit: 0, maxWorkingDays: null, totalWorkingDays: 0 };
}

export function addLag(into: LagFigures, workingDays: number, limit: number): LagFigures {
  into.totalWorkingDays += workingDays;
  into.maxWorkingDays = Math.max(into.maxWorkingDays ?? 0, workingDays);
  if (workingDays > limit) into.overLimit++;
  return into;
}

export type GroupFigures = Counts & {
  interpretationRate: number | null;
  syncRate: number | null;
  formShares: Record<InterpretationForm, number | null>;
  lag: LagFigures;
  averageLagWorkingDays: number | null;
};

export function withRates(counts: Counts, lag: LagFigures = emptyLag()): GroupFigures {
  const shares: Record<InterpretationForm, number | null> = { ...emptyFormCounts() };
  for (const f of FORMS) shares[f] = rate(counts.forms[f], counts.interpreted);
  return {
    ...counts,
    interpretationRate: rate(counts.interpreted, counts.required),
    syncRate: rate(counts.synced, counts.interpreted),
    formShares: shares,
    lag,
    averageLagWorkingDays: counts.lagged > 0 ? Math.round((lag.totalWorkingDays / counts.lagged) * 100) / 100 : null,
  };
}

export type DepartmentFigures = GroupFigures & { departmentId: number; departmentName: string };
export type MonthFigures = GroupFigures & { month: string };

/** Where a package can wait: the four gates in parallel, then 审签, then 发布. */
export const WAITING_STAGES = ["submitted", "political", "legal", "secrecy", "text", "awaiting_signoff", "signed"] as const;
export type WaitingStage = (typeof WAITING_STAGES)[number];

export const WAITING_STAGE_LABELS: Record<WaitingStage, string> = {
  submitted: "已提交待受理",
  ...GATE_LABELS,
  awaiting_signoff: "待审签",
  signed: "待发布",
};

export const GATE_STAGES: readonly Gate[] = GATES;

/** Waiting-time buckets in calendar days: [lower, upper). */
export const WAITING_BUCKETS = [
  { key: "lt1", label: "不足1天", min: 0, max: 1 },
  { key: "1to3", label: "1–3天", min: 1, max: 3 },
  { key: "3to7", label: "3–7天", min: 3, max: 7 },
  { key: "7to14", label: "7–14天", min: 7, max: 14 },
  { key: "ge14", label: "14天及以上", min: 14, max: Number.POSITIVE_INFINITY },
] as const;
export type WaitingBucket = (typeof WAITING_BUCKETS)[number]["key"];

export type WaitingFigures = {
  stage: WaitingStage;
  label: string;
  count: number;
  averageDays: number | null;
  maxDays: number | null;
  buckets: Record<WaitingBucket, number>;
};

export type CheckRuleFigures = { rule: string; errors: number; documents: number };

export type DashboardFigures = {
  period: { label: string; from: string; to: string };
  maxLagWorkingDays: number;
  total: GroupFigures;
  departments: DepartmentFigures[];
  months: MonthFigures[];
  waiting: WaitingFigures[];
  checks: CheckRuleFigures[];
};

export type MetricDefinition = { key: string; label: string; definition: string };

export function metricDefinitions(maxLag: number): MetricDefinition[] {
  return [
    { key: "published", label: "发布文件数", definition: "统计周期内发布且仍公开（已发布、更正中）的文件数；已撤回的文件不计。" },
    { key: "notRequired", label: "无需解读", definition: "经负责人签批“无需解读”的文件数。" },
    { key: "required", label: "需解读", definition: "发布文件数减去无需解读文件数。" },
    { key: "interpreted", label: "已解读", definition: "需解读、解读材料已公开、且至少包含一种解读形式的文件数。" },
    { key: "interpretationRate", label: "解读率", definition: "已解读 ÷ 需解读。" },
    { key: "synced", label: "同步发布", definition: "解读材料与文件在同一时刻发布（三同步）的文件数。" },
    { key: "syncRate", label: "同步率", definition: "同步发布 ÷ 已解读。" },
    { key: "lagged", label: "滞后发布", definition: "解读材料与文件不在同一时刻发布的文件数（多为历史导入数据），按工作日计算滞后天数。" },
    { key: "overLimit", label: `滞后超过${maxLag}个工作日`, definition: `滞后天数超过 ${maxLag} 个工作日（管理设置 publish.maxLagWorkingDays）的文件数；工作日不含周末和管理设置中的法定节假日，含调休上班日。` },
    { key: "forms", label: "解读形式", definition: "已解读文件中包含各形式的文件数及占已解读的比例：文字、问答、图表、图解、案例、视频、发布会/吹风会、主要负责人解读。" },
    { key: "singleForm", label: "形式单一", definition: "只有一种解读形式的已解读文件数。" },
    { key: "waiting", label: "待办等待", definition: "当前停留在各审核关口、待审签、待发布的解读材料数，及自进入该环节以来的等待天数（自然日）。" },
    { key: "checks", label: "审校拦截", definition: "统计周期内，自动审校在发布前发现的错误数（按规则）和涉及文件数：保存解读材料或提交审核时发现的每处错误，在首次发现时计一次，之后改正了仍计入。" },
  ];
}

/** The drill-down facts about one document, as the model reads them. */
export type DocumentFacts = {
  status: string;
  published: boolean;
  interpretationRequired: boolean;
  noInterpretationReason: string | null;
  packagePublished: boolean;
  forms: InterpretationForm[];
  synced: boolean;
  lagWorkingDays: number | null;
  /** gates still open in the current round when in review */
  openGates: Gate[];
};

/** What an evaluator would mark as missing for one document, in Chinese, most serious first. */
export function missingItems(doc: DocumentFacts, maxLag: number): string[] {
  const out: string[] = [];
  if (!doc.published) {
    if (doc.status === "drafting") out.push("起草中，尚未提交审核");
    else if (doc.status === "returned") out.push("已退回修改，待起草人重新提交");
    else if (doc.status === "in_review")
      out.push(doc.openGates.length ? `审核中，等待${doc.openGates.map((g) => GATE_LABELS[g]).join("、")}` : "审核中");
    else if (doc.status === "submitted") out.push("已提交，等待审核");
    else if (doc.status === "awaiting_signoff") out.push("等待第一解读人审签");
    else if (doc.status === "signed") out.push("已审签，等待同步发布");
    else if (doc.status === "withdrawn") out.push("已撤回");
    return out;
  }
  if (!doc.interpretationRequired) return out;
  if (!doc.packagePublished || doc.forms.length === 0) {
    out.push("缺少解读：文件已发布但没有公开的解读材料");
    return out;
  }
  if (!doc.synced) {
    const lag = doc.lagWorkingDays ?? 0;
    out.push(lag > maxLag ? `解读滞后 ${lag} 个工作日，超过 ${maxLag} 个工作日的要求` : `解读未与文件同步发布（滞后 ${lag} 个工作日）`);
  }
  const has = (f: InterpretationForm) => doc.forms.includes(f);
  if (doc.forms.length === 1) out.push(`形式单一：仅有${FORM_LABELS[doc.forms[0]]}`);
  if (!has("qa")) out.push("缺少简明问答");
  if (!has("chart") && !has("graphic")) out.push("缺少图表或图解");
  if (!has("video") && !has("press")) out.push("缺少视频或新闻发布会/吹风会");
  if (!has("head")) out.push("缺少主要负责人解读");
  return out;
}
