/**
 * 审校 on a stored package (the runner the review page, the workflow and the editor use), and the
 * record of the errors it catches before release for the 考核 dashboard.
 *
 * Map:
 *   checkStoredPackage: document (its analysis → DocumentIndex, cached per document text) +
 *     package content → runChecks with the department's word lists and the 摘抄 setting →
 *     findings with their acknowledgement keys
 *   recordCaughtErrors: after a save (savePackage) or a refused submission, the error findings
 *     not recorded before for this document are appended to the audit log (action
 *     "checks.caught" / "checks.blocked", details {rules: {rule: count}, keys: [findingKey]}); the
 *     dashboard's trigger-kept table dashboard_check_hits counts them by rule. An error is counted
 *     once, when it is first caught, and stays counted after it is fixed.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { documents, findingAcks, packages } from "~/db/schema";
import { analyzeDocument } from "~/domain/analysis";
import type { Analysis } from "~/domain/analysis/types";
import {
  type DocumentIndex,
  type Finding,
  type InterpretationText,
  type WordRule,
  countBySeverity,
  findingKey,
  packageContentInterpretation,
  prepareDocument,
  runChecks,
} from "~/domain/checks";
import { type PackageContent, emptyPackageContent } from "~/domain/package/content";
import { appendAudit } from "~/models/audit.server";
import { loadPackageContent } from "~/features/package/index.server";
import { overlapWarnShare } from "~/models/settings.server";
import { elementsOptionsFor } from "~/features/lifecycle/index.server";
import { wordRulesInForce } from "./word-rules.server";

type Reader = Pick<Db, "select">;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export type CheckedFinding = Finding & { key: string; acknowledged: boolean };

export type PackageCheck = {
  /** the stored content that was checked */
  content: PackageContent;
  text: InterpretationText;
  findings: CheckedFinding[];
  counts: { error: number; warning: number; info: number; unacknowledgedWarnings: number };
};

/** The audit actions whose details.rules the dashboard counts as errors caught before release. */
export const CAUGHT_ACTIONS = ["checks.caught", "checks.blocked"] as const;

const documentIndexCache = new Map<string, DocumentIndex>();

function isAnalysis(value: unknown): value is Analysis {
  return (
    typeof value === "object" &&
    value !== null &&
    "meta" in value &&
    "parts" in value &&
    "facts" in value &&
    Array.isArray(value.parts) &&
    Array.isArray(value.facts) &&
    "suggestions" in value &&
    typeof value.suggestions === "object" &&
    value.suggestions !== null &&
    "qa" in value.suggestions &&
    Array.isArray(value.suggestions.qa) &&
    "text" in value &&
    typeof value.text === "string"
  );
}

/**
 * The stored analysis (documents.structure; intake stores it without its copy of the text, which
 * is normalized_text), or a fresh one for documents stored before it — analysed from the original
 * text, which the analyzer normalises itself. The one owner: the editor and 审校 read the same.
 */
export function documentAnalysis(doc: { structure: unknown; normalizedText: string; originalText: string }): Analysis {
  if (isAnalysis(doc.structure)) return doc.structure;
  const withText = typeof doc.structure === "object" && doc.structure !== null && doc.normalizedText ? { ...doc.structure, text: doc.normalizedText } : null;
  return isAnalysis(withText) ? withText : analyzeDocument(doc.originalText || doc.normalizedText);
}

