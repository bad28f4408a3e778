"""Word minutes reopened with python-docx: title, sections in order, action table, attendance annex, page fields, marks, named styles."""

from __future__ import annotations

import re

import pytest
from docx.oxml.ns import qn

from jtwg.export.docx_minutes import render_minutes_docx
from jtwg.export.word_kit import base_template
from jtwg.export.minutes_doc import build_minutes_document
from jtwg.services.exports import export_minutes
from jtwg.export.word_kit import ALL_NAMES
from jtwg.services.directory import Directory
from jtwg.services.meetings.minutes import minutes_view
from jtwg.store import groups, meetings
from tests.export.conftest import all_text, reopen

NBSP = "\u00a0"


def _export(conn, meeting_id, lang, profile, actor):
    return export_minutes(conn, meeting_id=meeting_id, lang=lang, profile=profile, actor=actor).content


def _headings(document) -> list[tuple[str, str]]:
    """(style, text) of the headings; a later day's line ("Minutes Day", a Heading 1 on a new page) counts as Heading 1."""
    return [("Heading 1" if p.style.name == "Minutes Day" else p.style.name, p.text.replace("\u2011", "-"))
            for p in document.paragraphs if p.style.name.startswith("Heading") or p.style.name in ("Title", "Minutes Day")]


def _index(texts: list[str], wanted: str) -> int:
    return next(i for i, text in enumerate(texts) if wanted in text)


def test_english_reference_minutes_have_the_real_layout_in_order(export_conn, reference_id, secretariat):
    doc = reopen(_export(export_conn, reference_id, "en", "internal", secretariat))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "Strengthening Niger-Nigeria Cooperation on Countering Trafficking in Human Beings"
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert title.text == "Minutes of the Fourth Meeting of the Joint Technical Working Group (JTWG)"
    assert "3–4 February 2022" in paragraphs and "Venue: Noom Hotel, Niamey, Niger" in paragraphs
    h1 = [text for style, text in _headings(doc) if style == "Heading 1"]
    assert h1 == ["Introduction", "Objectives", "Moderators", "Day 1 – opened at 4:15\u00a0pm", "Day 2 – opened at 9:30\u00a0am",
                  "Action points", "Annex: attendance by delegation"]
    # Agenda items in the order of the meeting, with their labels, under their day.
    order = ["Format and expected outcomes", "Goodwill message", "a. Opening remarks", "b. Adoption of the minutes of the 3rd",
             "c. Matters arising", "i. Cooperation agreement", "ii. Update on the formation", "iii.", "iv. Situation at the border",
             "Day 2", "Recap of Day 1", "Agenda Item 1: Update on the wellbeing of protected case NG-VoT-2021-01",
             "Agenda Item 2: Situation of shelters", "Agenda Item 3: Impact of Nigerian victims", "Any other business",
             "Action points", "Annex"]
    headings = [text for _, text in _headings(doc)]
    positions = [_index(headings, wanted) for wanted in order]
    assert positions == sorted(positions)
    assert any(style == "Heading 3" and text.startswith("i. ") for style, text in _headings(doc))
    # Objectives numbered, moderators named, decisions set apart in their own style with a bold lead.
    assert "1.\tShowcase the Niger–Nigeria cooperation at the regional level" in paragraphs
    assert any(p.startswith("Co-chairs of the JTWG: Mr Moussa Abdou (Director General, ANLTP/TIM)") for p in paragraphs)
    decisions = [p for p in doc.paragraphs if p.style.name == "Minutes Decision"]
    recorded = export_conn.execute("SELECT count(*) FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id"
                                   " WHERE i.meeting_id = ?", [reference_id]).fetchone()[0]
    assert len(decisions) == recorded == 5   # the five decisions of the reference minutes
    assert decisions[0].runs[0].text == "Decision – adopted unanimously: " and decisions[0].runs[0].style.name == "Minutes Label"
    # Signature block: secretariat, place and date of issue, before the annex.
    signature = next(p for p in doc.paragraphs if p.style.name == "Minutes Signature")
    assert signature.text == "Secretariat\nICMPD\nAbuja, 10 February 2022"
    assert paragraphs.index(signature.text) < _index(paragraphs, "Annex: attendance")


