/**
 * Consistency of the maintained read models with the source tables (`dashboardDrift`).
 */
import { z } from "zod";
import { type Db, getDb } from "~/db/client.server";
import { COUNTERS, FACT_COUNTERS, PROBED_BITS, prepared, int } from "./sql.server";

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
