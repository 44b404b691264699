/**
 * A correction of a published document, through the real workflow on the seeded demo database:
 * while it is open, the live title and text can change without the public page or the search
 * index noticing; publishing the correction makes the new version public in one step.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents } from "~/db/schema";
import { parsePublicListQuery } from "~/domain/public/search-query";
import { getPublicDocument } from "~/features/publish/document.server";
import { searchPublicDocuments } from "~/features/publish/search.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction, publishDocument } from "~/features/workflow/moves.server";
import { loader as documentLoader } from "~/routes/_public.zhengce.$id";
import { createSeededTestDb, type TestDb, userNamed } from "../helpers/db";
import { GATES } from "~/domain/vocabulary";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(() => t.cleanup());

const user = (name: string) => userNamed(t, name);
const searchIds = (q: string) => searchPublicDocuments(parsePublicListQuery(new URLSearchParams({ q }))).items.map((i) => i.id);
const pageText = async (id: number) => JSON.stringify(await documentLoader({ request: new Request(`http://x/zhengce/${id}`), params: { id: String(id) }, context: {} }));

const NEW_TITLE_MARK = "更正后的新标题甲乙";
const NEW_TEXT_MARK = "更正后新增的段落丙丁";

describe("a correction stays private until it is published", () => {
  let id: number;
  let publishedTitle: string;

  beforeAll(() => {
    const doc = t.db.select().from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get();
    if (!doc) throw new Error("seeded 西海岸 document missing");
    expect(doc.status).toBe("published");
    id = doc.id;
    publishedTitle = doc.title;
  });

  it("editing the live title and text during a correction changes neither the page nor search", async () => {
    expect(applyWorkflowAction(user("drafter"), id, { type: "correct", reason: "更正标题和正文" }).ok).toBe(true);
    const live = t.db.select({ text: documents.normalizedText }).from(documents).where(eq(documents.id, id)).get();
    t.db.update(documents)
      .set({ title: `${publishedTitle}（${NEW_TITLE_MARK}）`, normalizedText: `${live?.text ?? ""}\n${NEW_TEXT_MARK}`, issuer: "更正中的发文机关" })
      .where(eq(documents.id, id))
      .run();

    const doc = getPublicDocument(id);
    expect(doc?.title).toBe(publishedTitle);
    expect(doc?.issuer).not.toBe("更正中的发文机关");
    expect(doc?.text).not.toContain(NEW_TEXT_MARK);
    const page = await pageText(id);
    expect(page).not.toContain(NEW_TITLE_MARK);
    expect(page).not.toContain(NEW_TEXT_MARK);
    expect(searchIds(NEW_TITLE_MARK)).toEqual([]);
    expect(searchIds(NEW_TEXT_MARK)).toEqual([]);
    expect(searchIds("更正中的发文机关")).toEqual([]);
    // still public, still found by its published words
    expect(searchIds("政务公开工作要点")).toContain(id);
  });

  it("publishing the correction makes the new title and text public and searchable", async () => {
    expect(applyWorkflowAction(user("drafter"), id, { type: "submit" }).ok).toBe(true);
    for (const gate of GATES) expect(applyWorkflowAction(user("reviewer"), id, { type: "verdict", gate, verdict: "pass", opinion: "同意" }).ok).toBe(true);
    expect(applyWorkflowAction(user("head"), id, { type: "sign" }).ok).toBe(true);
    expect(publishDocument(user("publisher"), id)).toEqual({ ok: true, status: "published" });

    const doc = getPublicDocument(id);
    expect(doc?.title).toBe(`${publishedTitle}（${NEW_TITLE_MARK}）`);
    expect(doc?.issuer).toBe("更正中的发文机关");
    expect(doc?.text).toContain(NEW_TEXT_MARK);
    const page = await pageText(id);
    expect(page).toContain(NEW_TITLE_MARK);
    expect(page).toContain(NEW_TEXT_MARK);
    expect(searchIds(NEW_TITLE_MARK)).toEqual([id]);
    expect(searchIds(NEW_TEXT_MARK)).toEqual([id]);
    expect(searchIds("更正中的发文机关")).toEqual([id]);
  });
});
