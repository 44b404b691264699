import { Link } from "@remix-run/react";
import { StatusBadge } from "./ui/status-badge";
import { type DocumentState } from "~/domain/vocabulary";

export type DocumentRow = {
  id: number;
  title: string;
  docNumber: string | null;
  status: DocumentState;
  writtenDate: string | null;
  departmentName: string;
  note?: string;
};

export function DocumentTable({ rows, caption, empty }: { rows: DocumentRow[]; caption: string; empty: string }) {
  if (rows.length === 0) return <p className="empty">{empty}</p>;
  return (
    <table className="list">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">标题</th>
          <th scope="col">文号</th>
          <th scope="col">起草单位</th>
          <th scope="col">成文日期</th>
          <th scope="col">状态</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id}>
            <td>
              <Link to={`/app/documents/${d.id}`}>{d.title}</Link>
              {d.note ? <div className="muted">{d.note}</div> : null}
            </td>
            <td className="nowrap">{d.docNumber ?? "—"}</td>
            <td>{d.departmentName}</td>
            <td className="nowrap">{d.writtenDate ?? "—"}</td>
            <td>
              <StatusBadge status={d.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
