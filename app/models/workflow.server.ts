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
import { and, asc, desc, eq } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import {
  DOCUMENT_STATES,
  type DocumentState,
  type Gate,
  documents,
  exportJobs,
  findingAcks,
  gateAssignments,
  packages,
  reviewRecords,
  revisions,
  users,
} from "~/db/schema";
import { missingDocumentMeta, submissionBlockers } from "~/domain/package/completeness";
import { emptyPackageContent } from "~/domain/package/content";
import { publishedDocumentOf } from "~/domain/public/document-snapshot";
import { type Actor, can } from "~/domain/permissions";
import { GATE_LABELS, STATE_LABELS } from "~/domain/labels";
import { type Verdict, type WorkflowAction, type WorkflowEffect, type WorkflowState, describeAuditAction, pendingGates, transition } from "~/domain/workflow";
import { queuePublishWebhook } from "~/features/handoff/webhook.server";
import { appendAudit } from "./audit.server";
import { activeHeadsOf } from "./documents.server";
import { kickExportWorker } from "./export-jobs.server";
import { type CheckedFinding, type PackageCheck, checkStoredPackage, recordCaughtErrors } from "./package-checks.server";
import { loadPackageContent } from "./package-content.server";
import { qaMinCount } from "./settings.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Reader = Pick<Db, "select">;

export type WorkflowResult = { ok: true; status: DocumentState } | { ok: false; reason: string };

export type WorkflowHooks = {
  /** runs inside the publish transaction after the document row is written, before the package row */
  betweenPublishWrites?: () => void;
};

// ---------------------------------------------------------------------------------------------
// 审校 on a stored package: app/models/package-checks.server.ts

export { type CheckedFinding, type PackageCheck, checkStoredPackage, wordRulesFor } from "./package-checks.server";

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
  };
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

/**
 * Hook for the new-media exporter: records a queued export job for the published package (the
 * exporter's worker picks queued jobs up). Safe to call again to retry a failed export.
 */
