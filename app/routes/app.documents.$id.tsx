import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StatusBadge } from "~/components/ui/status-badge";
import { getDb } from "~/db/client.server";
import { EDITABLE_STATES, documentMetaSchema } from "~/domain/forms/document-meta";
import { missingDocumentMeta } from "~/domain/package/completeness";
import { can } from "~/domain/permissions";
import { describeAuditAction } from "~/domain/workflow";
import { auditTrailForDocument } from "~/models/audit.server";
import { assertPermission, requireUser } from "~/models/auth.server";
import { activeHeadsOf, getDocumentForUser, parseId, updateDocumentMeta } from "~/models/documents.server";
import { VALIDITY_LABELS } from "~/domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.document.title ?? "文件"} · 解读工坊` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const row = getDocumentForUser(user, parseId(params.id));
  const d = row.document;
  const editable =
    can(user, "document.edit", { departmentId: d.departmentId }).ok &&
    (EDITABLE_STATES as readonly string[]).includes(d.status);
  return {
    document: {
      id: d.id,
      title: d.title,
      docNumber: d.docNumber,
      issuer: d.issuer,
      writtenDate: d.writtenDate,
      releaseDate: d.releaseDate,
      topic: d.topic,
      indexNo: d.indexNo,
      validity: d.validity,
      status: d.status,
      normalizedText: d.normalizedText,
      publishedAt: d.publishedAt,
    },
    departmentName: row.departmentName,
    packageId: row.packageId,
    editable,
    canChangeValidity: can(user, "document.edit", { departmentId: d.departmentId }).ok,
    /** before submission: who will sign, and what the document itself still lacks */
    noHead: (EDITABLE_STATES as readonly string[]).includes(d.status) && activeHeadsOf(d.departmentId).length === 0,
    missingMeta: missingDocumentMeta(d),
    audit: auditTrailForDocument(getDb(), d.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const row = getDocumentForUser(user, parseId(params.id));
  assertPermission(user, "document.edit", { departmentId: row.document.departmentId });
  if (!(EDITABLE_STATES as readonly string[]).includes(row.document.status)) {
    throw new Response("文件已提交审核或已发布，不能直接修改；如需修改请先退回或发起更正。", { status: 409 });
  }
  const submission = parseWithZod(await request.formData(), { schema: documentMetaSchema });
  if (submission.status !== "success") return submission.reply();
  updateDocumentMeta(row.document.id, submission.value, user.id);
  return submission.reply({ resetForm: false });
}

export default function DocumentPage() {
  const { document: d, departmentName, editable, canChangeValidity, audit, packageId, noHead, missingMeta } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    defaultValue: {
      title: d.title,
      docNumber: d.docNumber ?? "",
      issuer: d.issuer ?? "",
      writtenDate: d.writtenDate ?? "",
      releaseDate: d.releaseDate ?? "",
      topic: d.topic ?? "",
    },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: documentMetaSchema }),
  });
  const saved = lastResult?.status === "success" && navigation.state === "idle";
  return (
    <div className="stack">
      <div className="toolbar">
        <h1 style={{ margin: 0 }}>{d.title}</h1>
        <StatusBadge status={d.status} />
        {packageId ? <a href={`/app/documents/${d.id}/review`}>审核与发布</a> : null}
        {packageId ? (
          <a className="button" href={`/app/documents/${d.id}/package`} style={{ marginLeft: "auto" }}>
            编辑解读材料
          </a>
        ) : null}
      </div>
      {noHead ? (
        <p className="form-error" role="note" data-testid="no-head-warning">
          {departmentName}还没有在职的第一解读人（负责人）账号：四关审核通过后将无人审签。请联系管理员在“管理”页为本单位指定负责人，再提交审核。
        </p>
      ) : null}
      {editable && missingMeta.length ? (
        <p className="form-error" role="note" data-testid="missing-meta">
          请填写{missingMeta.join("、")}：提交审核、导出图片和发布都需要（公开页面和图片上要印出）。
        </p>
      ) : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="meta-h">
          <h2 id="meta-h" style={{ marginTop: 0 }}>
            文件信息
          </h2>
          {editable ? (
            <Form method="post" {...getFormProps(form)}>
              {saved ? <p className="notice" role="status">已保存。</p> : null}
              {(
                [
                  ["title", "标题"],
                  ["docNumber", "文号"],
                  ["issuer", "发文机关"],
                  ["writtenDate", "成文日期"],
                  ["releaseDate", "计划发布日期"],
                  ["topic", "主题分类"],
                ] as const
              ).map(([name, label]) => (
                <div className="field" key={name}>
                  <label htmlFor={fields[name].id}>{label}</label>
                  <input
                    {...getInputProps(fields[name], { type: name.endsWith("Date") ? "date" : "text" })}
                    key={fields[name].key}
                  />
                  {fields[name].errors ? (
                    <p className="error" id={fields[name].errorId}>
                      {fields[name].errors.join(" ")}
                    </p>
                  ) : null}
                </div>
              ))}
              <button type="submit" disabled={navigation.state === "submitting"}>
                保存文件信息
              </button>
            </Form>
          ) : (
            <dl className="meta">
              <dt>文号</dt>
              <dd>{d.docNumber ?? "—"}</dd>
              <dt>发文机关</dt>
              <dd>{d.issuer ?? "—"}</dd>
              <dt>成文日期</dt>
              <dd>{d.writtenDate ?? "—"}</dd>
              <dt>发布日期</dt>
              <dd>{d.publishedAt?.slice(0, 10) ?? d.releaseDate ?? "—"}</dd>
              <dt>主题分类</dt>
              <dd>{d.topic ?? "—"}</dd>
            </dl>
          )}
          <dl className="meta" style={{ marginTop: "1rem" }}>
            <dt>起草单位</dt>
            <dd>{departmentName}</dd>
            <dt>索引号</dt>
            <dd>{d.indexNo ?? "—"}</dd>
            <dt>有效性</dt>
            <dd>
              {VALIDITY_LABELS[d.validity]}
              {canChangeValidity ? (
                <>
                  {" "}
                  <a href={`/app/documents/${d.id}/validity`}>登记修订、废止或有效期</a>
                </>
              ) : null}
            </dd>
          </dl>
        </section>
        <section className="card" aria-labelledby="text-h">
          <h2 id="text-h" style={{ marginTop: 0 }}>
            正文
          </h2>
          <div className="doc-text">{d.normalizedText || "（尚无正文）"}</div>
        </section>
      </div>
      <section className="card" aria-labelledby="audit-h">
        <h2 id="audit-h" style={{ marginTop: 0 }}>
          操作记录
        </h2>
        {audit.length === 0 ? (
          <p className="muted">暂无记录。</p>
        ) : (
          <ol>
            {audit.map((a) => (
              <li key={a.id} data-action={a.action}>
                {a.at.slice(0, 19).replace("T", " ")} · {a.actorName ?? "系统"} · {describeAuditAction(a.action, a.details)}
                {a.reason ? `：${a.reason}` : ""}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
