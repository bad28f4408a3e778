"""Names the group's own records allow, read in a few queries for the personal-data check: sub-committees
of every group, meeting venues and cities, and participants recorded by name only."""

from __future__ import annotations

from jtwg.models.group import SubCommittee
from jtwg.store.records import Cursor, models, rows


def all_subcommittees(cur: Cursor) -> list[SubCommittee]:
    """The sub-committees of every group."""
    return models(SubCommittee, rows(cur, "SELECT * FROM subcommittee ORDER BY group_id, position"))


def meeting_places(cur: Cursor) -> list[str]:
    """Each meeting's venue and city joined by a space (those it has), every group's meetings."""
    return [r[0] for r in cur.execute(
        "SELECT concat_ws(' ', nullif(venue, ''), nullif(city, '')) FROM meeting "
        "WHERE coalesce(venue, '') <> '' OR coalesce(city, '') <> ''").fetchall()]


def attendee_names(cur: Cursor) -> list[str]:
    """The names participants were recorded with (those not linked to a directory entry carry one)."""
    return [r[0] for r in cur.execute(
        "SELECT display_name FROM attendance WHERE coalesce(display_name, '') <> ''").fetchall()]
