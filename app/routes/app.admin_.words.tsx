import { type SubmissionResult, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { AdminNav, FormErrors } from "~/components/admin/admin-nav";
import { WORD_RULE_LIMITS, deleteWordRuleSchema, wordRuleSchema } from "~/domain/forms/admin";
import { adminOverview } from "~/features/admin/users.server";
import { requirePermission } from "~/models/auth.server";
import { type StoredWordRule, WordRuleError, createWordRule, deleteWordRule, listWordRules, updateWordRule } from "~/features/checks/word-rules.server";
import { invariantResponse } from "~/models/invariant.server";

export const meta: MetaFunction = () => [{ title: "审校词表 · 管理 · 解读工坊" }];

const DONE_MESSAGES = {
  created: (r?: StoredWordRule) => `已新增规则${r ? `“${r.wrong}”→“${r.right}”` : ""}，之后的审校立即按新词表检查。`,
  updated: (r?: StoredWordRule) => `已保存对规则${r ? `“${r.wrong}”` : ""}的修改，之后的审校立即按新词表检查。`,
  deleted: () => "已删除规则，审校不再提示这一条。",
} as const;

const SEVERITY_LABELS = { error: "错误（须改正）", warning: "提醒（可确认后保留）" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "admin.manage");
  const url = new URL(request.url);
  const rules = listWordRules(user.id);
  const editId = Number(url.searchParams.get("edit"));
  const done = url.searchParams.get("done");
  const touched = url.searchParams.get("rule");
  const undoFields = ["wrong", "right", "followedBy", "severity", "note", "departmentId"] as const;
  const undo = done === "deleted" && url.searchParams.get("undo.wrong") ? Object.fromEntries(undoFields.map((k) => [k, url.searchParams.get(`undo.${k}`) ?? ""])) : null;
  return {
    rules,
    departments: adminOverview().departments.map((d) => ({ id: d.id, name: d.name })),
    editing: rules.find((r) => r.id === editId) ?? null,
    editMissing: url.searchParams.has("edit") && !rules.some((r) => r.id === editId),
    done: done && done in DONE_MESSAGES ? DONE_MESSAGES[done as keyof typeof DONE_MESSAGES](rules.find((r) => String(r.id) === touched)) : null,
    /** the rule just deleted, as form fields for 撤销删除 */
    undo,
    /** changes after every successful save, so the create form starts empty again */
    formKey: `${done ?? ""}-${touched ?? ""}`,
  };
}


export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin.manage");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  if (intent === "deleteWordRule") {
    const submission = parseWithZod(formData, { schema: deleteWordRuleSchema });
    if (submission.status !== "success") return { intent, result: submission.reply({ formErrors: ["没有指明要删除的规则，请刷新页面后重试。"] }) };
    let was: ReturnType<typeof deleteWordRule>;
    try {
      was = deleteWordRule(submission.value.ruleId, user.id);
    } catch (error) {
      if (error instanceof WordRuleError) return { intent, result: submission.reply({ formErrors: [error.message] }) };
      throw error;
    }
    // no confirmation dialog (适老化: no pop-ups); the page offers to add the rule back instead
    const undo = new URLSearchParams({ done: "deleted" });
    for (const [key, value] of Object.entries(was)) undo.set(`undo.${key}`, value === null ? "" : String(value));
    return redirect(`/app/admin/words?${undo}`);
  }

  invariantResponse(intent === "createWordRule" || intent === "updateWordRule", "未知的操作，请刷新页面后重试。", { status: 400 });
  const submission = parseWithZod(formData, { schema: wordRuleSchema });
  if (submission.status !== "success") return { intent, result: submission.reply() };
  const v = submission.value;
  const values = {
    wrong: v.wrong,
    right: v.right,
    followedBy: v.followedBy || null,
    severity: v.severity,
    note: v.note || null,
    departmentId: v.departmentId ?? null,
  };
  let id: number;
  try {
    if (v.intent === "updateWordRule" && v.ruleId !== undefined) {
      updateWordRule(v.ruleId, values, user.id);
      id = v.ruleId;
    } else id = createWordRule(values, user.id);
  } catch (error) {
    if (error instanceof WordRuleError)
      return {
        intent,
        result: error.field ? submission.reply({ fieldErrors: { [error.field]: [error.message] } }) : submission.reply({ formErrors: [error.message] }),
      };
    throw error;
  }
  return redirect(`/app/admin/words?done=${v.intent === "updateWordRule" ? "updated" : "created"}&rule=${id}`);
}

