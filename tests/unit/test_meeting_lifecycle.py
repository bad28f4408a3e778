"""Meeting workspace rules on the demo: planning, matters arising, drafting, and the minutes lifecycle."""

from datetime import date

import pytest

from jtwg.errors import InvalidInput, InvalidTransition, PermissionDenied
from jtwg.models import (
    ActionPointCreate, ActionReview, Actor, AgendaItemCreate, AgendaItemUpdate, AgendaKind, Bilingual,
    Confidentiality, DecisionCreate, MeetingCreate, MeetingUpdate, MinuteEntryCreate, MinuteEntryUpdate,
    MinutesStatus, SessionCreate,
)
from jtwg.services.meetings import agenda, drafting, lifecycle, planning
from jtwg.services.meetings import snapshots
from jtwg.services.meetings.minutes import minutes_view
from jtwg.store import actions as action_store
from jtwg.store import meetings as store
from jtwg.store.records import history

TODAY = date(2022, 6, 15)
CO_CHAIR = Actor(username="dg", role="co_chair", delegation="NE")   # the ANLTP/TIM seat


def meeting_no(conn, group, seq):
    return store.get_meeting(conn, meeting_id=store.meeting_id(conn, group_id=group.id, sequence_no=seq))


def plan_fifth(conn, group, actor, start=date(2022, 7, 12)):
    suggestion = planning.suggest_plan(conn, group_id=group.id)
    return planning.plan_meeting(conn, group_id=group.id, actor=actor, data=MeetingCreate(
        sequence_no=suggestion.sequence_no, start_date=start, end_date=start.replace(day=start.day + 1),
        venue="NAPTIP Headquarters", city=suggestion.city, host_country=suggestion.host_country,
        host_acronym=suggestion.host_acronym),
        sessions=[SessionCreate(ref="d1", day_no=1, start_time="09:00"),
                  SessionCreate(ref="b", day_no=2, kind="breakout", subcommittee_code="PR", duration_min=45)])


def approve_both(conn, group, meeting_id):
    """Each co-chair records their own approval (the ANLTP/TIM seat is NE, the NAPTIP seat NG)."""
    for person_id, delegation in zip(lifecycle.co_chairs(conn, group_id=group.id), ("NE", "NG")):
        lifecycle.approve(conn, meeting_id=meeting_id, person_id=person_id,
                    actor=Actor(username=f"dg-{delegation.lower()}", role="co_chair", delegation=delegation))


def test_plan_suggests_the_next_number_and_the_host_whose_turn_it_is(demo_conn, group, actor):
    suggestion = planning.suggest_plan(demo_conn, group_id=group.id)
    # 1st Abuja, 2nd Niamey, 3rd Abuja, 4th Niamey: the 5th goes back to Abuja, hosted by NAPTIP.
    assert (suggestion.sequence_no, suggestion.city, suggestion.host_country, suggestion.host_acronym) == (5, "Abuja", "NG", "NAPTIP")
    fifth = store.get_meeting(demo_conn, meeting_id=plan_fifth(demo_conn, group, actor))
    assert [s.kind.value for s in store.list_sessions(demo_conn, meeting_id=fifth.id)] == ["plenary", "breakout"]
    minutes = store.current_minutes(demo_conn, meeting_id=fifth.id)
    assert minutes.status is MinutesStatus.DRAFT and minutes.version_no == 1


def test_standard_agenda_lists_every_open_action_of_earlier_meetings(demo_conn, group, actor):
    fifth_id = plan_fifth(demo_conn, group, actor)
    open_codes = {a.code for a in action_store.list_action_items(demo_conn, group_id=group.id) if a.status.value in ("open", "in_progress")}
    assert open_codes == {"A4-02", "A4-03", "A4-04"}
    proposals = agenda.standard_agenda(demo_conn, meeting_id=fifth_id)
    kinds = [p.kind for p in proposals]
    assert kinds[:4] == [AgendaKind.OPENING, AgendaKind.ADOPTION_OF_AGENDA, AgendaKind.ADOPTION_OF_MINUTES, AgendaKind.MATTERS_ARISING]
    assert proposals[2].related_meeting_seq == 4 and "4th" in proposals[2].title.en and "4e" in proposals[2].title.fr
    reviews = [p for p in proposals if p.reviewed_action_id]
    assert [p.label for p in reviews] == ["i", "ii", "iii"]
    # The review of the protected case's action stays confidential, with a neutral public title.
    case_review = next(p for p in reviews if "A4-03" in p.title.en)
    assert case_review.confidentiality is Confidentiality.CONFIDENTIAL and case_review.protected_case_code == "NG-VoT-2021-01"
    created = agenda.add_standard_items(demo_conn, meeting_id=fifth_id, actor=actor)
    assert len(created) == len(proposals)
    assert agenda.standard_agenda(demo_conn, meeting_id=fifth_id) == []   # nothing is proposed twice


