"""The demo data holds the 4th Niger–Nigeria JTWG meeting faithfully, in both languages, with no victim's name."""

import hashlib
import re
import subprocess
from datetime import date, time

from jtwg.config import PROJECT_ROOT
from jtwg.models import AgendaKind, Confidentiality, DecisionType, TranslationStatus
from jtwg.services.meetings.minutes import minutes_view
from jtwg.services.settings import today
from jtwg.store import actions, groups, meetings, mou, workplan
from jtwg.store.records import rows

# SHA-256 of the name words of the victim in the source minutes: the test checks for them without
# the repository ever holding the name itself.
VICTIM_NAME_DIGESTS = {
    "38bc14a268a3da3ecf3db0c08a82726c246193ba3e964c9165690e17fbffdb88",
    "3817db631fc3301d92eb836e14a4f6ac05c5413ae4e0bf6d48b6d1ed6495f69c",
}


def fourth(conn, group):
    return meetings.get_meeting(conn, meeting_id=meetings.meeting_id(conn, group_id=group.id, sequence_no=4))


def test_the_group_and_its_parties(demo_conn, group):
    d = {o.acronym: o for o in groups.list_organisations(demo_conn)}
    assert {"ANLTP/TIM", "NAPTIP", "NAPTIP-KANO", "DST", "ICMPD", "NL-MFA", "NACTAL", "LPHT"} <= set(d)
    assert d["NAPTIP-KANO"].parent_id == d["NAPTIP"].id
    assert d["NACTAL"].org_type.value == d["LPHT"].org_type.value == "cso"
    assert group.host_rotation == ["Abuja", "Niamey"]
    subs = groups.list_subcommittees(demo_conn, group_id=group.id)
    assert [(s.code, s.name.fr) for s in subs] == [
        ("PR", "Protection et rapatriement"), ("PV", "Prévention"), ("IP", "Enquête et poursuites"),
        ("PRM", "Partenariats et mobilisation des ressources")]


def test_meetings_one_to_four_rotate_hosts(demo_conn, group):
    found = sorted(meetings.list_meetings(demo_conn, group_id=group.id), key=lambda m: m.sequence_no)
    assert [(m.sequence_no, m.city) for m in found] == [(1, "Abuja"), (2, "Niamey"), (3, "Abuja"), (4, "Niamey")]


def test_the_fourth_meeting_as_in_its_minutes(demo_conn, group):
    m = fourth(demo_conn, group)
    assert (m.start_date, m.end_date, m.venue, m.city, m.host_country) == (
        date(2022, 2, 3), date(2022, 2, 4), "Noom Hotel", "Niamey", "NE")
    assert len(m.objectives) == 3 and all(o.en and o.fr for o in m.objectives)
    view = minutes_view(demo_conn, meeting_id=m.id)
    assert view.margin_event.name.en.startswith("14th ECOWAS Annual Review Meeting")
    assert [d.day_no for d in view.days] == [1, 2]
    assert view.days[0].plenary.start_time == time(16, 15) and view.days[1].plenary.start_time == time(9, 30)
    assert len(view.days[1].breakouts) == 4 and {b.duration_min for b in view.days[1].breakouts} == {60}
    labels = [i.item.label for i in view.all_items if i.item.label]
    assert labels == ["a", "b", "c", "i", "ii", "iii", "iv", "Agenda Item 1", "Agenda Item 2", "Agenda Item 3", "AOB"]
    kinds = [i.item.kind for i in view.all_items]
    assert kinds[:2] == [AgendaKind.OPENING, AgendaKind.GOODWILL_MESSAGE] and kinds[-1] is AgendaKind.AOB
    moderators = {groups_person.ref for groups_person in groups.list_people(demo_conn)
                  if groups_person.id in {a.person_id for a in view.moderators}}
    assert moderators == {"dg-anltp", "dg-naptip"}
    adoption = next(i for i in view.all_items if i.item.kind is AgendaKind.ADOPTION_OF_MINUTES)
    assert adoption.item.related_meeting_id == meetings.meeting_id(demo_conn, group_id=group.id, sequence_no=3)
    assert adoption.decisions[0].decision_type is DecisionType.ADOPTED and adoption.decisions[0].mode.value == "unanimous"
    assert view.minutes.place_of_issue == "Abuja" and view.minutes.date_of_issue == date(2022, 2, 10)


