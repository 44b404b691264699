ALTER TABLE `export_jobs` ADD `source` text DEFAULT 'draft' NOT NULL;--> statement-breakpoint
ALTER TABLE `export_jobs` ADD `source_published_at` text;--> statement-breakpoint
ALTER TABLE `export_jobs` ADD `source_version` integer;--> statement-breakpoint
CREATE INDEX `export_jobs_publication_idx` ON `export_jobs` (`package_id`,`source_published_at`,`status`);