"""The personal-data check through the paths users take: saving, importing, circulating and exporting minutes.

Every name here is invented. Tests that need the name recogniser ask for the `name_models` fixture
(the models load once per session); the alias, honorific and directory signals need no model.
"""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import date

import openpyxl
import pytest

from jtwg.excel import actions_sheet
from jtwg.excel.importer import apply_import, preview_import
from jtwg.services.exports import ExportBlocked, export_minutes, prepare_export
from jtwg.models import Bilingual, MinuteEntryCreate, MinutesStatus
from jtwg.keys import key_dir
from jtwg.services import personal_data
from jtwg.services.meetings import lifecycle
from jtwg.services.personal_data import add_case_alias, alias_counts
from jtwg.services.redaction import FindingKind, Where
from jtwg.store import groups, meetings
from jtwg.store.records import rows
from tests.export.conftest import all_text, reopen

CASE = "NG-VoT-2021-01"
PROFILES = ("internal", "restricted", "public")
TODAY = date(2022, 6, 15)
REASON = "Checked with the case officer; cleared for this copy"


def _item(conn, meeting_id, label):
    return next(i for i in meetings.list_agenda_items(conn, meeting_id=meeting_id) if i.label == label)


def _add(conn, meeting_id, label, en, fr, actor):
    meetings.add_minute_entry(conn, item=_item(conn, meeting_id, label), data=MinuteEntryCreate(text={"en": en, "fr": fr}),
                              actor=actor)


def _blocked(conn, meeting_id, profile, lang, actor) -> list:
    with pytest.raises(ExportBlocked) as blocked:
        export_minutes(conn, meeting_id=meeting_id, lang=lang, profile=profile, actor=actor)
    return blocked.value.findings


def _clean(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


# --- 1. A victim-like full name without any honorific, in a public item ------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_untitled_full_name_in_a_public_item_blocks_the_restricted_and_public_exports(
        name_models, export_conn, reference_id, secretariat, lang):
    _add(export_conn, reference_id, "AOB", "Hauwa Tanko-Mbaye completed her hairdressing training in June.",
         "Hauwa Tanko-Mbaye a terminé sa formation de coiffure en juin.", secretariat)
    for profile in ("restricted", "public"):
        findings = _blocked(export_conn, reference_id, profile, lang, secretariat)
        assert [(f.kind, f.where.describe(lang), f.detail) for f in findings] == [
            (FindingKind.PERSON_NAME, {"en": "AOB, paragraph 2", "fr": "Divers, paragraphe 2"}[lang], "H… T… M…")]
        described = _clean(findings[0].describe(lang))
        assert described == {
            "en": "AOB, paragraph 2 (EN): “H… T… M…” looks like the name of a person who is not in the group's directory.",
            "fr": "Divers, paragraphe 2 (FR) : « H… T… M… » ressemble au nom d'une personne qui n'est pas dans l'annuaire du groupe.",
        }[lang]
        assert "Hauwa" not in described and "Tanko" not in described
    # The internal copy goes to the named handlers: a participant-like name in a public item is theirs to judge.
    assert export_minutes(export_conn, meeting_id=reference_id, lang=lang, profile="internal", actor=secretariat).findings == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_officials_of_the_directory_may_be_named(name_models, export_conn, reference_id, secretariat, lang):
    _add(export_conn, reference_id, "AOB", "Salamatou Issa and Ibrahim Bello thanked Mr Markus Vogel.",
         "Salamatou Issa et Ibrahim Bello ont remercié M. Markus Vogel.", secretariat)
    for profile in PROFILES:
        assert export_minutes(export_conn, meeting_id=reference_id, lang=lang, profile=profile, actor=secretariat).findings == []


