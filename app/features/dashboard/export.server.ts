/**
 * The dashboard as files: .xlsx (exceljs) and .csv. Both are built from the same tables as the
 * page (app/domain/dashboard/table.ts), so a number can only differ in formatting. In the .xlsx,
 * counts and rates are numbers (rates as fractions with a % format) so they can be summed and
 * charted; nothing is ever written as a formula.
 */
import ExcelJS from "exceljs";
import type { DashboardFigures } from "~/domain/dashboard/metrics";
import { metricDefinitions } from "~/domain/dashboard/metrics";
import type { Period } from "~/domain/dashboard/period";
import { type Table, checksTable, dashboardCsv, departmentTable, monthTable, waitingTable } from "~/domain/dashboard/table";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const CSV_TYPE = "text/csv; charset=utf-8";

/** Sheet names as they appear in the workbook (Excel limits them to 31 characters). */
export const SHEETS = { departments: "各单位", months: "按月", waiting: "待办等待", checks: "审校拦截", definitions: "口径说明" } as const;

function addTableSheet(workbook: ExcelJS.Workbook, name: string, table: Table): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", xSplit: 1, ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(10, Math.min(40, c.label.length * 2 + 4)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((cell) => (cell === null ? null : cell)));
  table.columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    if (c.kind === "rate") column.numFmt = "0.0%";
    if (c.kind === "days") column.numFmt = "0.0";
  });
}

export async function dashboardXlsx(period: Period, figures: DashboardFigures): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "解读工坊";
  workbook.title = `考核统计 ${period.label}`;
  workbook.created = new Date();
  addTableSheet(workbook, SHEETS.departments, departmentTable(figures));
  addTableSheet(workbook, SHEETS.months, monthTable(figures));
  addTableSheet(workbook, SHEETS.waiting, waitingTable(figures));
  addTableSheet(workbook, SHEETS.checks, checksTable(figures));
  const defs = workbook.addWorksheet(SHEETS.definitions);
  defs.columns = [
    { header: "指标", key: "label", width: 24 },
    { header: "口径", key: "definition", width: 100 },
  ];
  defs.getRow(1).font = { bold: true };
  defs.addRow(["统计周期", `${period.label}（${period.from} 至 ${period.to}，按发布日期，北京时间）`]);
  for (const d of metricDefinitions(figures.maxLagWorkingDays)) defs.addRow([d.label, d.definition]);
  const data = await workbook.xlsx.writeBuffer();
  return new Uint8Array(Buffer.from(data));
}

export function dashboardCsvFile(figures: DashboardFigures): string {
  return dashboardCsv(figures);
}

/** Content-Disposition with an ASCII fallback and the Chinese name per RFC 6266/5987. */
export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function exportFileStem(period: Period): { ascii: string; chinese: string } {
  const range = period.from === period.to ? period.from : `${period.from}_${period.to}`;
  return { ascii: `kaohe-${range}`, chinese: `考核统计-${period.label.replace(/\s+/g, "")}` };
}
