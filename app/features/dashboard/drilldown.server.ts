/**
 * The department drill-down: one row per document of the period with what an evaluator would
 * mark as missing.
 */
import { z } from "zod";
import { type Db, getDb } from "~/db/client.server";
import {
  type DashboardFigures,
  type DocumentFacts,
  missingItems,
} from "~/domain/dashboard/metrics";
import type { Period } from "~/domain/dashboard/period";
import type { Gate, InterpretationForm } from "~/domain/vocabulary";
import { dashboardFigures, dashboardSettings, lagOf, type DashboardOptions } from "./figures.server";
import { FORM_BIT, FORM_EXISTS, FORM_KEYS, PUBLIC_STATES_SQL, SAME_INSTANT_FACTS, departmentRow, int, prepared } from "./sql.server";

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
       AND ((f.published_at >= :start AND f.published_at < :end AND f.status IN ${PUBLIC_STATES_SQL})
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
