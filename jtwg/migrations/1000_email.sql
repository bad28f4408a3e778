-- Email: contacts (address and preferred language), accounts linked to their person, the outbox of
-- every message before it is sent, and which reminder stages each owner has already been sent.

ALTER TABLE person ADD COLUMN lang VARCHAR;                     -- 'en' or 'fr'; NULL: the group's default
ALTER TABLE person ADD COLUMN reminders_off BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE organisation ADD COLUMN email VARCHAR;              -- a shared mailbox of the organisation
ALTER TABLE organisation ADD COLUMN lang VARCHAR;
ALTER TABLE app_user ADD COLUMN person_id INTEGER;              -- the person this account belongs to

-- Every message is written here first; the sender sends what is queued and records the outcome.
-- `raw` is the whole message as sent (headers, text and HTML parts, attachments): the .eml download.
CREATE SEQUENCE outbox_seq;
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY DEFAULT nextval('outbox_seq'),
    idempotency_key VARCHAR NOT NULL UNIQUE,
    kind VARCHAR NOT NULL,                 -- reminder / circulation / invitation
    recipient VARCHAR NOT NULL,
    recipient_name VARCHAR,
    person_id INTEGER,
    lang VARCHAR NOT NULL,
    subject VARCHAR NOT NULL,
    body_text VARCHAR NOT NULL,
    body_html VARCHAR NOT NULL,
    raw BLOB NOT NULL,
    entity VARCHAR,                        -- the record the message is about
    entity_id INTEGER,
    state VARCHAR NOT NULL DEFAULT 'queued',   -- queued -> sent / failed
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error VARCHAR,
    next_attempt_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    sent_at TIMESTAMP
);

CREATE SEQUENCE outbox_attachment_seq;
CREATE TABLE outbox_attachment (
    id INTEGER PRIMARY KEY DEFAULT nextval('outbox_attachment_seq'),
    outbox_id INTEGER NOT NULL,
    filename VARCHAR NOT NULL,
    mime_type VARCHAR NOT NULL,
    content BLOB NOT NULL,
    sha256 VARCHAR NOT NULL
);

-- One row per (recipient, action item, stage) reminded: 14 and 3 days before, then each overdue week.
-- The recipient is 'person:<id>', or 'org:<id>' for an organisation's shared mailbox.
CREATE TABLE reminder_sent (
    recipient VARCHAR NOT NULL,
    action_id INTEGER NOT NULL,
    stage VARCHAR NOT NULL,
    outbox_id INTEGER NOT NULL,
    PRIMARY KEY (recipient, action_id, stage)
);
