"""Store functions for meetings: sessions, attendance, agenda items, minute entries, decisions, minutes versions."""

from __future__ import annotations

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, InvalidInput, NotFound
from jtwg.models.common import Actor, Confidentiality
from jtwg.models.meeting import (
    AgendaItem, AgendaItemCreate, Attendance, AttendanceCreate, Decision, DecisionCreate, ExternalEvent,
    ExternalEventCreate, Meeting, MeetingCreate, MeetingSession, Minutes, MinutesCreate, MinuteEntry,
    MinuteEntryCreate, SessionCreate,
)
from jtwg.store.records import Cursor, insert, log_change, models, one, rows
from jtwg.store.groups import optional_org_id, optional_person_id, optional_subcommittee_id


def meeting_id(cur: Cursor, *, group_id: int, sequence_no: int, subcommittee_id: int | None = None) -> int:
    found = cur.execute(
        "SELECT id FROM meeting WHERE group_id = ? AND sequence_no = ? AND subcommittee_id IS NOT DISTINCT FROM ?",
        [group_id, sequence_no, subcommittee_id],
    ).fetchone()
    if found is None:
        raise NotFound(key="error.unknown_meeting", ref=sequence_no)
    return found[0]


def optional_meeting_id(cur: Cursor, *, group_id: int, sequence_no: int | None) -> int | None:
    return None if sequence_no is None else meeting_id(cur, group_id=group_id, sequence_no=sequence_no)


def create_external_event(cur: Cursor, *, data: ExternalEventCreate, actor: Actor) -> int:
    with transaction(cur):
        return insert(cur, "external_event", {
            "name": data.name, "organiser_org_id": optional_org_id(cur, data.organiser_acronym),
            "start_date": data.start_date, "end_date": data.end_date, "venue": data.venue, "city": data.city,
        }, actor=actor)


def get_external_event(cur: Cursor, *, event_id: int) -> ExternalEvent:
    found = one(cur, "SELECT * FROM external_event WHERE id = ?", [event_id])
    if found is None:
        raise NotFound(entity="external_event", ref=event_id)
    return ExternalEvent.model_validate(found)


def create_meeting(cur: Cursor, *, group_id: int, data: MeetingCreate, actor: Actor, margin_event_id: int | None = None) -> int:
    sub_id = optional_subcommittee_id(cur, group_id=group_id, code=data.subcommittee_code)
    clash = cur.execute(
        "SELECT 1 FROM meeting WHERE group_id = ? AND sequence_no = ? AND subcommittee_id IS NOT DISTINCT FROM ?",
        [group_id, data.sequence_no, sub_id],
    ).fetchone()
    if clash:
        raise AlreadyExists(key="error.meeting_number_taken", ref=data.sequence_no)
    with transaction(cur):
        return insert(cur, "meeting", {
            "group_id": group_id, "subcommittee_id": sub_id, "kind": data.kind, "sequence_no": data.sequence_no,
            "start_date": data.start_date, "end_date": data.end_date, "venue": data.venue, "city": data.city,
            "host_country": data.host_country, "host_org_id": optional_org_id(cur, data.host_acronym),
            "margin_event_id": margin_event_id, "introduction": data.introduction,
            "objectives": data.objectives, "status": data.status,
        }, actor=actor)


def list_meetings(cur: Cursor, *, group_id: int) -> list[Meeting]:
    return models(Meeting, rows(
        cur, "SELECT * FROM meeting WHERE group_id = ? ORDER BY start_date DESC, sequence_no DESC", [group_id]))


def get_meeting(cur: Cursor, *, meeting_id: int) -> Meeting:
    found = one(cur, "SELECT * FROM meeting WHERE id = ?", [meeting_id])
    if found is None:
        raise NotFound(key="error.unknown_meeting", ref=meeting_id)
    return Meeting.model_validate(found)


def add_session(cur: Cursor, *, meeting: Meeting, data: SessionCreate, actor: Actor) -> int:
    if data.day_no > (meeting.end_date - meeting.start_date).days + 1:
        raise InvalidInput([("day_no", "error.day_outside_meeting", {"day": data.day_no})])
    with transaction(cur):
        return insert(cur, "meeting_session", {
            "meeting_id": meeting.id, "day_no": data.day_no, "kind": data.kind,
            "subcommittee_id": optional_subcommittee_id(cur, group_id=meeting.group_id, code=data.subcommittee_code),
            "start_time": data.start_time, "end_time": data.end_time, "duration_min": data.duration_min,
            "title": data.title,
        }, actor=actor)


def list_sessions(cur: Cursor, *, meeting_id: int) -> list[MeetingSession]:
    return models(MeetingSession, rows(
        cur, "SELECT * FROM meeting_session WHERE meeting_id = ? ORDER BY day_no, start_time NULLS LAST, id", [meeting_id]))


