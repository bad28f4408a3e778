-- Evidence of an action item: the existing free text plus a link or document reference
-- (a URL, a file reference, "minutes of the 5th meeting, item 3").
ALTER TABLE action_item ADD COLUMN evidence_link VARCHAR;