# --- 2. An alias recorded as a full name: each part alone, misspelt, in any case -------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("written", ["Zorbalina", "QUUX-VANTRELL", "Zorbalena", "Vantrel"])
def test_any_part_of_an_alias_blocks_every_profile(export_conn, reference_id, secretariat, lang, written):
    assert add_case_alias(export_conn, case_code=CASE, alias="Zorbalina Quux-Vantrell", actor=secretariat)
    _add(export_conn, reference_id, "AOB", f"{written} was mentioned in passing.", f"{written} a été évoquée en passant.",
         secretariat)
    for profile in PROFILES:
        findings = _blocked(export_conn, reference_id, profile, lang, secretariat)
        assert {(f.kind, f.detail) for f in findings} == {(FindingKind.ALIAS, CASE)}
        assert not any(written.casefold()[:5] in f.describe(lang).casefold() for f in findings)
    result = export_minutes(export_conn, meeting_id=reference_id, lang=lang, profile="internal", actor=secretariat,
                            override_reason=REASON)
    text = all_text(reopen(result.content))
    assert written not in text and {"en": "[name withheld]", "fr": "[nom masqué]"}[lang] in text


def test_aliases_are_keyed_digests_with_the_key_outside_the_database(export_conn, secretariat, tmp_path):
    add_case_alias(export_conn, case_code=CASE, alias="Zorbalina Quux-Vantrell", actor=secretariat)
    key_file = key_dir() / "alias-digests.key"
    assert key_file.exists() and stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    dump = tmp_path / "dump"
    export_conn.execute(f"EXPORT DATABASE '{dump}'")
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in dump.iterdir()).casefold()
    assert "zorbalina" not in everything and "vantrell" not in everything and "quux" not in everything
    assert key_file.read_text().strip().casefold() not in everything
    # Parts and their one-letter deletions: enough to match "Vantrel", nothing to read back.
    parts = rows(export_conn, "SELECT variant, near FROM alias_part p JOIN protected_case c ON c.id = p.case_id")
    assert sum(1 for p in parts if not p["variant"]) == 3 + 3     # the demo's alias has three parts too
    assert any(p["variant"] for p in parts)


def test_the_demo_records_an_invented_alias_for_its_protected_case(export_conn, reference_id, secretariat):
    assert alias_counts(export_conn) == {CASE: 1}
    _add(export_conn, reference_id, "AOB", "Kemisola was mentioned.", "Kemisola a été évoquée.", secretariat)
    findings = _blocked(export_conn, reference_id, "public", "en", secretariat)
    assert {(f.kind, f.detail) for f in findings} == {(FindingKind.ALIAS, CASE)}


def test_aliases_recorded_before_part_matching_still_match_in_full(export_conn, secretariat):
    """Migration 0900: a former whole-alias digest keeps working and Settings counts it apart."""
    from jtwg.services.redaction import SALT_KEY, _digest, alias_words

    case_id = rows(export_conn, "SELECT id FROM protected_case WHERE case_code = ?", [CASE])[0]["id"]
    export_conn.execute("INSERT INTO app_setting (key, value) VALUES (?, 'old-salt')", [SALT_KEY])
    export_conn.execute("INSERT INTO case_alias (case_id, digest, word_count, created_by, scheme) VALUES (?, ?, 2, 'old', 'salted_words')",
                        [case_id, _digest("old-salt", alias_words("Quirina Zandt"))])
    matcher = personal_data.AliasMatcher.load(export_conn)
    assert matcher.redact("Quirina Zandt came.", "[x]") == ("[x] came.", [CASE])
    assert matcher.redact("Quirina came.", "[x]")[1] == []
    assert personal_data.alias_summary(export_conn)[CASE] == {"hmac_parts": 1, "salted_words": 1}


# --- 3. A name typed into the confidential item of the protected case -----------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_name_in_the_protected_items_confidential_text_blocks_every_profile_internal_included(
        name_models, export_conn, reference_id, secretariat, lang):
    _add(export_conn, reference_id, "Agenda Item 1", "Zainab Olanrewaju has started a tailoring apprenticeship.",
         "Zainab Olanrewaju a commencé un apprentissage de couture.", secretariat)
    for profile in PROFILES:
        findings = _blocked(export_conn, reference_id, profile, lang, secretariat)
        assert [(f.kind, f.where.describe(lang)) for f in findings] == [
            (FindingKind.CASE_NAME, {"en": "Agenda Item 1, paragraph 2", "fr": "Point 1 de l'ordre du jour, paragraphe 2"}[lang])]
        assert "Zainab" not in findings[0].describe(lang)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_name_next_to_a_case_reference_counts_even_internally(name_models, export_conn, reference_id, secretariat, lang):
    _add(export_conn, reference_id, "AOB", "{{case:NG-VoT-2021-01}} was escorted by Nkechi to the school.",
         "{{case:NG-VoT-2021-01}} a été accompagnée par Nkechi jusqu'à l'école.", secretariat)
    findings = _blocked(export_conn, reference_id, "internal", lang, secretariat)
    assert (FindingKind.CASE_NAME, "N…") in {(f.kind, f.detail) for f in findings}


