"""Victims stay unidentifiable: aliases kept as digests only, profiles withhold confidential content, the gate blocks and its override is logged."""

from __future__ import annotations

import json
import re

import pytest

from jtwg import db
from jtwg.errors import InvalidInput, PermissionDenied
from jtwg.services.exports import ExportBlocked, export_minutes, prepare_export
from jtwg.models import Actor, MinuteEntryCreate
from jtwg.services.personal_data import HONORIFIC_NAME, AliasMatcher, add_case_alias, alias_counts, clear_case_aliases
from jtwg.services.redaction import CASE_DETAIL, ExportProfile, FindingKind, render_case_refs
from jtwg.store import meetings
from jtwg.store.records import rows
from tests.export.conftest import all_text, reopen

# Invented names: no real person is meant.
ALIASES = ["Zorbalina Quux-Vantrell", "Zorba Quux"]
CASE = "NG-VoT-2021-01"
CASE_DETAILS = ["Qwertyville", "four months", "hairdressing course"]
CONFIDENTIAL_ENTRY = {
    "en": "Zorbalina Quux-Vantrell stayed at the shelter for four months, received medical care and is now in a "
          "hairdressing course in Qwertyville with her family.",
    "fr": "Zorba QUUX a séjourné au foyer pendant four months, a reçu des soins médicaux et suit un hairdressing course "
          "à Qwertyville avec sa famille.",
}


def _item(conn, meeting_id, label):
    return next(i for i in meetings.list_agenda_items(conn, meeting_id=meeting_id) if i.label == label)


@pytest.fixture
def protected(export_conn, reference_id, secretariat):
    """The demo meeting with aliases recorded and a confidential update naming the victim and giving case details."""
    for alias in ALIASES:
        assert add_case_alias(export_conn, case_code=CASE, alias=alias, actor=secretariat)
    meetings.add_minute_entry(export_conn, item=_item(export_conn, reference_id, "Agenda Item 1"),
                              data=MinuteEntryCreate(text=CONFIDENTIAL_ENTRY), actor=secretariat)
    return export_conn


def test_aliases_are_stored_as_digests_only(export_conn, secretariat, tmp_path):
    for alias in ALIASES:
        add_case_alias(export_conn, case_code=CASE, alias=alias, actor=secretariat)
    assert alias_counts(export_conn) == {CASE: 3}   # with the demo's own invented alias
    dump = tmp_path / "dump"
    export_conn.execute(f"EXPORT DATABASE '{dump}'")
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in dump.iterdir()).casefold()
    for word in ("zorbalina", "quux", "vantrell", "zorba "):
        assert word not in text
    digests = [r["digest"] for r in rows(export_conn, "SELECT digest FROM case_alias")]
    assert all(re.fullmatch(r"[0-9a-f]{64}", d) for d in digests)


def test_alias_matching_ignores_case_accents_and_spacing(protected):
    index = AliasMatcher.load(protected)
    assert index.redact("Met ZORBALINA  quux-vantrell today.", "[x]") == ("Met [x] today.", [CASE])
    assert index.redact("Zòrba\u00a0Quux came.", "[x]")[0] == "[x] came."
    # Each part alone, and near misspellings of the longer parts, written as names are.
    assert index.redact("Quux alone is an alias part; Zorbalina too.", "[x]") == ("[x] alone is an alias part; [x] too.", [CASE, CASE])
    assert index.redact("Zorbalena and Vantrel came.", "[x]")[0] == "[x] and [x] came."
    assert index.redact("Ordinary words: zorbalena, quite, vanity.", "[x]")[1] == []


def test_alias_input_is_validated_and_can_be_forgotten(export_conn, secretariat):
    with pytest.raises(InvalidInput) as exc:
        add_case_alias(export_conn, case_code=CASE, alias="Zq", actor=secretariat)
    assert exc.value.problems[0][1] == "invalid.alias_too_short"
    with pytest.raises(InvalidInput):
        add_case_alias(export_conn, case_code=CASE, alias="a b c d e f g h", actor=secretariat)
    with pytest.raises(PermissionDenied):
        add_case_alias(export_conn, case_code=CASE, alias="Zorba Quux", actor=Actor(username="m", role="member"))
    assert add_case_alias(export_conn, case_code=CASE, alias="Zorba Quux", actor=secretariat)
    assert not add_case_alias(export_conn, case_code=CASE, alias="zorba   QUUX", actor=secretariat)
    assert clear_case_aliases(export_conn, case_code=CASE, actor=secretariat) == 2   # and the demo's
    assert alias_counts(export_conn) == {CASE: 0}


