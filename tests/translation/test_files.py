"""Translators' files: TMX and XLIFF round trips, the Word two-column table with a refused stale row."""

import io

import pytest
from docx import Document

from jtwg.errors import InvalidInput
from jtwg.models import Bilingual, MinuteEntryUpdate, TranslationStatus as S
from jtwg.services.meetings import drafting
from jtwg.services.translation import files, memory as tm
from jtwg.services.translation.texts import meeting_texts
from jtwg.store import meetings as store
from jtwg.store import translation as tstore


def test_tmx_round_trip(demo_conn, actor, tmp_path):
    tm.build(demo_conn, actor=actor)
    content = files.export_tmx(demo_conn, actor=actor, src="en")
    assert b"<tmx" in content and b"<tu>" in content and b'xml:lang="fr"' in content
    before = tstore.count_segments(demo_conn)
    # Into an empty memory: every pair comes back, in both directions.
    demo_conn.execute("DELETE FROM tm_segment")
    plan = files.plan_tmx(demo_conn, content)
    assert plan.new == len(plan.pairs) > 50 and plan.known == 0
    added = files.apply_tmx(demo_conn, plan, actor=actor, filename="memory.tmx")
    assert added == before
    again = files.plan_tmx(demo_conn, content)
    assert again.new == 0 and again.known == len(plan.pairs)
    with pytest.raises(InvalidInput):
        files.plan_tmx(demo_conn, b"not xml at all")


def test_xliff_round_trip_comes_back_as_external_translation(demo_conn, fifth, actor):
    content = files.export_xliff(demo_conn, meeting_id=fifth.id, target="fr", actor=actor)
    text = content.decode("utf-8")
    assert 'source-language="en"' in text and 'target-language="fr"' in text
    assert f"jtwg-meeting-{fifth.id}" in text and "The delegations shared updates" in text
    # A translator fills the targets in their tool.
    from translate.storage import xliff
    doc = xliff.xlifffile.parsestring(content)
    for unit in doc.units:
        if not unit.target:
            unit.target = "FR " + unit.source
    plan = files.plan_xliff(demo_conn, bytes(doc), actor=actor)
    assert len(plan.changes) == 3 and not plan.refused
    assert files.apply_plan(demo_conn, plan, actor=actor, origin="xliff: fifth.xlf") == 3
    texts = meeting_texts(demo_conn, meeting_id=fifth.id)
    external = [x for x in texts if x.status is S.EXTERNAL]
    assert len(external) == 3 and all(x.value.fr.startswith("FR ") and x.origin == "xliff: fifth.xlf" for x in external)
    with pytest.raises(InvalidInput) as refused:
        files.plan_xliff(demo_conn, b"<xliff/>", actor=actor)
    assert refused.value.key in ("translation.not_our_file", "translation.bad_file")


def test_confidential_and_protected_texts_stay_out_of_translator_files(demo_conn, fourth, actor):
    texts = meeting_texts(demo_conn, meeting_id=fourth.id)
    protected = [x for x in texts if x.protected]
    confidential = [x for x in texts if x.confidentiality.value == "confidential" and not x.protected]
    assert protected
    restricted = files.export_xliff(demo_conn, meeting_id=fourth.id, target="fr", actor=actor).decode()
    assert not any(x.ref in restricted for x in protected + confidential)
    internal = files.export_xliff(demo_conn, meeting_id=fourth.id, target="fr", actor=actor, profile="internal").decode()
    assert not any(x.ref in internal for x in protected)
    assert all(x.ref in internal for x in confidential)


def test_word_round_trip_refuses_a_row_whose_source_changed(demo_conn, fifth, actor):
    content = files.export_word(demo_conn, meeting_id=fifth.id, target="fr", actor=actor, lang="fr")
    doc = Document(io.BytesIO(content))
    table = doc.tables[0]
    assert len(table.rows) == 4 and table.rows[0].cells[0].text.startswith("Source")
    # The translator fills the right-hand column.
    for row in table.rows[1:]:
        source = row.cells[0].paragraphs[-1].text
        row.cells[1].paragraphs[0].add_run("Traduction : " + source[:20])
    filled = io.BytesIO()
    doc.save(filled)
    # Meanwhile the secretariat edits the discussion entry's English.
    entry = next(x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.entity == "minute_entry")
    stored = store.get_minute_entry(demo_conn, entry_id=entry.entity_id)
    drafting.update_entry(demo_conn, entry_id=stored.id, expected_version=stored.version, actor=actor, data=MinuteEntryUpdate(
        entry_type=stored.entry_type, text=Bilingual.of(stored.text.en + " Reports were shared.")))
    plan = files.plan_word(demo_conn, meeting_id=fifth.id, content=filled.getvalue())
    assert [where for where, _ in plan.refused] == [entry.where]
    assert plan.refused[0][1] == "translation.import_source_changed"
    assert len(plan.changes) == 2
    files.apply_plan(demo_conn, plan, actor=actor, origin="word: fifth.docx")
    after = {x.ref: x for x in meeting_texts(demo_conn, meeting_id=fifth.id)}
    assert after[entry.ref].status is S.MISSING
    assert sum(1 for x in after.values() if x.status is S.EXTERNAL) == 2


def test_an_unknown_name_after_an_honorific_is_masked_and_cannot_come_back(demo_conn, fifth, actor):
    entry = next(x for x in meeting_texts(demo_conn, meeting_id=fifth.id) if x.entity == "minute_entry")
    stored = store.get_minute_entry(demo_conn, entry_id=entry.entity_id)
    drafting.update_entry(demo_conn, entry_id=stored.id, expected_version=stored.version, actor=actor, data=MinuteEntryUpdate(
        entry_type=stored.entry_type, text=Bilingual.of("Mr Zanuvo and Mr Bello shared updates.")))
    content = files.export_xliff(demo_conn, meeting_id=fifth.id, target="fr", actor=actor).decode()
    assert "Zanuvo" not in content and "Mr […] and Mr Bello shared updates." in content   # Bello is a participant
    from translate.storage import xliff
    doc = xliff.xlifffile.parsestring(content.encode())
    for unit in doc.units:
        unit.target = "FR " + unit.source
    plan = files.plan_xliff(demo_conn, bytes(doc), actor=actor)
    assert (entry.where, "translation.import_masked") in plan.refused
