import type { LoaderFunctionArgs } from "@remix-run/node";
import { parsePeriodFromUrl } from "~/domain/dashboard/period";
import { requirePermission } from "~/models/auth.server";
import { dashboardFigures } from "~/features/dashboard/figures.server";
import { CSV_TYPE, attachment, dashboardCsvFile, exportFileStem } from "~/features/dashboard/export.server";

/** GET /app/dashboard/export.csv?period=… — UTF-8 with BOM, so Excel and WPS read the Chinese. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "dashboard.view");
  const parsed = parsePeriodFromUrl(new URL(request.url));
  if (!parsed.ok) return new Response(parsed.error, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const stem = exportFileStem(parsed.period);
  return new Response(dashboardCsvFile(dashboardFigures(parsed.period)), {
    headers: {
      "Content-Type": CSV_TYPE,
      "Content-Disposition": attachment(`${stem.ascii}.csv`, `${stem.chinese}.csv`),
      "Cache-Control": "private, no-store",
    },
  });
}
