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
 * column is covered too); 1-character queries search titles only (LIKE).
 */
import { VALIDITY_LABELS } from "~/domain/labels";
import { isAbsolute, relative, resolve } from "node:path";
import { type SQL, and, asc, count, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { sqliteTable, text } from "drizzle-orm/sqlite-core";
import { getConfig } from "~/config.server";
import { getDb } from "~/db/client.server";
import { documents, exportFiles, exportJobs, packages } from "~/db/schema";
import type { DocumentPart, OutlineNode } from "~/domain/analysis/types";
import { chartFingerprint, graphicFingerprint, parseChartFileName, parseGraphicFileName } from "~/domain/package-data";
import { draftCharts } from "~/domain/package/package-data-draft";
import { type InterpretationForm, type PackageContent, formsPresent } from "~/domain/package/content";
import { PAGE_SIZE, type PublicListQuery, type ValidityValue, ftsPhrase, isValidity, likeContains, snippetAround } from "~/domain/public/search-query";
import { readPublishedDocument } from "~/domain/public/document-snapshot";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { type PublicVideo, publicVideoFileType, publicVideoOfJob } from "~/features/video/public-video.server";
import { typesetDocument } from "~/domain/public/typeset";
import { toWechatHtml } from "~/domain/wechat-html";
import { z } from "zod";
import { beijingToday } from "~/domain/lifecycle/deadlines";
import { followUpStamp } from "~/features/lifecycle/follow-ups.server";
import { validityStamp } from "~/features/lifecycle/validity.server";

export const PUBLIC_STATES = ["published", "correcting"] as const;
const PUBLIC_STATES_SQL = sql.raw(PUBLIC_STATES.map((s) => `'${s}'`).join(", "));

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
function pub(field: SnapshotField): SQL<string | null> {
  return sql<string | null>`json_extract(${documents.publishedDocument}, ${`$.${field}`})`;
}
const pubTitle = sql<string>`coalesce(json_extract(${documents.publishedDocument}, '$.title'), '')`;

/** The trigram vocabulary of the FTS5 table `public_search` (drizzle/0001_public_search.sql; not in schema.ts on purpose). */
const publicSearchVocab = sqliteTable("public_search_vocab", { term: text("term").notNull() });

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

class VersionedCache<V> {
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

// ---------------------------------------------------------------------------------------------
// List and search
// ---------------------------------------------------------------------------------------------
export type FacetValue = { value: string; label: string; count: number };
export type PublicFacets = { issuer: FacetValue[]; year: FacetValue[]; topic: FacetValue[]; validity: FacetValue[] };

export type PublicListItem = {
  id: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  indexNo: string | null;
  writtenDate: string | null;
  publishedDate: string | null;
  validity: ValidityValue;
  topic: string | null;
  snippet: string | null;
  hasInterpretation: boolean;
};

export type PublicListResult = {
  items: PublicListItem[];
  total: number;
  page: number;
  pageCount: number;
  facets: PublicFacets;
  /** how the words were searched, shown under the search box */
  mode: "all" | "fulltext" | "title";
  /** a 2-character word matched too many distinct trigrams and was cut (results may be incomplete) */
  truncated: boolean;
  /** more than MATCH_CAP matches: counts and ranking cover the newest MATCH_CAP */
  capped: boolean;
};

const VALIDITY_TEXT: Record<ValidityValue, string> = VALIDITY_LABELS;
const MAX_EXPANSION = 400;

const yearExpr = documents.publicYear;

/** The FTS5 MATCH expression for the query's words, or null when there is nothing to match. */
function ftsExpression(terms: string[]): { match: string | null; truncated: boolean; impossible: boolean } {
  const db = getDb();
  const parts: string[] = [];
  let truncated = false;
  for (const word of terms) {
    const chars = Array.from(word);
    if (chars.length >= 3) parts.push(ftsPhrase(word));
    else if (chars.length === 2) {
      const expansions = db
        .select({ term: publicSearchVocab.term })
        .from(publicSearchVocab)
        .where(and(sql`${publicSearchVocab.term} >= ${word}`, sql`${publicSearchVocab.term} < ${`${word}\u{10ffff}`}`))
        .limit(MAX_EXPANSION + 1)
        .all()
        .map((r) => r.term);
      if (expansions.length > MAX_EXPANSION) {
        truncated = true;
        expansions.length = MAX_EXPANSION;
      }
      if (!expansions.length) return { match: null, truncated, impossible: true };
      parts.push(`(${expansions.map(ftsPhrase).join(" OR ")})`);
    }
  }
  return { match: parts.length ? parts.join(" AND ") : null, truncated, impossible: false };
}

function facetFilters(q: PublicListQuery): SQL[] {
  const f: SQL[] = [];
  if (q.issuer) f.push(eq(documents.publicIssuer, q.issuer));
  if (q.topic) f.push(eq(documents.publicTopic, q.topic));
  if (q.validity) f.push(eq(documents.publicValidity, q.validity));
  if (q.year) f.push(eq(documents.publicYear, String(q.year)));
  return f;
}

type FacetRow = { issuer: string | null; topic: string | null; validity: ValidityValue | null; year: string | null; n: number };

function foldFacets(rows: FacetRow[]): { facets: PublicFacets; total: number } {
  const tally = (key: "issuer" | "topic" | "validity" | "year") => {
    const m = new Map<string, number>();
    for (const r of rows) {
      const v = r[key];
      if (v) m.set(v, (m.get(v) ?? 0) + r.n);
    }
    return [...m.entries()];
  };
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || a.value.localeCompare(b.value, "zh-CN");
  return {
    total: rows.reduce((s, r) => s + r.n, 0),
    facets: {
      issuer: tally("issuer").map(([value, n]) => ({ value, label: value, count: n })).sort(byCount).slice(0, 30),
      topic: tally("topic").map(([value, n]) => ({ value, label: value, count: n })).sort(byCount).slice(0, 30),
      validity: tally("validity")
        .flatMap(([value, n]) => (isValidity(value) ? [{ value, label: VALIDITY_TEXT[value], count: n }] : []))
        .sort(byCount),
      year: tally("year")
        .map(([value, n]) => ({ value, label: `${value}年`, count: n }))
        .sort((a, b) => b.value.localeCompare(a.value)),
    },
  };
}

const facetCache = new VersionedCache<{ facets: PublicFacets; total: number }>(64);

/**
 * A full-text query touches at most MATCH_CAP matches, newest first (FTS5 walks its index in
 * rowid order and stops): facets, the total and relevance ranking are computed over that set in
 * memory. Beyond the cap the total reads "1000 件以上" and the page suggests a more specific word —
 * this bounds the work for a common word ("公开" in 90% of 100,000 documents).
 */
export const MATCH_CAP = 1000;

type MatchRow = { id: number; issuer: string | null; topic: string | null; validity: ValidityValue | null; year: string | null; publishedAt: string | null; score: number };

export function searchPublicDocuments(q: PublicListQuery): PublicListResult {
  const db = getDb();
  const longWords = q.terms.filter((t) => Array.from(t).length >= 2);
  const mode: PublicListResult["mode"] = q.terms.length === 0 ? "all" : longWords.length ? "fulltext" : "title";
  const filters = [publishedOnly(), ...facetFilters(q)];
  const empty = (truncated = false): PublicListResult => ({
    items: [],
    total: 0,
    page: 1,
    pageCount: 0,
    facets: { issuer: [], year: [], topic: [], validity: [] },
    mode,
    truncated,
    capped: false,
  });

  let folded: { facets: PublicFacets; total: number };
  let pageIds: number[];
  let page = 1;
  let truncated = false;
  let capped = false;

  if (mode === "fulltext") {
    const expr = ftsExpression(longWords);
    if (expr.impossible || !expr.match) return empty(expr.truncated);
    truncated = expr.truncated;
    // Plan: walk the FTS matches newest first; per match, the visibility rule, the facet filters
    // and the facet values are read from one covering partial index keyed by id
    // (drizzle/0005_public_search_indexes.sql) — never from the row, whose snapshot is JSON that
    // would be parsed per match. The planner prefers the rowid lookup by itself, hence INDEXED BY.
    const matches = db.all<MatchRow>(sql`
      SELECT ${documents.id} AS id, ${documents.publicIssuer} AS issuer, ${documents.publicTopic} AS topic,
        ${documents.publicValidity} AS validity, ${documents.publicYear} AS year, ${documents.publishedAt} AS publishedAt,
        bm25(public_search, 10.0, 5.0, 2.0, 1.0) AS score
      FROM public_search JOIN ${documents} INDEXED BY documents_public_by_id_idx ON ${documents.id} = public_search.rowid
      WHERE public_search MATCH ${expr.match} AND ${and(...filters)}
      ORDER BY public_search.rowid DESC
      LIMIT ${MATCH_CAP + 1}`);
    if (matches.length > MATCH_CAP) {
      capped = true;
      matches.length = MATCH_CAP;
    }
    folded = foldFacets(tallyRows(matches));
    const pageCount = Math.ceil(folded.total / PAGE_SIZE);
    page = Math.min(q.page, Math.max(1, pageCount));
    const sorted =
      q.sort === "relevance"
        ? matches.sort((a, b) => a.score - b.score || (b.publishedAt ?? "").localeCompare(a.publishedAt ?? ""))
        : matches.sort((a, b) => (b.publishedAt ?? "").localeCompare(a.publishedAt ?? "") || b.id - a.id);
    pageIds = sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((m) => m.id);
  } else {
    if (mode === "title") for (const w of q.terms) filters.push(sql`${pubTitle} LIKE ${likeContains(w)} ESCAPE '\\'`);
    const where = and(...filters);
    // From the covering partial index of public rows, newest first (drizzle/0005_…); without
    // INDEXED BY the planner picks documents_status_idx and reads (and parses) every row.
    const facetRows = () =>
      db.all<FacetRow>(sql`
        SELECT ${documents.publicIssuer} AS issuer, ${documents.publicTopic} AS topic, ${documents.publicValidity} AS validity, ${yearExpr} AS year, count(*) AS n
        FROM ${documents} INDEXED BY documents_public_list_idx WHERE ${where}
        GROUP BY 1, 2, 3, 4`);
    if (mode === "all") {
      const key = JSON.stringify([q.issuer, q.topic, q.validity, q.year]);
      const version = publicListVersion();
      const cached = facetCache.get(key, version);
      folded = cached ?? foldFacets(facetRows());
      if (!cached) facetCache.set(key, version, folded);
    } else folded = foldFacets(facetRows());
    const pageCount = Math.ceil(folded.total / PAGE_SIZE);
    page = Math.min(q.page, Math.max(1, pageCount));
    pageIds = folded.total
      ? db
          .all<{ id: number }>(sql`
            SELECT ${documents.id} AS id FROM ${documents} INDEXED BY documents_public_list_idx WHERE ${where}
            ORDER BY ${documents.publishedAt} DESC, ${documents.id} DESC LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`)
          .map((r) => r.id)
      : [];
  }
  if (folded.total === 0) return { ...empty(truncated), facets: folded.facets };

  const rows = pageIds.length
    ? db
        .select({
          id: documents.id,
          title: pubTitle,
          docNumber: pub("docNumber"),
          issuer: documents.publicIssuer,
          indexNo: pub("indexNo"),
          writtenDate: pub("writtenDate"),
          releaseDate: pub("releaseDate"),
          publishedAt: documents.publishedAt,
          validity: documents.publicValidity,
          topic: documents.publicTopic,
          text: q.terms.length ? sql<string>`coalesce(${pub("normalizedText")}, '')` : sql<string>`''`,
          hasInterpretation: sql<number>`${packages.publishedSnapshot} IS NOT NULL`,
        })
        .from(documents)
        .leftJoin(packages, eq(packages.documentId, documents.id))
        .where(and(publishedOnly(), inArray(documents.id, pageIds)))
        .all()
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: pageIds.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      return [
        {
          id: r.id,
          title: r.title,
          docNumber: r.docNumber,
          issuer: r.issuer,
          indexNo: r.indexNo,
          writtenDate: r.writtenDate,
          publishedDate: r.releaseDate ?? r.publishedAt?.slice(0, 10) ?? null,
          validity: r.validity ?? "unknown",
          topic: r.topic,
          snippet: q.terms.length ? snippetAround(r.text, q.terms) : null,
          hasInterpretation: Boolean(r.hasInterpretation),
        },
      ];
    }),
    total: folded.total,
    page,
    pageCount: Math.ceil(folded.total / PAGE_SIZE),
    facets: folded.facets,
    mode,
    truncated,
    capped,
  };
}

function safeParseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

function tallyRows(matches: MatchRow[]): FacetRow[] {
  const m = new Map<string, FacetRow>();
  for (const r of matches) {
    const key = `${r.issuer}\u0000${r.topic}\u0000${r.validity}\u0000${r.year}`;
    const row = m.get(key);
    if (row) row.n++;
    else m.set(key, { issuer: r.issuer, topic: r.topic, validity: r.validity, year: r.year, n: 1 });
  }
  return [...m.values()];
}

// ---------------------------------------------------------------------------------------------
// Document page
// ---------------------------------------------------------------------------------------------
const outlineNodeSchema: z.ZodType<OutlineNode> = z.lazy(() =>
  z.object({
    marker: z.string(),
    level: z.number(),
    title: z.string(),
    text: z.string(),
    start: z.number(),
    end: z.number(),
    children: z.array(outlineNodeSchema),
  }),
);
const structureSchema = z.object({
  parts: z.array(z.object({ title: z.string(), outline: z.array(outlineNodeSchema) })),
  text: z.string().optional(),
});

/** The outline of a published document's `structure` (JSON or parsed), or [] when unreadable. */
export function publishedParts(structure: unknown): DocumentPart[] {
  const parsed = structureSchema.safeParse(typeof structure === "string" ? safeParseJson(structure) : structure);
  return parsed.success ? parsed.data.parts : [];
}