def test_recording_an_outcome_updates_the_action_and_minutes_it(demo_conn, group, actor):
    fifth_id = plan_fifth(demo_conn, group, actor)
    a402 = next(a for a in action_store.list_action_items(demo_conn, group_id=group.id) if a.code == "A4-02")
    agenda.record_review(demo_conn, meeting_id=fifth_id, action_id=a402.id, expected_version=a402.version, actor=actor, today=TODAY,
                      review=ActionReview(status="done", note=Bilingual.of("Extension requested.", "Prolongation demandée.")))
    after = action_store.get_action_item(demo_conn, action_id=a402.id)
    assert after.status.value == "done" and after.reviewed_at_meeting_id == fifth_id and after.done_on == TODAY
    assert "reviewed at meeting 5" in history(demo_conn, entity="action_item", entity_id=a402.id)[0]["note"]
    view = minutes_view(demo_conn, meeting_id=fifth_id)
    entry = next(e for iv in view.all_items for e in iv.entries if "A4-02" in e.text.en)
    assert "Done" in entry.text.en and "\u00a0: réalisé." in entry.text.fr and "Prolongation demandée." in entry.text.fr
    # Reviewed actions stay listed for this meeting, marked as reviewed.
    matter = next(m for m in agenda.matters_arising(demo_conn, meeting_id=fifth_id, actor=actor) if m.action.id == a402.id)
    assert matter.reviewed and matter.item_id is not None


def test_relative_due_dates_follow_the_right_anchor(demo_conn, group, actor):
    fifth_id = plan_fifth(demo_conn, group, actor)   # 12–13 July 2022
    item_id = agenda.add_agenda_item(demo_conn, meeting_id=fifth_id, actor=actor, data=AgendaItemCreate(
        label="Agenda Item 1", kind="substantive", title=Bilingual.of("Shelters", "Centres d'accueil"), confidentiality="public"))
    end = drafting.add_action_point(demo_conn, item_id=item_id, actor=actor, data=ActionPointCreate(
        text=Bilingual.of("Share the map", "Partager la carte"), owner_acronym="ICMPD", due_anchor="meeting_end", due_offset_days=7))
    start = drafting.add_action_point(demo_conn, item_id=item_id, actor=actor, data=ActionPointCreate(
        text=Bilingual.of("Send the list", "Envoyer la liste"), owner_acronym="NAPTIP", due_anchor="meeting_start", due_offset_days=3))
    issued = drafting.add_action_point(demo_conn, item_id=item_id, actor=actor, data=ActionPointCreate(
        text=Bilingual.of("Comment", "Commenter"), owner_acronym="ANLTP/TIM", due_anchor="minutes_issued", due_offset_days=10))
    get = lambda i: action_store.get_action_item(demo_conn, action_id=i)  # noqa: E731
    assert get(end).due_date == date(2022, 7, 20) and get(start).due_date == date(2022, 7, 15)
    assert get(issued).due_date is None                       # the minutes are not issued yet
    assert [get(i).code for i in (end, start, issued)] == ["A5-01", "A5-02", "A5-03"]
    # Moving the meeting moves the dates anchored to it, not the others.
    meeting = store.get_meeting(demo_conn, meeting_id=fifth_id)
    planning.update_meeting(demo_conn, meeting_id=fifth_id, expected_version=meeting.version, actor=actor, data=MeetingUpdate(
        **{**meeting.model_dump(include={"kind", "venue", "city", "host_country", "objectives", "status"}),
           "start_date": date(2022, 7, 19), "end_date": date(2022, 7, 21)}))
    assert get(end).due_date == date(2022, 7, 28) and get(start).due_date == date(2022, 7, 22)
    # The minutes' date of issue anchors the third, once they are circulated.
    # Its texts were typed in both languages and nobody has reviewed them: circulation needs a confirmation.
    lifecycle.circulate(demo_conn, meeting_id=fifth_id, actor=actor, today=date(2022, 7, 25), date_of_issue=date(2022, 7, 26),
                        confirm_unreviewed=True)
    assert get(issued).due_date == date(2022, 8, 5)


