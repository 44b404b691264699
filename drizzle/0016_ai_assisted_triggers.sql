-- 考核 dashboard: dashboard_facts.ai_assisted — the document's package holds text an officer took
-- over from the model (a row in ai_accepted_fields). Kept by triggers in the writing statement's
-- transaction like the other read-model columns (docs/adr/0004; reader and drift check:
-- app/features/ai-drafting/dashboard.server.ts, app/models/dashboard.server.ts).
CREATE TRIGGER dashboard_facts_ai_accepted_insert AFTER INSERT ON ai_accepted_fields BEGIN
  UPDATE dashboard_facts SET ai_assisted = 1
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND ai_assisted = 0;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_ai_accepted_delete AFTER DELETE ON ai_accepted_fields BEGIN
  UPDATE dashboard_facts SET ai_assisted = EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = OLD.package_id)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id
     AND ai_assisted <> EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = OLD.package_id);
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_ai_accepted_update AFTER UPDATE OF package_id ON ai_accepted_fields BEGIN
  UPDATE dashboard_facts SET ai_assisted = EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = OLD.package_id)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id
     AND ai_assisted <> EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = OLD.package_id);
  UPDATE dashboard_facts SET ai_assisted = 1
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND ai_assisted = 0;
END;
--> statement-breakpoint
-- a facts row that gets (or changes) its package: the package's AI fields decide
CREATE TRIGGER dashboard_facts_ai_facts_insert AFTER INSERT ON dashboard_facts WHEN NEW.package_id IS NOT NULL BEGIN
  UPDATE dashboard_facts SET ai_assisted = 1
   WHERE document_id = NEW.document_id AND ai_assisted = 0 AND EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = NEW.package_id);
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_ai_facts_package AFTER UPDATE OF package_id ON dashboard_facts WHEN OLD.package_id IS NOT NEW.package_id BEGIN
  UPDATE dashboard_facts SET ai_assisted = (NEW.package_id IS NOT NULL AND EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = NEW.package_id))
   WHERE document_id = NEW.document_id
     AND ai_assisted <> (NEW.package_id IS NOT NULL AND EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = NEW.package_id));
END;
--> statement-breakpoint
UPDATE dashboard_facts SET ai_assisted = (package_id IS NOT NULL AND EXISTS (SELECT 1 FROM ai_accepted_fields x WHERE x.package_id = dashboard_facts.package_id));
