/**
 * `documents.published_document`: a document's public fields frozen at publish, beside the
 * package's `published_snapshot` (same transaction). The public site and the search index read
 * only this, so while a published document is being corrected its live title, text and metadata
 * can be edited without any of it showing until the correction is published.
 *
 * `structure` is the analysis without its copy of the text; `normalizedText` is the text its
 * outline offsets index into. Reading degrades instead of throwing (an odd value becomes null),
 * like the package snapshot reader next to it.
 */
import { z } from "zod";

export type PublishedDocument = {
  title: string;
  docNumber: string | null;
  issuer: string | null;
  writtenDate: string | null;
  releaseDate: string | null;
  indexNo: string | null;
  validity: string;
  topic: string | null;
  publicity: string | null;
  structure: unknown;
  normalizedText: string;
};

/** The live row's fields the snapshot is made of. */
export type LiveDocumentFields = Omit<PublishedDocument, "structure" | "normalizedText"> & { structure: unknown; normalizedText: string };

/** The snapshot to store at publish. Key order puts the small fields first (cheap to read). */
export function publishedDocumentOf(live: LiveDocumentFields): PublishedDocument {
  let structure: unknown = live.structure ?? null;
  let text = live.normalizedText;
  if (structure && typeof structure === "object" && !Array.isArray(structure) && "text" in structure) {
    // The outline's offsets index into the analysis text; keep that text, once.
    const { text: analysed, ...rest } = structure;
    if (typeof analysed === "string") text = analysed;
    structure = rest;
  }
  return {
    title: live.title,
    docNumber: live.docNumber,
    issuer: live.issuer,
    writtenDate: live.writtenDate,
    releaseDate: live.releaseDate,
    indexNo: live.indexNo,
    validity: live.validity,
    topic: live.topic,
    publicity: live.publicity,
    structure,
    normalizedText: text,
  };
}

const nullableText = z.string().nullable().catch(null);
const schema = z.object({
  title: z.string(),
  docNumber: nullableText,
  issuer: nullableText,
  writtenDate: nullableText,
  releaseDate: nullableText,
  indexNo: nullableText,
  validity: z.string().catch("unknown"),
  topic: nullableText,
  publicity: nullableText,
  structure: z.unknown(),
  normalizedText: z.string().catch(""),
});

export function readPublishedDocument(raw: unknown): PublishedDocument | null {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  const r = schema.safeParse(value);
  return r.success ? { ...r.data, structure: r.data.structure ?? null } : null;
}
