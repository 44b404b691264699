/**
 * Reading and writing a package's content (sections + child rows) as one PackageContent value.
 * `writePackageContent` replaces the child rows inside the caller's transaction, so a save is
 * all-or-nothing; version checks and revisions are the caller's job (app/features/package/package.server.ts).
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { cases, charts, graphics, mediaRecords, packages, qaItems } from "~/db/schema";
import type { PackageContent } from "~/domain/package/content";
import { readVideoContent } from "~/domain/video/storyboard";

type Reader = Pick<Db, "select">;
type Writer = Pick<Db, "select" | "insert" | "update" | "delete">;

export function loadPackageContent(db: Reader, packageId: number): PackageContent | null {
  const pkg = db
    .select({ plan: packages.plan, sections: packages.sections, keyFigures: packages.keyFigures, timeline: packages.timeline, video: packages.video })
    .from(packages)
    .where(eq(packages.id, packageId))
    .get();
  if (!pkg) return null;
  return {
    plan: pkg.plan,
    sections: pkg.sections,
    keyFigures: pkg.keyFigures,
    timeline: pkg.timeline,
    video: readVideoContent(pkg.video),
    qa: db
      .select({ id: qaItems.id, question: qaItems.question, answer: qaItems.answer, clauseRefs: qaItems.clauseRefs })
      .from(qaItems)
      .where(eq(qaItems.packageId, packageId))
      .orderBy(asc(qaItems.position))
      .all(),
    charts: db
      .select({
        id: charts.id,
        type: charts.type,
        title: charts.title,
        subtitle: charts.subtitle,
        unit: charts.unit,
        source: charts.source,
        palette: charts.palette,
        data: charts.data,
        spec: charts.spec,
        altText: charts.altText,
        dataTable: charts.dataTable,
      })
      .from(charts)
      .where(eq(charts.packageId, packageId))
      .orderBy(asc(charts.position))
      .all(),
    graphics: db
      .select({
        id: graphics.id,
        templateId: graphics.templateId,
        templateVersion: graphics.templateVersion,
        slots: graphics.slots,
        altText: graphics.altText,
        longDescription: graphics.longDescription,
      })
      .from(graphics)
      .where(eq(graphics.packageId, packageId))
      .orderBy(asc(graphics.position))
      .all(),
    cases: db
      .select({ id: cases.id, title: cases.title, situation: cases.situation, explanation: cases.explanation })
      .from(cases)
      .where(eq(cases.packageId, packageId))
      .orderBy(asc(cases.position))
      .all(),
    media: db
      .select({
        id: mediaRecords.id,
        kind: mediaRecords.kind,
        date: mediaRecords.date,
        speaker: mediaRecords.speaker,
        speakerIsHead: mediaRecords.speakerIsHead,
        link: mediaRecords.link,
        transcript: mediaRecords.transcript,
      })
      .from(mediaRecords)
      .where(eq(mediaRecords.packageId, packageId))
      .orderBy(asc(mediaRecords.id))
      .all(),
  };
}

/** Replace the package's content. Call inside a transaction. */
export function writePackageContent(tx: Writer, packageId: number, content: PackageContent): void {
  tx.update(packages)
    .set({ plan: content.plan, sections: content.sections, keyFigures: content.keyFigures, timeline: content.timeline, video: content.video ?? null })
    .where(eq(packages.id, packageId))
    .run();
  for (const table of [qaItems, charts, graphics, cases, mediaRecords]) tx.delete(table).where(eq(table.packageId, packageId)).run();
  for (const [position, q] of content.qa.entries())
    tx.insert(qaItems).values({ packageId, position, question: q.question, answer: q.answer, clauseRefs: q.clauseRefs }).run();
  for (const [position, c] of content.charts.entries())
    tx
      .insert(charts)
      .values({
        packageId,
        position,
        type: c.type,
        title: c.title,
        subtitle: c.subtitle ?? null,
        unit: c.unit ?? null,
        source: c.source ?? null,
        palette: c.palette ?? null,
        data: c.data,
        spec: c.spec ?? null,
        altText: c.altText ?? null,
        dataTable: c.dataTable ?? null,
      })
      .run();
  for (const [position, g] of content.graphics.entries())
    tx
      .insert(graphics)
      .values({
        packageId,
        position,
        templateId: g.templateId,
        templateVersion: g.templateVersion,
        slots: g.slots,
        altText: g.altText ?? null,
        longDescription: g.longDescription ?? null,
      })
      .run();
  for (const [position, c] of content.cases.entries())
    tx.insert(cases).values({ packageId, position, title: c.title, situation: c.situation, explanation: c.explanation }).run();
  for (const m of content.media)
    tx
      .insert(mediaRecords)
      .values({
        packageId,
        kind: m.kind,
        date: m.date ?? null,
        speaker: m.speaker ?? null,
        speakerIsHead: m.speakerIsHead,
        link: m.link ?? null,
        transcript: m.transcript ?? null,
      })
      .run();
}
