"""The work-plan sheet: one row per activity, matched by activity code; export, template and import."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from jtwg.excel.coded_sheet import CodedSheet
from jtwg.excel.importer import validation_problems
from jtwg.excel.sheet import (
    BoolKind, ChoiceKind, Column, DateKind, DecimalKind, IntKind, ListKind, LookupKind, SheetSpec, TextKind,
)
from jtwg.excel.workbook import SheetRow, write_sheet
from jtwg.models import ActivityCreate, ActivityStatus, ActivityUpdate, Actor, Bilingual, FundingSource
from jtwg.services import workplan as service
from jtwg.store import groups
from jtwg.store import workplan as store
from jtwg.store.records import Cursor
from jtwg.row_problems import RowProblem

ORG = LookupKind(source="organisations", error_key="excel.unknown_org")

SPEC = SheetSpec("excel.workplan_sheet", (
    Column("code", "workplan.col_code", TextKind(40, r"[A-Za-z0-9][A-Za-z0-9._/-]*"), required=True, key=True, width=10),
    Column("subcommittee", "workplan.col_subcommittee", LookupKind(source="subcommittees", error_key="excel.unknown_subcommittee"),
           width=12, hint_key="excel.hint_subcommittee"),
    Column("title_en", "workplan.col_title_en", TextKind(500), width=40),
    Column("title_fr", "workplan.col_title_fr", TextKind(500), width=40),
    Column("description_en", "workplan.col_description_en", TextKind(5000), width=40),
    Column("description_fr", "workplan.col_description_fr", TextKind(5000), width=40),
    Column("lead", "workplan.col_lead", ORG, width=14),
    Column("partners", "workplan.col_partners", ListKind(ORG), width=22, hint_key="excel.hint_list"),
    Column("planned_start", "workplan.col_start", DateKind(), width=12),
    Column("planned_end", "workplan.col_end", DateKind(), width=12),
    Column("location", "workplan.col_location", TextKind(200), width=18),
    Column("budget_amount", "workplan.col_budget", DecimalKind(minimum=0), width=12),
    Column("currency", "workplan.col_currency", TextKind(3, r"[A-Z]{3}"), width=9),
    Column("funding_source", "workplan.col_funding", ChoiceKind(enum=FundingSource), clearable=False, width=18),
    Column("indicator_en", "workplan.col_indicator_en", TextKind(2000), width=30),
    Column("indicator_fr", "workplan.col_indicator_fr", TextKind(2000), width=30),
    Column("target", "workplan.col_target", TextKind(200), width=14),
    Column("status", "workplan.col_status", ChoiceKind(enum=ActivityStatus), clearable=False, width=14),
    Column("progress_pct", "workplan.col_progress", IntKind(0, 100), width=10),
    Column("mov_en", "workplan.col_mov_en", TextKind(2000), width=28),
    Column("mov_fr", "workplan.col_mov_fr", TextKind(2000), width=28),
    Column("overdue", "workplan.col_overdue", BoolKind(), imported=False, width=10),
    Column("updated", "workplan.col_updated", TextKind(), imported=False, width=18),
))

# Model fields -> column names, to name the column of a validation error.
FIELDS = {"title": "title_en", "description": "description_en", "lead_acronym": "lead",
          "partner_acronyms": "partners", "indicator": "indicator_en", "means_of_verification": "mov_en"}
BILINGUAL = {"title": ("title_en", "title_fr"), "description": ("description_en", "description_fr"),
             "indicator": ("indicator_en", "indicator_fr"), "means_of_verification": ("mov_en", "mov_fr")}


def bilingual(en: str | None, fr: str | None, previous: Bilingual | None) -> Bilingual | None:
    """A text from its two cells, keeping the previous source language and state when nothing changed."""
    en, fr = (en or "").strip(), (fr or "").strip()
    if not en and not fr:
        return None
    if previous is not None and previous.en == en and previous.fr == fr:
        return previous
    source = previous.source.value if previous is not None and (en if previous.source.value == "en" else fr) else ("en" if en else "fr")
    return Bilingual.of(en, fr, source=source)


class WorkplanAdapter(CodedSheet):
    """Imports activities of one group by code: new codes are created in their sub-committee's current work plan."""

    spec = SPEC

    def records(self, cur: Cursor, *, actor: Actor, subcommittee_code: str | None = None) -> list[dict[str, Any]]:
        """The activities `actor` may read, one flat record each."""
        acronyms = {o.id: o.acronym for o in groups.list_organisations(cur)}
        records = []
        for r in service.activity_rows(cur, group_id=self.group_id, actor=actor, today=self.today,
                                       subcommittee_code=subcommittee_code):
            a = r.activity
            texts = {name: getattr(a, name) for name in BILINGUAL}
            record = {
                "code": a.code, "subcommittee": r.subcommittee, "lead": r.lead,
                "partners": [acronyms.get(i, str(i)) for i in a.partner_org_ids],
                "planned_start": a.planned_start, "planned_end": a.planned_end, "location": a.location,
                "budget_amount": a.budget_amount, "currency": a.currency, "funding_source": a.funding_source,
                "target": a.target, "status": a.status, "progress_pct": a.progress_pct, "overdue": r.overdue,
                "updated": f"{a.updated_at:%Y-%m-%d %H:%M} {a.updated_by}",
                "_id": a.id, "_version": a.version, "_texts": texts,
            }
            for name, (en, fr) in BILINGUAL.items():
                record[en] = texts[name].en if texts[name] else None
                record[fr] = texts[name].fr if texts[name] else None
            records.append(record)
        return records

    def _merged(self, row: SheetRow, current: dict | None) -> dict[str, Any]:
        merged = {k: v for k, v in (current or {}).items()}
        merged.update(row.values)
        return merged

    def _fields(self, values: dict[str, Any], current: dict | None) -> dict[str, Any]:
        previous = (current or {}).get("_texts", {})
        data = {
            "lead_acronym": values.get("lead"), "partner_acronyms": values.get("partners") or [],
            "planned_start": values.get("planned_start"), "planned_end": values.get("planned_end"),
            "location": values.get("location"), "budget_amount": values.get("budget_amount"),
            "currency": values.get("currency"), "target": values.get("target"),
            "progress_pct": values.get("progress_pct"),
        }
        for name in ("funding_source", "status"):
            if values.get(name) is not None:
                data[name] = values[name]
        for name, (en, fr) in BILINGUAL.items():
            data[name] = bilingual(values.get(en), values.get(fr), previous.get(name))
        return data

    def _model(self, row: SheetRow, current: dict | None):
        values = self._merged(row, current)
        data = self._fields(values, current)
        if current is None:
            return ActivityCreate.model_validate({**data, "code": values["code"]})
        return ActivityUpdate.model_validate(data)

    def _workplan_id(self, cur: Cursor, code: str | None) -> int | None:
        sub_id = groups.subcommittee_id(cur, group_id=self.group_id, code=code) if code else None
        return store.current_workplan_id(cur, group_id=self.group_id, subcommittee_id=sub_id)

    @staticmethod
    def _moves(row: SheetRow, current: dict | None) -> bool:
        """A new row, or one whose sub-committee changed: it needs that sub-committee's current work plan."""
        return current is None or ("subcommittee" in row.values and row.values["subcommittee"] != current.get("subcommittee"))

    def check(self, cur: Cursor, row: SheetRow, current: dict | None, context: dict) -> list[RowProblem]:
        problems: list[RowProblem] = []
        try:
            self._model(row, current)
        except ValidationError as exc:
            problems += validation_problems(exc, row.number, SPEC, FIELDS)
        if current is None and not (row.values.get("title_en") or row.values.get("title_fr")):
            problems.append(RowProblem(row.number, None, "excel.title_required", column_key="workplan.col_title_en"))
        if self._moves(row, current) and self._workplan_id(cur, row.values.get("subcommittee")) is None:
            problems.append(RowProblem(row.number, None, "excel.no_workplan",
                                       {"ref": row.values.get("subcommittee") or "JTWG"}, column_key="workplan.col_subcommittee"))
        return [p for i, p in enumerate(problems) if p not in problems[:i]]

    def apply(self, cur: Cursor, row: SheetRow, current: dict | None, actor: Actor) -> None:
        model = self._model(row, current)
        target = self._workplan_id(cur, row.values.get("subcommittee")) if self._moves(row, current) else None
        if current is None:
            service.create_activity(cur, workplan_id=target, data=model, actor=actor)
        else:
            service.update_activity(cur, activity_id=current["_id"], expected_version=current["_version"], data=model,
                                    actor=actor, workplan_id=target, note="Excel import")


def export_workplan(cur: Cursor, *, group_id: int, actor: Actor, lang: str, today: date,
                    subcommittee_code: str | None = None) -> bytes:
    """The work-plan workbook of what `actor` may read (nothing for an observer)."""
    return WorkplanAdapter(group_id, today).export(cur, actor=actor, lang=lang, subcommittee_code=subcommittee_code)


def template(lang: str) -> bytes:
    return write_sheet(SPEC, [], lang)
