import type { LoaderFunctionArgs } from "@remix-run/node";
import { parsePeriodFromUrl } from "~/domain/dashboard/period";
import { requirePermission } from "~/models/auth.server";
import { dashboardFigures } from "~/features/dashboard/figures.server";
import { XLSX_TYPE, attachment, dashboardXlsx, exportFileStem } from "~/features/dashboard/export.server";

/** GET /app/dashboard/export.xlsx?period=… — the dashboard tables as an Excel workbook. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "dashboard.view");
  const parsed = parsePeriodFromUrl(new URL(request.url));
  if (!parsed.ok) return new Response(parsed.error, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const body = await dashboardXlsx(parsed.period, dashboardFigures(parsed.period));
  const stem = exportFileStem(parsed.period);
  return new Response(body, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": attachment(`${stem.ascii}.xlsx`, `${stem.chinese}.xlsx`),
      "Cache-Control": "private, no-store",
    },
  });
}
