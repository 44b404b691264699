/**
 * The assessment dashboard's figures, computed by SQLite (definitions: app/domain/dashboard/metrics.ts).
 *
 * Two ways to the same figures:
 * - "maintained" (the default, what the pages use): read models that SQLite triggers keep in step
 *   with every write (drizzle/0007_dashboard_triggers.sql), so the cost is bounded by
 *   departments × months, not by documents:
 *     dashboard_facts        one row per document: department, state, publication instants, form bits
 *     dashboard_month_counts the additive counts of dashboard_facts per CST month × department
 *     dashboard_check_hits   audit 'checks.caught' / 'checks.blocked' rows exploded per rule
 * - "scan" / "probe": the same definitions recomputed from the source tables (documents,
 *   packages, the form tables, audit_log). Tests and `dashboardDrift` check the read models
 *   against them.
 *
 * Map of dashboardFigures (maintained):
 *   1. counts   — whole months of the period from dashboard_month_counts, grouped per department
 *                 and per month in SQL; the days before/after them (custom periods) from
 *                 dashboard_facts; the total is the sum of the departments
 *   2. lags     — only the interpreted-but-not-synchronous documents (legacy imports) are read
 *                 row by row (partial index), because working days need the holiday calendar
 *   3. waiting  — snapshot now: where each unfinished package waits (gates in parallel; a gate
 *                 waits until it has a pass in the current round) since it entered its state
 *                 (latest audit_log row with that to_state, one index seek), grouped into buckets
 *   4. checks   — dashboard_check_hits in the period, summed per rule
 * Nothing loads all documents into memory.
 */
import { z } from "zod";
import { type Db, getDb } from "~/db/client.server";
import {
  type CheckRuleFigures,
  type Counts,
  type DashboardFigures,
  type DepartmentFigures,
  type LagFigures,
  type MonthFigures,
  type WaitingBucket,
  type WaitingFigures,
  WAITING_BUCKETS,
  WAITING_STAGES,
  WAITING_STAGE_LABELS,
  addCounts,
  addLag,
  emptyCounts,
  emptyLag,
  withRates,
} from "~/domain/dashboard/metrics";
import { type Period, localDate, monthsOf, splitAtWholeMonths } from "~/domain/dashboard/period";
import { type WorkingCalendar, calendarFromSettings, workingDaysBetween } from "~/domain/dashboard/working-days";
import { HOLIDAYS_SETTING, MAX_LAG_SETTING, WORKDAYS_SETTING } from "~/domain/settings";
import { readSettings } from "~/models/settings.server";
import { type CountStrategy, int } from "./sql.server";
import { CHECKS_SQL, CHECK_HITS_SQL, COUNTS_SQL, DEPARTMENTS_SQL, FORM_KEYS, LAGGED_FACTS_SQL, LAGGED_SQL, LONG_SPAN_MONTHS, MONTHS_SQL, PARTIAL_SQL, SCOPE_SIZE_SQL, type SourceStrategy, WAITING_SQL, checksRow, type counters, countsRow, departmentRow, formCount, groupRow, laggedRow, prepared, waitingRow } from "./sql.server";

// ---------------------------------------------------------------------------------------------

export type DashboardSettings = { calendar: WorkingCalendar; maxLagWorkingDays: number };

export function dashboardSettings(db: Db = getDb()): DashboardSettings {
  const value = readSettings(db, [HOLIDAYS_SETTING, WORKDAYS_SETTING, MAX_LAG_SETTING]);
  return { calendar: calendarFromSettings(value(HOLIDAYS_SETTING), value(WORKDAYS_SETTING)), maxLagWorkingDays: value(MAX_LAG_SETTING) };
}

export type DashboardOptions = {
  departmentId?: number | null;
  now?: Date;
  settings?: DashboardSettings;
  /** where the figures come from (default "maintained"); the others recompute from the source tables (tests, benchmark) */
  strategy?: CountStrategy;
};

/** Probing costs ≈ 4× per document what scanning costs per package (measured on the benchmark). */
function chooseSourceStrategy(db: Db, params: { start: string; end: string; dept: number | null }): SourceStrategy {
  const size = z.object({ docs: int, packages: int }).parse(prepared(db, SCOPE_SIZE_SQL).get(params));
  return size.docs * 4 < size.packages ? "probe" : "scan";
}

