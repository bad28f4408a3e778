"""The MoU workbook: a Provisions sheet (by article and paragraph) and a Commitments sheet (by code), imported together.

Provisions are applied before commitments, in one transaction, so a commitment may sit under a
provision that the same file adds. A commitment's linked activities, action items and decisions are
lists of codes: when the column is in the file, the list replaces the current links.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from jtwg.errors import NotFound
from jtwg.excel.coded_sheet import IMPORT_READER
from jtwg.excel.importer import FILE_KEYS, same, validation_problems
from jtwg.excel.sheet import (
    BoolKind, ChoiceKind, Column, DateKind, IntKind, ListKind, LookupKind, SheetSpec, TextKind, fold,
)
from jtwg.excel.workbook import SheetRow, write_book
from jtwg.excel.workplan_sheet import bilingual
from jtwg.models import (
    Actor, Bilingual, CommitmentCreate, CommitmentStatus, CommitmentUpdate, Pillar, ProvisionCreate, ProvisionUpdate,
    Rag, Recurrence,
)
from jtwg.services import mou as service
from jtwg.store import actions as action_store
from jtwg.store import groups
from jtwg.store import links
from jtwg.store import meetings as meeting_store
from jtwg.store import mou as mou_store
from jtwg.store import workplan as workplan_store
from jtwg.services.permissions import may_read
from jtwg.services.workplan import may_read_plans
from jtwg.store.records import Cursor, last_changes
from jtwg.row_problems import RowProblem

NUMBER = r"[^.]+"   # an article or paragraph number: no dot, the dot joins them ("8.2")
CODES_JOINER = ", "
ORG = LookupKind(source="organisations", error_key="excel.unknown_org")

PROVISIONS = SheetSpec("excel.mou_provisions_sheet", (
    Column("article", "mou_xl.col_article", TextKind(20, NUMBER), required=True, key=True, width=9),
    Column("paragraph", "mou_xl.col_paragraph", TextKind(20, NUMBER), key=True, width=11, hint_key="excel.hint_paragraph"),
    Column("heading_en", "mou_xl.col_heading_en", TextKind(500), width=28),
    Column("heading_fr", "mou_xl.col_heading_fr", TextKind(500), width=28),
    Column("text_en", "mou_xl.col_text_en", TextKind(5000), width=50),
    Column("text_fr", "mou_xl.col_text_fr", TextKind(5000), width=50),
    Column("pillar", "mou_xl.col_pillar", ChoiceKind(enum=Pillar), width=14),
    Column("subcommittee", "workplan.col_subcommittee", LookupKind(source="subcommittees", error_key="excel.unknown_subcommittee"),
           width=12, hint_key="excel.hint_subcommittee"),
    Column("commitments", "mou_xl.col_commitments", ListKind(joiner=CODES_JOINER), imported=False, width=16),
    Column("progress", "mou_xl.col_progress", IntKind(), imported=False, width=11, hint_key="excel.hint_score"),
    Column("needs_activity", "mou_xl.col_needs_activity", BoolKind(), imported=False, width=11),
    Column("updated", "workplan.col_updated", TextKind(), imported=False, width=18),
), key_rule_key="excel.rule_key_provision")

class ProvisionRefKind(TextKind):
    """A provision as people cite it: "8.2", "Article 8.2" or "Art. 8.2" all read as "8.2"."""

    def parse(self, value: Any, context: dict) -> Any:
        text = super().parse(value, context)
        if text is None:
            return None
        words = text.split()
        if len(words) > 1 and fold(words[0]).rstrip(".") in ("article", "art"):
            text = " ".join(words[1:])
        return text


COMMITMENTS = SheetSpec("excel.mou_commitments_sheet", (
    Column("code", "mou_xl.col_code", TextKind(40, r"[A-Za-z0-9][A-Za-z0-9._/-]*"), required=True, key=True, width=10),
    Column("provision", "mou_xl.col_provision", ProvisionRefKind(60), clearable=False, width=14, hint_key="excel.hint_provision_ref"),
    Column("description_en", "mou_xl.col_description_en", TextKind(5000), width=45),
    Column("description_fr", "mou_xl.col_description_fr", TextKind(5000), width=45),
    Column("responsible", "mou_xl.col_responsible", ListKind(ORG, joiner=CODES_JOINER), clearable=False, width=20,
           hint_key="excel.hint_org_list"),
    Column("due_date", "mou_xl.col_due", DateKind(), width=12, hint_key="excel.hint_due_or_recurrence"),
    Column("recurrence", "mou_xl.col_recurrence", ChoiceKind(enum=Recurrence), width=18),
    Column("status", "mou_xl.col_status", ChoiceKind(enum=CommitmentStatus), clearable=False, width=16,
           hint_key="excel.hint_fulfilled"),
    Column("rag", "mou_xl.col_rag", ChoiceKind(enum=Rag), width=12),
    Column("rag_reason_en", "mou_xl.col_rag_reason_en", TextKind(2000), width=30, hint_key="excel.hint_rag_reason"),
    Column("rag_reason_fr", "mou_xl.col_rag_reason_fr", TextKind(2000), width=30),
    Column("evidence_en", "mou_xl.col_evidence_en", TextKind(2000), width=30),
    Column("evidence_fr", "mou_xl.col_evidence_fr", TextKind(2000), width=30),
    Column("evidence_link", "mou_xl.col_evidence_link", TextKind(2000), width=28),
    Column("reviewed_meeting", "mou_xl.col_reviewed", LookupKind(source="meetings", error_key="excel.unknown_meeting"),
           width=12, hint_key="excel.hint_reviewed"),
    Column("activities", "mou_xl.col_activities",
           ListKind(LookupKind(source="activities", error_key="excel.unknown_activity"), joiner=CODES_JOINER, as_set=True),
           width=16, hint_key="excel.hint_links"),
    Column("actions", "mou_xl.col_actions",
           ListKind(LookupKind(source="actions", error_key="excel.unknown_action"), joiner=CODES_JOINER, as_set=True),
           width=16, hint_key="excel.hint_links"),
    Column("decisions", "mou_xl.col_decisions",
           ListKind(LookupKind(source="decisions", error_key="excel.unknown_decision"), joiner=CODES_JOINER, as_set=True),
           width=22, hint_key="excel.hint_decisions"),
    Column("note", "actions.col_note", TextKind(1000), exported=False, width=28, hint_key="excel.hint_commitment_note"),
    Column("score", "mou_xl.col_score", IntKind(), imported=False, width=10, hint_key="excel.hint_score"),
    Column("updated", "workplan.col_updated", TextKind(), imported=False, width=18),
))

SPECS = (PROVISIONS, COMMITMENTS)
PROVISION_TEXTS = {"heading": ("heading_en", "heading_fr"), "text": ("text_en", "text_fr")}
COMMITMENT_TEXTS = {"description": ("description_en", "description_fr"), "rag_reason": ("rag_reason_en", "rag_reason_fr"),
                    "evidence": ("evidence_en", "evidence_fr")}
LINK_COLUMNS = {"activities": "activity", "actions": "action", "decisions": "decision"}
COMMITMENT_FIELDS = ("description_en", "description_fr", "responsible", "due_date", "recurrence", "status", "rag",
                     "rag_reason_en", "rag_reason_fr", "evidence_en", "evidence_fr", "evidence_link", "reviewed_meeting")
# Model fields -> column names, to name the column of a validation error.
PROVISION_MODEL_FIELDS = {"heading": "heading_en", "text": "text_en", "subcommittee_code": "subcommittee"}
COMMITMENT_MODEL_FIELDS = {"description": "description_en", "responsible_acronyms": "responsible", "rag_reason": "rag_reason_en",
                           "evidence": "evidence_en", "evidence_url": "evidence_link",
                           "last_reviewed_meeting_seq": "reviewed_meeting"}
# Rules about several fields at once, shown on the column the user has to fill.
RULE_COLUMNS = {"invalid.due_or_recurrence_required": "mou_xl.col_due", "invalid.rag_reason_required": "mou_xl.col_rag_reason_en"}
IMPORT_NOTE = "Excel import"


def codes(values) -> list[str]:
    """Link codes once each, in the order the sheet reads them (so an export re-imports unchanged)."""
    return sorted(set(values), key=lambda v: fold(str(v)))


def decision_code(ref: service.DecisionRef) -> str:
    """"4/iii/1": plenary meeting number, agenda item label, rank of the decision in the item."""
    return f"{ref.meeting_seq}/{ref.item_label or ''}/{ref.position}"


def _texts(record: dict[str, Any], values: dict[str, Bilingual | None], columns: dict[str, tuple[str, str]]) -> None:
    for name, (en, fr) in columns.items():
        record[en] = values[name].en or None if values[name] else None
        record[fr] = values[name].fr or None if values[name] else None


def _in_scope(pv: service.ProvisionView, subcommittee_id: int | None, scoped: bool) -> bool:
    return not scoped or pv.provision.subcommittee_id == subcommittee_id


def _scope(cur: Cursor, group_id: int, subcommittee_code: str | None) -> tuple[int | None, bool]:
    if subcommittee_code is None:
        return None, False
    return groups.subcommittee_id(cur, group_id=group_id, code=subcommittee_code), True


def provision_records(cur: Cursor, *, group_id: int, actor: Actor, subcommittee_code: str | None = None) -> list[dict[str, Any]]:
    """One flat record per provision, with the Provisions sheet's column names (nothing for an observer:
    the MoU's follow-up is the group's internal content, like its work plans)."""
    view = service.mou_view(cur, group_id=group_id) if may_read_plans(actor) else None
    if view is None:
        return []
    sub_id, scoped = _scope(cur, group_id, subcommittee_code)
    sub_codes = {s.id: s.code for s in groups.list_subcommittees(cur, group_id=group_id)}
    updated = last_changes(cur, table="mou_provision")
    records = []
    for pv in view.provisions:
        if not _in_scope(pv, sub_id, scoped):
            continue
        p = pv.provision
        record = {
            "article": p.article, "paragraph": p.paragraph, "pillar": p.pillar,
            "subcommittee": sub_codes.get(p.subcommittee_id), "commitments": [c.commitment.code for c in pv.commitments],
            "progress": None if pv.progress is None else round(pv.progress), "needs_activity": pv.needs_activity,
            "updated": updated.get(p.id), "_id": p.id, "_version": p.version,
            "_texts": {"heading": p.heading, "text": p.text},
        }
        _texts(record, record["_texts"], PROVISION_TEXTS)
        records.append(record)
    return records


def commitment_records(cur: Cursor, *, group_id: int, actor: Actor, subcommittee_code: str | None = None) -> list[dict[str, Any]]:
    """One flat record per commitment, with the Commitments sheet's column names; linked action items
    are listed only when `actor` may read them (their effective confidentiality)."""
    view = service.mou_view(cur, group_id=group_id) if may_read_plans(actor) else None
    if view is None:
        return []
    sub_id, scoped = _scope(cur, group_id, subcommittee_code)
    acronyms = {o.id: o.acronym for o in groups.list_organisations(cur)}
    seqs = {m.id: m.sequence_no for m in meeting_store.list_meetings(cur, group_id=group_id)}
    updated = last_changes(cur, table="commitment")
    records = []
    for pv in view.provisions:
        if not _in_scope(pv, sub_id, scoped):
            continue
        for cv in pv.commitments:
            c = cv.commitment
            linked = {"activities": codes(a.code for a in cv.activities), "actions": codes(a.code for a in cv.actions if may_read(actor, a.confidentiality)),
                      "decisions": codes(decision_code(d) for d in cv.decisions)}
            record = {
                "code": c.code, "provision": pv.provision.number,
                "responsible": [acronyms.get(o, str(o)) for o in c.responsible_org_ids],
                "due_date": c.due_date, "recurrence": c.recurrence, "status": c.status, "rag": c.rag,
                "evidence_link": c.evidence_url, "reviewed_meeting": seqs.get(c.last_reviewed_meeting_id),
                **linked, "score": None if cv.score is None else round(cv.score), "updated": updated.get(c.id),
                "_id": c.id, "_version": c.version,
                # What "changed since the preview" compares: the record's version and its links (they have no version).
                "_stamp": (c.version, *(tuple(v) for v in linked.values())),
                "_texts": {"description": c.description, "rag_reason": c.rag_reason, "evidence": c.evidence},
            }
            _texts(record, record["_texts"], COMMITMENT_TEXTS)
            records.append(record)
    return records


def export_mou(cur: Cursor, *, group_id: int, actor: Actor, lang: str, today: date | None = None,
               subcommittee_code: str | None = None) -> bytes:
    """The MoU workbook of what `actor` may read: provisions, commitments (of one sub-committee's
    provisions, if given) and notes."""
    return write_book([
        (PROVISIONS, provision_records(cur, group_id=group_id, actor=actor, subcommittee_code=subcommittee_code)),
        (COMMITMENTS, commitment_records(cur, group_id=group_id, actor=actor, subcommittee_code=subcommittee_code)),
    ], lang)


def template(lang: str) -> bytes:
    return write_book([(PROVISIONS, []), (COMMITMENTS, [])], lang)


def _merged(row: SheetRow, current: dict | None) -> dict[str, Any]:
    merged = dict(current or {})
    merged.update(row.values)
    return merged


def _model_problems(exc: ValidationError, row: int, spec: SheetSpec, fields: dict[str, str]) -> list[RowProblem]:
    """Validation errors by column; a rule about several fields is shown on the column to fill in."""
    found = []
    for p in validation_problems(exc, row, spec, fields):
        if p.column_key is None and p.key in RULE_COLUMNS:
            p = RowProblem(p.row, None, p.key, p.params, column_key=RULE_COLUMNS[p.key])
        elif p.key == "invalid.too_short" and p.column_key == "mou_xl.col_responsible":
            p = RowProblem(p.row, None, "invalid.missing", {}, column_key=p.column_key)   # an empty list of parties
        found.append(p)
    return found


class ProvisionsAdapter:
    """Imports the provisions of the group's MoU by article and paragraph: new ones are added at the end."""

    spec = PROVISIONS

    def __init__(self, group_id: int) -> None:
        self.group_id = group_id

    def context(self, cur: Cursor) -> dict:
        return {"subcommittees": [s.code for s in groups.list_subcommittees(cur, group_id=self.group_id)],
                "has_mou": mou_store.get_mou(cur, group_id=self.group_id) is not None}

    def existing(self, cur: Cursor) -> dict[str, dict[str, Any]]:
        return {f"{r['article']}.{r['paragraph']}" if r["paragraph"] else r["article"]: r
                for r in provision_records(cur, group_id=self.group_id, actor=IMPORT_READER)}

    def _model(self, row: SheetRow, current: dict | None):
        v = _merged(row, current)
        previous = (current or {}).get("_texts", {})
        data = {"article": v.get("article"), "paragraph": v.get("paragraph"), "pillar": v.get("pillar"),
                "subcommittee_code": v.get("subcommittee"),
                "heading": bilingual(v.get("heading_en"), v.get("heading_fr"), previous.get("heading")),
                "text": bilingual(v.get("text_en"), v.get("text_fr"), previous.get("text")) or Bilingual.of("", "")}
        return (ProvisionCreate if current is None else ProvisionUpdate).model_validate(data)

    def check(self, cur: Cursor, row: SheetRow, current: dict | None, context: dict) -> list[RowProblem]:
        if current is None and not context.get("has_mou"):
            return [RowProblem(row.number, None, "error.no_mou")]
        try:
            self._model(row, current)
        except ValidationError as exc:
            return _model_problems(exc, row.number, PROVISIONS, PROVISION_MODEL_FIELDS)
        return []

    def apply(self, cur: Cursor, row: SheetRow, current: dict | None, actor: Actor) -> None:
        model = self._model(row, current)
        if current is None:
            service.create_provision(cur, group_id=self.group_id, data=model, actor=actor)
        else:
            service.update_provision(cur, group_id=self.group_id, provision_id=current["_id"],
                                     expected_version=current["_version"], data=model, actor=actor)


