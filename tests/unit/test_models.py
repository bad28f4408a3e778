"""Model rules: bilingual values, action items' due dates, agenda items about protected cases."""

from datetime import date

import pytest
from pydantic import ValidationError

from jtwg.models import (
    ActionItemCreate, ActivityCreate, AgendaItemCreate, Bilingual, Confidentiality, MeetingCreate,
    ProtectedCaseCreate, TranslationStatus,
)
from jtwg.validation import describe


def test_bilingual_defaults_and_fallback():
    both = Bilingual.of("Prevention", "Prévention")
    # Both languages typed in is not a review: only a person's accept makes a text reviewed.
    assert both.status is TranslationStatus.NEEDS_REVIEW
    only_en = Bilingual.of("Prevention")
    assert only_en.status is TranslationStatus.MISSING
    assert only_en.get("fr") == "Prevention"
    assert only_en.get("fr", fallback=False) == ""
    assert not only_en.has("fr")


def test_bilingual_status_cannot_claim_a_missing_translation():
    value = Bilingual.of("Text", "", status="reviewed")
    assert value.status is TranslationStatus.MISSING


def test_bilingual_french_source():
    value = Bilingual.of("", "Texte", source="fr")
    assert value.get("en") == "Texte" and value.source.value == "fr"
    with pytest.raises(ValidationError):
        Bilingual.of("", "Texte", source="en")


def test_bilingual_cleans_control_characters_and_lone_surrogates():
    value = Bilingual.of("a\x00b\x07c\ud800d\n e")
    assert value.en == "abcd\n e"


def test_bilingual_refuses_a_pasted_book():
    with pytest.raises(ValidationError):
        Bilingual.of("x" * 50_001)


def test_relative_due_date_needs_offset_and_meeting():
    with pytest.raises(ValidationError) as err:
        ActionItemCreate(code="A1", text=Bilingual.of("Do"), owner_acronym="ICMPD", due_anchor="meeting_end")
    assert "anchor_needs_offset" in str(err.value)
    with pytest.raises(ValidationError) as err:
        ActionItemCreate(code="A1", text=Bilingual.of("Do"), owner_acronym="ICMPD",
                         due_anchor="meeting_end", due_offset_days=7)
    assert "anchor_needs_meeting" in str(err.value)


def test_action_needs_an_owner():
    with pytest.raises(ValidationError) as err:
        ActionItemCreate(code="A1", text=Bilingual.of("Do"))
    assert describe(err.value, "fr") == ["un responsable (organisation ou personne) est obligatoire"]


def test_item_about_a_protected_case_is_always_confidential():
    item = AgendaItemCreate(kind="substantive", title=Bilingual.of("Case update"), confidentiality="public",
                            protected_case_code="NG-VoT-2021-01",
                            public_title=Bilingual.of("Update on a victim of trafficking"))
    assert item.confidentiality is Confidentiality.CONFIDENTIAL
    with pytest.raises(ValidationError):
        AgendaItemCreate(kind="substantive", title=Bilingual.of("Case"), protected_case_code="NG-VoT-2021-01")


def test_protected_case_code_shape():
    with pytest.raises(ValidationError):
        ProtectedCaseCreate(case_code="Ms Somebody", pseudonym=Bilingual.of("a victim"))


def test_meeting_and_activity_dates():
    with pytest.raises(ValidationError) as err:
        MeetingCreate(sequence_no=5, start_date=date(2022, 3, 2), end_date=date(2022, 3, 1))
    assert describe(err.value, "en") == ["the end date is before the start date"]
    with pytest.raises(ValidationError) as err:
        ActivityCreate(code="X-1", title=Bilingual.of("T"), budget_amount=10)
    assert describe(err.value, "fr") == ["un budget exige une devise (par ex. EUR)"]


def test_validation_messages_name_the_field_in_both_languages():
    with pytest.raises(ValidationError) as err:
        ActivityCreate(code="X-1", title=Bilingual.of("T"), progress_pct=150)
    assert describe(err.value, "en", {"progress_pct": "Progress"}) == ["Progress: out of the allowed range"]
    assert describe(err.value, "fr", {"progress_pct": "Avancement"}) == ["Avancement\u00a0: hors de la plage autorisée"]


def test_confidentiality_only_rises():
    assert Confidentiality.highest("restricted", "public") is Confidentiality.RESTRICTED
    assert Confidentiality.highest("confidential", "restricted") is Confidentiality.CONFIDENTIAL
