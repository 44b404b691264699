/**
 * 审校 in the editor: the findings of the last saved draft, beside the fields they point to
 * (`FieldFindings`, fed by `FindingsContext`) and as a list in the side panel (`FindingsPanel`)
 * whose "定位" jumps to the field and selects the excerpt. Fields mark themselves with
 * `data-field="qa[0].answer"`; a finding whose own field has no element (a chart row, a 图解
 * slot) lands on the nearest enclosing one.
 */
import { createContext, useContext } from "react";
import { describeField, fieldWithin, parentField } from "~/domain/package/field-labels";
import { SEVERITY_LABELS } from "~/domain/vocabulary";

export type EditorFinding = {
  key: string;
  rule: string;
  severity: "error" | "warning" | "info";
  message: string;
  excerpt: string;
  expected: string | null;
  acknowledged: boolean;
  field: string | null;
};

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export const FindingsContext = createContext<EditorFinding[]>([]);

/** Findings for exactly `field`, or (with `within`) for anything inside it. */
export function useFieldFindings(field: string | undefined, within = false): EditorFinding[] {
  const all = useContext(FindingsContext);
  if (!field) return [];
  return all.filter((f) => f.field !== null && (within ? fieldWithin(f.field, field) : f.field === field));
}

export function FieldFindings({ field, within }: { field?: string; within?: boolean }) {
  const findings = useFieldFindings(field, within);
  if (findings.length === 0) return null;
  return (
    <ul className="field-findings" aria-label="审校结果">
      {findings.map((f) => (
        <li key={f.key} className={`finding-${f.severity}`} data-rule={f.rule}>
          <strong>{SEVERITY_LABELS[f.severity]}</strong> {f.excerpt ? `“${f.excerpt}”：` : ""}
          {f.message}
          {f.expected ? <span className="muted">（建议：{f.expected}）</span> : null}
        </li>
      ))}
    </ul>
  );
}

function fieldElement(field: string): HTMLElement | null {
  for (let path = field; path; path = parentField(path)) {
    const el = document.querySelector<HTMLElement>(`[data-field="${CSS.escape(path)}"]`);
    if (el) return el;
  }
  return null;
}

function selectInEditable(el: HTMLElement, excerpt: string): boolean {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent?.indexOf(excerpt) ?? -1;
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + excerpt.length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return true;
    }
  }
  return false;
}

/**
 * Scrolls to the field, focuses the control holding `excerpt` (or the first one) and selects the
 * excerpt, so the officer can type the fix at once. Returns false when the field is not on the page.
 */
export function jumpToField(field: string, excerpt = ""): boolean {
  const target = fieldElement(field);
  if (!target) return false;
  target.scrollIntoView({ block: "center" });
  target.classList.remove("flash");
  void target.offsetWidth; // restart the highlight animation
  target.classList.add("flash");
  const controls = [...target.querySelectorAll<HTMLElement>("textarea, input:not([type=hidden]):not([type=checkbox]), [contenteditable=true]")];
  if (target.matches("textarea, input, [contenteditable=true]")) controls.unshift(target);
  const text = (c: HTMLElement) => (c instanceof HTMLInputElement || c instanceof HTMLTextAreaElement ? c.value : (c.textContent ?? ""));
  const control = (excerpt && controls.find((c) => text(c).includes(excerpt))) || controls[0];
  if (!control) return true;
  control.focus({ preventScroll: true });
  if (!excerpt) return true;
  if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) {
    const at = control.value.indexOf(excerpt);
    if (at >= 0) control.setSelectionRange(at, at + excerpt.length);
  } else selectInEditable(control, excerpt);
  return true;
}

export function FindingsPanel({ findings, counts, stale }: { findings: EditorFinding[]; counts: { error: number; warning: number; info: number }; stale: boolean }) {
  // errors first (they block submission), each severity in reading order
  const sorted = findings.map((f, i) => ({ f, i })).sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i).map(({ f }) => f);
  return (
    <section className="card findings-panel" aria-labelledby="findings-h" data-testid="editor-findings">
      <h2 id="findings-h">审校结果</h2>
      <p className={counts.error > 0 ? "warn-text" : "ok-text"}>
        {counts.error === 0 && counts.warning === 0 ? "上次保存的内容未发现问题。" : `错误 ${counts.error} 处 · 提示 ${counts.warning} 处${counts.info ? ` · 参考 ${counts.info} 处` : ""}`}
      </p>
      {stale ? <p className="muted small">有未保存的修改，保存后重新审校。</p> : null}
      {counts.error > 0 ? <p className="muted small">“错误”修改后才能提交审核；“提示”由审核人逐条确认。</p> : null}
      {sorted.length ? (
        <ol className="findings">
          {sorted.map((f) => (
            <li key={f.key} className={`finding-${f.severity}`} data-rule={f.rule}>
              <span className="finding-where">
                <strong>{SEVERITY_LABELS[f.severity]}</strong> · {f.field ? describeField(f.field) : "解读材料"}
              </span>
              <br />
              {f.excerpt ? `“${f.excerpt}”：` : ""}
              {f.message}
              {f.expected ? <span className="muted">（建议：{f.expected}）</span> : null}
              {f.acknowledged ? <span className="muted"> · 审核人已确认</span> : null}{" "}
              {f.field ? (
                <button type="button" className="secondary small" onClick={() => f.field && jumpToField(f.field, f.excerpt)} aria-label={`定位到${describeField(f.field)}`}>
                  定位
                </button>
              ) : null}
            </li>
          ))}
        </ol>
      ) : null}
    </section>
  );
}
