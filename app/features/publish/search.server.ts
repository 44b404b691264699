/**
 * The /zhengce list: search, facets and paging over published documents (FTS5 trigram table
 * public_search; see visibility.server.ts for the rule every query applies).
 */
import { type SQL, and, eq, inArray, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { documents, packages } from "~/db/schema";
import { PAGE_SIZE, type PublicListQuery, type ValidityValue, ftsPhrase, isValidity, likeContains, snippetAround } from "~/domain/public/search-query";
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import { publicListVersion, publishedOnly } from "./visibility.server";
import { VersionedCache, pub, pubTitle, publicSearchVocab } from "./visibility.server";

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
        .flatMap(([value, n]) => (isValidity(value) ? [{ value, label: VALIDITY_LABELS[value], count: n }] : []))
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
