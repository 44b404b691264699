/**
 * The 问答库's data: every 简明问答 of every published interpretation, read from the published
 * snapshots only (`interpretationPublic()` in the WHERE clause — a draft, a correction in
 * progress or a withdrawn document never reaches it), plus the admin's synonym list (settings key
 * `qa.synonyms`). The entries and their retrieval index are cached per public library version
 * (public_version, bumped by triggers whenever what the public sees changes) and synonym list.
 *
 * `site` is the seam for several sites (issue 14): today there is one site and every published
 * interpretation belongs to it.
 */
import { desc, eq, sql } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { documents, packages, settings } from "~/db/schema";
import { qaCitationLinks } from "~/domain/qa-library/citations";
import { type QaEntry, type QaIndex, type SynonymGroup, askQa, buildQaIndex, filterQa, formatSynonymLines, parseSynonymLines, readSynonymGroups } from "~/domain/qa-library/retrieval";
import { lightText, parseLightHtml } from "~/domain/public/light-html";
import { DEFAULT_SITE, type SiteKey } from "~/domain/public/site";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { interpretationPublic, publicListVersion } from "~/features/publish/index.server";
import { publishedParts } from "~/features/publish/index.server";

export const SYNONYMS_SETTING = "qa.synonyms";


export function readSynonyms(db: Pick<Db, "select"> = getDb()): SynonymGroup[] {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, SYNONYMS_SETTING)).get();
  return readSynonymGroups(row?.value);
}

export function synonymText(db: Pick<Db, "select"> = getDb()): string {
  return formatSynonymLines(readSynonyms(db));
}

/** Saves the admin's list (whole text), or returns the Chinese errors and saves nothing. */
export function saveSynonyms(text: string, db: Db = getDb()): { ok: true; groups: number } | { ok: false; errors: string[] } {
  const parsed = parseSynonymLines(text);
  if (!parsed.ok) return parsed;
  db.insert(settings)
    .values({ key: SYNONYMS_SETTING, value: parsed.groups })
    .onConflictDoUpdate({ target: settings.key, set: { value: parsed.groups } })
    .run();
  return { ok: true, groups: parsed.groups.length };
}

function loadEntries(_site: SiteKey): { entries: QaEntry[]; answers: Map<string, string> } {
  const answers = new Map<string, string>();
  const rows = getDb()
    .select({
      documentId: documents.id,
      title: sql<string>`coalesce(json_extract(${documents.publishedDocument}, '$.title'), '')`,
      docNumber: sql<string | null>`json_extract(${documents.publishedDocument}, '$.docNumber')`,
      structure: sql<unknown>`json_extract(${documents.publishedDocument}, '$.structure')`,
      publishedAt: packages.publishedAt,
      snapshot: packages.publishedSnapshot,
    })
    .from(packages)
    .innerJoin(documents, eq(documents.id, packages.documentId))
    .where(interpretationPublic())
    .orderBy(desc(packages.publishedAt), desc(documents.id))
    .all();
  const entries = rows.flatMap((r) => {
    const content = readPublishedSnapshot(r.snapshot);
    if (!content || !r.publishedAt) return [];
    const parts = publishedParts(r.structure);
    content.qa.forEach((q, i) => {
      answers.set(`${r.documentId}-${i + 1}`, q.answer);
    });
    return content.qa.flatMap((q, i) =>
      q.question.trim()
        ? [
            {
              key: `${r.documentId}-${i + 1}`,
              documentId: r.documentId,
              position: i + 1,
              question: q.question.trim(),
              answerText: lightText(parseLightHtml(q.answer)).trim(),
              documentTitle: r.title,
              docNumber: r.docNumber,
              publishedAt: r.publishedAt ?? "",
              citations: qaCitationLinks(q.clauseRefs, parts, `/zhengce/${r.documentId}`),
            },
          ]
        : [],
    );
  });
  return { entries, answers };
}

type Library = { version: string; entries: QaEntry[]; index: QaIndex; answers: Map<string, string> };
/** per database connection (tests switch databases), then per site */
const libraries = new WeakMap<object, Map<string, Library>>();

/** The published Q&A of `site`, its retrieval index and each answer's light HTML (by entry key). */
export function qaLibrary(site: SiteKey = DEFAULT_SITE): Library {
  const version = publicListVersion();
  const client = getDb().$client;
  let perSite = libraries.get(client);
  if (!perSite) {
    perSite = new Map();
    libraries.set(client, perSite);
  }
  const hit = perSite.get(site.id);
  if (hit && hit.version === version) return hit;
  const { entries, answers } = loadEntries(site);
  const library = { version, entries, index: buildQaIndex(entries), answers };
  perSite.set(site.id, library);
  return library;
}

export const QA_PAGE_SIZE = 20;

export type QaView = QaEntry & { answerHtml: string; interpretationHref: string; matched: string[] };

function view(library: Library, entry: QaEntry, matched: string[]): QaView {
  return { ...entry, answerHtml: library.answers.get(entry.key) ?? "", interpretationHref: `/jiedu/${entry.documentId}#wenda-${entry.position}`, matched };
}

/** The library search (?q=): every published Q&A when empty, else the matches, best first. */
export function searchQaLibrary(q: string, pageRaw: number, site: SiteKey = DEFAULT_SITE): { items: QaView[]; total: number; page: number; pageCount: number; terms: string[] } {
  const library = qaLibrary(site);
  const { terms, hits } = filterQa(library.entries, q, readSynonyms());
  const pageCount = Math.ceil(hits.length / QA_PAGE_SIZE);
  const page = Math.min(Math.max(1, pageRaw), Math.max(1, pageCount));
  const items = hits.slice((page - 1) * QA_PAGE_SIZE, page * QA_PAGE_SIZE).map((h) => view(library, h.entry, h.matched.length ? h.matched : terms));
  return { items, total: hits.length, page, pageCount, terms };
}

/** 智能问答 (?ask=): the best-matching published answers with their citations; retrieval only. */
export function askQaLibrary(question: string, site: SiteKey = DEFAULT_SITE): QaView[] {
  const library = qaLibrary(site);
  return askQa(library.index, question, readSynonyms()).results.map((r) => view(library, r.entry, []));
}
