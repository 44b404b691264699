/**
 * What the dashboard page shows, derived from the figures (pure): the tables, the chart specs
 * with their tables, the links to drill-downs and exports. The route only adds the period form.
 */
import { formsHeatmapCells, formsHeatmapSpec, HEATMAP_MAX_DEPARTMENTS, ratesByMonthSpec, waitingDistributionSpec } from "./charts";
import { type DashboardFigures, metricDefinitions } from "./metrics";
import { type Period, periodSearch } from "./period";
import { checksTable, departmentTable, formsCoverageTable, monthTable, waitingTable } from "./table";

export function dashboardView(period: Period, figures: DashboardFigures) {
  const search = periodSearch(period);
  const heatCells = formsHeatmapCells(figures);
  const withInterpretation = figures.departments.filter((d) => d.interpreted > 0).length;
  return {
    search,
    exports: { xlsx: `/app/dashboard/export.xlsx?${search}`, csv: `/app/dashboard/export.csv?${search}` },
    departmentTable: departmentTable(figures),
    departmentLinks: [...figures.departments.map((d) => `/app/dashboard/${d.departmentId}?${search}`), null],
    charts: {
      heatmap: {
        spec: formsHeatmapSpec(figures),
        table: formsCoverageTable(heatCells),
        note:
          withInterpretation > HEATMAP_MAX_DEPARTMENTS
            ? `共 ${withInterpretation} 个单位有解读，图中只显示解读率最低的 ${HEATMAP_MAX_DEPARTMENTS} 个，全部数据见“各单位解读情况”表。`
            : null,
      },
      rates: { spec: ratesByMonthSpec(figures), table: monthTable(figures) },
      waiting: { spec: waitingDistributionSpec(figures), table: waitingTable(figures) },
    },
    checksTable: checksTable(figures),
    definitions: metricDefinitions(figures.maxLagWorkingDays),
  };
}
