import { type LoaderFunctionArgs, type MetaFunction, data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import dashboardStyles from "~/components/dashboard/dashboard.css?url";
import { Kpis } from "~/components/dashboard/kpis";
import { PeriodForm } from "~/components/dashboard/period-form";
import { StatusBadge } from "~/components/ui/status-badge";
import { parsePeriodFromUrl, periodFormValues, periodSearch } from "~/domain/dashboard/period";
import { can } from "~/domain/permissions";
import { notFound, requirePermission } from "~/models/auth.server";
import { DRILLDOWN_LIMIT, departmentDrilldown, departmentExists } from "~/features/dashboard/drilldown.server";
import { DOCUMENT_STATES, FORM_LABELS } from "~/domain/vocabulary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.department.name ?? "单位"} · 考核统计 · 解读工坊` }];
export const links = () => [{ rel: "stylesheet", href: dashboardStyles }];

const UNKNOWN_DEPARTMENT = "没有找到这个单位，请回到考核统计页重新选择。";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "dashboard.view");
  const raw = params.departmentId ?? "";
  const id = /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  const department = id ? departmentExists(id) : null;
  if (!id || !department) throw notFound(UNKNOWN_DEPARTMENT);
  const url = new URL(request.url);
  const parsed = parsePeriodFromUrl(url);
  const values = periodFormValues(url, parsed);
  if (!parsed.ok) return data({ department, error: parsed.error, values, result: null }, { status: 400 });
  const drill = departmentDrilldown(id, parsed.period);
  if (!drill) throw notFound(UNKNOWN_DEPARTMENT);
  const canOpen = can(user, "document.view", { departmentId: id }).ok;
  return {
    department,
    error: null,
    values,
    result: {
      period: parsed.period,
      search: periodSearch(parsed.period),
      total: drill.figures.total,
      maxLag: drill.figures.maxLagWorkingDays,
      totalDocuments: drill.totalDocuments,
      limit: DRILLDOWN_LIMIT,
      canOpen,
      documents: drill.documents,
    },
  };
}

const isState = (s: string) => DOCUMENT_STATES.find((x) => x === s);

export default function DepartmentDrilldown() {
  const { department, error, values, result } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={result ? `/app/dashboard?${result.search}` : "/app/dashboard"}>← 返回考核统计</Link>
      </p>
      <h1>
        {department.name}
        {result ? ` · ${result.period.label}` : ""}
      </h1>
      <PeriodForm values={values} error={error} />
      {result ? (
        <>
          <Kpis figures={result.total} maxLag={result.maxLag} />
          <section aria-labelledby="docs-h">
            <h2 id="docs-h">文件清单和缺项</h2>
            <p className="muted">
              列出本周期内发布的文件，以及仍在起草、审核、待发布中的文件。
              {result.totalDocuments > result.limit ? `共 ${result.totalDocuments} 件，仅显示前 ${result.limit} 件。` : `共 ${result.totalDocuments} 件。`}
            </p>
            {result.documents.length === 0 ? (
              <p className="empty">本周期内没有文件。</p>
            ) : (
              <section className="table-scroll" aria-label="文件清单">
                <table className="list dashboard-table">
                  <caption className="sr-only">{department.name}的文件清单和缺项</caption>
                  <thead>
                    <tr>
                      <th scope="col">标题</th>
                      <th scope="col">文号</th>
                      <th scope="col">状态</th>
                      <th scope="col">发布时间</th>
                      <th scope="col">解读形式</th>
                      <th scope="col">缺项</th>
                      <th scope="col">考核材料</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.documents.map((d) => {
                      const state = isState(d.status);
                      return (
                        <tr key={d.id}>
                          <th scope="row" style={{ whiteSpace: "normal", fontWeight: "normal" }}>
                            {result.canOpen ? <Link to={`/app/documents/${d.id}`}>{d.title}</Link> : d.title}
                          </th>
                          <td>{d.docNumber ?? "—"}</td>
                          <td>{state ? <StatusBadge status={state} /> : d.status}</td>
                          <td>{d.publishedAt ? d.publishedAt.slice(0, 16).replace("T", " ") : "—"}</td>
                          <td style={{ whiteSpace: "normal" }}>{d.forms.length ? d.forms.map((f) => FORM_LABELS[f]).join("、") : "—"}</td>
                          <td style={{ whiteSpace: "normal" }}>
                            {d.noInterpretationReason ? <span className="muted">无需解读：{d.noInterpretationReason}</span> : null}
                            {d.missing.length ? (
                              <ul className="missing-list">
                                {d.missing.map((m) => (
                                  <li key={m}>{m}</li>
                                ))}
                              </ul>
                            ) : d.noInterpretationReason ? null : (
                              <span className="ok-text">无缺项</span>
                            )}
                          </td>
                          <td>
                            {d.publishedAt ? (
                              <a href={`/app/documents/${d.id}/evidence`} download>
                                下载材料包
                              </a>
                            ) : (
                              "—"
                            )}
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </section>
            )}
          </section>
        </>
      ) : (
        <p className="muted">请修正统计周期后重新查询。</p>
      )}
    </div>
  );
}
