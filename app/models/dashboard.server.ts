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
import type Database from "better-sqlite3";
import { z } from "zod";
import { type Db, getDb } from "~/db/client.server";
import type { Gate } from "~/db/schema";
import {
  type CheckRuleFigures,
  type Counts,
  type DashboardFigures,
  type DepartmentFigures,
  type DocumentFacts,
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
  missingItems,
  withRates,
} from "~/domain/dashboard/metrics";
import { type Period, localDate, monthsOf, splitAtWholeMonths } from "~/domain/dashboard/period";
import {
  DEFAULT_MAX_LAG_WORKING_DAYS,
  HOLIDAYS_SETTING,
  MAX_LAG_SETTING,
  WORKDAYS_SETTING,
  type WorkingCalendar,
  calendarFromSettings,
  workingDaysBetween,
} from "~/domain/dashboard/working-days";
import { FORM_LABELS, type InterpretationForm } from "~/domain/package/content";

// ---------------------------------------------------------------------------------------------
// SQL fragments shared by the aggregate and the row queries, so both count the same thing.

/** Whitespace that JavaScript's String.prototype.trim removes (formsPresent trims with it). */
const JS_WHITESPACE = [9, 10, 11, 12, 13, 32, 160, 5760, ...range(8192, 8202), 8232, 8233, 8239, 8287, 12288, 65279];
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
const TRIM_SET = `char(${JS_WHITESPACE.join(",")})`;

/** One boolean column per form; `p` is the package row. Mirrors `formsPresent` exactly. */
const FORM_EXISTS: Record<InterpretationForm, string> = {
  text: `EXISTS (SELECT 1 FROM json_each(p.sections) j WHERE j.type = 'text' AND trim(j.value, ${TRIM_SET}) <> '')`,
  qa: "EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = p.id)",
  chart: "EXISTS (SELECT 1 FROM charts x WHERE x.package_id = p.id)",
  graphic: "EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = p.id)",
  case: "EXISTS (SELECT 1 FROM cases x WHERE x.package_id = p.id)",
  // a recorded video, or a storyboard the exporter turns into one (app/features/video)
  video: "(EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND x.kind = 'video') OR (CASE WHEN json_valid(p.video) THEN coalesce(json_array_length(p.video, '$.scenes'), 0) ELSE 0 END > 0))",
  press: "EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND x.kind IN ('press_conference', 'briefing'))",
  head: "EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview'))",
};
const FORM_KEYS = Object.keys(FORM_EXISTS).filter((k): k is InterpretationForm => k in FORM_LABELS);

/** Public documents: withdrawn ones no longer count for the assessment. */
const PUBLIC_STATES = "('published', 'correcting')";

/**
 * Same instant. Written by one statement, the strings are equal (cheap test first); legacy imports
 * may spell the instant differently (with/without milliseconds), hence the julianday fallback.
 */
const SAME_INSTANT = "(p.published_at = d.published_at OR abs(julianday(p.published_at) - julianday(d.published_at)) < 1.0 / 86400000)";
const SAME_INSTANT_FACTS = "(f.package_published_at = f.published_at OR abs(julianday(f.package_published_at) - julianday(f.published_at)) < 1.0 / 86400000)";

/** Bit per form in the set-based aggregate (text = 1, qa = 2, … head = 128). */
const FORM_BIT: Record<InterpretationForm, number> = { text: 1, qa: 2, chart: 4, graphic: 8, case: 16, video: 32, press: 64, head: 128 };

/**
 * Form bits per package, set-based (a form found by two rows — a recorded video and a storyboard
 * — is one bit: the per-bit max is a bitwise OR): each child table is scanned once along its package index and
 * grouped, instead of eight probes per document (measured ≈10× faster on 100,000 documents).
 * The conditions are those of FORM_EXISTS / formsPresent.
 */
