/**
 * The policy library (/zhengce, with and without a search) is cached like the document pages
 * (issue 18 F11) and never stale: its ETag follows the public data version (kept by triggers),
 * so a repeat is a 304 or a micro-cache hit, unrelated writes keep it, and a withdrawal or a new
 * publication shows at once — through the production server, with the writes made by another
 * connection, as the workbench makes them.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, sessions } from "~/db/schema";
import { publicListVersion } from "~/features/publish/visibility.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { createSeededTestDb, userNamed as userIn, type TestDb } from "../helpers/db";
import { type RunningServer, startServer } from "../helpers/server";

let t: TestDb;
let server: RunningServer;
let id = 0;
let title = "";
beforeAll(async () => {
  t = await createSeededTestDb();
  const doc = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
  if (!doc) throw new Error("seed: 西海岸 missing");
  id = doc.id;
  title = doc.title;
  t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
  server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: "library-secret-0123456789", JIEDU_EXPORT_WORKER: "0" });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  t?.cleanup();
});

const userNamed = (name: string) => userIn(t, name);

async function get(path: string, etag?: string): Promise<{ status: number; etag: string | null; html: string }> {
  const res = await fetch(`${server.url}${path}`, { headers: etag ? { "If-None-Match": etag } : {} });
  return { status: res.status, etag: res.headers.get("ETag"), html: await res.text() };
}

describe("the policy library cache", () => {
  const search = `/zhengce?q=${encodeURIComponent("政务公开工作要点")}`;

  it("answers a repeat with 304, with and without a search; unrelated writes keep the ETag", async () => {
    for (const path of ["/zhengce", search]) {
      const first = await get(path);
      expect(first.status).toBe(200);
      expect(first.html).toContain(title);
      expect(first.etag).toMatch(/^W\//);
      const again = await get(path);
      expect(again.etag).toBe(first.etag);
      expect((await get(path, first.etag ?? "")).status).toBe(304);
    }
    // the workbench writes all the time — sessions, audit rows, export progress: none is public
    const version = publicListVersion();
    t.db.insert(sessions).values({ id: "unrelated-session", userId: userNamed("drafter").id, expiresAt: "2999-01-01T00:00:00.000Z" }).run();
    t.db.update(documents).set({ updatedAt: new Date().toISOString() }).where(eq(documents.id, id)).run();
    expect(publicListVersion()).toBe(version);
    expect((await get(search)).etag).toBe((await get(search)).etag);
  });

  it("a correction's live edits stay out of the library, and do not change its ETag", async () => {
    expect(applyWorkflowAction(userNamed("drafter"), id, { type: "correct", reason: "更正" }).ok).toBe(true);
    const etagBefore = (await get(search)).etag;
    t.db.update(documents).set({ title: "更正中的标题（不应出现在文件库）" }).where(eq(documents.id, id)).run();
    const after = await get(search);
    expect(after.html).not.toContain("更正中的标题");
    expect(after.html).toContain(title);
    expect(after.etag).toBe(etagBefore);
  });

  it("a withdrawal leaves the list and the search at once, and a correction begun after it does not bring it back", async () => {
    // the 西海岸 notice, still public while its correction is open
    const other = { id, title };
    const before = await get(search);
    expect(before.html).toContain(other.title);
    expect(applyWorkflowAction(userNamed("publisher"), other.id, { type: "withdraw", reason: "停止公开" }).ok).toBe(true);
    for (const path of ["/zhengce", search]) {
      const now = await get(path, before.etag ?? "");
      expect(now.status, path).toBe(200);
      expect(now.html, path).not.toContain(other.title);
    }
    // withdrawn, then a correction is started: still not public until it is published again
    expect(applyWorkflowAction(userNamed("drafter"), other.id, { type: "correct", reason: "修改后重新发布" }).ok).toBe(true);
    expect((await get("/zhengce")).html).not.toContain(other.title);
    expect((await get(`/zhengce/${other.id}`)).status).toBe(404);
  });
});
