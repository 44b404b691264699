/**
 * The workflow of a document and its interpretation package — one unit (三同步). The only place
 * that decides whether a move is allowed; app/features/workflow/workflow.server.ts executes the result in
 * one transaction per move. Pure: no I/O, no clock (the caller passes `at`).
 *
 * Map of the states (labels in app/domain/vocabulary.ts):
 *
 *   drafting ─submit→ submitted ─startReview→ in_review ─verdict(pass ×4)→ awaiting_signoff
 *      │                  │                      │                              │
 *      │                  └──────verdict─────────┤ any 退回 → returned ─submit→ submitted
 *      │                                                                        │ sign (head)
 *      └─decideNoInterpretation (head)──────────────────────────────────→ signed ◄┘
 *                                                                              │ publish (hard gate)
 *   withdrawn ◄─withdraw (publisher)─ published ─correct (drafter)→ correcting ─submit→ … → published
 *
 * A correction goes through the whole review again; the published snapshot stays public until
 * the corrected version is published (the snapshot is only replaced by `publish`).
 *
 * Every allowed move returns the audit entry it must write (who, when, why) and the side effects
 * (round counter, verdict row, signature, publication timestamps, export job) for the executor.
 */
import { type Action as PermissionAction, type Actor, can } from "./permissions";
import { type DocumentState, FOLLOW_UP_KINDS, type FollowUpKind, type Gate, GATE_LABELS, GATES, STATE_LABELS, type VERDICTS } from "~/domain/vocabulary";

export type Verdict = (typeof VERDICTS)[number];

export type WorkflowAction =
  | { type: "submit" }
  | { type: "startReview" }
  | { type: "verdict"; gate: Gate; verdict: Verdict; opinion: string }
  | { type: "sign"; opinion?: string }
  | { type: "publish" }
  | { type: "withdraw"; reason: string }
  | { type: "correct"; reason: string }
  | { type: "decideNoInterpretation"; reason: string }
  /** 跟踪解读 / 二次解读 / 问答更新: a further interpretation of a public document, reviewed like a correction */
  | { type: "followUp"; kind: FollowUpKind; title: string; reason: string };


export type WorkflowActionType = WorkflowAction["type"];

export const WORKFLOW_ACTION_TYPES = [
  "submit",
  "startReview",
  "verdict",
  "sign",
  "publish",
  "withdraw",
  "correct",
  "decideNoInterpretation",
  "followUp",
] as const satisfies readonly WorkflowActionType[];

export const ACTION_LABELS: Record<WorkflowActionType, string> = {
  submit: "提交审核",
  startReview: "开始审核",
  verdict: "审核意见",
  sign: "审签",
  publish: "同步发布",
  withdraw: "撤回",
  correct: "发起更正",
  decideNoInterpretation: "签批无需解读",
  followUp: "发起跟踪解读",
};

/** Everything the machine needs to know about the document + package, loaded by the caller. */
export type WorkflowState = {
  status: DocumentState;
  /** the drafting department (permissions are per department) */
  departmentId: number;
  /** current review round (0 before the first submission) */
  round: number;
  /** verdicts recorded at each gate in the current round */
  gateVerdicts: Partial<Record<Gate, Verdict>>;
  /** 审校 findings with severity "error" in the current content — they block submission */
  blockingFindings: number;
  /**
   * What the package and the document still lack by the completeness rules (required sections
   * and the Q&A minimum with real content, no generated stand-in text, 文号/成文日期/发文机关/标题),
   * each a sentence (app/domain/package/completeness.ts `submissionBlockers`). The hard gate:
   * nothing is submitted or published with an interpretation while one is left.
   */
  packageGaps: string[];
  /** The document's missing metadata (标题、文号、发文机关、成文日期) — even 无需解读 needs it. */
  metadataGaps: string[];
  /** 审校 warnings no reviewer has acknowledged yet — they block a passing verdict */
  unacknowledgedWarnings: number;
  /** the package carries the head's signature (审签) for the current round */
  packageSigned: boolean;
  /** a signed 无需解读 decision with its reason exists */
  noInterpretationSigned: boolean;
  /** a version is public right now (published and not withdrawn), possibly while being corrected */
  isPublic: boolean;
  /**
   * Further interpretations (follow_ups): `pending` — one is being written (the draft is it, and
   * publishing it adds it to the public list); `published` — how many are public. Once one is, the
   * draft carries the latest, so a correction corrects that one and leaves the first interpretation.
   */
  followUps?: { pending: boolean; published: number };
};