export type PublicDocument = {
  id: number;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  indexNo: string | null;
  writtenDate: string | null;
  publishedDate: string | null;
  publishedAt: string;
  validity: ValidityValue;
  topic: string | null;
  publicity: string | null;
  /** the normalised text; outline offsets index into it */
  text: string;
  parts: DocumentPart[];
  interpretation: { forms: InterpretationForm[]; publishedAt: string | null } | null;
};

function stampQuery(db: ReturnType<typeof getDb>) {
  // The image pack's job is part of the interpretation page (download link, 图解 images): when the
  // publication's export finishes, the page's ETag changes with it.
  const packJob = sql<number | null>`(SELECT max(j.id) FROM ${exportJobs} j WHERE j.package_id = ${packages.id}
    AND j.source_published_at = ${packages.publishedAt} AND j.status = 'done' AND j.zip_file IS NOT NULL)`;
  // the administrator's "AI 辅助生成" choice (settings ai.publicMark, AI drafting) shows on the page too
  const aiMark = sql<string | null>`(SELECT value FROM settings WHERE key = 'ai.publicMark')`;
  return db
    .select({ publishedAt: documents.publishedAt, packagePublishedAt: packages.publishedAt, packJobId: packJob, aiMark })
    .from(documents)
    .leftJoin(packages, eq(packages.documentId, documents.id))
    .where(and(eq(documents.id, sql.placeholder("id")), publishedOnly()))
    .prepare();
}
const stampStatements = new WeakMap<object, ReturnType<typeof stampQuery>>();

