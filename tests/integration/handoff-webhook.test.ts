/**
 * The signed publish webhook against a real HTTP receiver on loopback: publishing (the demo
 * seed's real workflow) queues a delivery; the receiver checks the HMAC-SHA256 signature with its
 * own code (node:crypto, not the app's verifier), fails the first attempts so the retries and
 * their growing backoff are exercised, and the delivery log records every attempt; a wrong secret
 * ends in "failed" and a replay with the right one is delivered.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { type Server, createServer } from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookDeliveries } from "~/db/schema";
import { signWebhook, verifyWebhook } from "~/features/handoff/signature.server";
import { deliverDueWebhooks, listWebhookDeliveries, replayWebhook, saveWebhookSettings } from "~/features/handoff/webhook.server";
import { seedAnalyzer } from "~/seed/seed-analyzer.server";
import { seedDemo } from "~/seed/seed.server";
import { createTestDb, type TestDb } from "../helpers/db";

const SECRET = "receiver-shared-secret-0123456789";
type Received = { at: number; headers: Record<string, string | string[] | undefined>; body: string; valid: boolean };

let t: TestDb;
let server: Server;
let url = "";
const received: Received[] = [];
let failFirst = 0;

/** The receiver's own check, written the way a CMS integrator would from docs/cms-handoff.md. */
function receiverVerifies(headers: Received["headers"], body: string): boolean {
  const ts = String(headers["x-jiedu-timestamp"] ?? "");
  const sig = String(headers["x-jiedu-signature"] ?? "");
  if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
  const want = Buffer.from(`sha256=${createHmac("sha256", SECRET).update(`${ts}.${body}`).digest("hex")}`);
  const got = Buffer.from(sig);
  return want.length === got.length && timingSafeEqual(want, got);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const valid = receiverVerifies(req.headers, body);
      received.push({ at: Date.now(), headers: req.headers, body, valid });
      if (failFirst > 0) {
        failFirst--;
        res.writeHead(503).end("busy");
      } else res.writeHead(valid ? 200 : 401).end(valid ? "ok" : "bad signature");
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/cms/import`;
  t = createTestDb();
  saveWebhookSettings({ enabled: true, url, secret: SECRET, siteUrl: "https://www.example.gov.cn" });
  // the demo seed publishes the 西海岸 document through the real workflow
  await seedDemo(t.db, { analyze: await seedAnalyzer() });
});
afterAll(async () => {
  await new Promise((ok) => server?.close(ok));
  t?.cleanup();
});

const rows = () => t.db.select().from(webhookDeliveries).orderBy(webhookDeliveries.id).all();

/** Runs delivery passes until nothing is pending (bounded). */
async function drain(baseDelayMs: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await deliverDueWebhooks({ baseDelayMs, timeoutMs: 2000 });
    if (!rows().some((r) => r.status === "pending")) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("deliveries still pending");
}

describe("publish webhook", () => {
  it("queues one delivery when the document is published", () => {
    const all = rows();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ event: "document.published", status: "pending", attempts: 0, url });
  });

  it("retries with growing backoff until the receiver accepts, and the receiver verifies every signature", async () => {
    failFirst = 2;
    await drain(60);
    expect(received).toHaveLength(3);
    expect(received.every((r) => r.valid)).toBe(true);
    const gaps = [received[1].at - received[0].at, received[2].at - received[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(60);
    expect(gaps[1]).toBeGreaterThanOrEqual(240);
    const [row] = rows();
    expect(row).toMatchObject({ status: "delivered", attempts: 3, lastStatusCode: 200, lastError: null });
    expect(received[2].headers["x-jiedu-delivery"]).toBe(String(row.id));
    expect(received[2].headers["x-jiedu-event"]).toBe("document.published");
    const body = JSON.parse(received[2].body);
    expect(body.document).toMatchObject({
      title: expect.stringContaining("政务公开"),
      docNumber: "青西新管办发〔2020〕84号",
      issuer: expect.any(String),
      writtenDate: "2020-08-06",
      url: expect.stringMatching(/^https:\/\/www\.example\.gov\.cn\/zhengce\/\d+$/),
      bundleUrl: expect.stringMatching(/\/bundle\.zip$/),
      interpretation: { url: expect.stringMatching(/^https:\/\/www\.example\.gov\.cn\/jiedu\/\d+$/), interpreter: "陈主任" },
    });
    expect(body.document.attachments.length).toBe(2);
  });

  it("a wrong secret ends in failed after every attempt; a replay with the right one is delivered", async () => {
    received.length = 0;
    saveWebhookSettings({ enabled: true, url, secret: "another-secret-the-receiver-does-not-know", siteUrl: "https://www.example.gov.cn" });
    const first = rows()[0].id;
    const replay = replayWebhook(first);
    expect(replay.ok).toBe(true);
    await drain(5);
    const failed = rows().find((r) => r.replayOf === first);
    expect(failed).toMatchObject({ status: "failed", attempts: 6, lastStatusCode: 401, lastError: "接收方返回 HTTP 401" });
    expect(received).toHaveLength(6);
    expect(received.every((r) => !r.valid)).toBe(true);

    saveWebhookSettings({ enabled: true, url, secret: SECRET, siteUrl: "https://www.example.gov.cn" });
    const again = replayWebhook(failed?.id ?? 0);
    await drain(5);
    const delivered = rows().find((r) => again.ok && r.id === again.id);
    expect(delivered).toMatchObject({ status: "delivered", attempts: 1, replayOf: failed?.id });
    expect(received.at(-1)?.valid).toBe(true);
    // the admin's log lists newest first, with the document's title
    expect(listWebhookDeliveries()[0]).toMatchObject({ id: again.ok ? again.id : -1, status: "delivered", documentTitle: expect.stringContaining("政务公开") });
  });

  it("records an unreachable receiver in Chinese", async () => {
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, "127.0.0.1", ok));
    const address = closed.address();
    const port = typeof address === "object" && address ? address.port : 0;
    await new Promise((ok) => closed.close(ok));
    saveWebhookSettings({ enabled: true, url: `http://127.0.0.1:${port}/x`, secret: SECRET, siteUrl: "https://www.example.gov.cn" });
    const r = replayWebhook(rows()[0].id);
    await deliverDueWebhooks({ baseDelayMs: 60_000 });
    const row = t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, r.ok ? r.id : -1)).get();
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(row?.lastError).toMatch(/^无法连接接收方/);
  });
});

describe("signature", () => {
  it("verifies the signed string and rejects a changed body, a wrong secret or a stale timestamp", () => {
    const now = 1_800_000_000;
    const body = '{"a":1}';
    const signature = signWebhook(SECRET, now, body);
    expect(verifyWebhook(SECRET, { signature, timestamp: String(now) }, body, now)).toBe(true);
    expect(verifyWebhook(SECRET, { signature, timestamp: String(now) }, '{"a":2}', now)).toBe(false);
    expect(verifyWebhook("x".repeat(32), { signature, timestamp: String(now) }, body, now)).toBe(false);
    expect(verifyWebhook(SECRET, { signature, timestamp: String(now) }, body, now + 301)).toBe(false);
  });
});
