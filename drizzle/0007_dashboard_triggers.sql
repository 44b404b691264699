-- 考核 dashboard read models, kept by triggers in the writing statement's transaction
-- (tables: app/db/schema.ts; reader and the drift check against the source tables:
-- app/models/dashboard.server.ts; tests: tests/integration/dashboard-maintained.test.ts).
-- Form bits: text 1, qa 2, chart 4, graphic 8, case 16, video 32, press 64, head 128 — the
-- conditions of formsPresent. Each trigger reads only what its row can change (a document's own
-- row carries full texts and is never re-read), and writes nothing when nothing changed.
-- 1. documents / packages / form tables -> dashboard_facts (one row per document)
CREATE TRIGGER dashboard_facts_document_insert AFTER INSERT ON documents BEGIN
  INSERT INTO dashboard_facts (document_id, department_id, status, updated_at, published_at, interpretation_required,
                               package_id, round, package_published_at, form_bits)
    SELECT NEW.id, NEW.department_id, NEW.status, NEW.updated_at, NEW.published_at, NEW.interpretation_required,
           p.id, p.round, p.published_at, CASE WHEN p.id IS NULL THEN 0 ELSE ((CASE WHEN json_valid(p.sections) THEN EXISTS (SELECT 1 FROM json_each(p.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = p.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = p.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = p.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = p.id) * 16
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128) END
      FROM (SELECT 1) LEFT JOIN packages p ON p.document_id = NEW.id
     WHERE 1
    ON CONFLICT (document_id) DO UPDATE SET
      department_id = excluded.department_id, status = excluded.status, updated_at = excluded.updated_at,
      published_at = excluded.published_at, interpretation_required = excluded.interpretation_required,
      package_id = excluded.package_id, round = excluded.round, package_published_at = excluded.package_published_at,
      form_bits = excluded.form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_document_update AFTER UPDATE OF id, department_id, status, updated_at, published_at, interpretation_required ON documents BEGIN
  UPDATE dashboard_facts
     SET document_id = NEW.id, department_id = NEW.department_id, status = NEW.status, updated_at = NEW.updated_at,
         published_at = NEW.published_at, interpretation_required = NEW.interpretation_required
   WHERE document_id = OLD.id
     AND (document_id, department_id, status, updated_at, published_at, interpretation_required)
         IS NOT (NEW.id, NEW.department_id, NEW.status, NEW.updated_at, NEW.published_at, NEW.interpretation_required);
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_document_delete AFTER DELETE ON documents BEGIN
  DELETE FROM dashboard_facts WHERE document_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_package_insert AFTER INSERT ON packages BEGIN
  UPDATE dashboard_facts
     SET package_id = NEW.id, round = NEW.round, package_published_at = NEW.published_at, form_bits = ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = NEW.document_id
     AND (package_id, round, package_published_at, form_bits)
         IS NOT (NEW.id, NEW.round, NEW.published_at, ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128));
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_package_update AFTER UPDATE OF id, document_id, sections, round, published_at ON packages BEGIN
  UPDATE dashboard_facts SET package_id = NULL, round = NULL, package_published_at = NULL, form_bits = 0
   WHERE document_id = OLD.document_id AND OLD.document_id IS NOT NEW.document_id;
  UPDATE dashboard_facts
     SET package_id = NEW.id, round = NEW.round, package_published_at = NEW.published_at, form_bits = ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = NEW.document_id
     AND (package_id, round, package_published_at, form_bits)
         IS NOT (NEW.id, NEW.round, NEW.published_at, ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128));
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_package_delete AFTER DELETE ON packages BEGIN
  UPDATE dashboard_facts SET package_id = NULL, round = NULL, package_published_at = NULL, form_bits = 0
   WHERE document_id = OLD.document_id AND package_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_qa_items_insert AFTER INSERT ON qa_items BEGIN
  UPDATE dashboard_facts SET form_bits = form_bits | 2
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 2) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_qa_items_update AFTER UPDATE OF package_id ON qa_items BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~2) | (EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = OLD.package_id) * 2)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~2) | (EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = OLD.package_id) * 2)) <> form_bits;
  UPDATE dashboard_facts SET form_bits = form_bits | 2
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 2) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_qa_items_delete AFTER DELETE ON qa_items BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~2) | (EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = OLD.package_id) * 2)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~2) | (EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = OLD.package_id) * 2)) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_charts_insert AFTER INSERT ON charts BEGIN
  UPDATE dashboard_facts SET form_bits = form_bits | 4
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 4) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_charts_update AFTER UPDATE OF package_id ON charts BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~4) | (EXISTS (SELECT 1 FROM charts x WHERE x.package_id = OLD.package_id) * 4)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~4) | (EXISTS (SELECT 1 FROM charts x WHERE x.package_id = OLD.package_id) * 4)) <> form_bits;
  UPDATE dashboard_facts SET form_bits = form_bits | 4
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 4) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_charts_delete AFTER DELETE ON charts BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~4) | (EXISTS (SELECT 1 FROM charts x WHERE x.package_id = OLD.package_id) * 4)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~4) | (EXISTS (SELECT 1 FROM charts x WHERE x.package_id = OLD.package_id) * 4)) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_graphics_insert AFTER INSERT ON graphics BEGIN
  UPDATE dashboard_facts SET form_bits = form_bits | 8
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 8) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_graphics_update AFTER UPDATE OF package_id ON graphics BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~8) | (EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = OLD.package_id) * 8)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~8) | (EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = OLD.package_id) * 8)) <> form_bits;
  UPDATE dashboard_facts SET form_bits = form_bits | 8
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 8) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_graphics_delete AFTER DELETE ON graphics BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~8) | (EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = OLD.package_id) * 8)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~8) | (EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = OLD.package_id) * 8)) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_cases_insert AFTER INSERT ON cases BEGIN
  UPDATE dashboard_facts SET form_bits = form_bits | 16
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 16) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_cases_update AFTER UPDATE OF package_id ON cases BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~16) | (EXISTS (SELECT 1 FROM cases x WHERE x.package_id = OLD.package_id) * 16)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~16) | (EXISTS (SELECT 1 FROM cases x WHERE x.package_id = OLD.package_id) * 16)) <> form_bits;
  UPDATE dashboard_facts SET form_bits = form_bits | 16
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | 16) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_cases_delete AFTER DELETE ON cases BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~16) | (EXISTS (SELECT 1 FROM cases x WHERE x.package_id = OLD.package_id) * 16)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~16) | (EXISTS (SELECT 1 FROM cases x WHERE x.package_id = OLD.package_id) * 16)) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_media_records_insert AFTER INSERT ON media_records BEGIN
  UPDATE dashboard_facts SET form_bits = form_bits | ((NEW.kind = 'video') * 32 + (NEW.kind IN ('press_conference', 'briefing')) * 64 + (NEW.speaker_is_head = 1 OR NEW.kind = 'head_interview') * 128)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND (form_bits | ((NEW.kind = 'video') * 32 + (NEW.kind IN ('press_conference', 'briefing')) * 64 + (NEW.speaker_is_head = 1 OR NEW.kind = 'head_interview') * 128)) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_media_records_update AFTER UPDATE OF package_id, kind, speaker_is_head ON media_records BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~224) | (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~224) | (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)) <> form_bits;
  UPDATE dashboard_facts SET form_bits = (form_bits & ~224) | (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND ((form_bits & ~224) | (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)) <> form_bits;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_media_records_delete AFTER DELETE ON media_records BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~224) | (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~224) | (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)) <> form_bits;
