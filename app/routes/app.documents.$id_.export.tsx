/** 导出新媒体图片: choose channels, start, follow progress, see the gallery, download the ZIP. */
import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { exportFormSchema } from "~/domain/forms/export";
import { formatBeijingTime } from "~/domain/beijing-time";
import { requireUser } from "~/models/auth.server";
import { parseId } from "~/models/documents.server";
import { ExportVideos } from "~/features/video/export-videos";
import { type ExportJobView, exportPageData } from "~/features/export/page.server";
import { queueExport, retryExport } from "~/features/export/queue.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `导出新媒体图片 · ${data?.document.title ?? "文件"} · 解读工坊` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return exportPageData(user, parseId(params.id));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.id);
  const submission = parseWithZod(await request.formData(), { schema: exportFormSchema });
  if (submission.status !== "success") {
    const errors = Object.values(submission.error ?? {}).flat().filter((e): e is string => typeof e === "string");
    return { ok: false as const, message: errors[0] ?? "提交的内容不完整，请检查后重试。" };
  }
  const form = submission.value;
  const result = form.intent === "start" ? queueExport(user, id, form.channels) : retryExport(user, id, form.jobId);
  if (!result.ok) return { ok: false as const, message: result.reason };
  return { ok: true as const, message: result.existing ? "同样的导出已在进行中，请等待它完成。" : "已开始导出，完成后图片会显示在下方。" };
}

const STATUS_LABELS: Record<ExportJobView["status"], string> = { queued: "排队中", running: "生成中", done: "已完成", failed: "失败" };
const STATUS_BADGES: Record<ExportJobView["status"], string> = { queued: "badge-neutral", running: "badge-info", done: "badge-ok", failed: "badge-danger" };

function fileUrl(documentId: number, jobId: number, file: string): string {
  return `/app/documents/${documentId}/export/${jobId}/files/${file.split("/").map(encodeURIComponent).join("/")}`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

const formatTime = formatBeijingTime;

/**
 * An export is named by when it started — job ids are shared by all packages (the first export
 * of a document was labelled "第 2 次"), and old exports are pruned, so an ordinal would lie.
 */
function exportName(job: { createdAt: string }): string {
  return `${formatTime(job.createdAt)} 开始的导出`;
}

/** Polls the job's status once a second while it is queued or running; reloads the page when it ends. */
function JobProgress({ documentId, initial }: { documentId: number; initial: ExportJobView }) {
  const fetcher = useFetcher<ExportJobView>();
  const revalidator = useRevalidator();
  const job = fetcher.data ?? initial;
  const finished = job.status === "done" || job.status === "failed";
  const url = `/app/documents/${documentId}/export/${initial.id}/status`;
  const load = useRef(fetcher.load);
  load.current = fetcher.load;
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => load.current(url), 1000);
    return () => clearInterval(timer);
  }, [finished, url]);
  const reloaded = useRef(false);
  useEffect(() => {
    if (finished && !reloaded.current) {
      reloaded.current = true;
      revalidator.revalidate();
    }
  }, [finished, revalidator]);
  const percent = job.total > 0 ? Math.round((job.progress / job.total) * 100) : 0;
  return (
    <section className="card" aria-labelledby="export-progress-title">
      <h2 id="export-progress-title">导出进度（{exportName(job)}：{job.channelNames}）</h2>
      <progress max={job.total || 1} value={job.status === "queued" ? undefined : job.progress} aria-label="导出进度" style={{ width: "100%" }} />
      <p role="status" aria-live="polite" data-testid="export-progress">
        {job.status === "queued" ? "排队中，马上开始…" : null}
        {job.status === "running" ? `${job.phase ?? "生成中"}：已完成 ${job.progress}/${job.total || "?"} 张（${percent}%）${job.message ? ` · ${job.message}` : ""}` : null}
        {job.status === "done" ? `已完成：共 ${job.total} 张图片。${job.videoError ? ` ${job.videoError}` : ""}` : null}
        {job.status === "failed" ? `导出失败：${job.error ?? "原因不明"}` : null}
      </p>
    </section>
  );
}