def test_every_text_of_the_fourth_meeting_exists_in_both_languages(demo_conn, group):
    m = fourth(demo_conn, group)
    view = minutes_view(demo_conn, meeting_id=m.id)
    texts = [m.introduction, *m.objectives]
    for item in view.all_items:
        texts += [item.item.title, *(e.text for e in item.entries), *(d.text for d in item.decisions),
                  *(a.text for a in item.actions)]
    assert texts and all(t.en and t.fr and t.status is TranslationStatus.REVIEWED for t in texts)


def test_the_work_plan_action_is_due_seven_days_after_the_meeting(demo_conn, group):
    action = next(a for a in actions.list_action_items(demo_conn, group_id=group.id) if a.code == "A4-01")
    assert action.due_anchor.value == "meeting_end" and action.due_offset_days == 7
    assert action.due_date == date(2022, 2, 11)
    assert "7 days" in action.text.en and "7 jours" in action.text.fr


def test_the_victim_update_is_a_confidential_item_tied_to_a_case_code(demo_conn, group):
    view = minutes_view(demo_conn, meeting_id=fourth(demo_conn, group).id)
    item = next(i for i in view.all_items if i.item.label == "Agenda Item 1")
    case = {c.id: c for c in groups.list_protected_cases(demo_conn)}[item.item.protected_case_id]
    assert case.case_code == "NG-VoT-2021-01"
    assert item.item.confidentiality is Confidentiality.CONFIDENTIAL
    assert all(e.confidentiality is Confidentiality.CONFIDENTIAL for e in item.entries)
    assert "victim of trafficking" in item.item.public_title.en and "victime de la traite" in item.item.public_title.fr
    presenter = {p.id: p for p in groups.list_people(demo_conn)}[item.item.presenter_person_id]
    assert presenter.publish_name is False


def test_activities_named_in_the_minutes(demo_conn, group):
    acts = {a.code: a for a in workplan.list_activities(demo_conn, group_id=group.id)}
    assert "financial investigation and asset forfeiture" in acts["IP-01"].title.en
    assert "corridor" in acts["PR-01"].title.en and "CSO" in acts["PRM-01"].title.en
    assert all(acts[c].origin.value == "recommendation" for c in ("IP-01", "PR-01", "PRM-01"))
    assert {a.funding_source.value for a in acts.values()} != {"donor"}


def test_the_mou_is_marked_illustrative(demo_conn, group):
    agreement = mou.get_mou(demo_conn, group_id=group.id)
    assert agreement.illustrative and agreement.signed_on == date(2021, 11, 16) and agreement.signed_place == "Abuja"
    assert len(mou.list_provisions(demo_conn, mou_id=agreement.id)) >= 5


def test_demo_is_loaded_through_the_store_and_logged(demo_conn):
    logged = rows(demo_conn, "SELECT entity, count(*) AS n FROM change_log WHERE actor = 'demo-loader' GROUP BY entity")
    assert {r["entity"] for r in logged} >= {"meeting", "agenda_item", "action_item", "activity", "commitment"}
    assert today(demo_conn) == date(2022, 6, 15)


def test_no_victim_name_anywhere_in_the_repository():
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=PROJECT_ROOT, capture_output=True, text=True, check=True).stdout.split()
    assert files
    found = []
    for name in files:
        path = PROJECT_ROOT / name
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="ignore").lower()
        words = set(re.findall(r"[a-zà-ÿ]+", text))
        if any(hashlib.sha256(w.encode()).hexdigest() in VICTIM_NAME_DIGESTS for w in words):
            found.append(name)
    assert found == []


def test_no_victim_name_in_the_database(demo_conn):
    text = " ".join(str(r) for table in ("agenda_item", "minute_entry", "decision", "action_item", "person", "protected_case")
                    for r in demo_conn.execute(f"SELECT * FROM {table}").fetchall()).lower()
    words = set(re.findall(r"[a-zà-ÿ]+", text))
    assert not any(hashlib.sha256(w.encode()).hexdigest() in VICTIM_NAME_DIGESTS for w in words)
