/** /app/documents/<id>/validity — 有效性: 修订 / 废止 / 失效, the replacing document and 有效期. */
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~/db/client.server";
import { documents } from "~/db/schema";
import { eq } from "drizzle-orm";
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import { changeValidity, validityInputSchema } from "~/features/lifecycle/validity.server";
import { assertPermission, requireUser } from "~/models/auth.server";
import { getDocumentForUser, parseId } from "~/models/documents.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `有效性 · ${data?.title ?? "文件"} · 解读工坊` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const d = getDocumentForUser(user, parseId(params.id)).document;
  assertPermission(user, "document.edit", { departmentId: d.departmentId });
  const replacing = d.replacedById ? getDb().select({ indexNo: documents.indexNo }).from(documents).where(eq(documents.id, d.replacedById)).get() : null;
  return { id: d.id, title: d.title, validity: d.validity, validUntil: d.validUntil, note: d.validityNote, replacedByIndexNo: replacing?.indexNo ?? "", published: d.publishedAt !== null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const d = getDocumentForUser(user, parseId(params.id)).document;
  const form = await request.formData();
  const submission = parseWithZod(form, { schema: validityInputSchema });
  const typed = Object.fromEntries([...form.entries()].map(([k, v]) => [k, String(v)]));
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flat().filter((e): e is string => typeof e === "string");
    return { ok: false as const, message: errors[0] ?? "填写的内容有误，请检查后重试。", typed };
  }
  const result = changeValidity(user, d.id, submission.value);
  return result.ok ? { ok: true as const, message: "已保存。公开的文件页和解读页已同步显示新的有效性。", typed } : { ok: false as const, message: result.reason, typed };
}

const CHOICES = ["valid", "amended", "repealed", "expired"] as const;

export default function ValidityPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const value = (name: string, fallback: string) => (result && !result.ok ? (result.typed[name] ?? fallback) : fallback);
  return (
    <div className="stack">
      <div className="toolbar">
        <h1 style={{ margin: 0 }}>有效性：{d.title}</h1>
        <Link to={`/app/documents/${d.id}`}>返回文件</Link>
      </div>
      <p className="muted">
        文件被修订、废止或到期失效时在这里登记。{d.published ? "公开的文件页、解读页和后续解读页会在醒目位置说明，并链接到替代文件；政策文件库的“有效性”筛选和检索随之更新。" : "文件发布后，公开页面会按这里的登记显示。"}
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}
      <Form method="post" className="card">
        <fieldset>
          <legend>有效性（当前：{VALIDITY_LABELS[d.validity]}）</legend>
          {CHOICES.map((c) => (
            <label key={c} style={{ fontWeight: 400 }}>
              <input type="radio" name="validity" value={c} defaultChecked={value("validity", d.validity) === c} /> {VALIDITY_LABELS[c]}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="replaced-by">替代或修订后文件的索引号（修订、废止时填写，例如 zfb/2024-00012）</label>
          <input id="replaced-by" type="text" name="replacedByIndexNo" maxLength={60} defaultValue={value("replacedByIndexNo", d.replacedByIndexNo)} />
        </div>
        <div className="field">
          <label htmlFor="valid-until">有效期至（可选；过期后公开页面显示“已失效”）</label>
          <input id="valid-until" type="date" name="validUntil" defaultValue={value("validUntil", d.validUntil ?? "")} />
        </div>
        <div className="field">
          <label htmlFor="validity-note">说明（可选，显示在公开页面，例如“依据某某文件废止”）</label>
          <textarea id="validity-note" name="note" rows={2} maxLength={200} defaultValue={value("note", d.note ?? "")} />
        </div>
        <button type="submit" disabled={busy}>
          保存有效性
        </button>
      </Form>
    </div>
  );
}