def test_action_table_and_attendance_annex(export_conn, reference_id, secretariat):
    doc = reopen(_export(export_conn, reference_id, "en", "internal", secretariat))
    actions, attendance = doc.tables
    header = [c.text for c in actions.rows[0].cells]
    # The action points as agreed at the meeting: no later status (it belongs to the tracker).
    assert header == ["No.", "Action", "Owner", "Due date"]
    rows = [[c.text.replace("\u2011", "-") for c in r.cells] for r in actions.rows[1:]]
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert rows[1] == ["2", "ICMPD to finalise the work plan and share it with both parties by e-mail for validation within 7 days.",
                       "ICMPD", "11 February 2022"]
    assert rows[0][1].endswith("(to be confirmed)") and rows[0][3] == "—"
    assert actions.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None   # the header repeats on each page
    cells = [[c.text for c in r.cells] for r in attendance.rows]
    assert cells[0] == ["Participant", "Role in the meeting"]
    groups_rows = [r[0] for r in cells if len(set(r)) == 1]
    assert groups_rows == ["Niger", "Nigeria", "Civil society", "Donor", "Secretariat"]
    flat = [r[0] for r in cells]
    # Intelligence and law-enforcement staff appear by role only, even in the internal profile.
    assert "Head of Intelligence and International Cooperation, NAPTIP" in flat
    assert "Police Commissioner, DST" in flat
    assert ["Ms Marieke de Wit (Policy Officer, NL-MFA)", "Participant (pre-recorded)"] in cells


def _fields(part) -> list[str]:
    return [el.text.strip().split()[0] for el in part._element.iter(qn("w:instrText"))]


@pytest.mark.parametrize("lang, footer", [("en", "Page 1 of 1"), ("fr", "Page 1 sur 1"), ("both", "Page 1 of 1   ·   Page 1 sur 1")])
def test_header_and_footer_page_fields_in_the_document_language(export_conn, reference_id, secretariat, lang, footer):
    doc = reopen(_export(export_conn, reference_id, lang, "restricted", secretariat))
    section = doc.sections[0]
    assert _fields(section.footer) == ["PAGE", "NUMPAGES"] * (2 if lang == "both" else 1)
    assert section.footer.paragraphs[0].text == footer   # the cached field values; Word and LibreOffice recompute them
    header = "\n".join(p.text for p in section.header.paragraphs)
    expected = {"en": "Minutes of the 4th JTWG meeting – Niamey, 3–4 February 2022",
                "fr": f"Procès-verbal de la 4e réunion du GTTC – Niamey, 3–4{NBSP}février 2022"}
    for code in (("en", "fr") if lang == "both" else (lang,)):
        assert expected[code] in header


def test_draft_mark_on_a_draft_not_on_adopted_minutes_and_confidential_on_internal(export_conn, reference_id, secretariat):
    group = groups.get_group(export_conn)
    adopted_id = meetings.meeting_id(export_conn, group_id=group.id, sequence_no=3)
    draft_en = all_text(reopen(_export(export_conn, reference_id, "en", "restricted", secretariat)))
    draft_fr = all_text(reopen(_export(export_conn, reference_id, "fr", "restricted", secretariat)))
    assert "DRAFT" in draft_en and "CONFIDENTIAL" not in draft_en
    assert "PROJET" in draft_fr and "CONFIDENTIEL" not in draft_fr
    internal = reopen(_export(export_conn, reference_id, "en", "internal", secretariat))
    assert [p.text for p in internal.paragraphs if p.style.name == "Minutes Mark"] == ["DRAFT · CONFIDENTIAL"]
    assert "DRAFT · CONFIDENTIAL" in internal.sections[0].header.paragraphs[0].text
    adopted = reopen(_export(export_conn, adopted_id, "fr", "internal", secretariat))
    assert [p.text for p in adopted.paragraphs if p.style.name == "Minutes Mark"] == ["CONFIDENTIEL"]
    assert "PROJET" not in all_text(adopted)
    assert "PROJET" not in all_text(reopen(_export(export_conn, adopted_id, "fr", "public", secretariat)))


def test_french_minutes_use_french_wording_dates_ordinals_and_typography(export_conn, reference_id, secretariat):
    doc = reopen(_export(export_conn, reference_id, "fr", "restricted", secretariat))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "Procès-verbal de la quatrième réunion du groupe de travail technique conjoint (GTTC)" in paragraphs
    assert f"3–4{NBSP}février 2022" in paragraphs
    assert f"Lieu{NBSP}: Noom Hotel, Niamey, Niger" in paragraphs
    assert f"Jour 1 – ouverture à 16{NBSP}h{NBSP}15" in paragraphs
    assert f"Secrétariat\nICMPD\nFait à Abuja, le 10{NBSP}février 2022" in paragraphs
    assert any(p.startswith(f"Point 2 de l'ordre du jour{NBSP}: Situation des centres d'accueil") for p in paragraphs)
    assert any(p.startswith(f"Coprésidents du GTTC{NBSP}: M.{NBSP}Moussa Abdou (Directeur général") for p in paragraphs)
    assert f"Présentation{NBSP}: M.{NBSP}Ibrahim Bello (Directeur de la recherche et du développement des programmes, NAPTIP)" in paragraphs
    # No space-before-colon slip anywhere: every ":" ";" "?" "!" after a word has a non-breaking space.
    text = all_text(doc)
    assert not re.search(r"[^\s\u00a0\u202f\d/] ?[;!?]|\w [:;]", text), re.search(r".{20}\w [:;].{20}", text)
    actions = doc.tables[0]
    assert [c.text for c in actions.rows[0].cells] == ["N°", "Action", "Responsable", "Échéance"]
    assert [c.text for c in actions.rows[2].cells][3:] == [f"11{NBSP}février 2022"]