export type WorkflowContext = { actor: Actor; at: string };

export type WorkflowEffect =
  | { type: "incrementRound" }
  | { type: "recordVerdict"; gate: Gate; verdict: Verdict; opinion: string; round: number }
  | { type: "signPackage"; by: number; at: string }
  | { type: "clearSignature" }
  | { type: "recordNoInterpretation"; reason: string; by: number; at: string }
  /** write the same timestamp on document and package and freeze the snapshot — atomically */
  | { type: "publish"; at: string }
  | { type: "withdraw"; at: string }
  /** queue the new-media export; a failed export never unpublishes */
  | { type: "startExport" }
  | { type: "openFollowUp"; kind: FollowUpKind; title: string; reason: string; by: number }
  /** freeze the draft as the pending follow-up, public from `at`; the first interpretation is untouched */
  | { type: "publishFollowUp"; at: string }
  /** a correction after a follow-up: replace the latest follow-up's snapshot (and the document's public fields) */
  | { type: "correctFollowUp"; at: string };

export type WorkflowAuditEntry = {
  actorId: number;
  at: string;
  action: `workflow.${WorkflowActionType}`;
  fromState: DocumentState;
  toState: DocumentState;
  reason: string | null;
  details: Record<string, unknown>;
};

export type TransitionResult =
  | { ok: true; next: DocumentState; effects: WorkflowEffect[]; audit: WorkflowAuditEntry }
  | { ok: false; reason: string };

const refuse = (reason: string): TransitionResult => ({ ok: false, reason });

/** The permission each workflow action needs (role and department; state is decided here). */
const PERMISSION: Record<WorkflowActionType, PermissionAction> = {
  submit: "package.submit",
  startReview: "review.gate",
  verdict: "review.gate",
  sign: "package.sign",
  publish: "document.publish",
  withdraw: "document.withdraw",
  correct: "document.correct",
  decideNoInterpretation: "document.decideNoInterpretation",
  followUp: "document.correct",
};

const SUBMITTABLE: readonly DocumentState[] = ["drafting", "returned", "correcting"];
const REVIEWABLE: readonly DocumentState[] = ["submitted", "in_review"];
const NO_INTERPRETATION_FROM: readonly DocumentState[] = ["drafting", "returned"];
const CORRECTABLE: readonly DocumentState[] = ["published", "withdrawn"];

const MAX_REASON = 2000;
export const MAX_FOLLOW_UP_TITLE = 60;

function wrongState(action: WorkflowActionType, status: DocumentState, hint: string): TransitionResult {
  return refuse(`文件当前为“${STATE_LABELS[status]}”，不能${ACTION_LABELS[action]}。${hint}`);
}

/** A reason the audit trail can keep: non-empty and bounded; null when unusable. */
function usableReason(value: string | undefined): string | null {
  const text = (value ?? "").trim();
  return text && text.length <= MAX_REASON ? text : null;
}

/** Gates that have not passed in this round. */
export function pendingGates(verdicts: Partial<Record<Gate, Verdict>>): Gate[] {
  return GATES.filter((g) => verdicts[g] !== "pass");
}

