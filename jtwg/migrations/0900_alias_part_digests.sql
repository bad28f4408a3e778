-- Protected-case aliases matched as people write them: each part of an alias alone, in any case, without
-- accents, and with one letter more, less or different. Nothing here can give the name back:
-- `alias_part.digest` is an HMAC-SHA256, under a key kept in a file outside the database and its backups,
-- of one normalised part of an alias (variant = false) or of that part with one letter deleted (variant = true).
-- `near` says whether the part is long enough (5+ letters) for near matches; shorter parts match only exactly.
--
-- Aliases recorded before this migration were single salted SHA-256 digests of the whole alias
-- (salt in app_setting): their parts cannot be recovered, so they keep matching as whole word sequences
-- (scheme 'salted_words') and Settings asks the secretariat to record them again under the new scheme.
ALTER TABLE case_alias ADD COLUMN scheme VARCHAR DEFAULT 'salted_words';
UPDATE case_alias SET scheme = 'salted_words';

CREATE SEQUENCE alias_part_seq;
CREATE TABLE alias_part (
    id INTEGER PRIMARY KEY DEFAULT nextval('alias_part_seq'),
    alias_id INTEGER NOT NULL,
    case_id INTEGER NOT NULL,
    digest VARCHAR NOT NULL,
    variant BOOLEAN NOT NULL,
    near BOOLEAN NOT NULL
);
