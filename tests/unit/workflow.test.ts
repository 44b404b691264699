import { describe, expect, it } from "vitest";
import type { Actor } from "~/domain/permissions";
import { type WorkflowAction, type WorkflowState, WORKFLOW_ACTION_TYPES, transition } from "~/domain/workflow";
import { DOCUMENT_STATES, type DocumentState, type Gate, GATES, type Role, ROLES } from "~/domain/vocabulary";

const DEPT = 1;
const OTHER = 2;
const AT = "2026-01-01T00:00:00.000Z";

function actor(role: Role, departmentId = DEPT): Actor {
  return {
    id: 100 + ROLES.indexOf(role),
    role,
    departmentId,
    gateAssignments: role === "reviewer" ? GATES.map((gate) => ({ departmentId: DEPT, gate })) : [],
  };
}

function state(status: DocumentState, over: Partial<WorkflowState> = {}): WorkflowState {
  return {
    status,
    departmentId: DEPT,
    round: 1,
    gateVerdicts: {},
    blockingFindings: 0,
    packageGaps: [],
    metadataGaps: [],
    unacknowledgedWarnings: 0,
    packageSigned: status === "signed",
    noInterpretationSigned: false,
    isPublic: status === "published",
    ...over,
  };
}

const sample: Record<(typeof WORKFLOW_ACTION_TYPES)[number], WorkflowAction> = {
  submit: { type: "submit" },
  startReview: { type: "startReview" },
  verdict: { type: "verdict", gate: "legal", verdict: "pass", opinion: "" },
  sign: { type: "sign" },
  publish: { type: "publish" },
  withdraw: { type: "withdraw", reason: "数据有误" },
  correct: { type: "correct", reason: "第3问数字有误" },
  decideNoInterpretation: { type: "decideNoInterpretation", reason: "内部管理事项，不涉及公众权益" },
  // refused in the table's states: the sample published state carries no signature (see the follow-up tests)
  followUp: { type: "followUp", kind: "tracking", title: "实施一年来的情况", reason: "" },
};

/** The whole table of allowed moves: [state, action, role] → next state. */
const ALLOWED: Record<string, DocumentState> = {
  "drafting|submit|drafter": "submitted",
  "returned|submit|drafter": "submitted",
  "correcting|submit|drafter": "submitted",
  "submitted|startReview|reviewer": "in_review",
  "submitted|verdict|reviewer": "in_review",
  "in_review|verdict|reviewer": "in_review",
  "awaiting_signoff|sign|head": "signed",
  "signed|publish|publisher": "published",
  "published|withdraw|publisher": "withdrawn",
  "published|correct|drafter": "correcting",
  "withdrawn|correct|drafter": "correcting",
  "drafting|decideNoInterpretation|head": "signed",
  "returned|decideNoInterpretation|head": "signed",
};

/** For a sign-off the four gates have passed. */
function stateFor(status: DocumentState): WorkflowState {
  return status === "awaiting_signoff" ? state(status, { gateVerdicts: { political: "pass", legal: "pass", secrecy: "pass", text: "pass" } }) : state(status);
}

describe("workflow state machine: every state × action × role", () => {
  for (const status of DOCUMENT_STATES) {
    for (const type of WORKFLOW_ACTION_TYPES) {
      for (const role of ROLES) {
        if (role === "admin") continue; // admins may act in any role; covered below
        const key = `${status}|${type}|${role}`;
        const expected = ALLOWED[key];
        it(`${key} → ${expected ?? "refused"}`, () => {
          const result = transition(stateFor(status), sample[type], { actor: actor(role), at: AT });
          if (expected) {
            expect(result.ok, result.ok ? "" : result.reason).toBe(true);
            if (!result.ok) return;
            expect(result.next).toBe(expected);
            expect(result.audit).toMatchObject({ actorId: actor(role).id, at: AT, action: `workflow.${type}`, fromState: status, toState: expected });
          } else {
            expect(result.ok).toBe(false);
            if (result.ok) return;
            expect(result.reason).toMatch(/[\u4e00-\u9fff]/);
            expect(result.reason.length).toBeGreaterThan(6);
          }
        });
      }
    }
  }

  it("admins may take any allowed move (and no refused one)", () => {
    for (const status of DOCUMENT_STATES) {
      for (const type of WORKFLOW_ACTION_TYPES) {
        const allowedForSomeone = ROLES.some((r) => ALLOWED[`${status}|${type}|${r}`]);
        const result = transition(stateFor(status), sample[type], { actor: actor("admin"), at: AT });
        expect(result.ok, `${status}|${type}`).toBe(allowedForSomeone);
      }
    }
  });

  it("another department's drafter and head are refused with the department reason", () => {
    const r1 = transition(state("drafting"), { type: "submit" }, { actor: actor("drafter", OTHER), at: AT });
    const r2 = transition(stateFor("awaiting_signoff"), { type: "sign" }, { actor: actor("head", OTHER), at: AT });
    expect(r1).toEqual({ ok: false, reason: "只能处理本单位的文件。" });
    expect(r2).toEqual({ ok: false, reason: "只能处理本单位的文件。" });
  });

  it("a reviewer may only decide the gates they hold", () => {
    const legalOnly: Actor = { id: 7, role: "reviewer", departmentId: 9, gateAssignments: [{ departmentId: DEPT, gate: "legal" }] };
    expect(transition(state("in_review"), { type: "verdict", gate: "legal", verdict: "pass", opinion: "" }, { actor: legalOnly, at: AT }).ok).toBe(true);
    const refused = transition(state("in_review"), { type: "verdict", gate: "political", verdict: "pass", opinion: "" }, { actor: legalOnly, at: AT });
    expect(refused).toEqual({ ok: false, reason: "您不是这一关的审核人。" });
  });
});

