ALTER TABLE `packages` ADD `key_figures` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `packages` ADD `timeline` text DEFAULT '[]' NOT NULL;