END;
--> statement-breakpoint
-- 2. dashboard_facts -> dashboard_month_counts (rows with counted = 1, by CST month and department)
CREATE TRIGGER dashboard_month_counts_insert AFTER INSERT ON dashboard_facts WHEN NEW.counted = 1 BEGIN
  INSERT INTO dashboard_month_counts (month, department_id, published, not_required, required, interpreted, synced, lagged, single_form, form_text, form_qa, form_chart, form_graphic, form_case, form_video, form_press, form_head)
    VALUES (NEW.month, NEW.department_id, 1, (NEW.interpretation_required = 0), (NEW.interpretation_required = 1), NEW.interpreted, NEW.synced, (NEW.interpreted AND NOT NEW.synced), (NEW.interpreted AND (NEW.form_bits & (NEW.form_bits - 1)) = 0), (NEW.interpreted AND (NEW.form_bits & 1) > 0), (NEW.interpreted AND (NEW.form_bits & 2) > 0), (NEW.interpreted AND (NEW.form_bits & 4) > 0), (NEW.interpreted AND (NEW.form_bits & 8) > 0), (NEW.interpreted AND (NEW.form_bits & 16) > 0), (NEW.interpreted AND (NEW.form_bits & 32) > 0), (NEW.interpreted AND (NEW.form_bits & 64) > 0), (NEW.interpreted AND (NEW.form_bits & 128) > 0))
    ON CONFLICT (month, department_id) DO UPDATE SET published = published + excluded.published, not_required = not_required + excluded.not_required, required = required + excluded.required, interpreted = interpreted + excluded.interpreted, synced = synced + excluded.synced, lagged = lagged + excluded.lagged, single_form = single_form + excluded.single_form, form_text = form_text + excluded.form_text, form_qa = form_qa + excluded.form_qa, form_chart = form_chart + excluded.form_chart, form_graphic = form_graphic + excluded.form_graphic, form_case = form_case + excluded.form_case, form_video = form_video + excluded.form_video, form_press = form_press + excluded.form_press, form_head = form_head + excluded.form_head;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_month_counts_delete AFTER DELETE ON dashboard_facts WHEN OLD.counted = 1 BEGIN
  UPDATE dashboard_month_counts SET published = published - 1, not_required = not_required - (OLD.interpretation_required = 0), required = required - (OLD.interpretation_required = 1), interpreted = interpreted - OLD.interpreted, synced = synced - OLD.synced, lagged = lagged - (OLD.interpreted AND NOT OLD.synced), single_form = single_form - (OLD.interpreted AND (OLD.form_bits & (OLD.form_bits - 1)) = 0), form_text = form_text - (OLD.interpreted AND (OLD.form_bits & 1) > 0), form_qa = form_qa - (OLD.interpreted AND (OLD.form_bits & 2) > 0), form_chart = form_chart - (OLD.interpreted AND (OLD.form_bits & 4) > 0), form_graphic = form_graphic - (OLD.interpreted AND (OLD.form_bits & 8) > 0), form_case = form_case - (OLD.interpreted AND (OLD.form_bits & 16) > 0), form_video = form_video - (OLD.interpreted AND (OLD.form_bits & 32) > 0), form_press = form_press - (OLD.interpreted AND (OLD.form_bits & 64) > 0), form_head = form_head - (OLD.interpreted AND (OLD.form_bits & 128) > 0)
   WHERE month = OLD.month AND department_id = OLD.department_id;
  DELETE FROM dashboard_month_counts WHERE month = OLD.month AND department_id = OLD.department_id AND published = 0;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_month_counts_update_old AFTER UPDATE OF department_id, status, published_at, interpretation_required, package_published_at, form_bits ON dashboard_facts
  WHEN OLD.counted = 1 AND (OLD.department_id, OLD.status, OLD.published_at, OLD.interpretation_required, OLD.package_published_at, OLD.form_bits)
       IS NOT (NEW.department_id, NEW.status, NEW.published_at, NEW.interpretation_required, NEW.package_published_at, NEW.form_bits) BEGIN
  UPDATE dashboard_month_counts SET published = published - 1, not_required = not_required - (OLD.interpretation_required = 0), required = required - (OLD.interpretation_required = 1), interpreted = interpreted - OLD.interpreted, synced = synced - OLD.synced, lagged = lagged - (OLD.interpreted AND NOT OLD.synced), single_form = single_form - (OLD.interpreted AND (OLD.form_bits & (OLD.form_bits - 1)) = 0), form_text = form_text - (OLD.interpreted AND (OLD.form_bits & 1) > 0), form_qa = form_qa - (OLD.interpreted AND (OLD.form_bits & 2) > 0), form_chart = form_chart - (OLD.interpreted AND (OLD.form_bits & 4) > 0), form_graphic = form_graphic - (OLD.interpreted AND (OLD.form_bits & 8) > 0), form_case = form_case - (OLD.interpreted AND (OLD.form_bits & 16) > 0), form_video = form_video - (OLD.interpreted AND (OLD.form_bits & 32) > 0), form_press = form_press - (OLD.interpreted AND (OLD.form_bits & 64) > 0), form_head = form_head - (OLD.interpreted AND (OLD.form_bits & 128) > 0)
   WHERE month = OLD.month AND department_id = OLD.department_id;
  DELETE FROM dashboard_month_counts WHERE month = OLD.month AND department_id = OLD.department_id AND published = 0;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_month_counts_update_new AFTER UPDATE OF department_id, status, published_at, interpretation_required, package_published_at, form_bits ON dashboard_facts
  WHEN NEW.counted = 1 AND (OLD.department_id, OLD.status, OLD.published_at, OLD.interpretation_required, OLD.package_published_at, OLD.form_bits)
       IS NOT (NEW.department_id, NEW.status, NEW.published_at, NEW.interpretation_required, NEW.package_published_at, NEW.form_bits) BEGIN
  INSERT INTO dashboard_month_counts (month, department_id, published, not_required, required, interpreted, synced, lagged, single_form, form_text, form_qa, form_chart, form_graphic, form_case, form_video, form_press, form_head)
    VALUES (NEW.month, NEW.department_id, 1, (NEW.interpretation_required = 0), (NEW.interpretation_required = 1), NEW.interpreted, NEW.synced, (NEW.interpreted AND NOT NEW.synced), (NEW.interpreted AND (NEW.form_bits & (NEW.form_bits - 1)) = 0), (NEW.interpreted AND (NEW.form_bits & 1) > 0), (NEW.interpreted AND (NEW.form_bits & 2) > 0), (NEW.interpreted AND (NEW.form_bits & 4) > 0), (NEW.interpreted AND (NEW.form_bits & 8) > 0), (NEW.interpreted AND (NEW.form_bits & 16) > 0), (NEW.interpreted AND (NEW.form_bits & 32) > 0), (NEW.interpreted AND (NEW.form_bits & 64) > 0), (NEW.interpreted AND (NEW.form_bits & 128) > 0))
    ON CONFLICT (month, department_id) DO UPDATE SET published = published + excluded.published, not_required = not_required + excluded.not_required, required = required + excluded.required, interpreted = interpreted + excluded.interpreted, synced = synced + excluded.synced, lagged = lagged + excluded.lagged, single_form = single_form + excluded.single_form, form_text = form_text + excluded.form_text, form_qa = form_qa + excluded.form_qa, form_chart = form_chart + excluded.form_chart, form_graphic = form_graphic + excluded.form_graphic, form_case = form_case + excluded.form_case, form_video = form_video + excluded.form_video, form_press = form_press + excluded.form_press, form_head = form_head + excluded.form_head;
