/**
 * Reads and writes the administrator-changeable settings (table settings, key → JSON) in the
 * shapes their readers expect (see app/domain/admin-settings.ts). One transaction per form,
 * with an audit row naming the keys changed and their old and new values.
 */
import { eq, inArray } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { settings } from "~/db/schema";
import type { AdminSettings } from "~/domain/admin-settings";
import { calendarFromSettings } from "~/domain/dashboard/working-days";
import {
  EXPORT_KEEP_JOBS_SETTING,
  HOLIDAYS_SETTING,
  MAX_LAG_SETTING,
  QA_MIN_SETTING,
  type SettingKey,
  type SettingValue,
  WARN_SHARE_SETTING,
  WORKDAYS_SETTING,
  settingValue,
} from "~/domain/settings";
import { appendAudit } from "./audit.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
type Reader = Pick<Db, "select">;

/** One setting as its readers use it (absent or refused by its schema → the default). */
export function readSetting<K extends SettingKey>(db: Reader, key: K): SettingValue<K> {
  return settingValue(key, db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value);
}

/** Whether a row exists for the key, whatever it holds. */
export function settingStored(db: Reader, key: SettingKey): boolean {
  return db.select({ key: settings.key }).from(settings).where(eq(settings.key, key)).get() !== undefined;
}

/** Several settings in one query; the returned reader gives each as its schema reads it. */
export function readSettings<K extends SettingKey>(db: Reader, keys: readonly K[]): <P extends K>(key: P) => SettingValue<P> {
  const rows = db.select().from(settings).where(inArray(settings.key, [...keys])).all();
  return (key) => settingValue(key, rows.find((r) => r.key === key)?.value);
}

/** The values in force, read the way their consumers read them (unreadable → the default). */
export function readAdminSettings(db: Db = getDb()): AdminSettings {
  const value = readSettings(db, [HOLIDAYS_SETTING, WORKDAYS_SETTING, MAX_LAG_SETTING, QA_MIN_SETTING, WARN_SHARE_SETTING, EXPORT_KEEP_JOBS_SETTING]);
  const calendar = calendarFromSettings(value(HOLIDAYS_SETTING), value(WORKDAYS_SETTING));
  return {
    holidays: [...calendar.holidays].sort(),
    workdays: [...calendar.workdays].sort(),
    maxLagWorkingDays: value(MAX_LAG_SETTING),
    qaMinCount: value(QA_MIN_SETTING),
    warnShare: value(WARN_SHARE_SETTING),
    exportKeepJobs: value(EXPORT_KEEP_JOBS_SETTING),
  };
}

/** settings "qa.minCount" (default 3). */
export function qaMinCount(db: Reader = getDb()): number {
  return readSetting(db, QA_MIN_SETTING);
}

/** settings "overlap.warnShare" (default 0.5), read by the editor's completeness panel and by 审校. */
export function overlapWarnShare(db: Reader = getDb()): number {
  return readSetting(db, WARN_SHARE_SETTING);
}

function writeSettings(tx: Tx, values: Record<string, unknown>, actorId: number, group: string): void {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(values)) {
    const from = tx.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get()?.value ?? null;
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    tx.insert(settings).values({ key, value: to }).onConflictDoUpdate({ target: settings.key, set: { value: to } }).run();
    changes[key] = { from, to };
  }
  if (Object.keys(changes).length) appendAudit(tx, { actorId, action: "admin.settings_changed", details: { group, changes } });
}

/** Writes one settings group in one transaction (audit: the keys changed, old and new values). */
export function saveSettingsGroup(values: Partial<{ [K in SettingKey]: SettingValue<K> }>, actorId: number, group: string, db: Db = getDb()): void {
  db.transaction((tx) => writeSettings(tx, values, actorId, group));
}

export function saveCalendarSettings(
  input: { holidays: string[]; workdays: string[]; maxLagWorkingDays: number },
  actorId: number,
  db: Db = getDb(),
): void {
  db.transaction((tx) =>
    writeSettings(
      tx,
      { [HOLIDAYS_SETTING]: input.holidays, [WORKDAYS_SETTING]: input.workdays, [MAX_LAG_SETTING]: input.maxLagWorkingDays },
      actorId,
      "calendar",
    ),
  );
}

export function savePackageSettings(
  input: { qaMinCount: number; warnSharePercent: number; exportKeepJobs: number },
  actorId: number,
  db: Db = getDb(),
): void {
  db.transaction((tx) =>
    writeSettings(
      tx,
      { [QA_MIN_SETTING]: input.qaMinCount, [WARN_SHARE_SETTING]: input.warnSharePercent / 100, [EXPORT_KEEP_JOBS_SETTING]: input.exportKeepJobs },
      actorId,
      "package",
    ),
  );
}
