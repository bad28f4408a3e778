"""Store functions for meetings: sessions, attendance, agenda items, minute entries, decisions, minutes versions."""

from __future__ import annotations

import json

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, InvalidInput, NotFound
from jtwg.models.common import Actor, Confidentiality
from jtwg.models.meeting import (
    AgendaItem, AgendaItemCreate, Attendance, AttendanceCreate, Decision, DecisionCreate, ExternalEvent,
    ExternalEventCreate, Meeting, MeetingCreate, MeetingSession, Minutes, MinutesCreate, MinuteEntry,
    MinuteEntryCreate, SessionCreate,
)
from jtwg.store.records import Cursor, M, insert, log_change, models, one, rows
from jtwg.store.groups import optional_org_id, optional_person_id, optional_subcommittee_id


def _by_id(cur: Cursor, model: type[M], table: str, row_id: int, key: str | None = None) -> M:
    """One row of `table` by id as `model`, or a NotFound (with the catalogue `key` when given)."""
    found = one(cur, f"SELECT * FROM {table} WHERE id = ?", [row_id])
    if found is None:
        raise NotFound(key=key, ref=row_id) if key else NotFound(entity=table, ref=row_id)
    return model.model_validate(found)


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
    return _by_id(cur, ExternalEvent, "external_event", event_id)


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
    return _by_id(cur, Meeting, "meeting", meeting_id, key="error.unknown_meeting")


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
    case_id = protected_case_id(cur, data.protected_case_code)
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
    return _by_id(cur, AgendaItem, "agenda_item", item_id)


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
    return _by_id(cur, MeetingSession, "meeting_session", session_id)


def get_attendance(cur: Cursor, *, attendance_id: int) -> Attendance:
    return _by_id(cur, Attendance, "attendance", attendance_id)


def get_minute_entry(cur: Cursor, *, entry_id: int) -> MinuteEntry:
    return _by_id(cur, MinuteEntry, "minute_entry", entry_id)


def list_item_entries(cur: Cursor, *, item_id: int) -> list[MinuteEntry]:
    return models(MinuteEntry, rows(cur, "SELECT * FROM minute_entry WHERE agenda_item_id = ? ORDER BY position", [item_id]))


def get_decision(cur: Cursor, *, decision_id: int) -> Decision:
    return _by_id(cur, Decision, "decision", decision_id)


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



def org_acronym(cur: Cursor, *, org_id: int | None) -> str | None:
    if org_id is None:
        return None
    found = cur.execute("SELECT acronym FROM organisation WHERE id = ?", [org_id]).fetchone()
    return found[0] if found else None


def session_has_items(cur: Cursor, *, session_id: int) -> bool:
    return cur.execute("SELECT 1 FROM agenda_item WHERE session_id = ?", [session_id]).fetchone() is not None


def item_has_actions(cur: Cursor, *, item_id: int) -> bool:
    return cur.execute("SELECT 1 FROM action_item WHERE agenda_item_id = ?", [item_id]).fetchone() is not None


def item_decision_ids(cur: Cursor, *, item_id: int) -> list[int]:
    return [r[0] for r in cur.execute("SELECT id FROM decision WHERE agenda_item_id = ? ORDER BY position",
                                      [item_id]).fetchall()]


def item_case_code(cur: Cursor, *, item_id: int | None) -> str | None:
    """The protected case code of an agenda item, if it concerns one."""
    if item_id is None:
        return None
    found = cur.execute("SELECT c.case_code FROM agenda_item i JOIN protected_case c ON c.id = i.protected_case_id"
                        " WHERE i.id = ?", [item_id]).fetchone()
    return found[0] if found else None


