/** Chinese labels for the codes stored in the database. One table, used by UI, exports and CLI. */
import type { DocumentState, Gate, Role } from "~/db/schema";

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

export const ROLE_LABELS: Record<Role, string> = {
  drafter: "起草人",
  reviewer: "审核人",
  head: "第一解读人（负责人）",
  publisher: "发布员",
  admin: "管理员",
};

export const GATE_LABELS: Record<Gate, string> = {
  political: "政治关",
  legal: "法律关",
  secrecy: "保密关",
  text: "文字关",
};

export const VALIDITY_LABELS = { valid: "有效", amended: "已修订", repealed: "已废止", expired: "已失效", unknown: "未知" } as const;

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
 * An instant as an officer reads the clock in 北京时间, "2024-09-10 14:03" — the same on the server
 * and in every browser (no hydration mismatch, no UTC surprise).
 */
export function formatBeijingTime(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}`;
}
