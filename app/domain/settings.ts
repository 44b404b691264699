/**
 * The administrator-changeable settings (table `settings`, key → JSON), one entry per key: its
 * schema and its default. Every reader goes through `settingValue` (pure) or
 * app/models/settings.server.ts `readSetting` (the table), so a value the schema refuses — a
 * hand-edited row, an old format — reads as the default everywhere alike.
 *
 * The admin form offers narrower bounds than some schemas accept (app/domain/admin-settings.ts
 * SETTING_BOUNDS): the schema is what a reader tolerates, the form what an officer may choose.
 */
import { z } from "zod";
import { ELEMENT_IDS, type ElementId } from "./checks/elements";
import { dayNumber } from "./dashboard/period";

const dateList = z.array(z.string().refine((s) => dayNumber(s) !== null));

function setting<T>(schema: z.ZodType<T>, fallback: T): { schema: z.ZodType<T>; default: T } {
  return { schema, default: fallback };
}

export const SETTINGS = {
  /** statutory holidays that fall on weekdays (yyyy-mm-dd), app/domain/dashboard/working-days.ts */
  "calendar.holidays": setting(dateList, []),
  /** weekend make-up working days (调休上班) */
  "calendar.workdays": setting(dateList, []),
  /** how many working days an interpretation may lag its document (及时性) */
  "publish.maxLagWorkingDays": setting(z.number().int().min(0).max(60), 3),
  /** the fewest 简明问答 a complete package has */
  "qa.minCount": setting(z.number().finite(), 3),
  /** share (0–1) of an interpretation copied from the document above which 审校 warns */
  "overlap.warnShare": setting(z.number().finite(), 0.5),
  /** how many of a package's newest finished exports the retention keeps */
  "export.keepJobs": setting(z.number().int().min(1).max(1000), 3),
  /** present once an administrator has saved the word list (the seed then leaves it alone) */
  "wordRules.managed": setting<boolean>(z.literal(true), false),
  /** the 要素 every interpretation must cover (app/domain/checks/elements.ts); unreadable → all */
  "checks.requiredElements": setting<readonly ElementId[]>(z.array(z.enum(ELEMENT_IDS)), ELEMENT_IDS),
} as const;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]["default"];

/** A stored value as its readers use it: the value when the key's schema accepts it, else the default. */
export function settingValue<K extends SettingKey>(key: K, raw: unknown): SettingValue<K> {
  const entry: { schema: z.ZodType<SettingValue<K>>; default: SettingValue<K> } = SETTINGS[key];
  const parsed = entry.schema.safeParse(raw);
  return parsed.success ? parsed.data : entry.default;
}

export const HOLIDAYS_SETTING = "calendar.holidays" satisfies SettingKey;
export const WORKDAYS_SETTING = "calendar.workdays" satisfies SettingKey;
export const MAX_LAG_SETTING = "publish.maxLagWorkingDays" satisfies SettingKey;
export const QA_MIN_SETTING = "qa.minCount" satisfies SettingKey;
export const WARN_SHARE_SETTING = "overlap.warnShare" satisfies SettingKey;
export const EXPORT_KEEP_JOBS_SETTING = "export.keepJobs" satisfies SettingKey;
export const WORD_RULES_MANAGED_SETTING = "wordRules.managed" satisfies SettingKey;
export const ELEMENTS_SETTING = "checks.requiredElements" satisfies SettingKey;

export const DEFAULT_MAX_LAG_WORKING_DAYS = SETTINGS[MAX_LAG_SETTING].default;
export const DEFAULT_QA_MIN = SETTINGS[QA_MIN_SETTING].default;
export const DEFAULT_WARN_SHARE = SETTINGS[WARN_SHARE_SETTING].default;
export const DEFAULT_EXPORT_KEEP_JOBS = SETTINGS[EXPORT_KEEP_JOBS_SETTING].default;