def earlier_actions_for_review(cur: Cursor, *, meeting: Meeting) -> list[tuple[dict, int]]:
    """Action items of the group's earlier meetings still open (the shared rule), or already reviewed at `meeting`.

    Each as (the action's row, with its effective level, and the sequence number of the meeting it came from),
    oldest meeting first.
    """
    found = rows(cur, """
        SELECT a.* EXCLUDE (own_confidentiality, group_id, owner_org, delegation), m.sequence_no AS from_meeting_seq
        FROM action_item_read a JOIN meeting m ON m.id = a.meeting_id
        WHERE m.group_id = ? AND m.start_date < ? AND a.meeting_id <> ?
          AND (action_open(a.status) OR a.reviewed_at_meeting_id = ?)
        ORDER BY m.start_date, a.code""", [meeting.group_id, meeting.start_date, meeting.id, meeting.id])
    return [(r, r.pop("from_meeting_seq")) for r in found]


def attendee_listed(cur: Cursor, *, meeting_id: int, person_id: int) -> bool:
    return cur.execute("SELECT 1 FROM attendance WHERE meeting_id = ? AND person_id = ?",
                       [meeting_id, person_id]).fetchone() is not None


def co_chair_ids(cur: Cursor, *, group_id: int) -> list[int]:
    """Person ids of the group's co-chairs (JTWG-level memberships)."""
    return [r[0] for r in cur.execute(
        "SELECT DISTINCT person_id FROM membership WHERE group_id = ? AND role = 'co_chair' AND subcommittee_id IS NULL"
        " ORDER BY person_id", [group_id]).fetchall()]


def co_chair_delegation(cur: Cursor, *, group_id: int, person_id: int) -> str | None:
    """The delegation whose co-chair seat `person_id` holds, or None when they hold none."""
    seat = cur.execute("SELECT delegation FROM membership WHERE group_id = ? AND person_id = ? AND role = 'co_chair'",
                       [group_id, person_id]).fetchone()
    return None if seat is None else seat[0]


def minutes_change_log(cur: Cursor, *, meeting_id: int) -> list[dict]:
    """Every logged change of the meeting's minutes versions, newest first, with its decoded diff."""
    found = rows(cur, "SELECT c.logged_at, c.actor, c.action, c.entity_id, c.changes, c.note, m.version_no"
                      " FROM change_log c JOIN minutes m ON m.id = c.entity_id"
                      " WHERE c.entity = 'minutes' AND m.meeting_id = ? ORDER BY c.id DESC", [meeting_id])
    for r in found:
        r["changes"] = json.loads(r["changes"]) if r["changes"] else {}
    return found


def subcommittee_code(cur: Cursor, *, subcommittee_id: int) -> str:
    return cur.execute("SELECT code FROM subcommittee WHERE id = ?", [subcommittee_id]).fetchone()[0]


def action_codes_starting(cur: Cursor, *, stem: str) -> set[str]:
    return {r[0] for r in cur.execute("SELECT code FROM action_item WHERE starts_with(code, ?)", [stem]).fetchall()}


def list_external_events(cur: Cursor) -> list[ExternalEvent]:
    """Every external event, most recent first (events without dates last)."""
    return models(ExternalEvent, rows(cur, "SELECT * FROM external_event ORDER BY start_date DESC NULLS LAST, id"))


def current_minutes_by_meeting(cur: Cursor, *, group_id: int) -> dict[int, Minutes]:
    """The latest minutes version of every meeting of the group, by meeting id, in one query."""
    found = rows(cur, "SELECT n.* FROM minutes n JOIN meeting m ON m.id = n.meeting_id WHERE m.group_id = ?"
                      " QUALIFY row_number() OVER (PARTITION BY n.meeting_id ORDER BY n.version_no DESC) = 1",
                      [group_id])
    return {r["meeting_id"]: Minutes.model_validate(r) for r in found}


def agenda_item_levels(cur: Cursor, *, group_id: int) -> dict[int, Confidentiality]:
    """The confidentiality of every agenda item of the group's meetings, by item id."""
    return {r[0]: Confidentiality(r[1]) for r in cur.execute(
        "SELECT i.id, i.confidentiality FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id WHERE m.group_id = ?",
        [group_id]).fetchall()}
