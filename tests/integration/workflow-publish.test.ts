import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, documents, exportJobs, packages } from "~/db/schema";
import { emptyPackageContent } from "~/domain/package/content";
import { writePackageContent } from "~/features/package/content.server";
import { XIHAIAN_INDEX_NO } from "~/seed/seed-workflow.server";
import { acknowledgeFinding } from "~/features/workflow/reviews.server";
import { applyWorkflowAction, publishDocument } from "~/features/workflow/moves.server";
import { checkStoredPackage } from "~/features/checks/package-checks.server";
import { completeContent } from "../helpers/complete-package";
import { createSeededTestDb, type TestDb, userNamed } from "../helpers/db";
import { GATES } from "~/domain/vocabulary";

let t: TestDb;
beforeAll(async () => {
  t = await createSeededTestDb();
});
afterAll(() => t.cleanup());

const user = (name: string) => userNamed(t, name);
const docByIndex = (indexNo: string) => {
  const d = t.db.select().from(documents).where(eq(documents.indexNo, indexNo)).get();
  if (!d) throw new Error(indexNo);
  return d;
};
const pkgOf = (documentId: number) => {
  const p = t.db.select().from(packages).where(eq(packages.documentId, documentId)).get();
  if (!p) throw new Error("no package");
  return p;
};
const auditActions = (documentId: number) =>
  t.db.select({ action: auditLog.action, from: auditLog.fromState, to: auditLog.toState }).from(auditLog).where(eq(auditLog.documentId, documentId)).orderBy(auditLog.id).all();

function passAllGates(documentId: number) {
  for (const gate of GATES) {
    const r = applyWorkflowAction(user("reviewer"), documentId, { type: "verdict", gate, verdict: "pass", opinion: "同意" });
    expect(r.ok, r.ok ? "" : r.reason).toBe(true);
  }
}

describe("the seeded demo", () => {
  it("西海岸 is published with the same instant on document and package, a frozen snapshot and a full audit trail", () => {
    const d = docByIndex(XIHAIAN_INDEX_NO);
    const p = pkgOf(d.id);
    expect(d.status).toBe("published");
    expect(d.publishedAt).not.toBeNull();
    expect(p.publishedAt).toBe(d.publishedAt);
    const snapshot = p.publishedSnapshot;
    expect(snapshot && typeof snapshot === "object" && "qa" in snapshot && Array.isArray(snapshot.qa) ? snapshot.qa.length : 0).toBeGreaterThanOrEqual(6);
    expect(auditActions(d.id).map((a) => a.action)).toEqual([
      "package.saved",
      "workflow.submit",
      "workflow.startReview",
      "workflow.verdict",
      "workflow.verdict",
      "workflow.verdict",
      "workflow.verdict",
      "workflow.sign",
      "workflow.publish",
    ]);
    expect(t.db.select().from(exportJobs).where(eq(exportJobs.packageId, p.id)).all().map((j) => j.status)).toEqual(["queued"]);
  });

  it("博山 stays a draft", () => {
    expect(docByIndex("zfb/2020-00045").status).toBe("drafting");
  });
});

