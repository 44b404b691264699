/**
 * 解读材料编辑 — /app/documents/:id/package. Thin: the loader asks the packages model for the
 * editor's data and the workflow model for its feedback (审校 findings of the saved draft, the
 * gates' latest 退回 opinions); the action validates with the shared form schemas, calls
 * savePackage / applySuggestions and answers with fresh feedback, so findings follow every save.
 * (`$id_` keeps this page out of the document page's layout.)
 */
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useLoaderData } from "@remix-run/react";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { ChartEditor, newChart } from "~/components/chart-editor/chart-editor";
import { CasesEditor, MediaEditor } from "~/components/package-editor/cases-media-editor";
import { CompletenessPanel } from "~/components/package-editor/completeness-panel";
import { moveItem, ReorderControls } from "~/components/package-editor/fields";
import { KeyFiguresEditor, TimelineEditor } from "~/components/package-editor/figures-editor";
import { FindingsContext, FindingsPanel } from "~/components/package-editor/findings";
import { GraphicsEditor } from "~/components/package-editor/graphics-editor";
import { PlanEditor } from "~/components/package-editor/plan-editor";
import { QaEditor } from "~/components/package-editor/qa-editor";
import { RichTextField } from "~/components/package-editor/rich-text";
import { type SaveResponse, errorsAt, errorsWithin, usePackageEditor } from "~/components/package-editor/use-package-editor";
import { StatusBadge } from "~/components/ui/status-badge";
import { AiContext, AiDraftBar, AiTools } from "~/features/ai-drafting/ai-tools";
import { aiAcceptanceForSave } from "~/features/ai-drafting/accept.server";
import { aiEditorData } from "~/features/ai-drafting/editor.server";
import { type AiDrafting, useAiDrafting } from "~/features/ai-drafting/use-ai-drafting";
import { getDb } from "~/db/client.server";
import { packageEditorActionSchema } from "~/domain/forms/package-editor";
import { videoAvailability } from "~/features/video/availability.server";
import { VideoEditor } from "~/features/video/video-editor";
import { checkCompleteness } from "~/domain/package/completeness";
import { LIST_LABELS } from "~/domain/package/field-labels";
import { type PackageContent, sectionLabel } from "~/domain/package/content";
import { formatBeijingTime } from "~/domain/beijing-time";
import { requireUser } from "~/models/auth.server";
import { parseId } from "~/models/documents.server";
import { templateChoices } from "~/features/package/graphic-preview.server";
import { applySuggestions, documentAnalysis, loadPackageForEditor, requirePackageEditor, savePackage } from "~/features/package/package.server";
import { editorFeedback } from "~/features/workflow/reviews.server";
import editorStyles from "~/styles/package-editor.css?url";
import { GATE_LABELS, REQUIRED_SECTIONS, SECTION_KEYS, SECTION_LABELS } from "~/domain/vocabulary";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `解读材料 · ${data?.document.title ?? "文件"} · 解读工坊` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.id);
  const editorData = loadPackageForEditor(user, id);
  return { ...editorData, feedback: editorFeedback(id), templates: templateChoices(), ai: await aiEditorData(getDb(), editorData.packageId), video: videoAvailability() };
}

