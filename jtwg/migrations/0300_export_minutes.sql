-- Word minutes export: protected-case aliases kept only as salted digests, and letterhead base documents.

-- A real-name variant of a protected case, used only to detect and redact it in exports. The name itself
-- is never stored: `digest` is SHA-256 over an installation salt and the alias's normalised words, and
-- exports compare it with the digests of their own word sequences of `word_count` words.
CREATE SEQUENCE case_alias_seq;
CREATE TABLE case_alias (
    id INTEGER PRIMARY KEY DEFAULT nextval('case_alias_seq'),
    case_id INTEGER NOT NULL,
    digest VARCHAR NOT NULL,
    word_count INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    UNIQUE (case_id, digest)
);

-- An organisation's own base document (letterhead, fonts) for Word minutes; the newest row is in use.
CREATE SEQUENCE letterhead_seq;
CREATE TABLE letterhead (
    id INTEGER PRIMARY KEY DEFAULT nextval('letterhead_seq'),
    filename VARCHAR NOT NULL,
    content BLOB NOT NULL,
    sha256 VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    uploaded_by VARCHAR NOT NULL
);
