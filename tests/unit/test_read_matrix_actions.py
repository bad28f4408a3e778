"""What each role reads through the tracker, the work plan, the overview's figures and the Excel exports.

The table READS lists (read path, what each role gets); each row runs once per role on the demo. An
action item's level is its effective one: the higher of its own and its agenda item's, worked out here
from the stored rows, independently of the SQL that the app uses. Members read restricted content of
their group (never a confidential item), observers public content only, co-chairs and the secretariat
everything. A scan then looks for the demo's protected case code and the confidential item's title in
everything a member and an observer get back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable

import openpyxl
import pytest

from jtwg.excel import actions_sheet, mou_sheet, workplan_sheet
from jtwg.models import ActionPointCreate, Actor, AgendaItemUpdate
from jtwg.services import actions, overview, workplan
from jtwg.services.meetings import agenda, drafting
from jtwg.store import meetings as meeting_store
from tests.support.users import ROLE_ACTORS

TODAY = date(2022, 6, 15)
ACTORS = ROLE_ACTORS
ROLES = tuple(ACTORS)
RANK = {"public": 0, "restricted": 1, "confidential": 2}
MAX_RANK = {"secretariat": 2, "co_chair": 2, "member": 1, "observer": 0}
CASE_CODE = "NG-VoT-2021-01"


# --- the oracle: what the stored rows say each role may read ----------------------------------------------


def effective_levels(conn) -> dict[str, str]:
    """Action code -> the higher of its own level and its agenda item's, from the raw tables."""
    found = conn.execute("""SELECT a.code, a.confidentiality, i.confidentiality FROM action_item a
                            LEFT JOIN agenda_item i ON i.id = a.agenda_item_id""").fetchall()
    return {code: max(own, item or "public", key=RANK.get) for code, own, item in found}


def readable_actions(conn, role: str) -> set[str]:
    return {code for code, level in effective_levels(conn).items() if RANK[level] <= MAX_RANK[role]}


