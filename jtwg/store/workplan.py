"""Store functions for work plans and their activities."""

from __future__ import annotations

from datetime import date

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, NotFound, StaleVersion
from jtwg.models.common import Actor
from jtwg.models.workplan import Activity, ActivityCreate, ActivityUpdate, WorkPlan, WorkPlanCreate
from jtwg.store.records import Cursor, delete, insert, models, named_rows, one, rows, update
from jtwg.store.groups import optional_org_id, optional_subcommittee_id, org_id
from jtwg.store.meetings import optional_meeting_id


def create_workplan(cur: Cursor, *, group_id: int, data: WorkPlanCreate, actor: Actor) -> int:
    with transaction(cur):
        return insert(cur, "workplan", {
            "group_id": group_id,
            "subcommittee_id": optional_subcommittee_id(cur, group_id=group_id, code=data.subcommittee_code),
            "title": data.title, "period_start": data.period_start, "period_end": data.period_end,
            "status": data.status,
            "source_meeting_id": optional_meeting_id(cur, group_id=group_id, sequence_no=data.source_meeting_seq),
        }, actor=actor)


def list_workplans(cur: Cursor, *, group_id: int) -> list[WorkPlan]:
    return models(WorkPlan, rows(
        cur, "SELECT w.* FROM workplan w LEFT JOIN subcommittee s ON s.id = w.subcommittee_id"
        " WHERE w.group_id = ? ORDER BY s.position NULLS FIRST, w.period_start", [group_id]))


def get_workplan(cur: Cursor, *, workplan_id: int) -> WorkPlan:
    found = one(cur, "SELECT * FROM workplan WHERE id = ?", [workplan_id])
    if found is None:
        raise NotFound(entity="workplan", ref=workplan_id)
    return WorkPlan.model_validate(found)


def activity_values(cur: Cursor, data) -> dict:
    """Column values for the fields an activity shares between create and update."""
    return {
        "title": data.title, "description": data.description,
        "lead_org_id": optional_org_id(cur, data.lead_acronym),
        "partner_org_ids": [org_id(cur, a) for a in data.partner_acronyms],
        "planned_start": data.planned_start, "planned_end": data.planned_end, "location": data.location,
        "budget_amount": data.budget_amount, "currency": data.currency, "funding_source": data.funding_source,
        "indicator": data.indicator, "target": data.target, "status": data.status,
        "progress_pct": data.progress_pct, "means_of_verification": data.means_of_verification,
    }


def create_activity(cur: Cursor, *, workplan: WorkPlan, data: ActivityCreate, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM activity WHERE code = ?", [data.code]).fetchone():
        raise AlreadyExists(key="error.activity_code_taken", ref=data.code)
    with transaction(cur):
        values = activity_values(cur, data)
        values.update({
            "workplan_id": workplan.id, "code": data.code, "origin": data.origin,
            "origin_meeting_id": optional_meeting_id(cur, group_id=workplan.group_id, sequence_no=data.origin_meeting_seq),
        })
        return insert(cur, "activity", values, actor=actor)


def list_activities(cur: Cursor, *, group_id: int, subcommittee_id: int | None = None) -> list[Activity]:
    sql = ("SELECT v.* FROM activity v JOIN workplan w ON w.id = v.workplan_id"
           " LEFT JOIN subcommittee s ON s.id = w.subcommittee_id WHERE w.group_id = ?")
    params: list = [group_id]
    if subcommittee_id is not None:
        sql += " AND w.subcommittee_id = ?"
        params.append(subcommittee_id)
    return models(Activity, rows(cur, sql + " ORDER BY s.position NULLS FIRST, v.code", params))


def get_activity(cur: Cursor, *, activity_id: int) -> Activity:
    found = one(cur, "SELECT * FROM activity WHERE id = ?", [activity_id])
    if found is None:
        raise NotFound(entity="activity", ref=activity_id)
    return Activity.model_validate(found)


def update_activity(
    cur: Cursor, *, activity_id: int, data: ActivityUpdate, expected_version: int, actor: Actor,
    workplan_id: int | None = None, note: str | None = None,
) -> dict[str, list]:
    """Replace an activity's editable fields (and optionally move it to another work plan); return the diff."""
    with transaction(cur):
        values = activity_values(cur, data)
        if workplan_id is not None:
            values["workplan_id"] = workplan_id
        return update(cur, "activity", activity_id, values, expected_version=expected_version, actor=actor, note=note)


def delete_activity(cur: Cursor, *, activity_id: int, expected_version: int, actor: Actor, note: str | None = None) -> None:
    """Delete an activity if nobody changed it since `expected_version` (links are the caller's business)."""
    current = get_activity(cur, activity_id=activity_id)
    if current.version != expected_version:
        raise StaleVersion(entity="activity", ref=current.code)
    with transaction(cur):
        delete(cur, "activity", activity_id, actor=actor, note=note)


def activity_rows(cur: Cursor, *, group_id: int, today: date, subcommittee_code: str | None = None) -> list[dict]:
    """Activities of a group (of one sub-committee's plans, if given) with their sub-committee code, lead
    organisation's acronym and the shared overdue rule (migration 0700), in sub-committee and code order."""
    return named_rows(cur, """
        SELECT v.*, s.code AS subcommittee, o.acronym AS lead,
               activity_overdue(v.planned_end, v.status, $today) AS overdue
        FROM activity v JOIN workplan w ON w.id = v.workplan_id
        LEFT JOIN subcommittee s ON s.id = w.subcommittee_id
        LEFT JOIN organisation o ON o.id = v.lead_org_id
        WHERE w.group_id = $group_id AND ($subcommittee IS NULL OR s.code = $subcommittee)
        ORDER BY s.position NULLS FIRST, v.code""",
        {"group_id": group_id, "today": today, "subcommittee": subcommittee_code})


def served_provisions(cur: Cursor, *, group_id: int) -> list[dict]:
    """(activity id, provision) for every MoU provision an activity of the group serves through a linked
    commitment, once each, in the MoU's order: one query for the whole work plan."""
    return rows(cur, """
        SELECT DISTINCT l.activity_id, p.*
        FROM commitment_activity l JOIN commitment c ON c.id = l.commitment_id
        JOIN mou_provision p ON p.id = c.provision_id
        JOIN activity v ON v.id = l.activity_id JOIN workplan w ON w.id = v.workplan_id
        WHERE w.group_id = ?
        ORDER BY l.activity_id, p.mou_id, p.position, p.id""", [group_id])


def linked_commitments(cur: Cursor, *, activity_id: int) -> list[dict]:
    """id and code of the MoU commitments an activity implements, by code."""
    return rows(cur, "SELECT c.id, c.code FROM commitment_activity l JOIN commitment c ON c.id = l.commitment_id"
                     " WHERE l.activity_id = ? ORDER BY c.code", [activity_id])


def current_workplan_id(cur: Cursor, *, group_id: int, subcommittee_id: int | None) -> int | None:
    """The work plan new activities of a sub-committee (None: JTWG-wide) go into: the latest not superseded."""
    found = cur.execute(
        "SELECT id FROM workplan WHERE group_id = ? AND subcommittee_id IS NOT DISTINCT FROM ?"
        " AND status <> 'superseded' ORDER BY period_start DESC, id DESC LIMIT 1", [group_id, subcommittee_id]).fetchone()
    return found[0] if found else None
