"""The personal-data check in the pages (AppTest, EN and FR): a drafting save warns and waits for confirmation; circulation is refused.

Invented names only.
"""

from __future__ import annotations

import pytest

from jtwg import db
from jtwg.models import Actor, MinuteEntryCreate
from jtwg.store import meetings
from jtwg.store.records import rows

NAME_EN, NAME_FR = "Mrs Quilla Vantorp spoke about her return.", "Mme Quilla Vantorp a parlé de son retour."
WHERE = {"en": "AOB, paragraph 2 (EN)", "fr": "Divers, paragraphe 2 (EN)"}


def _aob_id(path) -> int:
    conn = db.connect(path)
    try:
        return next(i.id for i in meetings.list_agenda_items(conn, meeting_id=4) if i.label == "AOB")
    finally:
        conn.close()


def _query(path, sql: str, params=()) -> list[dict]:
    conn = db.connect(path)
    try:
        return rows(conn, sql, params)
    finally:
        conn.close()


def _drafting(at, item_id: int):
    at.switch_page("pages/meetings.py").run()
    at.selectbox(key="meeting_id").set_value(4).run()
    at.radio(key="meeting_section").set_value("drafting").run()
    at.selectbox(key="drafting_item_4").set_value(item_id).run()
    return at


def _clean(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_drafting_save_warns_and_saves_only_once_confirmed(app, demo_db_file, lang):
    item_id = _aob_id(demo_db_file)
    at = _drafting(app(lang), item_id)
    at.text_area(key=f"new_entry_text_{item_id}_en").input(NAME_EN)
    at.text_area(key=f"new_entry_text_{item_id}_fr").input(NAME_FR)
    add = {"en": "Add the paragraph", "fr": "Ajouter le paragraphe"}[lang]
    at.button[[b.label for b in at.button].index(add)].click().run()
    assert not at.exception
    warnings = [_clean(w.value) for w in at.warning]
    assert len(warnings) == 1 and WHERE[lang] in warnings[0] and "Mrs Q… V…" in warnings[0] and "Quilla" not in warnings[0]
    count = "SELECT count(*) AS n FROM minute_entry WHERE agenda_item_id = ?"
    assert _query(demo_db_file, count, [item_id])[0]["n"] == 1          # nothing saved yet
    at.button(key="pii_save_anyway").click().run()
    assert not at.exception and not at.warning
    assert _query(demo_db_file, count, [item_id])[0]["n"] == 2
    log = _query(demo_db_file, "SELECT actor, entity, entity_id, changes FROM change_log WHERE action = 'personal_data_confirmed'")
    assert len(log) == 1 and log[0]["entity"] == "agenda_item" and log[0]["entity_id"] == item_id
    assert "Quilla" not in log[0]["changes"] and "honorific_name@redaction.where.item_entry" in log[0]["changes"]


def test_back_to_editing_saves_nothing(app, demo_db_file):
    item_id = _aob_id(demo_db_file)
    at = _drafting(app("en"), item_id)
    at.text_area(key=f"new_entry_text_{item_id}_en").input(NAME_EN)
    at.button[[b.label for b in at.button].index("Add the paragraph")].click().run()
    at.button(key="pii_back_to_edit").click().run()
    assert not at.warning
    assert _query(demo_db_file, "SELECT count(*) AS n FROM minute_entry WHERE agenda_item_id = ?", [item_id])[0]["n"] == 1
    assert _query(demo_db_file, "SELECT count(*) AS n FROM change_log WHERE action = 'personal_data_confirmed'")[0]["n"] == 0


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_circulation_is_refused_with_the_findings_listed(app, demo_db_file, lang):
    conn = db.connect(demo_db_file)
    aob = next(i for i in meetings.list_agenda_items(conn, meeting_id=4) if i.label == "AOB")
    meetings.add_minute_entry(conn, item=aob, actor=Actor(username="t", role="secretariat"), data=MinuteEntryCreate(text={"en": NAME_EN, "fr": NAME_FR}))
    conn.close()
    at = app(lang)
    at.switch_page("pages/meetings.py").run()
    at.selectbox(key="meeting_id").set_value(4).run()
    at.radio(key="meeting_section").set_value("lifecycle").run()
    assert not at.exception
    errors = [_clean(e.value) for e in at.error]
    heading = {"en": "Circulation is refused until these texts are corrected", "fr": "La diffusion est refusée"}[lang]
    assert any(heading in e and WHERE[lang] in e and "Q… V…" in e and "Quilla" not in e for e in errors), errors
    circulate = {"en": "Circulate (freeze this version)", "fr": "Diffuser (figer cette version)"}[lang]
    labels = [b.label for b in at.button]
    assert at.button[labels.index(circulate)].disabled
    status = _query(demo_db_file, "SELECT status FROM minutes WHERE meeting_id = 4 ORDER BY version_no DESC LIMIT 1")
    assert status[0]["status"] != "circulated"
