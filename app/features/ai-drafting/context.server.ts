/**
 * What drafting and verification need about one document and its package, loaded once per
 * request: the analysis (with its text), the 审校 index of the document (cached by its text), the
 * package as stored, the department's word lists and the 摘抄 setting. Only the package's editors
 * get it (404 for another department's draft, 403 with the reason for a read-only package).
 */
import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { departments } from "~/db/schema";
import { clauseUnits } from "~/domain/ai-drafting/clauses";
import type { DraftContext, StarterGraphic } from "~/domain/ai-drafting/tasks";
import { type VerifyContext, verifyContext } from "~/domain/ai-drafting/verify";
import type { Analysis } from "~/domain/analysis/types";
import { type DocumentIndex, prepareDocument } from "~/domain/checks";
import { type PackageContent, emptyPackageContent } from "~/domain/package/content";
import type { SessionUser } from "~/models/auth.server";
import { starterSlots, templateChoices } from "~/features/package/index.server";
import { loadPackageContent } from "~/features/package/index.server";
import { documentAnalysis, requirePackageEditor } from "~/features/package/index.server";
import { overlapWarnShare } from "~/models/settings.server";
import { wordRulesInForce } from "~/features/checks/index.server";

export type DraftingScope = {
  documentId: number;
  packageId: number;
  departmentId: number;
  draft: DraftContext;
  verify: VerifyContext;
};

const indexCache = new Map<string, { analysis: Analysis; index: DocumentIndex }>();

function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${s.length}:${(h >>> 0).toString(16)}`;
}

function analysisWithText(doc: { id: number; structure: unknown; normalizedText: string; originalText: string }): { analysis: Analysis; index: DocumentIndex } {
  const text = doc.normalizedText || doc.originalText;
  const key = `${doc.id}:${fnv(text)}`;
  const hit = indexCache.get(key);
  if (hit) return hit;
  const stored = documentAnalysis(doc);
  const analysis = stored.text ? stored : { ...stored, text };
  const entry = { analysis, index: prepareDocument(analysis, analysis.text ?? text) };
  if (indexCache.size > 20) indexCache.clear();
  indexCache.set(key, entry);
  return entry;
}

/** A 图解 to draft when the package has none: the first template whose starter works for this package. */
function starterGraphicFor(content: PackageContent, doc: { title: string; docNumber: string | null; issuer: string | null; writtenDate: string | null }, departmentName: string): StarterGraphic | null {
  const choices = templateChoices();
  for (const id of ["figures-card", "cover"] as const) {
    const r = starterSlots(id, content, { ...doc, departmentName });
    const choice = choices.find((c) => c.id === id);
    if (r.ok && choice && typeof r.slots === "object" && r.slots !== null && !Array.isArray(r.slots)) {
      return { templateId: id, templateName: choice.name, templateVersion: choice.version, slots: Object.fromEntries(Object.entries(r.slots)) };
    }
  }
  return null;
}

export async function draftingScope(db: Db, user: SessionUser, documentId: number): Promise<DraftingScope> {
  const { document, packageId } = requirePackageEditor(user, documentId);
  const { analysis, index } = analysisWithText(document);
  const content = loadPackageContent(db, packageId) ?? emptyPackageContent();
  const dept = db.select({ name: departments.name }).from(departments).where(eq(departments.id, document.departmentId)).get();
  const meta = { title: document.title, docNumber: document.docNumber, issuer: document.issuer, writtenDate: document.writtenDate };
  const draft: DraftContext = {
    analysis,
    content,
    document: meta,
    templateNames: Object.fromEntries(templateChoices().map((c) => [c.id, c.name])),
    starterGraphic: content.graphics.length ? null : starterGraphicFor(content, meta, dept?.name ?? ""),
    units: clauseUnits(analysis),
  };
  const verify = verifyContext(analysis, index, { warnShare: overlapWarnShare(db), wordRules: wordRulesInForce(db, document.departmentId) });
  return { documentId, packageId, departmentId: document.departmentId, draft, verify };
}
