/**
 * Validity (有效性) of published documents: 修订 / 废止 / 有效期 and the replacing document.
 */
import { and, eq, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { type Db, getDb } from "~/db/client.server";
import { departments, documents, packages } from "~/db/schema";
import { dayNumber, localDate } from "~/domain/dashboard/period";
import { type Actor, can } from "~/domain/permissions";
import { appendAudit } from "~/models/audit.server";

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

// ---------------------------------------------------------------------------------------------
// What the public pages show, and the workbench's change

export type ValidityNotice = {
  validity: "amended" | "repealed" | "expired";
  label: string;
  /** 有效期 end, when the document had one */
  validUntil: string | null;
  note: string | null;
  changedOn: string | null;
  /** the replacing / amending document, when it is public */
  replacement: { id: number; title: string } | null;
};

const NOTICE_LABELS = { amended: "本文件已修订", repealed: "本文件已废止", expired: "本文件已失效" } as const;

/**
 * The notice a public page shows for a document no longer (or no longer wholly) in force: the
 * published validity, or an 有效期 that has passed; null while it is in force.
 */
export function validityNotice(db: Db, documentId: number, today: string): ValidityNotice | null {
  const row = db
    .select({
      validity: documents.publicValidity,
      validUntil: documents.validUntil,
      note: documents.validityNote,
      changedAt: documents.validityChangedAt,
      replacedById: documents.replacedById,
    })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get();
  if (!row) return null;
  const lapsed = row.validUntil !== null && row.validUntil < today;
  const validity = row.validity === "amended" || row.validity === "repealed" || row.validity === "expired" ? row.validity : lapsed ? "expired" : null;
  if (!validity) return null;
  const replacement = row.replacedById
    ? (db
        .select({ id: documents.id, title: sql<string>`json_extract(${documents.publishedDocument}, '$.title')` })
        .from(documents)
        .where(and(eq(documents.id, row.replacedById), isNotNull(documents.publishedAt), isNull(documents.withdrawnAt)))
        .get() ?? null)
    : null;
  return {
    validity,
    label: NOTICE_LABELS[validity],
    validUntil: row.validUntil,
    note: row.note,
    changedOn: row.changedAt ? (localDate(row.changedAt) ?? null) : null,
    replacement: replacement?.title ? replacement : null,
  };
}

export const validityInputSchema = z
  .object({
    validity: z.enum(["valid", "amended", "repealed", "expired"], { errorMap: () => ({ message: "请选择有效性：有效、已修订、已废止或已失效" }) }),
    replacedByIndexNo: z.string().trim().max(60, "索引号不超过 60 个字符").optional(),
    validUntil: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || dayNumber(v) !== null, "有效期请填写日期，例如 2026-06-30"),
    note: z.string().trim().max(200, "说明不超过 200 个字").optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.validity === "amended" || v.validity === "repealed") && !v.replacedByIndexNo && !v.note) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["replacedByIndexNo"], message: "修订或废止时，请填写替代文件的索引号，或在说明中写明依据" });
    }
  });
export type ValidityInput = z.infer<typeof validityInputSchema>;

/**
 * Changes a document's validity, its replacing document and 有效期 — live row and the published
 * snapshot together (the public pages, the 有效性 facet and search read the snapshot), audited.
 */
export function changeValidity(actor: Actor, documentId: number, input: ValidityInput, db: Db = getDb()): { ok: true } | { ok: false; reason: string } {
  return db.transaction((tx) => {
    const doc = tx.select({ id: documents.id, departmentId: documents.departmentId, validity: documents.validity, publishedDocument: documents.publishedDocument }).from(documents).where(eq(documents.id, documentId)).get();
    if (!doc) return { ok: false as const, reason: "没有找到这个文件，请返回列表刷新后重试。" };
    const permitted = can(actor, "document.edit", { departmentId: doc.departmentId });
    if (!permitted.ok) return permitted;
    let replacedById: number | null = null;
    if (input.replacedByIndexNo) {
      const target = tx.select({ id: documents.id }).from(documents).where(eq(documents.indexNo, input.replacedByIndexNo)).get();
      if (!target) return { ok: false as const, reason: `没有索引号为“${input.replacedByIndexNo}”的文件，请核对替代文件的索引号。` };
      if (target.id === documentId) return { ok: false as const, reason: "替代文件不能是本文件，请填写新文件的索引号。" };
      replacedById = target.id;
    }
    const at = new Date().toISOString();
    const fields = { validity: input.validity, replacedById, validUntil: input.validUntil || null, validityNote: input.note || null, validityChangedAt: at };
    tx.update(documents).set(fields).where(eq(documents.id, documentId)).run();
    if (doc.publishedDocument !== null) {
      // the public fields frozen at publish follow: facet (public_validity) and search read them
      tx.update(documents).set({ publishedDocument: sql`json_set(${documents.publishedDocument}, '$.validity', ${input.validity})` }).where(eq(documents.id, documentId)).run();
    }
    appendAudit(tx, { actorId: actor.id, action: "document.validity_changed", documentId, reason: input.note || null, details: { from: doc.validity, to: input.validity, replacedById, validUntil: fields.validUntil } });
    return { ok: true as const };
  });
}

/** A stamp for the public pages' ETags: changes with the validity fields and when an 有效期 lapses. */
export function validityStamp(documentId: number, today: string, db: Db = getDb()): string {
  const row = db.select({ at: documents.validityChangedAt, until: documents.validUntil }).from(documents).where(eq(documents.id, documentId)).get();
  return `va-${row?.at ?? "-"}-${row?.until && row.until < today ? "lapsed" : "in"}`;
}
