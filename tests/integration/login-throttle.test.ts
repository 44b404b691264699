/**
 * Sign-in throttling through the /login action on the seeded demo database (issue 18 F4): five
 * wrong passwords lock that address out of the account (the right password too) with a Chinese
 * message and Retry-After, audited; the owner signs in from elsewhere; a distributed attack
 * slows the account for new browsers but a browser that signed in before still gets in.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "~/db/schema";
import { resetLoginThrottle } from "~/models/login-throttle.server";
import { action } from "~/routes/login";
import { createSeededTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
  resetLoginThrottle();
});
afterAll(() => t?.cleanup());

type Outcome = { status: number; errors: string; cookies: string[]; retryAfter: string | null };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null;
}

async function signIn(username: string, password: string, address: string, cookie = ""): Promise<Outcome> {
  const request = new Request("http://x/login", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams({ username, password, redirectTo: "/app" }),
  });
  const result: unknown = await action({ request, params: {}, context: { clientAddress: address } });
  if (result instanceof Response) return { status: result.status, errors: "", cookies: result.headers.getSetCookie(), retryAfter: result.headers.get("Retry-After") };
  if (isRecord(result) && result.type === "DataWithResponseInit") {
    const init = isRecord(result.init) ? result.init : {};
    const headers = new Headers(isRecord(init.headers) ? Object.entries(init.headers).map(([k, v]): [string, string] => [k, String(v)]) : []);
    return { status: typeof init.status === "number" ? init.status : 200, errors: JSON.stringify(isRecord(result.data) ? result.data.error : null), cookies: [], retryAfter: headers.get("Retry-After") };
  }
  return { status: 200, errors: JSON.stringify(isRecord(result) ? result.error : null), cookies: [], retryAfter: null };
}

const throttledRows = () => t.db.select().from(auditLog).where(eq(auditLog.action, "auth.throttled")).all();

describe("sign-in throttling", () => {
  let ownerDevice = "";

  it("five wrong passwords from one address: the sixth attempt, even with the right password, waits", async () => {
    for (let i = 0; i < 5; i++) expect((await signIn("drafter", `wrong-${i}`, "203.0.113.7")).errors).toContain("用户名或密码不正确");
    const locked = await signIn("drafter", "jiedu2026", "203.0.113.7");
    expect(locked.status).toBe(429);
    expect(locked.errors).toContain("这个账号的登录失败次数过多，为保护账号安全已暂停登录，请于 1 分钟后再试。如忘记密码，请联系管理员重置。");
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect(Number(locked.retryAfter)).toBeLessThanOrEqual(60);
    const rows = throttledRows();
    expect(rows).toHaveLength(1);
    const drafterId = t.db.$client.prepare("select id from users where username = 'drafter'").pluck().get();
    expect(rows[0]).toMatchObject({ actorId: drafterId, details: { username: "drafter", address: "203.0.113.7", scope: "pair" } });
  });

  it("the owner at another address signs in, and gets a device cookie", async () => {
    const ok = await signIn("drafter", "jiedu2026", "198.51.100.20");
    expect(ok.status).toBe(302);
    const device = ok.cookies.find((c) => c.startsWith("__jiedu_device="));
    expect(device).toBeDefined();
    ownerDevice = (device ?? "").split(";")[0];
  });

  it("a distributed attack slows the account for new browsers; the owner's browser still gets in", async () => {
    for (let i = 0; i < 20; i++) await signIn("drafter", `guess-${i}`, `192.0.2.${i + 1}`);
    const stranger = await signIn("drafter", "jiedu2026", "198.51.100.99");
    expect(stranger.status).toBe(429);
    expect(stranger.errors).toContain("这个账号近期在多处登录失败次数过多");
    expect(Number(stranger.retryAfter)).toBeLessThanOrEqual(30);
    const owner = await signIn("drafter", "jiedu2026", "198.51.100.99", ownerDevice);
    expect(owner.status).toBe(302);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "auth.throttled")).all().some((r) => isRecord(r.details) && r.details.scope === "account")).toBe(true);
  });
});
