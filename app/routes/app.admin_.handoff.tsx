/**
 * /app/admin/handoff — 网站对接: the optional signed publish webhook (receiver URL, the site's
 * public address, secret), its delivery log with 重新推送, and where the feeds and import bundles
 * are. Admins only.
 */
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { AdminNav, FormErrors } from "~/components/admin/admin-nav";
import { WEBHOOK_LIMITS, maskSecret, webhookFormSchema } from "~/domain/handoff/webhook";
import { requirePermission } from "~/models/auth.server";
import { listWebhookDeliveries, readWebhookSettings, replayWebhook, saveWebhookSettings } from "~/features/handoff/webhook.server";

export const meta: MetaFunction = () => [{ title: "网站对接 · 管理 · 解读工坊" }];

const STATUS = {
  pending: { label: "等待重试", tone: "warn" },
  delivered: { label: "已送达", tone: "ok" },
  failed: { label: "推送失败", tone: "danger" },
} as const;

const DONE = {
  saved: "已保存推送设置。之后每次发布都会按新设置推送。",
  replayed: "已重新排队推送，几秒后刷新本页查看结果。",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin.manage");
  const url = new URL(request.url);
  const config = readWebhookSettings();
  const done = url.searchParams.get("done");
  return {
    config: { enabled: config.enabled, url: config.url, siteUrl: config.siteUrl, secretState: maskSecret(config.secret), hasSecret: config.secret !== "" },
    deliveries: listWebhookDeliveries(50),
    origin: url.origin,
    done: done === "saved" || done === "replayed" ? DONE[done] : null,
    savedAt: url.searchParams.get("at") ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await requirePermission(request, "admin.manage");
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  if (intent === "replay") {
    const id = Number(formData.get("deliveryId"));
    const r = Number.isSafeInteger(id) && id > 0 ? replayWebhook(id) : { ok: false as const, reason: "没有指明要重新推送的记录，请刷新页面后重试。" };
    if (!r.ok) return { intent, replayError: r.reason, result: undefined };
    return redirect(`/app/admin/handoff?done=replayed&at=${Date.now()}`);
  }
  if (intent !== "saveWebhook") throw new Response("未知的操作，请刷新页面后重试。", { status: 400 });
  const submission = parseWithZod(formData, { schema: webhookFormSchema(readWebhookSettings()) });
  if (submission.status !== "success") return { intent, result: submission.reply(), replayError: null };
  saveWebhookSettings(submission.value);
  return redirect(`/app/admin/handoff?done=saved&at=${Date.now()}`);
}

function time(iso: string | null): string {
  if (!iso) return "—";
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ") : iso;
}

export default function AdminHandoff() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const stored = { enabled: data.config.enabled, url: data.config.url, siteUrl: data.config.siteUrl, secret: data.config.hasSecret ? "x".repeat(WEBHOOK_LIMITS.secretMin) : "" };
  const [form, fields] = useForm({
    id: `webhook-${data.savedAt}`,
    lastResult: actionData?.intent === "saveWebhook" ? actionData.result : undefined,
    defaultValue: { enabled: data.config.enabled ? "on" : undefined, url: data.config.url, siteUrl: data.config.siteUrl, secret: "" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: webhookFormSchema(stored) }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  return (
    <div className="stack">
      <h1>网站对接</h1>
      <AdminNav />
      {data.done ? (
        <p className="notice" role="status">
          {data.done}
        </p>
      ) : null}

      <section className="card" aria-labelledby="feeds-h">
        <h2 id="feeds-h" style={{ marginTop: 0 }}>
          订阅源与导入包
        </h2>
        <p>现有网站群系统（TRS、大汉、开普云等）可以用下面任一方式取得已发布的文件和解读，字段对应关系见 docs/cms-handoff.md。</p>
        <ul>
          <li>
            Atom 订阅源：<code>{data.origin}/feeds/atom.xml</code>
          </li>
          <li>
            JSON Feed 订阅源：<code>{data.origin}/feeds/feed.json</code>
          </li>
          <li>
            每份已发布文件的静态导入包（文件页和解读页，图片、字体、样式均为相对路径）：<code>{data.origin}/zhengce/&lt;id&gt;/bundle.zip</code>（id 为文件页地址中的编号）
          </li>
        </ul>
      </section>

      <section className="card" aria-labelledby="webhook-h">
        <h2 id="webhook-h" style={{ marginTop: 0 }}>
          发布推送（可选）
        </h2>
        <p className="muted" id="webhook-help">
          启用后，每次同步发布时向接收地址发送一条 POST 请求（JSON），请求头 X-Jiedu-Signature 为 HMAC-SHA256 签名。接收方返回 2xx 即为送达；否则按 30 秒、2 分钟、8 分钟……递增间隔重试，最多 {WEBHOOK_LIMITS.maxAttempts} 次。
        </p>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="saveWebhook" />
          <FormErrors errors={form.errors} id={form.errorId} />
          <div className="field">
            <label>
              <input {...getInputProps(fields.enabled, { type: "checkbox" })} key={fields.enabled.key} /> 启用发布推送
            </label>
          </div>
          <div className="grid-2">
            <div className="field">
              <label htmlFor={fields.url.id}>接收地址（网站群系统提供的导入接口）</label>
              <input {...getInputProps(fields.url, { type: "url" })} key={fields.url.key} maxLength={WEBHOOK_LIMITS.urlChars} placeholder="https://cms.example.gov.cn/api/import" />
              <FormErrors errors={fields.url.errors} id={fields.url.errorId} />
            </div>
            <div className="field">
              <label htmlFor={fields.siteUrl.id}>本网站的访问地址（推送内容中链接的开头）</label>
              <input {...getInputProps(fields.siteUrl, { type: "url" })} key={fields.siteUrl.key} maxLength={WEBHOOK_LIMITS.urlChars} placeholder="https://www.example.gov.cn" />
              <FormErrors errors={fields.siteUrl.errors} id={fields.siteUrl.errorId} />
            </div>
          </div>
          <div className="field" style={{ maxWidth: "32rem" }}>
            <label htmlFor={fields.secret.id}>签名密钥（当前：{data.config.secretState}；留空则不修改）</label>
            <input {...getInputProps(fields.secret, { type: "password" })} key={fields.secret.key} autoComplete="new-password" maxLength={WEBHOOK_LIMITS.secretMax} />
            <FormErrors errors={fields.secret.errors} id={fields.secret.errorId} />
          </div>
          <button type="submit">保存推送设置</button>
        </Form>
      </section>

      <section className="card" aria-labelledby="log-h">
        <h2 id="log-h" style={{ marginTop: 0 }}>
          推送记录（最近 50 条）
        </h2>
        {actionData?.replayError ? <FormErrors errors={[actionData.replayError]} /> : null}
        {data.deliveries.length ? (
          <table className="list" data-testid="delivery-log">
            <caption className="sr-only">发布推送记录</caption>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">文件</th>
                <th scope="col">状态</th>
                <th scope="col">尝试次数</th>
                <th scope="col">最近一次</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {data.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.id}
                    {d.replayOf ? <span className="muted">（重发自 {d.replayOf}）</span> : null}
                  </td>
                  <td>{d.documentTitle ?? "—"}</td>
                  <td>
                    <span className={`badge badge-${STATUS[d.status].tone}`}>{STATUS[d.status].label}</span>
                    {d.status === "pending" && d.attempts > 0 ? <div className="muted">下次：{time(d.nextAttemptAt)}</div> : null}
                  </td>
                  <td>
                    {d.attempts} / {d.maxAttempts}
                  </td>
                  <td>
                    {time(d.lastAttemptAt)}
                    {d.lastError ? <div className="muted">{d.lastError}</div> : d.lastStatusCode ? <div className="muted">HTTP {d.lastStatusCode}</div> : null}
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="replay" />
                      <input type="hidden" name="deliveryId" value={d.id} />
                      <button type="submit" className="secondary" style={{ whiteSpace: "nowrap" }} aria-label={`重新推送第 ${d.id} 条`}>
                        重新推送
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>还没有推送记录。启用发布推送后，每次发布都会在这里留下一条记录。</p>
        )}
      </section>
    </div>
  );
}
