/**
 * What the 要素 check (app/domain/checks/elements.ts) needs from the database: the required
 * elements (settings "checks.requiredElements", a list of element ids; unreadable → all), and
 * whether the workbench links an earlier document this one replaces (新旧差异 is then required).
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { documents, settings } from "~/db/schema";
import { DEFAULT_REQUIRED_ELEMENTS, ELEMENTS_SETTING, ELEMENT_IDS, type ElementId, type ElementsOptions } from "~/domain/checks/elements";

type Reader = Pick<Db, "select">;

const elementList = z.array(z.enum(ELEMENT_IDS));

export function requiredElements(db: Reader): readonly ElementId[] {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, ELEMENTS_SETTING)).get();
  const parsed = elementList.safeParse(row?.value);
  return parsed.success ? [...new Set(parsed.data)] : DEFAULT_REQUIRED_ELEMENTS;
}

export function elementsOptionsFor(db: Reader, documentId: number): Pick<ElementsOptions, "required" | "replacesAnother"> {
  const replaced = db.select({ id: documents.id }).from(documents).where(eq(documents.replacedById, documentId)).get();
  return { required: requiredElements(db), replacesAnother: replaced !== undefined };
}
