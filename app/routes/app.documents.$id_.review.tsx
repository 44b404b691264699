import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { StatusBadge } from "~/components/ui/status-badge";
import { getDb } from "~/db/client.server";
import { workflowFormSchema } from "~/domain/forms/workflow";
import { describeAuditAction } from "~/domain/workflow";
import { auditTrailForDocument } from "~/models/audit.server";
import { requireUser } from "~/models/auth.server";
import { getDocumentForUser, parseId } from "~/models/documents.server";
import { handleWorkflowForm, reviewPageData } from "~/features/workflow/review-page.server";
import { fieldWithin } from "~/domain/package/field-labels";
import { AiFieldsSection } from "~/features/ai-drafting/review-section";
import { aiFieldRows } from "~/features/ai-drafting/review.server";
import { GATE_LABELS, SEVERITY_LABELS } from "~/domain/vocabulary";
import { invariantResponse } from "~/models/invariant.server";
import { FollowUpPanel } from "~/features/lifecycle/follow-up-form";
import { followUpsOf } from "~/features/lifecycle/follow-ups.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `审核与发布 · ${data?.document.title ?? "文件"} · 解读工坊` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.id);
  getDocumentForUser(user, id); // 404 unless visible
  const data = reviewPageData(user, id);
  invariantResponse(data, "这个文件还没有解读材料，请先由起草人编写解读材料。", { status: 404 });
  return { ...data, audit: auditTrailForDocument(getDb(), id), aiFields: await aiFieldRows(getDb(), data.package.id), followUps: followUpsOf(id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.id);
  getDocumentForUser(user, id);
  const submission = parseWithZod(await request.formData(), { schema: workflowFormSchema });
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flat().filter((e): e is string => typeof e === "string");
    return { ok: false as const, message: errors[0] ?? "提交的内容不完整，请检查后重试。" };
  }
  const result = handleWorkflowForm(user, id, submission.value);
  return result.ok ? { ok: true as const, message: result.message } : { ok: false as const, message: result.reason };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Highlighted({ text, start, end, findings }: { text: string; start: number; end: number; findings: Data["findings"] }) {
  const inside = findings
    .filter((f) => f.excerpt.length > 0 && f.offset >= start && f.offset + f.excerpt.length <= end)
    .sort((a, b) => a.offset - b.offset);
  const pieces: JSX.Element[] = [];
  let at = start;
  inside.forEach((f) => {
    if (f.offset < at) return; // overlapping findings: the first one is marked
    pieces.push(<Fragment key={`t${f.offset}-${f.rule}`}>{text.slice(at, f.offset)}</Fragment>);
    pieces.push(
      <mark key={`m${f.offset}-${f.rule}`} className={`finding-${f.severity}`} data-rule={f.rule} title={f.message}>
        {f.excerpt}
      </mark>,
    );
    at = f.offset + f.excerpt.length;
  });
  pieces.push(<Fragment key="end">{text.slice(at, end)}</Fragment>);
  return <>{pieces}</>;
}

