import { Link } from "@remix-run/react";
import { type Table, formatCell } from "~/domain/dashboard/table";

/** A dashboard table; `links[i]` makes the first cell of row i a link (the drill-down). */
export function DataTable({ table, links, caption }: { table: Table; links?: (string | null)[]; caption?: string }) {
  if (table.rows.length === 0) return <p className="empty">暂无数据。</p>;
  return (
    // A wide table scrolls sideways: the region takes keyboard focus so it can be scrolled without a mouse.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable regions must be focusable (WCAG 2.1.1)
    <section className="table-scroll" tabIndex={0} aria-label={caption ?? table.title}>
      <table className="list dashboard-table">
        <caption className="sr-only">{caption ?? table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and never reordered
            <tr key={i}>
              {row.map((cell, j) => {
                const text = formatCell(cell, table.columns[j].kind);
                const link = j === 0 ? links?.[i] : null;
                const Cell = j === 0 ? "th" : "td";
                return (
                  <Cell key={table.columns[j].key} scope={j === 0 ? "row" : undefined} className={table.columns[j].kind === "text" ? undefined : "num"}>
                    {link ? <Link to={link}>{text}</Link> : text}
                  </Cell>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
