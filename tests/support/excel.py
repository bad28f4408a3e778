"""What the Excel tests share: workbooks made in the test, a snapshot of the tables an import touches,
and the check that a refused import names its problem and changes nothing."""

from __future__ import annotations

import io
from typing import Sequence

import openpyxl
import pytest

from jtwg.excel.importer import apply_import, preview_import
from jtwg.models import Actor
from jtwg.row_problems import RowsRejected

# The reader of exports in tests that are not about read rights: the secretariat reads everything.
READER = Actor(username="test-reader", role="secretariat")


def book(**sheets: Sequence[list]) -> bytes:
    """A workbook made here: each keyword is a sheet title ("_" for a space), its value the lines (header first)."""
    made = openpyxl.Workbook()
    made.remove(made.active)
    for title, lines in sheets.items():
        sheet = made.create_sheet(title.replace("_", " "))
        for line in lines:
            sheet.append(line)
    out = io.BytesIO()
    made.save(out)
    return out.getvalue()


def snapshot(conn, tables: Sequence[str]) -> tuple:
    """Every row of `tables` and the size of the change log: equal before and after means nothing changed.

    Link tables (no id) are compared without their creation time.
    """
    return tuple(conn.execute(f"SELECT * EXCLUDE (created_at) FROM {t} ORDER BY ALL" if t.startswith("commitment_")
                              else f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables) + (
        conn.execute("SELECT count(*) FROM change_log").fetchone(),)


def messages(preview, lang="en") -> list[str]:
    return [p.message(lang) for p in preview.problems]


def assert_refused(conn, adapter, data, actor, expected: str, *, tables: Sequence[str], lang="en"):
    """The preview names the problem; applying raises RowsRejected and leaves `tables` as they were."""
    before = snapshot(conn, tables)
    preview = preview_import(conn, adapter, data)
    assert any(expected in m for m in messages(preview, lang)), messages(preview, lang)
    with pytest.raises(RowsRejected) as info:
        apply_import(conn, adapter, data, actor)
    assert any(expected in line for line in info.value.lines(lang)), info.value.lines(lang)
    assert snapshot(conn, tables) == before
    return preview
