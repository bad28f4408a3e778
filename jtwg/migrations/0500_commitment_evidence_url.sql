-- Evidence of a commitment can be a document reference (evidence), a linked decision
-- (commitment_decision) or a web link to the document itself: this column holds the link.
ALTER TABLE commitment ADD COLUMN evidence_url VARCHAR;
