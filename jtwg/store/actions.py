"""Store functions for action items: creation with a computed due date, filtered listing."""

from __future__ import annotations

from datetime import date

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, NotFound
from jtwg.models.common import Actor
from jtwg.models.workplan import ActionItem, ActionItemCreate
from jtwg.rules import due_date_for
from jtwg.store.common import Cursor, insert, models, one, rows
from jtwg.store.groups import optional_org_id, optional_person_id, optional_subcommittee_id
from jtwg.store.meetings import current_minutes, get_meeting, meeting_id


def create_action_item(
    cur: Cursor, *, group_id: int, data: ActionItemCreate, actor: Actor, agenda_item_id: int | None = None,
) -> int:
    """Create an action item; its due date is computed from its anchor. The agenda item is given by id or label."""
    if cur.execute("SELECT 1 FROM action_item WHERE code = ?", [data.code]).fetchone():
        raise AlreadyExists(key="error.action_code_taken", ref=data.code)
    mid = None
    item_id = agenda_item_id
    due = data.due_date
    if data.meeting_seq is not None:
        mid = meeting_id(cur, group_id=group_id, sequence_no=data.meeting_seq)
        meeting = get_meeting(cur, meeting_id=mid)
        minutes = current_minutes(cur, meeting_id=mid)
        due = due_date_for(
            anchor=data.due_anchor, offset_days=data.due_offset_days, fixed=data.due_date,
            meeting_start=meeting.start_date, meeting_end=meeting.end_date,
            minutes_issued=minutes.date_of_issue if minutes else None,
        )
        if data.agenda_item_ref:
            found = cur.execute(
                "SELECT id FROM agenda_item WHERE meeting_id = ? AND label = ?", [mid, data.agenda_item_ref]).fetchone()
            if found is None:
                raise NotFound(key="error.unknown_agenda_item", ref=data.agenda_item_ref)
            item_id = found[0]
    with transaction(cur):
        return insert(cur, "action_item", {
            "code": data.code, "meeting_id": mid, "agenda_item_id": item_id,
            "subcommittee_id": optional_subcommittee_id(cur, group_id=group_id, code=data.subcommittee_code),
            "text": data.text, "owner_org_id": optional_org_id(cur, data.owner_acronym),
            "owner_person_id": optional_person_id(cur, data.owner_person_ref),
            "due_anchor": data.due_anchor, "due_offset_days": data.due_offset_days, "due_date": due,
            "status": data.status, "progress_pct": data.progress_pct, "done_on": data.done_on,
            "confidentiality": data.confidentiality, "confirmed": data.confirmed,
        }, actor=actor)


def list_action_items(cur: Cursor, *, group_id: int, meeting_id: int | None = None) -> list[ActionItem]:
    """Action items of a group: those born in its meetings and those filed under its sub-committees."""
    sql = ("SELECT a.* FROM action_item a LEFT JOIN meeting m ON m.id = a.meeting_id"
           " LEFT JOIN subcommittee s ON s.id = a.subcommittee_id"
           " WHERE coalesce(m.group_id, s.group_id) = ?")
    params: list = [group_id]
    if meeting_id is not None:
        sql += " AND a.meeting_id = ?"
        params.append(meeting_id)
    return models(ActionItem, rows(cur, sql + " ORDER BY a.due_date NULLS LAST, a.code", params))


def get_action_item(cur: Cursor, *, action_id: int) -> ActionItem:
    found = one(cur, "SELECT * FROM action_item WHERE id = ?", [action_id])
    if found is None:
        raise NotFound(entity="action_item", ref=action_id)
    return ActionItem.model_validate(found)


def count_actions(cur: Cursor, *, group_id: int, today: date) -> dict[str, int]:
    """Open, overdue, done and total action items of a group, counted in SQL."""
    found = one(cur, """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE a.status IN ('open', 'in_progress')) AS open,
               count(*) FILTER (WHERE a.status = 'done') AS done,
               count(*) FILTER (WHERE a.due_date < ? AND a.status NOT IN ('done', 'cancelled')) AS overdue
        FROM action_item a LEFT JOIN meeting m ON m.id = a.meeting_id
        LEFT JOIN subcommittee s ON s.id = a.subcommittee_id
        WHERE coalesce(m.group_id, s.group_id) = ?""", [today, group_id])
    return {k: int(v) for k, v in found.items()}