const PACKAGE_FORMS = `
  package_forms AS MATERIALIZED (
    SELECT package_id, ${Object.values(FORM_BIT).map((b) => `max(bit & ${b})`).join(" + ")} AS bits FROM (
      SELECT p.id AS package_id, ${FORM_BIT.text} AS bit FROM packages p WHERE p.sections <> '{}' AND ${FORM_EXISTS.text}
      UNION ALL SELECT package_id, ${FORM_BIT.qa} FROM qa_items GROUP BY package_id
      UNION ALL SELECT package_id, ${FORM_BIT.chart} FROM charts GROUP BY package_id
      UNION ALL SELECT package_id, ${FORM_BIT.graphic} FROM graphics GROUP BY package_id
      UNION ALL SELECT package_id, ${FORM_BIT.case} FROM cases GROUP BY package_id
      UNION ALL SELECT package_id, ${FORM_BIT.video} * max(kind = 'video')
                                  + ${FORM_BIT.press} * max(kind IN ('press_conference', 'briefing'))
                                  + ${FORM_BIT.head} * max(speaker_is_head = 1 OR kind = 'head_interview')
                  FROM media_records GROUP BY package_id
      UNION ALL SELECT p.id, ${FORM_BIT.video} FROM packages p WHERE p.video IS NOT NULL AND ${FORM_EXISTS.video}
    ) GROUP BY package_id
  )`;

/** Number of set bits of an 8-bit form mask, in SQL. */
const FORM_COUNT = FORM_KEYS.map((f) => `((bits & ${FORM_BIT[f]}) > 0)`).join(" + ");

/** The documents in scope: published in [:start, :end), still public, `:dept` null = all. */
const IN_SCOPE = `
       d.published_at >= :start AND d.published_at < :end
       AND d.status IN ${PUBLIC_STATES}
       AND (:dept IS NULL OR d.department_id = :dept)`;

/**
 * The source recomputation gets each document's form bits in one of two ways ("source" chooses
 * by the size of the scope; same definition, both checked against formsPresent in tests):
 * - "scan": join the set-based package_forms (constant cost ∝ all child rows — best when the
 *   period covers a large part of the data, e.g. several years);
 * - "probe": eight index probes per document in scope (cost ∝ documents in the period — best for
 *   the usual year, quarter or month).
 * Only an interpreted document's forms are counted, so packages not public are not probed.
 */
const SCOPED_SCAN = `
  ${PACKAGE_FORMS},
  scoped AS (
    SELECT d.department_id AS dept,
           strftime('%Y-%m', d.published_at, '+8 hours') AS month,
           d.interpretation_required AS req,
           (p.published_at IS NOT NULL) AS pkg_public,
           coalesce(pf.bits, 0) AS bits,
           (p.published_at IS NOT NULL AND ${SAME_INSTANT}) AS same_instant
      FROM documents d INDEXED BY documents_dashboard_idx
      LEFT JOIN packages p INDEXED BY packages_document_published_idx ON p.document_id = d.id
      LEFT JOIN package_forms pf ON pf.package_id = p.id
     WHERE ${IN_SCOPE}
  )`;

const PROBED_BITS = FORM_KEYS.map((f) => `(${FORM_EXISTS[f]}) * ${FORM_BIT[f]}`).join("\n             + ");

const SCOPED_PROBE = `
  scoped AS MATERIALIZED (
    SELECT d.department_id AS dept,
           strftime('%Y-%m', d.published_at, '+8 hours') AS month,
           d.interpretation_required AS req,
           (p.published_at IS NOT NULL) AS pkg_public,
           CASE WHEN p.published_at IS NULL OR d.interpretation_required = 0 THEN 0
                ELSE ${PROBED_BITS} END AS bits,
           (p.published_at IS NOT NULL AND ${SAME_INSTANT}) AS same_instant
      FROM documents d INDEXED BY documents_dashboard_idx
      LEFT JOIN packages p ON p.document_id = d.id
     WHERE ${IN_SCOPE}
  )`;