export type PublicStamp = { publishedAt: string; packagePublishedAt: string | null; packJobId: number | null; aiMark?: string | null };

/** The cheap part of every public page request: is it public, since when, and with which image pack (ETag)? */
export function publicStamp(documentId: number): PublicStamp | null {
  const db = getDb();
  let stmt = stampStatements.get(db);
  if (!stmt) {
    stmt = stampQuery(db);
    stampStatements.set(db, stmt);
  }
  const row = stmt.get({ id: documentId });
  return row?.publishedAt ? { publishedAt: row.publishedAt, packagePublishedAt: row.packagePublishedAt, packJobId: row.packJobId ?? null, aiMark: row.aiMark ?? null } : null;
}

/** The validator stamps of a public page: the interpretation page also changes with its image pack. */
export function pageStamps(kind: "zhengce" | "jiedu", stamp: PublicStamp): string[] {
  const base = [stamp.publishedAt, stamp.packagePublishedAt ?? "-"];
  return kind === "jiedu" ? [...base, `pack-${stamp.packJobId ?? "none"}`, `ai-${stamp.aiMark ?? "default"}`] : base;
}

/**
 * Everything a public document or interpretation page shows that can change without a new
 * publication: the stamps above plus its follow-up interpretations and its validity (a lapsed
 * 有效期 changes the page on the day it passes). The page loaders and the in-memory page cache
 * both compute their ETag from this, so a cached page is served exactly while it is current.
 */
