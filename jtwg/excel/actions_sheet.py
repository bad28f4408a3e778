"""The action-tracker sheet: one row per action item, matched by code; export, template and import.

Existing items take updates of status, progress, due date (with a reason), owner, evidence and a note,
through the same rules as the app. The text, meeting, agenda item and sub-committee of an existing item
come from the minutes and are not changed by an import (a different value is reported, not ignored).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from jtwg.excel.coded_sheet import CodedSheet
from jtwg.excel.importer import same, validation_problems
from jtwg.excel.sheet import (
    BoolKind, ChoiceKind, Column, DateKind, IntKind, Kind, LookupKind, SheetSpec, TextKind,
)
from jtwg.i18n import country_name, t
from jtwg.excel.workbook import SheetRow, write_sheet
from jtwg.models import ActionItemCreate, ActionItemUpdate, ActionStatus, Actor, Bilingual
from jtwg.services import actions as service
from jtwg.store import groups
from jtwg.store.records import Cursor
from jtwg.row_problems import RowProblem

class DelegationKind(Kind):
    """A derived delegation (NE, NG, secretariat, ...) written as its name in the sheet's language."""

    def write(self, value: Any, lang: str) -> Any:
        if not value:
            return None
        return country_name(value, lang) if len(value) == 2 and value.isupper() else t(f"enum.Delegation.{value}", lang)


SPEC = SheetSpec("excel.actions_sheet", (
    Column("code", "actions.col_code", TextKind(40, r"[A-Za-z0-9][A-Za-z0-9._/-]*"), required=True, key=True, width=10),
    Column("meeting", "actions.col_meeting_no", LookupKind(source="meetings", error_key="excel.unknown_meeting"), width=9,
           hint_key="excel.hint_new_only"),
    Column("agenda_item", "actions.col_agenda_item", TextKind(40), width=14, hint_key="excel.hint_new_only"),
    Column("subcommittee", "actions.col_subcommittee_code", LookupKind(source="subcommittees", error_key="excel.unknown_subcommittee"),
           width=12, hint_key="excel.hint_new_only"),
    Column("text_en", "actions.col_action_en", TextKind(5000), width=50, hint_key="excel.hint_new_only"),
    Column("text_fr", "actions.col_action_fr", TextKind(5000), width=50, hint_key="excel.hint_new_only"),
    Column("owner", "actions.col_owner", LookupKind(source="organisations", error_key="excel.unknown_org"), width=14),
    Column("owner_person", "actions.col_owner_person", LookupKind(source="people", error_key="excel.unknown_person"), width=16),
    Column("delegation", "actions.col_delegation", DelegationKind(), imported=False, width=12),
    Column("due_date", "actions.col_due", DateKind(), clearable=False, width=12),
    Column("due_change_reason", "actions.col_reason", TextKind(1000), exported=False, width=28, hint_key="excel.hint_reason"),
    Column("status", "actions.col_status", ChoiceKind(enum=ActionStatus), clearable=False, width=12),
    Column("progress_pct", "actions.col_progress", IntKind(0, 100), clearable=False, width=10),
    Column("done_on", "actions.col_done_on", DateKind(), clearable=False, width=12),
    Column("evidence", "actions.col_evidence", TextKind(2000), width=30),
    Column("evidence_link", "actions.col_evidence_link", TextKind(500), width=30),
    Column("note", "actions.col_note", TextKind(5000), exported=False, width=30, hint_key="excel.hint_note"),
    Column("overdue", "actions.col_overdue", BoolKind(), imported=False, width=10),
    Column("updated", "actions.col_updated", TextKind(), imported=False, width=18),
))

CREATE_ONLY = ("meeting", "agenda_item", "subcommittee", "text_en", "text_fr")
FIELDS = {"text": "text_en", "meeting_seq": "meeting", "agenda_item_ref": "agenda_item",
          "subcommittee_code": "subcommittee", "owner_acronym": "owner", "owner_person_ref": "owner_person",
          "due_change_reason": "due_change_reason"}


