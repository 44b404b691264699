/**
 * The interpretation package as the editor sees it: load (with the document's outline for the
 * clause picker and the analyzer's suggestions), save with optimistic concurrency, history and
 * restore. Every successful save writes the content, bumps `packages.version` and appends a
 * revision (who, when, what changed) in one transaction, so a save is all-or-nothing and a
 * stale version can never overwrite a newer one.
 *
 * Map: guard (requirePackageEditor) → validate (forms/package-editor) → sanitise (domain) →
 *      transaction { compare-and-swap version → write content → revision row }.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { documents, packages, revisions, users } from "~/db/schema";
import type { Analysis } from "~/domain/analysis/types";
import { clauseOptions } from "~/domain/package/clauses";
import { EDITABLE_STATES } from "~/domain/forms/document-meta";
import type { PackageContent } from "~/domain/package/content";
import { type Change, diffPackageContent, summarizeChanges } from "~/domain/package/diff";
import { packageContentSchema, sanitizePackageContent } from "~/domain/package/schema";
import { mergeSuggestions } from "~/domain/package/suggestions";
import { can } from "~/domain/permissions";
import { appendAudit } from "~/models/audit.server";
import { type SessionUser, notFound } from "~/models/auth.server";
import { activeHeadsOf, getDocumentForUser } from "~/models/documents.server";
import { documentAnalysis, recordErrorsAfterSave } from "~/features/checks/index.server";
import { overlapWarnShare, qaMinCount } from "~/models/settings.server";
import { loadPackageContent, writePackageContent } from "./content.server";
import { invariantResponse } from "~/models/invariant.server";

const NOW = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

// ---------------------------------------------------------------------------------------------
// Access

export type EditAccess = { canEdit: true; reason: null } | { canEdit: false; reason: string };

/** Drafters of the owning department (and admins), while the document is a draft. */
export function packageEditAccess(user: SessionUser, doc: { departmentId: number; status: string }): EditAccess {
  const decision = can(user, "package.edit", { departmentId: doc.departmentId });
  if (!decision.ok) return { canEdit: false, reason: decision.reason };
  if (!(EDITABLE_STATES as readonly string[]).includes(doc.status))
    return { canEdit: false, reason: "文件已提交审核、审签或发布，解读材料只读；如需修改，请等待退回或发起更正。" };
  return { canEdit: true, reason: null };
}

/**
 * The guard for every write: 404 when the user may not see the document (another department's
 * draft), 403 with the reason when they may see but not edit, and the package must be the
 * document's own — a form posted with another package's id is refused.
 */
export function requirePackageEditor(user: SessionUser, documentId: number, postedPackageId?: number) {
  const row = getDocumentForUser(user, documentId);
  if (row.packageId === null) throw notFound("这个文件还没有解读材料。");
  const access = packageEditAccess(user, row.document);
  invariantResponse(access.canEdit, access.reason, { status: 403 });
  if (postedPackageId !== undefined && postedPackageId !== row.packageId)
    throw new Response("提交的解读材料与当前文件不符，请刷新页面后重试。", { status: 400 });
  return { document: row.document, packageId: row.packageId };
}

// ---------------------------------------------------------------------------------------------
// Settings and analysis

/** settings "qa.minCount" and "overlap.warnShare" (read in settings.server.ts) */
export { overlapWarnShare, qaMinCount };

/** The stored analysis or a fresh one (one owner: package-checks.server.ts, shared with 审校). */
export { documentAnalysis };

// ---------------------------------------------------------------------------------------------
// Loading