def test_side_by_side_aligns_each_paragraph_with_its_translation(export_conn, reference_id, secretariat):
    doc = reopen(_export(export_conn, reference_id, "both", "restricted", secretariat))
    first = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in first.rows]
    assert rows[0] == ["English", "Français"]
    assert ["Minutes of the Fourth Meeting of the Joint Technical Working Group (JTWG)",
            "Procès-verbal de la quatrième réunion du groupe de travail technique conjoint (GTTC)"] in rows
    assert ["Introduction", "Introduction"] in rows and ["Objectives", "Objectifs"] in rows
    assert ["Action points", "Points d'action"] in [[c.text for c in r.cells] for t in doc.tables for r in t.rows]
    # Each row pairs the same style on both sides: headings face headings, decisions face decisions.
    for row in first.rows[1:]:
        left, right = row.cells
        assert left.paragraphs[0].style.name == right.paragraphs[0].style.name
    decision = next(r for r in rows if r[0].startswith("Decision – adopted unanimously"))
    assert decision[1].startswith(f"Décision – adoption à l'unanimité{NBSP}: Le procès-verbal de la 3e réunion")
    actions = next(t for t in doc.tables if t.rows[0].cells[1].text == "Action (EN)")
    assert [c.text for c in actions.rows[0].cells] == ["No.", "Action (EN)", "Action (FR)", "Owner / Responsable",
                                                       "Due date / Échéance"]
    # Dates in the one format of the rest of the minutes, in each language.
    assert [c.text for c in actions.rows[2].cells][4:] == [f"11 February 2022 /\n11{NBSP}février 2022"]


def test_only_named_styles_no_direct_formatting(export_conn, reference_id, secretariat):
    for lang in ("en", "fr", "both"):
        doc = reopen(_export(export_conn, reference_id, lang, "internal", secretariat))
        body = doc.element.body
        for ppr in body.iter(qn("w:pPr")):
            assert [child.tag for child in ppr] == [qn("w:pStyle")]
        for rpr in body.iter(qn("w:rPr")):
            assert [child.tag for child in rpr] == [qn("w:rStyle")]
        styles = {s.name for s in doc.styles}
        assert set(ALL_NAMES) <= styles


def test_untranslated_text_is_printed_in_the_other_language_and_marked(export_conn, reference_id, secretariat):
    export_conn.execute("UPDATE minute_entry SET text = {'en': text.en, 'fr': '', 'source': 'en', 'status': 'missing'}"
                        " WHERE id = (SELECT min(id) FROM minute_entry WHERE agenda_item_id IN"
                        " (SELECT id FROM agenda_item WHERE meeting_id = ? AND label = 'AOB'))", [reference_id])
    result = export_minutes(export_conn, meeting_id=reference_id, lang="fr", profile="public", actor=secretariat)
    assert [u.where for u in result.untranslated] == ["item AOB: discussion 1"]
    doc = reopen(result.content)
    marked = [p for p in doc.paragraphs if p.runs and p.runs[0].style.name == "Minutes Untranslated"]
    assert len(marked) == 1 and marked[0].text.startswith("[non traduit] The host, the Director General")
    english = export_minutes(export_conn, meeting_id=reference_id, lang="en", profile="public", actor=secretariat)
    assert english.untranslated == []


def test_a_letterhead_base_document_keeps_its_header_and_gets_the_styles(export_conn, reference_id, secretariat):
    from docx import Document
    import io

    letterhead = Document()
    letterhead.sections[0].header.paragraphs[0].text = "ICMPD · Regional Office · Abuja"
    letterhead.add_paragraph("Body text of the letterhead that must not appear in the minutes.")
    buffer = io.BytesIO()
    letterhead.save(buffer)
    view = minutes_view(export_conn, meeting_id=reference_id)
    document = build_minutes_document(view, Directory.load(export_conn, group_id=view.meeting.group_id), "public")
    doc = reopen(render_minutes_docx(document, "en", base=buffer.getvalue()))
    header = [p.text for p in doc.sections[0].header.paragraphs]
    assert header[0] == "ICMPD · Regional Office · Abuja" and header[1].startswith("Minutes of the 4th JTWG meeting")
    assert "Body text of the letterhead" not in all_text(doc)
    assert {"Minutes Decision", "Minutes Table"} <= {s.name for s in doc.styles}
    assert reopen(base_template()).paragraphs == []
