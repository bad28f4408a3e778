"""Who may read what, for every read path of the meetings: each role gets exactly what it may read.

The same matrix style as the write-permission tests. The demo's 4th meeting holds one confidential item
(the update on protected case NG-VoT-2021-01, with an entry and action A4-03) and restricted items; what
the secretariat and co-chairs read in full, a member reads as the neutral public title only, and an
observer not at all. Then everything each read path returns to a member and an observer is scanned for
the protected case codes and the confidential texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from icalendar import Calendar

from jtwg import db, demo
from jtwg.models import Actor, Confidentiality
from jtwg.services.calendar import group_calendar, meeting_calendar
from jtwg.services.meetings import agenda, attendance, lifecycle, planning
from jtwg.services.meetings.minutes import minutes_for, minutes_view
from jtwg.services.search import search
from jtwg.store import groups as group_store
from jtwg.store import meetings as meeting_store
from tests.conftest import DEMO_DIR
from tests.unit.test_permissions_matrix import ACTORS, ROLES   # the same four users as the write matrix

FULL = {"secretariat", "co_chair"}
CASE = "NG-VoT-2021-01"


@pytest.fixture(scope="module")
def demo_conn():
    """One demo database for the module: every call here only reads (the matrix checks no state changes)."""
    c = db.connect(":memory:")
    demo.load_demo(c, DEMO_DIR)
    yield c
    c.close()


@pytest.fixture(scope="module")
def group(demo_conn):
    return group_store.get_group(demo_conn, code="NE-NG")


@pytest.fixture(scope="module")
def fourth(demo_conn, group):
    return meeting_store.meeting_id(demo_conn, group_id=group.id, sequence_no=4)


@pytest.fixture(scope="module")
def demo_items(demo_conn, fourth):
    """The 4th meeting's items by level, read straight from the store (the truth the services filter)."""
    items = meeting_store.list_agenda_items(demo_conn, meeting_id=fourth)
    by_level = {c: [i for i in items if i.confidentiality is c] for c in Confidentiality}
    assert by_level[Confidentiality.CONFIDENTIAL] and by_level[Confidentiality.RESTRICTED] and by_level[Confidentiality.PUBLIC]
    return by_level


def secrets(demo_conn, group, level: Confidentiality) -> set[str]:
    """Every text above `level` in the demo: case codes, titles, presenter roles, entries, decisions, actions."""
    found = {c.case_code for c in group_store.list_protected_cases(demo_conn)} if level is not Confidentiality.CONFIDENTIAL else set()
    for m in meeting_store.list_meetings(demo_conn, group_id=group.id):
        view = minutes_view(demo_conn, meeting_id=m.id)
        for iv in view.all_items:
            above = iv.item.confidentiality.rank > level.rank
            texts = []
            if above:
                texts += [iv.item.title, iv.item.presenter_role, *(d.text for d in iv.decisions)]
            texts += [e.text for e in iv.entries if above or e.confidentiality.rank > level.rank]
            texts += [a.text for a in iv.actions if above or a.confidentiality.rank > level.rank]
            found |= {value.get(lang, fallback=False) for value in texts if value is not None for lang in ("en", "fr")}
    return {s for s in found if s}


def calendar_text(data: bytes) -> str:
    """The calendar's text with folded lines joined and iCalendar escapes undone."""
    return "\n".join(str(c.get(k, "")) for c in Calendar.from_ical(data).walk("VEVENT") for k in ("summary", "description"))


# --- the matrix: one row per read path, what each role must get ---------------------------------------------


@dataclass
class Read:
    name: str
    run: Callable[[Any, Any, int, Actor], Any]           # (conn, group, 4th meeting id, actor) -> result
    check: Callable[[str, Any, Any], None]               # (role, result, demo items by level) -> asserts


def _minutes(role: str, view, items) -> None:
    shown = {iv.item.id: iv for iv in view.all_items}
    confidential = items[Confidentiality.CONFIDENTIAL]
    restricted = items[Confidentiality.RESTRICTED]
    assert all(i.id in shown for i in items[Confidentiality.PUBLIC])
    if role in FULL:
        assert all(i.id in shown and not shown[i.id].withheld for i in confidential + restricted)
        case_item = next(i for i in confidential if i.protected_case_id)
        assert shown[case_item.id].item.title == case_item.title and shown[case_item.id].entries and shown[case_item.id].actions
    elif role == "member":
        assert all(i.id in shown and not shown[i.id].withheld for i in restricted)
        for i in confidential:
            iv = shown[i.id]
            assert iv.withheld and iv.item.title == i.public_title and iv.item.protected_case_id is None
            assert iv.item.presenter_role is None and not iv.entries and not iv.decisions and not iv.actions
    else:
        assert not any(i.id in shown for i in confidential + restricted)
        assert all(e.confidentiality is Confidentiality.PUBLIC for iv in view.all_items for e in iv.entries)


def _agenda(role: str, shown_items, items) -> None:
    shown = {i.id: i for i in shown_items}
    confidential, restricted = items[Confidentiality.CONFIDENTIAL], items[Confidentiality.RESTRICTED]
    assert all(i.id in shown for i in items[Confidentiality.PUBLIC])
    if role in FULL:
        assert all(shown[i.id] == i for i in confidential + restricted)
    elif role == "member":
        assert all(shown[i.id] == i for i in restricted)
        assert all(shown[i.id].title == i.public_title and shown[i.id].protected_case_id is None for i in confidential)
    else:
        assert not any(i.id in shown for i in confidential + restricted)


