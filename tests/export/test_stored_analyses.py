"""The name recogniser's findings are kept per text, so a text checked once is checked again without the models.

What is kept: offsets of the names found and keyed digests of the words whose lemma is ordinary, under a
digest of the recogniser's version, the language and the exact text. The directory, the protected cases and
their aliases are read at every check. Every name here is invented.
"""

from __future__ import annotations

import pytest

from jtwg.models import Bilingual, MinuteEntryCreate, PersonCreate
from jtwg.services import personal_data
from jtwg.services.exports import ExportBlocked, export_minutes
from jtwg.services.redaction import FindingKind, Where
from jtwg.store import groups, meetings
from jtwg.store.records import rows

TEXT = "Quenby Arvanitakis-Holm thanked the delegations for the draft work plan."
WHERE = Where.of("redaction.where.column", column="text")


def _check(conn, text=TEXT):
    return personal_data.check_texts(conn, [(WHERE, Bilingual(en=text))], level="restricted")


class NoModels:
    """Stands for the language models: any use fails the test."""

    def __call__(self):
        raise AssertionError("the models were used")


def _forget_in_memory(monkeypatch):
    monkeypatch.setattr(personal_data, "_cache", type(personal_data._cache)())
    monkeypatch.setattr(personal_data, "load_models", NoModels())


def test_a_checked_text_is_checked_again_without_the_models(name_models, export_conn, monkeypatch):
    first = _check(export_conn)
    assert [(f.kind, f.detail) for f in first] == [(FindingKind.PERSON_NAME, "Q… A… H…")]
    stored = rows(export_conn, "SELECT digest, spans, ordinary FROM name_analysis")
    assert len(stored) == 1
    # Offsets and digests only: nothing of the text can be read back.
    dump = " ".join(str(v) for r in stored for v in r.values()).casefold()
    assert "quenby" not in dump and "arvanitakis" not in dump and "holm" not in dump and "thanked" not in dump
    _forget_in_memory(monkeypatch)
    assert _check(export_conn) == first
    # Another text (one letter) is not the stored one: it needs the models.
    with pytest.raises(AssertionError, match="models were used"):
        _check(export_conn, TEXT.replace("thanked", "thanks"))


def test_the_directory_is_read_at_every_check_not_stored(name_models, export_conn, secretariat, monkeypatch):
    assert _check(export_conn)
    _forget_in_memory(monkeypatch)
    groups.create_person(export_conn, data=PersonCreate(ref="QAH", display_name="Quenby Arvanitakis-Holm"),
                         actor=secretariat)
    assert _check(export_conn) == []   # now in the directory: may be named, read back without the models


def test_a_new_recogniser_version_checks_again_with_the_models(name_models, export_conn, monkeypatch):
    _check(export_conn)
    _forget_in_memory(monkeypatch)
    monkeypatch.setattr(personal_data, "_VERSION", personal_data.analysis_version() + "|rules=next")
    with pytest.raises(AssertionError, match="models were used"):
        _check(export_conn)


def test_an_export_of_checked_minutes_needs_no_models_and_finds_the_same(
        name_models, export_conn, reference_id, secretariat, monkeypatch):
    item = next(i for i in meetings.list_agenda_items(export_conn, meeting_id=reference_id) if i.label == "AOB")
    meetings.add_minute_entry(export_conn, item=item, data=MinuteEntryCreate(
        text={"en": "Quenby Arvanitakis-Holm completed her tailoring course.",
              "fr": "Quenby Arvanitakis-Holm a terminé sa formation de couture."}), actor=secretariat)
    with pytest.raises(ExportBlocked) as before:
        export_minutes(export_conn, meeting_id=reference_id, lang="both", profile="restricted", actor=secretariat)
    _forget_in_memory(monkeypatch)
    with pytest.raises(ExportBlocked) as after:
        export_minutes(export_conn, meeting_id=reference_id, lang="both", profile="restricted", actor=secretariat)
    assert after.value.findings == before.value.findings
    assert {f.detail for f in after.value.findings} == {"Q… A… H…"}


@pytest.mark.parametrize("label, en, fr, level, protected", [
    ("Agenda Item 1", "Zainab Olanrewaju has started a tailoring apprenticeship.",
     "Zainab Olanrewaju a commencé un apprentissage de couture.", "confidential", True),
    ("AOB", "{{case:NG-VoT-2021-01}} was escorted by Nkechi to the school.",
     "{{case:NG-VoT-2021-01}} a été accompagnée par Nkechi jusqu'à l'école.", "restricted", False),
])
def test_a_text_checked_when_saved_is_exported_without_the_models(
        name_models, export_conn, reference_id, secretariat, monkeypatch, label, en, fr, level, protected):
    # The meeting's other texts are checked once, as earlier exports would have.
    for profile in ("internal", "restricted"):
        export_minutes(export_conn, meeting_id=reference_id, lang="both", profile=profile, actor=secretariat)
    item = next(i for i in meetings.list_agenda_items(export_conn, meeting_id=reference_id) if i.label == label)
    text = Bilingual(en=en, fr=fr)
    saved = personal_data.check_texts(export_conn, [(WHERE, text)], level=level, protected=protected)   # the save's check
    assert {f.kind for f in saved} == {FindingKind.CASE_NAME}
    meetings.add_minute_entry(export_conn, item=item, data=MinuteEntryCreate(text={"en": en, "fr": fr}), actor=secretariat)
    _forget_in_memory(monkeypatch)
    for profile in ("internal", "restricted"):
        with pytest.raises(ExportBlocked) as blocked:
            export_minutes(export_conn, meeting_id=reference_id, lang="both", profile=profile, actor=secretariat)
        assert {f.kind for f in blocked.value.findings} == {FindingKind.CASE_NAME}
