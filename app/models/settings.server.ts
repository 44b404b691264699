/**
 * Reads and writes the administrator-changeable settings (table settings, key → JSON) in the
 * shapes their readers expect (see app/domain/admin-settings.ts). One transaction per form,
 * with an audit row naming the keys changed and their old and new values.
 */
import { eq, inArray } from "drizzle-orm";
import { type Db, getDb } from "~/db/client.server";
import { settings } from "~/db/schema";
import {
  type AdminSettings,
  EXPORT_KEEP_JOBS_READ,
  EXPORT_KEEP_JOBS_SETTING,
  HOLIDAYS_SETTING,
  MAX_LAG_SETTING,
  QA_MIN_SETTING,
  SETTING_BOUNDS,
  SETTING_DEFAULTS,
  WARN_SHARE_SETTING,
  WORKDAYS_SETTING,
} from "~/domain/admin-settings";
import { calendarFromSettings } from "~/domain/dashboard/working-days";
import { DEFAULT_QA_MIN } from "~/domain/package/completeness";
import { DEFAULT_WARN_SHARE } from "~/domain/package/overlap";
import { appendAudit } from "./audit.server";

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

const KEYS = [HOLIDAYS_SETTING, WORKDAYS_SETTING, MAX_LAG_SETTING, QA_MIN_SETTING, WARN_SHARE_SETTING, EXPORT_KEEP_JOBS_SETTING];

function intIn(value: unknown, bounds: { min: number; max: number }, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= bounds.min && value <= bounds.max ? value : fallback;
}

/** The values in force, read the way their consumers read them (unreadable → the default). */
export function readAdminSettings(db: Db = getDb()): AdminSettings {
  const rows = db.select().from(settings).where(inArray(settings.key, KEYS)).all();
  const value = (key: string) => rows.find((r) => r.key === key)?.value;
  const calendar = calendarFromSettings(value(HOLIDAYS_SETTING), value(WORKDAYS_SETTING));
  const qaMin = value(QA_MIN_SETTING);
  const share = value(WARN_SHARE_SETTING);
  return {
    holidays: [...calendar.holidays].sort(),
    workdays: [...calendar.workdays].sort(),
    maxLagWorkingDays: intIn(value(MAX_LAG_SETTING), SETTING_BOUNDS.maxLagWorkingDays, SETTING_DEFAULTS.maxLagWorkingDays),
    // packages.server.ts takes any finite number for these two
    qaMinCount: typeof qaMin === "number" && Number.isFinite(qaMin) ? qaMin : SETTING_DEFAULTS.qaMinCount,
    warnShare: typeof share === "number" && Number.isFinite(share) ? share : SETTING_DEFAULTS.warnShare,
    exportKeepJobs: intIn(value(EXPORT_KEEP_JOBS_SETTING), EXPORT_KEEP_JOBS_READ, SETTING_DEFAULTS.exportKeepJobs),
  };
}

function numberSetting(db: Pick<Db, "select">, key: string, fallback: number): number {
  const row = db.select({ value: settings.value }).from(settings).where(eq(settings.key, key)).get();
  return typeof row?.value === "number" && Number.isFinite(row.value) ? row.value : fallback;
}

/** settings "qa.minCount" (default 3). */
export function qaMinCount(db: Pick<Db, "select"> = getDb()): number {
  return numberSetting(db, QA_MIN_SETTING, DEFAULT_QA_MIN);
}

/** settings "overlap.warnShare" (default 0.5), read by the editor's completeness panel and by 审校. */
export function overlapWarnShare(db: Pick<Db, "select"> = getDb()): number {
  return numberSetting(db, WARN_SHARE_SETTING, DEFAULT_WARN_SHARE);
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
