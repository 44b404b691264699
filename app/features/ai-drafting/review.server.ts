/**
 * What reviewers see of AI drafting at every gate (and the history page): the fields of the
 * package that were taken over from the model — which model, when it generated them, who
 * accepted them, whether they were edited first, and the prompt's SHA-256.
 */
import type { Db } from "~/db/client.server";
import { describeField } from "~/domain/package/field-labels";
import { acceptedFields } from "./store.server";

export type AiFieldRow = {
  field: string;
  label: string;
  model: string;
  generatedAt: string;
  acceptedAt: string;
  acceptedByName: string | null;
  edited: boolean;
  promptSha256: string;
  version: number;
};

const PLAN_LABELS: Record<string, string> = { "plan.outline": "解读方案 · 提纲", "plan.forms": "解读方案 · 解读形式", "plan.channels": "解读方案 · 发布渠道" };

export function aiFieldLabel(field: string): string {
  const plan = PLAN_LABELS[field];
  if (plan) return plan;
  const slots = /^(graphics\[\d+\])\.slots$/.exec(field);
  if (slots) return `${describeField(slots[1])} · 文字`;
  const chart = /^(charts\[\d+\])\.(title|altText)$/.exec(field);
  if (chart) return `${describeField(chart[1])} · ${chart[2] === "title" ? "标题" : "替代文字"}`;
  return describeField(field);
}

/** The package's AI fields, the latest acceptance of each field first. */
export async function aiFieldRows(db: Db, packageId: number): Promise<AiFieldRow[]> {
  const rows = await acceptedFields(db, packageId);
  const latest = new Map<string, AiFieldRow>();
  for (const r of rows) {
    latest.set(r.field, {
      field: r.field,
      label: aiFieldLabel(r.field),
      model: r.model,
      generatedAt: r.generatedAt,
      acceptedAt: r.acceptedAt,
      acceptedByName: r.acceptedByName,
      edited: r.edited,
      promptSha256: r.promptSha256,
      version: r.version,
    });
  }
  return [...latest.values()].sort((a, b) => b.acceptedAt.localeCompare(a.acceptedAt) || a.field.localeCompare(b.field));
}