export function loadPackageForEditor(user: SessionUser, documentId: number) {
  const db = getDb();
  const row = getDocumentForUser(user, documentId);
  if (row.packageId === null) throw notFound("这个文件还没有解读材料。");
  const pkg = db
    .select({ version: packages.version, updatedAt: packages.updatedAt, updatedByName: users.displayName })
    .from(packages)
    .leftJoin(users, eq(users.id, packages.updatedById))
    .where(eq(packages.id, row.packageId))
    .get();
  const content = loadPackageContent(db, row.packageId);
  if (!pkg || !content) throw notFound();
  const d = row.document;
  const analysis = documentAnalysis(d);
  const heads = activeHeadsOf(d.departmentId);
  return {
    document: {
      id: d.id,
      title: d.title,
      docNumber: d.docNumber,
      issuer: d.issuer,
      writtenDate: d.writtenDate,
      status: d.status,
      releaseDate: d.releaseDate,
      departmentName: row.departmentName,
    },
    packageId: row.packageId,
    version: pkg.version,
    updatedAt: pkg.updatedAt,
    updatedByName: pkg.updatedByName,
    content,
    access: packageEditAccess(user, d),
    documentText: analysis.text ?? (d.normalizedText || d.originalText),
    clauses: clauseOptions(analysis),
    suggestionCounts: { qa: analysis.suggestions.qa.length, charts: analysis.suggestions.charts.length },
    qaMinCount: qaMinCount(db),
    warnShare: overlapWarnShare(db),
    heads,
  };
}

// ---------------------------------------------------------------------------------------------
// Saving

export type SaveResult =
  | { ok: true; version: number; revisionId: number | null; summary: string; changes: Change[]; content: PackageContent }
  | { ok: false; reason: "conflict"; currentVersion: number; updatedByName: string | null; updatedAt: string };

export type SaveInput = {
  packageId: number;
  /** the version the editor loaded; the save is refused when the package moved on */
  expectedVersion: number;
  content: PackageContent;
  actorId: number;
  /** prefix of the revision summary, e.g. "恢复到第 3 版" */
  note?: string;
};

function conflictOf(db: Pick<Db, "select">, packageId: number): SaveResult {
  const current = db
    .select({ version: packages.version, updatedAt: packages.updatedAt, updatedByName: users.displayName })
    .from(packages)
    .leftJoin(users, eq(users.id, packages.updatedById))
    .where(eq(packages.id, packageId))
    .get();
  if (!current) throw notFound();
  return { ok: false, reason: "conflict", currentVersion: current.version, updatedByName: current.updatedByName, updatedAt: current.updatedAt };
}

/**
 * Saves the package. Unchanged content is not a new revision (autosave fires often); a stale
 * `expectedVersion` returns a conflict and writes nothing.
 */
export function savePackage(input: SaveInput, db: Db = getDb()): SaveResult {
  const result = writeSavedPackage(input, db);
  // 审校 errors in what was just saved are caught before release: the 考核 dashboard counts them
  // even when the next save fixes them (package-checks.server.ts)
  if (result.ok && result.revisionId !== null) recordErrorsAfterSave(db, input.packageId, input.actorId);
  return result;
}

function writeSavedPackage(input: SaveInput, db: Db): SaveResult {
  const content = sanitizePackageContent(input.content);
  return db.transaction((tx): SaveResult => {
    const before = loadPackageContent(tx, input.packageId);
    if (!before) throw notFound();
    const current = tx.select({ version: packages.version }).from(packages).where(eq(packages.id, input.packageId)).get();
    if (!current || current.version !== input.expectedVersion) return conflictOf(tx, input.packageId);
    const changes = diffPackageContent(before, content);
    if (changes.length === 0 && !input.note) return { ok: true, version: current.version, revisionId: null, summary: "无改动", changes, content };
    const bumped = tx
      .update(packages)
      .set({ version: sql`${packages.version} + 1`, updatedById: input.actorId, updatedAt: NOW })
      .where(and(eq(packages.id, input.packageId), eq(packages.version, input.expectedVersion)))
      .run();
    if (bumped.changes !== 1) return conflictOf(tx, input.packageId);
    writePackageContent(tx, input.packageId, content);
    const version = input.expectedVersion + 1;
    const summary = input.note ? `${input.note}${changes.length ? `：${summarizeChanges(changes)}` : ""}` : summarizeChanges(changes);
    const revision = tx
      .insert(revisions)
      .values({ packageId: input.packageId, version, snapshot: content, summary: summary.slice(0, 500), authorId: input.actorId })
      .returning({ id: revisions.id })
      .get();
    const doc = tx.select({ id: packages.documentId }).from(packages).where(eq(packages.id, input.packageId)).get();
    tx.update(documents).set({ updatedAt: NOW }).where(eq(documents.id, doc?.id ?? 0)).run();
    return { ok: true, version, revisionId: revision.id, summary, changes, content: loadPackageContent(tx, input.packageId) ?? content };
  });
}

