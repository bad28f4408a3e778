"""Excel import: every validation case with real workbooks made here, preview by key, and all-or-nothing apply."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from jtwg.excel import actions_sheet, workplan_sheet
from jtwg.excel.importer import apply_import, preview_import
from jtwg.excel.sheet import SheetSpec
from jtwg.excel.workbook import read_sheet
from jtwg.store import workplan
from jtwg.store.actions import action_id_by_code, get_action_item
from jtwg.store.records import history
from jtwg.row_problems import RowsRejected
from tests.support.excel import READER, book, messages
from tests.support.excel import assert_refused as support_refused
from tests.support.excel import snapshot as support_snapshot

TODAY = date(2022, 6, 15)


TABLES = ("action_item", "activity")


def workbook(header: list, *rows: list, title: str = "Sheet") -> bytes:
    return book(**{title: ([header] if header else []) + list(rows)})


def snapshot(conn) -> tuple:
    return support_snapshot(conn, TABLES)


@pytest.fixture
def actions_adapter(group):
    return actions_sheet.ActionsAdapter(group.id, TODAY)


@pytest.fixture
def workplan_adapter(group):
    return workplan_sheet.WorkplanAdapter(group.id, TODAY)


def assert_refused(conn, adapter, data, actor, expected: str, lang="en"):
    return support_refused(conn, adapter, data, actor, expected, tables=TABLES, lang=lang)


# ---- the round trip ----

@pytest.mark.parametrize("lang", ["en", "fr"])
def test_export_reimports_unchanged(demo_conn, group, actions_adapter, workplan_adapter, lang):
    data = actions_sheet.export_actions(demo_conn, group_id=group.id, actor=READER, lang=lang, today=TODAY)
    assert preview_import(demo_conn, actions_adapter, data).counts() == {"new": 0, "changed": 0, "unchanged": 7}
    data = workplan_sheet.export_workplan(demo_conn, group_id=group.id, actor=READER, lang=lang, today=TODAY)
    preview = preview_import(demo_conn, workplan_adapter, data)
    assert preview.ok and preview.counts() == {"new": 0, "changed": 0, "unchanged": 9}


def test_export_has_headers_in_the_chosen_language_and_one_subcommittee(demo_conn, group):
    data = workplan_sheet.export_workplan(demo_conn, group_id=group.id, actor=READER, lang="fr", today=TODAY, subcommittee_code="PR")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Plan de travail"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Code", "Sous-comité (code)", "Activité (EN)", "Activité (FR)"]
    codes = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == ["PR-01", "PR-02", "PR-03"]
    row = dict(zip(header, next(sheet.iter_rows(min_row=2, values_only=True))))
    assert row["Statut"] == "En cours" and row["Début"] == datetime(2022, 3, 15)
    assert row["Partenaires"] == "NAPTIP; NAPTIP-KANO" and row["En retard"] == "Oui"
    assert "Notes" in book.sheetnames


def test_template_is_empty_with_headers(demo_conn):
    book = openpyxl.load_workbook(io.BytesIO(actions_sheet.template("en")))
    sheet = book["Action tracker"]
    assert sheet.max_row == 1 and sheet["A1"].value == "Code" and sheet["J1"].value == "Due date"


def test_delegation_is_derived_and_written_in_the_language(demo_conn, group):
    book = openpyxl.load_workbook(io.BytesIO(actions_sheet.export_actions(demo_conn, group_id=group.id, actor=READER, lang="fr", today=TODAY)))
    rows = {r[0]: r[8] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert rows["A4-04"] == "Niger" and rows["A4-03"] == "Nigeria" and rows["A4-01"] == "Secrétariat"


# ---- changes applied ----

def test_update_by_key_with_french_headers_and_labels(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Statut", "Avancement (%)", "Note de mise à jour", "Justificatif"],
                    ["A4-04", "Réalisé", 100, "Cartographie terminée", "Rapport envoyé le 10 juin"])
    preview = preview_import(demo_conn, actions_adapter, data)
    assert preview.ok and preview.counts() == {"new": 0, "changed": 1, "unchanged": 0}
    apply_import(demo_conn, actions_adapter, data, actor, previewed=preview)
    item = get_action_item(demo_conn, action_id=action_id_by_code(demo_conn, code="A4-04"))
    assert item.status == "done" and item.progress_pct == 100 and item.done_on == TODAY
    assert item.evidence == "Rapport envoyé le 10 juin"
    assert history(demo_conn, entity="action_item", entity_id=item.id)[0]["note"] == "Cartographie terminée"


def test_codes_and_other_language_labels_are_accepted(demo_conn, actions_adapter, actor):
    data = workbook(["code", "Status"], ["A4-04", "in_progress"], ["A4-03", "Réalisé"])
    preview = preview_import(demo_conn, actions_adapter, data)
    assert preview.ok and preview.counts() == {"new": 0, "changed": 1, "unchanged": 1}


def test_moving_a_due_date_needs_the_reason_column(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Due date"], ["A4-04", date(2022, 7, 31)])
    preview = assert_refused(demo_conn, actions_adapter, data, actor, 'Row 2, column "Reason for the new due date"')
    assert "moving a due date needs a reason" in messages(preview)[0]
    ok = workbook(["Code", "Due date", "Reason for the new due date"], ["A4-04", "31/07/2022", "Shelter visits postponed"])
    apply_import(demo_conn, actions_adapter, ok, actor)
    assert get_action_item(demo_conn, action_id=action_id_by_code(demo_conn, code="A4-04")).due_date == date(2022, 7, 31)


def test_new_activity_goes_into_its_subcommittee_plan(demo_conn, group, workplan_adapter, actor):
    data = workbook(["Code", "Sub-committee (code)", "Activity (EN)", "Activity (FR)", "Start", "End", "Budget", "Currency", "Status"],
                    ["PR-04", "PR", "Train border officials", "Former les agents frontaliers", "2022-09-01", "2022-10-15", 5000, "EUR", "Non commencée"])
    preview = preview_import(demo_conn, workplan_adapter, data)
    assert preview.ok and preview.counts()["new"] == 1
    apply_import(demo_conn, workplan_adapter, data, actor)
    added = next(a for a in workplan.list_activities(demo_conn, group_id=group.id) if a.code == "PR-04")
    assert added.title.fr == "Former les agents frontaliers" and added.budget_amount == 5000
    plan = workplan.get_workplan(demo_conn, workplan_id=added.workplan_id)
    assert plan.title.en.startswith("Protection and Repatriation")


def test_one_bad_row_among_good_ones_changes_nothing(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Status", "Progress (%)"], ["A4-04", "Done", 100], ["A4-03", "In progress", "lots"])
    assert_refused(demo_conn, actions_adapter, data, actor, 'Row 3, column "Progress (%)": "lots" is not a whole number')


def test_a_record_saved_since_the_preview_is_refused(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Status"], ["A4-04", "Done"])
    preview = preview_import(demo_conn, actions_adapter, data)
    item = get_action_item(demo_conn, action_id=action_id_by_code(demo_conn, code="A4-04"))
    demo_conn.execute("UPDATE action_item SET version = version + 1 WHERE id = ?", [item.id])
    before = snapshot(demo_conn)
    with pytest.raises(RowsRejected) as info:
        apply_import(demo_conn, actions_adapter, data, actor, previewed=preview)
    assert "changed by someone else since the preview" in info.value.lines("en")[0]
    assert snapshot(demo_conn) == before


def test_text_of_an_existing_item_is_not_silently_ignored(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Action (EN)"], ["A4-04", "Something else"])
    assert_refused(demo_conn, actions_adapter, data, actor, 'Row 2, column "Action (EN)": this column comes from the minutes')


# ---- every validation case named in the issue ----

def test_unknown_column(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Status", "Colour"], ["A4-04", "Done", "red"])
    assert_refused(demo_conn, actions_adapter, data, actor, 'Row 1, column "Colour": this column is not part of the sheet')


def test_missing_required_column(demo_conn, actions_adapter, actor):
    data = workbook(["Status", "Progress (%)"], ["Done", 100])
    assert_refused(demo_conn, actions_adapter, data, actor, 'Column "Code": this required column is missing')


def test_bad_date(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Due date", "Reason for the new due date"], ["A4-04", "31/13/2022", "late"])
    assert_refused(demo_conn, actions_adapter, data, actor,
                   'Row 2, column "Due date": "31/13/2022" is not a date (use YYYY-MM-DD or DD/MM/YYYY)')


def test_unknown_subcommittee(demo_conn, workplan_adapter, actor):
    data = workbook(["Code", "Sub-committee (code)", "Activity (EN)"], ["XX-01", "XX", "Something"])
    assert_refused(demo_conn, workplan_adapter, data, actor, 'Row 2, column "Sub-committee (code)": unknown sub-committee "XX"')


def test_unknown_organisation_in_lead_and_partners(demo_conn, workplan_adapter, actor):
    data = workbook(["Code", "Lead", "Partners"], ["PR-01", "NOPE", "NAPTIP; GHOST"])
    preview = assert_refused(demo_conn, workplan_adapter, data, actor, 'Row 2, column "Lead": unknown organisation "NOPE"')
    assert 'Row 2, column "Partners": unknown organisation "GHOST"' in messages(preview)


def test_unknown_owner(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Owner"], ["A4-04", "NOBODY"])
    assert_refused(demo_conn, actions_adapter, data, actor, 'Row 2, column "Owner": unknown organisation "NOBODY"')


def test_duplicate_keys(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Status"], ["A4-04", "Done"], ["A4-03", "Done"], ["a4-04", "Open"])
    assert_refused(demo_conn, actions_adapter, data, actor, 'Row 4, column "Code": "a4-04" already appears in row 2')


@pytest.mark.parametrize("header,value,expected", [
    ("Progress (%)", "abc", '"abc" is not a whole number'),
    ("Progress (%)", 150, "must be between 0 and 100"),
    ("Progress (%)", 12.5, '"12.5" is not a whole number'),
    ("Status", "Finished", '"Finished" is not one of the allowed values'),
])
def test_wrong_types_in_action_cells(demo_conn, actions_adapter, actor, header, value, expected):
    data = workbook(["Code", header], ["A4-04", value])
    assert_refused(demo_conn, actions_adapter, data, actor, f'Row 2, column "{header}": {expected}')


def test_wrong_types_in_activity_cells(demo_conn, workplan_adapter, actor):
    data = workbook(["Code", "Budget", "Currency", "End"], ["PR-01", "lots", "eur", "soon"])
    preview = assert_refused(demo_conn, workplan_adapter, data, actor, 'Row 2, column "Budget": "lots" is not a number')
    assert 'Row 2, column "Currency": not in the expected format' in messages(preview)
    assert 'Row 2, column "End": "soon" is not a date (use YYYY-MM-DD or DD/MM/YYYY)' in messages(preview)


def test_model_rules_are_checked_per_row(demo_conn, workplan_adapter, actor):
    data = workbook(["Code", "Start", "End"], ["PR-01", "2022-06-01", "2022-05-01"])
    assert_refused(demo_conn, workplan_adapter, data, actor, "Row 2: the end date is before the start date")


def test_empty_sheet(demo_conn, actions_adapter, actor):
    assert_refused(demo_conn, actions_adapter, workbook([]), actor, "The sheet is empty")


def test_header_without_rows(demo_conn, actions_adapter, actor):
    assert_refused(demo_conn, actions_adapter, workbook(["Code", "Status"]), actor, "a header but no data rows")


def test_not_a_workbook(demo_conn, actions_adapter, actor):
    assert_refused(demo_conn, actions_adapter, b"code,status\nA4-04,done\n", actor, "not an Excel workbook")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("hello.txt", "not a spreadsheet")
    assert_refused(demo_conn, actions_adapter, other_zip.getvalue(), actor, "not an Excel workbook")


def test_messages_in_french(demo_conn, actions_adapter, actor):
    data = workbook(["Code", "Échéance", "Motif du changement d'échéance"], ["A4-04", "demain", "retard"])
    assert_refused(demo_conn, actions_adapter, data, actor,
                   "Ligne 2, colonne «\u00a0Échéance\u00a0»\u00a0: «\u00a0demain\u00a0» n'est pas une date", lang="fr")


def test_the_spec_sheet_is_found_by_title_among_others(demo_conn, actions_adapter):
    book = openpyxl.Workbook()
    book.active.title = "Readme"
    book.active.append(["Anything", "here"])
    sheet = book.create_sheet("Suivi des actions")
    sheet.append(["Code", "Statut"])
    sheet.append(["A4-04", "Réalisé"])
    out = io.BytesIO()
    book.save(out)
    assert preview_import(demo_conn, actions_adapter, out.getvalue()).counts()["changed"] == 1


def test_reader_is_generic(demo_conn):
    """A spec of two columns reads any sheet: this is what another import (the MoU) plugs into."""
    from jtwg.excel.sheet import Column, DateKind, TextKind

    spec = SheetSpec("excel.workplan_sheet", (Column("code", "workplan.col_code", TextKind(), required=True, key=True),
                                              Column("due", "actions.col_due", DateKind())))
    sheet = read_sheet(workbook(["Code", "Échéance"], ["X1", "2022-01-31"], [None, None], ["X2", None]), spec)
    assert not sheet.problems
    assert [(r.number, r.values) for r in sheet.rows] == [(2, {"code": "X1", "due": date(2022, 1, 31)}), (4, {"code": "X2", "due": None})]
