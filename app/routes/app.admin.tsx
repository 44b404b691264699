import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminNav, FormErrors } from "~/components/admin/admin-nav";
import { adminActionSchema, createDepartmentSchema, createUserSchema } from "~/domain/forms/admin";
import { DuplicateError, adminOverview, assignGate, createDepartment, createUser, setUserActive } from "~/features/admin/users.server";
import { requirePermission } from "~/models/auth.server";
import { GATE_LABELS, GATES, ROLE_LABELS, ROLES } from "~/domain/vocabulary";

export const meta: MetaFunction = () => [{ title: "管理 · 解读工坊" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin.manage");
  const overview = adminOverview();
  // "为其新增负责人" opens the new-user form filled in for that department's 第一解读人
  const newHead = Number(new URL(request.url).searchParams.get("newHead"));
  return { ...overview, me: user.id, newHeadFor: overview.departments.some((d) => d.id === newHead) ? newHead : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin.manage");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const submission = parseWithZod(formData, { schema: adminActionSchema });
  if (submission.status !== "success") return { intent, result: submission.reply({ hideFields: ["password"] }) };
  const v = submission.value;
  try {
    if (v.intent === "createDepartment") createDepartment(v, user.id);
    else if (v.intent === "createUser") await createUser(v, user.id);
    else if (v.intent === "setUserActive") {
      if (v.userId === user.id && !v.active) return { intent, result: submission.reply({ formErrors: ["不能停用自己的账号。"] }) };
      setUserActive(v.userId, v.active, user.id);
    } else assignGate(v.departmentId, v.gate, v.reviewerId, user.id);
  } catch (error) {
    if (error instanceof DuplicateError) return { intent, result: submission.reply({ formErrors: [error.message], hideFields: ["password"] }) };
    throw error;
  }
  return { intent, result: submission.reply({ resetForm: true }), done: DONE_MESSAGES[v.intent] };
}

const DONE_MESSAGES: Record<string, string> = {
  createDepartment: "已新增单位。",
  createUser: "已新增用户。",
  setUserActive: "已更新账号状态。",
  assignGate: "已保存审核分工。",
};

export default function Admin() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const reviewers = data.users.filter((u) => u.role === "reviewer" && u.active);
  const [deptForm, deptFields] = useForm({
    id: "create-department",
    lastResult: actionData?.intent === "createDepartment" ? actionData.result : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createDepartmentSchema }),
    shouldValidate: "onBlur",
  });
  const [userForm, userFields] = useForm({
    id: data.newHeadFor ? `create-user-head-${data.newHeadFor}` : "create-user",
    lastResult: actionData?.intent === "createUser" ? actionData.result : undefined,
    defaultValue: data.newHeadFor ? { role: "head", departmentId: String(data.newHeadFor) } : undefined,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: createUserSchema }),
    shouldValidate: "onBlur",
  });
  const otherErrors =
    actionData && !["createDepartment", "createUser"].includes(actionData.intent) ? actionData.result.error?.[""] : undefined;
  const deptName = (id: number) => data.departments.find((d) => d.id === id)?.name ?? "—";
  // 谁起草谁解读: a drafting department without an active head cannot get its documents signed
  const headsOf = (departmentId: number) => data.users.filter((u) => u.role === "head" && u.active && u.departmentId === departmentId);
  const headless = data.departments.filter((d) => headsOf(d.id).length === 0);

  return (
    <div className="stack">
      <h1>管理</h1>
      <AdminNav />
      {actionData && "done" in actionData && actionData.done ? (
        <p className="notice" role="status">
          {actionData.done}
        </p>
      ) : null}
      <FormErrors errors={otherErrors ?? undefined} />
      {headless.length ? (
        <div className="form-error" role="note" data-testid="headless-departments">
          <p>
            以下单位没有在职的第一解读人（负责人）账号，其文件四关审核通过后将无人审签，请为每个单位新增或启用一名负责人：
          </p>
          <ul>
            {headless.map((d) => (
              <li key={d.id}>
                {d.name}：<a href={`/app/admin?newHead=${d.id}#new-user`}>为其新增负责人</a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <section className="card" aria-labelledby="users-h">
        <h2 id="users-h" style={{ marginTop: 0 }}>
          用户
        </h2>
        <table className="list">
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">角色</th>
              <th scope="col">单位</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{deptName(u.departmentId)}</td>
                <td>
                  <Form method="post">
                    <input type="hidden" name="intent" value="setUserActive" />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="active" value={u.active ? "0" : "1"} />
                    {u.active ? "启用中 " : "已停用 "}
                    <button type="submit" className="secondary" disabled={u.id === data.me}>
                      {u.active ? "停用" : "启用"}
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3 id="new-user">{data.newHeadFor ? `新增用户：${deptName(data.newHeadFor)}的第一解读人（负责人）` : "新增用户"}</h3>
        <Form method="post" {...getFormProps(userForm)}>
          <input type="hidden" name="intent" value="createUser" />
          <FormErrors errors={userForm.errors} id={userForm.errorId} />
          <div className="grid-2">
            {(
              [
                ["username", "用户名", "text"],
                ["displayName", "姓名", "text"],
                ["password", "初始密码（至少 8 位）", "password"],
                ["email", "电子邮箱（可选，用于待办提醒邮件）", "email"],
              ] as const
            ).map(([name, label, type]) => (
              <div className="field" key={name}>
                <label htmlFor={userFields[name].id}>{label}</label>
                <input {...getInputProps(userFields[name], { type })} key={userFields[name].key} />
                <FormErrors errors={userFields[name].errors} id={userFields[name].errorId} />
              </div>
            ))}
            <div className="field">
              <label htmlFor={userFields.role.id}>角色</label>
              <select {...getSelectProps(userFields.role)} key={userFields.role.key}>
                <option value="">请选择</option>
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
              <FormErrors errors={userFields.role.errors} id={userFields.role.errorId} />
            </div>
            <div className="field">
              <label htmlFor={userFields.departmentId.id}>单位</label>
              <select {...getSelectProps(userFields.departmentId)} key={userFields.departmentId.key}>
                <option value="">请选择</option>
                {data.departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
              <FormErrors errors={userFields.departmentId.errors} id={userFields.departmentId.errorId} />
            </div>
          </div>
          <button type="submit">新增用户</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="depts-h">
        <h2 id="depts-h" style={{ marginTop: 0 }}>
          单位与审核分工
        </h2>
        <table className="list">
          <thead>
            <tr>
              <th scope="col">单位</th>
              <th scope="col">第一解读人</th>
              {GATES.map((g) => (
                <th scope="col" key={g}>
                  {GATE_LABELS[g]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.departments.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.name}</th>
                <td data-testid={`heads-${d.id}`}>
                  {headsOf(d.id).length ? (
                    headsOf(d.id)
                      .map((h) => h.displayName)
                      .join("、")
                  ) : (
                    <a className="error" href={`/app/admin?newHead=${d.id}#new-user`}>
                      未指定，新增负责人
                    </a>
                  )}
                </td>
                {GATES.map((g) => {
                  const current = data.gates.find((a) => a.departmentId === d.id && a.gate === g);
                  // a reviewer since disabled or given another role stays visible, but cannot be chosen again
                  const stale = current && !reviewers.some((r) => r.id === current.reviewerId) ? data.users.find((u) => u.id === current.reviewerId) : undefined;
                  return (
                    <td key={g}>
                      <Form method="post" className="toolbar" style={{ margin: 0 }}>
                        <input type="hidden" name="intent" value="assignGate" />
                        <input type="hidden" name="departmentId" value={d.id} />
                        <input type="hidden" name="gate" value={g} />
                        <label className="sr-only" htmlFor={`gate-${d.id}-${g}`}>
                          {d.name}{GATE_LABELS[g]}审核人
                        </label>
                        <select id={`gate-${d.id}-${g}`} name="reviewerId" defaultValue={current?.reviewerId ?? ""}>
                          <option value="" disabled={current !== undefined}>
                            未指定
                          </option>
                          {stale ? (
                            <option value={stale.id} disabled>
                              {stale.displayName}（{stale.active ? "已不是审核人" : "已停用"}，请改派）
                            </option>
                          ) : null}
                          {reviewers.map((r) => (
                            <option key={r.id} value={r.id}>
                              {r.displayName}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="secondary" aria-label={`保存${d.name}${GATE_LABELS[g]}审核人`}>
                          保存
                        </button>
                      </Form>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
        <h3>新增单位</h3>
        <Form method="post" {...getFormProps(deptForm)}>
          <input type="hidden" name="intent" value="createDepartment" />
          <FormErrors errors={deptForm.errors} id={deptForm.errorId} />
          <div className="grid-2">
            <div className="field">
              <label htmlFor={deptFields.name.id}>单位名称</label>
              <input {...getInputProps(deptFields.name, { type: "text" })} key={deptFields.name.key} />
              <FormErrors errors={deptFields.name.errors} id={deptFields.name.errorId} />
            </div>
            <div className="field">
              <label htmlFor={deptFields.code.id}>单位代码（英文小写）</label>
              <input {...getInputProps(deptFields.code, { type: "text" })} key={deptFields.code.key} />
              <FormErrors errors={deptFields.code.errors} id={deptFields.code.errorId} />
            </div>
            <div className="field">
              <label htmlFor={deptFields.kind.id}>类型</label>
              <select {...getSelectProps(deptFields.kind)} key={deptFields.kind.key} defaultValue="drafting">
                <option value="drafting">起草单位</option>
                <option value="office">审核/办公室</option>
              </select>
            </div>
          </div>
          <button type="submit">新增单位</button>
        </Form>
      </section>
    </div>
  );
}
