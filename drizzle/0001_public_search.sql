-- Public full-text search (the public site, /zhengce?q=). FTS5 can't be described in the drizzle
-- schema, hence this custom migration.
--
-- * Tokenizer: trigram. Chinese has no spaces; trigram gives substring semantics (what LIKE gives,
--   indexed) with no dictionary to maintain. Queries of 1–2 characters are answered from the
--   trigram vocabulary (see app/models/public.server.ts).
-- * Every column gets a trailing newline so that a 2-character string at the very end of a column
--   is still the prefix of some trigram.
-- * rowid = documents.id. Only PUBLIC documents are indexed (published_at set and status
--   published/correcting); the triggers keep that true on every insert/update/delete, so nothing
--   in the publish path has to remember to reindex and a withdrawn document leaves the index in
--   the same statement that withdraws it.
CREATE VIRTUAL TABLE `public_search` USING fts5(`title`, `doc_number`, `issuer`, `body`, tokenize = 'trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `public_search_vocab` USING fts5vocab(`public_search`, 'row');
--> statement-breakpoint
CREATE TRIGGER `documents_public_search_ai` AFTER INSERT ON `documents`
WHEN new.`published_at` IS NOT NULL AND new.`status` IN ('published', 'correcting')
BEGIN
  INSERT INTO `public_search` (`rowid`, `title`, `doc_number`, `issuer`, `body`)
  VALUES (new.`id`, new.`title` || char(10), coalesce(new.`doc_number`, '') || char(10), coalesce(new.`issuer`, '') || char(10), new.`normalized_text` || char(10));
END;
--> statement-breakpoint
CREATE TRIGGER `documents_public_search_au` AFTER UPDATE OF `title`, `doc_number`, `issuer`, `normalized_text`, `status`, `published_at` ON `documents`
BEGIN
  DELETE FROM `public_search` WHERE `rowid` = old.`id`;
  INSERT INTO `public_search` (`rowid`, `title`, `doc_number`, `issuer`, `body`)
  SELECT new.`id`, new.`title` || char(10), coalesce(new.`doc_number`, '') || char(10), coalesce(new.`issuer`, '') || char(10), new.`normalized_text` || char(10)
  WHERE new.`published_at` IS NOT NULL AND new.`status` IN ('published', 'correcting');
END;
--> statement-breakpoint
CREATE TRIGGER `documents_public_search_ad` AFTER DELETE ON `documents`
BEGIN
  DELETE FROM `public_search` WHERE `rowid` = old.`id`;
END;
--> statement-breakpoint
INSERT INTO `public_search` (`rowid`, `title`, `doc_number`, `issuer`, `body`)
SELECT `id`, `title` || char(10), coalesce(`doc_number`, '') || char(10), coalesce(`issuer`, '') || char(10), `normalized_text` || char(10)
FROM `documents` WHERE `published_at` IS NOT NULL AND `status` IN ('published', 'correcting');
--> statement-breakpoint
-- The public list (newest first) reads only public rows: a partial index with the same predicate.
CREATE INDEX `documents_public_list_idx` ON `documents` (`published_at` DESC, `id` DESC)
WHERE `published_at` IS NOT NULL AND `status` IN ('published', 'correcting');