function countsOf(row: z.infer<typeof counters>): Counts {
  const forms = formCount.parse(row);
  const c = emptyCounts();
  c.published = row.published;
  c.notRequired = row.not_required;
  c.required = row.required;
  c.interpreted = row.interpreted;
  c.synced = row.synced;
  c.lagged = row.lagged;
  c.singleForm = row.single_form;
  for (const f of FORM_KEYS) c.forms[f] = forms[`form_${f}`] ?? 0;
  return c;
}

/** Lag of one legacy document in working days, from the CST publication days. */
export function lagOf(dpub: string, ppub: string, calendar: WorkingCalendar): number {
  const from = localDate(dpub);
  const to = localDate(ppub);
  return from && to ? workingDaysBetween(from, to, calendar) : 0;
}

type Scope = { start: string; end: string; dept: number | null };
type Grouped = { byDept: Map<number, Counts>; byMonth: Map<string, Counts>; total: Counts; lagByDept: Map<number, LagFigures>; totalLag: LagFigures };

function addTo<K>(map: Map<K, Counts>, key: K, c: Counts): void {
  const into = map.get(key);
  if (into) addCounts(into, c);
  else map.set(key, addCounts(emptyCounts(), c));
}

/** Counts and lags from the trigger-kept read models. */
function maintainedCounts(db: Db, period: Period, scope: Scope, settings: DashboardSettings): Grouped {
  const byDept = new Map<number, Counts>();
  const byMonth = new Map<string, Counts>();
  const split = splitAtWholeMonths(period);
  const rows: unknown[] = [];
  if (split.months) {
    const params = { first: split.months.first, last: split.months.last };
    const monthIndex = (ym: string) => Number(ym.slice(0, 4)) * 12 + Number(ym.slice(5, 7));
    const span = monthIndex(params.last) - monthIndex(params.first) + 1;
    const sql = scope.dept !== null ? MONTHS_SQL.department : span >= LONG_SPAN_MONTHS ? MONTHS_SQL.long : MONTHS_SQL.short;
    rows.push(...prepared(db, sql).all(scope.dept === null ? params : { ...params, dept: scope.dept }));
  }
  for (const range of split.partial) rows.push(...prepared(db, PARTIAL_SQL).all({ ...range, dept: scope.dept }));
  for (const raw of rows) {
    const row = groupRow.parse(raw);
    const c = countsOf(row);
    if (row.grp !== "m" && row.dept !== null) addTo(byDept, row.dept, c);
    if (row.grp !== "d" && row.month !== null) addTo(byMonth, row.month, c);
  }
  // every counted document is in exactly one department group
  const total = emptyCounts();
  for (const c of byDept.values()) addCounts(total, c);
  return { byDept, byMonth, total, ...lags(db, LAGGED_FACTS_SQL, scope, settings) };
}

/** Counts and lags recomputed from the source tables (the reference the read models are checked against). */
function sourceCounts(db: Db, scope: Scope, settings: DashboardSettings, strategy: SourceStrategy): Grouped {
  const byDept = new Map<number, Counts>();
  const byMonth = new Map<string, Counts>();
  const total = emptyCounts();
  for (const raw of prepared(db, COUNTS_SQL[strategy]).all(scope)) {
    const row = countsRow.parse(raw);
    const c = countsOf(row);
    addTo(byDept, row.dept, c);
    addTo(byMonth, row.month, c);
    addCounts(total, c);
  }
  return { byDept, byMonth, total, ...lags(db, LAGGED_SQL, scope, settings) };
}

function lags(db: Db, sql: string, scope: Scope, settings: DashboardSettings): Pick<Grouped, "lagByDept" | "totalLag"> {
  const lagByDept = new Map<number, LagFigures>();
  const totalLag = emptyLag();
  for (const raw of prepared(db, sql).all(scope)) {
    const row = laggedRow.parse(raw);
    const lag = lagOf(row.dpub, row.ppub, settings.calendar);
    const l = lagByDept.get(row.dept) ?? emptyLag();
    lagByDept.set(row.dept, addLag(l, lag, settings.maxLagWorkingDays));
    addLag(totalLag, lag, settings.maxLagWorkingDays);
  }
  return { lagByDept, totalLag };
}

