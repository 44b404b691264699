/**
 * 问答库 and 智能问答 on the demo data (the seeded 西海岸 package, published through the real
 * workflow): 2-character Chinese words, synonyms from the admin list, ranked retrieval for a
 * question typed as a sentence, citations into the document, and the visibility rule (a draft's
 * Q&A and a withdrawn document's Q&A never appear).
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, packages, qaItems } from "~/db/schema";
import { askQaLibrary, saveSynonyms, searchQaLibrary, synonymText } from "~/features/qa-library/qa-library.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { createSeededTestDb, type TestDb, userNamed } from "../helpers/db";

let t: TestDb;
let xihaian = 0;
const DRAFT_CANARY = "草稿问答泄露标记";

beforeAll(async () => {
  t = await createSeededTestDb();
  xihaian = t.db.select({ id: documents.id }).from(documents).where(eq(documents.indexNo, XIHAIAN_INDEX_NO)).get()?.id ?? 0;
  // a Q&A on the other (unpublished) demo document
  const draft = t.db.select({ pkg: packages.id }).from(packages).innerJoin(documents, eq(documents.id, packages.documentId)).where(eq(documents.status, "drafting")).get();
  if (!draft) throw new Error("demo data has no draft package");
  t.db.insert(qaItems).values({ packageId: draft.pkg, position: 1, question: `考核结果怎么用？${DRAFT_CANARY}`, answer: "<p>草稿答案</p>", clauseRefs: [] }).run();
});
afterAll(() => t?.cleanup());

const questions = (items: { question: string }[]) => items.map((i) => i.question);

describe("问答库 search", () => {
  it("lists every published Q&A of the demo package, none of the draft", () => {
    const all = searchQaLibrary("", 1);
    expect(all.total).toBe(7);
    expect(questions(all.items)).toContain("政务公开工作怎么考核？");
    expect(JSON.stringify(all)).not.toContain(DRAFT_CANARY);
  });

  it("finds 2-character Chinese words", () => {
    // a question hit ranks before an answer hit (…影响上级考核…)
    expect(questions(searchQaLibrary("考核", 1).items)).toEqual(["政务公开工作怎么考核？", "哪些情况会被大比例扣分？"]);
    expect(questions(searchQaLibrary("扣分", 1).items)).toEqual(["哪些情况会被大比例扣分？"]);
    // both words must match; answers count too (评估 is in two answers, 网站 narrows to one)
    expect(questions(searchQaLibrary("评估 网站", 1).items)).toEqual(["第三方评估看什么？"]);
    expect(searchQaLibrary("不存在的词", 1).total).toBe(0);
  });

  it("expands words through the admin's synonym list", () => {
    expect(searchQaLibrary("优惠", 1).total).toBe(0);
    const saved = saveSynonyms("优惠 惠企 扶持\n# 注释行\n查询、查到");
    expect(saved).toEqual({ ok: true, groups: 2 });
    expect(synonymText()).toBe("优惠 惠企 扶持\n查询 查到");
    const hit = searchQaLibrary("优惠", 1);
    expect(questions(hit.items)).toContain("企业最关心的惠企政策在哪里能查到？");
    expect(hit.items[0].matched).toContain("惠企");
  });

  it("refuses a bad synonym list with the line, and keeps the saved one", () => {
    const bad = saveSynonyms("补贴 补助\n孤词");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toContain("第 2 行");
    expect(synonymText()).toBe("优惠 惠企 扶持\n查询 查到");
  });

  it("links each answer to its document, clause and interpretation", () => {
    const [qa] = searchQaLibrary("惠企", 1).items;
    expect(qa.documentId).toBe(xihaian);
    expect(qa.interpretationHref).toBe(`/jiedu/${xihaian}#wenda-2`);
    expect(qa.citations).toEqual([{ label: expect.stringContaining("附件1"), href: expect.stringMatching(new RegExp(`^/zhengce/${xihaian}#clause-fj1-s1-p3`)) }]);
  });
});

describe("智能问答 (ask a question)", () => {
  it("retrieves the best-matching published answer for a plain sentence", () => {
    expect(askQaLibrary("政务公开考核怎么算分")[0].question).toBe("政务公开工作怎么考核？");
    expect(askQaLibrary("第三方评估用哪些指标")[0].question).toBe("第三方评估看什么？");
    expect(askQaLibrary("企业关心的政策在哪里能查到")[0].question).toBe("企业最关心的惠企政策在哪里能查到？");
    expect(askQaLibrary("标准目录的完成时间")[0].question).toBe("标准目录什么时候完成？");
    expect(askQaLibrary("什么情况下会扣分")[0].question).toBe("哪些情况会被大比例扣分？");
  });

  it("uses synonyms when the question says it differently", () => {
    // 优惠 ~ 惠企 (list saved above); without the list nothing in the corpus says 优惠
    const top = askQaLibrary("优惠政策去哪里查询");
    expect(top[0].question).toBe("企业最关心的惠企政策在哪里能查到？");
    expect(top[0].citations.length).toBe(1);
  });

  it("offers nothing rather than a wrong answer", () => {
    expect(askQaLibrary("养老保险怎么办理")).toEqual([]);
    expect(askQaLibrary("什么？怎么办？")).toEqual([]);
    expect(askQaLibrary("")).toEqual([]);
  });

  it("forgets a withdrawn document's Q&A at once", () => {
    const publisher = userNamed(t, "publisher");
    const r = applyWorkflowAction(publisher, xihaian, { type: "withdraw", reason: "测试撤回" });
    expect(r.ok).toBe(true);
    expect(searchQaLibrary("", 1).total).toBe(0);
    expect(askQaLibrary("政务公开工作怎么考核")).toEqual([]);
  });
});
