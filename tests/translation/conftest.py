"""Fixtures for bilingual drafting: the demo database and a planned 5th meeting with typed texts."""

from datetime import date

import pytest

from jtwg.models import Bilingual, DecisionCreate, MeetingCreate, MinuteEntryCreate, SessionCreate, AgendaItemCreate
from jtwg.services.meetings import agenda, drafting, planning
from jtwg.store import meetings as store


@pytest.fixture
def fourth(demo_conn, group):
    return store.get_meeting(demo_conn, meeting_id=store.meeting_id(demo_conn, group_id=group.id, sequence_no=4))


@pytest.fixture
def fifth(demo_conn, group, actor):
    """The 5th meeting with its standard agenda and a substantive item with English-only texts."""
    suggestion = planning.suggest_plan(demo_conn, group_id=group.id)
    meeting_id = planning.plan_meeting(demo_conn, group_id=group.id, actor=actor, data=MeetingCreate(
        sequence_no=suggestion.sequence_no, start_date=date(2022, 7, 12), end_date=date(2022, 7, 13),
        venue="NAPTIP Headquarters", city=suggestion.city, host_country=suggestion.host_country,
        host_acronym=suggestion.host_acronym), sessions=[SessionCreate(ref="d1", day_no=1, start_time="09:00")])
    agenda.add_standard_items(demo_conn, meeting_id=meeting_id, actor=actor)
    item_id = agenda.add_agenda_item(demo_conn, meeting_id=meeting_id, actor=actor, data=AgendaItemCreate(
        label="c", kind="substantive", title=Bilingual.of("Progress on the national referral mechanism"),
        confidentiality="restricted"))
    drafting.add_entry(demo_conn, item_id=item_id, actor=actor, data=MinuteEntryCreate(
        entry_type="discussion", text=Bilingual.of("The delegations shared updates on the referral of victims.")))
    drafting.add_decision(demo_conn, item_id=item_id, actor=actor, data=DecisionCreate(
        decision_type="agreed", text=Bilingual.of("The meeting agreed to meet again in six months.")))
    return store.get_meeting(demo_conn, meeting_id=meeting_id)
