"""The overview's read models against the demo, with expected figures worked out from the demo YAML."""

from datetime import date

import pytest

from jtwg.errors import JtwgError
from jtwg.models import ActionItemCreate, ActivityCreate, Actor, Bilingual, WorkPlanCreate
from jtwg.services import overview as ov
from jtwg.store import actions, links, workplan
from tests.support.demo_expectations import demo, delegation_of, expected, expected_progress

TODAY = date(2022, 6, 15)
READER = Actor(username="test-reader", role="secretariat")


def ids(cur, table: str, column: str = "code") -> dict[str, int]:
    return {code: i for i, code in cur.execute(f"SELECT id, {column} FROM {table}").fetchall()}


def test_headline_figures_match_the_demo(demo_conn, group):
    want = expected()
    o = ov.overview(demo_conn, group_id=group.id, actor=READER, today=TODAY)
    assert o.activity_total == want["activities"]
    assert o.activity_by_status == want["by_status"]
    assert o.activity_overdue == want["activities_overdue"]
    assert o.actions["open"] == want["actions_open"]
    assert o.actions["overdue"] == want["actions_overdue"]
    assert o.actions["done_quarter"] == want["done_quarter"]
    assert o.meetings_held == want["meetings_held"]
    # The demo has no commitment linked to an activity yet: every provision lacks one.
    assert o.provisions_total == want["provisions"]
    assert len(o.provisions_without_activity) == want["provisions_needing_activity"] == 2
    assert [r["code"] for r in o.overdue_actions] == ["A4-04"]
    assert o.overdue_actions[0]["days_overdue"] == 15 and o.overdue_actions[0]["delegation"] == "NE"


@pytest.mark.parametrize("delegation", ["NE", "NG", "secretariat"])
def test_delegation_filter_matches_the_owners_and_leads_of_that_delegation(demo_conn, group, delegation):
    want = expected(delegation)
    o = ov.overview(demo_conn, group_id=group.id, actor=READER, today=TODAY, filters=ov.Filters(delegation=delegation))
    assert (o.activity_total, o.actions["open"], o.actions["overdue"]) == (
        want["activities"], want["actions_open"], want["actions_overdue"])


def test_delegations_are_derived_from_the_owner_organisation(demo_conn, group):
    owners = {a["owner"] for a in demo()["actions"]} | {a["lead"] for a in demo()["activities"]}
    assert ov.delegations(demo_conn, group_id=group.id, actor=READER) == sorted({delegation_of(o) for o in owners},
                                                                   key=lambda c: (len(c) != 2, c))
    by = {r["key"]: r["n"] for r in ov.overdue_by(demo_conn, group_id=group.id, actor=READER, today=TODAY, column="delegation")}
    assert by == {"NE": 1}


def test_progress_per_subcommittee_follows_the_stated_rule(demo_conn, group):
    got = {r["subcommittee"]: float(r["progress"]) for r in ov.subcommittee_progress(demo_conn, group_id=group.id, actor=READER, today=TODAY)}
    assert got == expected_progress()


def test_progress_counts_missing_progress_as_zero_and_leaves_cancelled_out(demo_conn, group, actor):
    plan = next(p for p in workplan.list_workplans(demo_conn, group_id=group.id) if p.subcommittee_id is not None)
    code = demo_conn.execute("SELECT code FROM subcommittee WHERE id = ?", [plan.subcommittee_id]).fetchone()[0]
    before = next(r for r in ov.subcommittee_progress(demo_conn, group_id=group.id, actor=READER, today=TODAY) if r["subcommittee"] == code)
    workplan.create_activity(demo_conn, workplan=plan, actor=actor, data=ActivityCreate(
        code="T-01", title=Bilingual.of("Invented", "Inventée"), status="in_progress"))
    workplan.create_activity(demo_conn, workplan=plan, actor=actor, data=ActivityCreate(
        code="T-02", title=Bilingual.of("Dropped", "Abandonnée"), status="cancelled", progress_pct=90))
    after = next(r for r in ov.subcommittee_progress(demo_conn, group_id=group.id, actor=READER, today=TODAY) if r["subcommittee"] == code)
    assert after["activities"] == before["activities"] + 1
    assert after["without_progress"] == before["without_progress"] + 1
    assert float(after["progress"]) == pytest.approx(round(float(before["progress"]) * before["activities"] / after["activities"], 1), abs=0.1)


def test_trend_opens_actions_at_their_meeting_and_closes_them_when_done(demo_conn, group):
    trend = ov.action_trend(demo_conn, group_id=group.id, actor=READER, today=TODAY, start=date(2021, 7, 1))
    opened: dict[tuple, int] = {}
    closed: dict[tuple, int] = {}
    for a in demo()["actions"]:
        opened[(a["opened"].year, a["opened"].month)] = opened.get((a["opened"].year, a["opened"].month), 0) + 1
        if a.get("done_on"):
            key = (a["done_on"].year, a["done_on"].month)
            closed[key] = closed.get(key, 0) + 1
    assert len(trend) == 12 and trend[0]["month"] == date(2021, 7, 1) and trend[-1]["month"] == date(2022, 6, 1)
    for row in trend:
        key = (row["month"].year, row["month"].month)
        assert (row["opened"], row["closed"]) == (opened.get(key, 0), closed.get(key, 0)), key
    assert trend[-1]["open_at_end"] == expected()["actions_open"]


