-- What the name recogniser (the language models of the personal-data check) found in one text, kept so that a
-- text already checked (when saved, imported, circulated or exported) is checked again without the models.
-- `digest`: HMAC-SHA256, under an installation key kept outside the database, of the recogniser's version
-- (models and their versions, the code's rules, the dictionaries), the language and the exact text. A new
-- version or another text gives another digest, so nothing stale is ever read.
-- `spans`: JSON list of [start, end] character offsets of the person names found (offsets, never words).
-- `ordinary`: JSON list of keyed digests of the text's words whose lemma is an ordinary word (never the words).
-- The rest of the check (directory, protected cases and aliases, honorifics) runs on every check.
CREATE TABLE name_analysis (
    digest VARCHAR PRIMARY KEY,
    spans VARCHAR NOT NULL,
    ordinary VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
