"""The Word export panel of the meeting page and the Word-minutes settings, run through AppTest on a demo database file."""

from __future__ import annotations

import pytest

from jtwg import db
from jtwg.models import Actor, MinuteEntryCreate
from jtwg.store import meetings
from jtwg.store.records import rows



def word_downloads(at) -> list[str]:
    """Labels of the Word download buttons (the minutes section also offers the meeting's .ics)."""
    return [b.proto.label for b in at.get("download_button") if b.proto.label.endswith(".docx")]

def _log(path, action: str) -> list[dict]:
    conn = db.connect(path)
    try:
        return rows(conn, "SELECT actor, changes, note FROM change_log WHERE action = ? ORDER BY id", [action])
    finally:
        conn.close()


def _meeting_page(at, meeting_id: int = 4):
    at.switch_page("pages/meetings.py").run()
    at.selectbox(key="meeting_id").set_value(meeting_id).run()
    return at


def test_panel_exports_the_reference_minutes_and_logs_it(app, demo_db_file):
    at = _meeting_page(app("en"))
    assert not at.exception
    assert "Word minutes" in [s.value.split(" ", 1)[-1] for s in at.subheader]
    assert at.radio(key="export_profile_4").value == "restricted"
    assert any("nothing found" in s.value for s in at.success)
    at.radio(key="export_lang_4").set_value("both").run()
    at.button(key="export_prepare_4").click().run()
    assert word_downloads(at) == ["Download minutes-NE-NG-04-both-restricted.docx"]
    assert '"both"' in _log(demo_db_file, "export")[0]["changes"]


def test_gate_findings_in_french_and_an_override_that_needs_a_reason(app, demo_db_file):
    conn = db.connect(demo_db_file)
    aob = next(i for i in meetings.list_agenda_items(conn, meeting_id=4) if i.label == "AOB")
    meetings.add_minute_entry(conn, item=aob, actor=Actor(username="t", role="secretariat"),
                              data=MinuteEntryCreate(text={"en": "Mrs. Quilla Vantorp spoke.", "fr": "Mme Quilla Vantorp a pris la parole."}))
    conn.close()
    at = _meeting_page(app("fr"))
    errors = [e.value.replace("\u00a0", " ") for e in at.error]
    assert len(errors) == 1 and "Le contrôle des données personnelles bloque cet export : 1 constat(s)" in errors[0]
    assert ("Divers, paragraphe 2 (FR) : « Mme Q… V… » désigne une personne qui n'est pas dans l'annuaire du groupe"
            in errors[0].replace("\u202f", " ") and "Quilla" not in errors[0])
    assert at.button(key="export_prepare_4").disabled
    at.checkbox(key="export_override_4").check().run()
    at.text_area(key="export_reason_4").input("court").run()
    at.button(key="export_prepare_4").click().run()
    assert any("au moins dix caractères" in e.value for e in at.error)
    assert not word_downloads(at) and _log(demo_db_file, "override") == []
    at.text_area(key="export_reason_4").input("Intervenante publique, nom vérifié avec les coprésidents").run()
    at.button(key="export_prepare_4").click().run()
    assert word_downloads(at) == ["Télécharger minutes-NE-NG-04-fr-restricted.docx"]
    override = _log(demo_db_file, "override")
    assert len(override) == 1 and override[0]["note"] == "Intervenante publique, nom vérifié avec les coprésidents"


@pytest.mark.parametrize("lang, added", [("en", "Alias recorded for NG-VoT-2021-01."), ("fr", "Alias enregistré pour NG-VoT-2021-01.")])
def test_settings_record_an_alias_without_showing_it(app, demo_db_file, lang, added):
    at = app(lang).switch_page("pages/settings.py").run()
    assert not at.exception
    at.text_input(key="alias_text").input("Quilla Vantorp")
    at.button[[b.proto.label for b in at.button].index("Ajouter l'alias" if lang == "fr" else "Add the alias")].click().run()
    assert [s.value for s in at.success] == [added]
    shown = " ".join(m.value for m in at.markdown)
    assert "2 alias" in shown and "Quilla" not in shown     # the demo's invented alias and this one
    conn = db.connect(demo_db_file)
    count = conn.execute("SELECT count(*) FROM case_alias").fetchone()[0]
    conn.close()
    assert count == 2


def test_an_earlier_circulated_version_exports_its_circulated_text(app, demo_db_file):
    """The panel's version picker (the latest by default); version 1, circulated then replaced by a
    corrected version 2, exports the text that was circulated, not the later edit."""
    import io
    from datetime import date

    from docx import Document

    from jtwg.models import MinuteEntryUpdate
    from jtwg.services.meetings import drafting, lifecycle
    from jtwg.services.meetings.minutes import minutes_view

    secretariat = Actor(username="sec", role="secretariat")
    conn = db.connect(demo_db_file)
    try:
        lifecycle.circulate(conn, meeting_id=4, actor=secretariat, today=date(2022, 6, 15))
        view = minutes_view(conn, meeting_id=4)
        entry = next(e for iv in view.all_items for e in iv.entries if e.text.en.startswith("The impact is most visible"))
        lifecycle.new_version(conn, meeting_id=4, reason="Corrections from a delegation", actor=secretariat)
        edited = "EDITED AFTER CIRCULATION: the impact is felt across the whole region."
        drafting.update_entry(conn, entry_id=entry.id, expected_version=entry.version, actor=secretariat,
                              data=MinuteEntryUpdate(entry_type=entry.entry_type, text={"en": edited, "fr": edited}))
    finally:
        conn.close()

    def exported(at) -> str:
        at.button(key="export_prepare_4").click().run()
        assert not at.exception and not at.error
        _, filename, content, _ = at.session_state["export_file_4"]
        doc = Document(io.BytesIO(content))
        return filename, "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])

    at = _meeting_page(app("en"))
    picker = at.selectbox(key="export_version_4")
    assert picker.value == 2 and picker.options == ["Version 1 — Superseded", "Version 2 — Draft"]
    name, latest = exported(at)
    assert name == "minutes-NE-NG-04-en-restricted.docx" and edited in latest and entry.text.en not in latest
    picker.set_value(1).run()
    name, first = exported(at)
    assert name == "minutes-NE-NG-04-v1-en-restricted.docx"
    assert entry.text.en in first and edited not in first
    assert word_downloads(at) == ["Download minutes-NE-NG-04-v1-en-restricted.docx"]
    assert '"version": [null, 1]' in _log(demo_db_file, "export")[-1]["changes"]
