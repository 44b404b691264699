CREATE INDEX `audit_action_at_idx` ON `audit_log` (`action`,`at`);--> statement-breakpoint
CREATE INDEX `documents_dashboard_idx` ON `documents` (`published_at`,`status`,`department_id`,`interpretation_required`);--> statement-breakpoint
CREATE INDEX `packages_document_published_idx` ON `packages` (`document_id`,`published_at`);