import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documents, packages } from "~/db/schema";
import { requiredElements, saveRequiredElements } from "~/features/lifecycle/elements.server";
import { changeValidity } from "~/features/lifecycle/validity.server";
import { writePackageContent } from "~/features/package/content.server";
import { checkStoredPackage } from "~/features/checks/package-checks.server";
import { COMPLETE_SECTIONS, completeContent } from "../helpers/complete-package";
import { type TestDb, createSeededTestDb, userNamed } from "../helpers/db";
import { insertDocument } from "../helpers/lifecycle";

let t: TestDb;
let doc: number;
beforeAll(async () => {
  t = await createSeededTestDb();
  doc = insertDocument(t, "zfb", "2024-06-01", "关于调整城乡低保标准的通知", completeContent({ sections: { ...COMPLETE_SECTIONS, terms: undefined } }));
});
afterAll(() => t.cleanup());

const elementWarnings = () => (checkStoredPackage(t.db, doc)?.findings ?? []).filter((f) => f.rule === "elements.missing").map((f) => [f.field, f.message.slice(0, 12)]);

describe("the 要素 check in the app's 审校, per settings", () => {
  it("warns on the missing 关键词/术语 by default, at the field to write it in", () => {
    expect(requiredElements(t.db)).toEqual(["background", "goals", "scope", "standards", "terms", "comparison", "guide"]);
    expect(elementWarnings()).toEqual([["sections.terms", "解读缺少要素“关键词/术"]]);
  });

  it("asks for 新旧差异 once a document is registered as replaced by this one", () => {
    const old = insertDocument(t, "zfb", "2022-06-01", "关于调整城乡低保标准的通知（2022年）");
    const indexNo = t.db.select({ indexNo: documents.indexNo }).from(documents).where(eq(documents.id, doc)).get()?.indexNo ?? "";
    expect(changeValidity(userNamed(t, "drafter"), old, { validity: "repealed", replacedByIndexNo: indexNo }, t.db)).toEqual({ ok: true });
    expect(elementWarnings().map((w) => w[0])).toEqual(["sections.terms", "sections.comparison"]);
    const p = t.db.select({ id: packages.id }).from(packages).where(eq(packages.documentId, doc)).get();
    if (!p) throw new Error("no package");
    t.db.transaction((tx) => writePackageContent(tx, p.id, completeContent({ sections: { comparison: "<p>与2022年标准相比，城市低保每人每月提高25元。</p>" } })));
    expect(elementWarnings()).toEqual([]);
    t.db.transaction((tx) => writePackageContent(tx, p.id, completeContent({ sections: { ...COMPLETE_SECTIONS, terms: undefined } })));
  });

  it("follows the admin's list, and refuses an unknown element", () => {
    expect(saveRequiredElements(["background"], userNamed(t, "admin").id, t.db)).toEqual({ ok: true });
    expect(elementWarnings()).toEqual([]);
    expect(saveRequiredElements(["terms", "nonsense"], userNamed(t, "admin").id, t.db)).toEqual({ ok: false, reason: "要素清单中有无法识别的项目，请刷新页面后重新勾选。" });
    expect(requiredElements(t.db)).toEqual(["background"]);
    expect(saveRequiredElements(["terms"], userNamed(t, "admin").id, t.db)).toEqual({ ok: true });
    expect(elementWarnings().map((w) => w[0])).toEqual(["sections.terms"]);
  });
});
