/**
 * The audit trail as CSV, for the document page's download and the evidence pack.
 */
import { describeAuditAction } from "~/domain/workflow";
import { DOCUMENT_STATES, STATE_LABELS } from "~/domain/vocabulary";

/** The audit trail as CSV (UTF-8 with BOM so spreadsheet software reads the Chinese). */
export function auditCsv(rows: { id: number; at: string; actorName: string | null; action: string; fromState: string | null; toState: string | null; reason: string | null; details: Record<string, unknown> | null }[]): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? "" : String(v);
    // neutralise spreadsheet formulas; quote everything
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
    return `"${safe.replace(/"/g, '""')}"`;
  };
  const header = ["序号", "时间", "操作人", "操作", "原状态", "新状态", "原因/意见", "详情", "操作代码"];
  const state = (s: string | null) => {
    const known = DOCUMENT_STATES.find((x) => x === s);
    return known ? STATE_LABELS[known] : s;
  };
  const lines = rows.map((r) =>
    [
      r.id,
      r.at,
      r.actorName ?? "系统",
      describeAuditAction(r.action, r.details),
      state(r.fromState),
      state(r.toState),
      r.reason,
      r.details ? JSON.stringify(r.details) : null,
      r.action,
    ]
      .map(cell)
      .join(","),
  );
  return `\uFEFF${[header.map(cell).join(","), ...lines].join("\r\n")}\r\n`;
}