@pytest.mark.parametrize("profile", ["restricted", "public"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_alias_or_case_detail_of_the_protected_case_in_restricted_or_public_exports(protected, reference_id, secretariat,
                                                                                      profile, lang):
    # The victim's name stored in the protected item blocks every profile, although these do not print it.
    with pytest.raises(ExportBlocked) as blocked:
        export_minutes(protected, meeting_id=reference_id, lang=lang, profile=profile, actor=secretariat)
    assert {(f.kind, f.where.describe("en")) for f in blocked.value.findings} == {
        (FindingKind.ALIAS, "Agenda Item 1, paragraph 2")}
    result = export_minutes(protected, meeting_id=reference_id, lang=lang, profile=profile, actor=secretariat,
                            override_reason="Name removed from the case system copy; checked")
    assert result.overridden     # and still nothing confidential reaches these profiles
    text = all_text(reopen(result.content)).casefold()
    for forbidden in ALIASES + CASE_DETAILS + [CASE, "zorbalina", "quux", "wellbeing", "situation du cas", "reintegration plan",
                                               "plan de réintégration", "case-management", "gestion des cas"]:
        assert forbidden.casefold() not in text, forbidden
    if profile == "restricted":
        neutral = {"en": "Agenda Item 1: Update on the reintegration of a repatriated victim of trafficking",
                   "fr": "Point 1 de l'ordre du jour\u00a0: Point sur la réintégration d'une victime de la traite rapatriée"}
        assert neutral[lang].casefold() in text
        assert {"en": "[confidential content]", "fr": "[contenu confidentiel]"}[lang] in text
    else:
        # The public version keeps the record's structure with a neutral line, never the item's title.
        neutral = {"en": "agenda item 1 — not published", "fr": "point 1 de l'ordre du jour — non publié"}[lang]
        assert neutral in text
        assert "agenda item 1:" not in text and "point 1 de l'ordre du jour\u00a0:" not in text


def test_internal_export_masks_aliases_and_needs_an_override(protected, reference_id, secretariat):
    with pytest.raises(ExportBlocked) as blocked:
        export_minutes(protected, meeting_id=reference_id, lang="both", profile="internal", actor=secretariat)
    kinds = {f.kind for f in blocked.value.findings}
    assert kinds == {FindingKind.ALIAS}
    lines = blocked.value.lines("fr")
    assert "Point 1 de l'ordre du jour, paragraphe 2 (FR)\u00a0: un nom enregistré comme alias du cas protégé NG-VoT-2021-01" in lines[-1]
    assert not any("Zorb" in line or "Quux" in line for line in lines)
    result = export_minutes(protected, meeting_id=reference_id, lang="both", profile="internal", actor=secretariat,
                            override_reason="Internal copy for the NAPTIP case officer")
    text = all_text(reopen(result.content))
    assert "Qwertyville" in text and "[name withheld]" in text and "[nom masqué]" in text
    assert "Zorb" not in text and "Quux" not in text and "QUUX" not in text


def test_gate_findings_for_names_case_details_and_unknown_cases(export_conn, reference_id, secretariat):
    aob = _item(export_conn, reference_id, "AOB")
    for text in ({"en": "Mrs. Angelina Vox thanked the hosts.", "fr": "Mme Angelina Vox a remercié les hôtes."},
                 {"en": "{{case:NG-VoT-2021-01}} returned to her family.", "fr": "{{case:NG-VoT-2021-01}} a retrouvé sa famille."},
                 {"en": "M. Moussa Abdou and Ms [VoT-01] were mentioned; shelters were discussed.",
                  "fr": "M. Moussa Abdou a évoqué les centres d'accueil."},
                 {"en": "See {{case:XX-VoT-2099-99}}.", "fr": "Voir {{case:XX-VoT-2099-99}}."}):
        meetings.add_minute_entry(export_conn, item=aob, data=MinuteEntryCreate(text=text), actor=secretariat)
    prepared = prepare_export(export_conn, meeting_id=reference_id, lang="both", profile="public")
    found = {(f.kind, f.where.describe("en"), f.lang, f.detail) for f in prepared.findings}
    assert found == {
        (FindingKind.HONORIFIC_NAME, "AOB, paragraph 2", "en", "Mrs A… V…"),
        (FindingKind.HONORIFIC_NAME, "AOB, paragraph 2", "fr", "Mme A… V…"),
        (FindingKind.CASE_DETAIL, "AOB, paragraph 3", "en", "family"),
        (FindingKind.CASE_DETAIL, "AOB, paragraph 3", "fr", "famille"),
        (FindingKind.UNKNOWN_CASE, "AOB, paragraph 5", "en", "XX-VoT-2099-99"),
        (FindingKind.UNKNOWN_CASE, "AOB, paragraph 5", "fr", "XX-VoT-2099-99"),
    }
    fr = [f.describe("fr") for f in prepared.findings]
    assert ("Divers, paragraphe 2 (FR)\u00a0: «\u00a0Mme A… V…\u00a0» désigne une personne qui n'est pas dans l'annuaire du groupe."
            in fr)
    # Tokens render per profile, the same in both languages.
    printed = [b.text for b in prepared.document.blocks if hasattr(b, "text") and "famil" in str(b.text)]
    assert printed == [{"en": "a victim of trafficking returned to her family.", "fr": "une victime de la traite a retrouvé sa famille."}]


def test_case_tokens_per_profile():
    from jtwg.models import Bilingual, ProtectedCase

    case = ProtectedCase(id=1, case_code=CASE, handling_org_id=None, sensitivity="high", consent_status="unknown",
                         pseudonym=Bilingual.of("a repatriated victim of trafficking", "une victime de la traite rapatriée"))
    cases = {CASE: case}
    text = "Update on {{ case:NG-VoT-2021-01 }} (see NG-VoT-2021-01)."
    assert render_case_refs(text, "en", ExportProfile.INTERNAL, cases)[0] == \
        "Update on a repatriated victim of trafficking (NG-VoT-2021-01) (see NG-VoT-2021-01)."
    assert render_case_refs(text, "fr", ExportProfile.RESTRICTED, cases)[0] == \
        "Update on une victime de la traite rapatriée (see une victime de la traite rapatriée)."
    assert render_case_refs(text, "fr", ExportProfile.PUBLIC, cases)[0] == \
        "Update on une victime de la traite (see une victime de la traite)."


def test_honorific_and_case_detail_patterns_on_english_and_french_samples():
    names = [m.group(2) for m in HONORIFIC_NAME.finditer(
        "Mrs. Angela spoke; Mme Élodie too; M. Ousmane and Mr X agreed. Ms [VoT-01] is a placeholder; ICMPD. Mr. le")]
    assert names == ["Angela", "Élodie", "Ousmane", "X"]
    words = [m.group(1).lower() for m in CASE_DETAIL.finditer(
        "shelter, medical, psychosocial, reintegration, enrolled, family, traffickers; foyer, centre d'accueil, médicale, "
        "réinsertion, réintégration, famille, trafiquants")]
    assert len(words) == 14


def test_override_is_logged_with_reason_and_without_personal_data(export_conn, reference_id, secretariat):
    meetings.add_minute_entry(export_conn, item=_item(export_conn, reference_id, "AOB"), actor=secretariat,
                              data=MinuteEntryCreate(text={"en": "Mr Quentin Zarkov attended.", "fr": "M. Quentin Zarkov était présent."}))
    with pytest.raises(InvalidInput):
        export_minutes(export_conn, meeting_id=reference_id, lang="en", profile="public", actor=secretariat, override_reason="short")
    with pytest.raises(PermissionDenied):
        export_minutes(export_conn, meeting_id=reference_id, lang="en", profile="public", override_reason="A long enough reason",
                       actor=Actor(username="cochair", role="co_chair"))
    with pytest.raises(PermissionDenied):
        export_minutes(export_conn, meeting_id=reference_id, lang="en", profile="internal", actor=Actor(username="o", role="observer"))
    result = export_minutes(export_conn, meeting_id=reference_id, lang="fr", profile="public", actor=secretariat,
                            override_reason="  Public official, name cleared   with the co-chairs ")
    assert result.overridden
    log = rows(export_conn, "SELECT actor, action, entity, entity_id, changes, note FROM change_log"
                            " WHERE action IN ('override', 'export') ORDER BY id")
    assert [(r["actor"], r["action"], r["entity"], r["entity_id"]) for r in log] == [
        ("test-secretariat", "override", "meeting", reference_id), ("test-secretariat", "export", "meeting", reference_id)]
    assert log[0]["note"] == "Public official, name cleared with the co-chairs"
    changes = json.loads(log[0]["changes"])
    assert changes["profile"] == [None, "public"] and changes["lang"] == [None, "fr"]
    assert changes["findings"][1][0].startswith("honorific_name@redaction.where.item_entry")
    everything = json.dumps(rows(export_conn, "SELECT * FROM change_log"), default=str)
    assert "Zarkov" not in everything.replace("Mr Quentin Zarkov attended", "").replace("M. Quentin Zarkov", "")


def test_public_profile_names_nobody_and_only_public_items(export_conn, reference_id, secretariat):
    result = export_minutes(export_conn, meeting_id=reference_id, lang="en", profile="public", actor=secretariat)
    doc = reopen(result.content)
    text = all_text(doc)
    for person in rows(export_conn, "SELECT display_name FROM person"):
        assert person["display_name"] not in text
    assert "Co-chairs of the JTWG: Director General, ANLTP/TIM; Director General, NAPTIP" in text
    items = rows(export_conn, "SELECT title.en AS title, confidentiality FROM agenda_item WHERE meeting_id = ?", [reference_id])
    for item in items:
        assert (item["title"] in text) == (item["confidentiality"] == "public"), item


def test_exports_survive_a_locked_or_missing_database_path_cleanly(tmp_path):
    conn = db.connect(tmp_path / "empty.duckdb")
    from jtwg.errors import NotFound

    with pytest.raises(NotFound):
        export_minutes(conn, meeting_id=99, lang="en", profile="public", actor=Actor(username="x", role="secretariat"))
    conn.close()
