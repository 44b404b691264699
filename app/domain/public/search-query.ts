/**
 * The public list/search query: parsing `?q=&issuer=&year=&topic=&validity=&sort=&page=` into a
 * bounded value (bad input never throws: it is dropped or clamped), and turning the words typed
 * into safe FTS5 terms.
 *
 * User text never reaches FTS5 as syntax: it is cut into words at whitespace and punctuation, each
 * word is matched as a quoted string (quotes doubled), so `"`, `*`, `NEAR`, `AND`, parentheses or
 * `column:` are just characters. Length is capped (the first 8 words, 32 characters each).
 */

import { VALIDITY, type Validity } from "~/domain/vocabulary";

export type ValidityValue = Validity;

export const SORTS = ["relevance", "date"] as const;
export type SortOrder = (typeof SORTS)[number];

export const PAGE_SIZE = 20;
export const MAX_PAGE = 500;
export const MAX_TERMS = 8;
export const MAX_TERM_CHARS = 32;
const MAX_Q_CHARS = 200;

export type PublicListQuery = {
  q: string;
  terms: string[];
  issuer: string | null;
  year: number | null;
  topic: string | null;
  validity: ValidityValue | null;
  sort: SortOrder;
  page: number;
};

export function isValidity(v: string): v is ValidityValue {
  return VALIDITY.some((x) => x === v);
}
function isSort(v: string): v is SortOrder {
  return (SORTS as readonly string[]).includes(v);
}

function shortText(value: string | null, max = 80): string | null {
  const v = value?.trim();
  return v ? v.slice(0, max) : null;
}

/** Words of a query: split at whitespace, punctuation and symbols; bounded. */
export function searchTerms(q: string): string[] {
  const words = q
    .slice(0, MAX_Q_CHARS * 10)
    .normalize("NFKC")
    .split(/[\s\p{P}\p{S}\p{C}]+/u)
    .map((w) => Array.from(w).slice(0, MAX_TERM_CHARS).join(""))
    .filter((w) => w.length > 0);
  const unique = [...new Set(words.map((w) => w.toLowerCase()))];
  return unique.slice(0, MAX_TERMS);
}

export function parsePublicListQuery(params: URLSearchParams): PublicListQuery {
  const q = (params.get("q") ?? "").slice(0, MAX_Q_CHARS * 10).trim();
  const terms = searchTerms(q);
  const yearRaw = params.get("year");
  const year = yearRaw && /^\d{4}$/.test(yearRaw) ? Number(yearRaw) : null;
  const validityRaw = params.get("validity") ?? "";
  const sortRaw = params.get("sort") ?? "";
  const pageRaw = Number(params.get("page") ?? "1");
  const page = Number.isInteger(pageRaw) && pageRaw >= 1 ? Math.min(pageRaw, MAX_PAGE) : 1;
  return {
    q: Array.from(q).slice(0, MAX_Q_CHARS).join(""),
    terms,
    issuer: shortText(params.get("issuer")),
    year: year && year >= 1949 && year <= 2100 ? year : null,
    topic: shortText(params.get("topic")),
    validity: isValidity(validityRaw) ? validityRaw : null,
    sort: isSort(sortRaw) ? sortRaw : terms.length ? "relevance" : "date",
    page,
  };
}

/** A phrase for FTS5 MATCH: the word quoted, embedded quotes doubled. */
export function ftsPhrase(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/** Characters a LIKE pattern must escape (we use ESCAPE '\'). */
export function likeContains(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The URL of the list with some parameters changed (page reset unless given). */
export function listHref(query: PublicListQuery, change: Partial<Record<"q" | "issuer" | "year" | "topic" | "validity" | "sort" | "page", string | number | null>>): string {
  const values: Record<string, string | number | null> = {
    q: query.q || null,
    issuer: query.issuer,
    year: query.year,
    topic: query.topic,
    validity: query.validity,
    sort: query.sort === (query.terms.length ? "relevance" : "date") ? null : query.sort,
    page: null,
    ...change,
  };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== "" && !(k === "page" && v === 1)) params.set(k, String(v));
  const s = params.toString();
  return s ? `/zhengce?${s}` : "/zhengce";
}

export type TextPiece = { text: string; hit: boolean };

/** Split text into pieces marking every (case-insensitive) occurrence of the terms. */
export function highlightPieces(text: string, terms: readonly string[]): TextPiece[] {
  const words = terms.filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  if (!words.length || !text) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const pieces: TextPiece[] = [];
  let pos = 0;
  while (pos < text.length) {
    let best = -1;
    let bestLen = 0;
    for (const w of words) {
      const at = lower.indexOf(w, pos);
      if (at >= 0 && (best < 0 || at < best || (at === best && w.length > bestLen))) {
        best = at;
        bestLen = w.length;
      }
    }
    if (best < 0) break;
    if (best > pos) pieces.push({ text: text.slice(pos, best), hit: false });
    pieces.push({ text: text.slice(best, best + bestLen), hit: true });
    pos = best + bestLen;
  }
  if (pos < text.length) pieces.push({ text: text.slice(pos), hit: false });
  return pieces;
}

/** A window of about `size` characters of the body around the first hit (or its start). */
export function snippetAround(body: string, terms: readonly string[], size = 120): string {
  const flat = body.replace(/\s+/g, " ").trim();
  const lower = flat.toLowerCase();
  const hits = terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0);
  const first = hits.length ? Math.min(...hits) : 0;
  const start = Math.max(0, first - Math.floor(size / 3));
  const end = Math.min(flat.length, start + size);
  return `${start > 0 ? "…" : ""}${flat.slice(start, end)}${end < flat.length ? "…" : ""}`;
}
