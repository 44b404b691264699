CREATE TABLE `follow_ups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`status` text DEFAULT 'drafting' NOT NULL,
	`created_by_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`published_at` text,
	`snapshot` text,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `follow_ups_document_seq_idx` ON `follow_ups` (`document_id`,`seq`);--> statement-breakpoint
CREATE INDEX `follow_ups_published_idx` ON `follow_ups` (`status`,`published_at`);--> statement-breakpoint
ALTER TABLE `documents` ADD `replaced_by_id` integer;--> statement-breakpoint
ALTER TABLE `documents` ADD `valid_until` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `validity_changed_at` text;--> statement-breakpoint
ALTER TABLE `documents` ADD `validity_note` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email` text;