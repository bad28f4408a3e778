"""Control bytes in imported files: a clear message naming row and column, never a parser error."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from jtwg.errors import InvalidInput
from jtwg.excel import actions_sheet
from jtwg.excel.importer import apply_import, preview_import
from jtwg.services.meetings.participants import read_table
from jtwg.row_problems import RowsRejected

TODAY = date(2022, 6, 15)


def _patched(data: bytes, marker: bytes, raw: bytes) -> bytes:
    """`data` (an .xlsx) with `marker` replaced by `raw` bytes inside its XML, as a hostile tool would write it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info).replace(marker, raw))
    assert out.getvalue() != data
    return out.getvalue()


def _participants_book(name: str) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["person", "name", "delegation"])
    book.active.append(["", "Ada Example", "NE"])
    book.active.append(["", name, "NG"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("raw", [b"\x00", b"\x01", b"\x1b", b"&#1;", b"&#x1F;"])
def test_participant_workbook_with_control_bytes_names_row_and_column(raw):
    data = _patched(_participants_book("BobMARKMarley"), b"MARK", raw)
    with pytest.raises(InvalidInput) as info:
        read_table("list.xlsx", data)
    assert info.value.problems == [("#3 name", "invalid.control_character", {})]
    assert "control characters" in info.value.message("en") and "caractères de contrôle" in info.value.message("fr")


@pytest.mark.parametrize("raw", ["\x00", "\x07", "\x1b", "\x7f"])
def test_participant_csv_with_control_characters_names_row_and_column(raw):
    content = f"person,name,delegation\n,Ada Example,NE\n,Bob{raw}Marley,NG\n".encode()
    with pytest.raises(InvalidInput) as info:
        read_table("list.csv", content)
    assert info.value.problems == [("#3 name", "invalid.control_character", {})]


def test_tabs_and_new_lines_are_ordinary_text():
    rows = read_table("list.csv", b'person,name,delegation\n,"Ada\tExample\nSecond line",NE\n')
    assert rows == [{"person": "", "name": "Ada\tExample\nSecond line", "delegation": "NE"}]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("raw", [b"\x00", b"\x02", b"&#0;", b"&#x8;"])
def test_tracker_workbook_with_control_bytes_names_row_and_column(demo_conn, group, actor, lang, raw):
    records = actions_sheet.ActionsAdapter(group.id, TODAY).records(demo_conn, actor=actor)
    before = demo_conn.execute("SELECT * FROM action_item ORDER BY id").fetchall()
    first = records[0]["text_en"]
    data = _patched(actions_sheet.export_actions(demo_conn, group_id=group.id, actor=actor, lang=lang, today=TODAY),
                    first[:6].encode(), first[:3].encode() + raw + first[3:6].encode())
    adapter = actions_sheet.ActionsAdapter(group.id, TODAY)
    preview = preview_import(demo_conn, adapter, data)
    messages = [p.message(lang) for p in preview.problems]
    assert {p.key for p in preview.problems} == {"excel.control_character"}
    expected = ('Row 2, column "Action (EN)": contains invisible control characters' if lang == "en"
                else "Ligne 2, colonne «\u00a0Action (EN)\u00a0»\u00a0: contient des caractères de contrôle invisibles")
    assert messages[0].startswith(expected), messages
    with pytest.raises(RowsRejected):
        apply_import(demo_conn, adapter, data, actor)
    assert demo_conn.execute("SELECT * FROM action_item ORDER BY id").fetchall() == before
