"""Drafting the minutes item by item: discussion paragraphs, decisions, and action points that become tracked."""

from __future__ import annotations

from jtwg.db import transaction
from jtwg.errors import InvalidInput
from jtwg.models import (
    ActionItemCreate, ActionPointCreate, Actor, Confidentiality, DecisionCreate, DecisionUpdate, Meeting,
    MinuteEntryCreate, MinuteEntryUpdate,
)
from jtwg.rules import due_date_for
from jtwg.services import permissions
from jtwg.services.meetings.shared import editable_item, ensure_editable
from jtwg.store import actions as action_store
from jtwg.store import groups
from jtwg.store import links
from jtwg.store import meetings as store
from jtwg.store.records import Cursor, delete, update
from jtwg.services import scope


def add_entry(cur: Cursor, *, item_id: int, data: MinuteEntryCreate, actor: Actor) -> int:
    scope.require(cur, actor, agenda_item=item_id)
    permissions.require(actor, "minute_entry.create")
    item = editable_item(cur, item_id=item_id)
    if data.text.is_empty:
        raise InvalidInput([("text", "invalid.text_required", {})])
    return store.add_minute_entry(cur, item=item, data=data, actor=actor)


def update_entry(cur: Cursor, *, entry_id: int, expected_version: int, data: MinuteEntryUpdate, actor: Actor) -> dict:
    scope.require(cur, actor, minute_entry=entry_id)
    permissions.require(actor, "minute_entry.update")
    entry = store.get_minute_entry(cur, entry_id=entry_id)
    item = editable_item(cur, item_id=entry.agenda_item_id)
    # Inherit the item's level; an entry may raise it, never lower it.
    level = Confidentiality.highest(item.confidentiality, data.confidentiality or item.confidentiality)
    with transaction(cur):
        return update(cur, "minute_entry", entry_id, {
            "entry_type": data.entry_type, "speaker_org_id": groups.optional_org_id(cur, data.speaker_acronym),
            "text": data.text, "confidentiality": level,
        }, expected_version=expected_version, actor=actor)


def delete_entry(cur: Cursor, *, entry_id: int, actor: Actor) -> None:
    scope.require(cur, actor, minute_entry=entry_id)
    permissions.require(actor, "minute_entry.delete")
    entry = store.get_minute_entry(cur, entry_id=entry_id)
    editable_item(cur, item_id=entry.agenda_item_id)
    with transaction(cur):
        delete(cur, "minute_entry", entry_id, actor=actor)


def add_decision(cur: Cursor, *, item_id: int, data: DecisionCreate, actor: Actor) -> int:
    scope.require(cur, actor, agenda_item=item_id)
    permissions.require(actor, "decision.create")
    item = editable_item(cur, item_id=item_id)
    if data.text.is_empty:
        raise InvalidInput([("text", "invalid.text_required", {})])
    return store.add_decision(cur, item=item, data=data, actor=actor)


def update_decision(cur: Cursor, *, decision_id: int, expected_version: int, data: DecisionUpdate, actor: Actor) -> dict:
    scope.require(cur, actor, decision=decision_id)
    permissions.require(actor, "decision.update")
    decision = store.get_decision(cur, decision_id=decision_id)
    editable_item(cur, item_id=decision.agenda_item_id)
    with transaction(cur):
        return update(cur, "decision", decision_id, {
            "decision_type": data.decision_type, "mode": data.mode, "text": data.text,
            "target_type": data.target_type, "target_ref": data.target_ref,
        }, expected_version=expected_version, actor=actor)


def delete_decision(cur: Cursor, *, decision_id: int, actor: Actor) -> None:
    scope.require(cur, actor, decision=decision_id)
    permissions.require(actor, "decision.delete")
    decision = store.get_decision(cur, decision_id=decision_id)
    editable_item(cur, item_id=decision.agenda_item_id)
    with transaction(cur):
        links.remove_links_to(cur, kind="decision", target_id=decision_id, actor=actor)
        delete(cur, "decision", decision_id, actor=actor)


def next_action_code(cur: Cursor, *, meeting: Meeting) -> str:
    """ "A5-01", "A5-02" … for the 5th plenary; sub-committee meetings get their code in front ("APR2-01")."""
    prefix = "A"
    if meeting.subcommittee_id is not None:
        prefix += store.subcommittee_code(cur, subcommittee_id=meeting.subcommittee_id)
    stem = f"{prefix}{meeting.sequence_no}-"
    taken = store.action_codes_starting(cur, stem=stem)
    n = 1
    while f"{stem}{n:02d}" in taken:
        n += 1
    return f"{stem}{n:02d}"


def add_action_point(cur: Cursor, *, item_id: int, data: ActionPointCreate, actor: Actor) -> int:
    """Turn an action point of the minutes into a tracked action item at once; return its id.

    Its confidentiality is at least its item's; a relative due date is computed from its anchor.
    """
    scope.require(cur, actor, agenda_item=item_id)
    permissions.require(actor, "action_item.create")
    item = editable_item(cur, item_id=item_id)
    meeting = store.get_meeting(cur, meeting_id=item.meeting_id)
    level = Confidentiality.highest(item.confidentiality, data.confidentiality or item.confidentiality)
    code = next_action_code(cur, meeting=meeting)
    plenary = meeting.subcommittee_id is None
    fields = dict(code=code, text=data.text, subcommittee_code=data.subcommittee_code,
                  owner_acronym=data.owner_acronym, owner_person_ref=data.owner_person_ref,
                  confidentiality=level, confirmed=data.confirmed)
    with transaction(cur):
        if plenary:
            return action_store.create_action_item(cur, group_id=meeting.group_id, agenda_item_id=item.id, actor=actor,
                                                   data=ActionItemCreate(**fields, meeting_seq=meeting.sequence_no,
                                                                         due_anchor=data.due_anchor,
                                                                         due_offset_days=data.due_offset_days,
                                                                         due_date=data.due_date))
        # A sub-committee meeting is not found by sequence number alone: compute the date here, then attach.
        minutes = store.current_minutes(cur, meeting_id=meeting.id)
        due = due_date_for(anchor=data.due_anchor, offset_days=data.due_offset_days, fixed=data.due_date,
                           meeting_start=meeting.start_date, meeting_end=meeting.end_date,
                           minutes_issued=minutes.date_of_issue if minutes else None)
        new_id = action_store.create_action_item(cur, group_id=meeting.group_id, agenda_item_id=item.id, actor=actor,
                                                 data=ActionItemCreate(**fields, due_date=due))
        update(cur, "action_item", new_id, {"meeting_id": meeting.id, "due_anchor": data.due_anchor,
                                            "due_offset_days": data.due_offset_days}, expected_version=None, actor=actor)
        return new_id


def delete_action_point(cur: Cursor, *, action_id: int, actor: Actor) -> None:
    """Withdraw an action point drafted by mistake (only while its meeting's minutes are a draft)."""
    scope.require(cur, actor, action_item=action_id)
    permissions.require(actor, "action_item.delete")
    action = action_store.get_action_item(cur, action_id=action_id)
    if action.meeting_id is None:
        raise InvalidInput([("action", "error.not_a_matter_arising", {})])
    ensure_editable(cur, meeting_id=action.meeting_id)
    with transaction(cur):
        links.remove_links_to(cur, kind="action", target_id=action_id, actor=actor)
        delete(cur, "action_item", action_id, actor=actor)

