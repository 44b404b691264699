/**
 * 新建文件 on the server: source → review payload (step 1), reviewed metadata → document (step 2).
 *
 * Map:
 *   1. `analyzeIntakeSource` — the uploaded file through `extractText` (size, type, encoding and
 *      .docx expansion checks, all IntakeError) or the pasted text; line endings unified; length
 *      checked (MAX_SOURCE_CHARS); analysed — extraction and analysis in the intake worker thread.
 *   2. `buildReviewPayload` — the analysis and the form defaults for the review screen.
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
import { type Analysis, parseDocNumber } from "~/domain/analysis";
import { MAX_SOURCE_CHARS, SOURCE_FORMATS, type SaveIntakeForm, type SourceFormat } from "~/domain/forms/intake";
import { IntakeError, textTooLong } from "~/domain/intake/errors";
import { type ReviewPayload, type ReviewSource, boundSuggestions, countCharacters, normalizeLineEndings, reviewAnalysis, reviewDefaults } from "~/domain/intake/review";
import { startingFigures } from "~/domain/package/key-figures";
import { appendAudit } from "~/models/audit.server";
import { analyzeTextInWorker, analyzeUploadInWorker } from "./intake-worker.server";

export { IntakeError };

/** The extracted text and where it came from; its 字数 is counted on the analysis (`buildReviewPayload`). */
export type IntakeSource = { text: string; source: Omit<ReviewSource, "characters"> };

/**
 * Step 1: the uploaded file or the pasted text → the text (line endings unified, at most
 * MAX_SOURCE_CHARS) and its analysis. Extraction and analysis run in the intake worker thread
 * (intake-worker.server.ts), never on the server's event loop; every refusal is an IntakeError.
 */
export async function analyzeIntakeSource(
  input: { file?: File; pastedText?: string },
  options: { maxBytes: number },
): Promise<{ intake: IntakeSource; analysis: Analysis }> {
  if (input.file) {
    const name = input.file.name;
    const result = await analyzeUploadInWorker({ bytes: new Uint8Array(await input.file.arrayBuffer()), name }, { maxBytes: options.maxBytes, maxChars: MAX_SOURCE_CHARS });
    const extracted = result.extracted;
    return {
      intake: {
        text: result.text,
        source: { name, format: extracted?.format ?? "txt", encoding: extracted?.encoding, pages: extracted?.pages, warnings: extracted?.warnings ?? [] },
      },
      analysis: result.analysis,
    };
  }
  const text = normalizeLineEndings(input.pastedText ?? "");
  if (!text.trim()) throw new IntakeError("empty", "粘贴的内容是空的，请粘贴公文全文，或改为上传文件。");
  if (text.length > MAX_SOURCE_CHARS) throw textTooLong("粘贴的文字", text.length, MAX_SOURCE_CHARS);
  const result = await analyzeTextInWorker(text, { name: "粘贴的文字", maxChars: MAX_SOURCE_CHARS });
  return { intake: { text: result.text, source: { name: "粘贴的文字", format: "paste", warnings: [] } }, analysis: result.analysis };
}

export function buildReviewPayload(intake: IntakeSource, analysis: Analysis, reviewId: string = randomUUID()): ReviewPayload {
  const source: ReviewSource = { ...intake.source, characters: countCharacters(analysis.text ?? intake.text) };
  return { reviewId, source, sourceText: intake.text, defaults: reviewDefaults(analysis), analysis: reviewAnalysis(analysis), factCount: analysis.facts.length };
}

/**
 * The review screen again after a refused save: the same analysis of the carried text, under the
 * same review id, so the form keeps what the officer typed.
 */
export async function rebuildReview(formData: FormData, carriedText: string): Promise<ReviewPayload> {
  const name = formData.get("sourceName");
  const format = formData.get("sourceFormat");
  const reviewId = formData.get("reviewId");
  const { text, analysis } = await analyzeTextInWorker(carriedText, { name: "公文全文", maxChars: MAX_SOURCE_CHARS });
  return buildReviewPayload(
    {
      text,
      source: {
        name: typeof name === "string" && name ? name.slice(0, 255) : "粘贴的文字",
        format: SOURCE_FORMATS.find((f) => f === format) ?? "paste",
        warnings: [],
      },
    },
    analysis,
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
  const { actor, meta, originalText, source } = input;
  // the document keeps the suggestions the review screen offered (bounded), all its figures
  const { text: normalizedText, ...structure } = boundSuggestions(input.analysis);
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
        ...startingFigures(structure),
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

/** Step 2: the reviewed form → the document. The structure comes from re-analysing the text here (in the intake worker). */
export async function createDocumentFromReview(actor: { id: number; departmentId: number }, form: SaveIntakeForm, db: Db = getDb()): Promise<CreatedDocument> {
  const { intent: _intent, reviewId: _reviewId, sourceText, sourceName, sourceFormat, ...meta } = form;
  const { text: originalText, analysis } = await analyzeTextInWorker(sourceText, { name: sourceName || "公文全文", maxChars: MAX_SOURCE_CHARS });
  return createDocumentFromAnalysis({ actor, meta, originalText, analysis, source: { name: sourceName || null, format: sourceFormat } }, db);
}
