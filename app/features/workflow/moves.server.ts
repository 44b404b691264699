/**
 * Executes workflow moves decided by the state machine (app/domain/workflow.ts): one SQLite
 * transaction per move — load the state, ask `transition`, apply its effects, set the status,
 * append the audit row. Nothing here decides whether a move is allowed.
 *
 * Map:
 *   loadWorkflowState (document, package, this round's verdicts, 审校 findings and acks)
 *   applyWorkflowAction → transition → applyEffects → documents.status → appendAudit
 *   publishDocument = applyWorkflowAction(publish): document.published_at, then package
 *     published_at + snapshot, in ONE transaction (hooks.betweenPublishWrites lets a test fail
 *     it in the middle); after commit, startPublishExport queues the new-media export.
 */
import { and, asc, count, desc, eq, max } from "drizzle-orm";
import { type Db, type Reader, type Tx, getDb } from "~/db/client.server";
import { documents, followUps, packages, reviewRecords, revisions } from "~/db/schema";
import { missingDocumentMeta, submissionBlockers } from "~/domain/package/completeness";
import { emptyPackageContent } from "~/domain/package/content";
import { publishedDocumentOf } from "~/domain/public/document-snapshot";
import type { Actor } from "~/domain/permissions";
import { type Verdict, type WorkflowAction, type WorkflowEffect, type WorkflowState, transition } from "~/domain/workflow";
import { appendAudit } from "~/models/audit.server";
import { startPublishExport } from "~/features/export/index.server";
import { queuePublishWebhook } from "~/features/handoff/index.server";
import { type PackageCheck, checkStoredPackage, recordCaughtErrors } from "~/features/checks/index.server";
import { loadPackageContent } from "~/features/package/index.server";
import { qaMinCount } from "~/models/settings.server";
import type { DocumentState, Gate } from "~/domain/vocabulary";

export type WorkflowResult = { ok: true; status: DocumentState } | { ok: false; reason: string };

export type WorkflowHooks = {
  /** runs inside the publish transaction after the document row is written, before the package row */
  betweenPublishWrites?: () => void;
};
// ---------------------------------------------------------------------------------------------
// State

export function loadWorkflowState(db: Reader, documentId: number, checked?: PackageCheck | null): (WorkflowState & { documentId: number; packageId: number }) | null {
  const doc = db
    .select({
      status: documents.status,
      departmentId: documents.departmentId,
      interpretationRequired: documents.interpretationRequired,
      noInterpretationSignedAt: documents.noInterpretationSignedAt,
      publishedAt: documents.publishedAt,
      withdrawnAt: documents.withdrawnAt,
      title: documents.title,
      docNumber: documents.docNumber,
      issuer: documents.issuer,
      writtenDate: documents.writtenDate,
    })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get();
  const pkg = db.select().from(packages).where(eq(packages.documentId, documentId)).get();
  if (!doc || !pkg) return null;
  const verdicts = db
    .select({ gate: reviewRecords.gate, verdict: reviewRecords.verdict })
    .from(reviewRecords)
    .where(and(eq(reviewRecords.packageId, pkg.id), eq(reviewRecords.round, pkg.round)))
    .orderBy(asc(reviewRecords.id))
    .all();
  const gateVerdicts: Partial<Record<Gate, Verdict>> = {};
  for (const v of verdicts) gateVerdicts[v.gate] = v.verdict;
  const check = checked === undefined ? checkStoredPackage(db, documentId) : checked;
  return {
    documentId,
    packageId: pkg.id,
    status: doc.status,
    departmentId: doc.departmentId,
    round: pkg.round,
    gateVerdicts,
    blockingFindings: check?.counts.error ?? 0,
    packageGaps: submissionBlockers(check?.content ?? emptyPackageContent(), doc, { qaMinCount: qaMinCount(db) }),
    metadataGaps: missingDocumentMeta(doc),
    unacknowledgedWarnings: check?.counts.unacknowledgedWarnings ?? 0,
    packageSigned: pkg.signedAt !== null,
    noInterpretationSigned: !doc.interpretationRequired && doc.noInterpretationSignedAt !== null,
    isPublic: doc.publishedAt !== null && doc.withdrawnAt === null,
    followUps: followUpState(db, documentId),
  };
}

function followUpState(db: Reader, documentId: number): { pending: boolean; published: number } {
  const rows = db.select({ status: followUps.status, n: count() }).from(followUps).where(eq(followUps.documentId, documentId)).groupBy(followUps.status).all();
  return { pending: rows.some((r) => r.status === "drafting" && r.n > 0), published: rows.find((r) => r.status === "published")?.n ?? 0 };
}