export default function ReviewPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const d = data.document;
  return (
    <div className="stack review-page">
      <div className="toolbar">
        <h1 style={{ margin: 0 }}>审核与发布</h1>
        <StatusBadge status={d.status} />
        <Link to={`/app/documents/${d.id}`}>返回文件</Link>
      </div>
      <p className="muted">
        {d.title}
        {d.docNumber ? ` · ${d.docNumber}` : ""} · 第 {data.package.round} 轮审核
        {d.publishedAt ? ` · 已于 ${d.publishedAt.slice(0, 16).replace("T", " ")} 发布` : ""}
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"} data-testid="workflow-result">
          {result.message}
        </p>
      ) : null}

      <AiFieldsSection rows={data.aiFields} />

      <section className="card" aria-labelledby="steps-h">
        <h2 id="steps-h" style={{ marginTop: 0 }}>
          四关审核（第 {data.package.round} 轮）
        </h2>
        <table className="list gates">
          <thead>
            <tr>
              <th>审核关</th>
              <th>审核人</th>
              <th>结论</th>
              <th>意见</th>
            </tr>
          </thead>
          <tbody>
            {data.gates.map((g) => (
              <tr key={g.gate} data-gate={g.gate}>
                <td>{GATE_LABELS[g.gate]}</td>
                <td>{g.reviewerOfRecord ?? g.reviewerName ?? "未指派"}</td>
                <td>{g.verdict === "pass" ? "通过" : g.verdict === "return" ? "退回" : "待审核"}</td>
                <td>{g.opinion || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data.gates
          .filter((g) => g.canDecide)
          .map((g) => (
            <Form method="post" key={g.gate} className="verdict-form" data-gate={g.gate}>
              <input type="hidden" name="intent" value="verdict" />
              <input type="hidden" name="gate" value={g.gate} />
              <fieldset>
                <legend>{GATE_LABELS[g.gate]}审核意见</legend>
                <label>
                  <input type="radio" name="verdict" value="pass" defaultChecked /> 通过
                </label>{" "}
                <label>
                  <input type="radio" name="verdict" value="return" /> 退回修改
                </label>
                <div className="field">
                  <label htmlFor={`opinion-${g.gate}`}>意见（退回时必填）</label>
                  <textarea id={`opinion-${g.gate}`} name="opinion" rows={2} maxLength={2000} />
                </div>
                <button type="submit" disabled={busy}>
                  提交{GATE_LABELS[g.gate]}意见
                </button>
              </fieldset>
            </Form>
          ))}
        {data.history.some((r) => r.round < data.package.round) ? (
          <details>
            <summary>以往各轮审核意见</summary>
            <ul>
              {data.history
                .filter((r) => r.round < data.package.round)
                .map((r) => (
                  <li key={r.id}>
                    第 {r.round} 轮 · {GATE_LABELS[r.gate]} · {r.verdict === "pass" ? "通过" : "退回"} · {r.reviewerName}
                    {r.opinion ? `：${r.opinion}` : ""}
                  </li>
                ))}
            </ul>
          </details>
        ) : null}
      </section>

      <section className="card actions" aria-labelledby="actions-h">
        <h2 id="actions-h" style={{ marginTop: 0 }}>
          下一步
        </h2>
        {d.status === "returned" && data.history.some((r) => r.round === data.package.round && r.verdict === "return") ? (
          <div className="form-error" role="note" data-testid="return-opinions">
            审核退回意见：
            {data.history
              .filter((r) => r.round === data.package.round && r.verdict === "return")
              .map((r) => (
                <p key={r.id}>
                  {GATE_LABELS[r.gate]}（{r.reviewerName}）：{r.opinion}
                </p>
              ))}
            请按意见修改解读材料后重新提交。
          </div>
        ) : null}
        {data.noHead && data.can.submit ? (
          <p className="form-error" role="note" data-testid="no-head-warning">
            本单位还没有在职的第一解读人（负责人）账号：四关审核通过后将无人审签。请联系管理员在“管理”页为本单位指定负责人。
          </p>
        ) : null}
        {data.can.signRefusal ? (
          <p className="notice" role="status" data-testid="sign-refusal">
            审签：{data.can.signRefusal}
          </p>
        ) : null}
        {data.can.submit ? (
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            {data.can.submitRefusal ? <p className="form-error">{data.can.submitRefusal}</p> : null}
            <button type="submit" name="submit" disabled={busy || data.can.submitRefusal !== null}>
              提交审核
            </button>{" "}
            <Link to={`/app/documents/${d.id}/package`}>编辑解读材料</Link>
          </Form>
        ) : null}
        {data.can.sign ? (
          <Form method="post" className="sign-form">
            <input type="hidden" name="intent" value="sign" />
            <div className="field">
              <label htmlFor="sign-opinion">审签意见（可选）</label>
              <textarea id="sign-opinion" name="opinion" rows={2} maxLength={2000} />
            </div>
            <button type="submit" disabled={busy}>
              审签（第一解读人）
            </button>
          </Form>
        ) : null}
        {data.can.publish ? (
          <Form method="post" className="publish-form">
            <input type="hidden" name="intent" value="publish" />
            {data.can.publishRefusal ? <p className="muted">{data.can.publishRefusal}</p> : null}
            <button type="submit" disabled={busy || data.can.publishRefusal !== null}>
              同步发布文件和解读
            </button>
          </Form>
        ) : null}
        {data.can.decideNoInterpretation ? (
          <details>
            <summary>签批“无需解读”</summary>
            <Form method="post">
              <input type="hidden" name="intent" value="decideNoInterpretation" />
              <div className="field">
                <label htmlFor="noint-reason">无需解读的理由（必填，记入审计记录）</label>
                <textarea id="noint-reason" name="reason" rows={2} maxLength={2000} required />
              </div>
              <button type="submit" disabled={busy}>
                签批无需解读
              </button>
            </Form>
          </details>
        ) : null}
        {data.can.correct ? (
          <details>
            <summary>发起更正</summary>
            <Form method="post">
              <input type="hidden" name="intent" value="correct" />
              <div className="field">
                <label htmlFor="correct-reason">更正原因（必填）</label>
                <textarea id="correct-reason" name="reason" rows={2} maxLength={2000} required />
              </div>
              <button type="submit" disabled={busy}>
                发起更正
              </button>
            </Form>
          </details>
        ) : null}
        <FollowUpPanel canStart={data.can.followUp} items={data.followUps} busy={busy} />
        {data.can.withdraw ? (
          <details>
            <summary>撤回</summary>
            <Form method="post">
              <input type="hidden" name="intent" value="withdraw" />
              <div className="field">
                <label htmlFor="withdraw-reason">撤回原因（必填）</label>
                <textarea id="withdraw-reason" name="reason" rows={2} maxLength={2000} required />
              </div>
              <button type="submit" disabled={busy}>
                撤回
              </button>
            </Form>
          </details>
        ) : null}
        {data.exportJob ? (
          <p className="muted">
            新媒体图片：{{ queued: "排队中", running: "生成中", done: "已完成", failed: "失败" }[data.exportJob.status]}
            {data.exportJob.error ? `（${data.exportJob.error}）` : ""}
          </p>
        ) : null}
        {data.can.retryExport ? (
          <Form method="post">
            <input type="hidden" name="intent" value="retryExport" />
            <button type="submit" disabled={busy}>
              重新生成新媒体图片
            </button>
          </Form>
        ) : null}
        {!d.interpretationRequired && d.noInterpretationReason ? <p className="muted">已签批无需解读：{d.noInterpretationReason}</p> : null}
      </section>

      <section className="card" aria-labelledby="findings-h">
        <h2 id="findings-h" style={{ marginTop: 0 }}>
          审校结果：错误 {data.counts.error} · 提示 {data.counts.warning}（未确认 {data.counts.unacknowledgedWarnings}）· 参考 {data.counts.info}
        </h2>
        {data.findings.length === 0 ? (
          <p className="muted">审校未发现问题。</p>
        ) : (
          <ol className="findings">
            {data.findings.map((f) => (
              <li key={f.key} className={`finding-${f.severity}`} data-rule={f.rule}>
                <strong>[{SEVERITY_LABELS[f.severity]}]</strong> {f.excerpt ? `“${f.excerpt}” ` : ""}
                {f.message}
                {f.expected ? <span className="muted">（建议：{f.expected}）</span> : null}
                {f.severity === "warning" ? (
                  f.acknowledged ? (
                    <span className="muted"> · 已确认</span>
                  ) : data.can.acknowledge ? (
                    <Form method="post" style={{ display: "inline" }}>
                      <input type="hidden" name="intent" value="acknowledge" />
                      <input type="hidden" name="key" value={f.key} />
                      <button type="submit" disabled={busy}>
                        已核对，确认
                      </button>
                    </Form>
                  ) : null
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <div className="grid-2 side-by-side">
        <section className="card" aria-labelledby="doc-h">
          <h2 id="doc-h" style={{ marginTop: 0 }}>
            文件原文
          </h2>
          <div className="doc-text">
            {d.text}
          </div>
        </section>
        <section className="card" aria-labelledby="pkg-h">
          <h2 id="pkg-h" style={{ marginTop: 0 }}>
            解读材料
          </h2>
          <div className="doc-text interpretation">
            {data.interpretation.segments.length === 0
              ? "（尚无解读内容）"
              : data.interpretation.segments.map((s) => (
                  <div key={s.field} data-field={s.field}>
                    <strong>{s.label}</strong>
                    {data.aiFields.some((a) => fieldWithin(s.field, a.field) || fieldWithin(a.field, s.field)) ? <span className="ai-badge"> AI 辅助生成</span> : null}
                    {"\n"}
                    <Highlighted text={data.interpretation.text} start={s.start} end={s.end} findings={data.findings} />
                    {"\n\n"}
                  </div>
                ))}
          </div>
        </section>
      </div>

      <section className="card" aria-labelledby="audit-h">
        <div className="toolbar">
          <h2 id="audit-h" style={{ margin: 0 }}>
            操作记录
          </h2>
          <a href={`/app/documents/${d.id}/audit.csv`} download>
            导出 CSV
          </a>
        </div>
        <ol className="audit-trail">
          {data.audit.map((a) => (
            <li key={a.id} data-action={a.action}>
              {a.at.slice(0, 19).replace("T", " ")} · {a.actorName ?? "系统"} · {describeAuditAction(a.action, a.details)}
              {a.reason ? `：${a.reason}` : ""}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
