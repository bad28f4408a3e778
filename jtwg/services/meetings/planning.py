"""Planning: the meetings of a group, the next one's suggested number and host, a meeting's dates and sessions."""

from __future__ import annotations

from dataclasses import dataclass

from jtwg.db import transaction
from jtwg.errors import InvalidInput, StillReferenced
from jtwg.models import (
    Actor, DueAnchor, ExternalEvent, ExternalEventCreate, Meeting, MeetingCreate, MeetingSession, MeetingUpdate,
    Minutes, MinutesCreate, SessionCreate,
)
from jtwg.rules import due_date_for, next_host_city
from jtwg.services import permissions
from jtwg.services.meetings.shared import ensure_editable, require_reader
from jtwg.store import actions as action_store
from jtwg.store import groups
from jtwg.store import meetings as store
from jtwg.store.records import Cursor, delete, update
from jtwg.services import scope


# --- Reading --------------------------------------------------------------------------------------


@dataclass
class MeetingRow:
    """A meeting as the meetings list shows it, with its current minutes version (None before any)."""

    meeting: Meeting
    minutes: Minutes | None


def list_meetings(cur: Cursor, *, group_id: int, actor: Actor) -> list[MeetingRow]:
    """The group's meetings, newest first, each with its current minutes (two queries for the whole list).

    A meeting's header (number, dates, venue, host, status) is public: every role may read the list.
    """
    scope.require(cur, actor, group=group_id)
    require_reader(actor)
    current = store.current_minutes_by_meeting(cur, group_id=group_id)
    return [MeetingRow(m, current.get(m.id)) for m in store.list_meetings(cur, group_id=group_id)]


def get_meeting(cur: Cursor, *, meeting_id: int, actor: Actor) -> Meeting:
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    return store.get_meeting(cur, meeting_id=meeting_id)


def list_sessions(cur: Cursor, *, meeting_id: int, actor: Actor) -> list[MeetingSession]:
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    return store.list_sessions(cur, meeting_id=meeting_id)


def list_external_events(cur: Cursor, *, actor: Actor) -> list[ExternalEvent]:
    """Events a meeting may be held in the margin of, most recent first."""
    require_reader(actor)
    return store.list_external_events(cur)


def previous_meetings(cur: Cursor, *, meeting: Meeting, actor: Actor) -> list[Meeting]:
    """Earlier meetings of the same body, oldest first (those an agenda item may refer to)."""
    scope.require(cur, actor, group=meeting.group_id)
    require_reader(actor)
    return store.previous_meetings(cur, meeting=meeting)


# --- Planning and changing a meeting ---------------------------------------------------------------


@dataclass
class PlanSuggestion:
    sequence_no: int
    city: str | None
    host_country: str | None
    host_acronym: str | None
    previous: Meeting | None


def suggest_plan(cur: Cursor, *, group_id: int, subcommittee_code: str | None = None) -> PlanSuggestion:
    """The next sequence number of the body, and the city, country and host whose turn it is."""
    group = groups.get_group(cur, group_id=group_id)
    sub_id = groups.optional_subcommittee_id(cur, group_id=group_id, code=subcommittee_code)
    held = [m for m in store.list_meetings(cur, group_id=group_id) if m.subcommittee_id == sub_id]
    held.sort(key=lambda m: (m.start_date, m.sequence_no))
    sequence = max((m.sequence_no for m in held), default=0) + 1
    city = next_host_city(group.host_rotation, [m.city for m in held if m.city])
    # The host of a city is whoever hosted the last meeting there: the rotation lists cities only.
    host_country = host_acronym = None
    for m in reversed(held):
        if m.city == city:
            host_country = m.host_country
            host_acronym = store.org_acronym(cur, org_id=m.host_org_id)
            break
    return PlanSuggestion(sequence, city, host_country, host_acronym, held[-1] if held else None)


