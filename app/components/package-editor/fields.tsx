/**
 * Small labelled inputs used across the editor; every input has a label, its errors below and,
 * given its content path (`field`), the 审校 findings for it (and `data-field` to jump to it).
 */
import { useId } from "react";
import { FieldFindings } from "./findings";

export function FieldErrors({ id, errors }: { id: string; errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <p className="error" id={id} role="alert">
      {errors.join(" ")}
    </p>
  );
}

type TextProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  errors?: string[];
  multiline?: boolean;
  rows?: number;
  hint?: string;
  type?: "text" | "date" | "url";
  name?: string;
  maxLength?: number;
  /** the content path ("qa[0].answer") for 审校 findings and "定位" */
  field?: string;
};

export function TextField({ label, value, onChange, errors = [], multiline, rows = 4, hint, type = "text", name, maxLength, field }: TextProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : "", errors.length ? errorId : ""].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    name,
    value,
    "aria-invalid": errors.length > 0 || undefined,
    "aria-describedby": describedBy,
    maxLength,
  };
  return (
    <div className="field" data-field={field}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={rows} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type={type} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldErrors id={errorId} errors={errors} />
      <FieldFindings field={field} />
    </div>
  );
}

/** Move buttons + a drag handle for one item of an ordered list (keyboard: the buttons). */
export function ReorderControls({
  index,
  count,
  label,
  onMove,
}: {
  index: number;
  count: number;
  label: string;
  onMove: (from: number, to: number) => void;
}) {
  return (
    <span className="reorder">
      <span className="drag-handle" aria-hidden="true" title="拖动调整顺序">
        ⋮⋮
      </span>
      <button type="button" className="secondary small" disabled={index === 0} onClick={() => onMove(index, index - 1)} aria-label={`上移${label}`}>
        上移
      </button>
      <button type="button" className="secondary small" disabled={index === count - 1} onClick={() => onMove(index, index + 1)} aria-label={`下移${label}`}>
        下移
      </button>
    </span>
  );
}

export function moveItem<T>(list: T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return list;
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/** Drag-and-drop props for a list item (HTML5 DnD; the move buttons are the keyboard path). */
export function dragProps(index: number, onMove: (from: number, to: number) => void, kind: string) {
  return {
    draggable: true,
    onDragStart: (e: React.DragEvent) => {
      e.dataTransfer.setData(`application/x-jiedu-${kind}`, String(index));
      e.dataTransfer.effectAllowed = "move";
    },
    onDragOver: (e: React.DragEvent) => {
      if (e.dataTransfer.types.includes(`application/x-jiedu-${kind}`)) e.preventDefault();
    },
    onDrop: (e: React.DragEvent) => {
      const from = Number(e.dataTransfer.getData(`application/x-jiedu-${kind}`));
      if (Number.isInteger(from)) {
        e.preventDefault();
        onMove(from, index);
      }
    },
  };
}
