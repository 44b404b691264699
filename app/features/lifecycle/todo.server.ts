/**
 * 待办: per role, the documents waiting for this user, each with its interpretation due date
 * (app/domain/lifecycle/deadlines.ts), and for the 政务公开 office the overdue ones by unit.
 *
 *   drafter   — own unit, 起草中 / 退回修改 / 更正中 (the drafter moves next)
 *   reviewer  — gates they hold that have no verdict this round (app/features/workflow/inbox.server.ts)
 *   head      — own unit, 待审签
 *   publisher — 已审签, waiting to be published (admins see this too)
 *   office    — every unit's documents whose interpretation is overdue (dashboard.view)
 *
 * A document whose interpretation is already public (first publication done, or 无需解读) has no
 * due date: corrections and follow-ups are listed, but never overdue.
 */
import { and, eq, inArray, isNull, ne, type SQL } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { departments, documents, packages } from "~/db/schema";
import type { DocumentState } from "~/domain/vocabulary";
import { calendarFromSettings } from "~/domain/dashboard/working-days";
import { beijingToday } from "~/domain/lifecycle/deadlines";
import { type OverdueByUnit, type TodoCandidate, type TodoItem, type TodoRules, orderTodo, overdueByUnit, withDue } from "~/domain/lifecycle/todo";
import { can } from "~/domain/permissions";
import type { SessionUser } from "~/models/auth.server";
import { inboxFor } from "~/features/workflow/index.server";
import { readAdminSettings } from "~/models/settings.server";
import { type ExpiredWithInterpretation, expiredWithLiveInterpretations } from "./validity.server";

export type TodoPage = {
  today: string;
  maxLagWorkingDays: number;
  /** what this user must act on */
  mine: TodoItem[];
  /** the office's view; null for users without the dashboard */
  office: { units: OverdueByUnit[]; expired: ExpiredWithInterpretation[] } | null;
};

export function todoRules(db: Db, now: Date): TodoRules {
  const s = readAdminSettings(db);
  return { maxLagWorkingDays: s.maxLagWorkingDays, calendar: calendarFromSettings(s.holidays, s.workdays), today: beijingToday(now) };
}

const DRAFTER_REASONS: Partial<Record<DocumentState, string>> = {
  drafting: "起草中：请完成解读材料并提交审核",
  returned: "被退回：请按审核意见修改后重新提交",
  correcting: "更正或续写解读中：修改后重新提交审核",
};

function candidates(db: Db, where: SQL | undefined, reason: (status: DocumentState) => string): TodoCandidate[] {
  return db
    .select({
      documentId: documents.id,
      title: documents.title,
      departmentId: documents.departmentId,
      departmentName: departments.name,
      status: documents.status,
      writtenDate: documents.writtenDate,
      publishedAt: documents.publishedAt,
      interpretationRequired: documents.interpretationRequired,
      packagePublishedAt: packages.publishedAt,
    })
    .from(documents)
    .innerJoin(departments, eq(departments.id, documents.departmentId))
    .leftJoin(packages, eq(packages.documentId, documents.id))
    .where(where)
    .all()
    .map(({ packagePublishedAt, ...row }) => ({
      ...row,
      // once the interpretation is public the deadline is met; nothing more is due
      interpretationRequired: row.interpretationRequired && packagePublishedAt === null,
      reason: reason(row.status),
    }));
}

/** The items this user acts on, due dates computed. */
export function myTodo(user: SessionUser, db: Db, rules: TodoRules): TodoItem[] {
  let rows: TodoCandidate[] = [];
  if (user.role === "drafter") {
    const states = Object.keys(DRAFTER_REASONS).filter((s): s is DocumentState => s in DRAFTER_REASONS);
    rows = candidates(db, and(eq(documents.departmentId, user.departmentId), inArray(documents.status, states)), (s) => DRAFTER_REASONS[s] ?? "");
  } else {
    // reviewer, head, publisher, admin: exactly the inbox (the 待我审核 page), with due dates
    const inbox = inboxFor(user);
    const reasons = new Map(inbox.map((i) => [i.id, i.reason]));
    rows = inbox.length ? candidates(db, inArray(documents.id, [...reasons.keys()]), () => "").map((r) => ({ ...r, reason: reasons.get(r.documentId) ?? "" })) : [];
  }
  return orderTodo(rows.map((r) => withDue(r, rules)));
}

/** Every unit's documents still without a public interpretation, due dates computed. */
function openInterpretations(db: Db, rules: TodoRules): TodoItem[] {
  const rows = candidates(
    db,
    and(eq(documents.interpretationRequired, true), ne(documents.status, "withdrawn"), isNull(packages.publishedAt)),
    () => "解读已逾期：请督促起草单位尽快完成",
  );
  return rows.map((r) => withDue(r, rules));
}

export function todoPage(user: SessionUser, options: { db?: Db; now?: Date } = {}): TodoPage {
  const db = options.db ?? getDb();
  const rules = todoRules(db, options.now ?? new Date());
  const office = can(user, "dashboard.view").ok
    ? { units: overdueByUnit(openInterpretations(db, rules)), expired: expiredWithLiveInterpretations(db, rules.today) }
    : null;
  return { today: rules.today, maxLagWorkingDays: rules.maxLagWorkingDays, mine: myTodo(user, db, rules), office };
}

/** The navigation badge: items to act on, plus (office) overdue documents and expired ones still interpreted. */
export function todoCount(page: TodoPage): number {
  const office = page.office ? page.office.units.reduce((n, u) => n + u.overdue.length, 0) + page.office.expired.length : 0;
  return page.mine.length + office;
}
