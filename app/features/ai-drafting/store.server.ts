/**
 * Data access of AI drafting: suggestions (ai_suggestions), the fields taken over from them
 * (ai_accepted_fields) and the audit rows. `db` is the first argument and every function is async,
 * so the module moves unchanged onto the asynchronous data access of the redesign (issue 13).
 */
import { and, asc, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { aiAcceptedFields, aiSuggestions, packages, revisions, users } from "~/db/schema";
import { marksSchema, suggestionSchema } from "~/domain/ai-drafting/schema";
import type { Mark, Provenance, Suggestion } from "~/domain/ai-drafting/types";
import { appendAudit } from "~/models/audit.server";

export type StoredSuggestion = {
  id: number;
  packageId: number;
  userId: number;
  runId: string;
  status: "proposed" | "accepted" | "discarded";
  suggestion: Suggestion;
  marks: Mark[];
  provenance: Provenance;
};

type Row = typeof aiSuggestions.$inferSelect;

function parseRow(row: Row): StoredSuggestion | null {
  const suggestion = suggestionSchema.safeParse(row.suggestion);
  const marks = marksSchema.safeParse(row.marks);
  if (!suggestion.success || !marks.success) return null;
  return {
    id: row.id,
    packageId: row.packageId,
    userId: row.userId,
    runId: row.runId,
    status: row.status,
    suggestion: suggestion.data,
    marks: marks.data,
    provenance: { model: row.model, endpoint: row.endpoint, promptSha256: row.promptSha256, generatedAt: row.createdAt },
  };
}

export async function insertSuggestion(
  db: Db,
  input: { packageId: number; userId: number; runId: string; suggestion: Suggestion; marks: Mark[]; model: string; endpoint: string; promptSha256: string },
): Promise<StoredSuggestion> {
  const row = db
    .insert(aiSuggestions)
    .values({
      packageId: input.packageId,
      userId: input.userId,
      runId: input.runId,
      task: input.suggestion.task,
      model: input.model,
      endpoint: input.endpoint,
      promptSha256: input.promptSha256,
      suggestion: input.suggestion,
      marks: input.marks,
    })
    .returning()
    .get();
  const parsed = parseRow(row);
  if (!parsed) throw new Error("stored suggestion does not parse");
  return parsed;
}

export async function getSuggestion(db: Db, packageId: number, id: number): Promise<StoredSuggestion | null> {
  const row = db
    .select()
    .from(aiSuggestions)
    .where(and(eq(aiSuggestions.id, id), eq(aiSuggestions.packageId, packageId)))
    .get();
  return row ? parseRow(row) : null;
}

/** How long an undecided suggestion waits in the editor (reloads, the next day). */
export const PROPOSED_KEEP_DAYS = 7;
const MAX_LISTED = 80;

/** The package's undecided suggestions, newest run first, each run in its order. */
export async function listProposed(db: Db, packageId: number, now = new Date()): Promise<StoredSuggestion[]> {
  const since = new Date(now.getTime() - PROPOSED_KEEP_DAYS * 86_400_000).toISOString();
  const rows = db
    .select()
    .from(aiSuggestions)
    .where(and(eq(aiSuggestions.packageId, packageId), eq(aiSuggestions.status, "proposed"), gte(aiSuggestions.createdAt, since)))
    .orderBy(desc(aiSuggestions.id))
    .limit(MAX_LISTED)
    .all();
  return rows
    .reverse()
    .map(parseRow)
    .filter((s): s is StoredSuggestion => s !== null);
}

/** Marks a suggestion discarded; false when it is not the package's or no longer undecided. */
export async function discardSuggestion(db: Db, packageId: number, id: number): Promise<boolean> {
  const r = db
    .update(aiSuggestions)
    .set({ status: "discarded", decidedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
    .where(and(eq(aiSuggestions.id, id), eq(aiSuggestions.packageId, packageId), eq(aiSuggestions.status, "proposed")))
    .run();
  return r.changes === 1;
}

/** Earlier undecided suggestions of the same task are superseded by a new run (they stay in the table). */
export async function supersedeProposed(db: Db, packageId: number, tasks: string[], keepRunId: string): Promise<void> {
  if (tasks.length === 0) return;
  db.update(aiSuggestions)
    .set({ status: "discarded", decidedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
    .where(and(eq(aiSuggestions.packageId, packageId), eq(aiSuggestions.status, "proposed"), inArray(aiSuggestions.task, tasks), sql`${aiSuggestions.runId} <> ${keepRunId}`))
    .run();
}

export type Acceptance = { suggestion: StoredSuggestion; fields: string[]; edited: boolean };

/**
 * Records, for the save that wrote them (revision `revisionId`, version `version`), the fields
 * taken over from the model, marks the suggestions accepted and appends the audit row that names
 * them — model, generation time, prompt SHA-256 — in one transaction.
 */
export async function recordAcceptances(
  db: Db,
  input: { packageId: number; documentId: number; revisionId: number | null; version: number; actorId: number; acceptances: Acceptance[] },
): Promise<void> {
  if (input.acceptances.length === 0) return;
  db.transaction((tx) => {
    const details: Record<string, unknown>[] = [];
    for (const a of input.acceptances) {
      for (const field of a.fields) {
        tx.insert(aiAcceptedFields)
          .values({
            packageId: input.packageId,
            suggestionId: a.suggestion.id,
            revisionId: input.revisionId,
            version: input.version,
            field,
            edited: a.edited,
            model: a.suggestion.provenance.model,
            promptSha256: a.suggestion.provenance.promptSha256,
            generatedAt: a.suggestion.provenance.generatedAt,
            acceptedById: input.actorId,
          })
          .run();
      }
      tx.update(aiSuggestions)
        .set({ status: "accepted", decidedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` })
        .where(eq(aiSuggestions.id, a.suggestion.id))
        .run();
      details.push({
        suggestionId: a.suggestion.id,
        task: a.suggestion.suggestion.task,
        fields: a.fields,
        edited: a.edited,
        model: a.suggestion.provenance.model,
        endpoint: a.suggestion.provenance.endpoint,
        generatedAt: a.suggestion.provenance.generatedAt,
        promptSha256: a.suggestion.provenance.promptSha256,
      });
    }
    appendAudit(tx, {
      actorId: input.actorId,
      action: "package.ai_accepted",
      documentId: input.documentId,
      packageId: input.packageId,
      details: { version: input.version, accepted: details },
    });
  });
}

/** The audit row of a drafting run: what was sent where (保密), and what came back. */
export async function auditDraftRun(
  db: Db,
  input: { actorId: number; documentId: number; packageId: number; runId: string; model: string; endpoint: string; tasks: { task: string; promptSha256: string; ok: boolean; suggestions: number; error?: string }[]; ms: number; cancelled: boolean },
): Promise<void> {
  appendAudit(db, {
    actorId: input.actorId,
    action: "ai.draft_requested",
    documentId: input.documentId,
    packageId: input.packageId,
    details: { runId: input.runId, model: input.model, endpoint: input.endpoint, tasks: input.tasks, ms: input.ms, cancelled: input.cancelled },
  });
}

export type AcceptedField = {
  id: number;
  field: string;
  edited: boolean;
  model: string;
  promptSha256: string;
  generatedAt: string;
  acceptedAt: string;
  acceptedByName: string | null;
  version: number;
  revisionId: number | null;
  task: string;
};

/** Every field taken over from the model, in the order they were accepted (review page, history). */
export async function acceptedFields(db: Db, packageId: number): Promise<AcceptedField[]> {
  return db
    .select({
      id: aiAcceptedFields.id,
      field: aiAcceptedFields.field,
      edited: aiAcceptedFields.edited,
      model: aiAcceptedFields.model,
      promptSha256: aiAcceptedFields.promptSha256,
      generatedAt: aiAcceptedFields.generatedAt,
      acceptedAt: aiAcceptedFields.acceptedAt,
      acceptedByName: users.displayName,
      version: aiAcceptedFields.version,
      revisionId: aiAcceptedFields.revisionId,
      task: aiSuggestions.task,
    })
    .from(aiAcceptedFields)
    .innerJoin(aiSuggestions, eq(aiSuggestions.id, aiAcceptedFields.suggestionId))
    .leftJoin(users, eq(users.id, aiAcceptedFields.acceptedById))
    .where(eq(aiAcceptedFields.packageId, packageId))
    .orderBy(asc(aiAcceptedFields.id))
    .limit(2_000)
    .all();
}

/** Whether the published version of the package holds model text (the public "AI 辅助生成" mark). */
export async function publishedIsAiAssisted(db: Db, packageId: number): Promise<boolean> {
  const pkg = db.select({ revisionId: packages.publishedRevisionId, publishedAt: packages.publishedAt }).from(packages).where(eq(packages.id, packageId)).get();
  if (!pkg?.publishedAt) return false;
  const version = pkg.revisionId === null ? null : db.select({ version: revisions.version }).from(revisions).where(eq(revisions.id, pkg.revisionId)).get()?.version;
  const row = db
    .select({ id: aiAcceptedFields.id })
    .from(aiAcceptedFields)
    .where(and(eq(aiAcceptedFields.packageId, packageId), ...(version !== undefined && version !== null ? [lte(aiAcceptedFields.version, version)] : [])))
    .limit(1)
    .get();
  return row !== undefined;
}
