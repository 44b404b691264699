CREATE TABLE `dashboard_check_hits` (
	`audit_id` integer NOT NULL,
	`at` text NOT NULL,
	`document_id` integer,
	`rule` text NOT NULL,
	`errors` integer NOT NULL,
	PRIMARY KEY(`audit_id`, `rule`)
);
--> statement-breakpoint
CREATE INDEX `dashboard_check_hits_at_idx` ON `dashboard_check_hits` (`at`,`rule`,`document_id`,`errors`);--> statement-breakpoint
CREATE TABLE `dashboard_facts` (
	`document_id` integer PRIMARY KEY NOT NULL,
	`department_id` integer NOT NULL,
	`status` text NOT NULL,
	`updated_at` text NOT NULL,
	`published_at` text,
	`interpretation_required` integer NOT NULL,
	`package_id` integer,
	`round` integer,
	`package_published_at` text,
	`form_bits` integer DEFAULT 0 NOT NULL,
	`month` text GENERATED ALWAYS AS (strftime('%Y-%m', published_at, '+8 hours')) STORED,
	`counted` integer GENERATED ALWAYS AS (status IN ('published', 'correcting') AND month IS NOT NULL) STORED,
	`interpreted` integer GENERATED ALWAYS AS (interpretation_required = 1 AND package_published_at IS NOT NULL AND form_bits > 0) STORED,
	`synced` integer GENERATED ALWAYS AS (interpretation_required = 1 AND package_published_at IS NOT NULL AND form_bits > 0 AND (package_published_at = published_at OR abs(julianday(package_published_at) - julianday(published_at)) < 1.0 / 86400000)) STORED
);
--> statement-breakpoint
CREATE INDEX `dashboard_facts_published_idx` ON `dashboard_facts` (`published_at`,`department_id`,`month`,`interpretation_required`,`interpreted`,`synced`,`form_bits`) WHERE counted = 1;--> statement-breakpoint
CREATE INDEX `dashboard_facts_waiting_idx` ON `dashboard_facts` (`status`,`department_id`,`document_id`,`package_id`,`round`,`updated_at`) WHERE status IN ('submitted', 'in_review', 'awaiting_signoff', 'signed') AND package_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `dashboard_facts_department_idx` ON `dashboard_facts` (`department_id`,`status`,`published_at`);--> statement-breakpoint
CREATE INDEX `dashboard_facts_lagged_idx` ON `dashboard_facts` (`published_at`,`department_id`,`package_published_at`) WHERE counted = 1 AND interpreted = 1 AND synced = 0;--> statement-breakpoint
CREATE TABLE `dashboard_month_counts` (
	`month` text NOT NULL,
	`department_id` integer NOT NULL,
	`published` integer DEFAULT 0 NOT NULL,
	`not_required` integer DEFAULT 0 NOT NULL,
	`required` integer DEFAULT 0 NOT NULL,
	`interpreted` integer DEFAULT 0 NOT NULL,
	`synced` integer DEFAULT 0 NOT NULL,
	`lagged` integer DEFAULT 0 NOT NULL,
	`single_form` integer DEFAULT 0 NOT NULL,
	`form_text` integer DEFAULT 0 NOT NULL,
	`form_qa` integer DEFAULT 0 NOT NULL,
	`form_chart` integer DEFAULT 0 NOT NULL,
	`form_graphic` integer DEFAULT 0 NOT NULL,
	`form_case` integer DEFAULT 0 NOT NULL,
	`form_video` integer DEFAULT 0 NOT NULL,
	`form_press` integer DEFAULT 0 NOT NULL,
	`form_head` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`month`, `department_id`)
);
--> statement-breakpoint
CREATE INDEX `dashboard_month_counts_department_idx` ON `dashboard_month_counts` (`department_id`,`month`);--> statement-breakpoint
CREATE INDEX `audit_document_state_at_idx` ON `audit_log` (`document_id`,`to_state`,`at`);