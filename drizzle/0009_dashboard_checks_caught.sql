-- 审校 errors caught before release (issue 11): besides a refused submission ('checks.blocked'),
-- the editor's save records the errors it catches for the first time ('checks.caught', same
-- details {rules: {rule: count}, keys: [...]}), so an error fixed before submitting still counts.
-- The check-hit triggers now read both actions; the table is rebuilt from the audit log.
DROP TRIGGER IF EXISTS dashboard_check_hits_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dashboard_check_hits_update;
--> statement-breakpoint
CREATE TRIGGER dashboard_check_hits_insert AFTER INSERT ON audit_log
  WHEN NEW.action IN ('checks.blocked', 'checks.caught') AND json_valid(NEW.details) BEGIN
  INSERT INTO dashboard_check_hits (audit_id, at, document_id, rule, errors)
    SELECT NEW.id, NEW.at, coalesce(NEW.document_id, (SELECT p.document_id FROM packages p WHERE p.id = NEW.package_id)), h.rule, coalesce(sum(h.n), 0)
      FROM (SELECT CASE WHEN json_type(NEW.details, '$.rules') = 'array' THEN e.value ELSE e.key END AS rule,
                   CASE WHEN json_type(NEW.details, '$.rules') = 'array' THEN 1 ELSE CAST(e.value AS INTEGER) END AS n
              FROM json_each(NEW.details, '$.rules') e
             WHERE json_type(NEW.details, '$.rules') IN ('object', 'array')) h
     WHERE h.rule IS NOT NULL
     GROUP BY h.rule;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_check_hits_update AFTER UPDATE ON audit_log BEGIN
  DELETE FROM dashboard_check_hits WHERE audit_id = OLD.id;
  INSERT INTO dashboard_check_hits (audit_id, at, document_id, rule, errors)
    SELECT NEW.id, NEW.at, coalesce(NEW.document_id, (SELECT p.document_id FROM packages p WHERE p.id = NEW.package_id)), h.rule, coalesce(sum(h.n), 0)
      FROM (SELECT CASE WHEN json_type((CASE WHEN NEW.action IN ('checks.blocked', 'checks.caught') AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') = 'array' THEN e.value ELSE e.key END AS rule,
                   CASE WHEN json_type((CASE WHEN NEW.action IN ('checks.blocked', 'checks.caught') AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') = 'array' THEN 1 ELSE CAST(e.value AS INTEGER) END AS n
              FROM json_each((CASE WHEN NEW.action IN ('checks.blocked', 'checks.caught') AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') e
             WHERE json_type((CASE WHEN NEW.action IN ('checks.blocked', 'checks.caught') AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') IN ('object', 'array')) h
     WHERE h.rule IS NOT NULL
     GROUP BY h.rule;
END;
--> statement-breakpoint
DELETE FROM dashboard_check_hits;
--> statement-breakpoint
INSERT INTO dashboard_check_hits (audit_id, at, document_id, rule, errors)
  SELECT a.id, a.at, coalesce(a.document_id, (SELECT p.document_id FROM packages p WHERE p.id = a.package_id)),
         CASE WHEN json_type(a.details, '$.rules') = 'array' THEN e.value ELSE e.key END AS rule,
         coalesce(sum(CASE WHEN json_type(a.details, '$.rules') = 'array' THEN 1 ELSE CAST(e.value AS INTEGER) END), 0)
    FROM audit_log a, json_each(CASE WHEN json_valid(a.details) THEN a.details ELSE '{}' END, '$.rules') e
   WHERE a.action IN ('checks.blocked', 'checks.caught') AND json_valid(a.details) AND json_type(a.details, '$.rules') IN ('object', 'array') AND rule IS NOT NULL
   GROUP BY a.id, rule;
