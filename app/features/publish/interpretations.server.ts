/**
 * The 政策解读 column (/jiedu) and the interpretation page model (/jiedu/<id>), from the
 * published package snapshot.
 */
import { and, count, desc, eq, sql } from "drizzle-orm";
import { getDb } from "~/db/client.server";
import { documents, packages } from "~/db/schema";
import type { DocumentPart } from "~/domain/analysis/types";
import { formsPresent, type PackageContent } from "~/domain/package/content";
import { PAGE_SIZE } from "~/domain/public/search-query";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import type { InterpretationForm } from "~/domain/vocabulary";
import { type PublicVideo, publicVideoOfJob } from "~/features/video/index.server";
import { publicDataVersion, } from "./visibility.server";
import { structureSchema } from "./document.server";
import { type PublicGraphicImage, matchGraphicImages, publishedExportJob } from "./image-pack.server";
export type { PublicGraphicImage };
import { VersionedCache, interpretationPublic, pub, pubTitle, safeParseJson } from "./visibility.server";

export type PublicInterpretationItem = {
  documentId: number;
  documentTitle: string;
  docNumber: string | null;
  issuer: string | null;
  publishedDate: string;
  forms: InterpretationForm[];
  interpreterName: string | null;
};

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
