/**
 * Every read the public site makes (/zhengce, /jiedu). Public routes call nothing else.
 *
 * Access is a query filter, not a check after the fact: `publishedOnly()` is part of the WHERE
 * clause of every query here, so a draft, a withdrawn document or a never-published row cannot
 * reach a public page by construction. What is shown is frozen at publish, never the live rows:
 * the document's fields come from `documents.published_document` (read through `pub()` and the
 * derived `public_*` columns), the interpretation from `packages.published_snapshot` — a
 * correction in progress stays invisible until it is published.
 *
 * Map:
 *   publishedOnly()            the visibility rule (published_at + snapshot set, status published/correcting)
 *   searchPublicDocuments()    list + search + facets + paging  (/zhengce)
 *   getPublicDocument()        document page model               (/zhengce/<id>)
 *   listPublicInterpretations() 政策解读 column                   (/jiedu)
 *   getPublicInterpretation()  interpretation page model         (/jiedu/<id>)
 *   publicExportZip() / publicExportImages()  the finished image pack of a published package
 *
 * Search: FTS5 trigram table `public_search` (drizzle/0001_public_search.sql), kept in sync with
 * the published snapshots by triggers on `documents` (drizzle/0004_…) — nobody has to call a
 * reindex function. Words of ≥3 characters are
 * trigram phrases; a 2-character word is expanded through the trigram vocabulary into "every
 * trigram that starts with it" (each column ends with a newline, so a word at the very end of a
 */
import { type SQL, and, isNotNull, sql } from "drizzle-orm";
import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { getDb } from "~/db/client.server";
import { documents, packages } from "~/db/schema";
import { PUBLIC_STATES } from "~/domain/vocabulary";
import { sqlCodeList } from "~/db/literals";

const PUBLIC_STATES_SQL = sql.raw(sqlCodeList(PUBLIC_STATES));

/**
 * The public visibility rule as a query filter. Use it in every public query. A row without its
 * published snapshot has nothing public to show, so it is not public either.
 */
export function publishedOnly(): SQL {
  // Literal states, not bound parameters: SQLite uses a partial index only when it can prove the
  // query's WHERE implies the index's, which it cannot do through `IN (?, ?)`.
  // withdrawn_at: a withdrawn document whose correction has begun is 'correcting' but not public
  // (the workflow's isPublic) until the correction is published (which clears withdrawn_at).
  return sql`(${documents.publishedAt} IS NOT NULL AND ${documents.status} IN (${PUBLIC_STATES_SQL}) AND ${documents.publishedDocument} IS NOT NULL AND ${documents.withdrawnAt} IS NULL)`;
}

/** A scalar field of the published document snapshot (never the live column). */
type SnapshotField = "title" | "docNumber" | "issuer" | "writtenDate" | "releaseDate" | "indexNo" | "publicity" | "normalizedText";
export function pub(field: SnapshotField): SQL<string | null> {
  return sql<string | null>`json_extract(${documents.publishedDocument}, ${`$.${field}`})`;
}
export const pubTitle = sql<string>`coalesce(json_extract(${documents.publishedDocument}, '$.title'), '')`;

/** The trigram vocabulary of the FTS5 table `public_search` (drizzle/0001_public_search.sql; not in schema.ts on purpose). */
export const publicSearchVocab = sqliteTable("public_search_vocab", { term: text("term").notNull() });

/** Parses a public URL id; anything but a positive integer is "not found" (null). */
export function parsePublicId(raw: string | undefined): number | null {
  if (!raw || !/^\d{1,12}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

// ---------------------------------------------------------------------------------------------
// A cheap database version, for in-process caches of derived public data. PRAGMA data_version
// changes when another connection commits; total_changes() counts this connection's writes.
// ---------------------------------------------------------------------------------------------
const versionStatements = new WeakMap<object, { get: () => unknown }>();
export function publicDataVersion(): string {
  const client = getDb().$client;
  let stmt = versionStatements.get(client);
  if (!stmt) {
    const prepared = client.prepare("select (select data_version from pragma_data_version) || '.' || total_changes()").pluck();
    stmt = { get: () => prepared.get() };
    versionStatements.set(client, stmt);
  }
  return String(stmt.get());
}

/**
 * The version of what the public library shows (table public_version, bumped by triggers when a
 * document becomes, stays or stops being public, its published fields change, or its package's
 * published snapshot does — drizzle/0011_public_version.sql). Unlike publicDataVersion it does
 * not move with unrelated writes (sessions, audit rows, export progress), so list and search
 * pages stay cached while the workbench is busy.
 */
const listVersionStatements = new WeakMap<object, { get: () => unknown }>();
export function publicListVersion(): string {
  const client = getDb().$client;
  let stmt = listVersionStatements.get(client);
  if (!stmt) {
    const prepared = client.prepare("select n from public_version where id = 1").pluck();
    stmt = { get: () => prepared.get() };
    listVersionStatements.set(client, stmt);
  }
  return String(stmt.get() ?? "0");
}

export class VersionedCache<V> {
  private entries = new Map<string, { version: string; value: V }>();
  constructor(private readonly max: number) {}
  get(key: string, version: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && hit.version === version ? hit.value : undefined;
  }
  set(key: string, version: string, value: V): void {
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { version, value });
  }
}

/** The visibility rule of a published interpretation (document public and package snapshot set). */
export const interpretationPublic = () => and(publishedOnly(), isNotNull(packages.publishedSnapshot), isNotNull(packages.publishedAt));

export function safeParseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}
