"""The Email page in AppTest: a member sees only their own reminder switch and turns it off; the secretariat
edits a contact (a bad address refused with a clear message) and overrides the mail server in Settings."""

from jtwg import db
from jtwg.models import Actor
from jtwg.services.mail import config as mail_config
from jtwg.services.mail import contacts


def link(db_file, username: str, ref: str) -> int:
    conn = db.connect(db_file)
    try:
        person = next(p for p in contacts.list_contacts(conn, actor=Actor.system()) if p["ref"] == ref)
        contacts.link_account(conn, username=username, person_id=person["id"], actor=Actor.system())
        return person["id"]
    finally:
        conn.close()


def reminders_off(db_file, ref: str) -> bool:
    conn = db.connect(db_file)
    try:
        return next(p for p in contacts.list_contacts(conn, actor=Actor.system()) if p["ref"] == ref)["reminders_off"]
    finally:
        conn.close()


def test_a_member_turns_their_own_reminders_off_in_french(app, demo_db_file):
    link(demo_db_file, "member-ip", "naptip-kano")
    at = app("fr", user="member-ip")
    at.switch_page("pages/email.py").run()
    assert not at.exception and not at.tabs            # no outbox, contacts or settings for a member
    assert [s.value for s in at.subheader] == ["Mes rappels"]
    at.toggle(key="mail_my_reminders").set_value(False).run()
    assert not at.exception
    assert reminders_off(demo_db_file, "naptip-kano")
    assert "Rappels désactivés" in " ".join(s.value for s in at.success)


def test_an_unlinked_member_is_told_to_ask_the_secretariat(app):
    at = app("en", user="member-pr")
    at.switch_page("pages/email.py").run()
    assert "not linked to a person" in at.info[0].value


def test_secretariat_contact_form_refuses_a_bad_address(app):
    at = app("en")
    at.switch_page("pages/email.py").run()
    assert not [w for w in at.text_input if w.key == "mail_person_email"]   # the Contacts tab is not built yet
    at.session_state["mail_tab::en"] = "Contacts"    # the tab is built once chosen
    at.run()
    at.text_input(key="mail_person_email").input("not-an-address")
    at.button(key="mail_person_save").click().run()
    assert not at.exception
    assert any("not a valid email address" in e.value for e in at.error)


def test_secretariat_overrides_the_mail_server_in_settings(app, demo_db_file):
    at = app("en")
    at.switch_page("pages/settings.py").run()
    at.text_input(key="mail_settings_host").input("relay.example.org")
    at.text_input(key="mail_settings_port").input("2525")
    at.button(key="mail_settings_save").click().run()
    assert not at.exception and not at.error
    conn = db.connect(demo_db_file)
    try:
        config = mail_config.load(conn, {})
    finally:
        conn.close()
    assert (config.host, config.effective_port) == ("relay.example.org", 2525)


def test_only_the_chosen_tab_is_built_and_a_preview_message_is_written_when_opened(app, demo_db_file):
    at = app("en")
    at.switch_page("pages/email.py").run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["Reminders", "Outbox", "Contacts", "My reminders"]
    # Reminders first: the preview lists the digest; its message is written only once its expander is opened.
    assert any(s.value.startswith("Preview: 1 digest") for s in at.subheader)
    assert [e.label for e in at.expander if e.label.startswith("Message to")] == ["Message to Salamatou Issa (French)"]
    assert not at.code
    conn = db.connect(demo_db_file)
    try:
        person = next(p for p in contacts.list_contacts(conn, actor=Actor.system()) if p["display_name"] == "Salamatou Issa")
    finally:
        conn.close()
    at.session_state[f"mail_preview_person:{person['id']}"] = True
    at.run()
    assert "Voici les actions du GTTC dont vous avez la charge" in at.code[0].value
    assert not at.metric                                        # the outbox is not built behind the Reminders tab
    at.session_state["mail_tab::en"] = "Outbox"
    at.run()
    assert not at.exception
    assert [m.label for m in at.metric] == ["Queued", "Sent", "Failed"]
    assert not any(s.value.startswith("Preview:") for s in at.subheader)
