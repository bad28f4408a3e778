"""Import by key with a preview: new / changed / unchanged rows and every problem, then all-or-nothing apply.

An `ImportAdapter` binds a `SheetSpec` to one kind of record:
- `context(cur)`: known codes for the spec's lookups (organisations, sub-committees, ...);
- `existing(cur)`: key -> current values of the record (same names and parsed forms as the columns),
  plus `_id` and `_version`;
- `check(cur, row, current, context)`: problems of one row once merged with the current record
  (model validation, rules such as "moving a due date needs a reason");
- `apply(cur, row, current, actor)`: create (current is None) or update the record.
Columns missing from the file leave the record's values as they are. `preview_import` never writes;
`apply_import` re-reads and re-checks the file, refuses records saved by someone else since the
preview, and applies every row in one transaction (a failing row rolls back all of them).

A workbook of several sheets (e.g. MoU provisions and their commitments) is imported by giving a
list of adapters instead of one: each sheet is found by its title, the sheets are applied in the
list's order (records a later sheet refers to first) in one single transaction, and every problem
names its sheet. A sheet missing from the file is left alone. `context[FILE_KEYS]` tells `check`
the keys found in each sheet of the file (sheet title key -> folded keys), so a row may refer to a
record that the same file creates. An adapter may give a record a `_stamp` besides its `_version`:
what "changed since the preview" compares (e.g. a version and the record's links).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Protocol, Sequence

from jtwg.db import transaction
from jtwg.errors import InvalidInput, JtwgError
from jtwg.excel.sheet import SheetSpec, fold
from jtwg.excel.workbook import SheetData, SheetRow, read_book, read_sheet
from jtwg.models.common import Actor
from jtwg.row_problems import RowProblem, RowsRejected
from jtwg.services import personal_data
from jtwg.store.records import Cursor


class ImportAdapter(Protocol):
    spec: SheetSpec

    def context(self, cur: Cursor) -> dict: ...

    def existing(self, cur: Cursor) -> dict[str, dict[str, Any]]: ...

    def check(self, cur: Cursor, row: SheetRow, current: dict | None, context: dict) -> list[RowProblem]: ...

    def apply(self, cur: Cursor, row: SheetRow, current: dict | None, actor: Actor) -> None: ...


NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
FILE_KEYS = "_file_keys"
Adapters = ImportAdapter | Sequence[ImportAdapter]


@dataclass
class RowChange:
    row: int
    key: str
    state: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)   # column name -> (before, after)
    version: Any = None
    sheet_key: str | None = None   # the sheet's title key, in a workbook of several sheets


@dataclass
class ImportPreview:
    rows: list[RowChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)   # personal data per row: the user must confirm

    def of(self, state: str) -> list[RowChange]:
        return [r for r in self.rows if r.state == state]

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {state: len(self.of(state)) for state in (NEW, CHANGED, UNCHANGED)}


def same(before: Any, after: Any) -> bool:
    """Equal for the user: blank and None alike, numbers by value, text without outer spaces."""
    def norm(v: Any) -> Any:
        if isinstance(v, str):
            v = v.strip()
            return v or None
        if isinstance(v, (list, tuple)):
            return [norm(x) for x in v] or None
        if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            return Decimal(str(v)).normalize()
        return getattr(v, "value", v)
    return norm(before) == norm(after)


def _plan(cur: Cursor, adapter: ImportAdapter, sheet: SheetData, context: dict, sheet_key: str | None = None) -> ImportPreview:
    preview = ImportPreview(problems=list(sheet.problems))
    if sheet.problems and not sheet.rows:
        return preview
    current_by_key = adapter.existing(cur)
    spec = adapter.spec
    key_names = {c.name for c in spec.key_columns}
    kept_when_blank = {c.name for c in spec.columns if not c.clearable}
    unreadable = {(p.row, p.column_key) for p in sheet.problems if p.column_key}
    for row in sheet.rows:
        for name in kept_when_blank & {n for n, v in row.values.items() if v is None or v == []}:
            del row.values[name]   # an empty cell that cannot clear the value means "leave as is"
        key = spec.row_key(row.values)
        if key is None:
            continue
        current = current_by_key.get(key)
        # A cell that could not be read is reported once: not again by a rule that then finds it empty.
        preview.problems += [replace(p, sheet_key=sheet_key) if sheet_key else p
                             for p in adapter.check(cur, row, current, context)
                             if p.column_key is None or (row.number, p.column_key) not in unreadable]
        if current is None:
            preview.rows.append(RowChange(row.number, key, NEW, sheet_key=sheet_key))
            continue
        changes = {name: (current.get(name), value) for name, value in row.values.items()
                   if name not in key_names and name in current and not same(current.get(name), value)}
        # Import-only columns (an update note) count as a change when filled.
        changes.update({name: (None, value) for name, value in row.values.items()
                        if name not in current and value not in (None, "", [])})
        preview.rows.append(RowChange(row.number, key, CHANGED if changes else UNCHANGED, changes,
                                      current.get("_stamp", current.get("_version")), sheet_key))
    preview.problems.sort(key=lambda p: (p.row if isinstance(p.row, int) else -1))
    return preview


@dataclass
class _SheetPlan:
    adapter: ImportAdapter
    sheet: SheetData
    preview: ImportPreview


def _plans(cur: Cursor, adapters: Adapters, data: bytes) -> tuple[list[_SheetPlan], list[RowProblem]]:
    """Read and plan each sheet: one adapter reads the spec's sheet (or the first one); a list reads a workbook."""
    book = isinstance(adapters, (list, tuple))
    chosen = list(adapters) if book else [adapters]
    contexts = [adapter.context(cur) for adapter in chosen]
    if book:
        sheets, problems = read_book(data, [a.spec for a in chosen], contexts)
    else:
        sheets, problems = [read_sheet(data, chosen[0].spec, contexts[0])], []
    file_keys = {a.spec.title_key: {fold(k) for r in s.rows if (k := a.spec.row_key(r.values)) is not None}
                 for a, s in zip(chosen, sheets) if s is not None}
    plans = []
    for adapter, sheet, context in zip(chosen, sheets, contexts):
        if sheet is None:
            continue
        context = {**context, FILE_KEYS: file_keys}
        plans.append(_SheetPlan(adapter, sheet, _plan(cur, adapter, sheet, context,
                                                      adapter.spec.title_key if book else None)))
        plans[-1].preview.warnings = personal_data.sheet_warnings(  # personal data, listed per row
            cur, adapter.spec, sheet.rows, plans[-1].preview.rows, adapter.spec.title_key if book else None)
    return plans, problems


