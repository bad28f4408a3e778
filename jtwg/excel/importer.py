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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from jtwg.db import transaction
from jtwg.errors import InvalidInput, JtwgError
from jtwg.excel.sheet import SheetSpec
from jtwg.excel.workbook import SheetData, SheetRow, read_sheet
from jtwg.models.common import Actor
from jtwg.store.common import Cursor
from jtwg.tabular import RowProblem, RowsRejected


class ImportAdapter(Protocol):
    spec: SheetSpec

    def context(self, cur: Cursor) -> dict: ...

    def existing(self, cur: Cursor) -> dict[str, dict[str, Any]]: ...

    def check(self, cur: Cursor, row: SheetRow, current: dict | None, context: dict) -> list[RowProblem]: ...

    def apply(self, cur: Cursor, row: SheetRow, current: dict | None, actor: Actor) -> None: ...


NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


@dataclass
class RowChange:
    row: int
    key: str
    state: str
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)   # column name -> (before, after)
    version: int | None = None


@dataclass
class ImportPreview:
    rows: list[RowChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

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


def _plan(cur: Cursor, adapter: ImportAdapter, sheet: SheetData, context: dict) -> ImportPreview:
    preview = ImportPreview(problems=list(sheet.problems))
    if sheet.problems and not sheet.rows:
        return preview
    current_by_key = adapter.existing(cur)
    key_name = adapter.spec.key_column.name
    kept_when_blank = {c.name for c in adapter.spec.columns if not c.clearable}
    for row in sheet.rows:
        for name in kept_when_blank & {n for n, v in row.values.items() if v is None}:
            del row.values[name]   # an empty cell that cannot clear the value means "leave as is"
        key = row.values.get(key_name)
        if key is None:
            continue
        current = current_by_key.get(key)
        preview.problems += adapter.check(cur, row, current, context)
        if current is None:
            preview.rows.append(RowChange(row.number, key, NEW))
            continue
        changes = {name: (current.get(name), value) for name, value in row.values.items()
                   if name != key_name and name in current and not same(current.get(name), value)}
        # Import-only columns (an update note) count as a change when filled.
        changes.update({name: (None, value) for name, value in row.values.items()
                        if name not in current and value not in (None, "", [])})
        preview.rows.append(RowChange(row.number, key, CHANGED if changes else UNCHANGED, changes,
                                      current.get("_version")))
    preview.problems.sort(key=lambda p: (p.row if isinstance(p.row, int) else -1))
    return preview


def preview_import(cur: Cursor, adapter: ImportAdapter, data: bytes) -> ImportPreview:
    """What importing `data` would do, and every problem; writes nothing."""
    context = adapter.context(cur)
    return _plan(cur, adapter, read_sheet(data, adapter.spec, context), context)


def apply_import(cur: Cursor, adapter: ImportAdapter, data: bytes, actor: Actor,
                 previewed: ImportPreview | None = None) -> ImportPreview:
    """Apply every new and changed row in one transaction, or nothing (RowsRejected lists the problems)."""
    context = adapter.context(cur)
    sheet = read_sheet(data, adapter.spec, context)
    preview = _plan(cur, adapter, sheet, context)
    problems = list(preview.problems)
    if previewed is not None:
        seen = {r.key: r.version for r in previewed.rows}
        problems += [RowProblem(r.row, None, "excel.changed_since_preview", {"code": r.key})
                     for r in preview.rows if r.key in seen and seen[r.key] != r.version]
    if problems:
        raise RowsRejected(problems)
    current_by_key = adapter.existing(cur)
    by_number = {row.number: row for row in sheet.rows}
    with transaction(cur):
        for change in preview.rows:
            if change.state == UNCHANGED:
                continue
            row = by_number[change.row]
            try:
                adapter.apply(cur, row, current_by_key.get(change.key), actor)
            except InvalidInput as exc:
                problems += [RowProblem(row.number, field, key, params) for field, key, params in exc.problems]
            except JtwgError as exc:
                problems.append(RowProblem(row.number, None, exc.key, exc.params))
        if problems:
            raise RowsRejected(problems)
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
