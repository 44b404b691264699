/**
 * The optional signed publish webhook: when a document is published (or a correction is), a
 * delivery is queued for the configured receiver (a county CMS's import endpoint) and sent with
 * an HMAC-SHA256 signature; failures are retried with exponential backoff; every delivery is
 * kept in webhook_deliveries, which the admin page lists and can replay.
 *
 * Map:
 *   readWebhookSettings / saveWebhookSettings   settings key handoff.webhook (app/domain/handoff/webhook.ts)
 *   queuePublishWebhook(documentId)             after the publish transaction commits (workflow.server.ts)
 *   deliverDueWebhooks()                        one pass: claim each due row (lease), POST, record
 *   kickWebhookWorker()                         in-process loop: a pass now, then at the next due time
 *   replayWebhook(id)                           a new delivery of the same body
 *
 * A row is claimed by moving its next_attempt_at past the attempt's timeout in one UPDATE, so two
 * workers (or a worker and a test) never send the same attempt twice. Under vitest the loop is off
 * unless JIEDU_WEBHOOK_WORKER=1; tests call deliverDueWebhooks themselves.
 */
import { and, desc, eq, lte, sql } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { settings, webhookDeliveries } from "~/db/schema";
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WEBHOOK_LIMITS,
  WEBHOOK_SETTING,
  type WebhookConfig,
  nextRetryDelay,
  readWebhookConfig,
} from "~/domain/handoff/webhook";
import { siteInfo } from "~/features/publish/index.server";
import { publishedCmsRecord } from "./cms-record.server";
import { signWebhook } from "./signature.server";

export const PUBLISH_EVENT = "document.published";
const DEFAULT_BASE_DELAY_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 10_000;

export function readWebhookSettings(db: Pick<Db, "select"> = getDb()): WebhookConfig {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, WEBHOOK_SETTING)).get();
  return readWebhookConfig(row?.value);
}

export function saveWebhookSettings(config: WebhookConfig, db: Db = getDb()): void {
  db.insert(settings).values({ key: WEBHOOK_SETTING, value: config }).onConflictDoUpdate({ target: settings.key, set: { value: config } }).run();
}

/** Queues the publish event of a just-published document; null when the webhook is off. */
export function queuePublishWebhook(documentId: number, db: Db = getDb()): number | null {
  const config = readWebhookSettings(db);
  if (!config.enabled || !config.url || !config.secret) return null;
  const record = publishedCmsRecord(documentId, config.siteUrl);
  if (!record) return null;
  const site = siteInfo();
  const body = JSON.stringify({ event: PUBLISH_EVENT, occurredAt: new Date().toISOString(), site: { name: site.siteName, idCode: site.siteIdCode, url: config.siteUrl }, document: record });
  const row = db.insert(webhookDeliveries).values({ documentId, event: PUBLISH_EVENT, url: config.url, body }).returning({ id: webhookDeliveries.id }).get();
  kickWebhookWorker();
  return row.id;
}

/** A new delivery of a logged one's body to the currently configured URL (signed anew when sent). */
export function replayWebhook(deliveryId: number, db: Db = getDb()): { ok: true; id: number } | { ok: false; reason: string } {
  const config = readWebhookSettings(db);
  if (!config.url || !config.secret) return { ok: false, reason: "尚未配置接收地址和签名密钥，请先在上方保存推送设置。" };
  const old = db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId)).get();
  if (!old) return { ok: false, reason: "没有找到这条推送记录，请刷新页面后重试。" };
  const row = db
    .insert(webhookDeliveries)
    .values({ documentId: old.documentId, event: old.event, url: config.url, body: old.body, replayOf: old.id })
    .returning({ id: webhookDeliveries.id })
    .get();
  kickWebhookWorker();
  return { ok: true, id: row.id };
}

export type DeliveryOptions = { db?: Db; now?: () => Date; baseDelayMs?: number; timeoutMs?: number };