export type ApplySuggestionsResult = { result: SaveResult; applied: string[]; conflicts: string[] };

/** "从文件生成初稿": merges the analyzer's suggestions into `content` (or the stored content) and saves. */
export function applySuggestions(
  input: { packageId: number; expectedVersion: number; actorId: number; overwrite: boolean; content?: PackageContent; analysis: Analysis; plannedRelease: string | null },
  db: Db = getDb(),
): ApplySuggestionsResult {
  const base = input.content ?? loadPackageContent(db, input.packageId);
  if (!base) throw notFound();
  const merged = mergeSuggestions(base, input.analysis, { overwrite: input.overwrite, plannedRelease: input.plannedRelease });
  const result = savePackage(
    { packageId: input.packageId, expectedVersion: input.expectedVersion, content: merged.content, actorId: input.actorId, note: "从文件生成初稿" },
    db,
  );
  if (result.ok) {
    appendAudit(db, { actorId: input.actorId, action: "package.suggestions_applied", packageId: input.packageId, details: { applied: merged.applied, overwrite: input.overwrite } });
  }
  return { result, applied: merged.applied, conflicts: merged.conflicts };
}

// ---------------------------------------------------------------------------------------------
// History

export type RevisionListItem = { id: number; version: number; summary: string; authorName: string | null; createdAt: string };

export function listRevisions(packageId: number, db: Db = getDb()): RevisionListItem[] {
  return db
    .select({ id: revisions.id, version: revisions.version, summary: revisions.summary, authorName: users.displayName, createdAt: revisions.createdAt })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.authorId))
    .where(eq(revisions.packageId, packageId))
    .orderBy(desc(revisions.version))
    .limit(200)
    .all();
}

/** A revision's content, validated (a snapshot that no longer parses is reported, not restored). */
export function revisionContent(packageId: number, revisionId: number, db: Db = getDb()): { version: number; content: PackageContent } | null {
  const row = db
    .select({ version: revisions.version, snapshot: revisions.snapshot })
    .from(revisions)
    .where(and(eq(revisions.id, revisionId), eq(revisions.packageId, packageId)))
    .get();
  if (!row) return null;
  const parsed = packageContentSchema.safeParse(row.snapshot);
  if (!parsed.success) return null;
  return { version: row.version, content: sanitizePackageContent(parsed.data) };
}

/** The revision before `revisionId` (for the diff), or the empty package for the first one. */
export function previousRevisionContent(packageId: number, version: number, db: Db = getDb()): PackageContent | null {
  const row = db
    .select({ id: revisions.id })
    .from(revisions)
    .where(and(eq(revisions.packageId, packageId), sql`${revisions.version} < ${version}`))
    .orderBy(desc(revisions.version))
    .limit(1)
    .get();
  return row ? (revisionContent(packageId, row.id, db)?.content ?? null) : null;
}

/** Restoring is a new revision with the old content — history is never rewritten. */
export function restoreRevision(input: { packageId: number; revisionId: number; expectedVersion: number; actorId: number }, db: Db = getDb()): SaveResult {
  const revision = revisionContent(input.packageId, input.revisionId, db);
  if (!revision) throw notFound("没有找到这个历史版本，它可能属于其他解读材料。");
  const result = savePackage(
    { packageId: input.packageId, expectedVersion: input.expectedVersion, content: revision.content, actorId: input.actorId, note: `恢复到第 ${revision.version} 版` },
    db,
  );
  if (result.ok) appendAudit(db, { actorId: input.actorId, action: "package.revision_restored", packageId: input.packageId, details: { revision: revision.version } });
  return result;
}