def test_action_points_are_tracked_items_at_least_as_confidential_as_their_item(demo_conn, group, actor):
    fourth = meeting_no(demo_conn, group, 4)
    case_item = next(i for i in store.list_agenda_items(demo_conn, meeting_id=fourth.id) if i.protected_case_id)
    new_id = drafting.add_action_point(demo_conn, item_id=case_item.id, actor=actor, data=ActionPointCreate(
        text=Bilingual.of("Report on schooling", "Rendre compte de la scolarisation"), owner_acronym="NAPTIP",
        due_date=date(2022, 9, 30), confidentiality="public"))
    action = action_store.get_action_item(demo_conn, action_id=new_id)
    assert action.confidentiality is Confidentiality.CONFIDENTIAL and action.code == "A4-06"
    assert new_id in {a.id for a in action_store.list_action_items(demo_conn, group_id=group.id)}


def test_entries_inherit_and_can_only_raise_confidentiality(demo_conn, group, actor):
    fourth = meeting_no(demo_conn, group, 4)
    item = next(i for i in store.list_agenda_items(demo_conn, meeting_id=fourth.id) if i.label == "Agenda Item 2")
    entry_id = drafting.add_entry(demo_conn, item_id=item.id, actor=actor, data=MinuteEntryCreate(
        text=Bilingual.of("Note", "Note"), confidentiality="public"))
    assert store.get_minute_entry(demo_conn, entry_id=entry_id).confidentiality is Confidentiality.RESTRICTED
    entry = store.get_minute_entry(demo_conn, entry_id=entry_id)
    drafting.update_entry(demo_conn, entry_id=entry_id, expected_version=entry.version, actor=actor,
                     data=MinuteEntryUpdate(text=entry.text, confidentiality="confidential"))
    assert store.get_minute_entry(demo_conn, entry_id=entry_id).confidentiality is Confidentiality.CONFIDENTIAL
    # Raising the item raises its entries.
    agenda.update_agenda_item(demo_conn, item_id=item.id, expected_version=item.version, actor=actor, data=AgendaItemUpdate(
        label=item.label, kind=item.kind, title=item.title, confidentiality="confidential"))
    assert {e.confidentiality for e in store.list_item_entries(demo_conn, item_id=item.id)} == {Confidentiality.CONFIDENTIAL}
    # An item linked to a protected case is always confidential, and needs a public title.
    with pytest.raises(ValueError):
        AgendaItemUpdate(kind="substantive", title=Bilingual.of("x", "x"), protected_case_code="NG-VoT-2021-01")
    forced = AgendaItemUpdate(kind="substantive", title=Bilingual.of("x", "x"), protected_case_code="NG-VoT-2021-01",
                              public_title=Bilingual.of("Case update", "Point sur un cas"), confidentiality="public")
    assert forced.confidentiality is Confidentiality.CONFIDENTIAL