export function publicPageStamps(kind: "zhengce" | "jiedu", documentId: number, stamp: PublicStamp, today = beijingToday(new Date())): string[] {
  return [...pageStamps(kind, stamp), followUpStamp(documentId), validityStamp(documentId, today)];
}

const documentCache = new VersionedCache<PublicDocument | null>(512);

export function getPublicDocument(documentId: number): PublicDocument | null {
  const version = publicDataVersion();
  const key = String(documentId);
  const cached = documentCache.get(key, version);
  if (cached !== undefined) return cached;
  const row = getDb()
    .select({
      id: documents.id,
      publishedAt: documents.publishedAt,
      published: documents.publishedDocument,
      snapshot: packages.publishedSnapshot,
      packagePublishedAt: packages.publishedAt,
    })
    .from(documents)
    .leftJoin(packages, eq(packages.documentId, documents.id))
    .where(and(eq(documents.id, documentId), publishedOnly()))
    .get();
  let value: PublicDocument | null = null;
  const published = readPublishedDocument(row?.published);
  if (row?.publishedAt && published) {
    const parsed = structureSchema.safeParse(published.structure);
    const structure = parsed.success ? parsed.data : null;
    // Outline offsets index into the analysis text; use it only when it is the stored text.
    const text = structure?.text ?? published.normalizedText;
    const content = readPublishedSnapshot(row.snapshot);
    value = {
      id: row.id,
      title: published.title,
      docNumber: published.docNumber,
      issuer: published.issuer,
      indexNo: published.indexNo,
      writtenDate: published.writtenDate,
      publishedDate: published.releaseDate ?? row.publishedAt.slice(0, 10),
      publishedAt: row.publishedAt,
      validity: isValidity(published.validity) ? published.validity : "unknown",
      topic: published.topic,
      publicity: published.publicity,
      text,
      parts: structure?.parts ?? [],
      interpretation: content ? { forms: formsPresent(content), publishedAt: row.packagePublishedAt } : null,
    };
  }
  documentCache.set(key, version, value);
  return value;
}

/**
 * The document page's model: metadata plus the typeset text as one JSON string. One string is
 * cheap to serialise into the page's hydration data (an array of ~100 block objects was the
 * largest per-request cost after HTML caching); computed once per document and data version.
 */
export type PublicDocumentPage = { doc: Omit<PublicDocument, "text" | "parts">; blocksJson: string };
const pageCache = new VersionedCache<PublicDocumentPage | null>(512);

