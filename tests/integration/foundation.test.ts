import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "~/config.server";
import { setDb } from "~/db/client.server";
import { auditLog, departments, documents, gateAssignments, packages, users } from "~/db/schema";
import { createUserSession } from "~/models/auth.server";
import { seedDemo } from "~/seed/seed.server";
import { action as documentAction, loader as documentLoader } from "~/routes/app.documents.$id";
import { action as loginAction } from "~/routes/login";
import { createSeededTestDb, createTestDb, type TestDb } from "../helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(() => t.cleanup());

function userId(username: string): number {
  return t.db.$client.prepare("select id from users where username = ?").pluck().get(username) as number;
}

async function cookieFor(username: string): Promise<string> {
  const res = await createUserSession(userId(username), "/app");
  return (res.headers.get("Set-Cookie") ?? "").split(";")[0];
}

async function thrownResponse(p: Promise<unknown>): Promise<Response> {
  try {
    await p;
  } catch (e) {
    if (e instanceof Response) return e;
    throw e;
  }
  throw new Error("expected a thrown Response");
}

describe("migrations and seed", () => {
  it("migrations apply from empty", () => {
    const fresh = createTestDb();
    try {
      const tables = fresh.db.$client
        .prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like '__drizzle%'")
        .pluck()
        .all();
      expect(tables).toEqual(expect.arrayContaining(["departments", "users", "documents", "packages", "qa_items", "charts", "graphics", "cases", "media_records", "revisions", "review_records", "audit_log", "export_jobs", "export_files", "sessions"]));
      expect(fresh.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(fresh.db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      fresh.cleanup();
      // cleanup() unset the app connection; reinstate the seeded one for the other tests.
      setDb(t.db);
    }
  });

  it("seed is idempotent", async () => {
    const counts = () => [departments, users, documents, packages, gateAssignments].map((tb) => t.db.select({ n: count() }).from(tb).get()?.n);
    const before = counts();
    expect(before).toEqual([3, 8, 2, 2, 12]);
    const { created } = await seedDemo(t.db);
    expect(created).toBe(0);
    expect(counts()).toEqual(before);
  });
});

describe("department isolation", () => {
  it("a drafter of another department gets 404 on the document, not data", async () => {
    const docId = t.db.$client.prepare("select id from documents order by id limit 1").pluck().get() as number;
    const cookie = await cookieFor("drafter2");
    const request = new Request(`http://x/app/documents/${docId}`, { headers: { Cookie: cookie } });
    const res = await thrownResponse(documentLoader({ request, params: { id: String(docId) }, context: {} }));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("青岛");
  });

  it("a drafter of another department cannot post to the document, and nothing is written", async () => {
    const docId = t.db.$client.prepare("select id from documents order by id limit 1").pluck().get() as number;
    const titleBefore = t.db.$client.prepare("select title from documents where id = ?").pluck().get(docId);
    const auditBefore = t.db.select({ n: count() }).from(auditLog).get()?.n;
    const cookie = await cookieFor("drafter2");
    const body = new URLSearchParams({ title: "篡改的标题" });
    const request = new Request(`http://x/app/documents/${docId}`, { method: "POST", body, headers: { Cookie: cookie } });
    const res = await thrownResponse(documentAction({ request, params: { id: String(docId) }, context: {} }));
    expect([403, 404]).toContain(res.status);
    expect(t.db.$client.prepare("select title from documents where id = ?").pluck().get(docId)).toBe(titleBefore);
    expect(t.db.select({ n: count() }).from(auditLog).get()?.n).toBe(auditBefore);
  });

  it("the owning drafter can edit, and the change is audited", async () => {
    const docId = t.db.$client.prepare("select id from documents where status = 'drafting' order by id limit 1").pluck().get() as number;
    const cookie = await cookieFor("drafter");
    const body = new URLSearchParams({ title: "新的标题用于测试", writtenDate: "2020-08-06" });
    const request = new Request(`http://x/app/documents/${docId}`, { method: "POST", body, headers: { Cookie: cookie } });
    const result = await documentAction({ request, params: { id: String(docId) }, context: {} });
    expect(result).toMatchObject({ status: "success" });
    expect(t.db.$client.prepare("select title from documents where id = ?").pluck().get(docId)).toBe("新的标题用于测试");
    expect(t.db.$client.prepare("select action from audit_log where document_id = ? order by id desc").pluck().get(docId)).toBe("document.meta_updated");
  });

  it("bad input on the document form: a clear Chinese error, nothing written", async () => {
    const docId = t.db.$client.prepare("select id from documents where status = 'drafting' order by id limit 1").pluck().get() as number;
    const before = t.db.$client.prepare("select title, written_date from documents where id = ?").get(docId);
    const cookie = await cookieFor("drafter");
    const body = new URLSearchParams({ title: "", writtenDate: "2020-13-45" });
    const request = new Request(`http://x/app/documents/${docId}`, { method: "POST", body, headers: { Cookie: cookie } });
    const result = await documentAction({ request, params: { id: String(docId) }, context: {} });
    expect(JSON.stringify(result)).toContain("请填写标题");
    expect(JSON.stringify(result)).toContain("成文日期应为有效日期");
    expect(t.db.$client.prepare("select title, written_date from documents where id = ?").get(docId)).toEqual(before);
  });

  it("a non-existent or malformed id is a 404", async () => {
    const cookie = await cookieFor("drafter");
    for (const id of ["999999", "abc", "-1", "1e3", "99999999999999999999"]) {
      const request = new Request(`http://x/app/documents/${id}`, { headers: { Cookie: cookie } });
      const res = await thrownResponse(documentLoader({ request, params: { id }, context: {} }));
      expect(res.status, id).toBe(404);
    }
  });

  it("a tampered session cookie reads as signed out", async () => {
    const cookie = await cookieFor("drafter");
    const [name, value] = cookie.split("=");
    const tampered = `${name}=${value.slice(0, -3)}abc`;
    const docId = t.db.$client.prepare("select id from documents order by id limit 1").pluck().get() as number;
    const request = new Request(`http://x/app/documents/${docId}`, { headers: { Cookie: tampered } });
    const res = await thrownResponse(documentLoader({ request, params: { id: String(docId) }, context: {} }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  });
});

describe("sign-in", () => {
  async function login(fields: Record<string, string>) {
    const request = new Request("http://x/login", { method: "POST", body: new URLSearchParams(fields) });
    return loginAction({ request, params: {}, context: {} });
  }
  it("wrong password and unknown user get the same Chinese error and no session", async () => {
    const sessionsBefore = t.db.$client.prepare("select count(*) from sessions").pluck().get();
    for (const fields of [
      { username: "drafter", password: "wrong" },
      { username: "nobody", password: "jiedu2026" },
    ]) {
      const result = await login(fields);
      expect(result).not.toBeInstanceOf(Response);
      expect(JSON.stringify(result)).toContain("用户名或密码不正确");
      // the username typed is kept, the password is not echoed back
      expect(JSON.stringify(result)).toContain(fields.username);
      expect(JSON.stringify(result)).not.toContain(fields.password);
    }
    expect(t.db.$client.prepare("select count(*) from sessions").pluck().get()).toBe(sessionsBefore);
  });
  it("missing fields get field errors", async () => {
    const result = await login({});
    expect(JSON.stringify(result)).toContain("请输入用户名");
    expect(JSON.stringify(result)).toContain("请输入密码");
  });
  it("the right password signs in with an httpOnly SameSite cookie", async () => {
    const result = await login({ username: "drafter", password: "jiedu2026", redirectTo: "//evil.example" });
    expect(result).toBeInstanceOf(Response);
    const res = result as Response;
    expect(res.headers.get("Location")).toBe("/app");
    expect(res.headers.get("Set-Cookie")).toMatch(/HttpOnly/i);
    expect(res.headers.get("Set-Cookie")).toMatch(/SameSite=Lax/i);
  });
});

describe("configuration", () => {
  it("a bad value stops start-up with a Chinese message naming the variable", () => {
    expect(() => parseConfig({ PORT: "http", DATABASE_URL: "/tmp/x.db", SESSION_SECRET: "x".repeat(20) })).toThrow(/PORT: 应为端口号数字/);
    expect(() => parseConfig({ PORT: "70000", SESSION_SECRET: "x".repeat(20) })).toThrow(/端口号应在 1–65535 之间/);
    expect(() => parseConfig({ JIEDU_DEMO: "maybe", SESSION_SECRET: "x".repeat(20) })).toThrow(/JIEDU_DEMO/);
  });
  it("defaults are sensible", () => {
    const c = parseConfig({ SESSION_SECRET: "x".repeat(20) });
    expect(c.PORT).toBe(3000);
    expect(c.DATABASE_PATH).toMatch(/data\/jiedu\.db$/);
    expect(c.JIEDU_DEMO).toBe(true);
  });
});