export function transition(state: WorkflowState, action: WorkflowAction, ctx: WorkflowContext): TransitionResult {
  const { actor, at } = ctx;
  const resource = action.type === "verdict" ? { departmentId: state.departmentId, gate: action.gate } : { departmentId: state.departmentId };
  const permitted = can(actor, PERMISSION[action.type], resource);
  if (!permitted.ok) return refuse(permitted.reason);

  const entry = (next: DocumentState, reason: string | null, details: Record<string, unknown> = {}): WorkflowAuditEntry => ({
    actorId: actor.id,
    at,
    action: `workflow.${action.type}`,
    fromState: state.status,
    toState: next,
    reason,
    details,
  });
  const ok = (next: DocumentState, effects: WorkflowEffect[], reason: string | null, details: Record<string, unknown> = {}): TransitionResult => ({
    ok: true,
    next,
    effects,
    audit: entry(next, reason, details),
  });

  switch (action.type) {
    case "submit": {
      if (!SUBMITTABLE.includes(state.status)) {
        return wrongState("submit", state.status, "只有起草中、退回修改或更正中的文件可以提交。");
      }
      if (state.blockingFindings > 0) {
        return refuse(`审校发现 ${state.blockingFindings} 处错误，请先按提示修改解读材料，再提交审核。`);
      }
      if (state.packageGaps.length > 0) {
        return refuse(`解读材料还不完整，暂不能提交审核。${state.packageGaps.join(" ")}`);
      }
      const round = state.round + 1;
      return ok("submitted", [{ type: "incrementRound" }, { type: "clearSignature" }], null, {
        round,
        correction: state.status === "correcting",
      });
    }

    case "startReview": {
      if (state.status !== "submitted") return wrongState("startReview", state.status, "只有已提交的文件可以开始审核。");
      return ok("in_review", [], null, { round: state.round });
    }

    case "verdict": {
      if (!REVIEWABLE.includes(state.status)) {
        return wrongState("verdict", state.status, "只有已提交或审核中的文件可以审核。");
      }
      const gateLabel = GATE_LABELS[action.gate];
      if (state.gateVerdicts[action.gate]) {
        return refuse(`${gateLabel}本轮已有审核意见，不能重复审核；如需修改请等待起草人重新提交。`);
      }
      const opinion = action.opinion.trim();
      if (opinion.length > MAX_REASON) return refuse(`审核意见不能超过 ${MAX_REASON} 个字，请精简。`);
      if (action.verdict === "return") {
        if (!opinion) return refuse(`退回时请填写${gateLabel}的审核意见，说明需要修改什么。`);
        return ok(
          "returned",
          [{ type: "recordVerdict", gate: action.gate, verdict: "return", opinion, round: state.round }],
          opinion,
          { gate: action.gate, verdict: "return", round: state.round },
        );
      }
      if (state.unacknowledgedWarnings > 0) {
        return refuse(`还有 ${state.unacknowledgedWarnings} 条审校提示未确认，请逐条核对并确认后再通过。`);
      }
      const after = { ...state.gateVerdicts, [action.gate]: "pass" as const };
      const allPassed = pendingGates(after).length === 0;
      return ok(
        allPassed ? "awaiting_signoff" : "in_review",
        [{ type: "recordVerdict", gate: action.gate, verdict: "pass", opinion, round: state.round }],
        opinion || null,
        { gate: action.gate, verdict: "pass", round: state.round, allPassed },
      );
    }

    case "sign": {
      if (state.status !== "awaiting_signoff") {
        return wrongState("sign", state.status, "四关审核全部通过后才能审签。");
      }
      const missing = pendingGates(state.gateVerdicts);
      if (missing.length > 0) {
        return refuse(`${missing.map((g) => GATE_LABELS[g]).join("、")}尚未通过，请等待审核完成后再审签。`);
      }
      const opinion = (action.opinion ?? "").trim();
      if (opinion.length > MAX_REASON) return refuse(`审签意见不能超过 ${MAX_REASON} 个字，请精简。`);
      return ok("signed", [{ type: "signPackage", by: actor.id, at }], opinion || null, { round: state.round });
    }

    case "publish": {
      // 文件不解读不公开，解读不达标不公开: signed package, or a signed 无需解读 decision.
      if (state.status !== "signed") {
        return wrongState("publish", state.status, "文件和解读材料须经审签（或负责人签批“无需解读”）后才能发布。");
      }
      if (!state.packageSigned && !state.noInterpretationSigned) {
        return refuse("解读材料尚未审签，也没有负责人签批的“无需解读”决定，不能发布。请先完成审签。");
      }
      if (state.metadataGaps.length > 0) {
        return refuse(`文件信息缺少${state.metadataGaps.join("、")}，不能发布。请起草人在文件页补充（公开页面和图片都要印出这些信息）。`);
      }
      if (state.packageSigned && state.packageGaps.length > 0) {
        return refuse(`解读材料不完整，不能发布。${state.packageGaps.join(" ")}`);
      }
      if (state.followUps?.pending && state.packageSigned) {
        return ok("published", [{ type: "publishFollowUp", at }], null, { round: state.round, followUp: true });
      }
      if ((state.followUps?.published ?? 0) > 0 && state.packageSigned) {
        return ok("published", [{ type: "correctFollowUp", at }], null, { round: state.round, followUpCorrection: true });
      }
      return ok("published", [{ type: "publish", at }, { type: "startExport" }], null, {
        round: state.round,
        withInterpretation: state.packageSigned,
      });
    }

    case "withdraw": {
      if (!state.isPublic) return wrongState("withdraw", state.status, "只有已公开的文件可以撤回。");
      const reason = usableReason(action.reason);
      if (!reason) return refuse("请填写撤回原因（不超过 2000 字）。");
      return ok("withdrawn", [{ type: "withdraw", at }], reason);
    }

    case "correct": {
      if (!CORRECTABLE.includes(state.status)) {
        return wrongState("correct", state.status, "只有已发布或已撤回的文件可以发起更正。");
      }
      const reason = usableReason(action.reason);
      if (!reason) return refuse("请填写更正原因（不超过 2000 字）。");
      return ok("correcting", [], reason, { stillPublic: state.isPublic });
    }

    case "followUp": {
      if (state.status !== "published" || !state.isPublic) {
        return wrongState("followUp", state.status, "只有已发布（未撤回）的文件可以发起跟踪解读。");
      }
      if (!state.packageSigned) return refuse("这份文件签批了“无需解读”，没有可以跟踪的解读。");
      if (!FOLLOW_UP_KINDS.includes(action.kind)) return refuse("请选择解读类型：跟踪解读、二次解读或问答更新。");
      const title = action.title.trim();
      if (!title) return refuse("请填写这次解读的标题，例如“实施一年来的情况”。");
      if (title.length > MAX_FOLLOW_UP_TITLE) return refuse(`标题不超过 ${MAX_FOLLOW_UP_TITLE} 个字，请精简。`);
      const reason = usableReason(action.reason) ?? "";
      if (action.reason.trim().length > MAX_REASON) return refuse(`说明不超过 ${MAX_REASON} 个字，请精简。`);
      return ok("correcting", [{ type: "openFollowUp", kind: action.kind, title, reason, by: actor.id }], reason || null, { kind: action.kind, title });
    }

    case "decideNoInterpretation": {
      if (!NO_INTERPRETATION_FROM.includes(state.status)) {
        return wrongState("decideNoInterpretation", state.status, "只有起草中或退回修改的文件可以签批“无需解读”。");
      }
      const reason = usableReason(action.reason);
      if (!reason) return refuse("请填写无需解读的理由（不超过 2000 字），签批后记入审计记录。");
      if (state.metadataGaps.length > 0) {
        return refuse(`文件信息缺少${state.metadataGaps.join("、")}，签批后将无法发布。请起草人先在文件页补充，再签批“无需解读”。`);
      }
      return ok("signed", [{ type: "recordNoInterpretation", reason, by: actor.id, at }], reason);
    }
  }
}

