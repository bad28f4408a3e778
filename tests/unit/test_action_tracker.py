"""The action tracker: every filter (and its URL form), derived delegation and flags, updates with history, bulk edits."""

from __future__ import annotations

from datetime import date

import pytest

from jtwg.errors import InvalidInput, PermissionDenied, StaleVersion
from jtwg.models import ActionItemUpdate, Actor
from jtwg.services import actions as service
from jtwg.store.actions import action_id_by_code, get_action_item
from jtwg.row_problems import RowsRejected

TODAY = date(2022, 6, 15)
READER = Actor(username="test-reader", role="secretariat")


def codes(conn, group, **filters) -> list[str]:
    rows = service.tracker(conn, group_id=group.id, actor=READER, today=TODAY, filters=service.ActionFilter(**filters))
    return sorted(r.item.code for r in rows)


def test_every_filter(demo_conn, group):
    assert len(codes(demo_conn, group)) == 7
    assert codes(demo_conn, group, subcommittee="PR") == ["A4-03", "A4-04"]
    assert codes(demo_conn, group, delegation="NE") == ["A3-01", "A4-04"]
    assert codes(demo_conn, group, delegation="NG") == ["A4-03", "A4-05"]
    assert codes(demo_conn, group, delegation="secretariat") == ["A3-02", "A4-01", "A4-02"]
    assert codes(demo_conn, group, owner="ICMPD") == ["A3-02", "A4-01", "A4-02"]
    assert codes(demo_conn, group, status="in_progress") == ["A4-02", "A4-03", "A4-04"]
    assert codes(demo_conn, group, overdue=True) == ["A4-04"]
    assert codes(demo_conn, group, due_within=120) == ["A4-03"]
    assert codes(demo_conn, group, due_within=10) == []
    assert codes(demo_conn, group, meeting=3) == ["A3-01", "A3-02"]
    assert codes(demo_conn, group, subcommittee="PR", status="in_progress", overdue=True) == ["A4-04"]


@pytest.mark.parametrize("text", ["reintegration", "RÉINTÉGRATION", "réintégration du cas", "Reintegration Plan", "a4-03"])
def test_free_text_ignores_case_and_accents_in_both_languages(demo_conn, group, text):
    assert codes(demo_conn, group, text=text) == ["A4-03"]


def test_overdue_and_due_soon_flags(demo_conn, group):
    rows = {r.item.code: r for r in service.tracker(demo_conn, group_id=group.id, actor=READER, today=TODAY)}
    assert rows["A4-04"].overdue and rows["A4-04"].days_left == -15 and not rows["A4-04"].due_soon
    assert not rows["A4-03"].overdue and not rows["A4-03"].due_soon
    soon = {r.item.code: r for r in service.tracker(demo_conn, group_id=group.id, actor=READER, today=date(2022, 9, 20))}
    assert soon["A4-03"].due_soon and soon["A4-03"].days_left == 10
    assert not soon["A4-01"].due_soon   # done items are never flagged


def test_filters_from_url_parameters():
    filters, dropped = service.filter_from_query({"subcommittee": "PR", "delegation": "NG", "owner": "NAPTIP",
                                                  "status": "in_progress", "overdue": "1", "due_within": "30", "meeting": "4"})
    assert dropped == []
    assert filters == service.ActionFilter(subcommittee="PR", delegation="NG", owner="NAPTIP", status="in_progress",
                                           overdue=True, due_within=30, meeting=4)
    assert service.filter_to_query(filters) == {"subcommittee": "PR", "delegation": "NG", "owner": "NAPTIP",
                                                "status": "in_progress", "overdue": "1", "due_within": "30", "meeting": "4"}


def test_bad_url_parameters_are_dropped_and_named():
    filters, dropped = service.filter_from_query({"status": "finished", "due_within": "soon", "meeting": "4", "delegation": "xx"})
    assert dropped == ["delegation", "due_within", "status"]
    assert filters == service.ActionFilter(meeting=4)


def a404(conn):
    return get_action_item(conn, action_id=action_id_by_code(conn, code="A4-04"))


def test_update_with_evidence_link_and_history(demo_conn, actor):
    item = a404(demo_conn)
    service.update_action_item(demo_conn, action_id=item.id, expected_version=item.version, actor=actor, today=TODAY,
                               data=ActionItemUpdate(status="done", evidence="Mapping report",
                                                     evidence_link="https://example.org/report.pdf", note="Shared on 14 June"))
    after = a404(demo_conn)
    assert (after.status, after.evidence_link, after.done_on, after.progress_pct) == ("done", "https://example.org/report.pdf", TODAY, 100)
    latest = service.action_history(demo_conn, action_id=item.id)[0]
    assert latest["actor"] == actor.username and latest["note"] == "Shared on 14 June"
    assert latest["changes"]["status"] == ["in_progress", "done"]
    # Emptying the link clears it.
    service.update_action_item(demo_conn, action_id=item.id, expected_version=after.version, actor=actor, today=TODAY,
                               data=ActionItemUpdate(evidence_link=""))
    assert a404(demo_conn).evidence_link is None


