ALTER TABLE `documents` ADD `published_document` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `public_issuer` text GENERATED ALWAYS AS (json_extract(published_document, '$.issuer')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `documents` ADD `public_topic` text GENERATED ALWAYS AS (json_extract(published_document, '$.topic')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `documents` ADD `public_validity` text GENERATED ALWAYS AS (json_extract(published_document, '$.validity')) VIRTUAL;--> statement-breakpoint
ALTER TABLE `documents` ADD `public_year` text GENERATED ALWAYS AS (substr(coalesce(json_extract(published_document, '$.writtenDate'), json_extract(published_document, '$.releaseDate'), published_at), 1, 4)) VIRTUAL;