def add_attendance(cur: Cursor, *, meeting_id: int, data: AttendanceCreate, actor: Actor) -> int:
    with transaction(cur):
        return insert(cur, "attendance", {
            "meeting_id": meeting_id, "person_id": optional_person_id(cur, data.person_ref),
            "org_id": optional_org_id(cur, data.org_acronym), "delegation": data.delegation, "role": data.role,
            "represented_person_id": optional_person_id(cur, data.represented_person_ref), "mode": data.mode,
            "display_name": (data.display_name or "").strip() or None,
        }, actor=actor)


def list_attendance(cur: Cursor, *, meeting_id: int) -> list[Attendance]:
    return models(Attendance, rows(cur, "SELECT * FROM attendance WHERE meeting_id = ? ORDER BY delegation, id", [meeting_id]))


def add_agenda_item(
    cur: Cursor, *, meeting: Meeting, data: AgendaItemCreate, actor: Actor, session_id: int | None = None,
) -> int:
    case_id = None
    if data.protected_case_code:
        found = cur.execute("SELECT id FROM protected_case WHERE case_code = ?", [data.protected_case_code]).fetchone()
        if found is None:
            raise NotFound(key="error.unknown_case", ref=data.protected_case_code)
        case_id = found[0]
    related = None
    if data.related_meeting_seq is not None:
        related = meeting_id(cur, group_id=meeting.group_id, sequence_no=data.related_meeting_seq)
    with transaction(cur):
        position = cur.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE meeting_id = ?", [meeting.id]).fetchone()[0]
        return insert(cur, "agenda_item", {
            "meeting_id": meeting.id, "session_id": session_id, "position": position, "label": data.label,
            "kind": data.kind, "title": data.title, "public_title": data.public_title,
            "presenter_person_id": optional_person_id(cur, data.presenter_person_ref),
            "presenter_org_id": optional_org_id(cur, data.presenter_acronym),
            "presenter_role": data.presenter_role, "confidentiality": data.confidentiality,
            "protected_case_id": case_id, "related_meeting_id": related,
            "reviewed_action_id": data.reviewed_action_id,
        }, actor=actor)


def list_agenda_items(cur: Cursor, *, meeting_id: int) -> list[AgendaItem]:
    return models(AgendaItem, rows(cur, "SELECT * FROM agenda_item WHERE meeting_id = ? ORDER BY position", [meeting_id]))


def get_agenda_item(cur: Cursor, *, item_id: int) -> AgendaItem:
    found = one(cur, "SELECT * FROM agenda_item WHERE id = ?", [item_id])
    if found is None:
        raise NotFound(entity="agenda_item", ref=item_id)
    return AgendaItem.model_validate(found)


def add_minute_entry(cur: Cursor, *, item: AgendaItem, data: MinuteEntryCreate, actor: Actor) -> int:
    # An entry inherits its item's confidentiality and may only raise it.
    level = Confidentiality.highest(item.confidentiality, data.confidentiality or item.confidentiality)
    with transaction(cur):
        position = cur.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM minute_entry WHERE agenda_item_id = ?", [item.id]).fetchone()[0]
        return insert(cur, "minute_entry", {
            "agenda_item_id": item.id, "position": position, "entry_type": data.entry_type,
            "speaker_org_id": optional_org_id(cur, data.speaker_acronym), "text": data.text,
            "confidentiality": level,
        }, actor=actor)


def list_minute_entries(cur: Cursor, *, meeting_id: int) -> list[MinuteEntry]:
    return models(MinuteEntry, rows(
        cur, "SELECT e.* FROM minute_entry e JOIN agenda_item i ON i.id = e.agenda_item_id"
        " WHERE i.meeting_id = ? ORDER BY i.position, e.position", [meeting_id]))


def add_decision(cur: Cursor, *, item: AgendaItem, data: DecisionCreate, actor: Actor) -> int:
    with transaction(cur):
        position = cur.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM decision WHERE agenda_item_id = ?", [item.id]).fetchone()[0]
        return insert(cur, "decision", {
            "agenda_item_id": item.id, "position": position, "decision_type": data.decision_type,
            "mode": data.mode, "text": data.text, "target_type": data.target_type, "target_ref": data.target_ref,
        }, actor=actor)


def list_decisions(cur: Cursor, *, meeting_id: int) -> list[Decision]:
    return models(Decision, rows(
        cur, "SELECT d.* FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id"
        " WHERE i.meeting_id = ? ORDER BY i.position, d.position", [meeting_id]))


