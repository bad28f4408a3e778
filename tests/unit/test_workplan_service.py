"""Work-plan service: add, edit (versioned), delete with a choice for linked MoU commitments; the Gantt figure."""

from __future__ import annotations

from datetime import date

import pytest

from jtwg.errors import PermissionDenied, StaleVersion
from jtwg.models import ActivityCreate, ActivityUpdate, Actor, Bilingual, LinkedOnDelete
from jtwg.services import workplan as service
from jtwg.store import links, workplan
from jtwg.store.records import history
from jtwg.ui.gantt import OVERDUE_COLOUR, activity_timeline

TODAY = date(2022, 6, 15)
READER = Actor(username="test-reader", role="secretariat")


def by_code(conn, group, code):
    return next(a for a in workplan.list_activities(conn, group_id=group.id) if a.code == code)


def commitment_ids(conn) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM commitment ORDER BY code").fetchall()]


def plan_of(conn, group, sub_code):
    return next(p for p in workplan.list_workplans(conn, group_id=group.id)
                if conn.execute("SELECT code FROM subcommittee WHERE id = ?", [p.subcommittee_id]).fetchone()[0] == sub_code)


def fields_of(activity, **change) -> ActivityUpdate:
    data = {name: getattr(activity, name) for name in ActivityUpdate.model_fields if hasattr(activity, name)}
    data.update(lead_acronym="NAPTIP", partner_acronyms=["ANLTP/TIM"])
    data.update(change)
    return ActivityUpdate.model_validate(data)


def test_create_edit_and_history(demo_conn, group, actor):
    plan = plan_of(demo_conn, group, "PV")
    new_id = service.create_activity(demo_conn, workplan_id=plan.id, actor=actor, data=ActivityCreate(
        code="PV-03", title=Bilingual.of("School outreach", "Sensibilisation dans les écoles"),
        planned_start=date(2022, 10, 1), planned_end=date(2022, 12, 15), budget_amount=4000, currency="EUR"))
    activity = by_code(demo_conn, group, "PV-03")
    diff = service.update_activity(demo_conn, activity_id=new_id, expected_version=activity.version, actor=actor,
                                   data=fields_of(activity, status="in_progress", progress_pct=10))
    assert diff["status"] == ["not_started", "in_progress"]
    assert [h["action"] for h in history(demo_conn, entity="activity", entity_id=new_id)] == ["update", "create"]
    with pytest.raises(StaleVersion):
        service.update_activity(demo_conn, activity_id=new_id, expected_version=activity.version, actor=actor,
                                data=fields_of(activity, progress_pct=20))


def test_members_edit_their_own_subcommittee_only(demo_conn, group):
    activity = by_code(demo_conn, group, "PR-02")
    outsider = Actor(username="pv", role="member", subcommittee_codes=("PV",))
    with pytest.raises(PermissionDenied):
        service.update_activity(demo_conn, activity_id=activity.id, expected_version=activity.version, actor=outsider,
                                data=fields_of(activity, progress_pct=35))
    with pytest.raises(PermissionDenied):   # deleting is for the secretariat
        service.delete_activity(demo_conn, activity_id=activity.id, expected_version=activity.version,
                                actor=Actor(username="pr", role="member", subcommittee_codes=("PR",)))


def test_delete_without_links(demo_conn, group, actor):
    activity = by_code(demo_conn, group, "PR-03")
    assert service.delete_activity(demo_conn, activity_id=activity.id, expected_version=activity.version, actor=actor) == 0
    assert "PR-03" not in [a.code for a in workplan.list_activities(demo_conn, group_id=group.id)]


def test_delete_with_links_asks_then_unlinks(demo_conn, group, actor):
    activity = by_code(demo_conn, group, "PR-01")
    first, second = commitment_ids(demo_conn)[:2]
    for c in (first, second):
        links.link(demo_conn, kind="activity", commitment_id=c, target_id=activity.id, actor=actor)
    with pytest.raises(service.ActivityHasLinks) as info:
        service.delete_activity(demo_conn, activity_id=activity.id, expected_version=activity.version, actor=actor)
    assert "linked to 2 MoU commitment(s)" in info.value.message("en")
    assert by_code(demo_conn, group, "PR-01")
    assert service.delete_activity(demo_conn, activity_id=activity.id, expected_version=activity.version, actor=actor,
                                   linked=LinkedOnDelete.UNLINK) == 2
    assert links.linked(demo_conn, kind="activity", target_id=activity.id) == []


def test_delete_with_links_moves_them(demo_conn, group, actor):
    activity, other = by_code(demo_conn, group, "PR-01"), by_code(demo_conn, group, "PR-02")
    commitment = commitment_ids(demo_conn)[0]
    links.link(demo_conn, kind="activity", commitment_id=commitment, target_id=activity.id, actor=actor)
    service.delete_activity(demo_conn, activity_id=activity.id, expected_version=activity.version, actor=actor,
                            linked=LinkedOnDelete.MOVE, move_to_id=other.id)
    assert (commitment, other.id) in links.linked(demo_conn, kind="activity", target_id=other.id)
    assert links.linked(demo_conn, kind="activity", target_id=activity.id) == []


def test_delete_of_a_changed_activity_is_refused_and_keeps_links(demo_conn, group, actor):
    activity = by_code(demo_conn, group, "PR-01")
    commitment = commitment_ids(demo_conn)[0]
    links.link(demo_conn, kind="activity", commitment_id=commitment, target_id=activity.id, actor=actor)
    with pytest.raises(StaleVersion):
        service.delete_activity(demo_conn, activity_id=activity.id, expected_version=activity.version - 1, actor=actor,
                                linked=LinkedOnDelete.UNLINK)
    assert links.linked(demo_conn, kind="activity", target_id=activity.id) == [(commitment, activity.id)]


@pytest.mark.parametrize("lang,today_text,overdue_text", [("en", "Today (15 Jun 2022)", "Overdue"),
                                                          ("fr", "Aujourd'hui (15 juin 2022)", "En retard")])
def test_gantt_has_today_line_overdue_colour_and_translated_hover(demo_conn, group, lang, today_text, overdue_text):
    activities = service.activity_rows(demo_conn, group_id=group.id, actor=READER, today=TODAY, subcommittee_code="PR")
    fig = activity_timeline(activities, lang=lang, today=TODAY)
    assert fig.layout.annotations[0].text == today_text
    assert fig.layout.shapes[0].type == "line" and fig.layout.shapes[0].x0 == fig.layout.shapes[0].x1
    overdue = next(tr for tr in fig.data if tr.name == overdue_text)
    assert overdue.marker.color == OVERDUE_COLOUR and [y.split(" · ")[0] for y in overdue.y] == ["PR-01"]
    assert sum(len(tr.y) for tr in fig.data) == 3
    if lang == "fr":
        assert "Statut" in overdue.hovertext[0] and "En retard de 15 jours" in overdue.hovertext[0]
