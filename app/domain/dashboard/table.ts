/**
 * The dashboard as plain tables — one shape shared by the page's data tables, the .csv and the
 * .xlsx, so an exported number is by construction the number on screen. Rates stay fractions
 * (0.8) in the table; each consumer formats them (80.0% on screen and in CSV, a % number format
 * in Excel).
 */
import { type DashboardFigures, FORMS, type GroupFigures, WAITING_BUCKETS, formatRate } from "./metrics";
import { FORM_LABELS } from "~/domain/vocabulary";

export type CellKind = "text" | "count" | "rate" | "days";
export type Column = { key: string; label: string; kind: CellKind };
export type Cell = string | number | null;
export type Table = { title: string; columns: Column[]; rows: Cell[][] };

function groupColumns(maxLag: number): Column[] {
  return [
    { key: "published", label: "发布文件数", kind: "count" },
    { key: "notRequired", label: "无需解读", kind: "count" },
    { key: "required", label: "需解读", kind: "count" },
    { key: "interpreted", label: "已解读", kind: "count" },
    { key: "missing", label: "未解读", kind: "count" },
    { key: "interpretationRate", label: "解读率", kind: "rate" },
    { key: "synced", label: "同步发布", kind: "count" },
    { key: "syncRate", label: "同步率", kind: "rate" },
    { key: "lagged", label: "滞后发布", kind: "count" },
    { key: "maxLag", label: "最长滞后（工作日）", kind: "days" },
    { key: "overLimit", label: `滞后超过${maxLag}个工作日`, kind: "count" },
    ...FORMS.flatMap((f): Column[] => [
      { key: `form.${f}`, label: FORM_LABELS[f], kind: "count" },
      { key: `share.${f}`, label: `${FORM_LABELS[f]}占比`, kind: "rate" },
    ]),
    { key: "singleForm", label: "形式单一", kind: "count" },
  ];
}

function groupCells(g: GroupFigures): Cell[] {
  return [
    g.published,
    g.notRequired,
    g.required,
    g.interpreted,
    g.required - g.interpreted,
    g.interpretationRate,
    g.synced,
    g.syncRate,
    g.lagged,
    g.lag.maxWorkingDays,
    g.lag.overLimit,
    ...FORMS.flatMap((f): Cell[] => [g.forms[f], g.formShares[f]]),
    g.singleForm,
  ];
}

export const TOTAL_LABEL = "合计";

export function departmentTable(f: DashboardFigures): Table {
  return {
    title: "各单位解读情况",
    columns: [{ key: "department", label: "单位", kind: "text" }, ...groupColumns(f.maxLagWorkingDays)],
    rows: [...f.departments.map((d) => [d.departmentName, ...groupCells(d)]), [TOTAL_LABEL, ...groupCells(f.total)]],
  };
}

export function monthTable(f: DashboardFigures): Table {
  return {
    title: "按月解读率和同步率",
    columns: [
      { key: "month", label: "月份", kind: "text" },
      { key: "published", label: "发布文件数", kind: "count" },
      { key: "required", label: "需解读", kind: "count" },
      { key: "interpreted", label: "已解读", kind: "count" },
      { key: "interpretationRate", label: "解读率", kind: "rate" },
      { key: "synced", label: "同步发布", kind: "count" },
      { key: "syncRate", label: "同步率", kind: "rate" },
    ],
    rows: f.months.map((m) => [m.month, m.published, m.required, m.interpreted, m.interpretationRate, m.synced, m.syncRate]),
  };
}

export function waitingTable(f: DashboardFigures): Table {
  return {
    title: "各环节等待情况（当前）",
    columns: [
      { key: "stage", label: "环节", kind: "text" },
      { key: "count", label: "等待数", kind: "count" },
      { key: "averageDays", label: "平均等待（天）", kind: "days" },
      { key: "maxDays", label: "最长等待（天）", kind: "days" },
      ...WAITING_BUCKETS.map((b): Column => ({ key: `bucket.${b.key}`, label: b.label, kind: "count" })),
    ],
    rows: f.waiting.map((w) => [w.label, w.count, w.averageDays, w.maxDays, ...WAITING_BUCKETS.map((b) => w.buckets[b.key])]),
  };
}

export function checksTable(f: DashboardFigures, ruleLabel: (rule: string) => string = (r) => r): Table {
  return {
    title: "审校发布前拦截的错误（按规则）",
    columns: [
      { key: "rule", label: "审校规则", kind: "text" },
      { key: "errors", label: "拦截错误数", kind: "count" },
      { key: "documents", label: "涉及文件数", kind: "count" },
    ],
    rows: f.checks.map((c) => [ruleLabel(c.rule), c.errors, c.documents]),
  };
}

export function dashboardTables(f: DashboardFigures): Table[] {
  return [departmentTable(f), monthTable(f), waitingTable(f), checksTable(f)];
}

export function formatCell(value: Cell, kind: CellKind): string {
  if (value === null) return "—";
  if (typeof value === "string") return value;
  if (kind === "rate") return formatRate(value);
  if (kind === "days") return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// CSV: UTF-8 with a BOM (Excel and WPS otherwise read it as GBK), CRLF, RFC 4180 quoting, and
// no cell that a spreadsheet would evaluate as a formula.

export const CSV_BOM = "\uFEFF";

/** Cells a spreadsheet treats as formulas start with = + - @ (or a tab/CR that hides one). */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  const lines = [header, ...rows].map((r) => r.map(csvCell).join(","));
  return `${CSV_BOM}${lines.join("\r\n")}\r\n`;
}

/**
 * The dashboard as one CSV: each table under its title, separated by a blank line. Rates are
 * written as percentages with one decimal (what the page shows), counts as plain numbers.
 */
export function dashboardCsv(f: DashboardFigures, ruleLabel?: (rule: string) => string): string {
  const blocks: string[] = [];
  const head = [`考核统计：${f.period.label}（${f.period.from} 至 ${f.period.to}）`];
  blocks.push(toCsv(head, []).replace(CSV_BOM, ""));
  for (const t of [departmentTable(f), monthTable(f), waitingTable(f), checksTable(f, ruleLabel)]) {
    const rows = t.rows.map((r) => r.map((cell, i) => (typeof cell === "number" ? formatCell(cell, t.columns[i].kind) : cell)));
    blocks.push(toCsv([t.title], []).replace(CSV_BOM, ""));
    blocks.push(toCsv(t.columns.map((c) => c.label), rows).replace(CSV_BOM, ""));
    blocks.push("\r\n");
  }
  return CSV_BOM + blocks.join("");
}

/** The heat map's data as a table: the same departments, one share column per form. */
export function formsCoverageTable(cells: ReadonlyArray<{ department: string; form: string; share: number; count: number }>): Table {
  const departments = [...new Set(cells.map((c) => c.department))];
  const forms = [...new Set(cells.map((c) => c.form))];
  const share = new Map(cells.map((c) => [`${c.department}\u0000${c.form}`, c.share]));
  return {
    title: "解读形式覆盖（占已解读比例）",
    columns: [{ key: "department", label: "单位", kind: "text" }, ...forms.map((form): Column => ({ key: form, label: form, kind: "rate" }))],
    rows: departments.map((d) => [d, ...forms.map((form) => share.get(`${d}\u0000${form}`) ?? null)]),
  };
}
