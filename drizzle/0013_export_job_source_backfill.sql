-- Exports made before jobs recorded their source: a job queued at or after the package's current
-- publication, with no correction started in between, rendered that published snapshot (the
-- exporter read the snapshot while the document was published). Every other old job is left as a
-- draft with no publication, so the public site never serves it.
UPDATE `export_jobs`
SET `source` = 'published',
    `source_published_at` = (SELECT `published_at` FROM `packages` WHERE `packages`.`id` = `export_jobs`.`package_id`)
WHERE EXISTS (
    SELECT 1 FROM `packages` p
    WHERE p.`id` = `export_jobs`.`package_id`
      AND p.`published_at` IS NOT NULL
      AND p.`published_snapshot` IS NOT NULL
      AND `export_jobs`.`created_at` >= p.`published_at`
      AND NOT EXISTS (
        SELECT 1 FROM `audit_log` a
        WHERE a.`document_id` = p.`document_id`
          AND a.`action` = 'workflow.correct'
          AND a.`at` >= p.`published_at`
          AND a.`at` <= `export_jobs`.`created_at`
      )
  );