/** Which workflow actions make sense to offer this actor now (for buttons); the machine still decides. */
export function availableActions(state: WorkflowState, actor: Actor): WorkflowActionType[] {
  const probe: Record<WorkflowActionType, WorkflowAction> = {
    submit: { type: "submit" },
    startReview: { type: "startReview" },
    verdict: { type: "verdict", gate: "political", verdict: "return", opinion: "x" },
    sign: { type: "sign" },
    publish: { type: "publish" },
    withdraw: { type: "withdraw", reason: "x" },
    correct: { type: "correct", reason: "x" },
    decideNoInterpretation: { type: "decideNoInterpretation", reason: "x" },
    followUp: { type: "followUp", kind: "tracking", title: "x", reason: "" },
  };
  const ctx = { actor, at: "" };
  return WORKFLOW_ACTION_TYPES.filter((type) => {
    if (type === "verdict") {
      return GATES.some((gate) => transition(state, { type, gate, verdict: "return", opinion: "x" }, ctx).ok);
    }
    return transition(state, probe[type], ctx).ok;
  });
}

/** Every action the code writes to audit_log, as the audit trail and its CSV show it. */
export const AUDIT_LABELS: Record<string, string> = {
  "workflow.submit": "提交审核",
  "workflow.startReview": "开始审核",
  "workflow.verdict": "审核意见",
  "workflow.sign": "第一解读人审签",
  "workflow.publish": "同步发布",
  "workflow.withdraw": "撤回",
  "workflow.correct": "发起更正",
  "workflow.decideNoInterpretation": "签批无需解读",
  "workflow.followUp": "发起跟踪解读",
  "review.finding_acknowledged": "确认审校提示",
  "checks.blocked": "审校拦截提交",
  "document.created": "新建文件",
  "document.meta_updated": "修改文件信息",
  "package.saved": "保存解读材料",
  "package.suggestions_applied": "从文件生成初稿",
  "package.revision_restored": "恢复历史版本",
  "export.queued": "导出新媒体图片",
  "gate.assigned": "指派审核关",
  "admin.gate_assigned": "指派审核关",
  "admin.department_created": "新增单位",
  "admin.user_created": "新增用户",
  "admin.user_enabled": "启用账号",
  "admin.user_disabled": "停用账号",
  "admin.settings_changed": "修改参数设置",
  "admin.word_rule_created": "新增审校词表规则",
  "admin.word_rule_updated": "修改审校词表规则",
  "admin.word_rule_deleted": "删除审校词表规则",
  "admin.word_rules_initialized": "写入初始审校词表",
  "ai.draft_requested": "请求模型起草（AI 起草）",
  "package.ai_accepted": "采纳模型起草的内容（AI 辅助生成）",
  "reminder.sent": "发送待办提醒邮件",
  "document.validity_changed": "登记有效性（修订/废止/有效期）",
};

