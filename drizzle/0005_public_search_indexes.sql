-- Indexes of the public list and search over the published snapshots. The facet values are
-- virtual columns computed from the JSON snapshot (public_issuer, public_topic, public_validity,
-- public_year); an index stores them, so a query answered from these covering partial indexes
-- never reads — or parses — a row. Both carry the publishedOnly() predicate, so the rule costs
-- nothing either.
--
-- By id: the full-text search walks FTS matches and looks each one up here (visibility, facet
-- filters, facet counts, date sort), see searchPublicDocuments().
CREATE INDEX `documents_public_by_id_idx` ON `documents` (`id`, `public_issuer`, `public_topic`, `public_validity`, `public_year`, `published_at`)
WHERE `published_at` IS NOT NULL AND `status` IN ('published', 'correcting') AND `published_document` IS NOT NULL;
--> statement-breakpoint
-- Newest first: the list without a query (paging in index order, facet filters and the facet
-- counts from the same entries). Replaces the list index of 0001, whose predicate lacks the snapshot.
DROP INDEX `documents_public_list_idx`;
--> statement-breakpoint
CREATE INDEX `documents_public_list_idx` ON `documents` (`published_at` DESC, `id` DESC, `public_issuer`, `public_topic`, `public_validity`, `public_year`)
WHERE `published_at` IS NOT NULL AND `status` IN ('published', 'correcting') AND `published_document` IS NOT NULL;
