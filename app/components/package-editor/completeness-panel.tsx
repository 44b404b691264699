/** Always visible: what is still missing, and the 摘抄 share with the copied passages. */
import type { Completeness } from "~/domain/package/completeness";
import { formatShare } from "~/domain/package/overlap";

export function CompletenessPanel({ result }: { result: Completeness }) {
  const done = result.checks.filter((c) => c.ok).length;
  return (
    <section className="card completeness" aria-labelledby="completeness-h" aria-live="polite">
      <h2 id="completeness-h">完整性检查</h2>
      <p className={result.ok ? "ok-text" : "warn-text"}>{result.ok ? "各项要求均已满足。" : `已满足 ${done} / ${result.checks.length} 项`}</p>
      <ul className="checklist">
        {result.checks.map((c) => (
          <li key={c.key} className={c.ok ? "ok" : "missing"} data-check={c.key}>
            <span aria-hidden="true">{c.ok ? "✓" : "!"}</span>
            <span>
              <strong>{c.label}</strong>
              <span className="sr-only">{c.ok ? "（已满足）" : "（未满足）"}</span>
              <br />
              <span className="muted">{c.message}</span>
            </span>
          </li>
        ))}
      </ul>
      {result.overlap.passages.length ? (
        <details>
          <summary>与原文相同的段落（{formatShare(result.overlap.share)}）</summary>
          <ol className="copied">
            {result.overlap.passages.slice(0, 5).map((p) => (
              <li key={p}>
                <q>{p.length > 120 ? `${p.slice(0, 120)}…` : p}</q>
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}
