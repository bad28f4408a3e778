"""Reading a sheet into checked rows (every problem named by row and column) and writing one with styled headers."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from jtwg.excel.sheet import CellError, Column, SheetSpec, fold, is_blank
from jtwg.formulas import cell_value, restore
from jtwg.i18n import LANGS, t
from jtwg.row_problems import RowProblem

MAX_BYTES = 10 * 1024 * 1024   # a tracker is a few hundred rows; refuse a file that would be a data dump
MAX_ROWS = 5000


@dataclass
class SheetRow:
    """One data row: its row number in the sheet, parsed values of the imported columns present."""

    number: int
    values: dict[str, Any]

    @property
    def present(self) -> set[str]:
        return set(self.values)


@dataclass
class SheetData:
    rows: list[SheetRow] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    marked: bool = False   # control bytes in the file were replaced by CONTROL_MARK


def _problem(row: int | None, column: Column | None, key: str, **params: object) -> RowProblem:
    return RowProblem(row, None, key, dict(params), column_key=column.header_key if column else None)


# Bytes an XML document may not hold (raw or as a character reference): a workbook containing them
# cannot be parsed at all. They are swapped for CONTROL_MARK so the cell that held them can be named.
_RAW_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|&#(?:x0*[0-8bcefBCEF]|x0*1[0-9a-fA-F]|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]));")
CONTROL_MARK = "\ue000"


def without_raw_controls(data: bytes) -> tuple[bytes, bool]:
    """The workbook with every control byte in its XML parts replaced by CONTROL_MARK, and whether any was.

    Other bytes are left alone; a file that is not a zip is returned as it is (the reader then says so).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = [(info, source.read(info)) for info in source.infolist()]
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        return data, False
    mark = CONTROL_MARK.encode("utf-8")
    cleaned = [(info, _RAW_CONTROL.sub(mark, body) if info.filename.endswith(".xml") else body) for info, body in parts]
    if all(a[1] == b[1] for a, b in zip(parts, cleaned)):
        return data, False
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, body in cleaned:
            target.writestr(info.filename, body)
    return out.getvalue(), True


def has_control(value: Any, marked: bool = True) -> bool:
    """A text holding a control character (tab, new line and carriage return are fine) or a replaced control byte."""
    return isinstance(value, str) and (bool(_CONTROL_TEXT.search(value)) or (marked and CONTROL_MARK in value))