def add_minutes_version(cur: Cursor, *, meeting: Meeting, data: MinutesCreate, actor: Actor) -> int:
    if cur.execute("SELECT 1 FROM minutes WHERE meeting_id = ? AND version_no = ?", [meeting.id, data.version_no]).fetchone():
        raise AlreadyExists(key="error.minutes_version_exists", ref=data.version_no)
    adopted_at = None
    if data.adopted_at_meeting_seq is not None:
        adopted_at = meeting_id(cur, group_id=meeting.group_id, sequence_no=data.adopted_at_meeting_seq)
    with transaction(cur):
        return insert(cur, "minutes", {
            "meeting_id": meeting.id, "version_no": data.version_no, "status": data.status,
            "prepared_by_org_id": optional_org_id(cur, data.prepared_by_acronym),
            "place_of_issue": data.place_of_issue, "date_of_issue": data.date_of_issue,
            "circulated_on": data.circulated_on, "adopted_at_meeting_id": adopted_at, "reason": data.reason,
        }, actor=actor)


def list_minutes_versions(cur: Cursor, *, meeting_id: int) -> list[Minutes]:
    return models(Minutes, rows(cur, "SELECT * FROM minutes WHERE meeting_id = ? ORDER BY version_no", [meeting_id]))


def current_minutes(cur: Cursor, *, meeting_id: int) -> Minutes | None:
    found = one(cur, "SELECT * FROM minutes WHERE meeting_id = ? ORDER BY version_no DESC LIMIT 1", [meeting_id])
    return None if found is None else Minutes.model_validate(found)


def protected_case_id(cur: Cursor, code: str | None) -> int | None:
    if not code:
        return None
    found = cur.execute("SELECT id FROM protected_case WHERE case_code = ?", [code]).fetchone()
    if found is None:
        raise NotFound(key="error.unknown_case", ref=code)
    return found[0]


def get_session(cur: Cursor, *, session_id: int) -> MeetingSession:
    found = one(cur, "SELECT * FROM meeting_session WHERE id = ?", [session_id])
    if found is None:
        raise NotFound(entity="meeting_session", ref=session_id)
    return MeetingSession.model_validate(found)


def get_attendance(cur: Cursor, *, attendance_id: int) -> Attendance:
    found = one(cur, "SELECT * FROM attendance WHERE id = ?", [attendance_id])
    if found is None:
        raise NotFound(entity="attendance", ref=attendance_id)
    return Attendance.model_validate(found)


def get_minute_entry(cur: Cursor, *, entry_id: int) -> MinuteEntry:
    found = one(cur, "SELECT * FROM minute_entry WHERE id = ?", [entry_id])
    if found is None:
        raise NotFound(entity="minute_entry", ref=entry_id)
    return MinuteEntry.model_validate(found)


def list_item_entries(cur: Cursor, *, item_id: int) -> list[MinuteEntry]:
    return models(MinuteEntry, rows(cur, "SELECT * FROM minute_entry WHERE agenda_item_id = ? ORDER BY position", [item_id]))


def get_decision(cur: Cursor, *, decision_id: int) -> Decision:
    found = one(cur, "SELECT * FROM decision WHERE id = ?", [decision_id])
    if found is None:
        raise NotFound(entity="decision", ref=decision_id)
    return Decision.model_validate(found)


def get_minutes(cur: Cursor, *, minutes_id: int) -> Minutes:
    found = one(cur, "SELECT * FROM minutes WHERE id = ?", [minutes_id])
    if found is None:
        raise NotFound(entity="minutes", ref=minutes_id)
    return Minutes.model_validate(found)


def previous_meetings(cur: Cursor, *, meeting: Meeting) -> list[Meeting]:
    """The group's meetings of the same body that started before `meeting`, oldest first."""
    return models(Meeting, rows(
        cur, "SELECT * FROM meeting WHERE group_id = ? AND subcommittee_id IS NOT DISTINCT FROM ?"
        " AND start_date < ? ORDER BY start_date, sequence_no",
        [meeting.group_id, meeting.subcommittee_id, meeting.start_date]))


def list_approvals(cur: Cursor, *, minutes_id: int) -> list[dict]:
    """Co-chairs' approvals recorded for one minutes version: person_id, recorded_by, recorded_at."""
    return rows(cur, "SELECT person_id, recorded_by, recorded_at FROM minutes_approval WHERE minutes_id = ? ORDER BY id",
                [minutes_id])


def add_approval(cur: Cursor, *, minutes_id: int, person_id: int, actor: Actor) -> bool:
    """Record a co-chair's approval of a minutes version; False if it was already recorded."""
    with transaction(cur):
        if cur.execute("SELECT 1 FROM minutes_approval WHERE minutes_id = ? AND person_id = ?",
                       [minutes_id, person_id]).fetchone():
            return False
        cur.execute("INSERT INTO minutes_approval (minutes_id, person_id, recorded_by) VALUES (?, ?, ?)",
                    [minutes_id, person_id, actor.username])
        log_change(cur, actor=actor, action="approve", entity="minutes", entity_id=minutes_id,
                   changes={"approved_by_person_id": [None, person_id]})
    return True


def next_position(cur: Cursor, *, meeting_id: int) -> int:
    return cur.execute("SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE meeting_id = ?", [meeting_id]).fetchone()[0]
