/**
 * The /zhengce/<id> document page model, from the frozen publication.
 */
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { documents, exportJobs, packages } from "~/db/schema";
import type { DocumentPart, OutlineNode } from "~/domain/analysis/types";
import { formsPresent } from "~/domain/package/content";
import { type ValidityValue, isValidity } from "~/domain/public/search-query";
import { readPublishedDocument } from "~/domain/public/document-snapshot";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { typesetDocument } from "~/domain/public/typeset";
import { z } from "zod";
import type { InterpretationForm } from "~/domain/vocabulary";
import { beijingToday } from "~/domain/lifecycle/deadlines";
import { followUpStamp, validityStamp } from "~/features/lifecycle/index.server";
import { publicDataVersion, publishedOnly } from "./visibility.server";
import { VersionedCache, safeParseJson } from "./visibility.server";

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
export const structureSchema = z.object({
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
