"""Headline figures for the co-chairs' overview, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jtwg.models import ActionItem, Decision, Meeting
from jtwg.rules import next_host_city
from jtwg.store import actions, meetings
from jtwg.store.common import Cursor, rows


@dataclass
class Overview:
    today: date
    activity_total: int
    activity_by_status: dict[str, int]
    activity_overdue: int
    actions: dict[str, int]
    meetings_held: int
    last_meeting: Meeting | None
    next_meeting: Meeting | None
    next_host_city: str | None
    last_decisions: list[Decision]
    overdue_actions: list[ActionItem]
    activities_by_subcommittee: list[dict]


def activity_counts(cur: Cursor, *, group_id: int) -> list[dict]:
    """Activities per sub-committee (NULL for JTWG-wide plans) and status."""
    return rows(cur, """
        SELECT s.code AS subcommittee, s.position, v.status, count(*) AS n
        FROM activity v JOIN workplan w ON w.id = v.workplan_id LEFT JOIN subcommittee s ON s.id = w.subcommittee_id
        WHERE w.group_id = ? GROUP BY ALL ORDER BY s.position NULLS FIRST, v.status""", [group_id])


def overview(cur: Cursor, *, group_id: int, today: date) -> Overview:
    by_sub = activity_counts(cur, group_id=group_id)
    by_status: dict[str, int] = {}
    for r in by_sub:
        by_status[r["status"]] = by_status.get(r["status"], 0) + r["n"]
    overdue_activities = cur.execute("""
        SELECT count(*) FROM activity v JOIN workplan w ON w.id = v.workplan_id
        WHERE w.group_id = ? AND v.planned_end < ? AND v.status NOT IN ('completed', 'cancelled')""",
        [group_id, today]).fetchone()[0]
    all_meetings = meetings.list_meetings(cur, group_id=group_id)
    plenaries = [m for m in all_meetings if m.subcommittee_id is None]
    held = [m for m in plenaries if m.end_date <= today]
    upcoming = sorted((m for m in plenaries if m.start_date > today), key=lambda m: m.start_date)
    last = max(held, key=lambda m: m.end_date, default=None)
    last_decisions = meetings.list_decisions(cur, meeting_id=last.id) if last else []
    rotation = rows(cur, "SELECT host_rotation FROM jtwg_group WHERE id = ?", [group_id])[0]["host_rotation"]
    overdue = [a for a in actions.list_action_items(cur, group_id=group_id) if a.is_overdue(today)]
    return Overview(
        today=today,
        activity_total=sum(by_status.values()),
        activity_by_status=by_status,
        activity_overdue=int(overdue_activities),
        actions=actions.count_actions(cur, group_id=group_id, today=today),
        meetings_held=len(held),
        last_meeting=last,
        next_meeting=upcoming[0] if upcoming else None,
        next_host_city=next_host_city(rotation, [m.city for m in sorted(held, key=lambda m: m.start_date) if m.city]),
        last_decisions=last_decisions,
        overdue_actions=overdue,
        activities_by_subcommittee=by_sub,
    )
