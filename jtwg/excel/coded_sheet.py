"""What the work-plan and action-tracker sheets share: one group's records keyed by code, exported for a
reader (only what that user may read), written as a template, and read back whole to match an import."""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from jtwg.excel.sheet import SheetSpec
from jtwg.excel.workbook import write_sheet
from jtwg.models import Actor
from jtwg.store import groups
from jtwg.store.records import Cursor

# An import matches the file's rows against every record of the group, whoever imports: the right to
# change them is checked row by row when they are applied.
IMPORT_READER = Actor.system("excel-import")


class CodedSheet(ABC):
    """A sheet of one group's records matched by their code; subclasses say how a record reads."""

    spec: SheetSpec

    def __init__(self, group_id: int, today: date) -> None:
        self.group_id = group_id
        self.today = today

    @abstractmethod
    def records(self, cur: Cursor, *, actor: Actor, subcommittee_code: str | None = None) -> list[dict[str, Any]]:
        """One flat record per row `actor` may read, with the sheet's column names (`_id`, `_version` kept)."""

    def export(self, cur: Cursor, *, actor: Actor, lang: str, subcommittee_code: str | None = None) -> bytes:
        return write_sheet(self.spec, self.records(cur, actor=actor, subcommittee_code=subcommittee_code), lang)

    def existing(self, cur: Cursor) -> dict[str, dict[str, Any]]:
        return {r["code"]: r for r in self.records(cur, actor=IMPORT_READER)}

    def context(self, cur: Cursor) -> dict:
        """The values lookup columns accept: the organisations and the group's sub-committees."""
        return {
            "organisations": [o.acronym for o in groups.list_organisations(cur)],
            "subcommittees": [s.code for s in groups.list_subcommittees(cur, group_id=self.group_id)],
        }
