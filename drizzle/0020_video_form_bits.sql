-- The video form (bit 32) also counts a package's storyboard (packages.video, app/features/video),
-- as formsPresent does: the package triggers read the new column and fire when it changes, and the
-- media triggers that recompute bit 32 keep it while the package has a storyboard.
DROP TRIGGER IF EXISTS dashboard_facts_package_insert;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_package_insert AFTER INSERT ON packages BEGIN
  UPDATE dashboard_facts
     SET package_id = NEW.id, round = NEW.round, package_published_at = NEW.published_at, form_bits = ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') OR (CASE WHEN json_valid(NEW.video) THEN coalesce(json_array_length(NEW.video, '$.scenes'), 0) ELSE 0 END > 0)) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = NEW.document_id
     AND (package_id, round, package_published_at, form_bits)
         IS NOT (NEW.id, NEW.round, NEW.published_at, ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') OR (CASE WHEN json_valid(NEW.video) THEN coalesce(json_array_length(NEW.video, '$.scenes'), 0) ELSE 0 END > 0)) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128));
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dashboard_facts_package_update;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_package_update AFTER UPDATE OF id, document_id, sections, round, published_at, video ON packages BEGIN
  UPDATE dashboard_facts SET package_id = NULL, round = NULL, package_published_at = NULL, form_bits = 0
   WHERE document_id = OLD.document_id AND OLD.document_id IS NOT NEW.document_id;
  UPDATE dashboard_facts
     SET package_id = NEW.id, round = NEW.round, package_published_at = NEW.published_at, form_bits = ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') OR (CASE WHEN json_valid(NEW.video) THEN coalesce(json_array_length(NEW.video, '$.scenes'), 0) ELSE 0 END > 0)) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = NEW.document_id
     AND (package_id, round, package_published_at, form_bits)
         IS NOT (NEW.id, NEW.round, NEW.published_at, ((CASE WHEN json_valid(NEW.sections) THEN EXISTS (SELECT 1 FROM json_each(NEW.sections) j WHERE j.type = 'text' AND trim(j.value, char(9,10,11,12,13,32,160,5760,8192,8193,8194,8195,8196,8197,8198,8199,8200,8201,8202,8232,8233,8239,8287,12288,65279)) <> '') ELSE 0 END) * 1
      + EXISTS (SELECT 1 FROM qa_items x WHERE x.package_id = NEW.id) * 2
      + EXISTS (SELECT 1 FROM charts x WHERE x.package_id = NEW.id) * 4
      + EXISTS (SELECT 1 FROM graphics x WHERE x.package_id = NEW.id) * 8
      + EXISTS (SELECT 1 FROM cases x WHERE x.package_id = NEW.id) * 16
      + (EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind = 'video') OR (CASE WHEN json_valid(NEW.video) THEN coalesce(json_array_length(NEW.video, '$.scenes'), 0) ELSE 0 END > 0)) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128));
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dashboard_facts_media_records_update;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_media_records_update AFTER UPDATE OF package_id, kind, speaker_is_head ON media_records BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~224) | ((EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') OR EXISTS (SELECT 1 FROM packages pv WHERE pv.id = OLD.package_id AND (CASE WHEN json_valid(pv.video) THEN coalesce(json_array_length(pv.video, '$.scenes'), 0) ELSE 0 END > 0))) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~224) | ((EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') OR EXISTS (SELECT 1 FROM packages pv WHERE pv.id = OLD.package_id AND (CASE WHEN json_valid(pv.video) THEN coalesce(json_array_length(pv.video, '$.scenes'), 0) ELSE 0 END > 0))) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)) <> form_bits;
  UPDATE dashboard_facts SET form_bits = (form_bits & ~224) | ((EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind = 'video') OR EXISTS (SELECT 1 FROM packages pv WHERE pv.id = NEW.package_id AND (CASE WHEN json_valid(pv.video) THEN coalesce(json_array_length(pv.video, '$.scenes'), 0) ELSE 0 END > 0))) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = NEW.package_id) AND package_id = NEW.package_id AND ((form_bits & ~224) | ((EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind = 'video') OR EXISTS (SELECT 1 FROM packages pv WHERE pv.id = NEW.package_id AND (CASE WHEN json_valid(pv.video) THEN coalesce(json_array_length(pv.video, '$.scenes'), 0) ELSE 0 END > 0))) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = NEW.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)) <> form_bits;
END;
--> statement-breakpoint
DROP TRIGGER IF EXISTS dashboard_facts_media_records_delete;
--> statement-breakpoint
CREATE TRIGGER dashboard_facts_media_records_delete AFTER DELETE ON media_records BEGIN
  UPDATE dashboard_facts SET form_bits = (form_bits & ~224) | ((EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') OR EXISTS (SELECT 1 FROM packages pv WHERE pv.id = OLD.package_id AND (CASE WHEN json_valid(pv.video) THEN coalesce(json_array_length(pv.video, '$.scenes'), 0) ELSE 0 END > 0))) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)
   WHERE document_id = (SELECT document_id FROM packages WHERE id = OLD.package_id) AND package_id = OLD.package_id AND ((form_bits & ~224) | ((EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind = 'video') OR EXISTS (SELECT 1 FROM packages pv WHERE pv.id = OLD.package_id AND (CASE WHEN json_valid(pv.video) THEN coalesce(json_array_length(pv.video, '$.scenes'), 0) ELSE 0 END > 0))) * 32
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND x.kind IN ('press_conference', 'briefing')) * 64
      + EXISTS (SELECT 1 FROM media_records x WHERE x.package_id = OLD.package_id AND (x.speaker_is_head = 1 OR x.kind = 'head_interview')) * 128)) <> form_bits;
END;
--> statement-breakpoint
-- packages.video is new (0018): nothing has a storyboard yet, but a database that does gets its bit
UPDATE dashboard_facts SET form_bits = form_bits | 32
 WHERE package_id IN (SELECT id FROM packages p WHERE (CASE WHEN json_valid(p.video) THEN coalesce(json_array_length(p.video, '$.scenes'), 0) ELSE 0 END > 0)) AND (form_bits & 32) = 0;
