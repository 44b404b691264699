import { Link } from "@remix-run/react";
import { StatusBadge } from "~/components/ui/status-badge";
import { VALIDITY_LABELS } from "~/domain/vocabulary";
import type { TodoItem } from "~/domain/lifecycle/todo";
import type { TodoPage } from "./todo.server";

function DueCell({ item }: { item: TodoItem }) {
  if (!item.due || !item.dueState) return <span className="muted">无时限（解读已公开或无需解读）</span>;
  const tone = item.dueState.kind === "overdue" ? "badge-danger" : item.urgent ? "badge-warn" : "badge-neutral";
  return (
    <>
      <span className="nowrap">{item.due}</span> <span className={`badge ${tone}`}>{item.dueLabel}</span>
    </>
  );
}

function TodoTable({ items, caption }: { items: TodoItem[]; caption: string }) {
  return (
    <table className="list">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">文件</th>
          <th scope="col">起草单位</th>
          <th scope="col">状态</th>
          <th scope="col">解读时限</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.documentId} data-testid="todo-item">
            <td>
              <Link to={i.status === "drafting" || i.status === "returned" || i.status === "correcting" ? `/app/documents/${i.documentId}/package` : `/app/documents/${i.documentId}/review`}>
                {i.title}
              </Link>
              <div className="muted">{i.reason}</div>
            </td>
            <td>{i.departmentName}</td>
            <td>
              <StatusBadge status={i.status} />
            </td>
            <td>
              <DueCell item={i} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TodoView({ page }: { page: TodoPage }) {
  const overdueTotal = page.office?.units.reduce((n, u) => n + u.overdue.length, 0) ?? 0;
  return (
    <div className="stack">
      <h1>待办</h1>
      <p className="muted">
        今天是 {page.today}（北京时间）。解读材料最迟在文件发布后 {page.maxLagWorkingDays} 个工作日内发布；尚未发布的文件从成文日期起算。工作日按“管理 → 参数设置”中的节假日和调休日计算。
      </p>
      <section aria-labelledby="mine-h">
        <h2 id="mine-h">需要我处理（{page.mine.length}）</h2>
        {page.mine.length === 0 ? <p className="empty">目前没有需要您处理的文件。</p> : <TodoTable items={page.mine} caption="需要我处理的文件" />}
      </section>
      {page.office ? (
        <>
          <section aria-labelledby="office-h">
            <h2 id="office-h">各单位逾期未解读（{overdueTotal}）</h2>
            {page.office.units.length === 0 ? (
              <p className="empty">没有逾期未解读的文件。</p>
            ) : (
              page.office.units.map((u) => (
                <div key={u.departmentId} className="stack" data-testid="overdue-unit">
                  <h3>
                    {u.departmentName}：{u.overdue.length} 件逾期
                  </h3>
                  <TodoTable items={u.overdue} caption={`${u.departmentName}逾期未解读的文件`} />
                </div>
              ))
            )}
          </section>
          <section aria-labelledby="expired-h">
            <h2 id="expired-h">已废止或失效、解读仍在网站上的文件（{page.office.expired.length}）</h2>
            {page.office.expired.length === 0 ? (
              <p className="empty">没有这类文件。</p>
            ) : (
              <ul className="card">
                {page.office.expired.map((e) => (
                  <li key={e.documentId} data-testid="expired-item">
                    <Link to={`/app/documents/${e.documentId}`}>{e.title}</Link>{" "}
                    <span className="muted">
                      {e.departmentName} · {e.validity === "valid" && e.validUntil ? `有效期至 ${e.validUntil}，已过期` : VALIDITY_LABELS[e.validity]} ·
                      请确认文件页和解读页已标明，并链接到替代文件
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}