# --- 4. Saving: the warning the user confirms -----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_save_is_checked_where_the_paragraph_will_print(name_models, export_conn, reference_id, lang):
    item = _item(export_conn, reference_id, "AOB")
    where = Where.of("redaction.where.item_entry", item="AOB", n=2)
    text = Bilingual.of("Blessing Okorie returned to Benin City in March.", "Blessing Okorie est rentrée à Benin City en mars.")
    findings = personal_data.check_texts(export_conn, [(where, text)], level=item.confidentiality)
    assert [(f.kind, f.lang, f.detail) for f in findings] == [(FindingKind.PERSON_NAME, "en", "B… O…"),
                                                              (FindingKind.PERSON_NAME, "fr", "B… O…")]
    assert _clean(findings[0].describe(lang)).startswith({"en": "AOB, paragraph 2 (EN)", "fr": "Divers, paragraphe 2 (EN)"}[lang])
    # Confidential (not a case): read by the handlers only, so no warning; the protected item: always.
    assert personal_data.check_texts(export_conn, [(where, text)], level="confidential") == []
    assert {f.kind for f in personal_data.check_texts(export_conn, [(where, text)], level="confidential", protected=True)} == {
        FindingKind.CASE_NAME}


def test_a_confirmed_save_is_logged_without_the_words(export_conn, secretariat):
    findings = personal_data.check_texts(export_conn, [(Where.of("redaction.where.item_entry", item="AOB", n=2),
                                                        Bilingual.of("Mrs Quilla Vantorp spoke.", "Mme Quilla Vantorp a parlé."))])
    assert len(findings) == 2
    personal_data.log_confirmation(export_conn, actor=secretariat, entity="agenda_item", entity_id=7, findings=findings)
    log = rows(export_conn, "SELECT actor, action, changes FROM change_log WHERE action = 'personal_data_confirmed'")
    assert log[0]["actor"] == secretariat.username
    assert json.loads(log[0]["changes"])["findings"][1][0].startswith("honorific_name@redaction.where.item_entry")
    assert "Quilla" not in log[0]["changes"] and "Vantorp" not in log[0]["changes"]


# --- 5. An Excel import of new action items ---------------------------------------------------------------------

def _actions_book(conn, group_id, actor, text_en: str, text_fr: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(actions_sheet.export_actions(conn, group_id=group_id, actor=actor, lang="en", today=TODAY)))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    values = {"code": "4-99", "meeting": 4, "agenda_item": "AOB", "text_en": text_en, "text_fr": text_fr, "owner": "NAPTIP",
              "due_date": date(2022, 9, 30), "status": "open"}
    new = [None] * len(headers)
    for column in actions_sheet.SPEC.columns:
        if column.name in values and column.header("en") in headers:
            new[headers.index(column.header("en"))] = values[column.name]
    sheet.append(new)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_an_excel_import_lists_the_row_and_needs_a_confirmation(name_models, export_conn, secretariat, lang):
    group = groups.get_group(export_conn)
    adapter = actions_sheet.ActionsAdapter(group.id, TODAY)
    data = _actions_book(export_conn, group.id, secretariat, "NAPTIP to follow up with Adaobi Nnaji in Maradi.",
                         "La NAPTIP assure le suivi avec Adaobi Nnaji à Maradi.")
    preview = preview_import(export_conn, adapter, data)
    assert preview.problems == [] and preview.counts()["new"] == 1
    row = preview.rows[-1].row
    lines = [_clean(w.message(lang)) for w in preview.warnings]
    column = {"en": "Action (EN)", "fr": "Action (EN)"}
    assert len(lines) == 2 and all(f"{row}" in line for line in lines)
    assert any(column[lang] in line and "A… N…" in line for line in lines), lines
    assert not any("Adaobi" in line for line in lines)
    before = export_conn.execute("SELECT count(*) FROM action_item").fetchone()[0]
    with pytest.raises(personal_data.PersonalDataUnconfirmed) as refused:
        apply_import(export_conn, adapter, data, secretariat)
    assert refused.value.lines(lang) == [w.message(lang) for w in preview.warnings]
    assert export_conn.execute("SELECT count(*) FROM action_item").fetchone()[0] == before
    apply_import(export_conn, adapter, data, secretariat, confirm_personal_data=True)
    assert export_conn.execute("SELECT count(*) FROM action_item").fetchone()[0] == before + 1
    log = rows(export_conn, "SELECT changes FROM change_log WHERE action = 'personal_data_confirmed'")
    assert len(log) == 1 and "Adaobi" not in log[0]["changes"] and f":{row}:" in log[0]["changes"]


