/**
 * The audit trail. Append-only by construction: this module exports an insert and reads, and no
 * other module touches `audit_log` (checked by tests/unit/audit-append-only.test.ts).
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { auditLog, users } from "~/db/schema";

type Tx = Pick<Db, "insert" | "select">;

export type AuditEntry = {
  actorId: number | null;
  action: string;
  documentId?: number | null;
  packageId?: number | null;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
};

export function appendAudit(tx: Tx, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      actorId: entry.actorId,
      action: entry.action,
      documentId: entry.documentId ?? null,
      packageId: entry.packageId ?? null,
      fromState: entry.fromState ?? null,
      toState: entry.toState ?? null,
      reason: entry.reason ?? null,
      details: entry.details ?? null,
    })
    .run();
}

export function auditTrailForDocument(db: Db, documentId: number) {
  return db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      fromState: auditLog.fromState,
      toState: auditLog.toState,
      reason: auditLog.reason,
      details: auditLog.details,
      actorName: users.displayName,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.documentId, documentId))
    .orderBy(asc(auditLog.id))
    .all();
}