class CommitmentsAdapter:
    """Imports commitments by code: fields through the MoU service's rules, links replaced by the listed codes."""

    spec = COMMITMENTS

    def __init__(self, group_id: int) -> None:
        self.group_id = group_id
        self._decision_ids: dict[str, int] | None = None

    def _decisions(self, cur: Cursor) -> dict[str, int]:
        """Decision code -> id, read once per import (an import adds no decisions)."""
        if self._decision_ids is None:
            self._decision_ids = {decision_code(d): d.id for d in service.decision_refs(cur, group_id=self.group_id)}
        return self._decision_ids

    def context(self, cur: Cursor) -> dict:
        self._decision_ids = None   # a new preview or import: read the decisions afresh
        agreement = mou_store.get_mou(cur, group_id=self.group_id)
        provisions = mou_store.list_provisions(cur, mou_id=agreement.id) if agreement else []
        return {
            "organisations": [o.acronym for o in groups.list_organisations(cur)],
            "meetings": [m.sequence_no for m in meeting_store.list_meetings(cur, group_id=self.group_id) if m.subcommittee_id is None],
            "activities": [a.code for a in workplan_store.list_activities(cur, group_id=self.group_id)],
            "actions": [a.code for a in action_store.list_action_items(cur, group_id=self.group_id)],
            "decisions": list(self._decisions(cur)),
            "provisions": {fold(p.number) for p in provisions},
        }

    def existing(self, cur: Cursor) -> dict[str, dict[str, Any]]:
        return {r["code"]: r for r in commitment_records(cur, group_id=self.group_id, actor=IMPORT_READER)}

    def _model(self, row: SheetRow, current: dict | None):
        v = _merged(row, current)
        previous = (current or {}).get("_texts", {})
        texts = {name: bilingual(v.get(en), v.get(fr), previous.get(name)) for name, (en, fr) in COMMITMENT_TEXTS.items()}
        data = {
            "code": v.get("code"), "description": texts["description"] or Bilingual.of("", ""),
            "responsible_acronyms": v.get("responsible") or [], "due_date": v.get("due_date"),
            "recurrence": v.get("recurrence"), "rag": v.get("rag"), "rag_reason": texts["rag_reason"],
            "evidence": texts["evidence"], "evidence_url": v.get("evidence_link"),
            "last_reviewed_meeting_seq": v.get("reviewed_meeting"),
        }
        if v.get("status") is not None:
            data["status"] = v["status"]
        return (CommitmentCreate if current is None else CommitmentUpdate).model_validate(data)

    def check(self, cur: Cursor, row: SheetRow, current: dict | None, context: dict) -> list[RowProblem]:
        v = row.values
        problems: list[RowProblem] = []
        ref = v.get("provision")
        if current is None:
            in_file = context.get(FILE_KEYS, {}).get(PROVISIONS.title_key, set())
            if ref is None:
                problems.append(RowProblem(row.number, None, "excel.provision_required", column_key="mou_xl.col_provision"))
            elif fold(ref) not in context.get("provisions", set()) | in_file:
                problems.append(RowProblem(row.number, None, "excel.unknown_provision", {"value": v["provision"]},
                                           column_key="mou_xl.col_provision"))
        elif ref is not None and fold(ref) != fold(current["provision"]):
            problems.append(RowProblem(row.number, None, "excel.provision_fixed", {"current": current["provision"]},
                                       column_key="mou_xl.col_provision"))
        try:
            model = self._model(row, current)
        except ValidationError as exc:
            return problems + _model_problems(exc, row.number, COMMITMENTS, COMMITMENT_MODEL_FIELDS)
        decisions = v["decisions"] if "decisions" in v else (current or {}).get("decisions", [])
        if model.status is CommitmentStatus.FULFILLED and not (model.evidence or model.evidence_url or decisions):
            problems.append(RowProblem(row.number, None, "invalid.fulfilled_needs_evidence", column_key="mou_xl.col_evidence_en"))
        return problems

    def _provision_id(self, cur: Cursor, ref: str) -> int:
        """The provision cited as `ref`, which may have been added by this import's Provisions sheet."""
        agreement = mou_store.get_mou(cur, group_id=self.group_id)
        found = mou_store.list_provisions(cur, mou_id=agreement.id) if agreement else []
        match = next((p.id for p in found if fold(p.number) == fold(ref)), None)
        if match is None:
            raise NotFound(key="error.unknown_provision", ref=ref)
        return match

    def _target_ids(self, cur: Cursor, column: str, values: list[str]) -> set[int]:
        if not values:
            return set()
        if column == "activities":
            return {links.activity_id_by_code(cur, code) for code in values}
        if column == "actions":
            return {links.action_id_by_code(cur, code) for code in values}
        decisions = self._decisions(cur)
        return {decisions[code] for code in values}

    def _sync_links(self, cur: Cursor, commitment_id: int, row: SheetRow, actor: Actor) -> None:
        """Make the commitment's links those listed in each link column present in the row."""
        for column, kind in LINK_COLUMNS.items():
            if column not in row.values:
                continue
            wanted = self._target_ids(cur, column, row.values[column])
            now = {target for _, target in links.linked(cur, kind=kind, commitment_id=commitment_id)}
            for target in sorted(now - wanted):
                service.unlink_work(cur, group_id=self.group_id, commitment_id=commitment_id, kind=kind,
                                    target_id=target, actor=actor)
            for target in sorted(wanted - now):
                service.link_work(cur, group_id=self.group_id, commitment_id=commitment_id, kind=kind,
                                  target_id=target, actor=actor)

    def apply(self, cur: Cursor, row: SheetRow, current: dict | None, actor: Actor) -> None:
        v = row.values
        model = self._model(row, current)
        note = (v.get("note") or "").strip() or None
        if current is None:
            decision_ids = sorted(self._target_ids(cur, "decisions", v.get("decisions", [])))
            new_id = service.create_commitment(cur, group_id=self.group_id, provision_id=self._provision_id(cur, v["provision"]),
                                               data=model, actor=actor, decision_ids=decision_ids)
            self._sync_links(cur, new_id, SheetRow(row.number, {k: v[k] for k in ("activities", "actions") if k in v}), actor)
            return
        # Links first: a decision linked by this row is the evidence a "fulfilled" status may rely on.
        self._sync_links(cur, current["_id"], row, actor)
        fields_changed = any(name in v and not same(current.get(name), v[name]) for name in COMMITMENT_FIELDS)
        if fields_changed or note:
            service.update_commitment(cur, group_id=self.group_id, commitment_id=current["_id"],
                                      expected_version=current["_version"], data=model, actor=actor,
                                      note=note or IMPORT_NOTE)


def adapters(group_id: int, today: date | None = None) -> list:
    """The MoU workbook's sheets, in the order they are applied: provisions, then the commitments under them.

    `today` is not used: it is accepted so the command line builds every sheet's adapters the same way.
    """
    return [ProvisionsAdapter(group_id), CommitmentsAdapter(group_id)]