def test_no_edit_after_circulation_except_through_a_new_version(demo_conn, group, actor):
    fourth = meeting_no(demo_conn, group, 4)
    item = next(i for i in store.list_agenda_items(demo_conn, meeting_id=fourth.id) if i.kind is AgendaKind.AOB)
    minutes = lifecycle.circulate(demo_conn, meeting_id=fourth.id, actor=actor, today=TODAY)
    assert minutes.status is MinutesStatus.CIRCULATED and minutes.circulated_by == actor.username
    assert minutes.circulated_on == TODAY and minutes.date_of_issue == date(2022, 2, 10)
    frozen = snapshots.load(minutes.snapshot)
    assert any(b["item"]["id"] == item.id for b in frozen["items"])
    text = MinuteEntryCreate(text=Bilingual.of("Late addition", "Ajout tardif"))
    for change in (
        lambda: drafting.add_entry(demo_conn, item_id=item.id, data=text, actor=actor),
        lambda: drafting.add_decision(demo_conn, item_id=item.id, actor=actor, data=DecisionCreate(decision_type="noted", text=Bilingual.of("a", "b"))),
        lambda: drafting.add_action_point(demo_conn, item_id=item.id, actor=actor, data=ActionPointCreate(
            text=Bilingual.of("a", "b"), owner_acronym="ICMPD", due_date=date(2022, 7, 1))),
        lambda: agenda.delete_agenda_item(demo_conn, item_id=item.id, actor=actor),
        lambda: agenda.move_agenda_item(demo_conn, item_id=item.id, step=-1, actor=actor),
        lambda: agenda.add_standard_items(demo_conn, meeting_id=fourth.id, actor=actor),
    ):
        with pytest.raises(InvalidTransition):
            change()
    with pytest.raises(InvalidInput):
        lifecycle.new_version(demo_conn, meeting_id=fourth.id, reason="  ", actor=actor)
    second = lifecycle.new_version(demo_conn, meeting_id=fourth.id, reason="Typo in item AOB", actor=actor)
    assert (second.version_no, second.status, second.reason) == (2, MinutesStatus.DRAFT, "Typo in item AOB")
    assert store.list_minutes_versions(demo_conn, meeting_id=fourth.id)[0].status is MinutesStatus.SUPERSEDED
    drafting.add_entry(demo_conn, item_id=item.id, data=text, actor=actor)
    changes = snapshots.diff(frozen, snapshots.load(lifecycle.snapshot_json(demo_conn, meeting_id=fourth.id)), "en")
    assert [(c.kind, c.where, c.after) for c in changes] == [
        ("added", "Item AOB · discussion 2 · EN", "Late addition"), ("added", "Item AOB · discussion 2 · FR", "Ajout tardif"),
        ("added", "Item AOB · discussion 2 · Confidentiality", "Public")]


def test_circulation_needs_both_languages_and_a_finished_meeting(demo_conn, group, actor):
    fourth = meeting_no(demo_conn, group, 4)
    item = next(i for i in store.list_agenda_items(demo_conn, meeting_id=fourth.id) if i.kind is AgendaKind.AOB)
    drafting.add_entry(demo_conn, item_id=item.id, actor=actor, data=MinuteEntryCreate(text=Bilingual.of("English only")))
    with pytest.raises(InvalidInput) as caught:
        lifecycle.circulate(demo_conn, meeting_id=fourth.id, actor=actor, today=TODAY)
    assert caught.value.problems == [("item AOB: discussion 2", "invalid.missing_language", {"lang": "FR"})]
    assert store.current_minutes(demo_conn, meeting_id=fourth.id).status is MinutesStatus.DRAFT
    fifth_id = plan_fifth(demo_conn, group, actor)
    with pytest.raises(InvalidTransition):
        lifecycle.circulate(demo_conn, meeting_id=fifth_id, actor=actor, today=TODAY)


