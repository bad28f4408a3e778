-- Roles belong to a group: a member of PR in one group is nothing in another.
-- app_user keeps the account (name, password, locks); group_role says what the account is in each group.
-- An administrator is the installation's secretariat: secretariat in every group, and the one who manages
-- accounts, backups, mail and settings. Before this migration the app showed one group (the first by code)
-- to everyone, so each other account keeps its role in that group and in no other.
ALTER TABLE app_user ADD COLUMN administrator BOOLEAN NOT NULL DEFAULT false;
UPDATE app_user SET administrator = (role = 'secretariat');

CREATE TABLE group_role (
    user_id INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    role VARCHAR NOT NULL,
    delegation VARCHAR,
    subcommittee_codes VARCHAR[] NOT NULL DEFAULT [],
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    PRIMARY KEY (user_id, group_id)
);

INSERT INTO group_role (user_id, group_id, role, delegation, subcommittee_codes, updated_by)
SELECT u.id, g.id, u.role, u.delegation,
       -- only the codes that are sub-committees of that group
       list_intersect(u.subcommittee_codes, coalesce((SELECT list(s.code ORDER BY s.code) FROM subcommittee s
                                                      WHERE s.group_id = g.id), [])),
       'migration 1300_group_roles'
FROM app_user u, (SELECT id FROM jtwg_group ORDER BY code LIMIT 1) g
WHERE u.role <> 'secretariat';

ALTER TABLE app_user DROP COLUMN role;
ALTER TABLE app_user DROP COLUMN delegation;
ALTER TABLE app_user DROP COLUMN subcommittee_codes;