def test_member_of_another_subcommittee_may_not_update(demo_conn):
    item = a404(demo_conn)
    member = Actor(username="iv-member", role="member", subcommittee_codes=("IP",))
    with pytest.raises(PermissionDenied):
        service.update_action_item(demo_conn, action_id=item.id, expected_version=item.version, actor=member,
                                   today=TODAY, data=ActionItemUpdate(progress_pct=70))
    own = Actor(username="pr-member", role="member", subcommittee_codes=("PR",))
    service.update_action_item(demo_conn, action_id=item.id, expected_version=item.version, actor=own,
                               today=TODAY, data=ActionItemUpdate(progress_pct=70))
    assert a404(demo_conn).progress_pct == 70


def edit(conn, code, data, version=None):
    item = get_action_item(conn, action_id=action_id_by_code(conn, code=code))
    return service.RowEdit(row=code, action_id=item.id, expected_version=item.version if version is None else version,
                           data=ActionItemUpdate(**data))


def test_bulk_edits_are_saved_together(demo_conn, actor):
    edits = [edit(demo_conn, "A4-04", {"status": "done"}), edit(demo_conn, "A4-03", {"progress_pct": 50, "note": "halfway"})]
    assert service.apply_edits(demo_conn, edits=edits, actor=actor, today=TODAY) == 2
    assert a404(demo_conn).status == "done"


def test_bulk_edit_with_bad_rows_saves_nothing_and_names_each_row(demo_conn, actor):
    before = demo_conn.execute("SELECT * FROM action_item ORDER BY id").fetchall()
    edits = [
        edit(demo_conn, "A4-02", {"progress_pct": 80}),
        edit(demo_conn, "A4-04", {"due_date": date(2022, 8, 1)}),              # no reason
        edit(demo_conn, "A4-03", {"owner_acronym": "NOBODY"}),                 # unknown organisation
        edit(demo_conn, "A4-05", {"status": "open"}, version=99),              # someone saved first
    ]
    with pytest.raises(RowsRejected) as info:
        service.apply_edits(demo_conn, edits=edits, actor=actor, today=TODAY)
    assert info.value.lines("en") == [
        'Row A4-04, column "Due date": moving a due date needs a reason',
        "Row A4-03: Unknown organisation: NOBODY.",
        "Row A4-05: Someone else saved this record in the meantime. Reload it and make your change again.",
    ]
    assert demo_conn.execute("SELECT * FROM action_item ORDER BY id").fetchall() == before


def test_stale_single_update(demo_conn, actor):
    item = a404(demo_conn)
    service.update_action_item(demo_conn, action_id=item.id, expected_version=item.version, actor=actor, today=TODAY,
                               data=ActionItemUpdate(progress_pct=65))
    with pytest.raises(StaleVersion):
        service.update_action_item(demo_conn, action_id=item.id, expected_version=item.version, actor=actor, today=TODAY,
                                   data=ActionItemUpdate(progress_pct=66))
    with pytest.raises(InvalidInput):
        service.update_action_item(demo_conn, action_id=item.id, expected_version=item.version + 1, actor=actor,
                                   today=TODAY, data=ActionItemUpdate(due_date=date(2022, 12, 1)))


@pytest.mark.parametrize("filters", [{}, {"delegation": "secretariat"}, {"status": "in_progress"}, {"overdue": True}])
def test_pages_of_the_tracker_and_its_counts_agree_with_the_whole_list(demo_conn, group, filters):
    """One page read with limit/offset is the same slice of the whole list; the counts are the list's counts."""
    f = service.ActionFilter(**filters)
    whole = service.tracker(demo_conn, group_id=group.id, actor=READER, today=TODAY, filters=f)
    pages = [service.tracker(demo_conn, group_id=group.id, actor=READER, today=TODAY, filters=f, limit=2, offset=start)
             for start in range(0, len(whole) + 2, 2)]
    assert [r.item.code for page in pages for r in page] == [r.item.code for r in whole]
    assert all(len(page) <= 2 for page in pages) and pages[-1] == []
    counts = service.tracker_counts(demo_conn, group_id=group.id, actor=READER, today=TODAY, filters=f)
    assert counts == {"total": len(whole), "overdue": sum(r.overdue for r in whole),
                      "due_soon": sum(r.due_soon for r in whole)}


def test_a_member_counts_only_the_items_they_may_read(demo_conn, group):
    member = Actor(username="test-member", role="member", delegation="NG", subcommittee_codes=("PR",))
    shown = service.tracker(demo_conn, group_id=group.id, actor=member, today=TODAY)
    counts = service.tracker_counts(demo_conn, group_id=group.id, actor=member, today=TODAY)
    assert counts["total"] == len(shown) <= service.tracker_counts(
        demo_conn, group_id=group.id, actor=READER, today=TODAY)["total"]
