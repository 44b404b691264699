/**
 * 新建文件 on the server: source → review payload (step 1), reviewed metadata → document (step 2).
 *
 * Map:
 *   1. `readIntakeSource` — the uploaded file through `extractText` (size, type and encoding
 *      checks, all IntakeError) or the pasted text; line endings unified.
 *   2. `buildReviewPayload` — `analyzeDocument` and the form defaults for the review screen.
 *   3. `createDocumentFromAnalysis` — one transaction: the document (with its 索引号 and the
 *      analysis as `structure`), a package whose 解读人 is the department head and whose key
 *      figures and timeline start from the suggestions, and the "document.created" audit row.
 * The structure saved in step 3 is re-derived from the carried text on the server, never taken
 * from the browser.
 */
import { randomUUID } from "node:crypto";
import { and, asc, eq, sql } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { departments, documents, packages, users } from "~/db/schema";
import { type Analysis, analyzeDocument, parseDocNumber } from "~/domain/analysis";
import { MAX_SOURCE_CHARS, SOURCE_FORMATS, type SaveIntakeForm, type SourceFormat } from "~/domain/forms/intake";
import { IntakeError, extractText } from "~/domain/intake/extract-text.server";
import { type ReviewPayload, type ReviewSource, countCharacters, normalizeLineEndings, reviewDefaults } from "~/domain/intake/review";
import { startingFigures } from "~/domain/package/key-figures";
import { appendAudit } from "./audit.server";

export { IntakeError };

/** The extracted text and where it came from; its 字数 is counted on the analysis (`buildReviewPayload`). */
export type IntakeSource = { text: string; source: Omit<ReviewSource, "characters"> };

export async function readIntakeSource(
  input: { file?: File; pastedText?: string },
  options: { maxBytes: number },
): Promise<IntakeSource> {
  if (input.file) {
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const extracted = await extractText(bytes, input.file.name, { maxBytes: options.maxBytes });
    return withinCharLimit(normalizeLineEndings(extracted.text), {
      name: input.file.name,
      format: extracted.format,
      encoding: extracted.encoding,
      pages: extracted.pages,
      warnings: extracted.warnings,
    });
  }
  const text = normalizeLineEndings(input.pastedText ?? "");
  if (!text.trim()) throw new IntakeError("empty", "粘贴的内容是空的，请粘贴公文全文，或改为上传文件。");
  return withinCharLimit(text, { name: "粘贴的文字", format: "paste", warnings: [] });
}

function withinCharLimit(text: string, source: Omit<ReviewSource, "characters">): IntakeSource {
  if (text.length > MAX_SOURCE_CHARS) {
    throw new IntakeError(
      "too_large",
      `“${source.name}”的文字有 ${text.length} 个字符，超过上限 ${MAX_SOURCE_CHARS} 个。请拆分成几个文件分别新建。`,
    );
  }
  return { text, source };
}

export function buildReviewPayload(intake: IntakeSource, reviewId: string = randomUUID()): ReviewPayload {
  const analysis = analyzeDocument(intake.text);
  const source: ReviewSource = { ...intake.source, characters: countCharacters(analysis.text ?? intake.text) };
  return { reviewId, source, sourceText: intake.text, defaults: reviewDefaults(analysis), analysis };
}

/**
 * The review screen again after a refused save: the same analysis of the carried text, under the
 * same review id, so the form keeps what the officer typed.
 */
export function rebuildReview(formData: FormData, carriedText: string): ReviewPayload {
  const name = formData.get("sourceName");
  const format = formData.get("sourceFormat");
  const reviewId = formData.get("reviewId");
  const text = normalizeLineEndings(carriedText);
  return buildReviewPayload(
    {
      text,
      source: {
        name: typeof name === "string" && name ? name.slice(0, 255) : "粘贴的文字",
        format: SOURCE_FORMATS.find((f) => f === format) ?? "paste",
        warnings: [],
      },
    },
    typeof reviewId === "string" && reviewId ? reviewId.slice(0, 64) : undefined,
  );
}

export type CreatedDocument = { documentId: number; packageId: number; indexNo: string };

export type CreateDocumentInput = {
  actor: { id: number; departmentId: number };
  meta: Omit<SaveIntakeForm, "intent" | "reviewId" | "sourceText" | "sourceName" | "sourceFormat">;
  originalText: string;
  analysis: Analysis;
  source: { name: string | null; format: SourceFormat };
};

