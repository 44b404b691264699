/**
 * 考核 dashboard: how many of the period's interpreted documents hold text taken over from the
 * model (dashboard_facts.ai_assisted, kept by the triggers of drizzle/0016 in the writing
 * statement's transaction), per department. Read through the partial index of those rows.
 */
import { z } from "zod";
import type { Db } from "~/db/client.server";

export type AiAssistedFigures = { total: number; interpreted: number; byDepartment: { departmentId: number; departmentName: string; count: number }[] };

const row = z.object({ dept: z.number(), name: z.string(), n: z.number() });

const SQL = `
  SELECT f.department_id AS dept, d.name AS name, count(*) AS n
    FROM dashboard_facts f INDEXED BY dashboard_facts_ai_idx
    JOIN departments d ON d.id = f.department_id
   WHERE f.counted = 1 AND f.ai_assisted = 1 AND f.interpreted = 1
     AND f.published_at >= :start AND f.published_at < :end
     AND (:dept IS NULL OR f.department_id = :dept)
   GROUP BY f.department_id ORDER BY n DESC, d.name`;

export function aiAssistedFigures(db: Db, period: { startInstant: string; endInstant: string }, interpreted: number, departmentId: number | null = null): AiAssistedFigures {
  const rows = db.$client
    .prepare(SQL)
    .all({ start: period.startInstant, end: period.endInstant, dept: departmentId })
    .map((r) => row.parse(r));
  return {
    total: rows.reduce((s, r) => s + r.n, 0),
    interpreted,
    byDepartment: rows.map((r) => ({ departmentId: r.dept, departmentName: r.name, count: r.n })),
  };
}

/** Documents whose dashboard_facts.ai_assisted disagrees with ai_accepted_fields (empty when the triggers kept it). */
export function aiAssistedDrift(db: Db): number[] {
  return db.$client
    .prepare(
      `SELECT f.document_id FROM dashboard_facts f
        WHERE f.ai_assisted <> (f.package_id IS NOT NULL AND EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = f.package_id))`,
    )
    .pluck()
    .all()
    .map((v) => z.number().parse(v));
}