/** Saves answer through the fetcher's own data; reloading the whole editor would fight the typing. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod && formMethod.toUpperCase() === "POST" ? false : defaultShouldRevalidate;

export async function action({ request, params }: ActionFunctionArgs): Promise<SaveResponse> {
  const user = await requireUser(request);
  const documentId = parseId(params.id);
  const formData = await request.formData();
  const posted = Number(formData.get("packageId"));
  const { document, packageId } = requirePackageEditor(user, documentId, posted);
  const submission = parseWithZod(formData, { schema: packageEditorActionSchema });
  const intent = formData.get("intent") === "applySuggestions" ? "applySuggestions" : "save";
  if (submission.status !== "success") return { intent, status: "invalid", errors: submission.error ?? { "": ["提交的内容无法识别，请刷新页面后重试。"] } };
  const v = submission.value;
  if (v.intent === "save") {
    // model text taken over with this save is re-verified first and recorded with its revision (AI drafting)
    const ai = await aiAcceptanceForSave(getDb(), user, documentId, formData);
    if (!ai.ok) return { intent, status: "invalid", errors: { "": [ai.message] }, aiRefused: ai.message };
    const saved = savePackage({ packageId, expectedVersion: v.version, content: v.content, actorId: user.id, ...(ai.note ? { note: ai.note } : {}) });
    if (!saved.ok) return { intent, status: "conflict", currentVersion: saved.currentVersion, updatedByName: saved.updatedByName, updatedAt: saved.updatedAt };
    await ai.record({ revisionId: saved.revisionId, version: saved.version });
    return { intent, status: "saved", version: saved.version, summary: saved.summary, feedback: editorFeedback(documentId) };
  }
  const applied = applySuggestions({
    packageId,
    expectedVersion: v.version,
    actorId: user.id,
    overwrite: v.overwrite === "1",
    content: v.content,
    analysis: documentAnalysis(document),
    plannedRelease: document.releaseDate,
  });
  if (!applied.result.ok)
    return { intent, status: "conflict", currentVersion: applied.result.currentVersion, updatedByName: applied.result.updatedByName, updatedAt: applied.result.updatedAt };
  return {
    intent,
    status: "saved",
    version: applied.result.version,
    summary: applied.result.summary,
    content: applied.result.content,
    applied: applied.applied,
    conflicts: applied.conflicts,
    feedback: editorFeedback(documentId),
  };
}

const SAVE_STATE_TEXT = {
  saved: "已保存",
  dirty: "有未保存的修改，将自动保存…",
  saving: "正在保存…",
  invalid: "有内容需要修改，修改后会自动保存",
  conflict: "保存未成功：别人已保存了新版本",
  error: "保存失败，请重试",
} as const;

const formatTime = formatBeijingTime;

type Removed = { what: string; undo: () => void };

/** Item lists of the package whose entries can be deleted (and the deletion undone). */
type ListKey = keyof typeof LIST_LABELS;

/** Removes item `index` of list `key`, and the way back: the same item at the same place. */
function removeAt<K extends ListKey>(content: PackageContent, key: K, index: number): { next: PackageContent; restore: (c: PackageContent) => PackageContent } {
  const list: PackageContent[K] = content[key];
  const item = list[index];
  return {
    next: { ...content, [key]: list.filter((_, j) => j !== index) },
    restore: (c) => {
      const current: PackageContent[K] = c[key];
      const at = Math.min(index, current.length);
      return { ...c, [key]: [...current.slice(0, at), item, ...current.slice(at)] };
    },
  };
}

function itemSummary(content: PackageContent, key: ListKey, index: number): string {
  const name = `${LIST_LABELS[key]} ${index + 1}`;
  const text =
    key === "qa" ? content.qa[index]?.question : key === "charts" ? content.charts[index]?.title : key === "cases" ? content.cases[index]?.title : key === "keyFigures" ? content.keyFigures[index]?.label : key === "timeline" ? content.timeline[index]?.label : "";
  const short = (text ?? "").trim();
  return short ? `${name}（“${short.length > 20 ? `${short.slice(0, 20)}…` : short}”）` : name;
}

