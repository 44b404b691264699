import { getDb } from "~/db/client.server";
import { AiAssistedSummary } from "~/features/ai-drafting/dashboard-summary";
import { aiAssistedFigures } from "~/features/ai-drafting/dashboard.server";
import { type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/dashboard/data-table";
import dashboardStyles from "~/components/dashboard/dashboard.css?url";
import { Kpis } from "~/components/dashboard/kpis";
import { PeriodForm } from "~/components/dashboard/period-form";
import { VegaChart } from "~/components/dashboard/vega-chart";
import { parsePeriodFromUrl, periodFormValues } from "~/domain/dashboard/period";
import { dashboardView } from "~/domain/dashboard/view";
import { requirePermission } from "~/models/auth.server";
import { dashboardFigures } from "~/features/dashboard/figures.server";
import { followUpsPublishedIn } from "~/features/lifecycle/follow-ups.server";

export const meta: MetaFunction = () => [{ title: "考核统计 · 解读工坊" }];
export const links = () => [{ rel: "stylesheet", href: dashboardStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "dashboard.view");
  const url = new URL(request.url);
  const parsed = parsePeriodFromUrl(url);
  const values = periodFormValues(url, parsed);
  if (!parsed.ok) return data({ error: parsed.error, values, result: null }, { status: 400 });
  const figures = dashboardFigures(parsed.period);
  const ai = aiAssistedFigures(getDb(), parsed.period, figures.total.interpreted);
  return {
    error: null,
    values,
    result: { period: parsed.period, figures, view: dashboardView(parsed.period, figures), ai, followUps: followUpsPublishedIn(parsed.period) },
  };
}

export default function Dashboard() {
  const { error, values, result } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>考核统计{result ? ` · ${result.period.label}` : ""}</h1>
      <PeriodForm values={values} error={error} />
      {result ? <DashboardBody result={result} /> : <p className="muted">请修正统计周期后重新查询。</p>}
    </div>
  );
}

type Result = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["result"]>;

function DashboardBody({ result }: { result: Result }) {
  const { figures, view } = result;
  return (
    <>
      <div className="toolbar">
        <a className="button secondary" href={view.exports.xlsx} download>
          导出 Excel（.xlsx）
        </a>
        <a className="button secondary" href={view.exports.csv} download>
          导出 CSV
        </a>
        <span className="muted">
          统计范围：{figures.period.from} 至 {figures.period.to}（按发布日期，北京时间）
        </span>
      </div>
      <Kpis figures={figures.total} maxLag={figures.maxLagWorkingDays} />
      <AiAssistedSummary figures={result.ai} />
      <p data-testid="follow-up-count">
        本期发布跟踪解读、二次解读和问答更新 <strong>{result.followUps}</strong> 件（按后续解读的发布时间统计，不计入上面的发布文件数）。
      </p>
      <details className="card">
        <summary>统计口径说明</summary>
        <dl className="meta">
          {view.definitions.map((d) => (
            <div key={d.key} style={{ display: "contents" }}>
              <dt>{d.label}</dt>
              <dd>{d.definition}</dd>
            </div>
          ))}
        </dl>
      </details>

      <section aria-labelledby="dept-h">
        <h2 id="dept-h">各单位解读情况</h2>
        <p className="muted">点击单位名称查看该单位的文件清单和缺项。</p>
        <DataTable table={view.departmentTable} links={view.departmentLinks} />
      </section>

      <section aria-labelledby="heat-h">
        <h2 id="heat-h">解读形式覆盖（按单位）</h2>
        {view.charts.heatmap.note ? <p className="muted">{view.charts.heatmap.note}</p> : null}
        <div className="chart-with-table">
          <VegaChart spec={view.charts.heatmap.spec} label="各单位解读形式覆盖热力图" />
          <DataTable table={view.charts.heatmap.table} />
        </div>
      </section>

      <section aria-labelledby="rates-h">
        <h2 id="rates-h">解读率和同步率（按月）</h2>
        <div className="chart-with-table">
          <VegaChart spec={view.charts.rates.spec} label="各月解读率和同步率折线图" />
          <DataTable table={view.charts.rates.table} />
        </div>
      </section>

      <section aria-labelledby="waiting-h">
        <h2 id="waiting-h">待办等待情况（当前）</h2>
        <div className="chart-with-table">
          <VegaChart spec={view.charts.waiting.spec} label="各环节等待时间分布图" />
          <DataTable table={view.charts.waiting.table} />
        </div>
      </section>

      <section aria-labelledby="checks-h">
        <h2 id="checks-h">审校发布前拦截的错误（按规则）</h2>
        {view.checksTable.rows.length === 0 ? <p className="empty">本周期内没有审校拦截记录。</p> : <DataTable table={view.checksTable} />}
      </section>
    </>
  );
}
