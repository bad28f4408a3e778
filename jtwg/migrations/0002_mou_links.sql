-- Links from MoU commitments to the work that carries them out: work-plan activities, action items
-- and meeting decisions. A provision's implementation is what its commitments link to.
CREATE TABLE commitment_activity (
    commitment_id INTEGER NOT NULL,
    activity_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    PRIMARY KEY (commitment_id, activity_id)
);

CREATE TABLE commitment_action (
    commitment_id INTEGER NOT NULL,
    action_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    PRIMARY KEY (commitment_id, action_id)
);

CREATE TABLE commitment_decision (
    commitment_id INTEGER NOT NULL,
    decision_id INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    PRIMARY KEY (commitment_id, decision_id)
);
