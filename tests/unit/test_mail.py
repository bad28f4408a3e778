"""Email against a real SMTP server on 127.0.0.1: reminder digests in English and French, minutes circulation
with each profile's Word file, invitations with a calendar request, retries, dry runs and .eml downloads."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from docx import Document
from icalendar import Calendar

from jtwg.errors import InvalidInput, PermissionDenied
from jtwg.i18n import NBSP
from jtwg.models import ActionItemCreate, Actor, AgendaItemCreate, Bilingual, MeetingCreate, MeetingUpdate
from jtwg.models.users import UserCreate
from jtwg.services import auth
from jtwg.services.meetings import agenda, lifecycle, planning
from jtwg.services.actions import create_action_item
from jtwg.services.mail import circulation, contacts, invitations, outbox, reminders
from jtwg.services.mail.config import MailConfig, load, save
from jtwg.store import meetings as meeting_store
from tests.support.smtp import smtp_server

AS_OF = date(2022, 6, 15)
SECRET = "Informant codename KESTREL crossing at Magaria"   # invented confidential text: must never be mailed
BASE = "https://jtwg.example.org"


@pytest.fixture
def server():
    with smtp_server() as (box, port):
        yield box, MailConfig(host="127.0.0.1", port=port, tls="none", mail_from="secretariat@jtwg.example.org", base_url=BASE)


@pytest.fixture
def group_with_items(demo_conn, group, actor):
    """NAPTIP (English-speaking focal point) owns an item due in 3 days and a confidential one due in 10;
    ANLTP/TIM (French-speaking focal point) owns A4-04, overdue since 31 May 2022."""
    create_action_item(demo_conn, group_id=group.id, actor=actor, data=ActionItemCreate(
        code="A9-01", text=Bilingual.of("Share the referral directory", "Partager l'annuaire d'orientation"),
        owner_acronym="NAPTIP", due_date=AS_OF + timedelta(days=3), meeting_seq=4))
    create_action_item(demo_conn, group_id=group.id, actor=actor, data=ActionItemCreate(
        code="A9-02", text=Bilingual.of(SECRET, SECRET), owner_acronym="NAPTIP", due_date=AS_OF + timedelta(days=10), meeting_seq=4,
        confidentiality="confidential"))
    return group


def bodies(message) -> str:
    return message.get_body(("plain",)).get_content() + message.get_body(("html",)).get_content()


def test_reminder_digests_in_each_owners_language_with_links_and_no_confidential_text(demo_conn, group_with_items, actor, server):
    box, config = server
    run = reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config)
    assert run.send.sent == 2 and run.send.waiting == 0
    assert {r.recipients[0] for r in box.received} == {"s.issa@anltp.example.org", "i.bello@naptip.example.org"}

    fr = box.to("s.issa@anltp.example.org")[0].message
    assert fr["Subject"] == f"Actions du GTTC{NBSP}: 1 en retard, 0 à échéance proche"
    assert fr["Content-Language"] == "fr"
    text = fr.get_body(("plain",)).get_content()
    assert "Bonjour Salamatou Issa," in text and f"A4-04{NBSP}:" in text and f"31{NBSP}mai 2022" in text
    assert f"{BASE}/actions?group=NE-NG&q=A4-04" in text
    assert f'href="{BASE}/actions?group=NE-NG&amp;q=A4-04"' in fr.get_body(("html",)).get_content()
    assert list(fr.iter_attachments()) == []

    en = box.to("i.bello@naptip.example.org")[0].message
    assert en["Subject"] == "JTWG action items: 0 overdue, 2 due soon"
    text = en.get_body(("plain",)).get_content()
    assert "A9-01: Share the referral directory" in text and "18 June 2022" in text
    assert "A9-02: confidential action item" in text
    for received in box.received:
        assert SECRET not in bodies(received.message) and b"KESTREL" not in received.data


def test_same_stage_is_never_reminded_twice_then_weekly_while_overdue(demo_conn, group_with_items, actor, server):
    box, config = server
    reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config)
    again = reminders.run_reminders(demo_conn, as_of=AS_OF + timedelta(days=1), dry_run=False, actor=actor, config=config)
    assert again.queued == [] and len(box.received) == 2
    # A4-04 (overdue since 31 May) enters its next overdue week on 22 June, when A9-01 (due 18 June) is overdue too.
    assert reminders.run_reminders(demo_conn, as_of=date(2022, 6, 17), dry_run=False, actor=actor, config=config).queued == []
    week = reminders.run_reminders(demo_conn, as_of=date(2022, 6, 22), dry_run=False, actor=actor, config=config)
    assert sorted(d.recipient.email for d in week.to_send) == ["i.bello@naptip.example.org", "s.issa@anltp.example.org"]
    assert len(box.to("s.issa@anltp.example.org")) == 2 and len(box.received) == 4
    assert "Overdue (1)" in box.to("i.bello@naptip.example.org")[-1].message.get_body(("plain",)).get_content()


def test_dry_run_sends_and_writes_nothing(demo_conn, group_with_items, actor, server):
    box, config = server
    logged = demo_conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    run = reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=True, actor=actor, config=config)
    assert len(run.to_send) == 2 and run.queued == [] and run.send is None
    assert box.received == []
    assert outbox.list_messages(demo_conn, actor=actor) == []
    assert demo_conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == logged


def test_a_failing_server_leaves_messages_queued_and_a_later_run_sends_each_once(demo_conn, group_with_items, actor, server):
    box, config = server
    box.refuse = True
    run = reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config)
    assert run.send.sent == 0 and run.send.failed == 2 and run.send.waiting == 2 and "451" in run.send.error
    queued = outbox.list_messages(demo_conn, actor=actor, state="queued")
    assert len(queued) == 2 and all(m["attempts"] == 1 and "451" in m["last_error"] for m in queued)
    # Before the back-off has passed nothing is tried; afterwards each message goes exactly once.
    box.refuse = False
    early = outbox.send_queued(demo_conn, config=config, actor=actor, now=datetime.now())
    assert early.sent == 0 and box.received == []
    later = datetime.now() + outbox.backoff(1) + timedelta(seconds=1)
    assert outbox.send_queued(demo_conn, config=config, actor=actor, now=later).sent == 2
    assert outbox.send_queued(demo_conn, config=config, actor=actor, now=later, ignore_backoff=True).sent == 0
    assert reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config).queued == []
    assert len(box.received) == 2
    assert sorted(m["state"] for m in outbox.list_messages(demo_conn, actor=actor)) == ["sent", "sent"]
    actions = [r[0] for r in demo_conn.execute("SELECT action FROM change_log WHERE entity = 'outbox' ORDER BY id").fetchall()]
    assert actions.count("queue") == 2 and actions.count("send_failed") == 2 and actions.count("send") == 2


def test_an_unreachable_server_gives_up_after_the_last_attempt(demo_conn, group_with_items, actor):
    config = MailConfig(host="127.0.0.1", port=1, tls="none")   # nothing listens on port 1
    reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config, send=False)
    when = datetime.now()
    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.send_queued(demo_conn, config=config, actor=actor, now=when, ignore_backoff=True)
    assert {m["state"] for m in outbox.list_messages(demo_conn, actor=actor)} == {"failed"}
    message = outbox.list_messages(demo_conn, actor=actor)[0]
    outbox.requeue(demo_conn, message_id=message["id"], actor=actor)
    assert outbox.list_messages(demo_conn, actor=actor, state="queued")[0]["id"] == message["id"]


def test_eml_download_parses_and_carries_what_the_server_received(demo_conn, group_with_items, actor, server):
    box, config = server
    reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config)
    for message in outbox.list_messages(demo_conn, actor=actor):
        name, raw = outbox.eml(demo_conn, message_id=message["id"], actor=actor)
        assert name.endswith(".eml")
        parsed = outbox.parse(raw)
        received = box.to(message["recipient"])[0].message
        assert parsed["Subject"] == received["Subject"] == message["subject"]
        assert parsed["Message-ID"] == received["Message-ID"]
        assert bodies(parsed) == bodies(received)
        # The wire format ends lines with CRLF; the stored body is the same text.
        assert parsed.get_body(("plain",)).get_content().replace("\r\n", "\n") == outbox.message_detail(
            demo_conn, message_id=message["id"], actor=actor)["body_text"]


def test_without_smtp_messages_wait_and_download(demo_conn, group_with_items, actor):
    run = reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=MailConfig())
    assert len(run.queued) == 2 and run.send.sent == 0 and run.send.waiting == 2
    _, raw = outbox.eml(demo_conn, message_id=run.queued[0], actor=actor)
    assert outbox.parse(raw)["To"]


def _circulate_fourth(conn, group, actor):
    fourth = meeting_store.get_meeting(conn, meeting_id=meeting_store.meeting_id(conn, group_id=group.id, sequence_no=4))
    lifecycle.circulate(conn, meeting_id=fourth.id, actor=actor, today=AS_OF)
    return fourth


def test_circulation_attaches_the_word_file_each_role_may_read(demo_conn, group, actor, server):
    box, config = server
    # The NAPTIP co-chair's account makes their copy the internal one; the others follow their membership.
    account = auth.create_user(demo_conn, actor=actor, data=UserCreate(
        username="cochair-ng", role="co_chair", delegation="NG", password="correct horse battery"))
    dg = next(p for p in contacts.list_contacts(demo_conn, actor=actor) if p["ref"] == "dg-naptip")
    contacts.link_account(demo_conn, username=account.username, person_id=dg["id"], actor=actor)
    fourth = _circulate_fourth(demo_conn, group, actor)
    plan = circulation.plan(demo_conn, meeting_id=fourth.id, lang_mode="each", actor=actor)
    assert plan.sendable, "the fourth meeting's participants have addresses"
    ids = circulation.circulate(demo_conn, meeting_id=fourth.id, lang_mode="each", actor=actor, config=config)
    assert len(ids) == len(plan.sendable)
    assert circulation.circulate(demo_conn, meeting_id=fourth.id, lang_mode="each", actor=actor, config=config) == []
    outbox.send_queued(demo_conn, config=config, actor=actor)
    assert len(box.received) == len(plan.sendable)
    for who in plan.sendable:
        message = box.to(who.email)[0].message
        files = list(message.iter_attachments())
        assert len(files) == 1
        name = files[0].get_filename()
        assert name.endswith(f"-{who.lang}-{who.profile.value}.docx")
        Document(io.BytesIO(files[0].get_content()))        # a Word file python-docx opens
        assert message["Subject"].startswith("Procès-verbal" if who.lang == "fr" else "Minutes")
    # The .eml download carries the same Word file, byte for byte, as the server received and the outbox keeps.
    _, raw = outbox.eml(demo_conn, message_id=ids[0], actor=actor)
    downloaded = outbox.parse(raw)
    received = box.to(downloaded["To"].addresses[0].addr_spec)[0].message
    assert next(downloaded.iter_attachments()).get_content() == next(received.iter_attachments()).get_content()
    stored = outbox.message_detail(demo_conn, message_id=ids[0], actor=actor)["attachments"][0]
    assert stored["size"] == len(next(downloaded.iter_attachments()).get_content())
    profiles = {who.email: who.profile.value for who in plan.sendable}
    assert profiles["c.okafor@naptip.example.org"] == "internal"
    assert set(profiles.values()) >= {"internal", "restricted"}


def test_circulation_in_both_languages_sends_one_bilingual_message(demo_conn, group, actor, server):
    box, config = server
    fourth = _circulate_fourth(demo_conn, group, actor)
    circulation.circulate(demo_conn, meeting_id=fourth.id, lang_mode="both", actor=actor, config=config)
    outbox.send_queued(demo_conn, config=config, actor=actor)
    message = box.received[0].message
    text = message.get_body(("plain",)).get_content()
    assert "Please find attached" in text and "Veuillez trouver ci-joint" in text
    assert next(message.iter_attachments()).get_filename().split("-")[-2] == "both"


def test_circulation_needs_circulated_minutes(demo_conn, group, actor):
    fourth = meeting_store.get_meeting(demo_conn, meeting_id=meeting_store.meeting_id(demo_conn, group_id=group.id, sequence_no=4))
    with pytest.raises(Exception) as caught:
        circulation.plan(demo_conn, meeting_id=fourth.id, lang_mode="each", actor=actor)
    assert "circulated" in caught.value.message("en")


def _fifth(conn, group, actor):
    meeting_id = planning.plan_meeting(conn, group_id=group.id, actor=actor, data=MeetingCreate(
        sequence_no=5, start_date=date(2022, 7, 12), end_date=date(2022, 7, 13), venue="NAPTIP Headquarters",
        city="Abuja", host_country="NG", host_acronym="NAPTIP"))
    agenda.add_agenda_item(conn, meeting_id=meeting_id, actor=actor, data=AgendaItemCreate(
        kind="substantive", title=Bilingual.of("Referral pathways review", "Examen des circuits d'orientation"),
        confidentiality="restricted"))
    agenda.add_agenda_item(conn, meeting_id=meeting_id, actor=actor, data=AgendaItemCreate(
        kind="substantive", title=Bilingual.of(SECRET, SECRET), confidentiality="confidential",
        public_title=Bilingual.of("Case coordination", "Coordination des dossiers")))
    return meeting_id


def test_invitation_carries_a_calendar_request_and_the_draft_agenda_then_an_update(demo_conn, group, actor, server):
    box, config = server
    meeting_id = _fifth(demo_conn, group, actor)
    ids = invitations.invite(demo_conn, meeting_id=meeting_id, actor=actor, config=config)
    assert ids and invitations.invite(demo_conn, meeting_id=meeting_id, actor=actor, config=config) == []
    outbox.send_queued(demo_conn, config=config, actor=actor)
    fr = box.to("m.abdou@anltp.example.org")[0].message
    assert fr["Subject"].startswith(f"Invitation{NBSP}: 5e réunion du GTTC NE-NG")
    text = fr.get_body(("plain",)).get_content()
    assert "Projet d'ordre du jour" in text and "Examen des circuits d'orientation" in text and "Coordination des dossiers" in text
    for received in box.received:
        assert SECRET not in bodies(received.message)
        part = next(received.message.iter_attachments())
        assert part.get_content_type() == "text/calendar" and part.get_param("method") == "REQUEST"
        cal = Calendar.from_ical(part.get_content())
        assert str(cal["method"]) == "REQUEST"
        event = cal.walk("VEVENT")[0]
        assert event["sequence"] == 0 and event.decoded("dtstart") == date(2022, 7, 12)
        assert str(event["attendee"]).lower() == f"mailto:{received.recipients[0]}"
    first = len(box.received)
    meeting = meeting_store.get_meeting(demo_conn, meeting_id=meeting_id)
    planning.update_meeting(demo_conn, meeting_id=meeting_id, expected_version=meeting.version, actor=actor,
                                   data=MeetingUpdate(start_date=date(2022, 7, 19), end_date=date(2022, 7, 20),
                                                      venue=meeting.venue, city=meeting.city, host_country="NG",
                                                      host_acronym="NAPTIP"))
    plan = invitations.plan(demo_conn, meeting_id=meeting_id, actor=actor)
    assert plan.is_update and plan.previous_dates == (date(2022, 7, 12), date(2022, 7, 13))
    invitations.invite(demo_conn, meeting_id=meeting_id, actor=actor, config=config)
    outbox.send_queued(demo_conn, config=config, actor=actor)
    update = box.to("c.okafor@naptip.example.org")[-1].message
    assert len(box.received) == 2 * first and update["Subject"].startswith("New dates:")
    event = Calendar.from_ical(next(update.iter_attachments()).get_content()).walk("VEVENT")[0]
    assert event["sequence"] == 1 and event.decoded("dtstart") == date(2022, 7, 19)
    assert "12–13 July 2022 becomes 19–20 July 2022" in update.get_body(("plain",)).get_content()


def test_addresses_are_checked_and_imported_with_participant_lists(demo_conn, group, actor):
    people = {p["ref"]: p for p in contacts.list_contacts(demo_conn, actor=actor)}
    with pytest.raises(InvalidInput):
        contacts.set_person_contact(demo_conn, person_id=people["nl-rep"]["id"], email="not an address", lang="en", actor=actor)
    contacts.set_person_contact(demo_conn, person_id=people["nl-rep"]["id"], email="M.deWit@NLMFA.Example.ORG", lang="fr",
                                actor=actor)
    again = {p["ref"]: p for p in contacts.list_contacts(demo_conn, actor=actor)}["nl-rep"]
    assert again["email"] == "M.deWit@nlmfa.example.org" and again["lang"] == "fr"
    fifth = _fifth(demo_conn, group, actor)
    csv = ("person,delegation,role,courriel,langue\n"
           "nactal-rep,cso,participant,grace@nactal.example.org,anglais\n"
           "lpht-rep,cso,participant,bad@@address,fr\n").encode()
    with pytest.raises(InvalidInput):
        contacts.import_participants(demo_conn, meeting_id=fifth, filename="list.csv", content=csv, actor=actor)
    assert meeting_store.list_attendance(demo_conn, meeting_id=fifth) == []     # nothing half-saved
    fixed = csv.replace(b"bad@@address", b"mariama@lpht.example.org")
    assert contacts.import_participants(demo_conn, meeting_id=fifth, filename="list.csv", content=fixed, actor=actor) == 2
    now = {p["ref"]: p for p in contacts.list_contacts(demo_conn, actor=actor)}
    assert now["nactal-rep"]["email"] == "grace@nactal.example.org" and now["nactal-rep"]["lang"] == "en"
    assert now["lpht-rep"]["email"] == "mariama@lpht.example.org"


def test_members_turn_their_own_reminders_off(demo_conn, group_with_items, actor, server):
    box, config = server
    account = auth.create_user(demo_conn, actor=actor, data=UserCreate(
        username="member-prm", role="member", delegation="NE", subcommittee_codes=["PRM"], password="correct horse battery"))
    issa = next(p for p in contacts.list_contacts(demo_conn, actor=actor) if p["ref"] == "anltp-rep")
    contacts.link_account(demo_conn, username=account.username, person_id=issa["id"], actor=actor)
    member = account.actor()
    with pytest.raises(PermissionDenied):
        reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=True, actor=member)
    contacts.set_my_reminders(demo_conn, off=True, actor=member)
    run = reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config)
    skipped = [d for d in run.digests if d.skipped]
    assert [d.recipient.email for d in skipped] == ["s.issa@anltp.example.org"] and skipped[0].skipped == "reminders_off"
    assert box.to("s.issa@anltp.example.org") == []


def test_settings_override_the_environment_except_the_password(demo_conn, actor):
    env = {"JTWG_SMTP_HOST": "smtp.example.org", "JTWG_SMTP_TLS": "tls", "JTWG_SMTP_PASSWORD": "s3cret",
           "JTWG_MAIL_FROM": "jtwg@example.org", "JTWG_BASE_URL": "https://a.example.org/"}
    config = load(demo_conn, env)
    assert (config.host, config.effective_port, config.tls, config.base_url) == ("smtp.example.org", 465, "tls", "https://a.example.org")
    save(demo_conn, {"mail.smtp_host": "relay.example.org", "mail.smtp_port": "2525", "mail.smtp_tls": "starttls"}, actor=actor)
    config = load(demo_conn, env)
    assert (config.host, config.effective_port, config.tls, config.password) == ("relay.example.org", 2525, "starttls", "s3cret")
    assert "s3cret" not in config.describe()
    with pytest.raises(InvalidInput):
        save(demo_conn, {"mail.smtp_tls": "ssl3", "mail.from": "nobody"}, actor=actor)
    with pytest.raises(PermissionDenied):
        save(demo_conn, {"mail.smtp_host": "x"}, actor=Actor(username="m", role="member", subcommittee_codes=("PR",)))


def test_mail_jobs_register_with_the_scheduler_and_run_on_a_cursor(demo_conn, server):
    from jtwg.services.mail import jobs
    from jtwg.services.mail.config import save as save_config

    registered = {}
    jobs.register_mail_jobs(lambda name, every, fn: registered.setdefault(name, (every, fn)))
    assert set(registered) == {"mail.reminders", "mail.outbox"}
    box, config = server
    save_config(demo_conn, {"mail.smtp_host": config.host, "mail.smtp_port": str(config.port), "mail.smtp_tls": "none"},
                actor=Actor.system())
    run = registered["mail.reminders"][1](demo_conn)        # as of the demo's date: the French digest
    assert len(run.queued) == 1 and run.send.sent == 1
    assert registered["mail.outbox"][1](demo_conn).sent == 0
    assert [r.recipients for r in box.received] == [["s.issa@anltp.example.org"]]


def test_an_organisation_without_reachable_focal_points_gets_its_shared_mailbox(demo_conn, group, actor, server):
    box, config = server
    ecowas = next(o for o in contacts.list_organisation_contacts(demo_conn, actor=actor) if o["acronym"] == "ECOWAS")
    create_action_item(demo_conn, group_id=group.id, actor=actor, data=ActionItemCreate(
        code="A9-03", text=Bilingual.of("Share the regional calendar", "Partager le calendrier régional"),
        owner_acronym="ECOWAS", due_date=AS_OF + timedelta(days=2), meeting_seq=4))
    assert all(d.recipient.org != "ECOWAS" for d in reminders.plan(demo_conn, group_id=group.id, as_of=AS_OF, actor=actor))
    contacts.set_organisation_contact(demo_conn, org_id=ecowas["id"], email="tip-desk@ecowas.example.org", lang="fr", actor=actor)
    reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config)
    message = box.to("tip-desk@ecowas.example.org")[0].message
    assert "Bonjour ECOWAS," in message.get_body(("plain",)).get_content() and "A9-03" in message["Subject"] + bodies(message)
    assert reminders.run_reminders(demo_conn, as_of=AS_OF, dry_run=False, actor=actor, config=config).queued == []