function WordRuleForm({
  rule,
  departments,
  lastResult,
}: {
  rule: StoredWordRule | null;
  departments: { id: number; name: string }[];
  lastResult?: SubmissionResult<string[]>;
}) {
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: rule ? `word-rule-edit-${rule.id}` : "word-rule-create",
    lastResult,
    defaultValue: rule
      ? {
          wrong: rule.wrong,
          right: rule.right,
          followedBy: rule.followedBy ?? "",
          severity: rule.severity,
          note: rule.note ?? "",
          departmentId: rule.departmentId === null ? "" : String(rule.departmentId),
        }
      : { severity: "error" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: wordRuleSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const helpId = `${form.id}-followed-help`;
  const wrongId = fields.wrong.id;
  const editingId = rule?.id;
  useEffect(() => {
    if (editingId !== undefined) document.getElementById(wrongId)?.focus();
  }, [editingId, wrongId]);
  const describedBy = (errorId: string, invalid: boolean, extra?: string) => [invalid ? errorId : null, extra].filter(Boolean).join(" ") || undefined;
  return (
    <Form method="post" {...getFormProps(form)}>
      <input type="hidden" name="intent" value={rule ? "updateWordRule" : "createWordRule"} />
      {rule ? <input type="hidden" name="ruleId" value={rule.id} /> : null}
      <FormErrors errors={form.errors} id={form.errorId} />
      <div className="grid-2">
        <div className="field">
          <label htmlFor={fields.wrong.id}>错误写法</label>
          <input {...getInputProps(fields.wrong, { type: "text" })} key={fields.wrong.key} maxLength={WORD_RULE_LIMITS.wrong} />
          <FormErrors errors={fields.wrong.errors} id={fields.wrong.errorId} />
        </div>
        <div className="field">
          <label htmlFor={fields.right.id}>正确写法</label>
          <input {...getInputProps(fields.right, { type: "text" })} key={fields.right.key} maxLength={WORD_RULE_LIMITS.right} />
          <FormErrors errors={fields.right.errors} id={fields.right.errorId} />
        </div>
        <div className="field">
          <label htmlFor={fields.followedBy.id}>后接条件（可不填）</label>
          <textarea
            {...getTextareaProps(fields.followedBy)}
            key={fields.followedBy.key}
            rows={2}
            style={{ minHeight: "3rem", fontFamily: "monospace" }}
            aria-describedby={describedBy(fields.followedBy.errorId, !fields.followedBy.valid, helpId)}
          />
          <p className="muted" id={helpId} style={{ margin: ".25rem 0 0", fontSize: ".9rem" }}>
            正则表达式：只有错误写法后面紧跟着符合它的文字时才提示。例如“截止”后接 <code>\s*\d{"{4}"}</code>
            （四位年份）时提示改为“截至”，而“截止日期”不提示。最长 {WORD_RULE_LIMITS.followedBy} 个字符。
          </p>
          <FormErrors errors={fields.followedBy.errors} id={fields.followedBy.errorId} />
        </div>
        <div className="field">
          <label htmlFor={fields.note.id}>说明（可不填，显示在审校提示中）</label>
          <input {...getInputProps(fields.note, { type: "text" })} key={fields.note.key} maxLength={WORD_RULE_LIMITS.note} />
          <FormErrors errors={fields.note.errors} id={fields.note.errorId} />
        </div>
        <div className="field">
          <label htmlFor={fields.severity.id}>级别</label>
          <select {...getSelectProps(fields.severity)} key={fields.severity.key}>
            <option value="error">{SEVERITY_LABELS.error}</option>
            <option value="warning">{SEVERITY_LABELS.warning}</option>
          </select>
          <FormErrors errors={fields.severity.errors} id={fields.severity.errorId} />
        </div>
        <div className="field">
          <label htmlFor={fields.departmentId.id}>适用范围</label>
          <select {...getSelectProps(fields.departmentId)} key={fields.departmentId.key}>
            <option value="">全局（所有单位）</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                仅{d.name}
              </option>
            ))}
          </select>
          <FormErrors errors={fields.departmentId.errors} id={fields.departmentId.errorId} />
        </div>
      </div>
      <div className="toolbar">
        <button type="submit" disabled={navigation.state === "submitting"}>
          {rule ? "保存修改" : "新增规则"}
        </button>
        {rule ? (
          <Link to="/app/admin/words" className="button secondary">
            取消编辑
          </Link>
        ) : null}
      </div>
    </Form>
  );
}

