import { type DocumentState, STATE_LABELS, STATE_TONES } from "~/domain/vocabulary";

export function StatusBadge({ status }: { status: DocumentState }) {
  return <span className={`badge badge-${STATE_TONES[status]}`}>{STATE_LABELS[status]}</span>;
}