// ---------------------------------------------------------------------------------------------
// Moves

/** The live fields frozen into documents.published_document at publish. */
const liveDocumentColumns = {
  title: documents.title,
  docNumber: documents.docNumber,
  issuer: documents.issuer,
  writtenDate: documents.writtenDate,
  releaseDate: documents.releaseDate,
  indexNo: documents.indexNo,
  validity: documents.validity,
  topic: documents.topic,
  publicity: documents.publicity,
  structure: documents.structure,
  normalizedText: documents.normalizedText,
};

function applyEffect(tx: Tx, ids: { documentId: number; packageId: number; actorId: number }, effect: WorkflowEffect, hooks: WorkflowHooks): void {
  switch (effect.type) {
    case "incrementRound": {
      const pkg = tx.select({ round: packages.round }).from(packages).where(eq(packages.id, ids.packageId)).get();
      tx.update(packages).set({ round: (pkg?.round ?? 0) + 1 }).where(eq(packages.id, ids.packageId)).run();
      return;
    }
    case "clearSignature":
      tx.update(packages).set({ signedById: null, signedAt: null }).where(eq(packages.id, ids.packageId)).run();
      return;
    case "recordVerdict":
      tx.insert(reviewRecords)
        .values({ packageId: ids.packageId, round: effect.round, gate: effect.gate, reviewerId: ids.actorId, verdict: effect.verdict, opinion: effect.opinion })
        .run();
      return;
    case "signPackage":
      tx.update(packages).set({ signedById: effect.by, signedAt: effect.at }).where(eq(packages.id, ids.packageId)).run();
      return;
    case "recordNoInterpretation":
      tx.update(documents)
        .set({ interpretationRequired: false, noInterpretationReason: effect.reason, noInterpretationSignedBy: effect.by, noInterpretationSignedAt: effect.at })
        .where(eq(documents.id, ids.documentId))
        .run();
      return;
    case "publish": {
      // 三同步: the same instant on both rows; the public site renders only the snapshots (the
      // document's public fields here, the package content below), never the live rows.
      const releaseDate = effect.at.slice(0, 10);
      const live = tx.select(liveDocumentColumns).from(documents).where(eq(documents.id, ids.documentId)).get();
      tx.update(documents)
        .set({ publishedAt: effect.at, withdrawnAt: null, releaseDate, publishedDocument: live ? publishedDocumentOf({ ...live, releaseDate }) : null })
        .where(eq(documents.id, ids.documentId))
        .run();
      hooks.betweenPublishWrites?.();
      const pkg = tx.select({ signedAt: packages.signedAt }).from(packages).where(eq(packages.id, ids.packageId)).get();
      if (pkg?.signedAt) {
        const revision = tx
          .select({ id: revisions.id })
          .from(revisions)
          .where(eq(revisions.packageId, ids.packageId))
          .orderBy(desc(revisions.version))
          .get();
        tx.update(packages)
          .set({ publishedAt: effect.at, publishedSnapshot: loadPackageContent(tx, ids.packageId), publishedRevisionId: revision?.id ?? null })
          .where(eq(packages.id, ids.packageId))
          .run();
      }
      return;
    }
    case "withdraw":
      tx.update(documents).set({ withdrawnAt: effect.at }).where(eq(documents.id, ids.documentId)).run();
      return;
    case "startExport":
      // queued after commit by startPublishExport, so a failing export never unpublishes
      return;
    case "openFollowUp": {
      const last = tx.select({ seq: max(followUps.seq) }).from(followUps).where(eq(followUps.documentId, ids.documentId)).get();
      tx.insert(followUps)
        .values({ documentId: ids.documentId, seq: (last?.seq ?? 0) + 1, kind: effect.kind, title: effect.title, reason: effect.reason, createdById: effect.by })
        .run();
      return;
    }
    case "publishFollowUp":
      tx.update(followUps)
        .set({ status: "published", publishedAt: effect.at, snapshot: loadPackageContent(tx, ids.packageId) })
        .where(and(eq(followUps.documentId, ids.documentId), eq(followUps.status, "drafting")))
        .run();
      return;
    case "correctFollowUp": {
      const latest = tx
        .select({ id: followUps.id })
        .from(followUps)
        .where(and(eq(followUps.documentId, ids.documentId), eq(followUps.status, "published")))
        .orderBy(desc(followUps.seq))
        .get();
      if (latest) tx.update(followUps).set({ snapshot: loadPackageContent(tx, ids.packageId) }).where(eq(followUps.id, latest.id)).run();
      // the document's corrected public fields; its publication date stays that of the document
      const current = tx.select({ releaseDate: documents.releaseDate }).from(documents).where(eq(documents.id, ids.documentId)).get();
      const live = tx.select(liveDocumentColumns).from(documents).where(eq(documents.id, ids.documentId)).get();
      if (live) tx.update(documents).set({ publishedDocument: publishedDocumentOf({ ...live, releaseDate: current?.releaseDate ?? live.releaseDate }) }).where(eq(documents.id, ids.documentId)).run();
      return;
    }
  }
}