describe("workflow rules", () => {
  const reviewer = actor("reviewer");
  const ctx = { actor: reviewer, at: AT };

  it("submission increments the round and is blocked by 审校 errors", () => {
    const ok = transition(state("drafting", { round: 2 }), { type: "submit" }, { actor: actor("drafter"), at: AT });
    expect(ok.ok && ok.effects).toEqual([{ type: "incrementRound" }, { type: "clearSignature" }]);
    expect(ok.ok && ok.audit.details.round).toBe(3);
    const blocked = transition(state("drafting", { blockingFindings: 2 }), { type: "submit" }, { actor: actor("drafter"), at: AT });
    expect(blocked).toEqual({ ok: false, reason: "审校发现 2 处错误，请先按提示修改解读材料，再提交审核。" });
  });

  it("the fourth pass moves to 待审签; earlier passes stay in review", () => {
    let verdicts: Partial<Record<Gate, "pass" | "return">> = {};
    for (const [i, gate] of GATES.entries()) {
      const r = transition(state("in_review", { gateVerdicts: verdicts }), { type: "verdict", gate, verdict: "pass", opinion: "" }, ctx);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.next).toBe(i === GATES.length - 1 ? "awaiting_signoff" : "in_review");
      expect(r.effects).toEqual([{ type: "recordVerdict", gate, verdict: "pass", opinion: "", round: 1 }]);
      verdicts = { ...verdicts, [gate]: "pass" };
    }
  });

  it("any 退回 returns the package, and needs an opinion the drafter can read", () => {
    const noOpinion = transition(state("in_review"), { type: "verdict", gate: "text", verdict: "return", opinion: "  " }, ctx);
    expect(noOpinion.ok).toBe(false);
    expect(!noOpinion.ok && noOpinion.reason).toContain("审核意见");
    const r = transition(state("in_review", { gateVerdicts: { political: "pass" } }), { type: "verdict", gate: "text", verdict: "return", opinion: "第2问数字与文件不符" }, ctx);
    expect(r.ok && r.next).toBe("returned");
    expect(r.ok && r.audit.reason).toBe("第2问数字与文件不符");
  });

  it("a gate cannot decide twice in one round", () => {
    const r = transition(state("in_review", { gateVerdicts: { legal: "pass" } }), { type: "verdict", gate: "legal", verdict: "pass", opinion: "" }, ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain("法律关本轮已有审核意见");
  });

  it("unacknowledged 审校 warnings block a pass, not a 退回", () => {
    const pass = transition(state("in_review", { unacknowledgedWarnings: 1 }), { type: "verdict", gate: "text", verdict: "pass", opinion: "" }, ctx);
    expect(pass).toEqual({ ok: false, reason: "还有 1 条审校提示未确认，请逐条核对并确认后再通过。" });
    const ret = transition(state("in_review", { unacknowledgedWarnings: 1 }), { type: "verdict", gate: "text", verdict: "return", opinion: "请修改" }, ctx);
    expect(ret.ok).toBe(true);
  });

  it("sign needs all four gates passed", () => {
    const r = transition(state("awaiting_signoff", { gateVerdicts: { political: "pass" } }), { type: "sign" }, { actor: actor("head"), at: AT });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain("法律关、保密关、文字关尚未通过");
    const ok = transition(stateFor("awaiting_signoff"), { type: "sign" }, { actor: actor("head"), at: AT });
    expect(ok.ok && ok.effects).toEqual([{ type: "signPackage", by: actor("head").id, at: AT }]);
  });

  it("hard gate: publishing needs a signed package or a signed 无需解读 decision", () => {
    const publisher = { actor: actor("publisher"), at: AT };
    for (const status of DOCUMENT_STATES.filter((s) => s !== "signed")) {
      const r = transition(state(status, { packageSigned: true }), { type: "publish" }, publisher);
      expect(r.ok, status).toBe(false);
    }
    const unsigned = transition(state("signed", { packageSigned: false }), { type: "publish" }, publisher);
    expect(unsigned).toEqual({ ok: false, reason: "解读材料尚未审签，也没有负责人签批的“无需解读”决定，不能发布。请先完成审签。" });
    const noInterpretation = transition(state("signed", { packageSigned: false, noInterpretationSigned: true }), { type: "publish" }, publisher);
    expect(noInterpretation.ok && noInterpretation.effects).toEqual([{ type: "publish", at: AT }, { type: "startExport" }]);
  });

  it("withdraw, correct and 无需解读 need a reason", () => {
    expect(transition(state("published"), { type: "withdraw", reason: "" }, { actor: actor("publisher"), at: AT }).ok).toBe(false);
    expect(transition(state("published"), { type: "correct", reason: " " }, { actor: actor("drafter"), at: AT }).ok).toBe(false);
    expect(transition(state("drafting"), { type: "decideNoInterpretation", reason: "" }, { actor: actor("head"), at: AT }).ok).toBe(false);
    const long = "字".repeat(2001);
    expect(transition(state("published"), { type: "withdraw", reason: long }, { actor: actor("publisher"), at: AT }).ok).toBe(false);
  });

  it("a correction keeps the published version public and can be withdrawn while in review", () => {
    const r = transition(state("published"), { type: "correct", reason: "更正第3问" }, { actor: actor("drafter"), at: AT });
    expect(r.ok && r.effects).toEqual([]);
    expect(r.ok && r.audit.details.stillPublic).toBe(true);
    const w = transition(state("in_review", { isPublic: true }), { type: "withdraw", reason: "暂停" }, { actor: actor("publisher"), at: AT });
    expect(w.ok && w.next).toBe("withdrawn");
  });
});
