import { describe, expect, it } from "vitest";
import type { DocumentState, Role } from "~/domain/vocabulary";
import type { Actor } from "~/domain/permissions";
import { type WorkflowState, transition } from "~/domain/workflow";

const AT = "2026-01-01T00:00:00.000Z";
const actor = (role: Role, departmentId = 1): Actor => ({ id: 7, role, departmentId, gateAssignments: [] });
const state = (status: DocumentState, over: Partial<WorkflowState> = {}): WorkflowState => ({
  status,
  departmentId: 1,
  round: 2,
  gateVerdicts: {},
  blockingFindings: 0,
  packageGaps: [],
  metadataGaps: [],
  unacknowledgedWarnings: 0,
  packageSigned: true,
  noInterpretationSigned: false,
  isPublic: status === "published" || status === "correcting",
  ...over,
});
const followUp = { type: "followUp", kind: "tracking", title: "实施一年来的情况", reason: "政策实施满一年" } as const;

describe("follow-up interpretations in the workflow", () => {
  it("the drafting unit's drafter opens one on a published document: it is then written and reviewed like a correction", () => {
    const r = transition(state("published"), followUp, { actor: actor("drafter"), at: AT });
    expect(r).toMatchObject({ ok: true, next: "correcting", effects: [{ type: "openFollowUp", kind: "tracking", title: "实施一年来的情况", reason: "政策实施满一年", by: 7 }] });
  });

  it("refuses other units, other roles, unpublished or withdrawn documents, 无需解读 and a missing or long title", () => {
    const refusal = (s: WorkflowState, a = actor("drafter"), action: typeof followUp | { type: "followUp"; kind: "tracking"; title: string; reason: string } = followUp) => {
      const r = transition(s, action, { actor: a, at: AT });
      return r.ok ? null : r.reason;
    };
    expect(refusal(state("published"), actor("drafter", 2))).toBe("只能处理本单位的文件。");
    expect(refusal(state("published"), actor("head"))).toBe("只有起草人可以发起更正。");
    expect(refusal(state("drafting"))).toContain("只有已发布（未撤回）的文件可以发起跟踪解读。");
    expect(refusal(state("published", { isPublic: false }))).toContain("只有已发布（未撤回）的文件可以发起跟踪解读。");
    expect(refusal(state("published", { packageSigned: false, noInterpretationSigned: true }))).toBe("这份文件签批了“无需解读”，没有可以跟踪的解读。");
    expect(refusal(state("published"), actor("drafter"), { ...followUp, title: "  " })).toBe("请填写这次解读的标题，例如“实施一年来的情况”。");
    expect(refusal(state("published"), actor("drafter"), { ...followUp, title: "长".repeat(61) })).toBe("标题不超过 60 个字，请精简。");
  });

  it("publishing a pending follow-up adds it and leaves the first publication and its export alone", () => {
    const r = transition(state("signed", { followUps: { pending: true, published: 0 } }), { type: "publish" }, { actor: actor("publisher"), at: AT });
    expect(r).toMatchObject({ ok: true, next: "published", effects: [{ type: "publishFollowUp", at: AT }] });
  });

  it("a correction after a follow-up corrects the latest follow-up; without follow-ups publishing is unchanged", () => {
    const corrected = transition(state("signed", { followUps: { pending: false, published: 1 } }), { type: "publish" }, { actor: actor("publisher"), at: AT });
    expect(corrected).toMatchObject({ ok: true, effects: [{ type: "correctFollowUp", at: AT }] });
    const plain = transition(state("signed"), { type: "publish" }, { actor: actor("publisher"), at: AT });
    expect(plain).toMatchObject({ ok: true, effects: [{ type: "publish", at: AT }, { type: "startExport" }] });
  });
});