async function attempt(url: string, id: number, event: string, body: string, secret: string, timeoutMs: number): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const timestamp = Math.floor(Date.now() / 1000);
  try {
    const res = await fetch(url, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "jiedu-webhook/1",
        [EVENT_HEADER]: event,
        [DELIVERY_HEADER]: String(id),
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      },
      body,
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, error: null };
    return { ok: false, status: res.status, error: res.status >= 300 && res.status < 400 ? `接收方返回跳转（HTTP ${res.status}），推送不跟随跳转，请填写最终地址` : `接收方返回 HTTP ${res.status}` };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const reason = error instanceof Error ? ((error.cause instanceof Error ? error.cause.message : null) ?? error.message) : String(error);
    return { ok: false, status: null, error: timedOut ? `接收方 ${Math.round(timeoutMs / 1000)} 秒内没有响应` : `无法连接接收方：${reason.slice(0, 200)}` };
  }
}

/** One pass over the due deliveries; resolves with how many attempts were made. */
export async function deliverDueWebhooks(options: DeliveryOptions = {}): Promise<number> {
  const db = options.db ?? getDb();
  const now = options.now ?? (() => new Date());
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const config = readWebhookSettings(db);
  const due = db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now().toISOString())))
    .orderBy(webhookDeliveries.nextAttemptAt)
    .limit(20)
    .all();
  let made = 0;
  for (const { id } of due) {
    const at = now();
    const lease = new Date(at.getTime() + timeoutMs + 5_000).toISOString();
    const claimed = db
      .update(webhookDeliveries)
      .set({ nextAttemptAt: lease })
      .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, at.toISOString())))
      .returning()
      .get();
    if (!claimed) continue;
    made++;
    const result = config.secret
      ? await attempt(claimed.url, claimed.id, claimed.event, claimed.body, config.secret, timeoutMs)
      : { ok: false, status: null, error: "签名密钥已被清除，无法签名推送，请在推送设置中重新设置后重发" };
    const attempts = claimed.attempts + 1;
    const done = now();
    const delay = result.ok ? null : nextRetryDelay(attempts, baseDelayMs);
    db.update(webhookDeliveries)
      .set({
        attempts,
        lastAttemptAt: done.toISOString(),
        lastStatusCode: result.status,
        lastError: result.error,
        status: result.ok ? "delivered" : delay === null ? "failed" : "pending",
        deliveredAt: result.ok ? done.toISOString() : null,
        nextAttemptAt: delay === null ? done.toISOString() : new Date(done.getTime() + delay).toISOString(),
      })
      .where(eq(webhookDeliveries.id, claimed.id))
      .run();
  }
  return made;
}

let running = false;
let timer: NodeJS.Timeout | null = null;

function workerEnabled(): boolean {
  return !(process.env.VITEST && process.env.JIEDU_WEBHOOK_WORKER !== "1") && process.env.JIEDU_WEBHOOK_WORKER !== "0";
}

/** Runs a pass now (unless one is running) and schedules the next at the earliest due time. */
export function kickWebhookWorker(options: DeliveryOptions = {}): void {
  if (!workerEnabled() || running) return;
  running = true;
  if (timer) clearTimeout(timer);
  timer = null;
  void deliverDueWebhooks(options)
    .catch((error: unknown) => console.warn("webhook delivery pass failed:", error))
    .finally(() => {
      running = false;
      const db = options.db ?? getDb();
      const next = db
        .select({ at: sql<string | null>`min(${webhookDeliveries.nextAttemptAt})` })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.status, "pending"))
        .get()?.at;
      if (!next) return;
      const wait = Math.max(0, Math.min(Date.parse(next) - Date.now(), 60 * 60_000));
      timer = setTimeout(() => kickWebhookWorker(options), wait + 50);
      timer.unref();
    });
}

export type DeliveryView = {
  id: number;
  documentId: number | null;
  documentTitle: string | null;
  event: string;
  url: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  maxAttempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string;
  deliveredAt: string | null;
  replayOf: number | null;
  createdAt: string;
};

export function listWebhookDeliveries(limit = 50, db: Pick<Db, "select"> = getDb()): DeliveryView[] {
  return db
    .select()
    .from(webhookDeliveries)
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
    .all()
    .map((r) => {
      let documentTitle: string | null = null;
      try {
        const parsed: unknown = JSON.parse(r.body);
        if (typeof parsed === "object" && parsed && "document" in parsed && typeof parsed.document === "object" && parsed.document && "title" in parsed.document && typeof parsed.document.title === "string") documentTitle = parsed.document.title;
      } catch {
        documentTitle = null;
      }
      return { ...r, documentTitle, maxAttempts: WEBHOOK_LIMITS.maxAttempts };
    });
}
