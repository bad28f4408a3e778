"""Action-item rules: updating with history, a reason when a due date moves, done dates."""

from __future__ import annotations

from datetime import date

from jtwg.db import transaction
from jtwg.errors import InvalidInput
from jtwg.models import ActionItemUpdate, ActionStatus, Actor
from jtwg.services import permissions
from jtwg.store import actions as store
from jtwg.store.common import Cursor, history, update
from jtwg.store.groups import optional_org_id, optional_person_id


def update_action_item(
    cur: Cursor, *, action_id: int, expected_version: int, data: ActionItemUpdate, actor: Actor, today: date,
) -> dict[str, list]:
    """Apply `data` to an action item if nobody saved it since `expected_version`; return the diff.

    Moving the due date needs a reason; marking it done sets the done date (today unless given).
    The update note and the reason are kept in the item's history.
    """
    item = store.get_action_item(cur, action_id=action_id)
    sub_code = _subcommittee_code(cur, item.subcommittee_id)
    permissions.require(actor, "action_item.update", subcommittee_code=sub_code)
    changes: dict[str, object] = {}
    for name in ("status", "progress_pct", "evidence", "reviewed_at_meeting_id"):
        value = getattr(data, name)
        if value is not None:
            changes[name] = value
    if data.due_date is not None and data.due_date != item.due_date:
        if not (data.due_change_reason or "").strip():
            raise InvalidInput([("due_date", "invalid.due_change_needs_reason", {})])
        # A moved date is fixed from now on: it no longer follows the meeting it came from.
        changes.update(due_date=data.due_date, due_anchor="fixed", due_offset_days=None)
    if data.owner_acronym is not None:
        changes["owner_org_id"] = optional_org_id(cur, data.owner_acronym or None)
    if data.owner_person_ref is not None:
        changes["owner_person_id"] = optional_person_id(cur, data.owner_person_ref or None)
    status = data.status or item.status
    if status is ActionStatus.DONE and item.status is not ActionStatus.DONE:
        changes["done_on"] = data.done_on or today
        changes.setdefault("progress_pct", 100)
    elif status is not ActionStatus.DONE and item.done_on is not None:
        changes["done_on"] = None
    note = "\n".join(x for x in (data.note, data.due_change_reason and f"due date: {data.due_change_reason}") if x) or None
    with transaction(cur):
        return update(cur, "action_item", action_id, changes, expected_version=expected_version, actor=actor, note=note)


def action_history(cur: Cursor, *, action_id: int) -> list[dict]:
    """Every change of one action item, newest first (who, when, what from -> to, note)."""
    return history(cur, entity="action_item", entity_id=action_id)


def _subcommittee_code(cur: Cursor, subcommittee_id: int | None) -> str | None:
    if subcommittee_id is None:
        return None
    found = cur.execute("SELECT code FROM subcommittee WHERE id = ?", [subcommittee_id]).fetchone()
    return found[0] if found else None