_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _open(data: bytes, result: SheetData):
    """The workbook in `data`, or None with the reason added to `result`."""
    if len(data) > MAX_BYTES:
        result.problems.append(_problem(None, None, "excel.too_large", megabytes=MAX_BYTES // (1024 * 1024)))
        return None
    data, result.marked = without_raw_controls(data)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError, IndexError):
        result.problems.append(_problem(None, None, "excel.not_a_workbook"))
        return None


def _titled(book, spec: SheetSpec):
    """The worksheet titled like the spec in either language, if any."""
    titles = {fold(spec.title(lang)) for lang in LANGS}
    return next((ws for ws in book.worksheets if fold(ws.title) in titles), None)


def read_sheet(data: bytes, spec: SheetSpec, context: dict | None = None) -> SheetData:
    """Parse the sheet of `spec` in workbook `data`. Problems are collected, never raised.

    The sheet is the one titled like the spec in either language, else the first sheet. The first
    non-empty row is the header row; empty rows are skipped.
    """
    result = SheetData()
    book = _open(data, result)
    if book is None:
        return result
    try:
        sheet = _titled(book, spec) or (book.worksheets[0] if book.worksheets else None)
        if sheet is None:
            result.problems.append(_problem(None, None, "excel.empty_sheet"))
            return result
        _read_worksheet(sheet, spec, context or {}, result)
        if not result.rows and not result.problems:
            result.problems.append(_problem(None, None, "excel.no_rows"))
        return result
    finally:
        book.close()


def read_book(data: bytes, specs: list[SheetSpec], contexts: list[dict]) -> tuple[list[SheetData | None], list[RowProblem]]:
    """Parse the sheets of several specs in one workbook, each found by its title in either language.

    Returns one SheetData per spec (None when the workbook has no such sheet: nothing to import there)
    with its problems naming the sheet, and the workbook's own problems (not a workbook, none of the
    expected sheets, no data rows in any of them).
    """
    opened = SheetData()
    book = _open(data, opened)
    if book is None:
        return [None] * len(specs), opened.problems
    try:
        found: list[SheetData | None] = []
        for spec, context in zip(specs, contexts):
            sheet = _titled(book, spec)
            if sheet is None:
                found.append(None)
                continue
            result = SheetData(marked=opened.marked)
            _read_worksheet(sheet, spec, context, result)
            result.problems = [replace(p, sheet_key=spec.title_key) for p in result.problems]
            found.append(result)
    finally:
        book.close()
    problems: list[RowProblem] = []
    if all(f is None for f in found):
        expected = ", ".join(f"{spec.title('en')} / {spec.title('fr')}" for spec in specs)
        problems.append(_problem(None, None, "excel.no_known_sheet", sheets=expected))
    elif not any(f.rows or f.problems for f in found if f is not None):
        problems.append(_problem(None, None, "excel.no_rows_in_book"))
    return found, problems


def _read_worksheet(sheet, spec: SheetSpec, context: dict, result: SheetData) -> None:
    """Read one worksheet into `result`: header row, then one checked row per non-empty line."""
    cells = sheet.iter_rows(values_only=True)
    header_row, header = 0, None
    for number, values in enumerate(cells, start=1):
        if any(not is_blank(v) for v in values):
            header_row, header = number, list(values)
            break
    if header is None:
        result.problems.append(_problem(None, None, "excel.empty_sheet"))
        return
    positions = _map_header(header, spec, header_row, result)
    if any(p.key == "excel.missing_column" for p in result.problems):
        return   # without a required column (the key) rows cannot be matched; other header problems still let rows be checked
    key = spec.key_column
    seen: dict[Any, int] = {}
    for number, values in enumerate(cells, start=header_row + 1):
        if all(is_blank(v) for v in values):
            continue
        if len(result.rows) >= MAX_ROWS:
            result.problems.append(_problem(number, None, "excel.too_many_rows", maximum=MAX_ROWS))
            break
        row = SheetRow(number=number, values={})
        for index, column in positions.items():
            if not column.imported:
                continue
            raw = values[index] if index < len(values) else None
            if has_control(raw, result.marked):
                result.problems.append(_problem(number, column, "excel.control_character"))
                continue
            if isinstance(raw, str):
                raw = restore(raw)   # the quote an export put before "=", "+", "-", "@" (formula injection)
            try:
                row.values[column.name] = column.kind.parse(raw, context)
            except CellError as exc:
                result.problems.append(_problem(number, column, exc.key, **exc.params))
        key_value = spec.row_key(row.values)
        if key.name in row.values and key_value is None and not any(
                p.row == number and p.column_key == key.header_key for p in result.problems):
            result.problems.append(_problem(number, key, "invalid.missing"))
        elif key_value is not None:
            folded = fold(key_value)
            if folded in seen:
                result.problems.append(_problem(number, key, "excel.duplicate_key", value=key_value, first=seen[folded]))
            else:
                seen[folded] = number
        result.rows.append(row)


def _map_header(header: list, spec: SheetSpec, header_row: int, result: SheetData) -> dict[int, Column]:
    """Column index -> Column; unknown, repeated and missing required columns become problems."""
    positions: dict[int, Column] = {}
    for index, text in enumerate(header):
        if is_blank(text):
            continue
        column = spec.column_for_header(text)
        if column is None:
            result.problems.append(RowProblem(header_row, str(text).strip(), "excel.unknown_column"))
        elif column in positions.values():
            result.problems.append(_problem(header_row, column, "excel.duplicate_column"))
        else:
            positions[index] = column
    result.columns = list(positions.values())
    for column in spec.columns:
        if column.required and column not in positions.values():
            result.problems.append(_problem(None, column, "excel.missing_column"))
    return positions


HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
READ_ONLY_FILL = PatternFill("solid", fgColor="7F7F7F")


def write_sheet(spec: SheetSpec, records: list[dict[str, Any]], lang: str) -> bytes:
    """A workbook with the spec's sheet (header in `lang`, drop-downs for choices) and a notes sheet."""
    return write_book([(spec, records)], lang)


def write_book(sheets: list[tuple[SheetSpec, list[dict[str, Any]]]], lang: str) -> bytes:
    """A workbook with one sheet per spec, in order, and a notes sheet explaining every column."""
    book = Workbook()
    for index, (spec, records) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        _fill(sheet, spec, records, lang)
    _notes(book.create_sheet(t("excel.notes_title", lang)[:31]), [spec for spec, _ in sheets], lang)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _fill(sheet, spec: SheetSpec, records: list[dict[str, Any]], lang: str) -> None:
    sheet.title = spec.title(lang)
    sheet.append(spec.headers(lang))
    for index, column in enumerate(spec.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL if column.imported else READ_ONLY_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for record in records:
        # Every text goes through cell_value: "=HYPERLINK(...)" is written as text, never as a formula.
        sheet.append([cell_value(column.kind.write(record.get(column.name), lang)) if column.exported else None
                      for column in spec.columns])
    last = max(sheet.max_row, 2)
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        if column.kind.number_format:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=sheet.max_row, min_col=index, max_col=index):
                cell.number_format = column.kind.number_format
        choices = column.kind.choices(lang)
        if choices and column.imported:
            # Drop-down of labels; typing a code or the other language's label is still accepted on import.
            rule = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                                  showErrorMessage=False)
            rule.add(f"{letter}2:{letter}{max(last, 500)}")
            sheet.add_data_validation(rule)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{last}"


def _notes(sheet, specs: list[SheetSpec], lang: str) -> None:
    """How to fill each sheet: one line per column (required, key, read-only, allowed values)."""
    sheet.append([t("excel.notes_column", lang), t("excel.notes_rule", lang)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for spec in specs:
        if len(specs) > 1:   # several sheets: a title line before each sheet's columns
            sheet.append([spec.title(lang)])
            sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, color="1F4E79")
        for column in spec.columns:
            rules = []
            if column.key:
                rules.append(t(spec.key_rule_key, lang))
            elif column.required:
                rules.append(t("excel.rule_required", lang))
            if not column.imported:
                rules.append(t("excel.rule_read_only", lang))
            if column.hint_key:
                rules.append(t(column.hint_key, lang))
            choices = column.kind.choices(lang)
            if choices:
                rules.append(t("excel.rule_choices", lang, choices=", ".join(choices)))
            sheet.append([column.header(lang), " ".join(rules)])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 100
    for (cell,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
