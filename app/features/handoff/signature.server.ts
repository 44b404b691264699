/** HMAC-SHA256 signing of webhook bodies and the receiver's check (format: app/domain/handoff/webhook.ts). */
import { createHmac, timingSafeEqual } from "node:crypto";

export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The receiver's check (also used by the tests' receiver): signature and freshness. */
export function verifyWebhook(secret: string, headers: { signature: string | null; timestamp: string | null }, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const t = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const want = Buffer.from(signWebhook(secret, t, body));
  const got = Buffer.from(headers.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