def _meetings(role: str, rows, items) -> None:
    # A meeting's header is public: every role gets the four meetings, each with its current minutes.
    assert [r.meeting.sequence_no for r in rows] == [4, 3, 2, 1]
    assert all(r.minutes is not None for r in rows)


def _case_search(role: str, hits, items) -> None:
    kinds = {h.kind for h in hits}
    if role in FULL:
        assert {"agenda_item", "action_item"} <= kinds
    else:
        assert hits == []


def _restricted_search(role: str, hits, items) -> None:
    # "shelters": the restricted item 2 of the 4th meeting and its discussion.
    if role == "observer":
        assert all(h.confidentiality == "public" for h in hits)
        assert not any(h.item_id in {i.id for i in items[Confidentiality.RESTRICTED]} for h in hits)
    else:
        assert {"agenda_item", "minute_entry"} <= {h.kind for h in hits}


def _group_calendar(role: str, result, items) -> None:
    data, meeting_count, action_count = result
    text = calendar_text(data)
    assert meeting_count == 4 and action_count == 2 and "Due: action A4-03 (NAPTIP)" in text
    assert (f"protected case {CASE}" in text) is (role in FULL)
    # A4-04 is restricted: a member reads it, an observer gets the neutral text.
    assert ("Text not shown" in text) is (role != "secretariat" and role != "co_chair")


def _meeting_calendar(role: str, data, items) -> None:
    assert "4th JTWG meeting" in calendar_text(data)


READS = [
    Read("minutes_view", lambda c, g, m, a: minutes_for(c, meeting_id=m, actor=a), _minutes),
    Read("agenda", lambda c, g, m, a: agenda.agenda_items(c, meeting_id=m, actor=a), _agenda),
    Read("meetings_list", lambda c, g, m, a: planning.list_meetings(c, group_id=g.id, actor=a), _meetings),
    Read("search_case_code", lambda c, g, m, a: search(c, group_id=g.id, query=CASE, actor=a), _case_search),
    Read("search_case_words", lambda c, g, m, a: search(c, group_id=g.id, query="VoT 2021", actor=a), _case_search),
    Read("search_restricted", lambda c, g, m, a: search(c, group_id=g.id, query="shelters", actor=a), _restricted_search),
    Read("calendar_group", lambda c, g, m, a: group_calendar(c, group_id=g.id, lang="en", actor=a), _group_calendar),
    Read("calendar_meeting", lambda c, g, m, a: meeting_calendar(c, meeting_id=m, lang="en", actor=a), _meeting_calendar),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("read", READS, ids=lambda r: r.name)
def test_each_role_reads_exactly_what_it_may(demo_conn, group, fourth, demo_items, read, role):
    read.check(role, read.run(demo_conn, group, fourth, ACTORS[role]), demo_items)


# --- the scan: nothing above the reader's level in anything returned ----------------------------------------


def everything_returned(conn, group, actor: Actor) -> str:
    """Every read path's result for every meeting, as one text (reprs of the models, calendars unfolded)."""
    out = []
    for row in planning.list_meetings(conn, group_id=group.id, actor=actor):
        mid = row.meeting.id
        out += [repr(row), repr(minutes_for(conn, meeting_id=mid, actor=actor)),
                repr(agenda.agenda_items(conn, meeting_id=mid, actor=actor)),
                repr(agenda.matters_arising(conn, meeting_id=mid, actor=actor)),
                repr(attendance.list_attendance(conn, meeting_id=mid, actor=actor)),
                repr(lifecycle.list_versions(conn, meeting_id=mid, actor=actor)),
                calendar_text(meeting_calendar(conn, meeting_id=mid, lang="en", actor=actor)),
                calendar_text(meeting_calendar(conn, meeting_id=mid, lang="fr", actor=actor))]
    for lang in ("en", "fr"):
        out.append(calendar_text(group_calendar(conn, group_id=group.id, lang=lang, actor=actor)[0]))
    for query in (CASE, "VoT", "cas protégé", "protected case", "wellbeing", "réintégration", "NAPTIP", "shelters",
                  "centres d'accueil", "case-management"):
        for hit in search(conn, group_id=group.id, query=query, actor=actor):
            out += [repr(hit), hit.snippet(query, "en"), hit.snippet(query, "fr")]
    return "\n".join(out)


@pytest.mark.parametrize("role, level", [("member", Confidentiality.RESTRICTED), ("observer", Confidentiality.PUBLIC)])
def test_nothing_above_the_readers_level_is_returned(demo_conn, group, role, level):
    hidden = secrets(demo_conn, group, level)
    assert CASE in hidden and any("NG-VoT-2021-01" in s for s in hidden if s != CASE)   # the scan looks for real texts
    returned = everything_returned(demo_conn, group, ACTORS[role])
    assert "withheld" in returned or role == "observer"
    leaks = sorted(s for s in hidden if s in returned)
    assert leaks == []


def test_the_scan_would_see_a_leak(demo_conn, group):
    """The same scan over what the secretariat reads finds the case code and the confidential title."""
    returned = everything_returned(demo_conn, group, ACTORS["secretariat"])
    hidden = secrets(demo_conn, group, Confidentiality.RESTRICTED)
    assert CASE in returned and "Update on the wellbeing of protected case NG-VoT-2021-01" in returned
    assert len([s for s in hidden if s in returned]) == len(hidden)