def test_adoption_only_at_a_later_meeting_with_both_co_chairs(demo_conn, group, actor):
    fourth = meeting_no(demo_conn, group, 4)
    third = meeting_no(demo_conn, group, 3)
    fifth_id = plan_fifth(demo_conn, group, actor)
    with pytest.raises(InvalidTransition):   # a draft is circulated before it is adopted
        lifecycle.adopt(demo_conn, meeting_id=fourth.id, at_meeting_id=fifth_id, actor=actor)
    lifecycle.circulate(demo_conn, meeting_id=fourth.id, actor=actor, today=TODAY)
    for at in (third.id, fourth.id):
        with pytest.raises(InvalidInput) as caught:
            lifecycle.adopt(demo_conn, meeting_id=fourth.id, at_meeting_id=at, actor=actor)
        assert caught.value.problems[0][1] == "error.adoption_not_later"
    chairs = lifecycle.co_chairs(demo_conn, group_id=group.id)
    assert len(chairs) == 2
    lifecycle.approve(demo_conn, meeting_id=fourth.id, person_id=chairs[0], actor=CO_CHAIR)
    with pytest.raises(InvalidInput) as caught:
        lifecycle.adopt(demo_conn, meeting_id=fourth.id, at_meeting_id=fifth_id, actor=actor)
    assert caught.value.problems[0][1] == "error.approvals_missing"
    with pytest.raises(PermissionDenied):   # co-chairs approve; adopting is the secretariat's record
        lifecycle.adopt(demo_conn, meeting_id=fourth.id, at_meeting_id=fifth_id, actor=CO_CHAIR)
    with pytest.raises(PermissionDenied):   # a co-chair records their own approval, not the other seat's
        lifecycle.approve(demo_conn, meeting_id=fourth.id, person_id=chairs[1], actor=CO_CHAIR)
    with pytest.raises(InvalidInput):
        lifecycle.approve(demo_conn, meeting_id=fourth.id, person_id=999, actor=actor)
    approve_both(demo_conn, group, fourth.id)
    decision_id = lifecycle.adopt(demo_conn, meeting_id=fourth.id, at_meeting_id=fifth_id, actor=actor)
    minutes = store.current_minutes(demo_conn, meeting_id=fourth.id)
    assert (minutes.status, minutes.adopted_at_meeting_id, minutes.adoption_decision_id) == (MinutesStatus.ADOPTED, fifth_id, decision_id)
    decision = store.get_decision(demo_conn, decision_id=decision_id)
    item = store.get_agenda_item(demo_conn, item_id=decision.agenda_item_id)
    assert item.meeting_id == fifth_id and item.kind is AgendaKind.ADOPTION_OF_MINUTES and item.related_meeting_id == fourth.id
    assert decision.text.en == "The minutes of the 4th JTWG meeting (version 1) were adopted unanimously."
    assert decision.text.fr.startswith("Le procès-verbal de la 4e réunion du GTTC (version 1) a été adopté")
    # A correction after adoption is a new version; once locked, none.
    lifecycle.lock(demo_conn, meeting_id=fourth.id, actor=actor)
    with pytest.raises(InvalidTransition):
        lifecycle.new_version(demo_conn, meeting_id=fourth.id, reason="late correction", actor=actor)


def test_members_cannot_change_minutes(demo_conn, group):
    fourth = meeting_no(demo_conn, group, 4)
    member = Actor(username="m", role="member", subcommittee_codes=("PR",))
    item = store.list_agenda_items(demo_conn, meeting_id=fourth.id)[0]
    with pytest.raises(PermissionDenied):
        drafting.add_entry(demo_conn, item_id=item.id, actor=member, data=MinuteEntryCreate(text=Bilingual.of("a", "b")))
    with pytest.raises(PermissionDenied):
        lifecycle.circulate(demo_conn, meeting_id=fourth.id, actor=member, today=TODAY)


def test_reordering_and_deleting_items(demo_conn, group, actor):
    fifth_id = plan_fifth(demo_conn, group, actor)
    agenda.add_standard_items(demo_conn, meeting_id=fifth_id, actor=actor, kinds={AgendaKind.OPENING, AgendaKind.AOB})
    first, second = store.list_agenda_items(demo_conn, meeting_id=fifth_id)
    assert agenda.move_agenda_item(demo_conn, item_id=second.id, step=-1, actor=actor)
    assert [i.id for i in store.list_agenda_items(demo_conn, meeting_id=fifth_id)] == [second.id, first.id]
    assert not agenda.move_agenda_item(demo_conn, item_id=second.id, step=-1, actor=actor)
    drafting.add_entry(demo_conn, item_id=first.id, actor=actor, data=MinuteEntryCreate(text=Bilingual.of("a", "b")))
    agenda.delete_agenda_item(demo_conn, item_id=first.id, actor=actor)
    assert [i.id for i in store.list_agenda_items(demo_conn, meeting_id=fifth_id)] == [second.id]
