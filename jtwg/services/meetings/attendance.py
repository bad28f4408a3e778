"""Attendance: participants by delegation with role, "represented by" and mode; a whole list added at once."""

from __future__ import annotations

from jtwg.db import transaction
from jtwg.errors import AlreadyExists
from jtwg.models import Actor, Attendance, AttendanceCreate
from jtwg.services import permissions
from jtwg.services.meetings.shared import ensure_editable, require_reader
from jtwg.store import groups
from jtwg.store import meetings as store
from jtwg.store.records import Cursor, delete
from jtwg.services import scope


def list_attendance(cur: Cursor, *, meeting_id: int, actor: Actor) -> list[Attendance]:
    """Who attended, by delegation: part of the minutes every reader may read."""
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    return store.list_attendance(cur, meeting_id=meeting_id)


def add_attendance(cur: Cursor, *, meeting_id: int, data: AttendanceCreate, actor: Actor) -> int:
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "attendance.create")
    ensure_editable(cur, meeting_id=meeting_id)
    store.get_meeting(cur, meeting_id=meeting_id)
    person = groups.optional_person_id(cur, data.person_ref)
    if person is not None and store.attendee_listed(cur, meeting_id=meeting_id, person_id=person):
        raise AlreadyExists(key="error.attendee_twice", ref=data.person_ref)
    return store.add_attendance(cur, meeting_id=meeting_id, data=data, actor=actor)


def remove_attendance(cur: Cursor, *, attendance_id: int, actor: Actor) -> None:
    scope.require(cur, actor, attendance=attendance_id)
    permissions.require(actor, "attendance.delete")
    ensure_editable(cur, meeting_id=store.get_attendance(cur, attendance_id=attendance_id).meeting_id)
    with transaction(cur):
        delete(cur, "attendance", attendance_id, actor=actor)


def import_attendance(cur: Cursor, *, meeting_id: int, records: list[AttendanceCreate], actor: Actor) -> int:
    """Add a whole participant list in one transaction: every row goes in, or none does."""
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "attendance.create")
    ensure_editable(cur, meeting_id=meeting_id)
    with transaction(cur):
        for record in records:
            add_attendance(cur, meeting_id=meeting_id, data=record, actor=actor)
    return len(records)



def import_participant_file(cur: Cursor, *, meeting_id: int, filename: str, content: bytes, actor: Actor) -> int:
    """Read a participant list (.csv or .xlsx), check every row, then add them all; return how many."""
    scope.require(cur, actor, meeting=meeting_id)
    from jtwg.services.meetings.participants import parse_participants, read_table

    permissions.require(actor, "attendance.create")
    return import_attendance(cur, meeting_id=meeting_id, records=parse_participants(cur, read_table(filename, content)),
                             actor=actor)
