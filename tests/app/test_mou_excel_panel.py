"""The MoU page's Excel panel under AppTest: a refused preview names sheet, row and column; a good file is applied once."""

from __future__ import annotations

import io

import openpyxl
import pytest


MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = {
    "en": {"provisions": "Provisions", "commitments": "Commitments", "status": "Status", "text": "Text (EN)",
           "progress": "Progress (%)", "in_progress": "In progress", "fulfilled_bad": "Finished"},
    "fr": {"provisions": "Dispositions", "commitments": "Engagements", "status": "Statut", "text": "Texte (FR)",
           "progress": "Avancement (%)", "in_progress": "En cours", "fulfilled_bad": "Fini"},
}


def workbook(lang: str, *, bad: bool) -> bytes:
    """A new provision 9 and a status change of C-6.1; with `bad`, C-4.1 gets a status that does not exist
    (its cell cannot be read, so that row counts as unchanged)."""
    h = HEADERS[lang]
    book = openpyxl.Workbook()
    provisions = book.active
    provisions.title = h["provisions"]
    provisions.append(["Article", h["text"]])
    provisions.append(["9", "The Parties review this Memorandum." if lang == "en" else "Les Parties réexaminent le protocole."])
    commitments = book.create_sheet(h["commitments"])
    commitments.append(["Code", h["status"]])
    commitments.append(["C-6.1", h["in_progress"]])
    if bad:
        commitments.append(["C-4.1", h["fulfilled_bad"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def db_cursor():
    """The app's own connection (the test process cannot open the file a second time)."""
    from jtwg.config import load_settings
    from jtwg.ui.session import _connection

    return _connection(str(load_settings().db_path)).cursor()


def state(cur) -> tuple:
    return (cur.execute("SELECT code, status, version FROM commitment ORDER BY code").fetchall(),
            cur.execute("SELECT article, paragraph, version FROM mou_provision ORDER BY id").fetchall(),
            cur.execute("SELECT count(*) FROM change_log").fetchone())


def open_panel(app, lang):
    at = app(lang)
    at.switch_page("pages/mou.py").run()
    at.radio(key="mou_view").set_value("excel").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(at, data: bytes):
    at.file_uploader[0].set_value(("mou.xlsx", data, MIME)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


EXPECTED = {
    "en": {"intro": "One workbook, two sheets: Provisions (matched by article and paragraph)",
           "problem": 'Sheet "Commitments", row 3, column "Status": "Finished" is not one of the allowed values',
           "metrics": {"New rows": "1", "Changed rows": "1", "Unchanged rows": "1", "Problems": "1"},
           "apply": "Apply the import (2 rows)", "sheets": ["Provisions", "Commitments"],
           "change": "Status: Not started → In progress", "done": "Import applied: 1 new, 1 changed."},
    "fr": {"intro": "Un classeur, deux feuilles\u00a0: Dispositions (repérées par article et paragraphe)",
           "problem": "Feuille «\u00a0Engagements\u00a0», ligne 3, colonne «\u00a0Statut\u00a0»\u00a0: «\u00a0Fini\u00a0» ne fait pas partie",
           "metrics": {"Nouvelles lignes": "1", "Lignes modifiées": "1", "Lignes inchangées": "1", "Problèmes": "1"},
           "apply": "Appliquer l'import (2 lignes)", "sheets": ["Dispositions", "Engagements"],
           "change": "Statut\u00a0: Non commencé → En cours", "done": "Import appliqué\u00a0: 1 nouveau(x), 1 modifié(s)."},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_bad_row_is_named_and_nothing_is_saved_then_a_good_file_is_applied(app, lang):
    expected = EXPECTED[lang]
    at = open_panel(app, lang)
    assert expected["intro"] in " ".join(c.value for c in at.caption)
    assert [b.label for b in at.get("download_button")][:2] == (
        ["Download the Excel file", "Download an empty template"] if lang == "en"
        else ["Télécharger le fichier Excel", "Télécharger un modèle vide"])
    cur = db_cursor()
    before = state(cur)

    upload(at, workbook(lang, bad=True))
    assert any(expected["problem"] in e.value for e in at.error), [e.value for e in at.error]
    assert {m.label: m.value for m in at.metric if m.label in expected["metrics"]} == expected["metrics"]
    apply = at.button(key="mou_xl_apply")
    assert apply.disabled and apply.label == expected["apply"]
    assert state(cur) == before

    upload(at, workbook(lang, bad=False))
    assert not at.error
    frame = at.dataframe[0].value
    assert list(frame.iloc[:, 0]) == expected["sheets"]
    assert list(frame.iloc[:, 2]) == ["9", "C-6.1"]
    assert expected["change"] in frame.iloc[1, 4]
    at.button(key="mou_xl_apply").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert expected["done"] in [s.value for s in at.success]
    assert cur.execute("SELECT status FROM commitment WHERE code = 'C-6.1'").fetchone() == ("in_progress",)
    assert cur.execute("SELECT count(*) FROM mou_provision WHERE article = '9'").fetchone() == (1,)
    assert at.file_uploader[0].value is None   # a fresh, empty uploader after the import


def test_the_other_views_show_what_was_imported(app):
    at = upload(open_panel(app, "en"), workbook("en", bad=False))
    at.button(key="mou_xl_apply").click().run()
    at.radio(key="mou_view").set_value("provisions").run()
    assert not at.exception, [e.value for e in at.exception]
    body = " ".join([m.value for m in at.markdown] + [h.value for h in at.subheader])
    assert "Article 9" in body and "The Parties review this Memorandum." in body
    assert [p.proto.text for p in at.get("progress")][3] == "Progress: 25%"   # Article 6: C-6.1 now in progress, no work linked
