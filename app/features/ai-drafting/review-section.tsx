/**
 * 审核页 "AI 辅助生成的内容": every gate's reviewer sees which parts of the package came from the
 * model (《人工智能生成合成内容标识办法》), before giving a verdict.
 */
import { formatBeijingTime } from "~/domain/beijing-time";
import type { AiFieldRow } from "./review.server";

export function AiFieldsSection({ rows }: { rows: AiFieldRow[] }) {
  if (rows.length === 0) return null;
  return (
    <section className="card ai-review" aria-labelledby="ai-fields-h" data-testid="ai-fields">
      <h2 id="ai-fields-h" style={{ marginTop: 0 }}>
        <span className="ai-badge">AI 辅助生成</span> 以下内容采纳自模型起草的建议
      </h2>
      <p className="hint">
        采纳前这些内容已与文件核对（数字、日期、数量、文件名称和依据条款）；各关审核时请重点核实。内容若在采纳后又被修改，以当前版本为准。
      </p>
      <table className="list compact">
        <thead>
          <tr>
            <th>内容</th>
            <th>模型</th>
            <th>生成时间</th>
            <th>采纳</th>
            <th>提示词摘要（SHA-256）</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} data-field={r.field}>
              <td>{r.label}</td>
              <td>{r.model}</td>
              <td>{formatBeijingTime(r.generatedAt)}</td>
              <td>
                {r.acceptedByName ?? "—"} · {formatBeijingTime(r.acceptedAt)} · 第 {r.version} 版{r.edited ? "（采纳前经人工修改）" : "（未修改）"}
              </td>
              <td>
                <code title={r.promptSha256}>{r.promptSha256.slice(0, 12)}…</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
