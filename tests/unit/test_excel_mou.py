"""MoU workbook: round trip, provisions and commitments applied together or not at all, every validation case."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from jtwg.excel import mou_sheet
from jtwg.excel.importer import apply_import, preview_import
from jtwg.models import Actor
from jtwg.services import mou as mou_service
from jtwg.store import links
from jtwg.store.records import history
from jtwg.row_problems import RowsRejected
from tests.support.excel import READER, book, messages
from tests.support.excel import assert_refused as support_refused
from tests.support.excel import snapshot as support_snapshot

PROVISIONS_EN = ["Article", "Paragraph", "Heading (EN)", "Text (EN)", "Text (FR)", "Pillar", "Sub-committee (code)"]
COMMITMENTS_EN = ["Code", "Provision (article.paragraph)", "Commitment (EN)", "Responsible parties", "Due date",
                  "Recurrence", "Status", "Rating (red/amber/green)", "Reason for the rating (EN)"]


TABLES = ("mou", "mou_provision", "commitment", "commitment_activity", "commitment_action", "commitment_decision")
workbook = book


def snapshot(conn) -> tuple:
    return support_snapshot(conn, TABLES)


@pytest.fixture
def adapters(group):
    return mou_sheet.adapters(group.id)


def assert_refused(conn, adapters, data, actor, expected: str, lang="en"):
    return support_refused(conn, adapters, data, actor, expected, tables=TABLES, lang=lang)


def commitment(conn, code):
    return conn.execute("SELECT * FROM commitment WHERE code = ?", [code]).fetchone()


def linked_codes(conn, code) -> dict[str, list[str]]:
    cid = commitment(conn, code)[0]
    return {
        "activity": sorted(r[0] for r in conn.execute(
            "SELECT v.code FROM commitment_activity l JOIN activity v ON v.id = l.activity_id WHERE l.commitment_id = ?", [cid]).fetchall()),
        "action": sorted(r[0] for r in conn.execute(
            "SELECT a.code FROM commitment_action l JOIN action_item a ON a.id = l.action_id WHERE l.commitment_id = ?", [cid]).fetchall()),
        "decision": [r[0] for r in conn.execute("SELECT decision_id FROM commitment_decision WHERE commitment_id = ?", [cid]).fetchall()],
    }


# ---- the round trip ----

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_export_reimports_unchanged(demo_conn, group, adapters, actor, lang):
    data = mou_sheet.export_mou(demo_conn, group_id=group.id, actor=READER, lang=lang)
    preview = preview_import(demo_conn, adapters, data)
    assert preview.ok, messages(preview)
    assert preview.counts() == {"new": 0, "changed": 0, "unchanged": 14}   # 7 provisions, 7 commitments
    before = snapshot(demo_conn)
    apply_import(demo_conn, adapters, data, actor, previewed=preview)
    assert snapshot(demo_conn) == before


def test_export_in_french_reopened(demo_conn, group):
    book = openpyxl.load_workbook(io.BytesIO(mou_sheet.export_mou(demo_conn, group_id=group.id, actor=READER, lang="fr")))
    assert book.sheetnames == ["Dispositions", "Engagements", "Notes"]
    provisions = [list(r) for r in book["Dispositions"].iter_rows(values_only=True)]
    assert provisions[0][:8] == ["Article", "Paragraphe", "Intitulé (EN)", "Intitulé (FR)", "Texte (EN)", "Texte (FR)",
                                 "Pilier", "Sous-comité (code)"]
    assert [(r[0], r[1]) for r in provisions[1:]] == [("3", None), ("4", None), ("5", None), ("6", None), ("7", None),
                                                      ("8", "1"), ("8", "2")]
    row6 = dict(zip(provisions[0], provisions[4]))
    assert row6["Pilier"] == "Poursuites" and row6["Aucune activité"] == "Oui" and row6["Engagements"] == "C-6.1"
    sheet = book["Engagements"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == ["C-3.1", "C-4.1", "C-5.1", "C-6.1", "C-7.1", "C-8.1", "C-8.2"]
    c51 = rows["C-5.1"]
    assert c51["Disposition (article.paragraphe)"] == "5" and c51["Parties responsables"] == "NAPTIP, ANLTP/TIM"
    assert c51["Échéance"] == datetime(2022, 12, 31) and c51["Statut"] == "Non commencé" and c51["Appréciation (rouge/orange/vert)"] == "Orange"
    assert c51["Activités (codes)"] == "IP-01" and c51["Points d'action (codes)"] == "A4-05"
    assert c51["Décisions (réunion/point/rang)"] is None   # the 4th meeting took no decision on it
    assert rows["C-8.2"]["Décisions (réunion/point/rang)"] == "4/i/1"
    assert rows["C-8.2"]["Dernier examen (réunion n°)"] == 4 and rows["C-8.2"]["Périodicité"] == "À chaque réunion du GTTC"
    assert rows["C-8.2"]["Note de mise à jour"] is None
    # Drop-downs for the choices, in the sheet's language.
    lists = {str(v.sqref).split(":")[0][:-1]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert "Non commencé" in lists[openpyxl.utils.get_column_letter(header.index("Statut") + 1)]
    notes = [r[0] for r in book["Notes"].iter_rows(values_only=True)]
    assert "Dispositions" in notes and "Engagements" in notes and "Décisions (réunion/point/rang)" in notes


def test_template_has_both_sheets_empty():
    book = openpyxl.load_workbook(io.BytesIO(mou_sheet.template("en")))
    assert book.sheetnames == ["Provisions", "Commitments", "Notes"]
    assert book["Provisions"].max_row == 1 and book["Provisions"]["A1"].value == "Article"
    assert book["Commitments"].max_row == 1 and book["Commitments"]["A1"].value == "Code"


def test_export_of_one_subcommittee(demo_conn, group):
    book = openpyxl.load_workbook(io.BytesIO(mou_sheet.export_mou(demo_conn, group_id=group.id, actor=READER, lang="en", subcommittee_code="IP")))
    assert [r[0] for r in book["Provisions"].iter_rows(min_row=2, values_only=True)] == ["5", "6"]
    assert [r[0] for r in book["Commitments"].iter_rows(min_row=2, values_only=True)] == ["C-5.1", "C-6.1"]


# ---- changes applied ----

def test_new_provision_and_its_commitment_from_the_same_file(demo_conn, group, adapters, actor):
    data = workbook(
        Provisions=[PROVISIONS_EN, ["9", None, "Review", "The Parties shall review this Memorandum every two years.",
                                    "Les Parties réexaminent le présent protocole tous les deux ans.", "Partnership", "PRM"]],
        Commitments=[COMMITMENTS_EN + ["Activities (codes)", "Decisions (meeting/item/rank)"],
                     ["C-9.1", "Article 9", "Hold a review meeting.", "NAPTIP, ANLTP/TIM", "2023-11-16", None, "Fulfilled",
                      "Green", None, "PRM-01; PRM-02", "4/iii/1"]])
    preview = preview_import(demo_conn, adapters, data)
    assert preview.ok, messages(preview)
    assert [(r.sheet_key, r.key, r.state) for r in preview.rows] == [
        ("excel.mou_provisions_sheet", "9", "new"), ("excel.mou_commitments_sheet", "C-9.1", "new")]
    apply_import(demo_conn, adapters, data, actor, previewed=preview)
    view = mou_service.mou_view(demo_conn, group_id=group.id)
    added = next(p for p in view.provisions if p.provision.article == "9")
    assert added.provision.text.fr.startswith("Les Parties réexaminent") and added.provision.pillar == "partnership"
    (cv,) = added.commitments
    assert cv.commitment.code == "C-9.1" and cv.commitment.status == "fulfilled" and cv.commitment.due_date == date(2023, 11, 16)
    assert [a.code for a in cv.activities] == ["PRM-01", "PRM-02"] and [d.reference("en") for d in cv.decisions] == [
        "4th meeting, item iii, decision 1"]
    assert not links.dangling(demo_conn)


def test_update_replaces_links_and_notes_the_history(demo_conn, adapters, actor):
    data = workbook(Engagements=[["Code", "Statut", "Activités (codes)", "Points d'action (codes)", "Note de mise à jour"],
                                 ["C-3.1", "En cours", "PV-01", "A4-03", "Campagne recentrée sur PV-01"]])
    preview = preview_import(demo_conn, adapters, data)
    assert preview.ok and preview.counts() == {"new": 0, "changed": 1, "unchanged": 0}
    assert preview.rows[0].changes["activities"] == (["PV-01", "PV-02"], ["PV-01"])
    apply_import(demo_conn, adapters, data, actor, previewed=preview)
    assert linked_codes(demo_conn, "C-3.1") == {"activity": ["PV-01"], "action": ["A4-03"], "decision": []}
    logged = history(demo_conn, entity="commitment", entity_id=commitment(demo_conn, "C-3.1")[0])
    assert {h["action"] for h in logged[:3]} == {"link", "unlink", "note"}
    assert any(h["note"] == "Campagne recentrée sur PV-01" for h in logged)


def test_field_change_is_versioned_with_a_default_note(demo_conn, adapters, actor):
    data = workbook(Commitments=[["Code", "Status", "Rating (red/amber/green)", "Reason for the rating (EN)"],
                                 ["C-6.1", "In progress", "Amber", "Contact points proposed, not yet confirmed."]])
    apply_import(demo_conn, adapters, data, actor)
    row = commitment(demo_conn, "C-6.1")
    entry = history(demo_conn, entity="commitment", entity_id=row[0])[0]
    assert entry["action"] == "update" and entry["note"] == "Excel import" and entry["changes"]["status"] == ["not_started", "in_progress"]
    assert preview_import(demo_conn, adapters, data).counts()["unchanged"] == 1


def test_a_bad_commitment_row_keeps_the_good_provision_out_too(demo_conn, adapters, actor):
    data = workbook(Provisions=[PROVISIONS_EN, ["9", None, "Review", "Review every two years.", None, None, None]],
                    Commitments=[COMMITMENTS_EN, ["C-9.1", "9", "Hold a review.", "NAPTIP", "someday", None, None, None, None]])
    preview = assert_refused(demo_conn, adapters, data, actor,
                             'Sheet "Commitments", row 2, column "Due date": "someday" is not a date')
    assert preview.counts()["new"] == 2
    assert len(preview.problems) == 1   # the unreadable date is not reported again as "give a due date or a recurrence"


def test_member_cannot_import(demo_conn, adapters):
    member = Actor(username="pr-member", role="member", subcommittee_codes=["PR"])
    data = workbook(Commitments=[["Code", "Status"], ["C-4.1", "Partially fulfilled"], ["C-6.1", "In progress"]])
    assert preview_import(demo_conn, adapters, data).ok
    before = snapshot(demo_conn)
    with pytest.raises(RowsRejected) as info:
        apply_import(demo_conn, adapters, data, member)
    assert info.value.lines("en")[0] == 'Sheet "Commitments", row 2: You are not allowed to do this.'
    assert snapshot(demo_conn) == before


def test_a_record_changed_since_the_preview_is_refused(demo_conn, group, adapters, actor):
    data = workbook(Commitments=[["Code", "Status"], ["C-4.1", "Partially fulfilled"]], Provisions=[["Article", "Pillar"], ["4", "Protection"]])
    preview = preview_import(demo_conn, adapters, data)
    # Someone links an activity to C-4.1 meanwhile: links carry no version, but the import would overwrite them.
    mou_service.link_work(demo_conn, group_id=group.id, commitment_id=commitment(demo_conn, "C-4.1")[0], kind="activity",
                          target_id=links.activity_id_by_code(demo_conn, "PR-01"), actor=actor)
    before = snapshot(demo_conn)
    with pytest.raises(RowsRejected) as info:
        apply_import(demo_conn, adapters, data, actor, previewed=preview)
    assert info.value.lines("en") == ['Sheet "Commitments", row 2: C-4.1 was changed by someone else since the preview: '
                                      'upload the file again']
    assert snapshot(demo_conn) == before


def test_a_provision_saved_since_the_preview_is_refused(demo_conn, adapters, actor):
    data = workbook(Provisions=[["Article", "Paragraph", "Pillar"], ["8", "1", "Partnership"]])
    preview = preview_import(demo_conn, adapters, data)
    demo_conn.execute("UPDATE mou_provision SET version = version + 1 WHERE article = '8' AND paragraph = '1'")
    before = snapshot(demo_conn)
    with pytest.raises(RowsRejected) as info:
        apply_import(demo_conn, adapters, data, actor, previewed=preview)
    assert "8.1 was changed by someone else" in info.value.lines("en")[0]
    assert snapshot(demo_conn) == before


# ---- every validation case ----

def test_unknown_column(demo_conn, adapters, actor):
    data = workbook(Commitments=[["Code", "Status", "Colour"], ["C-4.1", "Fulfilled", "red"]])
    assert_refused(demo_conn, adapters, data, actor,
                   'Sheet "Commitments", row 1, column "Colour": this column is not part of the sheet')


def test_missing_required_column(demo_conn, adapters, actor):
    data = workbook(Provisions=[["Paragraph", "Pillar"], ["1", "Protection"]])
    assert_refused(demo_conn, adapters, data, actor, 'Sheet "Provisions", column "Article": this required column is missing')


def test_bad_date(demo_conn, adapters, actor):
    data = workbook(Commitments=[["Code", "Due date"], ["C-4.1", "31/13/2022"]])
    assert_refused(demo_conn, adapters, data, actor,
                   'Sheet "Commitments", row 2, column "Due date": "31/13/2022" is not a date (use YYYY-MM-DD or DD/MM/YYYY)')


@pytest.mark.parametrize("sheet,header,value,expected", [
    ("Provisions", "Sub-committee (code)", "XX", 'column "Sub-committee (code)": unknown sub-committee "XX"'),
    ("Commitments", "Responsible parties", "NAPTIP, GHOST", 'column "Responsible parties": unknown organisation "GHOST"'),
    ("Commitments", "Activities (codes)", "PV-01, ZZ-99", 'column "Activities (codes)": unknown activity code "ZZ-99"'),
    ("Commitments", "Action items (codes)", "A9-99", 'column "Action items (codes)": unknown action-item code "A9-99"'),
    ("Commitments", "Decisions (meeting/item/rank)", "4/xx/1",
     'column "Decisions (meeting/item/rank)": unknown decision "4/xx/1" (write meeting/item/rank, e.g. 4/iii/1)'),
    ("Commitments", "Last reviewed (meeting no.)", 12, 'column "Last reviewed (meeting no.)": unknown meeting number "12"'),
    ("Commitments", "Status", "Done", 'column "Status": "Done" is not one of the allowed values'),
    ("Commitments", "Rating (red/amber/green)", "Purple", 'column "Rating (red/amber/green)": "Purple" is not one of the allowed'),
    ("Commitments", "Recurrence", "Weekly", 'column "Recurrence": "Weekly" is not one of the allowed values'),
    ("Commitments", "Evidence link", "www.example.org", 'column "Evidence link": a link must start with http:// or https://'),
    ("Provisions", "Pillar", "Punishment", 'column "Pillar": "Punishment" is not one of the allowed values'),
])
def test_unknown_references_and_wrong_values(demo_conn, adapters, actor, sheet, header, value, expected):
    key = ["Code"] if sheet == "Commitments" else ["Article"]
    row = ["C-5.1"] if sheet == "Commitments" else ["5"]
    data = workbook(**{sheet: [key + [header], row + [value]]})
    assert_refused(demo_conn, adapters, data, actor, f'Sheet "{sheet}", row 2, {expected}')


def test_wrong_types(demo_conn, adapters, actor):
    data = workbook(Provisions=[["Article", "Paragraph"], ["8.1", None]],
                    Commitments=[["Code", "Due date", "Last reviewed (meeting no.)"], ["C 4/1", 45, "fourth"]])
    preview = assert_refused(demo_conn, adapters, data, actor, 'Sheet "Provisions", row 2, column "Article": not in the expected format')
    found = messages(preview)
    assert 'Sheet "Commitments", row 2, column "Code": not in the expected format' in found
    assert 'Sheet "Commitments", row 2, column "Due date": "45" is not a date (use YYYY-MM-DD or DD/MM/YYYY)' in found
    assert 'Sheet "Commitments", row 2, column "Last reviewed (meeting no.)": unknown meeting number "fourth"' in found


def test_duplicate_keys(demo_conn, adapters, actor):
    data = workbook(Provisions=[["Article", "Paragraph", "Pillar"], ["8", "1", None], ["8", "2", None], ["8", "1", "Protection"]],
                    Commitments=[["Code", "Status"], ["C-4.1", "Fulfilled"], ["c-4.1", "In progress"]])
    preview = assert_refused(demo_conn, adapters, data, actor, 'Sheet "Provisions", row 4, column "Article": "8.1" already appears in row 2')
    assert 'Sheet "Commitments", row 3, column "Code": "c-4.1" already appears in row 2' in messages(preview)


def test_red_or_amber_rating_needs_a_reason(demo_conn, adapters, actor):
    data = workbook(Commitments=[["Code", "Rating (red/amber/green)"], ["C-4.1", "Red"]])
    assert_refused(demo_conn, adapters, data, actor,
                   'Sheet "Commitments", row 2, column "Reason for the rating (EN)": a red or amber rating needs a reason')


def test_commitment_under_a_provision_neither_in_the_database_nor_in_the_file(demo_conn, adapters, actor):
    data = workbook(Provisions=[PROVISIONS_EN, ["9", None, "Review", "Review every two years.", None, None, None]],
                    Commitments=[COMMITMENTS_EN, ["C-10.1", "10", "Something.", "NAPTIP", "2023-01-31", None, None, None, None]])
    assert_refused(demo_conn, adapters, data, actor, 'Sheet "Commitments", row 2, column "Provision (article.paragraph)": '
                   'provision "10" is neither in the MoU nor in the Provisions sheet')


def test_new_commitment_rules(demo_conn, adapters, actor):
    data = workbook(Commitments=[COMMITMENTS_EN, ["C-4.2", None, None, "NAPTIP", None, None, "Fulfilled", None, None]])
    preview = assert_refused(demo_conn, adapters, data, actor,
                             'Sheet "Commitments", row 2, column "Provision (article.paragraph)": a new commitment needs its provision')
    assert 'Sheet "Commitments", row 2, column "Commitment (EN)": a text is required (in English or French)' in messages(preview)
    data = workbook(Commitments=[COMMITMENTS_EN, ["C-4.2", "4", "Review the procedures.", "NAPTIP", None, None, None, None, None]])
    assert_refused(demo_conn, adapters, data, actor, 'Sheet "Commitments", row 2, column "Due date": give a due date or a recurrence')


def test_responsible_parties_are_required_and_a_blank_cell_keeps_them(demo_conn, adapters, actor):
    data = workbook(Commitments=[COMMITMENTS_EN, ["C-4.2", "4", "Review the procedures.", None, "2023-01-31", None, None, None, None]])
    assert_refused(demo_conn, adapters, data, actor, 'Sheet "Commitments", row 2, column "Responsible parties": this value is required')
    kept = workbook(Commitments=[["Code", "Responsible parties", "Status"], ["C-4.1", None, "Partially fulfilled"]])
    apply_import(demo_conn, adapters, kept, actor)
    assert demo_conn.execute("SELECT responsible_org_ids FROM commitment WHERE code = 'C-4.1'").fetchone()[0] == [demo_conn.execute(
        "SELECT id FROM organisation WHERE acronym = ?", [a]).fetchone()[0] for a in ("NAPTIP", "ANLTP/TIM")]


def test_fulfilled_needs_evidence(demo_conn, adapters, actor):
    data = workbook(Commitments=[["Code", "Status"], ["C-4.1", "Fulfilled"]])
    assert_refused(demo_conn, adapters, data, actor, 'Sheet "Commitments", row 2, column "Evidence (EN)": a fulfilled commitment needs evidence')


def test_an_existing_commitment_stays_under_its_provision(demo_conn, adapters, actor):
    data = workbook(Commitments=[["Code", "Provision (article.paragraph)"], ["C-4.1", "5"]])
    assert_refused(demo_conn, adapters, data, actor, 'an existing commitment stays under provision 4')


def test_new_provision_needs_its_text(demo_conn, adapters, actor):
    data = workbook(Provisions=[["Article", "Heading (EN)"], ["9", "Review"]])
    assert_refused(demo_conn, adapters, data, actor, 'Sheet "Provisions", row 2, column "Text (EN)": a text is required')


def test_empty_sheet(demo_conn, adapters, actor):
    data = workbook(Provisions=[], Commitments=[["Code", "Status"], ["C-4.1", "In progress"]])
    assert_refused(demo_conn, adapters, data, actor, 'Sheet "Provisions": The sheet is empty: there is no header row.')


def test_headers_without_rows(demo_conn, adapters, actor):
    assert_refused(demo_conn, adapters, mou_sheet.template("fr"), actor, "The sheets of the workbook have headers but no data rows.")


def test_a_workbook_without_the_expected_sheets(demo_conn, adapters, actor):
    data = workbook(Sheet1=[["Code", "Status"], ["C-4.1", "Fulfilled"]])
    assert_refused(demo_conn, adapters, data, actor,
                   "The workbook has none of the expected sheets (Provisions / Dispositions, Commitments / Engagements)")


def test_not_a_workbook(demo_conn, adapters, actor):
    assert_refused(demo_conn, adapters, b"Code,Status\nC-4.1,Fulfilled\n", actor, "not an Excel workbook")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("hello.txt", "not a spreadsheet")
    assert_refused(demo_conn, adapters, other_zip.getvalue(), actor, "not an Excel workbook")


def test_messages_in_french(demo_conn, adapters, actor):
    data = workbook(Engagements=[["Code", "Échéance", "Appréciation (rouge/orange/vert)"], ["C-4.1", "demain", "Rouge"]])
    preview = assert_refused(demo_conn, adapters, data, actor,
                             "Feuille «\u00a0Engagements\u00a0», ligne 2, colonne «\u00a0Échéance\u00a0»\u00a0: "
                             "«\u00a0demain\u00a0» n'est pas une date", lang="fr")
    assert ("Feuille «\u00a0Engagements\u00a0», ligne 2, colonne «\u00a0Motif de l'appréciation (EN)\u00a0»\u00a0: "
            "une appréciation rouge ou orange exige un motif") in messages(preview, "fr")
