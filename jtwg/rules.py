"""Pure domain rules shared by the store and services: due dates relative to a meeting, host rotation.

Open, overdue, due soon, an action item's delegation and its effective confidentiality are rules over
stored rows: they are defined once in SQL (migration 0700_action_rules: the macros action_open,
action_overdue, action_due_soon, activity_overdue, activity_due_soon and the views org_delegation
and action_item_read; migration 1200_commitment_rule: commitment_open, whose closed statuses
jtwg.models.mou.CLOSED_COMMITMENT reads) and every page, export and count reads them from there.
"""

from __future__ import annotations

from datetime import date, timedelta

from jtwg.models.workplan import DueAnchor

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