export default function AdminWords() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const deptName = (id: number | null) => (id === null ? "全局" : (data.departments.find((d) => d.id === id)?.name ?? "—"));
  const formIntent = data.editing ? "updateWordRule" : "createWordRule";
  const deleteErrors = actionData?.intent === "deleteWordRule" ? actionData.result.error?.[""] : undefined;

  return (
    <div className="stack admin-words" data-hydrated={hydrated ? "true" : undefined}>
      <h1>审校词表</h1>
      <AdminNav />
      <p className="muted">
        审校按这里的规则检查易混词和不规范表述。全局规则适用于所有单位；单位规则只检查该单位起草的文件。修改保存后，下一次审校即生效。
      </p>
      {data.done ? (
        <div className="notice toolbar" role="status" style={{ marginBottom: 0 }}>
          <span>{data.undo ? `已删除规则“${data.undo.wrong}”→“${data.undo.right}”，审校不再提示这一条。` : data.done}</span>
          {data.undo ? (
            <Form method="post" style={{ margin: 0 }}>
              <input type="hidden" name="intent" value="createWordRule" />
              {Object.entries(data.undo).map(([name, value]) => (
                <input key={name} type="hidden" name={name} value={value} />
              ))}
              <button type="submit" className="secondary">
                撤销删除
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      {data.editMissing ? (
        <p className="form-error" role="alert">
          要编辑的规则已不存在（可能已被删除）。
        </p>
      ) : null}
      <FormErrors errors={deleteErrors} />

      <section className="card" aria-labelledby="word-rule-form-h" id="rule-form">
        <h2 id="word-rule-form-h" style={{ marginTop: 0 }}>
          {data.editing ? `编辑规则：${data.editing.wrong} → ${data.editing.right}` : "新增规则"}
        </h2>
        <WordRuleForm
          key={data.editing ? `edit-${data.editing.id}` : `new-${data.formKey}`}
          rule={data.editing}
          departments={data.departments}
          lastResult={actionData?.intent === formIntent ? actionData.result : undefined}
        />
      </section>

      <section aria-labelledby="word-rules-h">
        <h2 id="word-rules-h">现有规则（{data.rules.length} 条）</h2>
        {data.rules.length === 0 ? (
          <p className="empty">词表为空，审校不检查易混词。可在上方新增规则。</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">错误写法</th>
                <th scope="col">正确写法</th>
                <th scope="col">后接条件</th>
                <th scope="col">级别</th>
                <th scope="col">适用范围</th>
                <th scope="col">说明</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {data.rules.map((r) => (
                <tr key={r.id} data-rule-id={r.id}>
                  <th scope="row">{r.wrong}</th>
                  <td>{r.right}</td>
                  <td>{r.followedBy ? <code style={{ wordBreak: "break-all" }}>{r.followedBy}</code> : <span className="muted">—</span>}</td>
                  <td className="nowrap">{r.severity === "error" ? "错误" : "提醒"}</td>
                  <td>{deptName(r.departmentId)}</td>
                  <td>{r.note ?? ""}</td>
                  <td>
                    <div className="toolbar" style={{ margin: 0 }}>
                      <Link to={`/app/admin/words?edit=${r.id}#rule-form`} className="button secondary" aria-label={`编辑规则“${r.wrong}”`}>
                        编辑
                      </Link>
                      <Form method="post" style={{ margin: 0 }}>
                        <input type="hidden" name="intent" value="deleteWordRule" />
                        <input type="hidden" name="ruleId" value={r.id} />
                        <button type="submit" className="secondary" aria-label={`删除规则“${r.wrong}”`}>
                          删除
                        </button>
                      </Form>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
