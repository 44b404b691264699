/**
 * The signed publish webhook, pure parts: the configuration (validated), the signature and the
 * retry schedule. I/O lives in app/features/handoff/webhook.server.ts.
 *
 * Signature (the receiver's side is the same three lines, see docs/cms-handoff.md):
 *   X-Jiedu-Timestamp: <unix seconds>
 *   X-Jiedu-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>
 * The timestamp is inside the signed string so a captured request cannot be replayed later
 * (receivers reject timestamps older than a few minutes). Signing itself (node:crypto) is in
 * app/features/handoff/signature.server.ts, so this module stays importable by the admin form.
 */
import { z } from "zod";

export const WEBHOOK_SETTING = "handoff.webhook";
export const SIGNATURE_HEADER = "X-Jiedu-Signature";
export const TIMESTAMP_HEADER = "X-Jiedu-Timestamp";
export const EVENT_HEADER = "X-Jiedu-Event";
export const DELIVERY_HEADER = "X-Jiedu-Delivery";

export const WEBHOOK_LIMITS = { urlChars: 500, secretMin: 16, secretMax: 200, maxAttempts: 6 } as const;

export type WebhookConfig = { enabled: boolean; url: string; secret: string; siteUrl: string };

const httpUrl = (what: string) =>
  z
    .string({ required_error: `请填写${what}` })
    .trim()
    .max(WEBHOOK_LIMITS.urlChars, `${what}最长 ${WEBHOOK_LIMITS.urlChars} 个字符`)
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
      } catch {
        return false;
      }
    }, `${what}应是以 http:// 或 https:// 开头的完整网址（不含用户名和密码）`);

export const storedWebhookSchema = z.object({
  enabled: z.boolean(),
  url: z.string(),
  secret: z.string(),
  siteUrl: z.string(),
});

/** The stored value, read defensively: anything unreadable is "not configured". */
export function readWebhookConfig(value: unknown): WebhookConfig {
  const parsed = storedWebhookSchema.safeParse(value);
  return parsed.success ? parsed.data : { enabled: false, url: "", secret: "", siteUrl: "" };
}

/**
 * The admin form. An empty secret keeps the stored one (the page never shows it back); enabling
 * requires a receiver URL, the site's public address and a secret.
 */
export function webhookFormSchema(stored: WebhookConfig) {
  return z
    .object({
      intent: z.literal("saveWebhook"),
      enabled: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
      url: z.union([httpUrl("接收地址"), z.literal("")]).optional(),
      siteUrl: z.union([httpUrl("网站地址"), z.literal("")]).optional(),
      secret: z
        .string()
        .trim()
        .max(WEBHOOK_LIMITS.secretMax, `签名密钥最长 ${WEBHOOK_LIMITS.secretMax} 个字符`)
        .refine((v) => v === "" || v.length >= WEBHOOK_LIMITS.secretMin, `签名密钥至少 ${WEBHOOK_LIMITS.secretMin} 个字符，请使用随机生成的长字符串`)
        .optional(),
    })
    .transform((v, ctx): WebhookConfig => {
      const config = { enabled: v.enabled, url: v.url ?? "", siteUrl: (v.siteUrl ?? "").replace(/\/+$/, ""), secret: v.secret || stored.secret };
      if (config.enabled) {
        if (!config.url) ctx.addIssue({ code: "custom", path: ["url"], message: "启用推送前请填写接收地址" });
        if (!config.siteUrl) ctx.addIssue({ code: "custom", path: ["siteUrl"], message: "启用推送前请填写本网站的访问地址，推送内容里的链接以它开头" });
        if (!config.secret) ctx.addIssue({ code: "custom", path: ["secret"], message: "启用推送前请设置签名密钥" });
      }
      return config;
    });
}

/**
 * When attempt `attempts + 1` is due after `attempts` failures: exponential backoff from
 * `baseMs` (×4 each time: 30 s, 2 min, 8 min, 32 min, ~2 h with the default 30 s), or null when
 * the delivery has used all its attempts and is marked failed.
 */
export function nextRetryDelay(attempts: number, baseMs: number, maxAttempts: number = WEBHOOK_LIMITS.maxAttempts): number | null {
  if (attempts >= maxAttempts) return null;
  return baseMs * 4 ** Math.max(0, attempts - 1);
}

/** What the log shows for a stored secret: never the secret itself. */
export function maskSecret(secret: string): string {
  return secret ? `已设置（${secret.length} 个字符）` : "未设置";
}
