/** The CMS record of a published document, read through the public models (published snapshots only). */
import { type CmsRecord, cmsRecord } from "~/domain/handoff/cms-record";
import { formsPresent } from "~/domain/package/content";
import { getPublicDocument } from "~/features/publish/index.server";
import { getPublicInterpretation } from "~/features/publish/index.server";

/** `base`: the public site's address without a trailing slash; null when the document is not public. */
export function publishedCmsRecord(documentId: number, base: string): CmsRecord | null {
  const doc = getPublicDocument(documentId);
  if (!doc) return null;
  const jd = doc.interpretation ? getPublicInterpretation(documentId) : null;
  return cmsRecord(base, doc, jd ? { publishedAt: jd.publishedAt, interpreterName: jd.content.plan.interpreterName, forms: formsPresent(jd.content) } : null);
}
