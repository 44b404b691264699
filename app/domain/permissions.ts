import { type Gate, type Role } from "~/domain/vocabulary";
/**
 * Who may do what — the single authorisation policy of the app. Routes and models ask
 * `can(user, action, resource)`; nothing is ever allowed only because a button is hidden.
 * Workflow *state* rules (may this package be submitted now?) live in the workflow state
 * machine; this module answers the *role and department* question.
 */

export type Actor = {
  id: number;
  role: Role;
  departmentId: number;
  /** member of the 政务公开 office (sees the assessment dashboard) */
  openGovOffice?: boolean;
  /** gates this user reviews, per department id */
  gateAssignments?: { departmentId: number; gate: Gate }[];
};

export const ACTIONS = [
  "document.view", // see a document and its package (non-public, any state)
  "document.create", // 新建文件 in the actor's department
  "document.edit", // edit metadata / text of a draft
  "package.edit", // edit the interpretation package
  "package.submit", // 提交审核
  "review.gate", // record a verdict at one of the four gates
  "package.sign", // 第一解读人审签
  "document.decideNoInterpretation", // sign a 无需解读 decision
  "document.publish", // 同步发布
  "document.withdraw", // 撤回
  "document.correct", // start a correction of a published document
  "export.run", // 导出新媒体图片
  "audit.view", // read and export the audit trail
  "dashboard.view", // 考核 dashboard
  "admin.manage", // departments, users, word lists, settings
] as const;
export type Action = (typeof ACTIONS)[number];

/** The thing acted on: its owning (drafting) department, and for gate reviews the gate. */
export type Resource = { departmentId: number; gate?: Gate } | null;

export type Decision = { ok: true } | { ok: false; reason: string };

const allow: Decision = { ok: true };
const deny = (reason: string): Decision => ({ ok: false, reason });

const ownDepartment = (actor: Actor, resource: Resource) =>
  resource !== null && resource.departmentId === actor.departmentId;

const holdsGate = (actor: Actor, resource: Resource, gate?: Gate) =>
  resource !== null &&
  (actor.gateAssignments ?? []).some(
    (a) => a.departmentId === resource.departmentId && (gate === undefined || a.gate === gate),
  );

const NOT_YOUR_DEPARTMENT = "只能处理本单位的文件。";

type Rule = (actor: Actor, resource: Resource) => Decision;

/** One rule per action; `admin` is handled before the table (admins may do everything). */
const rules: Record<Action, Rule> = {
  "document.view": (a, r) => {
    if (ownDepartment(a, r)) return allow;
    if (a.role === "reviewer" && holdsGate(a, r)) return allow;
    if (a.role === "publisher") return allow;
    return deny(NOT_YOUR_DEPARTMENT);
  },
  "document.create": (a) => (a.role === "drafter" ? allow : deny("只有起草人可以新建文件。")),
  "document.edit": (a, r) =>
    a.role !== "drafter" ? deny("只有起草人可以修改文件。") : ownDepartment(a, r) ? allow : deny(NOT_YOUR_DEPARTMENT),
  "package.edit": (a, r) =>
    a.role !== "drafter" ? deny("只有起草人可以编辑解读材料。") : ownDepartment(a, r) ? allow : deny(NOT_YOUR_DEPARTMENT),
  "package.submit": (a, r) =>
    a.role !== "drafter" ? deny("只有起草人可以提交审核。") : ownDepartment(a, r) ? allow : deny(NOT_YOUR_DEPARTMENT),
  "review.gate": (a, r) =>
    a.role !== "reviewer"
      ? deny("只有审核人可以审核。")
      : holdsGate(a, r, r?.gate)
        ? allow
        : deny("您不是这一关的审核人。"),
  "package.sign": (a, r) =>
    a.role !== "head" ? deny("只有第一解读人（负责人）可以审签。") : ownDepartment(a, r) ? allow : deny(NOT_YOUR_DEPARTMENT),
  "document.decideNoInterpretation": (a, r) =>
    a.role !== "head" ? deny("“无需解读”须由负责人签批。") : ownDepartment(a, r) ? allow : deny(NOT_YOUR_DEPARTMENT),
  "document.publish": (a) => (a.role === "publisher" ? allow : deny("只有发布员可以发布。")),
  "document.withdraw": (a) => (a.role === "publisher" ? allow : deny("只有发布员可以撤回。")),
  "document.correct": (a, r) =>
    a.role !== "drafter" ? deny("只有起草人可以发起更正。") : ownDepartment(a, r) ? allow : deny(NOT_YOUR_DEPARTMENT),
  "export.run": (a, r) => {
    if (a.role === "publisher") return allow;
    if (a.role === "drafter" && ownDepartment(a, r)) return allow;
    return deny("只有本单位起草人或发布员可以导出。");
  },
  "audit.view": (a, r) => rules["document.view"](a, r),
  "dashboard.view": (a) => (a.openGovOffice ? allow : deny("只有管理员或政务公开办可以查看考核统计。")),
  "admin.manage": () => deny("只有管理员可以进行管理操作。"),
};

export function can(actor: Actor, action: Action, resource: Resource = null): Decision {
  if (actor.role === "admin") return allow;
  return rules[action](actor, resource);
}
