/**
 * 数说政策 key figures and the timeline (时间节点): the exact values the key-figure and timeline
 * images print — add, edit, reorder, delete (undoable, by the page). They start from the intake
 * suggestions; the officer makes the labels readable here.
 */
import { LIMITS } from "~/domain/package/schema";
import type { DeadlineContent, KeyFigureContent } from "~/domain/package/content";
import { FieldErrors, moveItem } from "./fields";
import { FieldFindings } from "./findings";
import { type FieldErrors as Errors, errorsAt } from "./use-package-editor";

type ListProps<T> = { items: T[]; onChange: (items: T[]) => void; onRemove: (index: number) => void; errors: Errors; readOnly: boolean };

function Cell({ label, value, onChange, errors, type = "text", name, width }: { label: string; value: string; onChange: (v: string) => void; errors: string[]; type?: "text" | "date"; name: string; width?: string }) {
  const errorId = `${name}-error`;
  return (
    <td style={width ? { width } : undefined}>
      <input
        className="cell-input"
        type={type}
        name={name}
        aria-label={label}
        value={value}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={errors.length ? errorId : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldErrors id={errorId} errors={errors} />
    </td>
  );
}

function RowControls({ index, count, label, onMove, onRemove }: { index: number; count: number; label: string; onMove: (from: number, to: number) => void; onRemove: () => void }) {
  return (
    <td className="nowrap">
      <button type="button" className="secondary small" disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={`上移${label}`}>
        上移
      </button>
      <button type="button" className="secondary small" disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={`下移${label}`}>
        下移
      </button>
      <button type="button" className="secondary small danger" onClick={onRemove} aria-label={`删除${label}`}>
        删除
      </button>
    </td>
  );
}

export function KeyFiguresEditor({ items, onChange, onRemove, errors, readOnly }: ListProps<KeyFigureContent>) {
  const set = (i: number, patch: Partial<KeyFigureContent>) => onChange(items.map((k, j) => (j === i ? { ...k, ...patch } : k)));
  const move = (from: number, to: number) => onChange(moveItem(items, from, to));
  return (
    <div className="stack" data-field="keyFigures">
      <p className="hint">
        印在“数说政策”图片和长图上，顺序即图片上的顺序（每张卡片 4 个）。数字不超过 {LIMITS.keyFigureValue} 个字，单位不超过 {LIMITS.keyFigureUnit} 个字，说明用不超过{" "}
        {LIMITS.keyFigureLabel} 个字的名词短语，如“城市低保B档补贴标准”。
      </p>
      {items.length === 0 ? <p className="muted">还没有关键数字。可点“从文件生成初稿”，或手动添加。</p> : null}
      {items.length ? (
        <table className="list compact figures-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">数字</th>
              <th scope="col">单位</th>
              <th scope="col">说明</th>
              {readOnly ? null : <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((k, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: positional
              <tr key={i} data-field={`keyFigures[${i}]`}>
                <td>{i + 1}</td>
                <Cell label={`关键数字 ${i + 1} 的数字`} name={`figure-${i}-value`} width="8em" value={k.value} onChange={(v) => set(i, { value: v })} errors={errorsAt(errors, `keyFigures[${i}].value`)} />
                <Cell label={`关键数字 ${i + 1} 的单位`} name={`figure-${i}-unit`} width="6em" value={k.unit ?? ""} onChange={(v) => set(i, { unit: v || null })} errors={errorsAt(errors, `keyFigures[${i}].unit`)} />
                <Cell label={`关键数字 ${i + 1} 的说明`} name={`figure-${i}-label`} value={k.label} onChange={(v) => set(i, { label: v })} errors={errorsAt(errors, `keyFigures[${i}].label`)} />
                {readOnly ? null : <RowControls index={i} count={items.length} label={`关键数字 ${i + 1}`} onMove={move} onRemove={() => onRemove(i)} />}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <FieldErrors id="key-figures-error" errors={errorsAt(errors, "keyFigures")} />
      <FieldFindings field="keyFigures" within />
      {readOnly ? null : (
        <button type="button" className="secondary" disabled={items.length >= LIMITS.keyFigures} onClick={() => onChange([...items, { value: "", unit: null, label: "" }])}>
          添加关键数字{items.length >= LIMITS.keyFigures ? `（最多 ${LIMITS.keyFigures} 个）` : ""}
        </button>
      )}
    </div>
  );
}

export function TimelineEditor({ items, onChange, onRemove, errors, readOnly }: ListProps<DeadlineContent>) {
  const set = (i: number, patch: Partial<DeadlineContent>) => onChange(items.map((t, j) => (j === i ? { ...t, ...patch } : t)));
  const move = (from: number, to: number) => onChange(moveItem(items, from, to));
  return (
    <div className="stack" data-field="timeline">
      <p className="hint">印在“时间节点”图片和长图上（按日期排列）：写明到什么时候、完成什么，事项不超过 {LIMITS.deadlineLabel} 个字。</p>
      {items.length === 0 ? <p className="muted">还没有时间节点。</p> : null}
      {items.length ? (
        <table className="list compact figures-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">日期</th>
              <th scope="col">事项</th>
              {readOnly ? null : <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((t, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: positional
              <tr key={i} data-field={`timeline[${i}]`}>
                <td>{i + 1}</td>
                <Cell label={`时间节点 ${i + 1} 的日期`} name={`deadline-${i}-date`} type="date" width="11em" value={t.date} onChange={(v) => set(i, { date: v })} errors={errorsAt(errors, `timeline[${i}].date`)} />
                <Cell label={`时间节点 ${i + 1} 的事项`} name={`deadline-${i}-label`} value={t.label} onChange={(v) => set(i, { label: v })} errors={errorsAt(errors, `timeline[${i}].label`)} />
                {readOnly ? null : <RowControls index={i} count={items.length} label={`时间节点 ${i + 1}`} onMove={move} onRemove={() => onRemove(i)} />}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <FieldErrors id="timeline-error" errors={errorsAt(errors, "timeline")} />
      <FieldFindings field="timeline" within />
      {readOnly ? null : (
        <button type="button" className="secondary" disabled={items.length >= LIMITS.timeline} onClick={() => onChange([...items, { date: "", label: "" }])}>
          添加时间节点{items.length >= LIMITS.timeline ? `（最多 ${LIMITS.timeline} 个）` : ""}
        </button>
      )}
    </div>
  );
}