def test_periods_start_on_whole_months(demo_conn, group):
    start = lambda p: ov.period_start(demo_conn, group_id=group.id, today=TODAY, period=p)  # noqa: E731
    assert start("quarter") == date(2022, 4, 1)
    assert start("6m") == date(2022, 1, 1)
    assert start("12m") == date(2021, 7, 1)
    assert start("all") == date(2020, 10, 1)   # the group was set up at the inaugural meeting, Oct 2020


def test_unknown_period_is_a_readable_error():
    with pytest.raises(JtwgError) as err:
        ov.Filters(period="decade")
    assert "decade" in err.value.message("en") and "Période inconnue" in err.value.message("fr")


def test_upcoming_deadlines_cover_actions_activities_and_commitments(demo_conn, group, actor):
    # In the demo only commitment C-6.1 (30 June 2022) falls due within 30 days of 15 June.
    assert [(d.kind, d.code) for d in ov.upcoming_deadlines(demo_conn, group_id=group.id, actor=READER, today=TODAY)] == [("commitment", "C-6.1")]
    actions.create_action_item(demo_conn, group_id=group.id, actor=actor, data=ActionItemCreate(
        code="T-A1", text=Bilingual.of("Invented follow-up", "Suivi inventé"), meeting_seq=4, owner_acronym="NAPTIP",
        due_date=date(2022, 7, 1), confidentiality="confidential"))
    actions.create_action_item(demo_conn, group_id=group.id, actor=actor, data=ActionItemCreate(
        code="T-A2", text=Bilingual.of("Too late for the window", "Hors fenêtre"), meeting_seq=4, owner_acronym="NAPTIP",
        due_date=date(2022, 8, 1)))
    found = ov.upcoming_deadlines(demo_conn, group_id=group.id, actor=READER, today=TODAY)
    assert [(d.kind, d.code, d.confidential) for d in found] == [("commitment", "C-6.1", False), ("action", "T-A1", True)]
    only_ne = ov.upcoming_deadlines(demo_conn, group_id=group.id, actor=READER, today=TODAY, filters=ov.Filters(delegation="NE"))
    assert [d.code for d in only_ne] == ["C-6.1"]   # commitments belong to both parties


def test_mou_coverage_counts_activities_linked_through_commitments(demo_conn, group, actor):
    commitments, activities = ids(demo_conn, "commitment"), ids(demo_conn, "activity")
    links.link(demo_conn, kind="activity", commitment_id=commitments["C-4.1"], target_id=activities["PR-02"], actor=actor)
    links.link(demo_conn, kind="activity", commitment_id=commitments["C-4.1"], target_id=activities["PR-01"], actor=actor)
    links.link(demo_conn, kind="activity", commitment_id=commitments["C-7.1"], target_id=activities["PRM-02"], actor=actor)
    # A provision carried by another sub-committee's activity is covered there, not where it is assigned.
    links.link(demo_conn, kind="activity", commitment_id=commitments["C-6.1"], target_id=activities["PV-01"], actor=actor)
    # Links to action items or decisions are not work-plan activities: they do not cover a provision here.
    links.link(demo_conn, kind="action", commitment_id=commitments["C-5.1"], target_id=ids(demo_conn, "action_item")["A4-05"], actor=actor)
    # An activity of a JTWG-wide work plan shows in its own column.
    plan_id = workplan.create_workplan(demo_conn, group_id=group.id, actor=actor, data=WorkPlanCreate(
        title=Bilingual.of("JTWG plan", "Plan du GTTC"), period_start=date(2022, 1, 1), period_end=date(2022, 12, 31)))
    plan = workplan.get_workplan(demo_conn, workplan_id=plan_id)
    wide = workplan.create_activity(demo_conn, workplan=plan, actor=actor, data=ActivityCreate(
        code="W-01", title=Bilingual.of("Joint review", "Revue conjointe")))
    links.link(demo_conn, kind="activity", commitment_id=commitments["C-8.1"], target_id=wide, actor=actor)

    coverage, columns = ov.mou_coverage(demo_conn, group_id=group.id, actor=READER)
    assert columns == ["PR", "PV", "IP", "PRM", None]
    cells = {ov.provision_ref(p): p["cells"] for p in coverage}
    assert cells["4"] == {"PR": 2}
    assert cells["6"] == {"PV": 1}
    assert cells["7"] == {"PRM": 1}
    assert cells["8.1"] == {None: 1}
    # The demo itself links C-3.1 to PV-01 and PV-02, and C-5.1 to IP-01; nothing implements 8.2.
    assert cells["3"] == {"PV": 2} and cells["5"] == {"IP": 1} and cells["8.2"] == {}
    o = ov.overview(demo_conn, group_id=group.id, actor=READER, today=TODAY)
    # 8.2 has no activity but its only commitment is fulfilled: the MoU tracker does not flag it.
    assert [ov.provision_ref(p) for p in o.provisions_without_activity] == []
