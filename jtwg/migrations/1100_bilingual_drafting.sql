-- Bilingual drafting: review details of texts, translation memory, glossary (people's gender: 0720).
-- Existing texts keep their stored status (`bilingual.status`): the texts already there were written
-- by people. The status values are listed in jtwg.models.common.TranslationStatus.

-- How a text's translation was produced, beyond its status: the memory match's score and origin,
-- the engine, who accepted it and when. One row per text (entity, row id, field: column or column[i]).
CREATE TABLE text_review (
    entity VARCHAR NOT NULL,
    entity_id INTEGER NOT NULL,
    field VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    score DOUBLE,                 -- fuzzy memory match, 0–100
    origin VARCHAR,               -- where the translation came from: a meeting, an engine, a file
    reviewed_by VARCHAR,
    reviewed_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (entity, entity_id, field)
);

-- Translation memory: sentence pairs from reviewed texts (and imported TMX), source -> target language.
CREATE SEQUENCE tm_segment_seq;
CREATE TABLE tm_segment (
    id INTEGER PRIMARY KEY DEFAULT nextval('tm_segment_seq'),
    src_lang VARCHAR NOT NULL,
    tgt_lang VARCHAR NOT NULL,
    src_text VARCHAR NOT NULL,
    tgt_text VARCHAR NOT NULL,
    src_key VARCHAR NOT NULL,     -- normalised source (case, spaces) for exact look-up
    origin VARCHAR NOT NULL,      -- e.g. "meeting 4", "tmx: file.tmx"
    meeting_id INTEGER,
    reviewed BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    UNIQUE (src_lang, src_key, tgt_text)
);

-- The group's English–French glossary (seeded from the domain glossary, editable by the secretariat).
CREATE SEQUENCE glossary_term_seq;
CREATE TABLE glossary_term (
    id INTEGER PRIMARY KEY DEFAULT nextval('glossary_term_seq'),
    en VARCHAR NOT NULL,
    fr VARCHAR NOT NULL,
    category VARCHAR,
    note VARCHAR,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    UNIQUE (en, fr)
);