export function dashboardFigures(period: Period, options: DashboardOptions = {}, db: Db = getDb()): DashboardFigures {
  const settings = options.settings ?? dashboardSettings(db);
  const dept = options.departmentId ?? null;
  const scope: Scope = { start: period.startInstant, end: period.endInstant, dept };
  const strategy = options.strategy ?? "maintained";

  // 1–2. additive counts per department and per month, lags of the few non-synchronous documents
  const { byDept, byMonth, total, lagByDept, totalLag } =
    strategy === "maintained"
      ? maintainedCounts(db, period, scope, settings)
      : sourceCounts(db, scope, settings, strategy === "source" ? chooseSourceStrategy(db, scope) : strategy);

  const departments: DepartmentFigures[] = prepared(db, DEPARTMENTS_SQL)
    .all({ dept })
    .map((raw) => departmentRow.parse(raw))
    .map((d) => ({
      departmentId: d.id,
      departmentName: d.name,
      ...withRates(byDept.get(d.id) ?? emptyCounts(), lagByDept.get(d.id) ?? emptyLag()),
    }));

  const months: MonthFigures[] = monthsOf(period).map((month) => ({ month, ...withRates(byMonth.get(month) ?? emptyCounts()) }));

  return {
    period: { label: period.label, from: period.from, to: period.to },
    maxLagWorkingDays: settings.maxLagWorkingDays,
    total: withRates(total, totalLag),
    departments,
    months,
    waiting: waitingFigures(db, dept, options.now ?? new Date(), strategy === "maintained" ? "maintained" : "source"),
    checks: checkFigures(db, scope, strategy),
  };
}

function waitingFigures(db: Db, dept: number | null, now: Date, from: "maintained" | "source"): WaitingFigures[] {
  const stages = new Map(
    WAITING_STAGES.map((stage) => [
      stage,
      { count: 0, totalDays: 0, maxDays: null as number | null, buckets: Object.fromEntries(WAITING_BUCKETS.map((b) => [b.key, 0])) },
    ]),
  );
  for (const raw of prepared(db, WAITING_SQL[from]).all({ dept, now: now.toISOString() })) {
    const row = waitingRow.parse(raw);
    const s = stages.get(WAITING_STAGES.find((k) => k === row.stage) ?? "submitted");
    if (!s || !WAITING_STAGES.some((k) => k === row.stage)) continue;
    s.count += row.n;
    s.totalDays += row.total_days;
    s.maxDays = Math.max(s.maxDays ?? 0, row.max_days);
    s.buckets[row.bucket] = (s.buckets[row.bucket] ?? 0) + row.n;
  }
  const round1 = (v: number) => Math.round(v * 10) / 10;
  return WAITING_STAGES.map((stage) => {
    const s = stages.get(stage);
    const buckets = Object.fromEntries(WAITING_BUCKETS.map((b) => [b.key, s?.buckets[b.key] ?? 0]));
    const count = s?.count ?? 0;
    return {
      stage,
      label: WAITING_STAGE_LABELS[stage],
      count,
      averageDays: count > 0 && s ? round1(s.totalDays / count) : null,
      maxDays: s?.maxDays === null || s?.maxDays === undefined ? null : round1(s.maxDays),
      buckets: bucketsOf(buckets),
    };
  });
}

function bucketsOf(raw: Record<string, number>): Record<WaitingBucket, number> {
  return { lt1: raw.lt1 ?? 0, "1to3": raw["1to3"] ?? 0, "3to7": raw["3to7"] ?? 0, "7to14": raw["7to14"] ?? 0, ge14: raw.ge14 ?? 0 };
}

function checkFigures(db: Db, scope: Scope, strategy: CountStrategy): CheckRuleFigures[] {
  const rows =
    strategy !== "maintained"
      ? prepared(db, CHECKS_SQL).all(scope)
      : scope.dept === null
        ? prepared(db, CHECK_HITS_SQL.all).all({ start: scope.start, end: scope.end })
        : prepared(db, CHECK_HITS_SQL.department).all(scope);
  return rows.map((raw) => checksRow.parse(raw));
}
