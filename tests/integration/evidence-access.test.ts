/**
 * The evidence pack (issue 18, F3) on the seeded demo database: another department's draft is
 * not handed out because the asker belongs to the 政务公开 office; a published document's pack
 * is its publication, not the correction in progress; the PDFs are printed on the shared,
 * bounded browser pool (parallel downloads never run more browsers than RENDER_POOL_SIZE).
 */
import { readFileSync, readdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, packages } from "~/db/schema";
import { analyzeDocument } from "~/domain/analysis";
import { createUserSession } from "~/models/auth.server";
import { EVIDENCE_FILES } from "~/features/dashboard/evidence.server";
import { createDocumentFromAnalysis } from "~/features/intake/intake.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { closeSharedPool } from "~/render/shared-pool.server";
import { loader as documentLoader } from "~/routes/app.documents.$id";
import { loader as evidenceLoader } from "~/routes/app.documents.$id.evidence";
import { createSeededTestDb, userNamed, type TestDb } from "../helpers/db";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(async () => {
  await closeSharedPool();
  t?.cleanup();
});

const userId = (name: string) => {
  const id = t.db.$client.prepare("select id from users where username = ?").pluck().get(name);
  if (typeof id !== "number") throw new Error(`no user ${name}`);
  return id;
};

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

async function get(loader: Loader, path: string, username: string, id: number): Promise<{ status: number; response: Response | null }> {
  const cookie = ((await createUserSession(userId(username), "/app")).headers.get("Set-Cookie") ?? "").split(";")[0];
  try {
    const result = await loader({ request: new Request(`http://x${path}`, { headers: { Cookie: cookie } }), params: { id: String(id) }, context: {} });
    return result instanceof Response ? { status: result.status, response: result } : { status: 200, response: null };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, response: e };
    throw e;
  }
}

async function evidenceFiles(username: string, id: number): Promise<Record<string, string>> {
  const r = await get(evidenceLoader, `/app/documents/${id}/evidence`, username, id);
  expect(r.status).toBe(200);
  const zip = await JSZip.loadAsync(await (r.response ?? new Response()).arrayBuffer());
  const out: Record<string, string> = {};
  for (const name of [EVIDENCE_FILES.document, EVIDENCE_FILES.html, EVIDENCE_FILES.audit]) out[name] = (await zip.file(name)?.async("string")) ?? "";
  return out;
}

/** Chromium browser processes (not their helpers) whose parent is this test process. */
function ownBrowsers(): number {
  let n = 0;
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid !== process.pid) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (/chrom/i.test(cmd) && !cmd.includes("--type=")) n++;
    } catch {
      // the process ended while we looked
    }
  }
  return n;
}

const DRAFT_MARK = "发改局未发布草稿标记";
const CORRECTION_MARK = "更正中尚未审核的正文标记";

describe("evidence packs", () => {
  let draftId = 0;
  let xihaianId = 0;

  beforeAll(() => {
    const drafter2 = userNamed(t, "drafter2");
    const text = `区发展和改革局关于${DRAFT_MARK}的通知\n各有关单位：\n一、总体要求\n做好有关工作。`;
    draftId = createDocumentFromAnalysis({
      actor: drafter2,
      meta: { title: `关于${DRAFT_MARK}的通知`, docNumber: null, issuer: "区发展和改革局", recipients: [], writtenDate: "2026-01-05", topic: null, publicity: "主动公开" },
      originalText: text,
      analysis: analyzeDocument(text),
      source: { name: null, format: "paste" },
    }).documentId;
    const x = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
    if (!x) throw new Error("seeded 西海岸 missing");
    xihaianId = x.id;
  });

  it("another department's draft: 404 for a drafter of the 政务公开 office, as the document itself", async () => {
    expect((await get(documentLoader, `/app/documents/${draftId}`, "drafter", draftId)).status).toBe(404);
    expect((await get(evidenceLoader, `/app/documents/${draftId}/evidence`, "drafter", draftId)).status).toBe(404);
    // the department's own drafter may, and gets the draft
    const own = await evidenceFiles("drafter2", draftId);
    expect(own[EVIDENCE_FILES.document]).toContain(DRAFT_MARK);
    expect(own[EVIDENCE_FILES.html]).toContain("当前草稿");
  });

  it("a published document under correction: the pack holds the publication, not the correction", async () => {
    const drafter = userNamed(t, "drafter");
    expect(applyWorkflowAction(drafter, xihaianId, { type: "correct", reason: "更正正文" }).ok).toBe(true);
    const live = t.db.select().from(documents).where(eq(documents.id, xihaianId)).get();
    t.db.update(documents).set({ title: `${live?.title}（${CORRECTION_MARK}）`, normalizedText: `${live?.normalizedText}\n${CORRECTION_MARK}` }).where(eq(documents.id, xihaianId)).run();
    const pkg = t.db.select().from(packages).where(eq(packages.documentId, xihaianId)).get();
    t.db.update(packages).set({ sections: { ...pkg?.sections, background: `<p>${CORRECTION_MARK}</p>` } }).where(eq(packages.documentId, xihaianId)).run();

    for (const who of ["admin", "drafter"]) {
      const files = await evidenceFiles(who, xihaianId);
      expect(files[EVIDENCE_FILES.document]).not.toContain(CORRECTION_MARK);
      expect(files[EVIDENCE_FILES.document]).toContain("青西新管办发〔2020〕84号");
      expect(files[EVIDENCE_FILES.html]).not.toContain(CORRECTION_MARK);
      expect(files[EVIDENCE_FILES.html]).toContain("已发布版本");
    }
    // a drafter of another department without the 政务公开 office's view: 404
    expect((await get(evidenceLoader, `/app/documents/${xihaianId}/evidence`, "drafter2", xihaianId)).status).toBe(404);
  }, 120_000);

  it("six parallel downloads print on the shared pool: never more browsers than RENDER_POOL_SIZE (2)", async () => {
    await closeSharedPool();
    let most = 0;
    const sampler = setInterval(() => {
      most = Math.max(most, ownBrowsers());
    }, 50);
    try {
      const results = await Promise.all(Array.from({ length: 6 }, () => get(evidenceLoader, `/app/documents/${xihaianId}/evidence`, "admin", xihaianId)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    } finally {
      clearInterval(sampler);
    }
    most = Math.max(most, ownBrowsers());
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
  }, 180_000);
});
