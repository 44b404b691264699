import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "~/models/auth.server";
import { attachment } from "~/features/dashboard/export.server";
import { parseId } from "~/models/documents.server";
import { EvidenceBusyError, buildEvidencePack, evidenceDocument, mayDownloadEvidence } from "~/features/dashboard/evidence.server";
import { BrowserMissingError } from "~/render/browser-path";

/**
 * GET /app/documents/:id/evidence — the 考核 evidence ZIP of one document: of a published
 * document for the 政务公开 office and admins (dashboard.view) and whoever may see it; of any
 * other document only for whoever may see it (document.view). Anyone else gets 404, so ids of
 * other departments' drafts reveal nothing.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = parseId(params.id);
  const doc = evidenceDocument(id);
  if (!doc) throw notFound();
  if (!mayDownloadEvidence(user, doc)) throw notFound();
  try {
    const pack = await buildEvidencePack(id);
    if (!pack) throw notFound();
    return new Response(pack.zip, {
      headers: {
        "Content-Type": "application/zip",
        "Content-Disposition": attachment(pack.asciiFileName, pack.fileName),
        "Cache-Control": "private, no-store",
      },
    });
  } catch (error) {
    if (error instanceof EvidenceBusyError) throw new Response(error.message, { status: 503, headers: { "Retry-After": "60" } });
    if (error instanceof BrowserMissingError)
      throw new Response("服务器未安装 Chromium，无法生成 PDF。请管理员安装 Chromium（apt-get install -y chromium）或设置 CHROMIUM_PATH 后重试。", { status: 503 });
    throw error;
  }
}