export default function PackageEditorPage() {
  const data = useLoaderData<typeof loader>();
  const readOnly = !data.access.canEdit;
  // AI drafting's accepted suggestions travel with the save that takes them over
  const aiRef = useRef<AiDrafting | null>(null);
  const attach = useCallback(() => aiRef.current?.attach() ?? {}, []);
  const onSaveAnswered = useCallback((o: Parameters<AiDrafting["saved"]>[0]) => aiRef.current?.saved(o), []);
  const editor = usePackageEditor({
    packageId: data.packageId,
    version: data.version,
    content: data.content,
    editable: data.access.canEdit,
    feedback: data.feedback,
    attach,
    onSaveAnswered,
  });
  const { content, update, errors, feedback } = editor;
  const ai = useAiDrafting({ url: `/app/documents/${data.document.id}/package/ai`, suggestions: data.ai.enabled ? data.ai.suggestions : [], content, update });
  aiRef.current = ai;
  const { wantSave, saveStarted } = ai;
  const save = editor.save;
  useEffect(() => {
    if (!wantSave) return;
    saveStarted();
    save("manual");
  }, [wantSave, saveStarted, save]);
  const aiContext = useMemo(
    () => (data.ai.enabled ? { ai, model: data.ai.model, host: data.ai.host, content, clauses: data.clauses, readOnly } : null),
    [ai, data.ai, content, data.clauses, readOnly],
  );
  const deferred = useDeferredValue(content);
  const completeness = useMemo(
    () =>
      checkCompleteness(deferred, {
        documentText: data.documentText,
        qaMinCount: data.qaMinCount,
        warnShare: data.warnShare,
        document: data.document,
        checkErrors: feedback.counts.error,
      }),
    [deferred, data.documentText, data.qaMinCount, data.warnShare, data.document, feedback.counts.error],
  );
  const base = `/app/documents/${data.document.id}`;
  // Marks the page interactive (tests and assistive tech wait for it rather than for a guess).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  // 撤销删除: the last deleted item can be put back where it was (as the word lists do).
  const [removed, setRemoved] = useState<Removed | null>(null);
  const remove = (key: ListKey, index: number) => {
    const what = itemSummary(content, key, index);
    const { restore } = removeAt(content, key, index);
    update((c) => removeAt(c, key, index).next);
    setRemoved({ what, undo: () => update(restore) });
  };
  const returns = feedback.returns;
  const requiredMissing = completeness.checks.filter((c) => c.required && !c.ok).length;

  return (
    <div className="package-editor" data-hydrated={hydrated ? "true" : undefined}>
      <div className="editor-head">
        <p className="crumbs">
          <Link to={base}>← 返回文件</Link> · <Link to={`${base}/review`}>审核与发布</Link> · <Link to={`${base}/export`}>导出新媒体图片</Link>
        </p>
        <h1>解读材料：{data.document.title}</h1>
        <p className="muted">
          {data.document.departmentName}
          {data.document.docNumber ? ` · ${data.document.docNumber}` : ""} · <StatusBadge status={data.document.status} />
        </p>
      </div>

      {returns.length ? (
        <div className="form-error return-opinions" role="note" data-testid="editor-return-opinions">
          <p>
            <strong>审核退回意见</strong>（请按意见修改后在“审核与发布”中重新提交）：
          </p>
          <ul>
            {returns.map((r) => (
              <li key={r.gate} data-gate={r.gate}>
                {GATE_LABELS[r.gate]}（{r.reviewerName}，第 {r.round} 轮，{formatTime(r.createdAt)}）：{r.opinion}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {data.heads.length === 0 ? (
        <p className="form-error" role="note" data-testid="no-head-warning">
          {data.document.departmentName}还没有在职的第一解读人（负责人）账号：四关审核通过后将无人审签。请联系管理员在“管理”页为本单位指定负责人，再提交审核。
        </p>
      ) : null}

      {readOnly ? (
        <p className="notice" role="status">
          只读：{data.access.reason}
        </p>
      ) : (
        <section className="save-bar" aria-label="保存">
          <span className={`save-state save-${editor.state}`} role="status" aria-live="polite" data-state={editor.state}>
            {SAVE_STATE_TEXT[editor.state]}（第 {editor.version} 版）
          </span>
          <button type="button" onClick={() => editor.save("manual")} disabled={editor.state === "saving"}>
            保存
          </button>
          <button type="button" className="secondary" onClick={() => editor.applySuggestions(false)} disabled={editor.state === "saving"}>
            从文件生成初稿
          </button>
          <Link className="button secondary" to={`${base}/package/history`}>
            历史版本
          </Link>
          {/* One click from where the officer works: saved and complete → straight to 审核与发布 with the result. */}
          <Form method="post" action={`${base}/review`} className="inline-form">
            <input type="hidden" name="intent" value="submit" />
            <button
              type="submit"
              name="submit"
              className="secondary"
              disabled={editor.state !== "saved" || requiredMissing > 0}
              title={editor.state !== "saved" ? "请先保存修改" : requiredMissing > 0 ? `还有 ${requiredMissing} 项提交前必须完成，见右侧完整性检查` : undefined}
            >
              提交审核
            </button>
          </Form>
        </section>
      )}

      {editor.conflict ? (
        <div className="form-error conflict" role="alert">
          <p>
            保存未成功：{editor.conflict.updatedByName ?? "其他人"} 在 {formatTime(editor.conflict.updatedAt)} 保存了新版本（第 {editor.conflict.currentVersion} 版）。
            为避免覆盖别人的修改，您的这次保存被拒绝了。您填写的内容仍保留在下面的表单中，没有丢失。
          </p>
          <p>
            您可以：先复制自己修改的部分，在新窗口
            <a href={`${base}/package`} target="_blank" rel="noreferrer">
              查看最新版本
            </a>
            并合并；或确认以您的内容另存为最新版本。
          </p>
          <button type="button" onClick={() => editor.overwriteAfterConflict()}>
            以我的内容另存为最新版本
          </button>{" "}
          <button type="button" className="secondary" onClick={() => window.location.reload()}>
            放弃我的修改，载入最新版本
          </button>
        </div>
      ) : null}
      {editor.notice ? (
        <p className="notice" role="status">
          {editor.notice}{" "}
          <button type="button" className="secondary small" onClick={() => editor.setNotice(null)}>
            知道了
          </button>
        </p>
      ) : null}
      {removed && !readOnly ? (
        <p className="notice" role="status" data-testid="undo-remove">
          已删除{removed.what}。{" "}
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              removed.undo();
              setRemoved(null);
            }}
          >
            撤销删除
          </button>{" "}
          <button type="button" className="secondary small" onClick={() => setRemoved(null)}>
            知道了
          </button>
        </p>
      ) : null}
      {editor.suggestionConflicts.length ? (
        <div className="notice" role="alert">
          <p>以下部分已有您写的内容，初稿没有覆盖：{editor.suggestionConflicts.map(sectionLabel).join("、")}。</p>
          <button type="button" className="secondary small" onClick={() => editor.applySuggestions(true)}>
            用初稿覆盖这些部分
          </button>
        </div>
      ) : null}
      {errors[""]?.length ? (
        <p className="form-error" role="alert">
          {errors[""].join(" ")}
        </p>
      ) : null}

      <AiContext.Provider value={aiContext}>
      <FindingsContext.Provider value={feedback.findings}>
        <div className="editor-layout">
          <div className="editor-main">
            <nav className="section-nav" aria-label="解读材料各部分">
              <a href="#plan">解读方案</a>
              <a href="#text">文字解读</a>
              <a href="#qa">简明问答</a>
              <a href="#charts">图表</a>
              <a href="#figures">数说政策</a>
              <a href="#graphics">图解</a>
              <a href="#video">视频</a>
              <a href="#cases">案例说明</a>
              <a href="#media">媒体</a>
            </nav>
            <AiDraftBar />
            {/* A read-only editor disables every control at once (links stay usable). */}
            <fieldset className="plain" disabled={readOnly}>
              <section id="plan" className="card" aria-labelledby="plan-h">
                <h2 id="plan-h">解读方案</h2>
                <AiTools tasks={["plan"]} label="解读方案" />
                <PlanEditor plan={content.plan} heads={data.heads} errors={errors} readOnly={readOnly} onChange={(plan) => update((c) => ({ ...c, plan }))} />
              </section>

              <section id="text" className="card" aria-labelledby="text-h">
                <h2 id="text-h">文字解读</h2>
                <p className="hint">用通俗的话讲清为什么出台、依据什么、要做什么、管谁、什么时候执行；不要摘抄原文。</p>
                {SECTION_KEYS.map((key) => (
                  <div key={key}>
                  <RichTextField
                    field={`sections.${key}`}
                    label={`${SECTION_LABELS[key]}${REQUIRED_SECTIONS.some((k) => k === key) ? "（必填）" : "（选填）"}`}
                    value={content.sections[key] ?? ""}
                    readOnly={readOnly}
                    errors={errorsAt(errors, `sections.${key}`)}
                    onChange={(html) => update((c) => ({ ...c, sections: { ...c.sections, [key]: html } }))}
                  />
                  <AiTools tasks={[`sections.${key}`]} label={SECTION_LABELS[key]} />
                  </div>
                ))}
              </section>

              <section id="qa" className="card" aria-labelledby="qa-h" data-field="qa">
                <h2 id="qa-h">简明问答</h2>
                <AiTools tasks={["qa"]} label="问答" />
                <QaEditor
                  items={content.qa}
                  clauses={data.clauses}
                  errors={errors}
                  readOnly={readOnly}
                  onChange={(qa) => update((c) => ({ ...c, qa }))}
                  onRemove={(i) => remove("qa", i)}
                />
              </section>

              <section id="charts" className="card" aria-labelledby="charts-h">
                <h2 id="charts-h">图表</h2>
                <AiTools tasks={["charts"]} label="图表标题和替代文字" />
                <ol className="item-list">
                  {content.charts.map((chart, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: positional
                    <li key={i} className="item chart-item" data-field={`charts[${i}]`}>
                      <div className="item-head">
                        <strong>图表 {i + 1}</strong>
                        {readOnly ? null : (
                          <>
                            <ReorderControls index={i} count={content.charts.length} label={`图表 ${i + 1}`} onMove={(a, b) => update((c) => ({ ...c, charts: moveItem(c.charts, a, b) }))} />
                            <button type="button" className="secondary small danger" onClick={() => remove("charts", i)} aria-label={`删除图表 ${i + 1}`}>
                              删除
                            </button>
                          </>
                        )}
                      </div>
                      <ChartEditor
                        chart={chart}
                        index={i}
                        readOnly={readOnly}
                        errorsAt={(path) => errorsAt(errors, `charts[${i}].${path}`)}
                        dataErrors={errorsWithin(errors, `charts[${i}].data`)}
                        onChange={(next) => update((c) => ({ ...c, charts: c.charts.map((x, j) => (j === i ? next : x)) }))}
                      />
                    </li>
                  ))}
                </ol>
                {readOnly ? null : (
                  <button type="button" className="secondary" onClick={() => update((c) => ({ ...c, charts: [...c.charts, newChart()] }))}>
                    添加图表
                  </button>
                )}
              </section>

              <section id="figures" className="card" aria-labelledby="figures-h">
                <h2 id="figures-h">数说政策（关键数字）</h2>
                <AiTools tasks={["keyFigures"]} label="关键数字说明" />
                <KeyFiguresEditor
                  items={content.keyFigures}
                  errors={errors}
                  readOnly={readOnly}
                  onChange={(keyFigures) => update((c) => ({ ...c, keyFigures }))}
                  onRemove={(i) => remove("keyFigures", i)}
                />
                <h3 id="timeline-h">时间节点</h3>
                <TimelineEditor
                  items={content.timeline}
                  errors={errors}
                  readOnly={readOnly}
                  onChange={(timeline) => update((c) => ({ ...c, timeline }))}
                  onRemove={(i) => remove("timeline", i)}
                />
              </section>

              <section id="graphics" className="card" aria-labelledby="graphics-h">
                <h2 id="graphics-h">图解</h2>
                <AiTools tasks={["graphics"]} label="图解文字" />
                <GraphicsEditor
                  content={content}
                  templates={data.templates}
                  previewUrl={`${base}/package/graphic`}
                  errors={errors}
                  readOnly={readOnly}
                  onChange={(graphics) => update((c) => ({ ...c, graphics }))}
                  onRemove={(i) => remove("graphics", i)}
                />
              </section>

              <section id="video" className="card" aria-labelledby="video-h">
                <h2 id="video-h">视频</h2>
                <VideoEditor
                  content={content}
                  document={{ title: data.document.title, docNumber: data.document.docNumber }}
                  errors={errors}
                  readOnly={readOnly}
                  availability={data.video}
                  music={{ url: `${base}/package/music`, packageId: data.packageId }}
                  onChange={(video) => update((c) => ({ ...c, video }))}
                />
              </section>

              <section id="cases" className="card" aria-labelledby="cases-h">
                <h2 id="cases-h">案例说明</h2>
                <CasesEditor items={content.cases} errors={errors} readOnly={readOnly} onChange={(cases) => update((c) => ({ ...c, cases }))} onRemove={(i) => remove("cases", i)} />
              </section>

              <section id="media" className="card" aria-labelledby="media-h">
                <h2 id="media-h">媒体（发布会、吹风会、视频）</h2>
                <MediaEditor items={content.media} errors={errors} readOnly={readOnly} onChange={(media) => update((c) => ({ ...c, media }))} onRemove={(i) => remove("media", i)} />
              </section>
            </fieldset>
          </div>
          <aside className="editor-aside">
            <CompletenessPanel result={completeness} />
            <FindingsPanel findings={feedback.findings} counts={feedback.counts} stale={!readOnly && editor.state !== "saved"} />
          </aside>
        </div>
      </FindingsContext.Provider>
      </AiContext.Provider>
    </div>
  );
}
