/**
 * Labelling of AI-generated content (《人工智能生成合成内容标识办法》) on the seeded, published 西海岸
 * interpretation, after model text was taken over into it: the 考核 dashboard counts it as
 * AI-assisted (trigger-kept), the public page shows "AI 辅助生成" while the administrator wants
 * it and not after they switch it off (and the page's validators change with the choice), and the
 * audit of the setting is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dashboardDrift } from "~/features/dashboard/drift.server";
import { yearPeriod } from "~/domain/dashboard/period";
import type { Suggestion } from "~/domain/ai-drafting/types";
import { aiAssistedDrift, aiAssistedFigures } from "~/features/ai-drafting/dashboard.server";
import { aiPublicMark, saveAiPublicMark } from "~/features/ai-drafting/settings.server";
import { insertSuggestion, publishedIsAiAssisted, recordAcceptances } from "~/features/ai-drafting/store.server";
import { cachedPublicPage, rememberPublicPage } from "~/features/publish/page-cache.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { loader as jieduLoader } from "~/routes/_public.jiedu.$id";
import { type TestDb, createSeededTestDb, userNamed } from "../helpers/db";
import { E2E_SESSION_SECRET } from "../helpers/e2e";
import { type RunningServer, startServer } from "../helpers/server";

let t: TestDb;
let docId: number;
let pkg: number;

const suggestion: Suggestion = {
  task: "sections.background",
  target: { kind: "section", key: "background" },
  title: "起草背景",
  parts: [{ key: "p0", label: "第 1 段", text: "为落实上级部署，推进政务公开。", multiline: true, maxLength: 3000, group: "p0", order: 0, field: "sections.background", prose: true, clauses: [["附件1", "一、"]] }],
};

beforeAll(async () => {
  t = await createSeededTestDb();
  docId = Number(t.db.$client.prepare("select id from documents where index_no = ?").pluck().get(XIHAIAN_INDEX_NO));
  pkg = Number(t.db.$client.prepare("select id from packages where document_id = ?").pluck().get(docId));
});
afterAll(() => t.cleanup());

const facts = () => t.db.$client.prepare("select ai_assisted from dashboard_facts where document_id = ?").pluck().get(docId);

describe("an interpretation holding model text", () => {
  it("is counted as AI-assisted on the 考核 dashboard, kept by the triggers", async () => {
    const publishedYear = Number(String(t.db.$client.prepare("select published_at from documents where id = ?").pluck().get(docId)).slice(0, 4));
    const period = yearPeriod(publishedYear);
    expect(facts()).toBe(0);
    expect(aiAssistedFigures(t.db, period, 1).total).toBe(0);
    expect(await publishedIsAiAssisted(t.db, pkg)).toBe(false);

    const drafter = userNamed(t, "drafter");
    const stored = await insertSuggestion(t.db, { packageId: pkg, userId: drafter.id, runId: "run-1", suggestion, marks: [], model: "qwen2.5-72b-instruct", endpoint: "10.0.0.5:8000", promptSha256: "a".repeat(64) });
    const version = Number(t.db.$client.prepare("select version from packages where id = ?").pluck().get(pkg));
    await recordAcceptances(t.db, { packageId: pkg, documentId: docId, revisionId: null, version, actorId: drafter.id, acceptances: [{ suggestion: stored, fields: ["sections.background"], edited: false }] });

    expect(facts()).toBe(1);
    const figures = aiAssistedFigures(t.db, period, 1);
    expect(figures.total).toBe(1);
    expect(figures.byDepartment).toEqual([expect.objectContaining({ count: 1 })]);
    expect(await publishedIsAiAssisted(t.db, pkg)).toBe(true);
    // the read model still agrees with the source tables
    expect(dashboardDrift(t.db).documents).toEqual([]);
    expect(aiAssistedDrift(t.db)).toEqual([]);
    // and follows a deletion (the package's AI fields gone → not AI-assisted)
    t.db.$client.prepare("delete from ai_accepted_fields where package_id = ?").run(pkg);
    expect(facts()).toBe(0);
    expect(aiAssistedDrift(t.db)).toEqual([]);
    await recordAcceptances(t.db, { packageId: pkg, documentId: docId, revisionId: null, version, actorId: drafter.id, acceptances: [{ suggestion: stored, fields: ["sections.background"], edited: false }] });
    expect(facts()).toBe(1);
  });
});

describe("the interpretation page with the mark stays in the public micro-cache", () => {
  it("the loader's validator is the one the cache computes, so the page is stored and served from memory", async () => {
    const request = new Request(`http://x/jiedu/${docId}`);
    const answer = await jieduLoader({ request, params: { id: String(docId) }, context: {} });
    const headers = new Headers(answer.init?.headers);
    expect(headers.get("ETag")).toBeTruthy();
    rememberPublicPage(request, 200, headers, "<html>page</html>");
    const hit = cachedPublicPage({ method: "GET", path: `/jiedu/${docId}`, search: "", cookie: undefined, ifNoneMatch: undefined, acceptEncoding: undefined });
    expect(hit?.status).toBe(200);
  });
});

describe("the public “AI 辅助生成” mark", () => {
  let server: RunningServer;
  beforeAll(async () => {
    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    server = await startServer({ DATABASE_URL: t.path, SESSION_SECRET: E2E_SESSION_SECRET });
  });
  afterAll(() => server.stop());

  it("shows while the administrator wants it, and not after they switch it off", async () => {
    expect(await aiPublicMark(t.db)).toBe(true);
    const on = await fetch(`${server.url}/jiedu/${docId}`);
    expect(on.status).toBe(200);
    expect(await on.text()).toContain('data-testid="ai-public-mark"');

    await saveAiPublicMark(t.db, false, userNamed(t, "admin").id);
    t.db.$client.pragma("wal_checkpoint(TRUNCATE)");
    // a browser revalidating with the old validator gets the new page, not 304
    const off = await fetch(`${server.url}/jiedu/${docId}`, { headers: { "If-None-Match": on.headers.get("ETag") ?? "" } });
    expect(off.status).toBe(200);
    expect(await off.text()).not.toContain('data-testid="ai-public-mark"');
    const audit = t.db.$client.prepare("select details from audit_log where action = 'admin.settings_changed' order by id desc limit 1").pluck().get();
    expect(JSON.parse(String(audit))).toMatchObject({ group: "ai", changes: { "ai.publicMark": { from: null, to: false } } });
  });
});