def test_a_participant_list_naming_a_protected_case_alias_is_listed_per_row(export_conn):
    from jtwg.services.meetings.participants import parse_participants, read_table

    csv = ("name,organisation,delegation,role\nGrace Adeyemi,NACTAL,cso,participant\n"
           "Adaeze Onwuachu,NAPTIP,NG,participant\n").encode()
    warnings = personal_data.participant_warnings(export_conn, parse_participants(export_conn, read_table("p.csv", csv)))
    assert [(w.row, w.key) for w in warnings] == [(3, "pii.row.alias")]
    assert "Adaeze" not in warnings[0].message("fr") and CASE in warnings[0].message("fr")


# --- 6. Circulation is refused --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_circulation_is_refused_while_the_minutes_name_someone(export_conn, reference_id, secretariat, lang):
    _add(export_conn, reference_id, "AOB", "Mrs Quilla Vantorp thanked the hosts.", "Mme Quilla Vantorp a remercié les hôtes.",
         secretariat)
    with pytest.raises(personal_data.PersonalDataFound) as refused:
        lifecycle.circulate(export_conn, meeting_id=reference_id, actor=secretariat, today=TODAY)
    assert refused.value.message(lang).startswith({"en": "Circulation refused", "fr": "Diffusion refusée"}[lang])
    assert {_clean(line).split(" (")[0] for line in refused.value.lines(lang)} == {
        {"en": "AOB, paragraph 2", "fr": "Divers, paragraphe 2"}[lang]}
    minutes = meetings.current_minutes(export_conn, meeting_id=reference_id)
    assert minutes.status is not MinutesStatus.CIRCULATED
    # Corrected (by role, not by name): circulation goes through.
    entry = meetings.list_item_entries(export_conn, item_id=_item(export_conn, reference_id, "AOB").id)[-1]
    export_conn.execute("DELETE FROM minute_entry WHERE id = ?", [entry.id])
    assert lifecycle.circulate(export_conn, meeting_id=reference_id, actor=secretariat, today=TODAY).status is MinutesStatus.CIRCULATED


# --- 7. The override --------------------------------------------------------------------------------------------

def test_every_finding_is_listed_and_the_override_logged_with_its_reason(export_conn, reference_id, secretariat):
    _add(export_conn, reference_id, "AOB", "Mrs Quilla Vantorp and Dr Oyelaran Fashe spoke.",
         "Mme Quilla Vantorp et Dr Oyelaran Fashe ont parlé.", secretariat)
    prepared = prepare_export(export_conn, meeting_id=reference_id, lang="both", profile="public")
    assert len(prepared.findings) == 4       # two people, two languages: all listed, not only the first
    result = export_minutes(export_conn, meeting_id=reference_id, lang="both", profile="public", actor=secretariat,
                            override_reason=REASON)
    assert result.overridden
    log = rows(export_conn, "SELECT changes, note FROM change_log WHERE action = 'override'")
    assert log[0]["note"] == REASON and len(json.loads(log[0]["changes"])["findings"][1]) == 4
    assert "Quilla" not in log[0]["changes"] and "Oyelaran" not in log[0]["changes"]
