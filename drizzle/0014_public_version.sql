-- A counter of the public site's data: it changes exactly when something the public library
-- (/zhengce, with and without a search) shows may change — a document becoming, staying or
-- ceasing to be public, its frozen public fields, or its package's published snapshot — so
-- whole list and search pages can be cached and checked with one row read per request
-- (app/models/public-page-cache.server.ts). Kept by triggers in the writing transaction, like
-- the search index; nobody has to remember to bump it.
CREATE TABLE `public_version` (
  `id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
  `n` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `public_version` (`id`, `n`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `documents_public_version_ai` AFTER INSERT ON `documents`
WHEN new.`published_at` IS NOT NULL AND new.`status` IN ('published', 'correcting')
BEGIN
  UPDATE `public_version` SET `n` = `n` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_public_version_au` AFTER UPDATE OF `status`, `published_at`, `published_document`, `withdrawn_at` ON `documents`
WHEN (old.`status` IN ('published', 'correcting') OR new.`status` IN ('published', 'correcting'))
  AND (old.`status` IS NOT new.`status` OR old.`published_at` IS NOT new.`published_at` OR old.`published_document` IS NOT new.`published_document` OR old.`withdrawn_at` IS NOT new.`withdrawn_at`)
BEGIN
  UPDATE `public_version` SET `n` = `n` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `documents_public_version_ad` AFTER DELETE ON `documents`
WHEN old.`published_at` IS NOT NULL
BEGIN
  UPDATE `public_version` SET `n` = `n` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `packages_public_version_ai` AFTER INSERT ON `packages`
WHEN new.`published_snapshot` IS NOT NULL
BEGIN
  UPDATE `public_version` SET `n` = `n` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `packages_public_version_au` AFTER UPDATE OF `published_snapshot`, `published_at` ON `packages`
WHEN old.`published_snapshot` IS NOT new.`published_snapshot` OR old.`published_at` IS NOT new.`published_at`
BEGIN
  UPDATE `public_version` SET `n` = `n` + 1 WHERE `id` = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `packages_public_version_ad` AFTER DELETE ON `packages`
WHEN old.`published_snapshot` IS NOT NULL
BEGIN
  UPDATE `public_version` SET `n` = `n` + 1 WHERE `id` = 1;
END;
