/**
 * The review page (审核、审签、发布): everything it shows, and its one form handler with the
 * message each successful intent shows.
 */
import { and, desc, eq } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { documents, exportJobs, packages } from "~/db/schema";
import { type Actor, can } from "~/domain/permissions";
import { type Verdict, type WorkflowAction, pendingGates, transition } from "~/domain/workflow";
import { activeHeadsOf } from "~/models/documents.server";
import { checkStoredPackage } from "~/features/checks/index.server";
import { type FollowUpKind, GATES, type Gate, GATE_LABELS } from "~/domain/vocabulary";
import { startPublishExport } from "~/features/export/index.server";
import { applyWorkflowAction, loadWorkflowState } from "./moves.server";
import { acknowledgeFinding, gateReviewers, reviewRecordsFor } from "./reviews.server";

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
  const gates = GATES.map((gate) => {
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
      followUp: probe({ type: "followUp", kind: "tracking", title: "—", reason: "" }).ok,
      decideNoInterpretation: probe({ type: "decideNoInterpretation", reason: "—" }).ok,
      retryExport: can(user, "document.publish", { departmentId: doc.departmentId }).ok && doc.publishedAt !== null && (!job || job.status === "failed"),
    },
    exportJob: job ? { id: job.id, status: job.status, error: job.error } : null,
    /** nobody can sign this department's packages: said before submission, not after four gates */
    noHead: activeHeadsOf(doc.departmentId).length === 0,
  };
}

export type WorkflowFormInput =
  | { intent: "submit" }
  | { intent: "verdict"; gate: Gate; verdict: Verdict; opinion: string }
  | { intent: "acknowledge"; key: string; note?: string }
  | { intent: "sign"; opinion: string }
  | { intent: "publish" }
  | { intent: "withdraw"; reason: string }
  | { intent: "correct"; reason: string }
  | { intent: "decideNoInterpretation"; reason: string }
  | { intent: "followUp"; kind: FollowUpKind; title: string; reason: string }
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
  followUp: "已发起跟踪解读：请在“编辑解读材料”中写好这次解读，再提交审核；发布前公众仍看到原有解读。",
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
    case "followUp":
      return done(applyWorkflowAction(user, documentId, { type: "followUp", kind: form.kind, title: form.title, reason: form.reason }, { db }));
    case "submit":
    case "publish":
      return done(applyWorkflowAction(user, documentId, { type: form.intent }, { db }));
  }
}
