"""Minutes as a faithful record: what the Word file says is what the meeting said, in the version that was sent.

Reopened with python-docx: no later action status in the record, a circulated version exports its frozen
text, withheld public items leave a neutral line, French spacing, document properties (minutes and brief).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest

from jtwg.i18n import NBSP, NNBSP
from jtwg.models import Actor, MinuteEntryUpdate
from jtwg.services.meetings import drafting, lifecycle
from jtwg.services.exports import export_minutes
from jtwg.services.meetings.minutes import minutes_view
from jtwg.store import actions as action_store
from tests.export.conftest import all_text, reopen

SPACES = NBSP + NNBSP
TODAY = date(2022, 6, 15)


def _export(conn, meeting_id, lang, profile, actor, **kw) -> bytes:
    return export_minutes(conn, meeting_id=meeting_id, lang=lang, profile=profile, actor=actor, **kw).content


def _action_table(doc):
    for table in doc.tables:
        header = [c.text for c in table.rows[0].cells]
        if any(h.startswith(("Action", "No.", "N°")) for h in header) and len(header) >= 4:
            return table
    raise AssertionError("no action table")


@pytest.mark.parametrize("lang", ["en", "fr", "both"])
def test_the_record_shows_action_points_as_agreed_without_a_later_status(export_conn, reference_id, secretariat, lang):
    doc = reopen(_export(export_conn, reference_id, lang, "internal", secretariat))
    table = _action_table(doc)
    header = " ".join(c.text for c in table.rows[0].cells)
    assert "Status" not in header and "Statut" not in header
    cells = {c.text.strip() for row in table.rows[1:] for c in row.cells}
    for word in ("Done", "In progress", "Terminé", "Réalisé", "En cours"):
        assert word not in cells
    # Owner and deadline as agreed stay: "ICMPD to finalise the work plan", due 7 days after the meeting.
    text = all_text(doc)
    assert "ICMPD" in text and ("11 February 2022" in text.replace(NBSP, " ") or "11 février 2022" in text.replace(NBSP, " "))


def test_the_reference_meeting_prints_only_what_the_reference_minutes_say(export_conn, reference_id, secretariat):
    text = all_text(reopen(_export(export_conn, reference_id, "en", "internal", secretariat)))
    assert "recommended by consensus" not in text
    assert "map shelter capacity" not in text and "Include capacity building" not in text
    assert "Presentation: Ms Marieke de Wit" not in text
    assert "Illustrative" not in text


def _circulate_then_edit(conn, meeting_id: int, actor: Actor) -> tuple[str, str]:
    """Circulate version 1, open version 2, edit an entry; return (circulated text, edited text)."""
    lifecycle.circulate(conn, meeting_id=meeting_id, actor=actor, today=TODAY)
    view = minutes_view(conn, meeting_id=meeting_id)
    entry = next(e for iv in view.all_items for e in iv.entries if e.text.en.startswith("The impact is most visible"))
    lifecycle.new_version(conn, meeting_id=meeting_id, reason="Corrections from the NAPTIP delegation", actor=actor)
    edited = "EDITED AFTER CIRCULATION: the impact is felt across the whole region."
    drafting.update_entry(conn, entry_id=entry.id, expected_version=entry.version, actor=actor,
                                 data=MinuteEntryUpdate(entry_type=entry.entry_type, text={"en": edited, "fr": edited}))
    return entry.text.en, edited


def test_a_circulated_version_exports_the_circulated_text_whatever_was_edited_since(export_conn, reference_id, secretariat):
    circulated, edited = _circulate_then_edit(export_conn, reference_id, secretariat)
    # A tracker update after circulation changes the action point's live text and status, not the record.
    a401 = action_store.get_action_item(export_conn, action_id=next(
        a.id for a in minutes_view(export_conn, meeting_id=reference_id).all_actions if a.code == "A4-01"))
    export_conn.execute("UPDATE action_item SET text = {'en': 'CHANGED IN THE TRACKER', 'fr': 'MODIFIÉ', 'source': 'en', "
                        "'status': 'reviewed'}::bilingual, status = 'cancelled' WHERE id = ?", [a401.id])
    v1 = all_text(reopen(_export(export_conn, reference_id, "en", "internal", secretariat, version_no=1)))
    assert circulated in v1 and edited not in v1
    assert "ICMPD to finalise the work plan" in v1 and "CHANGED IN THE TRACKER" not in v1
    assert "Version 1, superseded" in v1   # circulated, then replaced by version 2
    current = all_text(reopen(_export(export_conn, reference_id, "en", "internal", secretariat)))
    assert edited in current and "Version 2, draft" in current


def test_withheld_public_items_leave_a_neutral_line(export_conn, reference_id, secretariat):
    en = all_text(reopen(_export(export_conn, reference_id, "en", "public", secretariat)))
    fr = all_text(reopen(_export(export_conn, reference_id, "fr", "public", secretariat)))
    assert "Item iv — not published" in en
    assert "Agenda Item 1 — not published" in en and "Agenda Item 3 — not published" in en
    assert f"Point iv — non publié" in fr.replace(NBSP, " ")
    assert "Situation at the border corridor" not in en
    # A public version of a draft says it is not for publication.
    assert "NOT FOR PUBLICATION" in en and "NE PAS PUBLIER" in fr


def test_layout_wording_in_the_record(export_conn, reference_id, secretariat):
    en = all_text(reopen(_export(export_conn, reference_id, "en", "internal", secretariat)))
    fr = all_text(reopen(_export(export_conn, reference_id, "fr", "internal", secretariat)))
    assert "AOB. Any other business" not in en and "Any other business" in en
    assert "Divers : Questions diverses" not in fr.replace(NBSP, " ") and "Questions diverses" in fr
    assert "action points no." not in en and "See action point 1 below." in en
    both = reopen(_export(export_conn, reference_id, "both", "internal", secretariat))
    dates = [c.text for row in _action_table(both).rows[1:] for c in row.cells]
    assert not any(re.fullmatch(r"\d\d/\d\d/\d{4}", d) for d in dates)   # one date format in every export
    # Case codes never break at their hyphens.
    assert "NG\u2011VoT\u20112021\u201101" in all_text(both, raw=True) and "NG-VoT-2021-01" not in all_text(both, raw=True)


def _fr_spacing_faults(text: str) -> list[str]:
    faults = []
    for pattern in (r"n° \d", r"\bM\. [A-Z]", r"\bMme [A-Z]", r"\d+ min\b", r"\d+ h \d\d", r"\d+ h\b",
                    r"\b\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b",
                    r"« ", r" »", r"\d+ (et|à) \d+ (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"):
        faults += [m.group(0) for m in re.finditer(pattern, text)]
    return faults


@pytest.mark.parametrize("lang", ["fr", "both"])
def test_french_non_breaking_spaces_in_every_export(export_conn, reference_id, secretariat, lang):
    for profile in ("internal", "restricted", "public"):
        doc = reopen(_export(export_conn, reference_id, lang, profile, secretariat))
        text = all_text(doc)
        if lang == "both":   # the French column only
            text = "\n".join(row.cells[-1].text for t in doc.tables for row in t.rows if len(row.cells) == 2)
        assert _fr_spacing_faults(text) == [], profile
    fr = all_text(reopen(_export(export_conn, reference_id, "fr", "internal", secretariat)))
    assert f"n°{NBSP}1" in fr or f"n°{NNBSP}1" in fr
    assert re.search(f"M\\.[{SPACES}]Moussa", fr) and re.search(f"16[{SPACES}]h[{SPACES}]15", fr)
    assert re.search(f"60[{SPACES}]min", fr)


def test_french_role_labels_agree_with_the_person(export_conn, reference_id, secretariat):
    fr = all_text(reopen(_export(export_conn, reference_id, "fr", "internal", secretariat)))
    assert "(e)" not in fr and "/modératrice" not in fr and "/rapporteuse" not in fr
    assert "Coprésident\n" in fr + "\n" or "Coprésident" in fr
    assert "Rapporteur" in fr
    assert "Intervenante" in fr or "Intervenant" in fr
    assert "hôtel Noom" not in fr   # one spelling of the venue: Noom Hotel, as the title block prints it


def test_minutes_document_properties(export_conn, reference_id, secretariat):
    before = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0) - timedelta(seconds=1)
    for lang, language in (("en", "en-GB"), ("fr", "fr-FR"), ("both", "en-GB, fr-FR")):
        props = reopen(_export(export_conn, reference_id, lang, "restricted", secretariat)).core_properties
        assert props.title.startswith(("Minutes of the Fourth Meeting", "Procès-verbal de la quatrième réunion"))
        assert props.subject and "Niger" in props.subject
        assert props.author == {"fr": "Centre international pour le développement des politiques migratoires (ICMPD)"}.get(
            lang, "International Centre for Migration Policy Development (ICMPD)")   # named in the document's language
        assert props.language == language
        assert props.created.replace(tzinfo=None) >= before and props.modified.replace(tzinfo=None) >= before
        assert "python-docx" not in (props.author + props.last_modified_by + props.comments)
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(_export(export_conn, reference_id, "en", "internal", secretariat))) as archive:
        assert not any("thumbnail" in name for name in archive.namelist())
        app = archive.read("docProps/app.xml").decode()
        assert "Microsoft" not in app and "<Application>jtwg</Application>" in app
