import type { DocumentState } from "~/db/schema";
import { STATE_LABELS, STATE_TONES } from "~/domain/labels";

export function StatusBadge({ status }: { status: DocumentState }) {
  return <span className={`badge badge-${STATE_TONES[status]}`}>{STATE_LABELS[status]}</span>;
}