def _merged(plans: list[_SheetPlan], problems: list[RowProblem]) -> ImportPreview:
    preview = ImportPreview(problems=list(problems))
    for plan in plans:
        preview.rows += plan.preview.rows
        preview.problems += plan.preview.problems
        preview.warnings += plan.preview.warnings
    return preview


def preview_import(cur: Cursor, adapters: Adapters, data: bytes) -> ImportPreview:
    """What importing `data` would do, and every problem; writes nothing."""
    return _merged(*_plans(cur, adapters, data))


def apply_import(cur: Cursor, adapters: Adapters, data: bytes, actor: Actor,
                 previewed: ImportPreview | None = None, confirm_personal_data: bool = False) -> ImportPreview:
    """Apply every new and changed row in one transaction, or nothing (RowsRejected lists the problems).

    Rows whose texts look like personal data are applied only with `confirm_personal_data` (logged).
    """
    plans, book_problems = _plans(cur, adapters, data)
    preview = _merged(plans, book_problems)
    problems = list(preview.problems)
    if preview.warnings and not confirm_personal_data and not problems:
        raise personal_data.PersonalDataUnconfirmed(preview.warnings)
    if previewed is not None:
        seen = {(r.sheet_key, r.key): r.version for r in previewed.rows}
        problems += [RowProblem(r.row, None, "excel.changed_since_preview", {"code": r.key}, sheet_key=r.sheet_key)
                     for r in preview.rows if (r.sheet_key, r.key) in seen and seen[(r.sheet_key, r.key)] != r.version]
    if problems:
        raise RowsRejected(problems)
    with transaction(cur):
        for plan in plans:   # in the adapters' order: records a later sheet refers to exist by then
            current_by_key = plan.adapter.existing(cur)
            by_number = {row.number: row for row in plan.sheet.rows}
            for change in plan.preview.rows:
                if change.state == UNCHANGED:
                    continue
                row = by_number[change.row]
                try:
                    plan.adapter.apply(cur, row, current_by_key.get(change.key), actor)
                except InvalidInput as exc:
                    problems += [RowProblem(row.number, field, key, params, sheet_key=change.sheet_key)
                                 for field, key, params in exc.problems]
                except JtwgError as exc:
                    problems.append(RowProblem(row.number, None, exc.key, exc.params, sheet_key=change.sheet_key))
        if problems:
            raise RowsRejected(problems)
        if preview.warnings:   # the confirmation is logged (where, never the words)
            personal_data.log_import_confirmation(cur, actor=actor, warnings=preview.warnings)
    return preview


def validation_problems(exc: Exception, row: int, spec: SheetSpec, fields: dict[str, str]) -> list[RowProblem]:
    """pydantic errors of one row as problems; `fields` maps model fields to column names."""
    from pydantic import ValidationError

    from jtwg.validation import problem_key

    if not isinstance(exc, ValidationError):
        return [RowProblem(row, None, "invalid.other")]
    columns = {c.name: c for c in spec.columns}
    found = []
    for error in exc.errors():
        key, params = problem_key(error)
        loc = [str(p) for p in error.get("loc", ()) if not str(p).isdigit()]
        column = columns.get(fields.get(loc[0], loc[0])) if loc else None
        found.append(RowProblem(row, None, key, params, column_key=column.header_key if column else None))
    return found
