CREATE TABLE `ai_accepted_fields` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`package_id` integer NOT NULL,
	`suggestion_id` integer NOT NULL,
	`revision_id` integer,
	`version` integer NOT NULL,
	`field` text NOT NULL,
	`edited` integer NOT NULL,
	`model` text NOT NULL,
	`prompt_sha256` text NOT NULL,
	`generated_at` text NOT NULL,
	`accepted_by_id` integer NOT NULL,
	`accepted_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`suggestion_id`) REFERENCES `ai_suggestions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`revision_id`) REFERENCES `revisions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`accepted_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ai_accepted_fields_package_idx` ON `ai_accepted_fields` (`package_id`,`revision_id`);--> statement-breakpoint
CREATE TABLE `ai_suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`package_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`run_id` text NOT NULL,
	`task` text NOT NULL,
	`model` text NOT NULL,
	`endpoint` text NOT NULL,
	`prompt_sha256` text NOT NULL,
	`suggestion` text NOT NULL,
	`marks` text NOT NULL,
	`status` text DEFAULT 'proposed' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`decided_at` text,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ai_suggestions_package_idx` ON `ai_suggestions` (`package_id`,`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `dashboard_facts` ADD `ai_assisted` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `dashboard_facts_ai_idx` ON `dashboard_facts` (`published_at`,`department_id`,`interpretation_required`,`package_published_at`) WHERE counted = 1 AND ai_assisted = 1;