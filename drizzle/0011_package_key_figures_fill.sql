-- Key figures (数说政策) and the timeline become stored package content (ADR 0005). Until now
-- the exporter read them from the document analysis at export time (suggestions.keyFigures /
-- suggestions.timeline, cut to the card bounds). This fills each package once with exactly what
-- that export printed, so existing images stay as they were and the officer can now see and
-- edit every figure. Items the old export printed as the placeholder "（待填写）" (empty value or
-- label) are left out. Revisions and published snapshots written before this migration carry the
-- same values, so the history shows no change that nobody made and a published package exports
-- what it exported before.
UPDATE packages SET
  key_figures = coalesce((
    SELECT json_group_array(json_object(
      'value', CASE WHEN length(v) > 12 THEN substr(v, 1, 11) || '…' ELSE v END,
      'unit', CASE WHEN u = '' THEN NULL WHEN length(u) > 8 THEN substr(u, 1, 7) || '…' ELSE u END,
      'label', CASE WHEN length(l) > 30 THEN substr(l, 1, 29) || '…' ELSE l END))
    FROM (
      SELECT trim(coalesce(json_extract(j.value, '$.value'), '')) AS v,
             trim(coalesce(json_extract(j.value, '$.unit'), '')) AS u,
             trim(coalesce(json_extract(j.value, '$.label'), '')) AS l
        FROM documents d, json_each(CASE WHEN json_valid(d.structure) THEN d.structure ELSE '{}' END, '$.suggestions.keyFigures') j
       WHERE d.id = packages.document_id AND j.type = 'object'
       ORDER BY j.key
       LIMIT 12)
    WHERE v <> '' AND l <> ''), '[]'),
  timeline = coalesce((
    SELECT json_group_array(json_object('date', dt, 'label', CASE WHEN length(l) > 60 THEN substr(l, 1, 59) || '…' ELSE l END))
    FROM (
      SELECT json_extract(j.value, '$.date') AS dt,
             trim(coalesce(json_extract(j.value, '$.label'), '')) AS l
        FROM documents d, json_each(CASE WHEN json_valid(d.structure) THEN d.structure ELSE '{}' END, '$.suggestions.timeline') j
       WHERE d.id = packages.document_id AND j.type = 'object'
         AND json_extract(j.value, '$.date') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
       ORDER BY j.key
       LIMIT 12)
    WHERE l <> ''), '[]');
--> statement-breakpoint
UPDATE revisions
   SET snapshot = json_set(snapshot, '$.keyFigures', json(p.key_figures), '$.timeline', json(p.timeline))
  FROM packages p
 WHERE p.id = revisions.package_id
   AND CASE WHEN json_valid(revisions.snapshot) THEN json_type(revisions.snapshot) = 'object' AND json_type(revisions.snapshot, '$.keyFigures') IS NULL ELSE 0 END;
--> statement-breakpoint
UPDATE packages
   SET published_snapshot = json_set(published_snapshot, '$.keyFigures', json(key_figures), '$.timeline', json(timeline))
 WHERE published_snapshot IS NOT NULL
   AND CASE WHEN json_valid(published_snapshot) THEN json_type(published_snapshot) = 'object' AND json_type(published_snapshot, '$.keyFigures') IS NULL ELSE 0 END;
