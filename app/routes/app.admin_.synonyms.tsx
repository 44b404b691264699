/** /app/admin/synonyms — 问答同义词: the editable synonym list the public 问答库 search and 智能问答 use. Admins only. */
import { getFormProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminNav, FormErrors } from "~/components/admin/admin-nav";
import { SYNONYM_LIMITS } from "~/domain/qa-library/retrieval";
import { synonymFormSchema } from "~/domain/qa-library/synonym-form";
import { readSynonyms, saveSynonyms, synonymText } from "~/features/qa-library/qa-library.server";
import { requirePermission } from "~/models/auth.server";

export const meta: MetaFunction = () => [{ title: "问答同义词 · 管理 · 解读工坊" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.manage");
  const url = new URL(request.url);
  return { text: synonymText(), groups: readSynonyms().length, saved: url.searchParams.get("done") === "saved", savedAt: url.searchParams.get("at") ?? "" };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "admin.manage");
  const submission = parseWithZod(await request.formData(), { schema: synonymFormSchema });
  if (submission.status !== "success") return submission.reply();
  const saved = saveSynonyms(submission.value.synonyms);
  if (!saved.ok) return submission.reply({ fieldErrors: { synonyms: saved.errors } });
  return redirect(`/app/admin/synonyms?done=saved&at=${Date.now()}`);
}

export default function AdminSynonyms() {
  const data = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm({
    id: `synonyms-${data.savedAt}`,
    lastResult,
    defaultValue: { synonyms: data.text },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: synonymFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="stack">
      <h1>问答同义词</h1>
      <AdminNav />
      {data.saved ? (
        <p className="notice" role="status">
          已保存同义词表（{data.groups} 组）。公开网站“政策问答”的检索和提问立即按新词表查找。
        </p>
      ) : null}
      <section className="card" aria-labelledby="syn-h">
        <h2 id="syn-h" style={{ marginTop: 0 }}>
          同义词表
        </h2>
        <p className="muted" id="syn-help">
          群众提问时用的词常和文件里的说法不同（如“补贴”和“补助”）。每行写一组意思相同的词，用空格或顿号分开；以 # 开头的行是注释。最多 {SYNONYM_LIMITS.lines} 行，每行最多{" "}
          {SYNONYM_LIMITS.wordsPerLine} 个词，每个词最多 {SYNONYM_LIMITS.wordChars} 个字。
        </p>
        <Form method="post" {...getFormProps(form)}>
          <FormErrors errors={form.errors} id={form.errorId} />
          <div className="field">
            <label htmlFor={fields.synonyms.id}>同义词（每行一组）</label>
            <textarea {...getTextareaProps(fields.synonyms)} key={fields.synonyms.key} rows={14} aria-describedby={fields.synonyms.valid ? "syn-help" : `syn-help ${fields.synonyms.errorId}`} />
            <FormErrors errors={fields.synonyms.errors} id={fields.synonyms.errorId} />
          </div>
          <button type="submit">保存同义词表</button>
        </Form>
      </section>
    </div>
  );
}
