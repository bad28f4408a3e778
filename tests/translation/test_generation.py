"""Generated texts: every template in English and French, French agreeing with the person's gender."""

from datetime import date, time

import pytest

from jtwg.i18n import catalogue
from jtwg.models import TranslationStatus as S
from jtwg.models.workplan import ActionStatus
from jtwg.services.translation import generation as gen
from jtwg.services.translation import review
from jtwg.services.translation.texts import meeting_texts

NBSP = "\u00a0"


@pytest.mark.parametrize("gender, fr", [
    ("f", f"La réunion a été ouverte à 9{NBSP}h{NBSP}30 par Salamatou Issa, coprésidente, qui a souhaité la bienvenue aux participants."),
    ("m", f"La réunion a été ouverte à 9{NBSP}h{NBSP}30 par Moussa Abdou, coprésident, qui a souhaité la bienvenue aux participants."),
    (None, f"La réunion a été ouverte à 9{NBSP}h{NBSP}30 par Chinedu Okafor, au titre de la coprésidence, avec des mots de bienvenue aux participants."),
])
def test_opening_agrees_with_the_co_chair(gender, fr):
    name = {"f": "Salamatou Issa", "m": "Moussa Abdou", None: "Chinedu Okafor"}[gender]
    text = gen.opening(name=name, gender=gender, at=time(9, 30))
    assert text.status is S.GENERATED
    assert text.en == f"The meeting was opened at 9:30 a.m. by {name}, Co-Chair, who welcomed the participants."
    assert text.fr == fr


def test_closing_presenter_and_attendance_agree():
    assert gen.closing(name="Salamatou Issa", gender="f", at=time(16, 0)).fr == \
        f"Salamatou Issa, coprésidente, a clos la réunion à 16{NBSP}h et a remercié les participants."
    assert gen.closing(name="X Y", gender=None, at=time(16, 15)).en == \
        "X Y, Co-Chair, closed the meeting at 4:15 p.m. and thanked the participants."
    assert gen.presenter(name="Ibrahim Bello", gender="m", org="NAPTIP").fr == f"Intervenant{NBSP}: Ibrahim Bello (NAPTIP)"
    assert gen.presenter(name="Grace Adeyemi", gender="f").fr == f"Intervenante{NBSP}: Grace Adeyemi"
    assert gen.presenter(name="A B", gender=None).fr == f"Présentation{NBSP}: A B"
    assert gen.attendance_line(name="Mariama Boubacar", gender="f", role="moderator", org="LPHT").fr == \
        "Mariama Boubacar, modératrice (LPHT)"
    assert gen.attendance_line(name="A B", gender="m", role="observer").fr == "A B, observateur"
    assert gen.attendance_line(name="A B", gender=None, role="co_chair", org="NAPTIP").en == "A B, Co-Chair (NAPTIP)"


def test_no_french_template_uses_a_bracketed_ending():
    """Never « Coprésident(e) »: the neutral wording is a real phrase."""
    texts = [v["fr"] for k, v in catalogue().items() if k.startswith("gen.")]
    assert texts and not any("(e)" in x or "·" in x for x in texts)
    for role in gen.ROLES:
        for g in ("f", "m", None):
            assert gen.role_word(role, g, "fr") and gen.role_word(role, g, "en")


def test_standard_decisions_and_next_meeting():
    assert gen.agenda_adopted().fr == "L'ordre du jour a été adopté sans modification."
    assert gen.agenda_adopted(amended=True).en == "The agenda was adopted with amendments."
    assert gen.minutes_adopted(sequence_no=4).fr == "Le procès-verbal de la 4e réunion du GTTC a été adopté à l'unanimité."
    assert gen.minutes_adopted(sequence_no=4, amended=True).en == \
        "The minutes of the 4th JTWG meeting were adopted with amendments."
    two_days = gen.next_meeting(start=date(2022, 7, 12), end=date(2022, 7, 13), city="Abuja", venue="NAPTIP Headquarters")
    assert two_days.en == "The next meeting will be held from 12 to 13 July 2022 in Abuja (NAPTIP Headquarters)."
    assert two_days.fr == "La prochaine réunion se tiendra du 12 au 13 juillet 2022 à Abuja (NAPTIP Headquarters)."
    one_day = gen.next_meeting(start=date(2022, 9, 1), end=date(2022, 9, 1), city="Niamey")
    assert one_day.fr == "La prochaine réunion se tiendra le 1er septembre 2022 à Niamey."
    assert one_day.en == "The next meeting will be held on 1 September 2022 in Niamey."


def test_matters_arising_action_frames_and_status_words():
    assert gen.matter_outcome(code="A4-01", status=ActionStatus.DONE).en == "Outcome for action A4-01: Done."
    assert gen.matter_outcome(code="A4-01", status=ActionStatus.DONE).fr.startswith(f"Suite donnée au point d'action A4-01{NBSP}:")
    assert gen.action_frame(owner="NAPTIP", within_days=7).en == \
        "Responsible: NAPTIP. Deadline: within 7 days of the end of the meeting."
    assert gen.action_frame(owner="NAPTIP", within_days=7).fr == \
        f"Responsable{NBSP}: NAPTIP. Échéance{NBSP}: dans les 7{NBSP}jours suivant la fin de la réunion."
    assert gen.action_frame(owner="ANLTP/TIM", due=date(2022, 3, 31)).fr == \
        f"Responsable{NBSP}: ANLTP/TIM. Échéance{NBSP}: 31 mars 2022."
    assert gen.status_word(ActionStatus.IN_PROGRESS).status is S.GENERATED


def test_standard_items_of_a_new_meeting_are_generated_and_recognised(demo_conn, fifth, actor):
    texts = meeting_texts(demo_conn, meeting_id=fifth.id)
    titles = [x for x in texts if x.entity == "agenda_item" and x.value.fr]
    assert titles and all(x.status is S.GENERATED for x in titles)
    # A text typed in English that a template produces gets its French from the template.
    from jtwg.models import Bilingual, DecisionCreate
    from jtwg.services.meetings import drafting

    item = next(x for x in texts if x.entity == "agenda_item" and x.value.en == "Adoption of the agenda")
    drafting.add_decision(demo_conn, item_id=item.entity_id, actor=actor, data=DecisionCreate(
        decision_type="adopted", text=Bilingual.of("The agenda was adopted without amendment.")))
    report = review.fill(demo_conn, meeting_id=fifth.id, actor=actor, target="fr", fuzzy=False)
    assert report.filled["generated"] == 1
    decision = next(x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.entity == "decision"
                    and x.value.en.startswith("The agenda"))
    assert decision.status is S.GENERATED and decision.value.fr == "L'ordre du jour a été adopté sans modification."
