/**
 * The dashboard's SQL: fragments shared by the aggregate and the row queries (so both count the
 * same thing), the maintained read models' queries, the row shapes and a statement cache.
 */
import type Database from "better-sqlite3";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import {
  WAITING_BUCKETS,
} from "~/domain/dashboard/metrics";
import { sqlCodeList } from "~/db/literals";
import { FORM_LABELS, type InterpretationForm, PUBLIC_STATES } from "~/domain/vocabulary";

// ---------------------------------------------------------------------------------------------
// SQL fragments shared by the aggregate and the row queries, so both count the same thing.

/** Whitespace that JavaScript's String.prototype.trim removes (formsPresent trims with it). */
const JS_WHITESPACE = [9, 10, 11, 12, 13, 32, 160, 5760, ...range(8192, 8202), 8232, 8233, 8239, 8287, 12288, 65279];
function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
const TRIM_SET = `char(${JS_WHITESPACE.join(",")})`;

/** One boolean column per form; `p` is the package row. Mirrors `formsPresent` exactly. */
export const FORM_EXISTS: Record<InterpretationForm, string> = {
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
export const FORM_KEYS = Object.keys(FORM_EXISTS).filter((k): k is InterpretationForm => k in FORM_LABELS);

/** Public documents: withdrawn ones no longer count for the assessment. */
export const PUBLIC_STATES_SQL = `(${sqlCodeList(PUBLIC_STATES)})`;

/**
 * Same instant. Written by one statement, the strings are equal (cheap test first); legacy imports
 * may spell the instant differently (with/without milliseconds), hence the julianday fallback.
 */
const SAME_INSTANT = "(p.published_at = d.published_at OR abs(julianday(p.published_at) - julianday(d.published_at)) < 1.0 / 86400000)";
export const SAME_INSTANT_FACTS = "(f.package_published_at = f.published_at OR abs(julianday(f.package_published_at) - julianday(f.published_at)) < 1.0 / 86400000)";

/** Bit per form in the set-based aggregate (text = 1, qa = 2, … head = 128). */
export const FORM_BIT: Record<InterpretationForm, number> = { text: 1, qa: 2, chart: 4, graphic: 8, case: 16, video: 32, press: 64, head: 128 };

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
       AND d.status IN ${PUBLIC_STATES_SQL}
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

export const PROBED_BITS = FORM_KEYS.map((f) => `(${FORM_EXISTS[f]}) * ${FORM_BIT[f]}`).join("\n             + ");

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
export type SourceStrategy = "scan" | "probe";
export const COUNTS_SQL: Record<SourceStrategy, string> = { scan: countsSql(SCOPED_SCAN), probe: countsSql(SCOPED_PROBE) };

export const SCOPE_SIZE_SQL = `
  SELECT (SELECT count(*) FROM documents d INDEXED BY documents_dashboard_idx WHERE ${IN_SCOPE}) AS docs,
         (SELECT coalesce(max(id), 0) FROM packages) AS packages`;

// ---------------------------------------------------------------------------------------------
// The maintained read models (columns: app/db/schema.ts, triggers: drizzle/0007_dashboard_triggers.sql).

/** The additive counters, named as the source aggregate names them (countsRow parses both). */
export const COUNTERS = ["published", "not_required", "required", "interpreted", "synced", "lagged", "single_form", ...FORM_KEYS.map((f) => `form_${f}`)];
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
export const LONG_SPAN_MONTHS = 36;
export const MONTHS_SQL = {
  short: monthsSql("dashboard_month_counts_month_cover_idx"),
  long: monthsSql("dashboard_month_counts_department_cover_idx"),
  department: `
  SELECT 'x' AS grp, department_id AS dept, month, ${COUNTERS.join(", ")}
    FROM dashboard_month_counts INDEXED BY dashboard_month_counts_department_cover_idx
   WHERE department_id = :dept AND month >= :first AND month <= :last`,
};

/** The counters over dashboard_facts rows (the month-count triggers add exactly these per row). */
export const FACT_COUNTERS = `
         count(*) AS published,
         sum(interpretation_required = 0) AS not_required,
         sum(interpretation_required = 1) AS required,
         sum(interpreted) AS interpreted,
         sum(synced) AS synced,
         sum(interpreted AND NOT synced) AS lagged,
         sum(interpreted AND (form_bits & (form_bits - 1)) = 0) AS single_form,
         ${FORM_KEYS.map((f) => `sum(interpreted AND (form_bits & ${FORM_BIT[f]}) > 0) AS form_${f}`).join(",\n         ")}`;

/** The days of a custom period outside its whole months, per department × month (covering partial index). */
export const PARTIAL_SQL = `
  SELECT 'x' AS grp, department_id AS dept, month, ${FACT_COUNTERS}
    FROM dashboard_facts INDEXED BY dashboard_facts_published_idx
   WHERE counted = 1 AND published_at >= :start AND published_at < :end
     AND (:dept IS NULL OR department_id = :dept)
   GROUP BY department_id, month`;

/** Interpreted but not at the same instant: the partial index holds only these rows. */
export const LAGGED_FACTS_SQL = `
  SELECT department_id AS dept, published_at AS dpub, package_published_at AS ppub
    FROM dashboard_facts INDEXED BY dashboard_facts_lagged_idx
   WHERE counted = 1 AND interpreted = 1 AND synced = 0
     AND published_at >= :start AND published_at < :end
     AND (:dept IS NULL OR department_id = :dept)`;

export const CHECK_HITS_SQL = {
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
export const LAGGED_SQL = `
  SELECT d.department_id AS dept, d.published_at AS dpub, p.published_at AS ppub
    FROM documents d INDEXED BY documents_dashboard_idx
    JOIN packages p ON p.document_id = d.id
   WHERE d.published_at >= :start AND d.published_at < :end
     AND d.status IN ${PUBLIC_STATES_SQL}
     AND (:dept IS NULL OR d.department_id = :dept)
     AND d.interpretation_required = 1 AND p.published_at IS NOT NULL AND NOT ${SAME_INSTANT}
     AND (${FORM_KEYS.map((f) => FORM_EXISTS[f]).join("\n          OR ")})`;

export const DEPARTMENTS_SQL = `
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
export const WAITING_SQL = { source: waitingSql(WAITING_CURRENT.source), maintained: waitingSql(WAITING_CURRENT.maintained) };

/**
 * 审校 errors caught before release. Contract with the writers (app/features/checks/package-checks.server.ts):
 * an audit row with action 'checks.caught' (an editor save found errors not recorded before) or
 * 'checks.blocked' (a refused submission), details {rules: {<ruleId>: <count>}} (an array of rule
 * ids counts one per entry), document_id set or derivable from package_id. Each error is recorded
 * once, when first caught, so it stays counted after it is fixed.
 */
export const CHECKS_SQL = `
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

export const int = z.number().int();
export const counters = z.object({
  published: int,
  not_required: int,
  required: int,
  interpreted: int,
  synced: int,
  lagged: int,
  single_form: int,
  ...Object.fromEntries(FORM_KEYS.map((f) => [`form_${f}`, int])),
});
export const countsRow = counters.extend({ dept: int, month: z.string() });
/** 'd' a department over whole months, 'm' a whole month, 'x' one department × one month */
export const groupRow = counters.extend({ grp: z.enum(["d", "m", "x"]), dept: int.nullable(), month: z.string().nullable() });
export const formCount = z.object(Object.fromEntries(FORM_KEYS.map((f) => [`form_${f}`, int])));
export const laggedRow = z.object({ dept: int, dpub: z.string(), ppub: z.string() });
export const departmentRow = z.object({ id: int, name: z.string() });
export const waitingRow = z.object({ stage: z.string(), bucket: z.string(), n: int, total_days: z.number(), max_days: z.number() });
export const checksRow = z.object({ rule: z.union([z.string(), z.number()]).transform(String), errors: z.number(), documents: int });

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
export function prepared(db: Db, sql: string): Database.Statement {
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
