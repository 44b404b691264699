/**
 * The 待办 lists: what each role has to do about interpretations, and how late it is. Pure — the
 * model (app/features/lifecycle/todo.server.ts) loads the candidate rows; this decides the due
 * state of each, orders them (latest first) and groups the office's view by unit.
 */
import type { DocumentState } from "~/domain/vocabulary";
import type { WorkingCalendar } from "~/domain/dashboard/working-days";
import { type DueState, dueLabel, dueState, interpretationDue, isDueSoonOrLate } from "./deadlines";

export type TodoCandidate = {
  documentId: number;
  title: string;
  departmentId: number;
  departmentName: string;
  status: DocumentState;
  writtenDate: string | null;
  publishedAt: string | null;
  interpretationRequired: boolean;
  /** what the user is asked to do, e.g. “等待您审签” */
  reason: string;
};

export type TodoItem = TodoCandidate & { due: string | null; dueState: DueState | null; dueLabel: string | null; urgent: boolean };

export type TodoRules = { maxLagWorkingDays: number; calendar: WorkingCalendar; today: string };

export function withDue(candidate: TodoCandidate, rules: TodoRules): TodoItem {
  const due = interpretationDue(candidate, rules.maxLagWorkingDays, rules.calendar);
  const state = due ? dueState(due.due, rules.today, rules.calendar) : null;
  return { ...candidate, due: due?.due ?? null, dueState: state, dueLabel: state ? dueLabel(state) : null, urgent: state ? isDueSoonOrLate(state) : false };
}

const lateness = (item: TodoItem): number => {
  const s = item.dueState;
  if (!s) return Number.NEGATIVE_INFINITY;
  if (s.kind === "overdue") return 1000 + s.workingDaysLate;
  if (s.kind === "today") return 1000;
  return 1000 - s.workingDaysLeft - 1;
};

/** Most overdue first, then the nearest due date; items without a due date last. */
export function orderTodo(items: TodoItem[]): TodoItem[] {
  return [...items].sort((a, b) => lateness(b) - lateness(a) || a.documentId - b.documentId);
}

export type OverdueByUnit = { departmentId: number; departmentName: string; overdue: TodoItem[] };

/** The office's view: each unit with documents whose interpretation is overdue, worst unit first. */
export function overdueByUnit(items: TodoItem[]): OverdueByUnit[] {
  const units = new Map<number, OverdueByUnit>();
  for (const item of orderTodo(items)) {
    if (item.dueState?.kind !== "overdue") continue;
    const unit = units.get(item.departmentId) ?? { departmentId: item.departmentId, departmentName: item.departmentName, overdue: [] };
    unit.overdue.push(item);
    units.set(item.departmentId, unit);
  }
  return [...units.values()].sort((a, b) => b.overdue.length - a.overdue.length || a.departmentId - b.departmentId);
}
