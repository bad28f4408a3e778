-- The shared rules of action items and activities, defined once for every page, export and count.
-- "today" is a parameter of the rules (the app may run as of an earlier date), so they are macros;
-- what does not depend on the date is a view.

-- An action item is open until it is done or cancelled; an activity until it is completed or cancelled.
CREATE MACRO action_open(status) AS status NOT IN ('done', 'cancelled');
CREATE MACRO activity_open(status) AS status NOT IN ('completed', 'cancelled');

-- Overdue: past its due date (planned end) and still open. Never stored.
CREATE MACRO action_overdue(due_date, status, today) AS
    coalesce(due_date < today, false) AND action_open(status);
CREATE MACRO activity_overdue(planned_end, status, today) AS
    coalesce(planned_end < today, false) AND activity_open(status);

-- Due soon: due (planned to end) from today to `days` ahead and still open.
CREATE MACRO action_due_soon(due_date, status, today, days) AS
    coalesce(due_date BETWEEN today AND CAST(today AS DATE) + CAST(days AS INTEGER), false) AND action_open(status);
CREATE MACRO activity_due_soon(planned_end, status, today, days) AS
    coalesce(planned_end BETWEEN today AND CAST(today AS DATE) + CAST(days AS INTEGER), false) AND activity_open(status);

-- Confidentiality levels in order; the higher of two levels.
CREATE MACRO level_rank(level) AS
    CASE level WHEN 'public' THEN 0 WHEN 'restricted' THEN 1 WHEN 'confidential' THEN 2 END;
CREATE MACRO higher_level(a, b) AS
    CASE WHEN b IS NOT NULL AND level_rank(b) > level_rank(a) THEN b ELSE a END;

-- The delegation an organisation speaks for in a group, derived rather than stored: the group's
-- secretariat (and any multilateral body) as the secretariat, donors and civil society by their type,
-- a government body by its country, anything else (a regional commission) as an observer.
CREATE VIEW org_delegation AS
SELECT g.id AS group_id, o.id AS org_id, o.acronym,
       CASE WHEN o.id = g.secretariat_org_id OR o.org_type = 'multilateral' THEN 'secretariat'
            WHEN o.org_type = 'donor' THEN 'donor'
            WHEN o.org_type = 'cso' THEN 'cso'
            WHEN o.country IS NOT NULL THEN o.country
            ELSE 'observer' END AS delegation
FROM organisation o CROSS JOIN jtwg_group g;

-- Action items as they are read: the group they belong to (their meeting's, or their sub-committee's),
-- the owner organisation (the owner person's when none is named) and its delegation (NULL when the
-- item has no owner organisation), and the effective confidentiality: the higher of the item's own
-- level and its agenda item's, so raising an item raises its action points, whoever created them.
CREATE VIEW action_item_read AS
SELECT a.* REPLACE (higher_level(a.confidentiality, ai.confidentiality) AS confidentiality),
       a.confidentiality AS own_confidentiality,
       coalesce(m.group_id, s.group_id) AS group_id,
       coalesce(a.owner_org_id, p.org_id) AS owner_org,
       d.delegation
FROM action_item a
LEFT JOIN meeting m ON m.id = a.meeting_id
LEFT JOIN subcommittee s ON s.id = a.subcommittee_id
LEFT JOIN agenda_item ai ON ai.id = a.agenda_item_id
LEFT JOIN person p ON p.id = a.owner_person_id
LEFT JOIN org_delegation d ON d.org_id = coalesce(a.owner_org_id, p.org_id)
    AND d.group_id = coalesce(m.group_id, s.group_id);