def plan_meeting(
    cur: Cursor, *, group_id: int, data: MeetingCreate, actor: Actor, sessions: list[SessionCreate] = (),
    margin_event_id: int | None = None, new_event: ExternalEventCreate | None = None,
) -> int:
    """Create a planned meeting with its sessions and an empty draft of its minutes (version 1)."""
    scope.require(cur, actor, group=group_id)
    permissions.require(actor, "meeting.create")
    group = groups.get_group(cur, group_id=group_id)
    with transaction(cur):
        if new_event is not None:
            margin_event_id = store.create_external_event(cur, data=new_event, actor=actor)
        elif margin_event_id is not None:
            store.get_external_event(cur, event_id=margin_event_id)
        new_id = store.create_meeting(cur, group_id=group_id, data=data, actor=actor, margin_event_id=margin_event_id)
        meeting = store.get_meeting(cur, meeting_id=new_id)
        for session in sessions:
            store.add_session(cur, meeting=meeting, data=session, actor=actor)
        store.add_minutes_version(cur, meeting=meeting, data=MinutesCreate(
            version_no=1, prepared_by_acronym=store.org_acronym(cur, org_id=group.secretariat_org_id)), actor=actor)
    return new_id


def update_meeting(cur: Cursor, *, meeting_id: int, expected_version: int, data: MeetingUpdate, actor: Actor) -> dict:
    """Change a meeting's dates, venue, host, event, introduction or objectives while its minutes are a draft.

    Action points due relative to the meeting's start or end follow its new dates.
    """
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "meeting.update")
    ensure_editable(cur, meeting_id=meeting_id)
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    days = (data.end_date - data.start_date).days + 1
    for session in store.list_sessions(cur, meeting_id=meeting_id):
        if session.day_no > days:
            raise InvalidInput([("end_date", "error.day_outside_meeting", {"day": session.day_no})])
    if data.margin_event_id is not None:
        store.get_external_event(cur, event_id=data.margin_event_id)
    with transaction(cur):
        diff = update(cur, "meeting", meeting_id, {
            "kind": data.kind, "start_date": data.start_date, "end_date": data.end_date, "venue": data.venue,
            "city": data.city, "host_country": data.host_country,
            "host_org_id": groups.optional_org_id(cur, data.host_acronym), "margin_event_id": data.margin_event_id,
            "introduction": data.introduction, "objectives": data.objectives, "status": data.status,
        }, expected_version=expected_version, actor=actor)
        if "start_date" in diff or "end_date" in diff:
            recompute_due_dates(cur, meeting=store.get_meeting(cur, meeting_id=meeting.id), actor=actor)
    return diff


def recompute_due_dates(cur: Cursor, *, meeting: Meeting, actor: Actor) -> int:
    """Recompute the due date of every action of `meeting` due relative to it; return how many moved."""
    scope.require(cur, actor, group=meeting.group_id)
    minutes = store.current_minutes(cur, meeting_id=meeting.id)
    moved = 0
    with transaction(cur):
        for action in action_store.list_action_items(cur, group_id=meeting.group_id, meeting_id=meeting.id):
            if action.due_anchor is DueAnchor.FIXED:
                continue
            due = due_date_for(anchor=action.due_anchor, offset_days=action.due_offset_days, fixed=None,
                               meeting_start=meeting.start_date, meeting_end=meeting.end_date,
                               minutes_issued=minutes.date_of_issue if minutes else None)
            if due != action.due_date:
                update(cur, "action_item", action.id, {"due_date": due}, expected_version=None, actor=actor,
                       note=f"due date follows its anchor ({action.due_anchor.value})")
                moved += 1
    return moved


def add_session(cur: Cursor, *, meeting_id: int, data: SessionCreate, actor: Actor) -> int:
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "meeting.update")
    ensure_editable(cur, meeting_id=meeting_id)
    return store.add_session(cur, meeting=store.get_meeting(cur, meeting_id=meeting_id), data=data, actor=actor)


def delete_session(cur: Cursor, *, session_id: int, actor: Actor) -> None:
    scope.require(cur, actor, meeting_session=session_id)
    permissions.require(actor, "meeting.update")
    session = store.get_session(cur, session_id=session_id)
    ensure_editable(cur, meeting_id=session.meeting_id)
    if store.session_has_items(cur, session_id=session_id):
        raise StillReferenced(key="error.session_has_items")
    with transaction(cur):
        delete(cur, "meeting_session", session_id, actor=actor)

