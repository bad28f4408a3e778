"""Problems found in rows of tabular input (an Excel sheet, a bulk edit), each named by row and column."""

from __future__ import annotations

from dataclasses import dataclass, field

from jtwg.errors import JtwgError
from jtwg.i18n import t


@dataclass(frozen=True)
class RowProblem:
    """One problem: `row` is what the user sees (a sheet row number or a record code), `column` a header.

    `column_key` (a catalogue key) names the column instead when the header depends on the language;
    `sheet_key` (a catalogue key) names the sheet when a workbook of several sheets is imported at once.
    """

    row: int | str | None
    column: str | None
    key: str
    params: dict = field(default_factory=dict)
    column_key: str | None = None
    sheet_key: str | None = None

    def message(self, lang: str) -> str:
        what = t(self.key, lang, **self.params)
        column = t(self.column_key, lang) if self.column_key else self.column
        if self.sheet_key:
            return self._in_sheet(t(self.sheet_key, lang), column, what, lang)
        if self.row is not None and column:
            return t("rows.problem_cell", lang, row=self.row, column=column, message=what)
        if self.row is not None:
            return t("rows.problem_row", lang, row=self.row, message=what)
        if column:
            return t("rows.problem_column", lang, column=column, message=what)
        return what

    def _in_sheet(self, sheet: str, column: str | None, what: str, lang: str) -> str:
        if self.row is not None and column:
            return t("rows.problem_sheet_cell", lang, sheet=sheet, row=self.row, column=column, message=what)
        if self.row is not None:
            return t("rows.problem_sheet_row", lang, sheet=sheet, row=self.row, message=what)
        if column:
            return t("rows.problem_sheet_column", lang, sheet=sheet, column=column, message=what)
        return t("rows.problem_sheet", lang, sheet=sheet, message=what)


class RowsRejected(JtwgError):
    """Some rows are not valid: nothing was saved. `problems` lists each one by row and column."""

    key = "error.rows_rejected"

    def __init__(self, problems: list[RowProblem], **kw: object) -> None:
        self.problems = list(problems)
        super().__init__(count=len(self.problems), **kw)

    def lines(self, lang: str) -> list[str]:
        return [p.message(lang) for p in self.problems]
