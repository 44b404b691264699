CREATE TABLE `export_videos` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job_id` integer NOT NULL,
	`preset` text NOT NULL,
	`file` text NOT NULL,
	`vtt_file` text NOT NULL,
	`srt_file` text NOT NULL,
	`poster_file` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`duration_ms` integer NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`transcript` text NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `export_jobs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `export_videos_job_idx` ON `export_videos` (`job_id`);--> statement-breakpoint
CREATE TABLE `video_music` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`package_id` integer NOT NULL,
	`name` text NOT NULL,
	`content_type` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`seconds` real NOT NULL,
	`data` blob NOT NULL,
	`uploaded_by_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`package_id`) REFERENCES `packages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `video_music_package_idx` ON `video_music` (`package_id`);--> statement-breakpoint
ALTER TABLE `export_jobs` ADD `video_presets` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `export_jobs` ADD `video_error` text;--> statement-breakpoint
ALTER TABLE `packages` ADD `video` text;