"""Property-based: hostile text (control characters, NUL, lone surrogates, right-to-left marks, emoji, huge
strings, formula prefixes) driven through validation, the store, search, Excel export and re-import, and the
Word minutes. Each gives a clear message or a faithful round trip, never a traceback."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from jtwg import db, demo
from jtwg.errors import JtwgError, NotFound
from jtwg.excel import actions_sheet
from jtwg.excel.importer import apply_import, preview_import
from jtwg.services.exports import export_minutes
from jtwg.models import ActionItemUpdate, Actor, Bilingual, MinuteEntryCreate, OrganisationCreate
from jtwg.models.common import clean_text
from jtwg.services import search
from jtwg.services.meetings import drafting
from jtwg.services.actions import update_action_item
from jtwg.store import groups
from jtwg.store.actions import action_id_by_code, get_action_item
from jtwg.validation import describe
from tests.conftest import DEMO_DIR
from tests.export.conftest import all_text, reopen

TODAY = date(2022, 6, 15)
ACTOR = Actor(username="test-secretariat", role="secretariat")

PIECES = st.sampled_from([
    "\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\ud800", "\udfff", "\ufeff", "\u202e", "\u200f", "\u2066",
    "مرحبا", "שלום", "👩🏽‍⚖️", "🇳🇪", "e\u0301", "ﷺ", "=HYPERLINK(\"http://evil.example\",\"x\")", "=1+1", "+1", "-2",
    "@SUM(A1)", "'", "''=", "\t", "\r", "\n", "\r\n", "\"", "<w:t>", "</w:p>", "&amp;", "]]>", "%s", "{name}", "\\",
    "; ", ",", "NE-NG", "A1-01", " ", "\u00a0", "\u202f",
])
HOSTILE = st.one_of(
    st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=8).map("".join),
    st.integers(1990, 2100).map(lambda n: "ж" * n),           # long but within the limits
    st.integers(50_001, 52_000).map(lambda n: "=" + "x" * n),  # beyond every text limit
)
QUICK = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                       HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def hostile_conn():
    conn = db.connect(":memory:")
    demo.load_demo(conn, DEMO_DIR)
    yield conn
    conn.close()


def clear(exc: Exception) -> None:
    """The error reads as messages in both languages."""
    for lang in ("en", "fr"):
        lines = describe(exc, lang) if isinstance(exc, ValidationError) else [exc.message(lang)]
        assert lines and all(isinstance(line, str) and line.strip() for line in lines)


def storable(text: str | None) -> bool:
    """What a text field may hold once validated: no control character but tab/new line, no lone surrogate."""
    return text is None or text == text.strip() and all(
        ch in "\t\n" or (ord(ch) >= 32 and not 0x7F <= ord(ch) <= 0x9F and not 0xD800 <= ord(ch) <= 0xDFFF)
        for ch in text)


@QUICK
@given(text=HOSTILE)
def test_validation_gives_a_clean_value_or_a_clear_message(text):
    for build in (lambda: Bilingual.of(text, text),
                  lambda: ActionItemUpdate(evidence=text, evidence_link=text, note=text, due_change_reason=text),
                  lambda: OrganisationCreate(acronym="X1", name=Bilingual.of(text, ""), org_type="government"),
                  lambda: MinuteEntryCreate(text={"en": text, "fr": text})):
        try:
            value = build()
        except ValidationError as exc:
            clear(exc)
            continue
        for field in ("en", "fr", "evidence", "evidence_link", "note", "due_change_reason"):
            assert storable(getattr(value, field, None)), (field, getattr(value, field))


@QUICK
@given(text=HOSTILE)
def test_store_and_search_keep_the_text_and_never_fail(hostile_conn, text):
    group = groups.get_group(hostile_conn, code="NE-NG")
    acronym = f"H{abs(hash(text)) % 10**8}"
    try:
        data = OrganisationCreate(acronym=acronym, name=Bilingual.of(text or "x", text), org_type="cso")
    except ValidationError as exc:
        clear(exc)
    else:
        try:
            groups.org_id(hostile_conn, acronym)
        except NotFound:
            groups.create_organisation(hostile_conn, data=data, actor=ACTOR)
        stored = next(o for o in groups.list_organisations(hostile_conn) if o.acronym == acronym)
        assert (stored.name.en, stored.name.fr) == (data.name.en, data.name.fr) == (clean_text(text or "x"), clean_text(text))
    for role in ("secretariat", "observer"):
        hits = search.search(hostile_conn, group_id=group.id, query=text, actor=Actor(username="r", role=role))
        assert isinstance(hits, list)


@QUICK
@given(text=HOSTILE, lang=st.sampled_from(["en", "fr"]))
def test_excel_export_reimports_hostile_evidence_unchanged(hostile_conn, text, lang):
    group = groups.get_group(hostile_conn, code="NE-NG")
    action_id = action_id_by_code(hostile_conn, code="A4-04")
    try:
        update_action_item(hostile_conn, action_id=action_id, actor=ACTOR, today=TODAY,
                           expected_version=get_action_item(hostile_conn, action_id=action_id).version,
                           data=ActionItemUpdate(evidence=text, evidence_link=text[:500]))
    except (ValidationError, JtwgError) as exc:
        clear(exc)
        return
    item = get_action_item(hostile_conn, action_id=action_id)
    data = actions_sheet.export_actions(hostile_conn, group_id=group.id, actor=ACTOR, lang=lang, today=TODAY)
    adapter = actions_sheet.ActionsAdapter(group.id, TODAY)
    preview = preview_import(hostile_conn, adapter, data)
    assert preview.ok, [p.message(lang) for p in preview.problems]
    assert preview.counts()["changed"] == 0 and preview.counts()["new"] == 0
    apply_import(hostile_conn, adapter, data, ACTOR)
    again = get_action_item(hostile_conn, action_id=action_id)
    assert (again.evidence, again.evidence_link, again.version) == (item.evidence, item.evidence_link, item.version)


@QUICK
@given(text=HOSTILE, lang=st.sampled_from(["en", "fr"]))
def test_word_minutes_carry_hostile_text_or_refuse_clearly(hostile_conn, text, lang):
    meeting_id = hostile_conn.execute("SELECT id FROM meeting WHERE sequence_no = 4").fetchone()[0]
    item_id = hostile_conn.execute("SELECT min(id) FROM agenda_item WHERE meeting_id = ?", [meeting_id]).fetchone()[0]
    try:
        entry_id = drafting.add_entry(hostile_conn, item_id=item_id, actor=ACTOR, data=MinuteEntryCreate(
            text={"en": text, "fr": text}, confidentiality="public"))
    except (ValidationError, JtwgError) as exc:
        clear(exc)
        return
    try:
        result = export_minutes(hostile_conn, meeting_id=meeting_id, lang=lang, profile="internal", actor=ACTOR,
                                override_reason="property test")
        words = re.findall(r"\w+", clean_text(text))[:5]   # punctuation may be set the French way
        body = all_text(reopen(result.content))
        assert all(w in body for w in words), words
    except JtwgError as exc:
        clear(exc)
    finally:
        drafting.delete_entry(hostile_conn, entry_id=entry_id, actor=ACTOR)
