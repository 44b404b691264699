/** Departments, users and gate assignments, for the admin page. Every write is audited. */
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { departments, gateAssignments, sessions, users } from "~/db/schema";
import { appendAudit } from "~/models/audit.server";
import { hashPassword } from "~/models/password.server";
import type { Gate, Role } from "~/domain/vocabulary";

export function adminOverview() {
  const db = getDb();
  return {
    departments: db.select().from(departments).orderBy(asc(departments.id)).all(),
    users: db
      .select({
        id: users.id,
        username: users.username,
        displayName: users.displayName,
        role: users.role,
        active: users.active,
        departmentId: users.departmentId,
      })
      .from(users)
      .orderBy(asc(users.id))
      .all(),
    gates: db.select().from(gateAssignments).all(),
  };
}

export class DuplicateError extends Error {}

export function createDepartment(input: { name: string; code: string; kind: "drafting" | "office" }, actorId: number) {
  const db = getDb();
  return db.transaction((tx) => {
    if (tx.select({ id: departments.id }).from(departments).where(eq(departments.name, input.name)).get())
      throw new DuplicateError("已有同名单位。");
    if (tx.select({ id: departments.id }).from(departments).where(eq(departments.code, input.code)).get())
      throw new DuplicateError("单位代码已被使用。");
    const row = tx.insert(departments).values(input).returning({ id: departments.id }).get();
    appendAudit(tx, { actorId, action: "admin.department_created", details: { departmentId: row.id, name: input.name } });
    return row.id;
  });
}

export async function createUser(
  input: { username: string; displayName: string; role: Role; departmentId: number; password: string; email?: string | null },
  actorId: number,
) {
  const passwordHash = await hashPassword(input.password);
  const db = getDb();
  return db.transaction((tx) => {
    if (tx.select({ id: users.id }).from(users).where(eq(users.username, input.username)).get())
      throw new DuplicateError("用户名已存在。");
    if (!tx.select({ id: departments.id }).from(departments).where(eq(departments.id, input.departmentId)).get())
      throw new DuplicateError("所选单位不存在。");
    const row = tx
      .insert(users)
      .values({ username: input.username, displayName: input.displayName, role: input.role, departmentId: input.departmentId, email: input.email || null, passwordHash })
      .returning({ id: users.id })
      .get();
    appendAudit(tx, { actorId, action: "admin.user_created", details: { userId: row.id, username: input.username, role: input.role } });
    return row.id;
  });
}

export function setUserActive(userId: number, active: boolean, actorId: number) {
  getDb().transaction((tx) => {
    tx.update(users).set({ active }).where(eq(users.id, userId)).run();
    if (!active) tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    appendAudit(tx, { actorId, action: active ? "admin.user_enabled" : "admin.user_disabled", details: { userId } });
  });
}

export function assignGate(departmentId: number, gate: Gate, reviewerId: number, actorId: number) {
  getDb().transaction((tx) => {
    const reviewer = tx.select({ role: users.role, active: users.active }).from(users).where(eq(users.id, reviewerId)).get();
    if (reviewer?.role !== "reviewer") throw new DuplicateError("只能指定角色为审核人的用户。");
    if (!reviewer.active) throw new DuplicateError("该审核人的账号已停用，请选择其他审核人。");
    if (!tx.select({ id: departments.id }).from(departments).where(eq(departments.id, departmentId)).get())
      throw new DuplicateError("所选单位不存在，请刷新页面。");
    tx.delete(gateAssignments)
      .where(and(eq(gateAssignments.departmentId, departmentId), eq(gateAssignments.gate, gate)))
      .run();
    tx.insert(gateAssignments).values({ departmentId, gate, reviewerId }).run();
    appendAudit(tx, { actorId, action: "admin.gate_assigned", details: { departmentId, gate, reviewerId } });
  });
}
