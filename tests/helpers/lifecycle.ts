/**
 * Documents for the lifecycle tests (待办, follow-ups, validity), inserted into a seeded test
 * database with a complete package so the real workflow can move them.
 */
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { departments, documents, packages } from "~/db/schema";
import { GATES } from "~/domain/vocabulary";
import type { PackageContent } from "~/domain/package/content";
import { writePackageContent } from "~/features/package/content.server";
import { checkStoredPackage } from "~/features/checks/package-checks.server";
import { applyWorkflowAction } from "~/features/workflow/moves.server";
import { acknowledgeFinding } from "~/features/workflow/reviews.server";
import { completeContent } from "./complete-package";
import { type TestDb, userNamed } from "./db";

let serial = 900;

/** A document of the department `code` (zfb, fgj) written on `writtenDate`, with a complete package. */
export function insertDocument(t: TestDb, code: string, writtenDate: string, title: string, content: PackageContent = completeContent()): number {
  const dept = t.db.select({ id: departments.id }).from(departments).where(eq(departments.code, code)).get();
  if (!dept) throw new Error(`no department ${code}`);
  serial++;
  const doc = t.db
    .insert(documents)
    .values({
      title,
      docNumber: `示范政发〔2020〕${serial}号`,
      docAgency: "示范政发",
      docYear: 2020,
      docSerial: serial,
      issuer: "示范区人民政府",
      departmentId: dept.id,
      writtenDate,
      indexNo: `${code}/2020-${String(serial).padStart(5, "0")}`,
      originalText: `${title}\n各部门：现将有关事项通知如下。`,
      normalizedText: `${title}\n各部门：现将有关事项通知如下。`,
    })
    .returning({ id: documents.id })
    .get();
  const pkg = t.db.insert(packages).values({ documentId: doc.id }).returning({ id: packages.id }).get();
  t.db.transaction((tx) => writePackageContent(tx, pkg.id, content));
  return doc.id;
}

const ok = (r: { ok: true } | { ok: false; reason: string }) => expect(r.ok, r.ok ? "" : r.reason).toBe(true);

export function submit(t: TestDb, documentId: number, drafter: string): void {
  ok(applyWorkflowAction(userNamed(t, drafter), documentId, { type: "submit" }, { db: t.db }));
}

/** The reviewer confirms every 审校 warning (as in tests/e2e/officer-path.test.ts), then decides. */
export function passAllGates(t: TestDb, documentId: number): void {
  for (const f of checkStoredPackage(t.db, documentId)?.findings ?? []) {
    if (f.severity === "warning" && !f.acknowledged) ok(acknowledgeFinding(userNamed(t, "reviewer"), documentId, f.key, "已核对", t.db));
  }
  for (const gate of GATES) ok(applyWorkflowAction(userNamed(t, "reviewer"), documentId, { type: "verdict", gate, verdict: "pass", opinion: "同意" }, { db: t.db }));
}

export function sign(t: TestDb, documentId: number, head: string): void {
  ok(applyWorkflowAction(userNamed(t, head), documentId, { type: "sign", opinion: "同意发布" }, { db: t.db }));
}

export function publish(t: TestDb, documentId: number): void {
  ok(applyWorkflowAction(userNamed(t, "publisher"), documentId, { type: "publish" }, { db: t.db }));
}

/** submit → four gates → sign → publish */
export function throughPublish(t: TestDb, documentId: number, drafter: string, head: string): void {
  submit(t, documentId, drafter);
  passAllGates(t, documentId);
  sign(t, documentId, head);
  publish(t, documentId);
}
