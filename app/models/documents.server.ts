/**
 * Documents as the workbench sees them. Every read goes through `visibleTo(user)`, a query filter
 * that mirrors the `document.view` rule of app/domain/permissions.ts, so a list can never contain
 * a row the detail page would refuse.
 */
import { type SQL, and, desc, eq, inArray, or, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { departments, documents, packages, users } from "~/db/schema";
import { can } from "~/domain/permissions";
import { appendAudit } from "./audit.server";
import { type SessionUser, notFound } from "./auth.server";
import { type DocumentState } from "~/domain/vocabulary";

export function visibleTo(user: SessionUser): SQL | undefined {
  if (user.role === "admin" || user.role === "publisher") return undefined;
  const reviewDepartments = (user.gateAssignments ?? []).map((g) => g.departmentId);
  const own = eq(documents.departmentId, user.departmentId);
  if (user.role === "reviewer" && reviewDepartments.length > 0) {
    return or(own, inArray(documents.departmentId, reviewDepartments));
  }
  return own;
}

/**
 * What `visibleTo` shows this user, said honestly for the list's heading: a drafter or head sees
 * their own department, a reviewer also the departments whose gates they hold, a publisher or
 * admin every department.
 */
export function documentScope(user: SessionUser): { heading: string; departments: string[] } {
  if (user.role === "admin" || user.role === "publisher") return { heading: "全部单位的文件", departments: [] };
  const reviewed = [...new Set((user.gateAssignments ?? []).map((g) => g.departmentId))].filter((id) => id !== user.departmentId);
  if (user.role !== "reviewer" || reviewed.length === 0) return { heading: `本单位（${user.departmentName}）的文件`, departments: [user.departmentName] };
  const names = getDb().select({ id: departments.id, name: departments.name }).from(departments).where(inArray(departments.id, reviewed)).orderBy(departments.id).all();
  return { heading: "本单位和您负责审核的单位的文件", departments: [user.departmentName, ...names.map((d) => d.name)] };
}

export type DocumentListItem = {
  id: number;
  title: string;
  docNumber: string | null;
  status: DocumentState;
  writtenDate: string | null;
  updatedAt: string;
  departmentName: string;
  publishedAt: string | null;
};

export function listDocuments(user: SessionUser, filter: { status?: DocumentState[] } = {}): DocumentListItem[] {
  const conditions = [visibleTo(user)];
  if (filter.status?.length) conditions.push(inArray(documents.status, filter.status));
  return getDb()
    .select({
      id: documents.id,
      title: documents.title,
      docNumber: documents.docNumber,
      status: documents.status,
      writtenDate: documents.writtenDate,
      updatedAt: documents.updatedAt,
      publishedAt: documents.publishedAt,
      departmentName: departments.name,
    })
    .from(documents)
    .innerJoin(departments, eq(departments.id, documents.departmentId))
    .where(and(...conditions))
    .orderBy(desc(documents.updatedAt), desc(documents.id))
    .all();
}

/**
 * The department's active heads (第一解读人): who can sign its packages. None means a document
 * would pass four gates and then wait for a signature nobody can give — pages say so early.
 */
export function activeHeadsOf(departmentId: number): { id: number; name: string }[] {
  return getDb()
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(and(eq(users.departmentId, departmentId), eq(users.role, "head"), eq(users.active, true)))
    .orderBy(users.id)
    .all();
}

/** Parses an id from a URL segment; anything that is not a positive integer is a 404. */
export function parseId(raw: string | undefined): number {
  if (!raw || !/^\d{1,12}$/.test(raw)) throw notFound();
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw notFound();
  return id;
}

/** The document with its department and package, or 404 when it does not exist or is not visible. */
export function getDocumentForUser(user: SessionUser, id: number) {
  const row = getDb()
    .select({ document: documents, departmentName: departments.name, packageId: packages.id, packageVersion: packages.version })
    .from(documents)
    .innerJoin(departments, eq(departments.id, documents.departmentId))
    .leftJoin(packages, eq(packages.documentId, documents.id))
    .where(eq(documents.id, id))
    .get();
  if (!row || !can(user, "document.view", { departmentId: row.document.departmentId }).ok) throw notFound();
  return row;
}

export type DocumentMetaInput = {
  title: string;
  docNumber?: string | null;
  issuer?: string | null;
  writtenDate?: string | null;
  releaseDate?: string | null;
  topic?: string | null;
};

export function updateDocumentMeta(documentId: number, input: DocumentMetaInput, actorId: number): void {
  const db = getDb();
  db.transaction((tx) => {
    tx.update(documents)
      .set({ ...input, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
      .where(eq(documents.id, documentId))
      .run();
    appendAudit(tx, { actorId, action: "document.meta_updated", documentId, details: { fields: Object.keys(input) } });
  });
}
