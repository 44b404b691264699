/**
 * 历史版本 — every save of the package with who, when and what changed; a readable diff against
 * the previous version; restore (a new revision with the old content, never a rewrite).
 */
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { restoreRevisionSchema } from "~/domain/forms/package-editor";
import { emptyPackageContent } from "~/domain/package/content";
import { type Change, diffPackageContent, diffText } from "~/domain/package/diff";
import { requireUser } from "~/models/auth.server";
import { getDocumentForUser, parseId } from "~/models/documents.server";
import { listRevisions, packageEditAccess, previousRevisionContent, requirePackageEditor, restoreRevision, revisionContent } from "~/features/package/package.server";
import { notFound } from "~/models/auth.server";
import { getDb } from "~/db/client.server";
import { acceptedFields } from "~/features/ai-drafting/store.server";
import { aiFieldLabel } from "~/features/ai-drafting/review.server";
import editorStyles from "~/styles/package-editor.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];
export const meta: MetaFunction = () => [{ title: "历史版本 · 解读工坊" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const row = getDocumentForUser(user, parseId(params.id));
  if (row.packageId === null) throw notFound("这个文件还没有解读材料。");
  const revisions = listRevisions(row.packageId);
  const selectedParam = new URL(request.url).searchParams.get("r");
  const selected = revisions.find((r) => String(r.id) === selectedParam) ?? revisions[0] ?? null;
  let changes: { area: string; kind: Change["kind"]; segments: ReturnType<typeof diffText> }[] = [];
  if (selected) {
    const after = revisionContent(row.packageId, selected.id)?.content ?? emptyPackageContent();
    const before = previousRevisionContent(row.packageId, selected.version) ?? emptyPackageContent();
    changes = diffPackageContent(before, after).map((c) => ({ area: c.area, kind: c.kind, segments: diffText(c.before ?? "", c.after ?? "") }));
  }
  // AI drafting: which saves took text over from the model (model, prompt hash per field)
  const aiByRevision: Record<number, string[]> = {};
  for (const f of await acceptedFields(getDb(), row.packageId)) {
    if (f.revisionId === null) continue;
    aiByRevision[f.revisionId] = [...(aiByRevision[f.revisionId] ?? []), `${aiFieldLabel(f.field)}（模型 ${f.model}${f.edited ? "，经人工修改" : ""}，提示词 ${f.promptSha256.slice(0, 12)}）`];
  }
  return {
    aiByRevision,
    document: { id: row.document.id, title: row.document.title },
    packageId: row.packageId,
    version: row.packageVersion ?? 1,
    canEdit: packageEditAccess(user, row.document).canEdit,
    revisions,
    selected,
    changes,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const documentId = parseId(params.id);
  const formData = await request.formData();
  const { packageId } = requirePackageEditor(user, documentId, Number(formData.get("packageId")));
  const submission = parseWithZod(formData, { schema: restoreRevisionSchema });
  if (submission.status !== "success") return { error: "请求无效，请刷新页面后重试。" };
  const result = restoreRevision({ packageId, revisionId: submission.value.revisionId, expectedVersion: submission.value.version, actorId: user.id });
  if (!result.ok) return { error: `${result.updatedByName ?? "其他人"}刚刚保存了新版本（第 ${result.currentVersion} 版），请刷新本页后再恢复。` };
  throw redirect(`/app/documents/${documentId}/package`);
}

const KIND = { added: "新增", removed: "删除", changed: "修改" } as const;

export default function PackageHistory() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const base = `/app/documents/${data.document.id}`;
  return (
    <div className="package-editor stack">
      <p className="crumbs">
        <Link to={`${base}/package`}>← 返回解读材料</Link>
      </p>
      <h1>历史版本：{data.document.title}</h1>
      {actionData?.error ? (
        <p className="form-error" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {data.revisions.length === 0 ? (
        <p className="empty">还没有保存过的版本。</p>
      ) : (
        <div className="editor-layout">
          <div className="editor-main">
            {data.selected ? (
              <section className="card" aria-labelledby="diff-h">
                <h2 id="diff-h">
                  第 {data.selected.version} 版的改动 · {data.selected.authorName ?? "系统"} · {data.selected.createdAt.slice(0, 19).replace("T", " ")}
                </h2>
                {data.changes.length === 0 ? <p className="muted">与上一版相同。</p> : null}
                {data.changes.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: positional
                  <div key={i} className="diff-block">
                    <h3>
                      {KIND[c.kind]} {c.area}
                    </h3>
                    <p className="diff">
                      {c.segments.map((s, k) =>
                        s.op === "add" ? (
                          // biome-ignore lint/suspicious/noArrayIndexKey: positional
                          <ins key={k}>{s.text}</ins>
                        ) : s.op === "del" ? (
                          // biome-ignore lint/suspicious/noArrayIndexKey: positional
                          <del key={k}>{s.text}</del>
                        ) : (
                          // biome-ignore lint/suspicious/noArrayIndexKey: positional
                          <span key={k}>{s.text}</span>
                        ),
                      )}
                    </p>
                  </div>
                ))}
              </section>
            ) : null}
          </div>
          <aside className="editor-aside">
            <section className="card" aria-labelledby="rev-h">
              <h2 id="rev-h">全部版本</h2>
              <ol className="revisions">
                {data.revisions.map((r) => (
                  <li key={r.id} aria-current={data.selected?.id === r.id ? "true" : undefined}>
                    <Link to={`?r=${r.id}`} preventScrollReset>
                      第 {r.version} 版
                    </Link>{" "}
                    · {r.authorName ?? "系统"} · {r.createdAt.slice(0, 16).replace("T", " ")}
                    <br />
                    <span className="muted">{r.summary}</span>
                    {data.aiByRevision[r.id] ? (
                      <span className="ai-revision" data-testid="ai-revision">
                        <br />
                        <span className="ai-badge">AI 辅助生成</span> {data.aiByRevision[r.id]?.join("；")}
                      </span>
                    ) : null}
                    {data.canEdit && r.version !== data.version ? (
                      <Form method="post" replace>
                        <input type="hidden" name="intent" value="restore" />
                        <input type="hidden" name="packageId" value={data.packageId} />
                        <input type="hidden" name="version" value={data.version} />
                        <input type="hidden" name="revisionId" value={r.id} />
                        <button type="submit" className="secondary small" disabled={navigation.state !== "idle"}>
                          恢复到此版本
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ol>
              {params.get("r") ? null : <p className="hint">恢复会生成一个新版本，原有历史不会删除。</p>}
            </section>
          </aside>
        </div>
      )}
    </div>
  );
}
