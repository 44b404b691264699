import { describe, expect, it } from "vitest";
import { ACTIONS, type Action, type Actor, can } from "~/domain/permissions";
import { type Role, ROLES } from "~/domain/vocabulary";

const OWN = 1;
const OTHER = 2;

function actor(role: Role, extra: Partial<Actor> = {}): Actor {
  return { id: 10, role, departmentId: OWN, gateAssignments: [], ...extra };
}

// Expected outcome for every role × action, on a resource of the actor's own department and of
// another department. Reviewers are given the political gate of the OTHER department only.
type Row = { own: boolean; other: boolean };
const T = (own: boolean, other: boolean): Row => ({ own, other });

const expected: Record<Role, Record<Action, Row>> = {
  drafter: {
    "document.view": T(true, false),
    "document.create": T(true, true),
    "document.edit": T(true, false),
    "package.edit": T(true, false),
    "package.submit": T(true, false),
    "review.gate": T(false, false),
    "package.sign": T(false, false),
    "document.decideNoInterpretation": T(false, false),
    "document.publish": T(false, false),
    "document.withdraw": T(false, false),
    "document.correct": T(true, false),
    "export.run": T(true, false),
    "audit.view": T(true, false),
    "dashboard.view": T(false, false),
    "admin.manage": T(false, false),
  },
  reviewer: {
    "document.view": T(true, true),
    "document.create": T(false, false),
    "document.edit": T(false, false),
    "package.edit": T(false, false),
    "package.submit": T(false, false),
    "review.gate": T(false, true),
    "package.sign": T(false, false),
    "document.decideNoInterpretation": T(false, false),
    "document.publish": T(false, false),
    "document.withdraw": T(false, false),
    "document.correct": T(false, false),
    "export.run": T(false, false),
    "audit.view": T(true, true),
    "dashboard.view": T(false, false),
    "admin.manage": T(false, false),
  },
  head: {
    "document.view": T(true, false),
    "document.create": T(false, false),
    "document.edit": T(false, false),
    "package.edit": T(false, false),
    "package.submit": T(false, false),
    "review.gate": T(false, false),
    "package.sign": T(true, false),
    "document.decideNoInterpretation": T(true, false),
    "document.publish": T(false, false),
    "document.withdraw": T(false, false),
    "document.correct": T(false, false),
    "export.run": T(false, false),
    "audit.view": T(true, false),
    "dashboard.view": T(false, false),
    "admin.manage": T(false, false),
  },
  publisher: {
    "document.view": T(true, true),
    "document.create": T(false, false),
    "document.edit": T(false, false),
    "package.edit": T(false, false),
    "package.submit": T(false, false),
    "review.gate": T(false, false),
    "package.sign": T(false, false),
    "document.decideNoInterpretation": T(false, false),
    "document.publish": T(true, true),
    "document.withdraw": T(true, true),
    "document.correct": T(false, false),
    "export.run": T(true, true),
    "audit.view": T(true, true),
    "dashboard.view": T(false, false),
    "admin.manage": T(false, false),
  },
  admin: Object.fromEntries(ACTIONS.map((a) => [a, T(true, true)])) as Record<Action, Row>,
};

describe("permissions: every role × every action", () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      it(`${role} · ${action}`, () => {
        const a = actor(role, role === "reviewer" ? { gateAssignments: [{ departmentId: OTHER, gate: "political" }] } : {});
        const gate = action === "review.gate" ? ("political" as const) : undefined;
        const own = can(a, action, { departmentId: OWN, gate });
        const other = can(a, action, { departmentId: OTHER, gate });
        expect(own.ok, "own department").toBe(expected[role][action].own);
        expect(other.ok, "other department").toBe(expected[role][action].other);
        for (const d of [own, other]) if (!d.ok) expect(d.reason).toMatch(/[\u4e00-\u9fff]/);
      });
    }
  }

  it("a reviewer may decide only the gate assigned to them", () => {
    const a = actor("reviewer", { gateAssignments: [{ departmentId: OTHER, gate: "political" }] });
    expect(can(a, "review.gate", { departmentId: OTHER, gate: "legal" }).ok).toBe(false);
  });

  it("the 政务公开 office sees the dashboard whatever its role", () => {
    expect(can(actor("drafter", { openGovOffice: true }), "dashboard.view").ok).toBe(true);
  });
});
