/**
 * The administrator's AI setting: whether the public interpretation page shows the
 * "AI 辅助生成" mark on an interpretation whose published version holds model text
 * (《人工智能生成合成内容标识办法》 explicit labelling). Stored in `settings` under ai.publicMark;
 * changes are audited like every other setting.
 */
import { eq } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { settings } from "~/db/schema";
import { appendAudit } from "~/models/audit.server";

export const AI_PUBLIC_MARK_SETTING = "ai.publicMark";
/** Labelled by default: the rules require AI-generated content to be identified. */
export const DEFAULT_AI_PUBLIC_MARK = true;

export async function aiPublicMark(db: Db): Promise<boolean> {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, AI_PUBLIC_MARK_SETTING)).get();
  return typeof row?.value === "boolean" ? row.value : DEFAULT_AI_PUBLIC_MARK;
}

export async function saveAiPublicMark(db: Db, value: boolean, actorId: number): Promise<void> {
  db.transaction((tx) => {
    const before = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, AI_PUBLIC_MARK_SETTING)).get()?.value ?? null;
    if (before === value) return;
    tx.insert(settings).values({ key: AI_PUBLIC_MARK_SETTING, value }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
    appendAudit(tx, { actorId, action: "admin.settings_changed", details: { group: "ai", changes: { [AI_PUBLIC_MARK_SETTING]: { from: before, to: value } } } });
  });
}
