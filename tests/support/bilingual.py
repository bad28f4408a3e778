"""A demo database prepared for reviewing translations: the memory built from the 4th meeting and a
5th meeting drafted in English (standard items generated, sentences the memory knows, a typed pair)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jtwg import db
from jtwg.models import Actor, AgendaItemCreate, Bilingual, DecisionCreate, MeetingCreate, MinuteEntryCreate, SessionCreate
from jtwg.services.meetings import agenda, drafting, planning
from jtwg.services.translation import generation as gen
from jtwg.services.translation import memory as tm
from jtwg.store import groups, meetings

SEC = Actor.system("secretariat-setup")
EXACT = "The total time allotted to the sub-committees' breakout session was one hour."
FUZZY = "The total time allotted to the sub-committees' breakout session was two hours."
TYPED_EN = "Members reviewed the national referral mechanism and agreed to share data every quarter."
TYPED_FR = "Les membres ont examiné le dispositif d'orientation et ont convenu de partager les donées chaque trimestre."


def prepare(path: Path) -> int:
    """Add the memory and the drafted 5th meeting to the demo database at `path`; the 5th meeting's id."""
    conn = db.connect(path)
    try:
        group = groups.get_group(conn, code=None)
        tm.build(conn, actor=SEC)
        suggestion = planning.suggest_plan(conn, group_id=group.id)
        meeting_id = planning.plan_meeting(conn, group_id=group.id, actor=SEC, data=MeetingCreate(
            sequence_no=suggestion.sequence_no, start_date=date(2022, 7, 12), end_date=date(2022, 7, 13),
            venue="NAPTIP Headquarters", city=suggestion.city, host_country=suggestion.host_country,
            host_acronym=suggestion.host_acronym), sessions=[SessionCreate(ref="d1", day_no=1, start_time="09:00")])
        agenda.add_standard_items(conn, meeting_id=meeting_id, actor=SEC)
        items = {i.kind.value: i for i in meetings.list_agenda_items(conn, meeting_id=meeting_id)}
        drafting.add_decision(conn, item_id=items["adoption_of_agenda"].id, actor=SEC,
                         data=DecisionCreate(decision_type="adopted", text=gen.agenda_adopted()))
        drafting.add_decision(conn, item_id=items["adoption_of_minutes"].id, actor=SEC,
                         data=DecisionCreate(decision_type="adopted", mode="unanimous", text=gen.minutes_adopted(sequence_no=4)))
        item_id = agenda.add_agenda_item(conn, meeting_id=meeting_id, actor=SEC, data=AgendaItemCreate(
            label="d", kind="breakout", title=Bilingual.of("Breakout session by sub-committee"), confidentiality="restricted"))
        for text in (Bilingual.of(EXACT), Bilingual.of(FUZZY), Bilingual.of(TYPED_EN, TYPED_FR)):
            drafting.add_entry(conn, item_id=item_id, actor=SEC, data=MinuteEntryCreate(entry_type="discussion", text=text))
        conn.execute("CHECKPOINT")
        return meeting_id
    finally:
        conn.close()
