-- Meeting workspace: frozen minutes versions (snapshot, who and when), co-chairs' approvals,
-- the action item a matters-arising point reviews, and attendees who are not in the directory.
ALTER TABLE minutes ADD COLUMN snapshot JSON;              -- the minutes content frozen at circulation
ALTER TABLE minutes ADD COLUMN circulated_by VARCHAR;
ALTER TABLE minutes ADD COLUMN circulated_at TIMESTAMP;
ALTER TABLE minutes ADD COLUMN adoption_decision_id INTEGER; -- the decision of the later meeting that adopted it

CREATE SEQUENCE minutes_approval_seq;
CREATE TABLE minutes_approval (
    id INTEGER PRIMARY KEY DEFAULT nextval('minutes_approval_seq'),
    minutes_id INTEGER NOT NULL,
    person_id INTEGER NOT NULL,        -- the co-chair who approved
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    UNIQUE (minutes_id, person_id)
);

ALTER TABLE agenda_item ADD COLUMN reviewed_action_id INTEGER;  -- matters arising: the action under review

ALTER TABLE attendance ADD COLUMN display_name VARCHAR;  -- an attendee from an imported list, not in the directory
