/**
 * Follow-up interpretations (跟踪解读 / 二次解读 / 问答更新): the workbench list, the public list and
 * page, and the dashboard count. Writes go through the workflow (action followUp, then the usual
 * submit → four gates → sign → publish; app/features/workflow/moves.server.ts).
 */
import { and, asc, count, eq, gte, isNull, lt } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { documents, followUps } from "~/db/schema";
import type { PackageContent } from "~/domain/package/content";
import { readPublishedSnapshot } from "~/domain/public/snapshot";
import { FOLLOW_UP_LABELS, type FollowUpKind } from "~/domain/vocabulary";

type Reader = Pick<Db, "select">;

export type FollowUpListItem = { seq: number; kind: FollowUpKind; kindLabel: string; title: string; status: "drafting" | "published"; publishedAt: string | null };

/** Every follow-up of a document, in order (the workbench sees the one being written too). */
export function followUpsOf(documentId: number, db: Reader = getDb()): FollowUpListItem[] {
  return db
    .select({ seq: followUps.seq, kind: followUps.kind, title: followUps.title, status: followUps.status, publishedAt: followUps.publishedAt })
    .from(followUps)
    .where(eq(followUps.documentId, documentId))
    .orderBy(asc(followUps.seq))
    .all()
    .map((r) => ({ ...r, kindLabel: FOLLOW_UP_LABELS[r.kind] }));
}

/** The public ones: published follow-ups of a public (not withdrawn) document. */
export function publicFollowUps(documentId: number, db: Reader = getDb()): FollowUpListItem[] {
  const doc = db.select({ publishedAt: documents.publishedAt, withdrawnAt: documents.withdrawnAt, status: documents.status }).from(documents).where(eq(documents.id, documentId)).get();
  if (!doc?.publishedAt || doc.withdrawnAt || (doc.status !== "published" && doc.status !== "correcting")) return [];
  return followUpsOf(documentId, db).filter((f) => f.status === "published");
}

/** A stamp that changes when a public follow-up appears or is corrected (for the pages' ETags). */
export function followUpStamp(documentId: number, db: Reader = getDb()): string {
  const rows = publicFollowUps(documentId, db);
  return `fu-${rows.length}-${rows.map((r) => r.publishedAt).join(",")}`;
}

export type PublicFollowUp = FollowUpListItem & { documentId: number; content: PackageContent };

export function getPublicFollowUp(documentId: number, seq: number, db: Reader = getDb()): PublicFollowUp | null {
  const item = publicFollowUps(documentId, db).find((f) => f.seq === seq);
  if (!item) return null;
  const row = db.select({ snapshot: followUps.snapshot }).from(followUps).where(and(eq(followUps.documentId, documentId), eq(followUps.seq, seq))).get();
  const content = readPublishedSnapshot(row?.snapshot);
  return content ? { ...item, documentId, content } : null;
}

/** Follow-ups published in [from, to) (UTC instants): the dashboard's count. */
export function followUpsPublishedIn(range: { startInstant: string; endInstant: string }, db: Reader = getDb()): number {
  const row = db
    .select({ n: count() })
    .from(followUps)
    .innerJoin(documents, eq(documents.id, followUps.documentId))
    .where(and(eq(followUps.status, "published"), gte(followUps.publishedAt, range.startInstant), lt(followUps.publishedAt, range.endInstant), isNull(documents.withdrawnAt)))
    .get();
  return row?.n ?? 0;
}