/** `interpreted` follows the definition in metrics.ts. */
const countsSql = (scoped: string) => `
  WITH ${scoped},
  facts AS (SELECT *, (req = 1 AND pkg_public AND bits > 0) AS interpreted FROM scoped)
  SELECT dept, month,
         count(*) AS published,
         sum(req = 0) AS not_required,
         sum(req = 1) AS required,
         sum(interpreted) AS interpreted,
         sum(interpreted AND same_instant) AS synced,
         sum(interpreted AND NOT same_instant) AS lagged,
         sum(interpreted AND (${FORM_COUNT}) = 1) AS single_form,
         ${FORM_KEYS.map((f) => `sum(interpreted AND (bits & ${FORM_BIT[f]}) > 0) AS form_${f}`).join(",\n         ")}
    FROM facts
   GROUP BY dept, month`;

/**
 * "maintained": the trigger-kept read models; "scan" / "probe": recomputed from the source tables;
 * "source": scan or probe, whichever suits the scope's size (the pre-read-model default).
 */
export type CountStrategy = "maintained" | "source" | "scan" | "probe";
type SourceStrategy = "scan" | "probe";
const COUNTS_SQL: Record<SourceStrategy, string> = { scan: countsSql(SCOPED_SCAN), probe: countsSql(SCOPED_PROBE) };

const SCOPE_SIZE_SQL = `
  SELECT (SELECT count(*) FROM documents d INDEXED BY documents_dashboard_idx WHERE ${IN_SCOPE}) AS docs,
         (SELECT coalesce(max(id), 0) FROM packages) AS packages`;

// ---------------------------------------------------------------------------------------------
// The maintained read models (columns: app/db/schema.ts, triggers: drizzle/0007_dashboard_triggers.sql).

/** The additive counters, named as the source aggregate names them (countsRow parses both). */
const COUNTERS = ["published", "not_required", "required", "interpreted", "synced", "lagged", "single_form", ...FORM_KEYS.map((f) => `form_${f}`)];
const SUM_COUNTERS = COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(", ");

/**
 * Whole months from dashboard_month_counts, grouped in SQL per department ('d') and per month
 * ('m'), from covering indexes: a ten-year period reads 200 × 120 small index entries and
 * returns 320 rows. Over a long span, walking the department-ordered index groups without a
 * sort; over a short one the month range is the smaller read.
 */
const monthsSql = (departmentIndex: string) => `
  SELECT 'd' AS grp, department_id AS dept, NULL AS month, ${SUM_COUNTERS}
    FROM dashboard_month_counts INDEXED BY ${departmentIndex}
   WHERE month >= :first AND month <= :last GROUP BY department_id
  UNION ALL
  SELECT 'm', NULL, month, ${SUM_COUNTERS}
    FROM dashboard_month_counts INDEXED BY dashboard_month_counts_month_cover_idx
   WHERE month >= :first AND month <= :last GROUP BY month`;
/** From this many whole months on, the department-ordered walk is cheaper (measured). */
const LONG_SPAN_MONTHS = 36;
const MONTHS_SQL = {
  short: monthsSql("dashboard_month_counts_month_cover_idx"),
  long: monthsSql("dashboard_month_counts_department_cover_idx"),
  department: `
  SELECT 'x' AS grp, department_id AS dept, month, ${COUNTERS.join(", ")}
    FROM dashboard_month_counts INDEXED BY dashboard_month_counts_department_cover_idx
   WHERE department_id = :dept AND month >= :first AND month <= :last`,
};

/** The counters over dashboard_facts rows (the month-count triggers add exactly these per row). */
const FACT_COUNTERS = `
         count(*) AS published,
         sum(interpretation_required = 0) AS not_required,
         sum(interpretation_required = 1) AS required,
         sum(interpreted) AS interpreted,
         sum(synced) AS synced,
         sum(interpreted AND NOT synced) AS lagged,
         sum(interpreted AND (form_bits & (form_bits - 1)) = 0) AS single_form,
         ${FORM_KEYS.map((f) => `sum(interpreted AND (form_bits & ${FORM_BIT[f]}) > 0) AS form_${f}`).join(",\n         ")}`;