function runMove(tx: Tx, actor: Actor, documentId: number, action: WorkflowAction, at: string, hooks: WorkflowHooks): WorkflowResult & { effects?: WorkflowEffect[] } {
  const state = loadWorkflowState(tx, documentId);
  if (!state) return { ok: false, reason: "没有找到这个文件或它的解读材料，请返回列表刷新后重试。" };
  const result = transition(state, action, { actor, at });
  if (!result.ok) return result;
  const ids = { documentId, packageId: state.packageId, actorId: actor.id };
  for (const effect of result.effects) applyEffect(tx, ids, effect, hooks);
  tx.update(documents).set({ status: result.next, updatedAt: at }).where(eq(documents.id, documentId)).run();
  appendAudit(tx, {
    actorId: result.audit.actorId,
    action: result.audit.action,
    documentId,
    packageId: state.packageId,
    fromState: result.audit.fromState,
    toState: result.audit.toState,
    reason: result.audit.reason,
    details: { ...result.audit.details, at: result.audit.at },
  });
  return { ok: true, status: result.next, effects: result.effects };
}

class Refused extends Error {}

/**
 * Runs one workflow move for `actor` in one transaction. A verdict on a freshly submitted
 * document first records 开始审核 (its own audit row) in the same transaction.
 */
export function applyWorkflowAction(
  actor: Actor,
  documentId: number,
  action: WorkflowAction,
  options: { db?: Db; hooks?: WorkflowHooks; now?: () => Date } = {},
): WorkflowResult {
  const db = options.db ?? getDb();
  const hooks = options.hooks ?? {};
  const at = (options.now?.() ?? new Date()).toISOString();
  let outcome: ReturnType<typeof runMove>;
  try {
    outcome = db.transaction(
      (tx) => {
        if (action.type === "verdict") {
          const current = tx.select({ status: documents.status }).from(documents).where(eq(documents.id, documentId)).get();
          if (current?.status === "submitted") {
            const started = runMove(tx, actor, documentId, { type: "startReview" }, at, hooks);
            if (!started.ok) return started;
          }
        }
        const result = runMove(tx, actor, documentId, action, at, hooks);
        // a refused move must leave no trace, including a startReview made just before it
        if (!result.ok) throw new Refused(result.reason);
        return result;
      },
      { behavior: "immediate" },
    );
  } catch (error) {
    if (error instanceof Refused) {
      if (action.type === "submit") recordBlockedSubmission(db, actor, documentId);
      return { ok: false, reason: error.message };
    }
    throw error;
  }
  if (outcome.ok && outcome.effects?.some((e) => e.type === "startExport")) {
    try {
      startPublishExport(documentId, actor.id, db);
    } catch {
      // the document stays published; the export can be retried from the UI
    }
  }
  if (outcome.ok && action.type === "publish") {
    try {
      queuePublishWebhook(documentId, db);
    } catch (error) {
      // the document stays published; the admin's delivery log shows what was (not) sent
      console.warn("publish webhook not queued:", error);
    }
  }
  return outcome.ok ? { ok: true, status: outcome.status } : outcome;
}

/**
 * A submission refused because 审校 found errors is a moment the machine caught them before
 * release: it is recorded (action "checks.blocked", details.rules = {rule: count} of the errors
 * not recorded before, e.g. by the save that introduced them) so the 考核 dashboard counts each
 * error once. The document itself is untouched.
 */
function recordBlockedSubmission(db: Db, actor: Actor, documentId: number): void {
  const check = checkStoredPackage(db, documentId);
  const errors = check?.counts.error ?? 0;
  if (errors === 0) return;
  db.transaction((tx) => {
    recordCaughtErrors(tx, documentId, check, { action: "checks.blocked", actorId: actor.id, reason: `审校发现 ${errors} 处错误，提交未成功` });
  });
}

/** 同步发布: document and package public at the same instant, or neither (see the hooks). */
export function publishDocument(actor: Actor, documentId: number, options: { db?: Db; hooks?: WorkflowHooks; now?: () => Date } = {}): WorkflowResult {
  return applyWorkflowAction(actor, documentId, { type: "publish" }, options);
}
