/**
 * Validity (有效性) of published documents: 修订 / 废止 / 有效期 and the replacing document.
 */
import { and, eq, inArray, isNotNull, isNull, lt, or } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { departments, documents, packages } from "~/db/schema";

export type ExpiredWithInterpretation = {
  documentId: number;
  title: string;
  departmentName: string;
  validity: (typeof documents.$inferSelect)["validity"];
  validUntil: string | null;
};

/**
 * Public documents that are no longer in force (废止, 失效, or past their 有效期) while their
 * interpretation is still on the site: the office checks each one's pages say so.
 */
export function expiredWithLiveInterpretations(db: Db, today: string): ExpiredWithInterpretation[] {
  return db
    .select({
      documentId: documents.id,
      title: documents.title,
      departmentName: departments.name,
      validity: documents.validity,
      validUntil: documents.validUntil,
    })
    .from(documents)
    .innerJoin(departments, eq(departments.id, documents.departmentId))
    .innerJoin(packages, eq(packages.documentId, documents.id))
    .where(
      and(
        isNotNull(documents.publishedAt),
        isNull(documents.withdrawnAt),
        isNotNull(packages.publishedAt),
        or(inArray(documents.validity, ["repealed", "expired"]), and(isNotNull(documents.validUntil), lt(documents.validUntil, today))),
      ),
    )
    .orderBy(documents.id)
    .all();
}