export function getPublicDocumentPage(documentId: number): PublicDocumentPage | null {
  const version = publicDataVersion();
  const key = String(documentId);
  const cached = pageCache.get(key, version);
  if (cached !== undefined) return cached;
  const full = getPublicDocument(documentId);
  let value: PublicDocumentPage | null = null;
  if (full) {
    const { text, parts, ...doc } = full;
    value = { doc, blocksJson: JSON.stringify(typesetDocument(text, parts, { title: doc.title, docNumber: doc.docNumber, issuer: doc.issuer })) };
  }
  pageCache.set(key, version, value);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Interpretations
// ---------------------------------------------------------------------------------------------
export type PublicInterpretationItem = {
  documentId: number;
  documentTitle: string;
  docNumber: string | null;
  issuer: string | null;
  publishedDate: string;
  forms: InterpretationForm[];
  interpreterName: string | null;
};

/** The visibility rule of a published interpretation (document public and package snapshot set). */
export const interpretationPublic = () => and(publishedOnly(), isNotNull(packages.publishedSnapshot), isNotNull(packages.publishedAt));

export function listPublicInterpretations(pageRaw: number): { items: PublicInterpretationItem[]; total: number; page: number; pageCount: number } {
  const db = getDb();
  const total = db.select({ n: count() }).from(packages).innerJoin(documents, eq(documents.id, packages.documentId)).where(interpretationPublic()).get()?.n ?? 0;
  const pageCount = Math.ceil(total / PAGE_SIZE);
  const page = Math.min(Math.max(1, pageRaw), Math.max(1, pageCount));
  const rows = db
    .select({
      documentId: documents.id,
      documentTitle: pubTitle,
      docNumber: pub("docNumber"),
      issuer: documents.publicIssuer,
      publishedAt: packages.publishedAt,
      snapshot: packages.publishedSnapshot,
    })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(interpretationPublic())
    .orderBy(desc(packages.publishedAt), desc(documents.id))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .all();
  return {
    total,
    page,
    pageCount,
    items: rows.map((r) => {
      const content = readPublishedSnapshot(r.snapshot);
      return {
        documentId: r.documentId,
        documentTitle: r.documentTitle,
        docNumber: r.docNumber,
        issuer: r.issuer,
        publishedDate: (r.publishedAt ?? "").slice(0, 10),
        forms: content ? formsPresent(content) : [],
        interpreterName: content?.plan.interpreterName ?? null,
      };
    }),
  };
}

/** A saved 图解's exported image: the file and the texts the exporter wrote for it. */
export type PublicGraphicImage = { file: string; width: number; height: number; altText: string; longDescription: string | null };

export type PublicInterpretation = {
  documentId: number;
  packageId: number;
  documentTitle: string;
  docNumber: string | null;
  issuer: string | null;
  publishedAt: string;
  publishedDate: string;
  content: PackageContent;
  /** the document outline, to check that clause citations resolve */
  parts: DocumentPart[];
  imagePack: { files: number } | null;
  /** per graphic: its own exported image (served by /jiedu/<id>/tu/<file>), or null */
  graphicImages: (PublicGraphicImage | null)[];
  /** the served export's video (app/features/video), or null */
  video: PublicVideo | null;
};

const interpretationCache = new VersionedCache<PublicInterpretation | null>(256);

export function getPublicInterpretation(documentId: number): PublicInterpretation | null {
  const version = publicDataVersion();
  const key = String(documentId);
  const cached = interpretationCache.get(key, version);
  if (cached !== undefined) return cached;
  const db = getDb();
  const row = db
    .select({
      documentId: documents.id,
      packageId: packages.id,
      documentTitle: pubTitle,
      docNumber: pub("docNumber"),
      issuer: documents.publicIssuer,
      publishedAt: packages.publishedAt,
      snapshot: packages.publishedSnapshot,
      structure: sql<unknown>`json_extract(${documents.publishedDocument}, '$.structure')`,
    })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(and(eq(documents.id, documentId), interpretationPublic()))
    .get();
  const content = row ? readPublishedSnapshot(row.snapshot) : null;
  let value: PublicInterpretation | null = null;
  if (row?.publishedAt && content) {
    const parsed = structureSchema.safeParse(typeof row.structure === "string" ? safeParseJson(row.structure) : row.structure);
    const job = publishedExportJob(row.packageId);
    value = {
      documentId: row.documentId,
      packageId: row.packageId,
      documentTitle: row.documentTitle,
      docNumber: row.docNumber,
      issuer: row.issuer,
      publishedAt: row.publishedAt,
      publishedDate: row.publishedAt.slice(0, 10),
      content,
      parts: parsed.success ? parsed.data.parts : [],
      imagePack: job?.zipFile ? { files: job.files } : null,
      graphicImages: job ? matchGraphicImages(job.id, content) : content.graphics.map(() => null),
      video: job ? publicVideoOfJob(job.id) : null,
    };
  }
  interpretationCache.set(key, version, value);
  return value;
}

// ---------------------------------------------------------------------------------------------
// The image pack of a published package
// ---------------------------------------------------------------------------------------------
/**
 * The finished export of the package's *current publication*: the job recorded that it rendered
 * the snapshot published at packages.published_at (export_jobs.source_published_at). Not a
 * timestamp comparison and not the document's state: a draft export (a correction in progress,
 * source_published_at null) or an export of an earlier publication never matches, so the public
 * pack and 图解 images are always those of the page they sit on. Until the current publication's
 * export has finished there is none (the page says so); during a correction packages.published_at
 * is unchanged, so the published version's pack stays.
 */
function publishedExportJob(packageId: number): { id: number; outputDir: string | null; zipFile: string | null; files: number } | null {
  const db = getDb();
  const job = db
    .select({ id: exportJobs.id, outputDir: exportJobs.outputDir, zipFile: exportJobs.zipFile })
    .from(exportJobs)
    .innerJoin(packages, eq(packages.id, exportJobs.packageId))
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(
      and(
        eq(exportJobs.packageId, packageId),
        eq(exportJobs.sourcePublishedAt, packages.publishedAt),
        eq(exportJobs.source, "published"),
        eq(exportJobs.status, "done"),
        isNotNull(exportJobs.zipFile),
        interpretationPublic(),
      ),
    )
    .orderBy(desc(exportJobs.id))
    .get();
  if (!job) return null;
  const files = db.select({ n: count() }).from(exportFiles).where(eq(exportFiles.jobId, job.id)).get()?.n ?? 0;
  return { ...job, files };
}

/** Where a graphic's image is looked for first: the website's crisp PNG, then the other channels. */
const GRAPHIC_CHANNEL_ORDER = ["web", "wechat", "xhs", "douyin", "weibo"];
/** For the 公众号: its own channel's JPEGs (within WeChat's limits) first. */
const WECHAT_CHANNEL_ORDER = ["wechat", "web", "xhs", "douyin", "weibo"];

type ExportedFile = { file: string; template: string; channel: string; width: number; height: number; altText: string; longDescription: string | null };

function exportedImages(jobId: number): ExportedFile[] {
  return getDb()
    .select({ file: exportFiles.file, template: exportFiles.template, channel: exportFiles.channel, width: exportFiles.width, height: exportFiles.height, altText: exportFiles.altText, longDescription: exportFiles.longDescription })
    .from(exportFiles)
    .where(eq(exportFiles.jobId, jobId))
    .orderBy(asc(exportFiles.id))
    .all()
    .filter((f) => /\.(png|jpe?g|webp)$/i.test(f.file));
}

const rankIn = (order: readonly string[]) => (channel: string) => (order.includes(channel) ? order.indexOf(channel) : order.length);

/**
 * Each graphic's own image in the export, found by identity, never by template: the exporter
 * names a graphic's files `NN-tujie-<position>-<template>-<fingerprint>` (app/render), and the
 * fingerprint is of the template and the slot values — so an export made from other slot values
 * (an older draft) shows no image rather than the wrong one. The same position is preferred
 * (two graphics with equal slots), then the website channel, then the first card or slice.
 */
function matchGraphicImages(jobId: number, content: PackageContent, channelOrder: readonly string[] = GRAPHIC_CHANNEL_ORDER): (PublicGraphicImage | null)[] {
  const files = exportedImages(jobId).flatMap((f) => {
    const name = parseGraphicFileName(f.file);
    return name && name.templateId === f.template ? [{ ...f, name }] : [];
  });
  const channelRank = rankIn(channelOrder);
  return content.graphics.map((g, i) => {
    const fingerprint = graphicFingerprint(g.templateId, g.slots);
    const candidates = files
      .filter((f) => f.name.fingerprint === fingerprint && f.template === g.templateId && f.name.continuation === 0 && (f.name.slice ?? 1) === 1)
      .sort((a, b) => Number(a.name.position !== i + 1) - Number(b.name.position !== i + 1) || channelRank(a.channel) - channelRank(b.channel));
    const pick = candidates[0];
    return pick ? { file: pick.file, width: pick.width, height: pick.height, altText: pick.altText, longDescription: pick.longDescription } : null;
  });
}

/** One exported image of the published package, by its file name as listed in export_files. */
export function publicExportFile(documentId: number, file: string): { path: string; contentType: string } | null {
  const type = /\.png$/i.test(file) ? "image/png" : /\.jpe?g$/i.test(file) ? "image/jpeg" : /\.webp$/i.test(file) ? "image/webp" : null;
  if (!type) return null;
  const row = getDb()
    .select({ packageId: packages.id })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(and(eq(documents.id, documentId), interpretationPublic()))
    .get();
  const job = row ? publishedExportJob(row.packageId) : null;
  if (!job) return null;
  const listed = getDb()
    .select({ file: exportFiles.file })
    .from(exportFiles)
    .where(and(eq(exportFiles.jobId, job.id), eq(exportFiles.file, file)))
    .get();
  if (!listed) return null;
  const path = insideExports(job.outputDir ?? "", listed.file);
  return path ? { path, contentType: type } : null;
}

function insideExports(...segments: string[]): string | null {
  const root = resolve(getConfig().EXPORTS_DIR);
  const path = resolve(root, ...segments);
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? path : null;
}

/** A video file (MP4, captions, poster) of the published interpretation, or null (→ 404). */
export function publicVideoFile(documentId: number, file: string): { path: string; contentType: string } | null {
  const row = getDb()
    .select({ packageId: packages.id })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(and(eq(documents.id, documentId), interpretationPublic()))
    .get();
  const job = row ? publishedExportJob(row.packageId) : null;
  const contentType = job ? publicVideoFileType(job.id, file) : null;
  const path = job && contentType ? insideExports(job.outputDir ?? "", file) : null;
  return path && contentType ? { path, contentType } : null;
}

/** Absolute path of the published package's ZIP, or null (→ 404). */
export function publicExportZip(documentId: number): { path: string; downloadName: string } | null {
  const row = getDb()
    .select({ packageId: packages.id })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(and(eq(documents.id, documentId), interpretationPublic()))
    .get();
  if (!row) return null;
  const job = publishedExportJob(row.packageId);
  if (!job?.zipFile) return null;
  const path = insideExports(job.outputDir ?? "", job.zipFile);
  return path ? { path, downloadName: `jiedu-${documentId}-images.zip` } : null;
}

/**
 * Each chart's own card in the export, found by identity: the exporter names chart cards
 * `NN-chart-card-<position>-<fingerprint>`, the fingerprint being of what the card prints, so a
 * card of other data (an older draft) is never put in a chart's place. Same position first.
 */
function matchChartImages(jobId: number, content: PackageContent, channelOrder: readonly string[]): (PublicGraphicImage | null)[] {
  const files = exportedImages(jobId).flatMap((f) => {
    const name = f.template === "chart-card" ? parseChartFileName(f.file) : null;
    return name ? [{ ...f, name }] : [];
  });
  const channelRank = rankIn(channelOrder);
  const byIndex = new Map(draftCharts(content.charts).map((c, i) => [c.source, { position: i + 1, fingerprint: chartFingerprint(c.chart) }]));
  return content.charts.map((_, i) => {
    const want = byIndex.get(i);
    if (!want) return null;
    const pick = files
      .filter((f) => f.name.fingerprint === want.fingerprint)
      .sort((a, b) => Number(a.name.position !== want.position) - Number(b.name.position !== want.position) || channelRank(a.channel) - channelRank(b.channel))[0];
    return pick ? { file: pick.file, width: pick.width, height: pick.height, altText: pick.altText, longDescription: pick.longDescription } : null;
  });
}

/** The published package's own images per 图解 and per chart, for the WeChat HTML. */
function wechatImages(packageId: number, content: PackageContent): { graphics: (PublicGraphicImage | null)[]; charts: (PublicGraphicImage | null)[] } {
  const job = publishedExportJob(packageId);
  if (!job) return { graphics: content.graphics.map(() => null), charts: content.charts.map(() => null) };
  return { graphics: matchGraphicImages(job.id, content, WECHAT_CHANNEL_ORDER), charts: matchChartImages(job.id, content, WECHAT_CHANNEL_ORDER) };
}

/**
 * The published interpretation as WeChat-safe HTML (a full HTML file, for download/copy).
 * Images are absolute URLs of this site's /jiedu/<id>/tu/<file> (the published export), built
 * from `origin`, so the 公众号 editor can fetch them when the HTML is pasted.
 */
export function publicWechatHtml(documentId: number, origin: string): string | null {
  const jd = getPublicInterpretation(documentId);
  if (!jd) return null;
  const images = wechatImages(jd.packageId, jd.content);
  const toImage = (img: PublicGraphicImage | null) => (img ? { src: `${origin}/jiedu/${documentId}/tu/${encodeURIComponent(img.file)}`, altText: img.altText } : null);
  const fragment = toWechatHtml({
    title: `《${jd.documentTitle}》政策解读`,
    documentTitle: jd.documentTitle,
    docNumber: jd.docNumber,
    issuer: jd.issuer,
    publishedDate: jd.publishedDate,
    documentUrl: `${origin}/zhengce/${documentId}`,
    content: jd.content,
    graphicImages: images.graphics.map(toImage),
    chartImages: images.charts.map(toImage),
  });
  return `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>公众号排版</title></head><body>${fragment}</body></html>\n`;
}

export { forwardValidators, isNotModified, isStaffRequest, publicListValidators, publicValidators, siteInfo } from "./public-http.server";
export { chartSvg } from "./public-charts.server";