/** The 文号 split into its parts as the officer finally typed it (null parts when unparseable). */
function docNumberParts(raw: string | null) {
  const parsed = raw ? parseDocNumber(raw) : null;
  return { docAgency: parsed?.agency ?? null, docYear: parsed?.year ?? null, docSerial: parsed?.serial ?? null };
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/**
 * The next 索引号 of a department for a year: `<department code>/<year>-<5-digit sequence>`.
 * Runs inside the creating transaction (SQLite serialises writers), so two saves never share one.
 */
export function nextIndexNo(tx: Tx, departmentCode: string, year: number): string {
  const prefix = `${departmentCode}/${year}-`;
  const taken = tx
    .select({ indexNo: documents.indexNo })
    .from(documents)
    .where(sql`substr(${documents.indexNo}, 1, ${prefix.length}) = ${prefix}`)
    .all();
  let max = 0;
  for (const { indexNo } of taken) {
    const m = indexNo ? /^(\d+)$/.exec(indexNo.slice(prefix.length)) : null;
    if (m) max = Math.max(max, Number(m[1]));
  }
  return `${prefix}${String(max + 1).padStart(5, "0")}`;
}

export function createDocumentFromAnalysis(input: CreateDocumentInput, db: Db = getDb()): CreatedDocument {
  const { actor, meta, analysis, originalText, source } = input;
  const { text: normalizedText, ...structure } = analysis;
  return db.transaction((tx) => {
    const department = tx.select().from(departments).where(eq(departments.id, actor.departmentId)).get();
    if (!department) throw new Error(`department ${actor.departmentId} not found`);
    const year = Number((meta.writtenDate ?? new Date().toISOString()).slice(0, 4));
    const indexNo = nextIndexNo(tx, department.code, year);
    const doc = tx
      .insert(documents)
      .values({
        title: meta.title,
        docNumber: meta.docNumber,
        ...docNumberParts(meta.docNumber),
        issuer: meta.issuer,
        recipients: meta.recipients,
        departmentId: department.id,
        writtenDate: meta.writtenDate,
        indexNo,
        topic: meta.topic,
        publicity: meta.publicity,
        originalText,
        normalizedText: normalizedText ?? originalText,
        structure,
        status: "drafting",
        createdById: actor.id,
      })
      .returning({ id: documents.id })
      .get();
    // 谁起草谁解读: the head of the drafting department is the 第一解读人 by default.
    const head = tx
      .select({ id: users.id, displayName: users.displayName })
      .from(users)
      .where(and(eq(users.departmentId, department.id), eq(users.role, "head"), eq(users.active, true)))
      .orderBy(asc(users.id))
      .get();
    const pkg = tx
      .insert(packages)
      .values({
        documentId: doc.id,
        plan: {
          forms: [],
          channels: [],
          interpreterId: head?.id ?? null,
          interpreterName: head?.displayName ?? null,
          plannedRelease: null,
        },
        // the 数说政策 cards and timeline start from the suggestions; the officer edits them
        ...startingFigures(analysis),
        updatedById: actor.id,
      })
      .returning({ id: packages.id })
      .get();
    appendAudit(tx, {
      actorId: actor.id,
      action: "document.created",
      documentId: doc.id,
      packageId: pkg.id,
      toState: "drafting",
      details: {
        indexNo,
        source: source.format,
        fileName: source.name,
        characters: countCharacters(normalizedText ?? originalText),
        parts: structure.parts.length,
        facts: structure.facts.length,
      },
    });
    return { documentId: doc.id, packageId: pkg.id, indexNo };
  });
}

/** Step 2: the reviewed form → the document. The structure comes from re-analysing the text here. */
export function createDocumentFromReview(actor: { id: number; departmentId: number }, form: SaveIntakeForm, db: Db = getDb()): CreatedDocument {
  const { intent: _intent, reviewId: _reviewId, sourceText, sourceName, sourceFormat, ...meta } = form;
  const originalText = normalizeLineEndings(sourceText);
  return createDocumentFromAnalysis(
    { actor, meta, originalText, analysis: analyzeDocument(originalText), source: { name: sourceName || null, format: sourceFormat } },
    db,
  );
}