describe("the 博山 document through the workflow", () => {
  let id: number;
  beforeAll(() => {
    id = docByIndex("zfb/2020-00045").id;
  });

  it("审校 errors block submission: the document is untouched, only the caught errors are recorded", () => {
    const p = pkgOf(id);
    t.db.transaction((tx) => writePackageContent(tx, p.id, { ...emptyPackageContent(), sections: { background: "<p>联系人电话13812341234。</p>" } }));
    const before = auditActions(id);
    const r = applyWorkflowAction(user("drafter"), id, { type: "submit" });
    expect(r).toEqual({ ok: false, reason: "审校发现 1 处错误，请先按提示修改解读材料，再提交审核。" });
    expect(docByIndex("zfb/2020-00045").status).toBe("drafting");
    expect(pkgOf(id).round).toBe(p.round);
    const after = auditActions(id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((a) => a.action)).toEqual(["checks.blocked"]);
    const row = t.db.$client
      .prepare("select details, to_state from audit_log where document_id = ? order by id desc limit 1")
      .get(id) as { details: string; to_state: string | null };
    expect(JSON.parse(row.details).rules).toEqual({ "personal.mobile": 1 });
    expect(row.to_state).toBeNull();
  });

  it("a warning must be acknowledged by a reviewer before a pass", () => {
    const p = pkgOf(id);
    const copied = docByIndex("zfb/2020-00045").normalizedText || docByIndex("zfb/2020-00045").originalText;
    const start = copied.indexOf("全面梳理各行政机关机构职能目录");
    // long enough to be most of the interpretation even in a complete package (F9)
    const answer = copied.slice(start, start + 400).replace(/\s+/g, "");
    t.db.transaction((tx) => writePackageContent(tx, p.id, completeContent({ qa: [{ question: "主要做什么？", answer, clauseRefs: [] }] })));
    expect(applyWorkflowAction(user("drafter"), id, { type: "submit" }).ok).toBe(true);
    const check = checkStoredPackage(t.db, id);
    const warning = check?.findings.find((f) => f.rule === "overlap.excerpt");
    expect(warning).toBeDefined();
    const refused = applyWorkflowAction(user("reviewer"), id, { type: "verdict", gate: "political", verdict: "pass", opinion: "" });
    expect(refused.ok).toBe(false);
    // the refused verdict left no trace, not even the implicit 开始审核
    expect(docByIndex("zfb/2020-00045").status).toBe("submitted");
    expect(auditActions(id).map((a) => a.action)).not.toContain("workflow.startReview");
    expect(acknowledgeFinding(user("drafter"), id, warning?.key ?? "", null).ok).toBe(false);
    expect(acknowledgeFinding(user("reviewer"), id, warning?.key ?? "", "已核对，属于必要引用").ok).toBe(true);
    const rest = checkStoredPackage(t.db, id)?.findings.filter((f) => f.severity === "warning" && !f.acknowledged) ?? [];
    expect(rest.map((f) => f.rule)).toEqual(["overlap.overall"]);
    for (const f of rest) expect(acknowledgeFinding(user("reviewer"), id, f.key, null).ok).toBe(true);
    expect(checkStoredPackage(t.db, id)?.counts.unacknowledgedWarnings).toBe(0);
    const error = checkStoredPackage(t.db, id)?.findings.find((f) => f.severity === "error");
    expect(error).toBeUndefined();
  });

  it("hard gate: the publisher cannot publish before the head signs", () => {
    const r = publishDocument(user("publisher"), id);
    expect(r.ok).toBe(false);
    expect(docByIndex("zfb/2020-00045").publishedAt).toBeNull();
    passAllGates(id);
    expect(docByIndex("zfb/2020-00045").status).toBe("awaiting_signoff");
    expect(publishDocument(user("publisher"), id).ok).toBe(false);
    expect(applyWorkflowAction(user("head"), id, { type: "sign", opinion: "同意" }).ok).toBe(true);
  });

  it("publishing is atomic: a failure between the two writes leaves both unpublished", () => {
    const auditBefore = auditActions(id).length;
    expect(() =>
      publishDocument(user("publisher"), id, {
        hooks: {
          betweenPublishWrites: () => {
            // the document row is written at this point inside the transaction …
            const inside = t.db.select({ at: documents.publishedAt }).from(documents).where(eq(documents.id, id)).get();
            expect(inside?.at).not.toBeNull();
            throw new Error("disk full");
          },
        },
      }),
    ).toThrow("disk full");
    const d = docByIndex("zfb/2020-00045");
    const p = pkgOf(id);
    expect(d.publishedAt).toBeNull();
    expect(p.publishedAt).toBeNull();
    expect(p.publishedSnapshot).toBeNull();
    expect(d.status).toBe("signed");
    expect(auditActions(id).length).toBe(auditBefore);

    const r = publishDocument(user("publisher"), id);
    expect(r).toEqual({ ok: true, status: "published" });
    const d2 = docByIndex("zfb/2020-00045");
    expect(d2.publishedAt).not.toBeNull();
    expect(pkgOf(id).publishedAt).toBe(d2.publishedAt);
  });

  it("a correction keeps the published snapshot public until the correction is published", () => {
    const published = pkgOf(id);
    const publishedAt = docByIndex("zfb/2020-00045").publishedAt;
    expect(applyWorkflowAction(user("drafter"), id, { type: "correct", reason: "补充问答" }).ok).toBe(true);
    const content = completeContent({ qa: [{ question: "什么时候完成标准目录？", answer: "2020年年底前完成。", clauseRefs: [] }] });
    t.db.transaction((tx) => writePackageContent(tx, published.id, content));
    expect(applyWorkflowAction(user("drafter"), id, { type: "submit" }).ok).toBe(true);
    expect(pkgOf(id).publishedSnapshot).toEqual(published.publishedSnapshot);
    expect(docByIndex("zfb/2020-00045").publishedAt).toBe(publishedAt);
    expect(pkgOf(id).round).toBe(published.round + 1);
    passAllGates(id);
    expect(applyWorkflowAction(user("head"), id, { type: "sign" }).ok).toBe(true);
    expect(publishDocument(user("publisher"), id).ok).toBe(true);
    const after = pkgOf(id).publishedSnapshot;
    expect(after && typeof after === "object" && "qa" in after ? after.qa : null).toEqual(content.qa.map((q) => expect.objectContaining({ question: q.question })));
    expect(content.qa[0].question).toBe("什么时候完成标准目录？");
  });

  it("withdraw needs the publisher and a reason, and is audited", () => {
    expect(applyWorkflowAction(user("drafter"), id, { type: "withdraw", reason: "错误" }).ok).toBe(false);
    expect(applyWorkflowAction(user("publisher"), id, { type: "withdraw", reason: "" }).ok).toBe(false);
    expect(applyWorkflowAction(user("publisher"), id, { type: "withdraw", reason: "政策已调整" }).ok).toBe(true);
    const last = t.db.select().from(auditLog).where(eq(auditLog.documentId, id)).orderBy(auditLog.id).all().at(-1);
    expect(last).toMatchObject({ action: "workflow.withdraw", fromState: "published", toState: "withdrawn", reason: "政策已调整" });
    expect(docByIndex("zfb/2020-00045").withdrawnAt).not.toBeNull();
  });
});
