/**
 * Always visible: what is still missing (required for submission first), with "去修改" to the
 * field, and the 摘抄 share with the copied passages. It says "各项要求均已满足" only when every
 * check passes — including 审校 of the saved draft.
 */
import type { Completeness } from "~/domain/package/completeness";
import { formatShare } from "~/domain/package/overlap";
import { jumpToField } from "./findings";

export function CompletenessPanel({ result }: { result: Completeness }) {
  const done = result.checks.filter((c) => c.ok).length;
  const blocking = result.checks.filter((c) => c.required && !c.ok).length;
  return (
    <section className="card completeness" aria-labelledby="completeness-h" aria-live="polite" data-testid="completeness">
      <h2 id="completeness-h">完整性检查</h2>
      <p className={result.ok ? "ok-text" : "warn-text"} data-testid="completeness-summary">
        {result.ok ? "各项要求均已满足。" : `已满足 ${done} / ${result.checks.length} 项${blocking ? `，还有 ${blocking} 项提交前必须完成` : ""}`}
      </p>
      <ul className="checklist">
        {result.checks.map((c) => (
          <li key={c.key} className={c.ok ? "ok" : "missing"} data-check={c.key}>
            <span aria-hidden="true">{c.ok ? "✓" : "!"}</span>
            <span>
              <strong>{c.label}</strong>
              {!c.ok && c.required ? <span className="required-tag">提交前必须完成</span> : null}
              <span className="sr-only">{c.ok ? "（已满足）" : "（未满足）"}</span>
              <br />
              <span className="muted">{c.message}</span>
              {!c.ok && c.field ? (
                <>
                  {" "}
                  <button type="button" className="link-button" onClick={() => c.field && jumpToField(c.field)}>
                    去修改
                  </button>
                </>
              ) : null}
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