export function startPublishExport(documentId: number, actorId: number | null, db: Db = getDb()): number | null {
  const pkg = db.select({ id: packages.id, plan: packages.plan, publishedAt: packages.publishedAt }).from(packages).where(eq(packages.documentId, documentId)).get();
  if (!pkg?.publishedAt) return null;
  const channels = pkg.plan.channels.length ? pkg.plan.channels : ["web"];
  // always the publication, even when a correction has started before the worker gets to it
  const job = db.insert(exportJobs).values({ packageId: pkg.id, requestedById: actorId, channels, source: "published", status: "queued" }).returning({ id: exportJobs.id }).get();
  kickExportWorker();
  return job.id;
}

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
  const returns = GATE_ORDER.flatMap((gate) => {
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

/** Assign (or reassign) one gate of a department to a reviewer. */
export function assignGate(actor: Actor, departmentId: number, gate: Gate, reviewerId: number, db: Db = getDb()): { ok: true } | { ok: false; reason: string } {
  const permitted = can(actor, "admin.manage");
  if (!permitted.ok) return permitted;
  const reviewer = db.select({ role: users.role }).from(users).where(eq(users.id, reviewerId)).get();
  if (reviewer?.role !== "reviewer") return { ok: false, reason: "只能把审核关指派给审核人账号。" };
  db.transaction((tx) => {
    tx.insert(gateAssignments)
      .values({ departmentId, gate, reviewerId })
      .onConflictDoUpdate({ target: [gateAssignments.departmentId, gateAssignments.gate], set: { reviewerId } })
      .run();
    appendAudit(tx, { actorId: actor.id, action: "gate.assigned", details: { departmentId, gate, reviewerId } });
  });
  return { ok: true };
}

// ---------------------------------------------------------------------------------------------
// The review page (审核、审签、发布): everything it shows, and its one form handler

export type ReviewPageData = NonNullable<ReturnType<typeof reviewPageData>>;

export function reviewPageData(user: Actor, documentId: number, db: Db = getDb()) {
  const check = checkStoredPackage(db, documentId);
  const state = loadWorkflowState(db, documentId, check);
  const doc = db.select().from(documents).where(eq(documents.id, documentId)).get();
  const pkg = db.select().from(packages).where(eq(packages.documentId, documentId)).get();
  if (!state || !doc || !pkg || !check) return null;
  const holders = gateReviewers(doc.departmentId, db);
  const records = reviewRecordsFor(pkg.id, db);
  const thisRound = records.filter((r) => r.round === pkg.round);
  const gates = GATE_ORDER.map((gate) => {
    const record = thisRound.find((r) => r.gate === gate);
    const holder = holders.find((h) => h.gate === gate);
    const mine = can(user, "review.gate", { departmentId: doc.departmentId, gate }).ok;
    const decide = transition(state, { type: "verdict", gate, verdict: "return", opinion: "—" }, { actor: user, at: "" });
    return {
      gate,
      reviewerName: holder?.reviewerName ?? null,
      verdict: record?.verdict ?? null,
      opinion: record?.opinion ?? null,
      reviewerOfRecord: record?.reviewerName ?? null,
      canDecide: mine && decide.ok,
    };
  });
  const probe = (action: WorkflowAction) => transition(state, action, { actor: user, at: "" });
  const refusal = (r: ReturnType<typeof probe>) => (r.ok ? null : r.reason);
  // the export of the publication (a correction's draft exports are the export page's business)
  const job = db.select().from(exportJobs).where(and(eq(exportJobs.packageId, pkg.id), eq(exportJobs.source, "published"))).orderBy(desc(exportJobs.id)).get();
  // A head of the owning department is told why they cannot sign yet (not just shown no button).
  const mayEverSign = can(user, "package.sign", { departmentId: doc.departmentId }).ok && user.role === "head";
  const signProbe = probe({ type: "sign" });
  const pending = pendingGates(state.gateVerdicts).map((g) => GATE_LABELS[g]);
  const signRefusal =
    mayEverSign && !signProbe.ok && doc.status !== "signed" && doc.status !== "published"
      ? `${signProbe.reason}${(doc.status === "submitted" || doc.status === "in_review") && pending.length ? `目前待审核：${pending.join("、")}。` : ""}`
      : null;
  return {
    document: {
      id: doc.id,
      title: doc.title,
      docNumber: doc.docNumber,
      status: doc.status,
      departmentId: doc.departmentId,
      text: doc.normalizedText || doc.originalText,
      publishedAt: doc.publishedAt,
      withdrawnAt: doc.withdrawnAt,
      interpretationRequired: doc.interpretationRequired,
      noInterpretationReason: doc.noInterpretationReason,
    },
    package: { id: pkg.id, round: pkg.round, signedAt: pkg.signedAt, publishedAt: pkg.publishedAt },
    interpretation: check.text,
    findings: check.findings,
    counts: check.counts,
    gates,
    history: records,
    can: {
      submit: can(user, "package.submit", { departmentId: doc.departmentId }).ok && ["drafting", "returned", "correcting"].includes(doc.status),
      submitRefusal: refusal(probe({ type: "submit" })),
      acknowledge: can(user, "review.gate", { departmentId: doc.departmentId }).ok && (doc.status === "submitted" || doc.status === "in_review"),
      sign: signProbe.ok,
      signRefusal,
      publish: can(user, "document.publish", { departmentId: doc.departmentId }).ok && doc.status !== "published",
      publishRefusal: refusal(probe({ type: "publish" })),
      withdraw: probe({ type: "withdraw", reason: "—" }).ok,
      correct: probe({ type: "correct", reason: "—" }).ok,
      decideNoInterpretation: probe({ type: "decideNoInterpretation", reason: "—" }).ok,
      retryExport: can(user, "document.publish", { departmentId: doc.departmentId }).ok && doc.publishedAt !== null && (!job || job.status === "failed"),
    },
    exportJob: job ? { id: job.id, status: job.status, error: job.error } : null,
    /** nobody can sign this department's packages: said before submission, not after four gates */
    noHead: activeHeadsOf(doc.departmentId).length === 0,
  };
}

const GATE_ORDER: Gate[] = ["political", "legal", "secrecy", "text"];

export type WorkflowFormInput =
  | { intent: "submit" }
  | { intent: "verdict"; gate: Gate; verdict: Verdict; opinion: string }
  | { intent: "acknowledge"; key: string; note?: string }
  | { intent: "sign"; opinion: string }
  | { intent: "publish" }
  | { intent: "withdraw"; reason: string }
  | { intent: "correct"; reason: string }
  | { intent: "decideNoInterpretation"; reason: string }
  | { intent: "retryExport" };

export const DONE_MESSAGES: Record<WorkflowFormInput["intent"], string> = {
  submit: "已提交审核，等待四关审核。",
  verdict: "审核意见已记录。",
  acknowledge: "已确认这条审校提示。",
  sign: "已审签，等待发布员发布。",
  publish: "已同步发布：文件和解读材料已同时公开。",
  withdraw: "已撤回，公众将不再看到该文件。",
  correct: "已发起更正：请修改后重新提交审核，更正发布前公众仍看到原发布版本。",
  decideNoInterpretation: "已签批“无需解读”，文件可由发布员发布。",
  retryExport: "已重新排队生成新媒体图片。",
};

/** The review page's one action: form value → the matching move. */
export function handleWorkflowForm(user: Actor, documentId: number, form: WorkflowFormInput, db: Db = getDb()): { ok: true; message: string } | { ok: false; reason: string } {
  const done = (r: { ok: true } | { ok: false; reason: string }) => (r.ok ? { ok: true as const, message: DONE_MESSAGES[form.intent] } : r);
  switch (form.intent) {
    case "acknowledge":
      return done(acknowledgeFinding(user, documentId, form.key, form.note ?? null, db));
    case "retryExport": {
      const doc = db.select({ departmentId: documents.departmentId }).from(documents).where(eq(documents.id, documentId)).get();
      const permitted = can(user, "document.publish", { departmentId: doc?.departmentId ?? 0 });
      if (!permitted.ok) return permitted;
      return startPublishExport(documentId, user.id, db) === null ? { ok: false, reason: "文件尚未发布，无法生成图片。" } : done({ ok: true });
    }
    case "verdict":
      return done(applyWorkflowAction(user, documentId, { type: "verdict", gate: form.gate, verdict: form.verdict, opinion: form.opinion }, { db }));
    case "sign":
      return done(applyWorkflowAction(user, documentId, { type: "sign", opinion: form.opinion }, { db }));
    case "withdraw":
    case "correct":
    case "decideNoInterpretation":
      return done(applyWorkflowAction(user, documentId, { type: form.intent, reason: form.reason }, { db }));
    case "submit":
    case "publish":
      return done(applyWorkflowAction(user, documentId, { type: form.intent }, { db }));
  }
}

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
