/**
 * What the 要素 check (app/domain/checks/elements.ts) needs from the database: the required
 * elements (settings "checks.requiredElements", a list of element ids; unreadable → all), and
 * whether the workbench links an earlier document this one replaces (新旧差异 is then required).
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { documents } from "~/db/schema";
import { ELEMENT_IDS, type ElementId, type ElementsOptions } from "~/domain/checks/elements";
import { ELEMENTS_SETTING } from "~/domain/settings";
import { readSetting, saveSettingsGroup } from "~/models/settings.server";

type Reader = Pick<Db, "select">;

const elementList = z.array(z.enum(ELEMENT_IDS));

export function requiredElements(db: Reader): readonly ElementId[] {
  return [...new Set(readSetting(db, ELEMENTS_SETTING))];
}

export function elementsOptionsFor(db: Reader, documentId: number): Pick<ElementsOptions, "required" | "replacesAnother"> {
  const replaced = db.select({ id: documents.id }).from(documents).where(eq(documents.replacedById, documentId)).get();
  return { required: requiredElements(db), replacesAnother: replaced !== undefined };
}

/** Saves the required elements from the settings form (checkbox values); unknown ids are refused. */
export function saveRequiredElements(raw: string[], actorId: number, db: Db): { ok: true } | { ok: false; reason: string } {
  const parsed = elementList.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "要素清单中有无法识别的项目，请刷新页面后重新勾选。" };
  saveSettingsGroup({ [ELEMENTS_SETTING]: ELEMENT_IDS.filter((id) => parsed.data.includes(id)) }, actorId, "elements", db);
  return { ok: true };
}