/** The days of a custom period outside its whole months, per department × month (covering partial index). */
const PARTIAL_SQL = `
  SELECT 'x' AS grp, department_id AS dept, month, ${FACT_COUNTERS}
    FROM dashboard_facts INDEXED BY dashboard_facts_published_idx
   WHERE counted = 1 AND published_at >= :start AND published_at < :end
     AND (:dept IS NULL OR department_id = :dept)
   GROUP BY department_id, month`;

/** Interpreted but not at the same instant: the partial index holds only these rows. */
const LAGGED_FACTS_SQL = `
  SELECT department_id AS dept, published_at AS dpub, package_published_at AS ppub
    FROM dashboard_facts INDEXED BY dashboard_facts_lagged_idx
   WHERE counted = 1 AND interpreted = 1 AND synced = 0
     AND published_at >= :start AND published_at < :end
     AND (:dept IS NULL OR department_id = :dept)`;

const CHECK_HITS_SQL = {
  all: `
  SELECT rule, sum(errors) AS errors, count(DISTINCT document_id) AS documents
    FROM dashboard_check_hits WHERE at >= :start AND at < :end
   GROUP BY rule ORDER BY errors DESC, rule`,
  department: `
  SELECT h.rule, sum(h.errors) AS errors, count(DISTINCT h.document_id) AS documents
    FROM dashboard_check_hits h JOIN documents d ON d.id = h.document_id
   WHERE h.at >= :start AND h.at < :end AND d.department_id = :dept
   GROUP BY h.rule ORDER BY errors DESC, h.rule`,
};

/** Only legacy rows: the cheap conditions first, the form EXISTS (short-circuit OR) last. */
const LAGGED_SQL = `
  SELECT d.department_id AS dept, d.published_at AS dpub, p.published_at AS ppub
    FROM documents d INDEXED BY documents_dashboard_idx
    JOIN packages p ON p.document_id = d.id
   WHERE d.published_at >= :start AND d.published_at < :end
     AND d.status IN ${PUBLIC_STATES}
     AND (:dept IS NULL OR d.department_id = :dept)
     AND d.interpretation_required = 1 AND p.published_at IS NOT NULL AND NOT ${SAME_INSTANT}
     AND (${FORM_KEYS.map((f) => FORM_EXISTS[f]).join("\n          OR ")})`;

const DEPARTMENTS_SQL = `
  SELECT id, name FROM departments
   WHERE (:dept IS NULL OR id = :dept)
     AND (kind = 'drafting' OR EXISTS (SELECT 1 FROM documents d WHERE d.department_id = departments.id))
   ORDER BY id`;

/** Current waiting snapshot: one row per (stage, department-filter) bucket. */
const WAITING_CURRENT = {
  source: `
    SELECT d.id, d.status, p.id AS pid, p.round,
           coalesce((SELECT max(a.at) FROM audit_log a WHERE a.document_id = d.id AND a.to_state = d.status), d.updated_at) AS since
      FROM documents d JOIN packages p ON p.document_id = d.id
     WHERE d.status IN ('submitted', 'in_review', 'awaiting_signoff', 'signed')
       AND (:dept IS NULL OR d.department_id = :dept)`,
  /** the same from the facts' covering partial index (the documents' rows carry full texts) */
  maintained: `
    SELECT f.document_id AS id, f.status, f.package_id AS pid, f.round,
           coalesce((SELECT max(a.at) FROM audit_log a WHERE a.document_id = f.document_id AND a.to_state = f.status), f.updated_at) AS since
      FROM dashboard_facts f INDEXED BY dashboard_facts_waiting_idx
     WHERE f.status IN ('submitted', 'in_review', 'awaiting_signoff', 'signed') AND f.package_id IS NOT NULL
       AND (:dept IS NULL OR f.department_id = :dept)`,
};
const GATE_BIT = { political: 1, legal: 2, secrecy: 4, text: 8 } as const;

/**
 * Each waiting package once: days waited, and for one in review the gates passed in its current
 * round as a mask (one probe instead of one per gate); then one row per stage it waits at.
 */