END;
--> statement-breakpoint
-- 3. audit_log 'checks.blocked' rows -> dashboard_check_hits (details.rules: {rule: count} or [rule, …])
CREATE TRIGGER dashboard_check_hits_insert AFTER INSERT ON audit_log
  WHEN NEW.action = 'checks.blocked' AND json_valid(NEW.details) BEGIN
  INSERT INTO dashboard_check_hits (audit_id, at, document_id, rule, errors)
    SELECT NEW.id, NEW.at, coalesce(NEW.document_id, (SELECT p.document_id FROM packages p WHERE p.id = NEW.package_id)), h.rule, coalesce(sum(h.n), 0)
      FROM (SELECT CASE WHEN json_type(NEW.details, '$.rules') = 'array' THEN e.value ELSE e.key END AS rule,
                   CASE WHEN json_type(NEW.details, '$.rules') = 'array' THEN 1 ELSE CAST(e.value AS INTEGER) END AS n
              FROM json_each(NEW.details, '$.rules') e
             WHERE json_type(NEW.details, '$.rules') IN ('object', 'array')) h
     WHERE h.rule IS NOT NULL
     GROUP BY h.rule;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_check_hits_delete AFTER DELETE ON audit_log BEGIN
  DELETE FROM dashboard_check_hits WHERE audit_id = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER dashboard_check_hits_update AFTER UPDATE ON audit_log BEGIN
  DELETE FROM dashboard_check_hits WHERE audit_id = OLD.id;
  INSERT INTO dashboard_check_hits (audit_id, at, document_id, rule, errors)
    SELECT NEW.id, NEW.at, coalesce(NEW.document_id, (SELECT p.document_id FROM packages p WHERE p.id = NEW.package_id)), h.rule, coalesce(sum(h.n), 0)
      FROM (SELECT CASE WHEN json_type((CASE WHEN NEW.action = 'checks.blocked' AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') = 'array' THEN e.value ELSE e.key END AS rule,
                   CASE WHEN json_type((CASE WHEN NEW.action = 'checks.blocked' AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') = 'array' THEN 1 ELSE CAST(e.value AS INTEGER) END AS n
              FROM json_each((CASE WHEN NEW.action = 'checks.blocked' AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') e
             WHERE json_type((CASE WHEN NEW.action = 'checks.blocked' AND json_valid(NEW.details) THEN NEW.details ELSE '{}' END), '$.rules') IN ('object', 'array')) h
     WHERE h.rule IS NOT NULL
     GROUP BY h.rule;
END;
--> statement-breakpoint
-- 4. backfill from the existing rows (the month-count triggers fill dashboard_month_counts)
INSERT INTO dashboard_facts (document_id, department_id, status, updated_at, published_at, interpretation_required,
                             package_id, round, package_published_at, form_bits)
  SELECT d.id, d.department_id, d.status, d.updated_at, d.published_at, d.interpretation_required,
         p.id, p.round, p.published_at, CASE WHEN p.id IS NULL THEN 0 ELSE ((CASE WHEN json_valid(p.sections) THEN EXISTS (SELECT 1 FROM json_each(p.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = p.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = p.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = p.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = p.id) * 16
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND x.kind = 'video') * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = p.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128) END
    FROM documents d LEFT JOIN packages p ON p.document_id = d.id;
--> statement-breakpoint
INSERT INTO dashboard_check_hits (audit_id, at, document_id, rule, errors)
  SELECT a.id, a.at, coalesce(a.document_id, (SELECT p.document_id FROM packages p WHERE p.id = a.package_id)),
         CASE WHEN json_type(a.details, '$.rules') = 'array' THEN e.value ELSE e.key END AS rule,
         coalesce(sum(CASE WHEN json_type(a.details, '$.rules') = 'array' THEN 1 ELSE CAST(e.value AS INTEGER) END), 0)
    FROM audit_log a, json_each(CASE WHEN json_valid(a.details) THEN a.details ELSE '{}' END, '$.rules') e
   WHERE a.action = 'checks.blocked' AND json_valid(a.details) AND json_type(a.details, '$.rules') IN ('object', 'array') AND rule IS NOT NULL
   GROUP BY a.id, rule;
