import type { LoaderFunctionArgs } from "@remix-run/node";
import { getDb } from "~/db/client.server";
import { auditTrailForDocument } from "~/models/audit.server";
import { notFoundUnless, requireUser } from "~/models/auth.server";
import { getDocumentForUser, parseId } from "~/models/documents.server";
import { auditCsv } from "~/domain/audit-csv";

/** The document's audit trail as a CSV download. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.id);
  const row = getDocumentForUser(user, id);
  notFoundUnless(user, "audit.view", { departmentId: row.document.departmentId });
  const csv = auditCsv(auditTrailForDocument(getDb(), id));
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-${id}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