const waitingSql = (current: string) => `
  WITH cur AS (${current}),
  timed AS MATERIALIZED (
    SELECT status, max(0, julianday(:now) - julianday(since)) AS days,
           CASE WHEN status = 'in_review' THEN
             (SELECT coalesce(sum(DISTINCT CASE r.gate ${Object.entries(GATE_BIT)
               .map(([g, bit]) => `WHEN '${g}' THEN ${bit}`)
               .join(" ")} ELSE 0 END), 0)
                FROM review_records r WHERE r.package_id = cur.pid AND r.round = cur.round AND r.verdict = 'pass')
           END AS passed
      FROM cur
  ),
  stages AS (
    SELECT status AS stage, days FROM timed WHERE status <> 'in_review'
    ${Object.entries(GATE_BIT)
      .map(([g, bit]) => `UNION ALL SELECT '${g}', days FROM timed WHERE status = 'in_review' AND (passed & ${bit}) = 0`)
      .join("\n    ")}
  )
  SELECT stage,
         CASE ${WAITING_BUCKETS.filter((b) => Number.isFinite(b.max))
           .map((b) => `WHEN days < ${b.max} THEN '${b.key}'`)
           .join(" ")} ELSE '${WAITING_BUCKETS[WAITING_BUCKETS.length - 1].key}' END AS bucket,
         count(*) AS n, sum(days) AS total_days, max(days) AS max_days
    FROM stages GROUP BY stage, bucket`;
const WAITING_SQL = { source: waitingSql(WAITING_CURRENT.source), maintained: waitingSql(WAITING_CURRENT.maintained) };

/**
 * 审校 errors caught before release. Contract with the writers (app/models/package-checks.server.ts):
 * an audit row with action 'checks.caught' (an editor save found errors not recorded before) or
 * 'checks.blocked' (a refused submission), details {rules: {<ruleId>: <count>}} (an array of rule
 * ids counts one per entry), document_id set or derivable from package_id. Each error is recorded
 * once, when first caught, so it stays counted after it is fixed.
 */
const CHECKS_SQL = `
  WITH blocked AS (
    SELECT a.details, coalesce(a.document_id, (SELECT p.document_id FROM packages p WHERE p.id = a.package_id)) AS doc
      FROM audit_log a
     WHERE a.action IN ('checks.caught', 'checks.blocked') AND a.at >= :start AND a.at < :end AND json_valid(a.details)
  ),
  hits AS (
    SELECT b.doc,
           CASE WHEN json_type(b.details, '$.rules') = 'array' THEN r.value ELSE r.key END AS rule,
           CASE WHEN json_type(b.details, '$.rules') = 'array' THEN 1 ELSE CAST(r.value AS INTEGER) END AS n
      FROM blocked b, json_each(b.details, '$.rules') r
     WHERE json_type(b.details, '$.rules') IN ('object', 'array')
  )
  SELECT h.rule, sum(h.n) AS errors, count(DISTINCT h.doc) AS documents
    FROM hits h LEFT JOIN documents d ON d.id = h.doc
   WHERE (:dept IS NULL OR d.department_id = :dept) AND h.rule IS NOT NULL
   GROUP BY h.rule ORDER BY errors DESC, h.rule`;

// ---------------------------------------------------------------------------------------------
// Row shapes, parsed (SQLite hands back unknowns).

const int = z.number().int();
const counters = z.object({
  published: int,
  not_required: int,
  required: int,
  interpreted: int,
  synced: int,
  lagged: int,
  single_form: int,
  ...Object.fromEntries(FORM_KEYS.map((f) => [`form_${f}`, int])),
});
const countsRow = counters.extend({ dept: int, month: z.string() });
/** 'd' a department over whole months, 'm' a whole month, 'x' one department × one month */
const groupRow = counters.extend({ grp: z.enum(["d", "m", "x"]), dept: int.nullable(), month: z.string().nullable() });
const formCount = z.object(Object.fromEntries(FORM_KEYS.map((f) => [`form_${f}`, int])));
const laggedRow = z.object({ dept: int, dpub: z.string(), ppub: z.string() });
const departmentRow = z.object({ id: int, name: z.string() });
const waitingRow = z.object({ stage: z.string(), bucket: z.string(), n: int, total_days: z.number(), max_days: z.number() });
const checksRow = z.object({ rule: z.union([z.string(), z.number()]).transform(String), errors: z.number(), documents: int });

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db.$client);
  if (!cache) {
    cache = new Map();
    statements.set(db.$client, cache);
  }
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = db.$client.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