class ActionsAdapter(CodedSheet):
    """Imports action items of one group by code: updates through the app's rules, new codes created."""

    spec = SPEC

    def records(self, cur: Cursor, *, actor: Actor, subcommittee_code: str | None = None) -> list[dict[str, Any]]:
        """The tracker's rows `actor` may read (effective confidentiality), one flat record each."""
        people = {p.id: p.ref for p in groups.list_people(cur)}
        orgs = {o.id: o.acronym for o in groups.list_organisations(cur)}
        filters = service.ActionFilter(subcommittee=subcommittee_code)
        records = []
        for r in service.tracker(cur, group_id=self.group_id, actor=actor, today=self.today, filters=filters):
            a = r.item
            records.append({
                "code": a.code, "meeting": r.meeting_seq, "agenda_item": r.agenda_label,
                "subcommittee": r.subcommittee_code, "text_en": a.text.en or None, "text_fr": a.text.fr or None,
                "owner": orgs.get(a.owner_org_id), "owner_person": people.get(a.owner_person_id),
                "delegation": r.delegation, "due_date": a.due_date, "status": a.status, "progress_pct": a.progress_pct,
                "done_on": a.done_on, "evidence": a.evidence, "evidence_link": a.evidence_link, "overdue": r.overdue,
                "updated": f"{a.updated_at:%Y-%m-%d %H:%M} {a.updated_by}", "_id": a.id, "_version": a.version,
            })
        return records

    def context(self, cur: Cursor) -> dict:
        return {**super().context(cur), "people": [p.ref for p in groups.list_people(cur)],
                "meetings": service.meeting_numbers(cur, group_id=self.group_id)}

    def _update(self, row: SheetRow, current: dict) -> ActionItemUpdate:
        v = row.values
        changed = {name for name in v if name in current and not same(current.get(name), v[name])}
        data: dict[str, Any] = {"note": v.get("note"), "due_change_reason": v.get("due_change_reason")}
        for name, field in (("status", "status"), ("progress_pct", "progress_pct"), ("due_date", "due_date"),
                            ("done_on", "done_on")):
            if name in changed and v[name] is not None:
                data[field] = v[name]
        for name, field in (("owner", "owner_acronym"), ("owner_person", "owner_person_ref"),
                            ("evidence", "evidence"), ("evidence_link", "evidence_link")):
            if name in changed:
                data[field] = v[name] or ""   # "" clears the value
        return ActionItemUpdate.model_validate(data)

    def _create(self, row: SheetRow) -> ActionItemCreate:
        v = row.values
        data = {
            "code": v["code"], "text": Bilingual.of(v.get("text_en") or "", v.get("text_fr") or "",
                                                    source="en" if v.get("text_en") else "fr"),
            "meeting_seq": v.get("meeting"), "agenda_item_ref": v.get("agenda_item"),
            "subcommittee_code": v.get("subcommittee"), "owner_acronym": v.get("owner"),
            "owner_person_ref": v.get("owner_person"), "due_date": v.get("due_date"),
            "status": v.get("status") or ActionStatus.OPEN, "progress_pct": v.get("progress_pct"),
            "done_on": v.get("done_on"),
        }
        return ActionItemCreate.model_validate(data)

    def check(self, cur: Cursor, row: SheetRow, current: dict | None, context: dict) -> list[RowProblem]:
        v = row.values
        problems: list[RowProblem] = []
        column = {c.name: c for c in SPEC.columns}
        try:
            if current is None:
                if not (v.get("text_en") or v.get("text_fr")):
                    problems.append(RowProblem(row.number, None, "excel.text_required", column_key="actions.col_action_en"))
                else:
                    self._create(row)
            else:
                for name in CREATE_ONLY:
                    if name in v and not same(current.get(name), v[name]):
                        problems.append(RowProblem(row.number, None, "excel.not_updatable", {},
                                                   column_key=column[name].header_key))
                update = self._update(row, current)
                if update.due_date is not None and not (update.due_change_reason or "").strip():
                    problems.append(RowProblem(row.number, None, "invalid.due_change_needs_reason",
                                               column_key="actions.col_reason"))
                if "owner" in v and "owner_person" in v and not (v["owner"] or v["owner_person"]):
                    problems.append(RowProblem(row.number, None, "invalid.owner_required", column_key="actions.col_owner"))
        except ValidationError as exc:
            problems += validation_problems(exc, row.number, SPEC, FIELDS)
        return problems

    def apply(self, cur: Cursor, row: SheetRow, current: dict | None, actor: Actor) -> None:
        if current is None:
            service.create_action_item(cur, group_id=self.group_id, data=self._create(row), actor=actor)
        else:
            service.update_action_item(cur, action_id=current["_id"], expected_version=current["_version"],
                                       data=self._update(row, current), actor=actor, today=self.today)


def export_actions(cur: Cursor, *, group_id: int, actor: Actor, lang: str, today: date,
                   subcommittee_code: str | None = None) -> bytes:
    """The action-tracker workbook of what `actor` may read."""
    return ActionsAdapter(group_id, today).export(cur, actor=actor, lang=lang, subcommittee_code=subcommittee_code)


def template(lang: str) -> bytes:
    return write_sheet(SPEC, [], lang)