/** FNV-1a of the document text: the index depends on the text, not on when the row was touched (a package save touches it). */
function textKey(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${s.length}:${(h >>> 0).toString(16)}`;
}

/**
 * The 审校 index of a document, cached by its text (not by updated_at, which every package save
 * touches); the wide structure column is read and parsed only on a miss.
 */
function documentIndexFor(db: Reader, documentId: number): DocumentIndex {
  const texts = db.select({ normalizedText: documents.normalizedText, originalText: documents.originalText }).from(documents).where(eq(documents.id, documentId)).get();
  const key = `${documentId}:${textKey(texts?.normalizedText || texts?.originalText || "")}`;
  const hit = documentIndexCache.get(key);
  if (hit) return hit;
  const wide = db
    .select({ structure: documents.structure, normalizedText: documents.normalizedText, originalText: documents.originalText })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get() ?? { structure: null, normalizedText: "", originalText: "" };
  const analysis = documentAnalysis(wide);
  const index = prepareDocument(analysis, analysis.text ?? wide.normalizedText);
  if (documentIndexCache.size > 50) documentIndexCache.clear();
  documentIndexCache.set(key, index);
  return index;
}

/** The word lists in force for a department: global rules plus the department's own (app/features/checks/word-rules.server.ts). */
export function wordRulesFor(db: Reader, departmentId: number): WordRule[] {
  return wordRulesInForce(db, departmentId);
}

export function checkStoredPackage(db: Reader, documentId: number): PackageCheck | null {
  const doc = db
    .select({ id: documents.id, writtenDate: documents.writtenDate, departmentId: documents.departmentId })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get();
  const pkg = db.select({ id: packages.id }).from(packages).where(eq(packages.documentId, documentId)).get();
  if (!doc || !pkg) return null;
  const content = loadPackageContent(db, pkg.id) ?? emptyPackageContent();
  const text = packageContentInterpretation(content);
  const referenceYear = doc.writtenDate ? Number(doc.writtenDate.slice(0, 4)) : undefined;
  const found = runChecks(text, {
    document: documentIndexFor(db, doc.id),
    wordRules: wordRulesFor(db, doc.departmentId),
    referenceYear,
    overlapWarnShare: overlapWarnShare(db),
    elements: elementsOptionsFor(db, doc.id),
  });
  const acked = new Set(
    db.select({ key: findingAcks.findingKey }).from(findingAcks).where(eq(findingAcks.packageId, pkg.id)).all().map((r) => r.key),
  );
  const findings = found.map((f) => {
    const key = findingKey(f);
    return { ...f, key, acknowledged: acked.has(key) };
  });
  const bySeverity = countBySeverity(findings);
  return {
    content,
    text,
    findings,
    counts: { ...bySeverity, unacknowledgedWarnings: findings.filter((f) => f.severity === "warning" && !f.acknowledged).length },
  };
}

/** Keys of the errors already recorded as caught for a document. */
function recordedKeys(tx: Tx, documentId: number): Set<string> {
  const rows = tx.all<{ key: unknown }>(sql`
    SELECT j.value AS key
      FROM audit_log a, json_each(CASE WHEN json_valid(a.details) THEN a.details ELSE '{}' END, '$.keys') j
     WHERE a.document_id = ${documentId} AND a.action IN ('checks.caught', 'checks.blocked')`);
  return new Set(rows.map((r) => r.key).filter((k): k is string => typeof k === "string"));
}

export type CaughtRecord = { action: (typeof CAUGHT_ACTIONS)[number]; actorId: number | null; reason?: string };

/**
 * Appends the errors of `check` not recorded before for this document as one audit row (none when
 * there is nothing new, except for a refused submission, which is always recorded with its reason).
 * Returns the rules of the newly recorded errors.
 */
export function recordCaughtErrors(tx: Tx, documentId: number, check: PackageCheck | null, record: CaughtRecord): Record<string, number> {
  const errors = check?.findings.filter((f) => f.severity === "error") ?? [];
  const known = recordedKeys(tx, documentId);
  const fresh = errors.filter((f, i) => !known.has(f.key) && errors.findIndex((g) => g.key === f.key) === i);
  const rules: Record<string, number> = {};
  for (const f of fresh) rules[f.rule] = (rules[f.rule] ?? 0) + 1;
  if (fresh.length === 0 && record.action === "checks.caught") return rules;
  const pkg = tx.select({ id: packages.id }).from(packages).where(eq(packages.documentId, documentId)).get();
  appendAudit(tx, {
    actorId: record.actorId,
    action: record.action,
    documentId,
    packageId: pkg?.id ?? null,
    reason: record.reason ?? `审校发现 ${fresh.length} 处新错误`,
    details: { rules, keys: fresh.map((f) => f.key) },
  });
  return rules;
}

/** After an editor save: run 审校 on the stored package and record the errors it catches for the first time. */
export function recordErrorsAfterSave(db: Db, packageId: number, actorId: number): void {
  const pkg = db.select({ documentId: packages.documentId }).from(packages).where(eq(packages.id, packageId)).get();
  if (!pkg) return;
  const check = checkStoredPackage(db, pkg.documentId);
  if (!check || check.counts.error === 0) return;
  db.transaction((tx) => {
    recordCaughtErrors(tx, pkg.documentId, check, { action: "checks.caught", actorId });
  });
}
