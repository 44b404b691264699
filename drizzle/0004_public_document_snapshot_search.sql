-- The public site reads a document's public fields from `documents.published_document`, frozen at
-- publish (app/models/workflow.server.ts); the search index must follow the same snapshot, or a
-- correction in progress (status 'correcting', live title/text editable) would be searchable.
--
-- 1. Backfill: every document that was ever published gets a snapshot of its current live fields
--    (the best record there is; a correction already under way at migration time is frozen as is).
--    `structure` is kept without its copy of the text; the text is the one the outline indexes.
UPDATE `documents` SET `published_document` = json_object(
  'title', `title`,
  'docNumber', `doc_number`,
  'issuer', `issuer`,
  'writtenDate', `written_date`,
  'releaseDate', `release_date`,
  'indexNo', `index_no`,
  'validity', `validity`,
  'topic', `topic`,
  'publicity', `publicity`,
  'structure', CASE WHEN json_valid(`structure`) THEN json_remove(`structure`, '$.text') END,
  'normalizedText', coalesce(CASE WHEN json_valid(`structure`) AND json_type(`structure`, '$.text') = 'text' THEN json_extract(`structure`, '$.text') END, `normalized_text`)
)
WHERE `published_at` IS NOT NULL;
--> statement-breakpoint
-- 2. The triggers index the snapshot, and react only to what changes it: a new snapshot, the
--    status (withdraw, correct) or the publication instant. Editing the live title or text no
--    longer touches the index.
DROP TRIGGER `documents_public_search_ai`;
--> statement-breakpoint
DROP TRIGGER `documents_public_search_au`;
--> statement-breakpoint
CREATE TRIGGER `documents_public_search_ai` AFTER INSERT ON `documents`
WHEN new.`published_document` IS NOT NULL AND new.`published_at` IS NOT NULL AND new.`status` IN ('published', 'correcting')
BEGIN
  INSERT INTO `public_search` (`rowid`, `title`, `doc_number`, `issuer`, `body`)
  VALUES (
    new.`id`,
    coalesce(json_extract(new.`published_document`, '$.title'), '') || char(10),
    coalesce(json_extract(new.`published_document`, '$.docNumber'), '') || char(10),
    coalesce(json_extract(new.`published_document`, '$.issuer'), '') || char(10),
    coalesce(json_extract(new.`published_document`, '$.normalizedText'), '') || char(10)
  );
END;
--> statement-breakpoint
CREATE TRIGGER `documents_public_search_au` AFTER UPDATE OF `published_document`, `status`, `published_at` ON `documents`
BEGIN
  DELETE FROM `public_search` WHERE `rowid` = old.`id`;
  INSERT INTO `public_search` (`rowid`, `title`, `doc_number`, `issuer`, `body`)
  SELECT
    new.`id`,
    coalesce(json_extract(new.`published_document`, '$.title'), '') || char(10),
    coalesce(json_extract(new.`published_document`, '$.docNumber'), '') || char(10),
    coalesce(json_extract(new.`published_document`, '$.issuer'), '') || char(10),
    coalesce(json_extract(new.`published_document`, '$.normalizedText'), '') || char(10)
  WHERE new.`published_document` IS NOT NULL AND new.`published_at` IS NOT NULL AND new.`status` IN ('published', 'correcting');
END;
--> statement-breakpoint
-- 3. Rebuild the index from the snapshots.
DELETE FROM `public_search`;
--> statement-breakpoint
INSERT INTO `public_search` (`rowid`, `title`, `doc_number`, `issuer`, `body`)
SELECT
  `id`,
  coalesce(json_extract(`published_document`, '$.title'), '') || char(10),
  coalesce(json_extract(`published_document`, '$.docNumber'), '') || char(10),
  coalesce(json_extract(`published_document`, '$.issuer'), '') || char(10),
  coalesce(json_extract(`published_document`, '$.normalizedText'), '') || char(10)
FROM `documents`
WHERE `published_document` IS NOT NULL AND `published_at` IS NOT NULL AND `status` IN ('published', 'correcting');
