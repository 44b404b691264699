/**
 * Resource route for the 图解 editor: POST intent=starter (starter slots for a template from the
 * current package) or intent=preview (the card's HTML, as the exporter builds it, for a
 * sandboxed iframe). Read-only viewers may preview; nothing here writes.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { departments } from "~/db/schema";
import { type PackageContent, emptyPackageContent } from "~/domain/package/content";
import { packageContentSchema } from "~/domain/package/schema";
import { requireUser } from "~/models/auth.server";
import { getDocumentForUser, parseId } from "~/models/documents.server";
import { isTemplateId, renderGraphicPreview, starterSlots } from "~/features/package/graphic-preview.server";
import { eq } from "drizzle-orm";

function parseJson(raw: FormDataEntryValue | null): unknown {
  if (typeof raw !== "string" || raw.length > 3_000_000) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed;
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const row = getDocumentForUser(user, parseId(params.id));
  const form = await request.formData();
  const templateId = String(form.get("templateId") ?? "");
  const intent = form.get("intent") === "starter" ? "starter" : "preview";
  if (!isTemplateId(templateId)) {
    return intent === "starter" ? { kind: intent, ok: false as const, message: "请选择一个图解模板。" } : { kind: intent, ok: false as const, errors: ["请选择一个图解模板。"] };
  }
  const parsedContent = packageContentSchema.safeParse(parseJson(form.get("content")));
  const content: PackageContent = parsedContent.success ? parsedContent.data : emptyPackageContent();
  const d = row.document;
  const dept = getDb().select({ name: departments.name, themeColor: departments.themeColor }).from(departments).where(eq(departments.id, d.departmentId)).get();
  const doc = { title: d.title, docNumber: d.docNumber, issuer: d.issuer, writtenDate: d.writtenDate, departmentName: dept?.name ?? row.departmentName };
  if (intent === "starter") {
    const r = starterSlots(templateId, content, doc);
    if (!r.ok) return { kind: intent, ok: false as const, message: r.message };
    return { kind: intent, ok: true as const, slots: isRecord(r.slots) ? r.slots : {} };
  }
  const r = renderGraphicPreview(templateId, parseJson(form.get("slots")), doc, content, { themeColor: dept?.themeColor ?? null, logoDataUri: null });
  return { kind: intent, ...r };
}
