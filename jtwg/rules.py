"""Pure domain rules shared by the store and services: due dates, overdue, host rotation."""

from __future__ import annotations

from datetime import date, timedelta

from jtwg.models.workplan import DueAnchor

# SQL for the derived overdue flag: never stored, always computed against "today".
ACTION_OVERDUE_SQL = "(a.due_date IS NOT NULL AND a.due_date < ? AND a.status NOT IN ('done', 'cancelled'))"
ACTIVITY_OVERDUE_SQL = "(v.planned_end IS NOT NULL AND v.planned_end < ? AND v.status NOT IN ('completed', 'cancelled'))"


def due_date_for(
    *, anchor: DueAnchor, offset_days: int | None, fixed: date | None,
    meeting_start: date | None = None, meeting_end: date | None = None, minutes_issued: date | None = None,
) -> date | None:
    """The due date an action gets from its anchor ("within 7 days of the meeting's end")."""
    if anchor is DueAnchor.FIXED:
        return fixed
    base = {
        DueAnchor.MEETING_START: meeting_start,
        DueAnchor.MEETING_END: meeting_end,
        DueAnchor.MINUTES_ISSUED: minutes_issued,
    }[anchor]
    if base is None or offset_days is None:
        return None
    return base + timedelta(days=offset_days)


def next_host_city(rotation: list[str], previous_cities: list[str]) -> str | None:
    """The city whose turn it is: the one after the last meeting's city in the rotation."""
    if not rotation:
        return None
    for city in reversed(previous_cities):
        if city in rotation:
            return rotation[(rotation.index(city) + 1) % len(rotation)]
    return rotation[0]
