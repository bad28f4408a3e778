-- Foundation schema: the group, its people, MoU, work plans, meetings and minutes.
-- Every human-readable text is a `bilingual` struct (en, fr, source language, translation status).
-- Editable records carry `version` (a stale save is refused) and updated_at / updated_by.
-- No FOREIGN KEY clauses: DuckDB rewrites some updates of a referenced row (list and struct
-- columns among them) as delete + insert and then rejects them, so the store checks references
-- itself (jtwg.store), where it can also give a readable message.

CREATE TYPE bilingual AS STRUCT(en VARCHAR, fr VARCHAR, source VARCHAR, status VARCHAR);

CREATE SEQUENCE organisation_seq;
CREATE TABLE organisation (
    id INTEGER PRIMARY KEY DEFAULT nextval('organisation_seq'),
    acronym VARCHAR NOT NULL UNIQUE,
    name bilingual NOT NULL,
    country VARCHAR,               -- ISO 3166 alpha-2, NULL for international bodies
    org_type VARCHAR NOT NULL,     -- government, multilateral, donor, cso, ...
    parent_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE person_seq;
CREATE TABLE person (
    id INTEGER PRIMARY KEY DEFAULT nextval('person_seq'),
    ref VARCHAR NOT NULL UNIQUE,   -- stable key used by imports and demo files
    display_name VARCHAR NOT NULL,
    honorific VARCHAR,
    org_id INTEGER,
    position bilingual,
    email VARCHAR,
    publish_name BOOLEAN NOT NULL DEFAULT false,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE project_seq;
CREATE TABLE project (
    id INTEGER PRIMARY KEY DEFAULT nextval('project_seq'),
    title bilingual NOT NULL,
    iati_identifier VARCHAR,
    donor_org_id INTEGER,
    implementer_org_id INTEGER,
    planned_start DATE,
    planned_end DATE,
    extended_end DATE,             -- end date after an approved no-cost extension
    extension_status VARCHAR NOT NULL DEFAULT 'none',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE jtwg_group_seq;
CREATE TABLE jtwg_group (
    id INTEGER PRIMARY KEY DEFAULT nextval('jtwg_group_seq'),
    code VARCHAR NOT NULL UNIQUE,
    name bilingual NOT NULL,
    project_id INTEGER,
    party_a_org_id INTEGER NOT NULL,
    party_b_org_id INTEGER NOT NULL,
    secretariat_org_id INTEGER,
    host_rotation VARCHAR[] NOT NULL,   -- host cities in turn, e.g. [Abuja, Niamey]
    established_on DATE,
    moderation_rule bilingual,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE subcommittee_seq;
CREATE TABLE subcommittee (
    id INTEGER PRIMARY KEY DEFAULT nextval('subcommittee_seq'),
    group_id INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    name bilingual NOT NULL,
    pillar VARCHAR NOT NULL,       -- prevention, protection, prosecution, partnership
    tor bilingual,
    position INTEGER NOT NULL,
    established_meeting_seq INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    UNIQUE (group_id, code)
);

CREATE SEQUENCE membership_seq;
CREATE TABLE membership (
    id INTEGER PRIMARY KEY DEFAULT nextval('membership_seq'),
    person_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    subcommittee_id INTEGER,
    delegation VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    start_on DATE,
    end_on DATE
);

CREATE SEQUENCE protected_case_seq;
CREATE TABLE protected_case (
    id INTEGER PRIMARY KEY DEFAULT nextval('protected_case_seq'),
    case_code VARCHAR NOT NULL UNIQUE,
    handling_org_id INTEGER,
    pseudonym bilingual NOT NULL,
    sensitivity VARCHAR NOT NULL DEFAULT 'high',
    consent_status VARCHAR NOT NULL DEFAULT 'unknown',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE mou_seq;
CREATE TABLE mou (
    id INTEGER PRIMARY KEY DEFAULT nextval('mou_seq'),
    group_id INTEGER NOT NULL,
    title bilingual NOT NULL,
    signed_on DATE,
    signed_place VARCHAR,
    in_force_from DATE,
    duration_months INTEGER,
    illustrative BOOLEAN NOT NULL DEFAULT false,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE mou_provision_seq;
CREATE TABLE mou_provision (
    id INTEGER PRIMARY KEY DEFAULT nextval('mou_provision_seq'),
    mou_id INTEGER NOT NULL,
    article VARCHAR NOT NULL,
    paragraph VARCHAR,
    heading bilingual,
    text bilingual NOT NULL,
    pillar VARCHAR,
    subcommittee_id INTEGER,
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE commitment_seq;
CREATE TABLE commitment (
    id INTEGER PRIMARY KEY DEFAULT nextval('commitment_seq'),
    provision_id INTEGER NOT NULL,
    code VARCHAR NOT NULL UNIQUE,
    description bilingual NOT NULL,
    responsible_org_ids INTEGER[] NOT NULL,
    due_date DATE,
    recurrence VARCHAR,
    status VARCHAR NOT NULL,
    rag VARCHAR,
    rag_reason bilingual,
    evidence bilingual,
    last_reviewed_meeting_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE workplan_seq;
CREATE TABLE workplan (
    id INTEGER PRIMARY KEY DEFAULT nextval('workplan_seq'),
    group_id INTEGER NOT NULL,
    subcommittee_id INTEGER,   -- NULL: JTWG-wide
    title bilingual NOT NULL,
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    status VARCHAR NOT NULL,
    source_meeting_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE activity_seq;
CREATE TABLE activity (
    id INTEGER PRIMARY KEY DEFAULT nextval('activity_seq'),
    workplan_id INTEGER NOT NULL,
    code VARCHAR NOT NULL UNIQUE,
    title bilingual NOT NULL,
    description bilingual,
    lead_org_id INTEGER,
    partner_org_ids INTEGER[] NOT NULL DEFAULT [],
    planned_start DATE,
    planned_end DATE,
    location VARCHAR,
    budget_amount DECIMAL(14, 2),
    currency VARCHAR,
    funding_source VARCHAR NOT NULL DEFAULT 'unfunded',
    indicator bilingual,
    target VARCHAR,
    status VARCHAR NOT NULL DEFAULT 'not_started',
    progress_pct INTEGER,
    means_of_verification bilingual,
    origin VARCHAR NOT NULL DEFAULT 'workplan',
    origin_meeting_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE external_event_seq;
CREATE TABLE external_event (
    id INTEGER PRIMARY KEY DEFAULT nextval('external_event_seq'),
    name bilingual NOT NULL,
    organiser_org_id INTEGER,
    start_date DATE,
    end_date DATE,
    venue VARCHAR,
    city VARCHAR
);

CREATE SEQUENCE meeting_seq;
CREATE TABLE meeting (
    id INTEGER PRIMARY KEY DEFAULT nextval('meeting_seq'),
    group_id INTEGER NOT NULL,
    subcommittee_id INTEGER,  -- NULL: JTWG plenary meeting
    kind VARCHAR NOT NULL,
    sequence_no INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    venue VARCHAR,
    city VARCHAR,
    host_country VARCHAR,
    host_org_id INTEGER,
    margin_event_id INTEGER,
    introduction bilingual,
    objectives bilingual[] NOT NULL DEFAULT [],
    status VARCHAR NOT NULL DEFAULT 'planned',
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE meeting_session_seq;
CREATE TABLE meeting_session (
    id INTEGER PRIMARY KEY DEFAULT nextval('meeting_session_seq'),
    meeting_id INTEGER NOT NULL,
    day_no INTEGER NOT NULL,
    kind VARCHAR NOT NULL,          -- plenary / breakout
    subcommittee_id INTEGER,
    start_time TIME,
    end_time TIME,
    duration_min INTEGER,
    title bilingual
);

CREATE SEQUENCE attendance_seq;
CREATE TABLE attendance (
    id INTEGER PRIMARY KEY DEFAULT nextval('attendance_seq'),
    meeting_id INTEGER NOT NULL,
    person_id INTEGER,
    org_id INTEGER,
    delegation VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    represented_person_id INTEGER,
    mode VARCHAR NOT NULL DEFAULT 'in_person'
);

CREATE SEQUENCE agenda_item_seq;
CREATE TABLE agenda_item (
    id INTEGER PRIMARY KEY DEFAULT nextval('agenda_item_seq'),
    meeting_id INTEGER NOT NULL,
    session_id INTEGER,
    position INTEGER NOT NULL,
    label VARCHAR,
    kind VARCHAR NOT NULL,
    title bilingual NOT NULL,
    public_title bilingual,          -- neutral title printed when the content is withheld
    presenter_person_id INTEGER,
    presenter_org_id INTEGER,
    presenter_role bilingual,        -- the presenter's position, printed instead of a name
    confidentiality VARCHAR NOT NULL DEFAULT 'restricted',
    protected_case_id INTEGER,
    related_meeting_id INTEGER,      -- e.g. the meeting whose minutes this item adopts
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE minute_entry_seq;
CREATE TABLE minute_entry (
    id INTEGER PRIMARY KEY DEFAULT nextval('minute_entry_seq'),
    agenda_item_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    entry_type VARCHAR NOT NULL,
    speaker_org_id INTEGER,
    text bilingual NOT NULL,
    confidentiality VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE decision_seq;
CREATE TABLE decision (
    id INTEGER PRIMARY KEY DEFAULT nextval('decision_seq'),
    agenda_item_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    decision_type VARCHAR NOT NULL,
    mode VARCHAR,
    text bilingual NOT NULL,
    target_type VARCHAR,
    target_ref VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE action_item_seq;
CREATE TABLE action_item (
    id INTEGER PRIMARY KEY DEFAULT nextval('action_item_seq'),
    code VARCHAR NOT NULL UNIQUE,
    meeting_id INTEGER,
    agenda_item_id INTEGER,
    subcommittee_id INTEGER,
    text bilingual NOT NULL,
    owner_org_id INTEGER,
    owner_person_id INTEGER,
    due_anchor VARCHAR NOT NULL DEFAULT 'fixed',
    due_offset_days INTEGER,
    due_date DATE,
    status VARCHAR NOT NULL DEFAULT 'open',
    progress_pct INTEGER,
    done_on DATE,
    confidentiality VARCHAR NOT NULL DEFAULT 'restricted',
    confirmed BOOLEAN NOT NULL DEFAULT true,
    evidence VARCHAR,
    reviewed_at_meeting_id INTEGER,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

CREATE SEQUENCE minutes_seq;
CREATE TABLE minutes (
    id INTEGER PRIMARY KEY DEFAULT nextval('minutes_seq'),
    meeting_id INTEGER NOT NULL,
    version_no INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    prepared_by_org_id INTEGER,
    place_of_issue VARCHAR,
    date_of_issue DATE,
    circulated_on DATE,
    adopted_at_meeting_id INTEGER,
    reason VARCHAR,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    UNIQUE (meeting_id, version_no)
);

-- Append-only record of every change: who, when, what, from -> to.
CREATE SEQUENCE change_log_seq;
CREATE TABLE change_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('change_log_seq'),
    logged_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,        -- create / update / delete / export / override ...
    entity VARCHAR NOT NULL,
    entity_id INTEGER,
    changes JSON,                   -- {field: [before, after]} for updates
    note VARCHAR
);

CREATE TABLE app_setting (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