def all_activities(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT code FROM activity").fetchall()}


def overdue_oracle(conn, codes: set[str], today: date) -> set[str]:
    found = conn.execute("SELECT code, due_date, status FROM action_item").fetchall()
    return {c for c, due, status in found if c in codes and due and due < today and status not in ("done", "cancelled")}


def readable_decisions(conn, role: str, meeting_id: int) -> list[str]:
    found = conn.execute("""SELECT struct_extract(d.text, 'en'), i.confidentiality FROM decision d
                            JOIN agenda_item i ON i.id = d.agenda_item_id WHERE i.meeting_id = ?
                            ORDER BY i.position, d.position""", [meeting_id]).fetchall()
    return [text for text, level in found if RANK[level] <= MAX_RANK[role]]


# --- the read paths -------------------------------------------------------------------------------------


def sheet_column(data: bytes, header_index: int = 0) -> list[Any]:
    """The first column of a workbook's first sheet, under its header."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [row[header_index] for row in sheet.iter_rows(min_row=2, values_only=True) if row[header_index] is not None]


def workbook_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v)


@dataclass(frozen=True)
class Read:
    name: str
    call: Callable[[Any, int, Actor], Any]           # (conn, group id, actor) -> what the path gives back
    expected: Callable[[Any, str], Any]               # (conn, role) -> what that role must get

    def __str__(self) -> str:
        return self.name


def tracker_codes(conn, group_id, actor):
    return {r.item.code for r in actions.tracker(conn, group_id=group_id, actor=actor, today=TODAY)}


def last_meeting_id(conn, group_id):
    return overview.overview(conn, group_id=group_id, actor=ACTORS["secretariat"], today=TODAY).last_meeting.id


READS = [
    Read("tracker", tracker_codes, readable_actions),
    Read("tracker search by the case code",
         lambda c, g, a: {r.item.code for r in actions.tracker(c, group_id=g, actor=a, today=TODAY,
                                                              filters=actions.ActionFilter(text=CASE_CODE))},
         lambda c, role: {"A4-03"} & readable_actions(c, role)),
    Read("work plan", lambda c, g, a: {r.activity.code for r in workplan.workplan_view(c, group_id=g, actor=a, today=TODAY).activities},
         lambda c, role: all_activities(c) if role != "observer" else set()),
    Read("overview: action items counted",
         lambda c, g, a: overview.overview(c, group_id=g, actor=a, today=TODAY).actions["total"],
         lambda c, role: len(readable_actions(c, role))),
    Read("overview: overdue list",
         lambda c, g, a: {r["code"] for r in overview.overview(c, group_id=g, actor=a, today=TODAY).overdue_actions},
         lambda c, role: overdue_oracle(c, readable_actions(c, role), TODAY)),
    Read("overview: trend of items opened",
         lambda c, g, a: sum(int(m["opened"]) for m in overview.action_trend(
             c, group_id=g, actor=a, today=TODAY, start=date(2020, 1, 1))),
         lambda c, role: len({x for x in readable_actions(c, role)
                              if c.execute("SELECT status FROM action_item WHERE code = ?", [x]).fetchone()[0] != "cancelled"})),
    Read("overview: upcoming action deadlines",
         lambda c, g, a: {d.code for d in overview.upcoming_deadlines(c, group_id=g, actor=a, today=date(2022, 9, 20))
                          if d.kind == "action"},
         lambda c, role: {x for x in readable_actions(c, role) if c.execute(
             "SELECT due_date BETWEEN DATE '2022-09-20' AND DATE '2022-10-20' AND status NOT IN ('done', 'cancelled')"
             " FROM action_item WHERE code = ?", [x]).fetchone()[0]}),
    Read("overview: activities and MoU",
         lambda c, g, a: (overview.overview(c, group_id=g, actor=a, today=TODAY).activity_total,
                          overview.overview(c, group_id=g, actor=a, today=TODAY).provisions_total),
         lambda c, role: (0, 0) if role == "observer" else (
             c.execute("SELECT count(*) FROM activity v JOIN workplan w ON w.id = v.workplan_id"
                       " WHERE w.status <> 'superseded'").fetchone()[0],
             c.execute("SELECT count(*) FROM mou_provision").fetchone()[0])),
    Read("overview: last meeting's decisions",
         lambda c, g, a: [d.text.en for d in overview.overview(c, group_id=g, actor=a, today=TODAY).last_decisions],
         lambda c, role: readable_decisions(c, role, last_meeting_id(c, 1))),
    Read("Excel: action tracker",
         lambda c, g, a: set(sheet_column(actions_sheet.export_actions(c, group_id=g, actor=a, lang="en", today=TODAY))),
         readable_actions),
    Read("Excel: work plan",
         lambda c, g, a: set(sheet_column(workplan_sheet.export_workplan(c, group_id=g, actor=a, lang="en", today=TODAY))),
         lambda c, role: all_activities(c) if role != "observer" else set()),
    Read("Excel: MoU commitments' linked action items",
         lambda c, g, a: {code.strip() for cell in _commitment_actions(mou_sheet.export_mou(c, group_id=g, actor=a, lang="en"))
                          for code in cell.split(",")},
         lambda c, role: set() if role == "observer" else {r[0] for r in c.execute(
             "SELECT a.code FROM commitment_action l JOIN action_item a ON a.id = l.action_id").fetchall()}
         & readable_actions(c, role)),
]


def _commitment_actions(data: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[1]
    header = [c.value for c in sheet[1]]
    column = header.index("Action items (codes)")
    return [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("read", READS, ids=str)
def test_each_role_reads_exactly_what_it_may(demo_conn, group, read: Read, role: str):
    assert read.call(demo_conn, group.id, ACTORS[role]) == read.expected(demo_conn, role)


def test_the_matrix_tells_the_roles_apart(demo_conn, group):
    """The demo has what the matrix needs: a confidential item only some roles read, and restricted ones."""
    levels = effective_levels(demo_conn)
    assert levels["A4-03"] == "confidential"
    assert demo_conn.execute("SELECT confidentiality FROM action_item WHERE code = 'A4-03'").fetchone()[0] == "restricted"
    assert tracker_codes(demo_conn, group.id, ACTORS["co_chair"]) - tracker_codes(demo_conn, group.id, ACTORS["member"]) == {"A4-03"}
    assert tracker_codes(demo_conn, group.id, ACTORS["member"]) and not tracker_codes(demo_conn, group.id, ACTORS["observer"])


# --- the scan: no protected case code, no confidential title, for members and observers ---------------------


def confidential_titles(conn) -> list[str]:
    found = conn.execute("SELECT struct_extract(title, 'en'), struct_extract(title, 'fr') FROM agenda_item"
                         " WHERE confidentiality = 'confidential'").fetchall()
    return [t for pair in found for t in pair if t]


def everything_read(conn, group_id: int, actor: Actor) -> str:
    """Every read path's result for `actor`, as text: the objects' repr and every cell of the workbooks."""
    parts: list[str] = []
    for lang in ("en", "fr"):
        parts.append(workbook_text(actions_sheet.export_actions(conn, group_id=group_id, actor=actor, lang=lang, today=TODAY)))
        parts.append(workbook_text(workplan_sheet.export_workplan(conn, group_id=group_id, actor=actor, lang=lang, today=TODAY)))
        parts.append(workbook_text(mou_sheet.export_mou(conn, group_id=group_id, actor=actor, lang=lang)))
    for today in (TODAY, date(2022, 9, 20), date(2023, 1, 10)):
        parts.append(repr(actions.tracker(conn, group_id=group_id, actor=actor, today=today)))
        parts.append(repr(overview.overview(conn, group_id=group_id, actor=actor, today=today)))
    parts.append(repr(actions.tracker(conn, group_id=group_id, actor=actor, today=TODAY,
                                      filters=actions.ActionFilter(text=CASE_CODE))))
    parts.append(repr(workplan.workplan_view(conn, group_id=group_id, actor=actor, today=TODAY)))
    return "\n".join(parts)


@pytest.mark.parametrize("role", ROLES)
def test_scan_for_the_protected_case_and_confidential_titles(demo_conn, group, role):
    text = everything_read(demo_conn, group.id, ACTORS[role])
    secrets = [CASE_CODE, *confidential_titles(demo_conn)]
    assert len(secrets) >= 3   # the case code and the item's title in English and French
    found = [s for s in secrets if s in text]
    if role in ("member", "observer"):
        assert found == []
    else:   # the scan would see them: co-chairs and the secretariat read the confidential item
        assert CASE_CODE in found and any(s in text for s in secrets[1:])


# --- an agenda item raised to confidential takes its action items with it --------------------------------


def test_raising_an_agenda_item_to_confidential_hides_its_action_items_from_members(demo_conn, group):
    member, co_chair = ACTORS["member"], ACTORS["co_chair"]
    # A restricted action point drafted under a restricted item of the 4th meeting (its minutes are a draft).
    item_id = demo_conn.execute("""SELECT i.id FROM agenda_item i JOIN meeting m ON m.id = i.meeting_id
        WHERE m.sequence_no = 4 AND i.confidentiality = 'restricted' ORDER BY i.position LIMIT 1""").fetchone()[0]
    action_id = drafting.add_action_point(demo_conn, item_id=item_id, actor=ACTORS["secretariat"], data=ActionPointCreate(
        text={"en": "NAPTIP to share the draft referral form.", "fr": "La NAPTIP communique le projet de formulaire."},
        owner_acronym="NAPTIP", due_date=date(2022, 9, 30), confidentiality="restricted"))
    code = demo_conn.execute("SELECT code FROM action_item WHERE id = ?", [action_id]).fetchone()[0]
    assert code in tracker_codes(demo_conn, group.id, member)
    item = meeting_store.get_agenda_item(demo_conn, item_id=item_id)
    agenda.update_agenda_item(demo_conn, item_id=item.id, expected_version=item.version, actor=ACTORS["secretariat"],
                                data=AgendaItemUpdate(label=item.label, kind=item.kind, title=item.title,
                                                      session_id=item.session_id, confidentiality="confidential"))
    # The item's own level is untouched; what it reads as is the agenda item's.
    assert demo_conn.execute("SELECT confidentiality FROM action_item WHERE code = ?", [code]).fetchone()[0] == "restricted"
    assert code not in tracker_codes(demo_conn, group.id, member)
    assert code not in set(sheet_column(actions_sheet.export_actions(demo_conn, group_id=group.id, actor=member, lang="en",
                                                                     today=TODAY)))
    total = overview.overview(demo_conn, group_id=group.id, actor=member, today=TODAY).actions["total"]
    assert total == len(readable_actions(demo_conn, "member"))
    row = next(r for r in actions.tracker(demo_conn, group_id=group.id, actor=co_chair, today=TODAY) if r.item.code == code)
    assert row.item.confidentiality.value == "confidential"


# --- overdue: the same count whichever way it is asked ----------------------------------------------------


@pytest.mark.parametrize("today", [date(2022, 3, 1), TODAY, date(2022, 10, 1), date(2023, 6, 1)])
def test_overdue_is_the_same_on_every_path(demo_conn, group, today):
    sec = ACTORS["secretariat"]
    g = group.id
    expected = overdue_oracle(demo_conn, set(effective_levels(demo_conn)), today)
    rows = actions.tracker(demo_conn, group_id=g, actor=sec, today=today)
    o = overview.overview(demo_conn, group_id=g, actor=sec, today=today)
    sheet = openpyxl.load_workbook(io.BytesIO(actions_sheet.export_actions(demo_conn, group_id=g, actor=sec, lang="en",
                                                                            today=today))).worksheets[0]
    header = [c.value for c in sheet[1]]
    from_sheet = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Overdue")] in (True, "Yes")}
    assert {r.item.code for r in rows if r.overdue} == expected
    assert {r.item.code for r in actions.tracker(demo_conn, group_id=g, actor=sec, today=today,
                                                 filters=actions.ActionFilter(overdue=True))} == expected
    assert o.actions["overdue"] == len(expected)
    assert {r["code"] for r in o.overdue_actions} == expected
    assert sum(r["n"] for r in o.overdue_by_owner) == sum(r["n"] for r in o.overdue_by_delegation) == len(expected)
    assert from_sheet == expected
    # Activities: the work plan, its workbook and the overview's count agree on what is overdue.
    activities = workplan.activity_rows(demo_conn, group_id=g, actor=sec, today=today)
    sheet = openpyxl.load_workbook(io.BytesIO(workplan_sheet.export_workplan(demo_conn, group_id=g, actor=sec, lang="en",
                                                                              today=today))).worksheets[0]
    header = [c.value for c in sheet[1]]
    late = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True) if r[header.index("Overdue")] in (True, "Yes")}
    current = {r[0] for r in demo_conn.execute("SELECT v.code FROM activity v JOIN workplan w ON w.id = v.workplan_id"
                                               " WHERE w.status <> 'superseded'").fetchall()}
    assert {r.activity.code for r in activities if r.overdue} == late
    assert o.activity_overdue == len(late & current)


def test_due_soon_is_the_same_on_the_tracker_and_the_overview(demo_conn, group):
    sec = ACTORS["secretariat"]
    today = date(2022, 9, 20)
    window = {r.item.code for r in actions.tracker(demo_conn, group_id=group.id, actor=sec, today=today,
                                                   filters=actions.ActionFilter(due_within=overview.UPCOMING_DAYS))}
    o = overview.overview(demo_conn, group_id=group.id, actor=sec, today=today)
    assert window and o.actions["due_soon"] == len(window)
    assert {d.code for d in o.upcoming if d.kind == "action"} == window
    flagged = {r.item.code for r in actions.tracker(demo_conn, group_id=group.id, actor=sec, today=today,
                                                    soon_days=overview.UPCOMING_DAYS) if r.due_soon}
    assert flagged == window
    assert all(today <= r.item.due_date <= today + timedelta(days=overview.UPCOMING_DAYS)
               for r in actions.tracker(demo_conn, group_id=group.id, actor=sec, today=today) if r.due_soon)