export default function ExportPage() {
  const data = useLoaderData<typeof loader>();
  const galleryJob = data.gallery ? data.jobs.find((j) => j.id === data.gallery?.jobId) : undefined;
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const d = data.document;
  const active = data.jobs.find((j) => j.status === "queued" || j.status === "running") ?? null;
  // Marks the page interactive (tests and assistive tech wait for it rather than for a guess).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const [form, fields] = useForm({
    shouldValidate: "onSubmit",
    defaultValue: { channels: data.defaultChannels },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: exportFormSchema }),
  });
  return (
    <div className="stack export-page" data-hydrated={hydrated ? "true" : undefined}>
      <div className="toolbar">
        <h1 style={{ margin: 0 }}>导出新媒体图片</h1>
        <Link to={`/app/documents/${d.id}/package`}>返回解读材料</Link>
        <Link to={`/app/documents/${d.id}`}>返回文件</Link>
      </div>
      <p className="muted">
        {d.title}
        {d.docNumber ? ` · ${d.docNumber}` : ""} · 导出内容：{data.source === "published" ? "已发布的解读材料" : "当前草稿（尚未发布）"}
      </p>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}

      {!data.hasPackage ? <p className="notice">这个文件还没有解读材料，请先编写解读材料再导出图片。</p> : null}

      {data.hasPackage && data.canRun ? (
        <section className="card" aria-labelledby="export-start-title">
          <h2 id="export-start-title">选择渠道</h2>
          <Form method="post" {...getFormProps(form)}>
            <fieldset aria-describedby={fields.channels.errors ? fields.channels.errorId : undefined}>
              <legend>要生成图片的新媒体渠道（默认是解读方案中的渠道）</legend>
              <ul className="export-channels">
                {data.channels.map((c) => (
                  <li key={c.id}>
                    <label>
                      <input type="checkbox" name={fields.channels.name} value={c.id} defaultChecked={data.defaultChannels.some((x) => x === c.id)} /> {c.name}
                    </label>
                    <span className="muted"> — {c.notes}</span>
                  </li>
                ))}
              </ul>
            </fieldset>
            <p className={data.video.ok ? "hint" : "notice"} data-testid="export-video-note">
              {data.video.ok
                ? "解读材料中编有视频分镜时，同时生成所选渠道的视频解读（网站、微博：横屏；抖音、微信：竖屏 9:16；小红书：3:4），含字幕文件和封面图。"
                : data.video.message}
            </p>
            {fields.channels.errors ? (
              <p className="form-error" id={fields.channels.errorId} role="alert">
                {fields.channels.errors.join(" ")}
              </p>
            ) : null}
            <button type="submit" name="intent" value="start" disabled={busy || active !== null}>
              {active ? "正在导出…" : "开始导出"}
            </button>
            {active ? <span className="muted"> 当前导出完成后可以再次导出。</span> : null}
          </Form>
        </section>
      ) : null}
      {data.hasPackage && !data.canRun ? <p className="notice">只有本单位起草人或发布员可以导出图片；您可以查看和下载已生成的图片。</p> : null}

      {active ? <JobProgress key={active.id} documentId={d.id} initial={active} /> : null}

      {data.gallery ? (
        <section className="card" aria-labelledby="export-gallery-title">
          <h2 id="export-gallery-title">图片预览（{galleryJob ? exportName(galleryJob) : "最近一次导出"}，共 {data.gallery.files.length} 张）</h2>
          <p>
            <a href={fileUrl(d.id, data.gallery.jobId, "jiedu-images.zip")} download>
              下载全部图片（ZIP，含 manifest.json 和替代文字）
            </a>
          </p>
          <ul className="export-gallery">
            {data.gallery.files.map((f) => (
              <li key={f.file}>
                <figure>
                  <a href={fileUrl(d.id, data.gallery?.jobId ?? 0, f.file)} target="_blank" rel="noreferrer">
                    <img src={fileUrl(d.id, data.gallery?.jobId ?? 0, f.file)} alt={f.altText} loading="lazy" width={f.width} height={f.height} />
                  </a>
                  <figcaption>
                    <strong>
                      {f.channelName} · {f.graphic ? `图解 ${f.graphic} · ` : ""}
                      {f.file.split("/").pop()}
                    </strong>
                    <span className="muted">
                      {" "}
                      {f.width}×{f.height} · {formatBytes(f.bytes)}
                    </span>
                    <span className="export-alt">替代文字：{f.altText}</span>
                  </figcaption>
                </figure>
              </li>
            ))}
          </ul>
          <ExportVideos videos={data.gallery.videos} url={(file) => fileUrl(d.id, data.gallery?.jobId ?? 0, file)} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="export-history-title">
        <h2 id="export-history-title">导出记录</h2>
        {data.jobs.length === 0 ? (
          <p className="muted">还没有导出过图片。</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">开始时间</th>
                <th scope="col">渠道</th>
                <th scope="col">内容</th>
                <th scope="col">状态</th>
                <th scope="col">说明</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {data.jobs.map((j) => (
                <tr key={j.id}>
                  <td>{formatTime(j.createdAt)}</td>
                  <td>{j.channelNames}</td>
                  <td>{j.sourceLabel}</td>
                  <td>
                    <span className={`badge ${STATUS_BADGES[j.status]}`}>{STATUS_LABELS[j.status]}</span>
                  </td>
                  <td>
                    {j.status === "failed" ? <span className="export-error">{j.error}</span> : null}
                    {j.status === "done" ? `${j.total} 张，完成于 ${formatTime(j.finishedAt)}` : null}
                    {j.status === "done" && j.videoError ? <span className="export-error"> {j.videoError}</span> : null}
                    {j.status === "running" ? `${j.progress}/${j.total || "?"} 张` : null}
                  </td>
                  <td>
                    {j.hasZip ? (
                      <a href={fileUrl(d.id, j.id, "jiedu-images.zip")} download>
                        下载 ZIP<span className="sr-only">（{exportName(j)}）</span>
                      </a>
                    ) : null}
                    {(j.status === "failed" || (j.status === "done" && j.videoError)) && data.canRun ? (
                      <Form method="post">
                        <input type="hidden" name="jobId" value={j.id} />
                        <button type="submit" className="secondary" name="intent" value="retry" disabled={busy}>
                          重新导出<span className="sr-only">（{exportName(j)}的渠道）</span>
                        </button>
                      </Form>
                    ) : null}
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
