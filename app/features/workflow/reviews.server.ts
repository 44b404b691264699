/**
 * What reviewers leave on a package besides moves: acknowledged 审校 warnings, the verdict
 * history, who holds which gate, and the feedback the editor shows beside the fields.
 */
import { asc, desc, eq } from "drizzle-orm";
import { type Db, type Reader, getDb } from "~/db/client.server";
import { documents, findingAcks, gateAssignments, packages, reviewRecords, users } from "~/db/schema";
import { type Actor, can } from "~/domain/permissions";
import type { Verdict } from "~/domain/workflow";
import { appendAudit } from "~/models/audit.server";
import { type CheckedFinding, type PackageCheck, checkStoredPackage } from "~/features/checks/index.server";
import { GATES, type Gate } from "~/domain/vocabulary";
import type { WorkflowResult } from "./moves.server";

// ---------------------------------------------------------------------------------------------
// Reviews, acknowledgements, gate assignments

/** A reviewer confirms a 审校 warning was checked; stored once per package and finding. */
export function acknowledgeFinding(actor: Actor, documentId: number, key: string, note: string | null, db: Db = getDb()): WorkflowResult {
  return db.transaction((tx) => {
    const doc = tx.select({ status: documents.status, departmentId: documents.departmentId }).from(documents).where(eq(documents.id, documentId)).get();
    const pkg = tx.select({ id: packages.id }).from(packages).where(eq(packages.documentId, documentId)).get();
    if (!doc || !pkg) return { ok: false, reason: "没有找到这个文件，请刷新后重试。" };
    const permitted = can(actor, "review.gate", { departmentId: doc.departmentId });
    if (!permitted.ok) return permitted;
    if (doc.status !== "submitted" && doc.status !== "in_review") return { ok: false, reason: "只有审核中的文件可以确认审校提示。" };
    const finding = checkStoredPackage(tx, documentId)?.findings.find((f) => f.key === key);
    if (!finding) return { ok: false, reason: "这条审校提示已不存在（内容可能已修改），请刷新页面。" };
    if (finding.severity === "error") return { ok: false, reason: "审校错误不能确认放行，须由起草人修改。" };
    const inserted = tx.insert(findingAcks).values({ packageId: pkg.id, findingKey: key, userId: actor.id, note: note?.trim() || null }).onConflictDoNothing().run();
    if (inserted.changes > 0) {
      appendAudit(tx, {
        actorId: actor.id,
        action: "review.finding_acknowledged",
        documentId,
        packageId: pkg.id,
        reason: note?.trim() || null,
        details: { rule: finding.rule, excerpt: finding.excerpt, key },
      });
    }
    return { ok: true, status: doc.status };
  });
}

export type ReviewRecordView = { id: number; round: number; gate: Gate; verdict: Verdict; opinion: string; reviewerName: string; createdAt: string };

/** Every verdict of every round, newest round first: the drafter sees why it was returned. */
export function reviewRecordsFor(packageId: number, db: Reader = getDb()): ReviewRecordView[] {
  return db
    .select({
      id: reviewRecords.id,
      round: reviewRecords.round,
      gate: reviewRecords.gate,
      verdict: reviewRecords.verdict,
      opinion: reviewRecords.opinion,
      reviewerName: users.displayName,
      createdAt: reviewRecords.createdAt,
    })
    .from(reviewRecords)
    .innerJoin(users, eq(users.id, reviewRecords.reviewerId))
    .where(eq(reviewRecords.packageId, packageId))
    .orderBy(desc(reviewRecords.round), asc(reviewRecords.id))
    .all();
}

export type EditorFinding = Pick<CheckedFinding, "key" | "rule" | "severity" | "message" | "excerpt" | "expected" | "acknowledged"> & { field: string | null };
export type ReturnOpinion = { gate: Gate; opinion: string; reviewerName: string; round: number; createdAt: string };
export type EditorFeedback = { findings: EditorFinding[]; counts: PackageCheck["counts"]; returns: ReturnOpinion[] };

/** The editor lists at most this many findings (the counts stay exact). */
const EDITOR_FINDINGS_MAX = 200;

/**
 * What the package editor shows beside the fields: the 审校 findings of the saved draft (the
 * same run as the review page and the submit gate) and, per gate, its latest verdict when that
 * was a 退回 — a gate that passed since has nothing left to say.
 */
export function editorFeedback(documentId: number, db: Reader = getDb()): EditorFeedback {
  const check = checkStoredPackage(db, documentId);
  const pkg = db.select({ id: packages.id }).from(packages).where(eq(packages.documentId, documentId)).get();
  const latest = new Map<Gate, ReviewRecordView>();
  for (const r of pkg ? reviewRecordsFor(pkg.id, db) : []) if (!latest.has(r.gate)) latest.set(r.gate, r); // newest round first
  const returns = GATES.flatMap((gate) => {
    const r = latest.get(gate);
    return r && r.verdict === "return" ? [{ gate, opinion: r.opinion, reviewerName: r.reviewerName, round: r.round, createdAt: r.createdAt }] : [];
  });
  const findings = (check?.findings ?? []).slice(0, EDITOR_FINDINGS_MAX).map((f) => ({
    key: f.key,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    excerpt: f.excerpt,
    expected: f.expected,
    acknowledged: f.acknowledged,
    field: f.field ?? null,
  }));
  return { findings, counts: check?.counts ?? { error: 0, warning: 0, info: 0, unacknowledgedWarnings: 0 }, returns };
}

/** Who holds which gate for a department. */
export function gateReviewers(departmentId: number, db: Reader = getDb()): { gate: Gate; reviewerId: number; reviewerName: string }[] {
  return db
    .select({ gate: gateAssignments.gate, reviewerId: gateAssignments.reviewerId, reviewerName: users.displayName })
    .from(gateAssignments)
    .innerJoin(users, eq(users.id, gateAssignments.reviewerId))
    .where(eq(gateAssignments.departmentId, departmentId))
    .all();
}