// ---------------------------------------------------------------------------------------------

export type DashboardSettings = { calendar: WorkingCalendar; maxLagWorkingDays: number };

export function dashboardSettings(db: Db = getDb()): DashboardSettings {
  const read = (key: string): unknown => {
    const raw = prepared(db, "SELECT value FROM settings WHERE key = ?").pluck().get(key);
    if (typeof raw !== "string") return undefined;
    try {
      return JSON.parse(raw);
    } catch {
      return undefined;
    }
  };
  const lag = z.number().int().min(0).max(60).safeParse(read(MAX_LAG_SETTING));
  return {
    calendar: calendarFromSettings(read(HOLIDAYS_SETTING), read(WORKDAYS_SETTING)),
    maxLagWorkingDays: lag.success ? lag.data : DEFAULT_MAX_LAG_WORKING_DAYS,
  };
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

// ---------------------------------------------------------------------------------------------
// Department drill-down.

export const DRILLDOWN_LIMIT = 500;

/**
 * The department's rows are chosen, ordered and limited on dashboard_facts (narrow rows); only the
 * rows shown read their title from documents, whose rows carry the full texts.
 */
const DRILLDOWN_SQL = `
  WITH docs AS (
    SELECT f.document_id AS id, f.status, f.published_at, f.interpretation_required AS req, f.updated_at,
           f.package_id AS pid, f.round, f.package_published_at AS ppub, f.form_bits,
           (f.package_published_at IS NOT NULL AND f.published_at IS NOT NULL AND ${SAME_INSTANT_FACTS}) AS same_instant,
           count(*) OVER () AS total_rows
      FROM dashboard_facts f INDEXED BY dashboard_facts_department_idx
     WHERE f.department_id = :dept
       AND ((f.published_at >= :start AND f.published_at < :end AND f.status IN ${PUBLIC_STATES})
            OR f.status IN ('drafting', 'submitted', 'in_review', 'returned', 'awaiting_signoff', 'signed'))
     ORDER BY (f.published_at IS NULL) DESC, f.published_at DESC, f.updated_at DESC, f.document_id DESC
     LIMIT ${DRILLDOWN_LIMIT}
  )
  SELECT docs.*, d.title, d.doc_number, d.no_interpretation_reason,
         ${FORM_KEYS.map((f) => `((docs.form_bits & ${FORM_BIT[f]}) > 0) AS f_${f}`).join(",\n         ")},
         (SELECT group_concat(g.gate) FROM (SELECT 'political' AS gate UNION ALL SELECT 'legal' UNION ALL SELECT 'secrecy' UNION ALL SELECT 'text') g
           WHERE docs.status = 'in_review'
             AND NOT EXISTS (SELECT 1 FROM review_records r WHERE r.package_id = docs.pid AND r.round = docs.round
                              AND r.gate = g.gate AND r.verdict = 'pass')) AS open_gates
    FROM docs JOIN documents d ON d.id = docs.id
   ORDER BY (docs.published_at IS NULL) DESC, docs.published_at DESC, docs.updated_at DESC, docs.id DESC`;

const flag = z.number().int().transform((n) => n === 1);
const drilldownRow = z.object({
  id: int,
  title: z.string(),
  doc_number: z.string().nullable(),
  status: z.string(),
  published_at: z.string().nullable(),
  req: flag,
  no_interpretation_reason: z.string().nullable(),
  ppub: z.string().nullable(),
  same_instant: flag,
  total_rows: int,
  open_gates: z.string().nullable(),
  ...Object.fromEntries(FORM_KEYS.map((f) => [`f_${f}`, flag])),
});
const formFlags = z.object(Object.fromEntries(FORM_KEYS.map((f) => [`f_${f}`, flag])));

export type DrilldownDocument = {
  id: number;
  title: string;
  docNumber: string | null;
  status: string;
  publishedAt: string | null;
  forms: InterpretationForm[];
  lagWorkingDays: number | null;
  noInterpretationReason: string | null;
  missing: string[];
};

export type Drilldown = {
  department: { id: number; name: string };
  figures: DashboardFigures;
  documents: DrilldownDocument[];
  totalDocuments: number;
};

export function departmentExists(id: number, db: Db = getDb()): { id: number; name: string } | null {
  const raw = prepared(db, "SELECT id, name FROM departments WHERE id = ?").get(id);
  return raw === undefined ? null : departmentRow.parse(raw);
}

const isGate = (s: string): s is Gate => s === "political" || s === "legal" || s === "secrecy" || s === "text";

/** The department's documents (published in the period, or still in the workflow) and what each lacks. */
export function departmentDrilldown(departmentId: number, period: Period, options: DashboardOptions = {}, db: Db = getDb()): Drilldown | null {
  const department = departmentExists(departmentId, db);
  if (!department) return null;
  const settings = options.settings ?? dashboardSettings(db);
  const figures = dashboardFigures(period, { ...options, settings, departmentId }, db);
  let totalDocuments = 0;
  const documents = prepared(db, DRILLDOWN_SQL)
    .all({ dept: departmentId, start: period.startInstant, end: period.endInstant })
    .map((raw) => {
      const row = drilldownRow.parse(raw);
      const flags = formFlags.parse(raw);
      totalDocuments = row.total_rows;
      const forms = FORM_KEYS.filter((f) => flags[`f_${f}`]);
      const published = row.published_at !== null && (row.status === "published" || row.status === "correcting");
      const lag = published && row.ppub && !row.same_instant && row.published_at ? lagOf(row.published_at, row.ppub, settings.calendar) : null;
      const facts: DocumentFacts = {
        status: row.status,
        published,
        interpretationRequired: row.req,
        noInterpretationReason: row.no_interpretation_reason,
        packagePublished: row.ppub !== null,
        forms,
        synced: row.same_instant,
        lagWorkingDays: lag,
        openGates: (row.open_gates ?? "").split(",").filter(isGate),
      };
      return {
        id: row.id,
        title: row.title,
        docNumber: row.doc_number,
        status: row.status,
        publishedAt: row.published_at,
        forms,
        lagWorkingDays: lag,
        noInterpretationReason: row.req ? null : row.no_interpretation_reason,
        missing: missingItems(facts, settings.maxLagWorkingDays),
      };
    });
  return { department, figures, documents, totalDocuments };
}

/** Every package's forms by SQL, keyed by package id (tests compare it with `formsPresent`). */
export function formsBySql(db: Db = getDb()): Map<number, InterpretationForm[]> {
  const sql = `SELECT p.id AS pid, ${FORM_KEYS.map((f) => `${FORM_EXISTS[f]} AS f_${f}`).join(", ")} FROM packages p ORDER BY p.id`;
  const out = new Map<number, InterpretationForm[]>();
  for (const raw of prepared(db, sql).all()) {
    const { pid } = z.object({ pid: int }).parse(raw);
    const flags = formFlags.parse(raw);
    out.set(
      pid,
      FORM_KEYS.filter((f) => flags[`f_${f}`]),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Consistency of the read models with the source tables.

/**
 * Each document's facts recomputed from the source tables with the model's own form definitions
 * (FORM_EXISTS, the twin of formsPresent), independent of the trigger SQL.
 */
const FACTS_DRIFT_SQL = `
  WITH src AS (
    SELECT d.id, d.department_id, d.status, d.updated_at, d.published_at, d.interpretation_required AS req,
           p.id AS pid, p.round, p.published_at AS ppub,
           CASE WHEN p.id IS NULL THEN 0 ELSE ${PROBED_BITS} END AS bits
      FROM documents d LEFT JOIN packages p ON p.document_id = d.id
  )
  SELECT coalesce(src.id, f.document_id) AS id
    FROM src FULL JOIN dashboard_facts f ON f.document_id = src.id
   WHERE src.id IS NULL OR f.document_id IS NULL
      OR (src.department_id, src.status, src.updated_at, src.published_at, src.req, src.pid, src.round, src.ppub, src.bits)
         IS NOT (f.department_id, f.status, f.updated_at, f.published_at, f.interpretation_required, f.package_id, f.round,
                 f.package_published_at, f.form_bits)
   ORDER BY 1`;

const MONTH_COUNTS_DRIFT_SQL = `
  WITH expected AS (SELECT month, department_id, ${FACT_COUNTERS} FROM dashboard_facts WHERE counted = 1 GROUP BY month, department_id)
  SELECT coalesce(e.month, m.month) || ' ' || coalesce(e.department_id, m.department_id) AS k
    FROM expected e FULL JOIN dashboard_month_counts m ON m.month = e.month AND m.department_id = e.department_id
   WHERE e.month IS NULL OR m.month IS NULL
      OR (${COUNTERS.map((c) => `e.${c}`).join(", ")}) IS NOT (${COUNTERS.map((c) => `m.${c}`).join(", ")})
   ORDER BY 1`;

/** Per audit row and rule, as CHECKS_SQL reads audit_log (document derived from the package when unset). */
const CHECK_HITS_DRIFT_SQL = `
  WITH blocked AS (
    SELECT a.id, a.at, a.details, coalesce(a.document_id, (SELECT p.document_id FROM packages p WHERE p.id = a.package_id)) AS doc
      FROM audit_log a WHERE a.action IN ('checks.caught', 'checks.blocked') AND json_valid(a.details)
  ),
  hits AS (
    SELECT b.id, b.at, b.doc,
           CASE WHEN json_type(b.details, '$.rules') = 'array' THEN r.value ELSE r.key END AS rule,
           CASE WHEN json_type(b.details, '$.rules') = 'array' THEN 1 ELSE CAST(r.value AS INTEGER) END AS n
      FROM blocked b, json_each(b.details, '$.rules') r
     WHERE json_type(b.details, '$.rules') IN ('object', 'array')
  ),
  expected AS (SELECT id, at, doc, rule, coalesce(sum(n), 0) AS errors FROM hits WHERE rule IS NOT NULL GROUP BY id, rule)
  SELECT DISTINCT coalesce(e.id, h.audit_id) AS id
    FROM expected e FULL JOIN dashboard_check_hits h ON h.audit_id = e.id AND h.rule = e.rule
   WHERE e.id IS NULL OR h.audit_id IS NULL OR (e.at, e.doc, e.errors) IS NOT (h.at, h.document_id, h.errors)
   ORDER BY 1`;

export type DashboardDrift = {
  /** documents whose dashboard_facts row is missing, extra or different from the source tables */
  documents: number[];
  /** "yyyy-mm departmentId" groups whose monthly counts differ from dashboard_facts */
  months: string[];
  /** audit rows whose check hits differ from their details */
  auditRows: number[];
};

/**
 * Where the trigger-kept read models disagree with a recomputation from the source tables (all
 * empty when consistent). A full pass over the data: for tests and maintenance, not for pages.
 */
export function dashboardDrift(db: Db = getDb()): DashboardDrift {
  const ids = (sql: string) => prepared(db, sql).pluck().all().map((v) => int.parse(v));
  return {
    documents: ids(FACTS_DRIFT_SQL),
    months: prepared(db, MONTH_COUNTS_DRIFT_SQL)
      .pluck()
      .all()
      .map((v) => z.string().parse(v)),
    auditRows: ids(CHECK_HITS_DRIFT_SQL),
  };
}
