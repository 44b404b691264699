/**
 * "What waits for me": the items behind the 待我审核 page and the count badge in the header.
 * Reviewers: documents in review at a gate they hold and have not yet decided this round;
 * heads: their department's packages awaiting sign-off; publishers: signed documents.
 */
import { and, eq, inArray, notExists, or, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { departments, documents, gateAssignments, packages, reviewRecords } from "~/db/schema";
import type { SessionUser } from "~/models/auth.server";

export type InboxItem = { id: number; title: string; departmentName: string; status: string; reason: string };

export function inboxFor(user: SessionUser): InboxItem[] {
  const db = getDb();
  const base = db
    .select({ id: documents.id, title: documents.title, departmentName: departments.name, status: documents.status })
    .from(documents)
    .innerJoin(departments, eq(departments.id, documents.departmentId));

  if (user.role === "reviewer") {
    const rows = base
      .innerJoin(packages, eq(packages.documentId, documents.id))
      .innerJoin(
        gateAssignments,
        and(eq(gateAssignments.departmentId, documents.departmentId), eq(gateAssignments.reviewerId, user.id)),
      )
      .where(
        and(
          inArray(documents.status, ["submitted", "in_review"]),
          notExists(
            db
              .select({ one: sql`1` })
              .from(reviewRecords)
              .where(
                and(
                  eq(reviewRecords.packageId, packages.id),
                  eq(reviewRecords.round, packages.round),
                  eq(reviewRecords.gate, gateAssignments.gate),
                ),
              ),
          ),
        ),
      )
      .groupBy(documents.id)
      .all();
    return rows.map((r) => ({ ...r, reason: "等待您审核" }));
  }
  if (user.role === "head") {
    return base
      .where(and(eq(documents.departmentId, user.departmentId), eq(documents.status, "awaiting_signoff")))
      .all()
      .map((r) => ({ ...r, reason: "等待您审签" }));
  }
  if (user.role === "publisher" || user.role === "admin") {
    return base
      .where(or(eq(documents.status, "signed")))
      .all()
      .map((r) => ({ ...r, reason: "已审签，等待发布" }));
  }
  if (user.role === "drafter") {
    return base
      .where(and(eq(documents.departmentId, user.departmentId), eq(documents.status, "returned")))
      .all()
      .map((r) => ({ ...r, reason: "被退回，请按审核意见修改" }));
  }
  return [];
}
