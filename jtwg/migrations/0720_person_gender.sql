-- The grammatical gender French role labels agree with ("Coprésidente", "Intervenant"): f, m or unknown
-- (unknown prints neutral wording: "Coprésidence", "Intervention").
ALTER TABLE person ADD COLUMN gender VARCHAR DEFAULT 'unknown';
UPDATE person SET gender = 'unknown' WHERE gender IS NULL;