/** "2 项（模型 qwen2.5，生成于 2026-12-02T…，提示词 1a2b3c4d5e6f）" from package.ai_accepted details. */
function describeAiAccepted(accepted: unknown[]): string {
  const models = new Set<string>();
  const hashes = new Set<string>();
  let fields = 0;
  let edited = 0;
  for (const a of accepted) {
    if (typeof a !== "object" || a === null) continue;
    if ("model" in a && typeof a.model === "string") models.add(a.model);
    if ("promptSha256" in a && typeof a.promptSha256 === "string") hashes.add(a.promptSha256.slice(0, 12));
    if ("fields" in a && Array.isArray(a.fields)) fields += a.fields.length;
    if ("edited" in a && a.edited === true) edited++;
  }
  return `${fields} 项内容（模型 ${[...models].join("、") || "—"}${edited ? `，其中 ${edited} 条采纳前经人工修改` : ""}，提示词 SHA-256 ${[...hashes].join("、")}）`;
}

/** A readable line for an audit row: "政治关 通过", "提交审核（第 2 轮）"; never a raw key. */
export function describeAuditAction(action: string, details: Record<string, unknown> | null): string {
  if (action === "workflow.verdict" && details) {
    const gate = GATES.find((g) => g === details.gate);
    const verdict = details.verdict === "pass" ? "通过" : "退回";
    return `${gate ? GATE_LABELS[gate] : "审核"}${verdict}`;
  }
  const label = AUDIT_LABELS[action] ?? "其他操作";
  if (action === "workflow.submit" && details && typeof details.round === "number") return `${label}（第 ${details.round} 轮）`;
  if (action === "package.ai_accepted" && details && Array.isArray(details.accepted)) return `${label}：${describeAiAccepted(details.accepted)}`;
  if (action === "ai.draft_requested" && details && typeof details.model === "string") return `${label}：模型 ${details.model}，发送到 ${String(details.endpoint ?? "")}`;
  return label;
}
