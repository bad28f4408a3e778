-- Accent- and case-folded texts for search and the tracker's text filter (jtwg/store/folded.py), kept on
-- every write instead of folded over every row at each query. One row per record and purpose: `purpose` is
-- what is searched (meeting, agenda_item, minute_entry, decision, action_item: the search; action_tracker:
-- the tracker's filter), `id` the record's id in its table. Filled here for the rows already stored.
CREATE TABLE search_text (
    purpose VARCHAR NOT NULL,
    id INTEGER NOT NULL,
    folded VARCHAR
);
CREATE INDEX search_text_id ON search_text (id);

INSERT INTO search_text (purpose, id, folded)
SELECT 'meeting', m.id, strip_accents(lower(((coalesce(m.introduction.en, '') || ' ' || coalesce(m.introduction.fr, '')) || ' ' || array_to_string(list_transform(m.objectives, lambda o: coalesce(o.en, '') || ' ' || coalesce(o.fr, '')), ' ') || ' ' || coalesce(m.venue, '') || ' ' || coalesce(m.city, '')))) FROM meeting m;
INSERT INTO search_text (purpose, id, folded)
SELECT 'agenda_item', i.id, strip_accents(lower((coalesce(i.title.en, '') || ' ' || coalesce(i.title.fr, '')))) FROM agenda_item i;
INSERT INTO search_text (purpose, id, folded)
SELECT 'minute_entry', e.id, strip_accents(lower((coalesce(e.text.en, '') || ' ' || coalesce(e.text.fr, '')))) FROM minute_entry e;
INSERT INTO search_text (purpose, id, folded)
SELECT 'decision', d.id, strip_accents(lower((coalesce(d.text.en, '') || ' ' || coalesce(d.text.fr, '')))) FROM decision d;
INSERT INTO search_text (purpose, id, folded)
SELECT 'action_item', a.id, strip_accents(lower((a.code || ' ' || (coalesce(a.text.en, '') || ' ' || coalesce(a.text.fr, ''))))) FROM action_item a;
INSERT INTO search_text (purpose, id, folded)
SELECT 'action_tracker', a.id, strip_accents(lower(concat_ws(' ', a.code, struct_extract(a.text, 'en'), struct_extract(a.text, 'fr'), a.evidence, a.evidence_link))) FROM action_item a;
