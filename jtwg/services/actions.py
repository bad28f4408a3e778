"""Action-item rules: updating with history, a reason when a due date moves, done dates; the tracker read model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Mapping

from pydantic import BaseModel, Field, ValidationError

from jtwg.db import transaction
from jtwg.errors import InvalidInput, JtwgError
from jtwg.models import ActionItem, ActionItemCreate, ActionItemUpdate, ActionStatus, Actor, Bilingual
from jtwg.services import permissions
from jtwg.store import actions as store
from jtwg.store.records import Cursor, history, subcommittee_code, update
from jtwg.store.groups import optional_org_id, optional_person_id
from jtwg.row_problems import RowProblem, RowsRejected
from jtwg.services import scope


def update_action_item(
    cur: Cursor, *, action_id: int, expected_version: int, data: ActionItemUpdate, actor: Actor, today: date,
) -> dict[str, list]:
    """Apply `data` to an action item if nobody saved it since `expected_version`; return the diff.

    Moving the due date needs a reason; marking it done sets the done date (today unless given).
    The update note and the reason are kept in the item's history.
    """
    scope.require(cur, actor, action_item=action_id)
    item = store.get_action_item(cur, action_id=action_id)
    sub_code = subcommittee_code(cur, subcommittee_id=item.subcommittee_id)
    permissions.require(actor, "action_item.update", subcommittee_code=sub_code)
    changes: dict[str, object] = {}
    for name in ("status", "progress_pct", "evidence", "reviewed_at_meeting_id", "evidence_link"):
        value = getattr(data, name)
        if value is not None:
            # An emptied evidence field clears it rather than storing "".
            changes[name] = (value.strip() or None) if isinstance(value, str) else value
    if data.due_date is not None and data.due_date != item.due_date:
        if not (data.due_change_reason or "").strip():
            raise InvalidInput([("due_date", "invalid.due_change_needs_reason", {})])
        # A moved date is fixed from now on: it no longer follows the meeting it came from.
        changes.update(due_date=data.due_date, due_anchor="fixed", due_offset_days=None)
    if data.owner_acronym is not None:
        changes["owner_org_id"] = optional_org_id(cur, data.owner_acronym or None)
    if data.owner_person_ref is not None:
        changes["owner_person_id"] = optional_person_id(cur, data.owner_person_ref or None)
    status = data.status or item.status
    if status is ActionStatus.DONE and item.status is not ActionStatus.DONE:
        changes["done_on"] = data.done_on or today
        changes.setdefault("progress_pct", 100)
    elif status is not ActionStatus.DONE and item.done_on is not None:
        changes["done_on"] = None
    note = "\n".join(x for x in (data.note, data.due_change_reason and f"due date: {data.due_change_reason}") if x) or None
    with transaction(cur):
        return update(cur, "action_item", action_id, changes, expected_version=expected_version, actor=actor, note=note)


def action_history(cur: Cursor, *, action_id: int) -> list[dict]:
    """Every change of one action item, newest first (who, when, what from -> to, note)."""
    return history(cur, entity="action_item", entity_id=action_id)


def create_action_item(cur: Cursor, *, group_id: int, data: ActionItemCreate, actor: Actor) -> int:
    """Create an action item outside the minutes (e.g. from an imported tracker); secretariat only."""
    scope.require(cur, actor, group=group_id)
    permissions.require(actor, "action_item.create", subcommittee_code=data.subcommittee_code)
    return store.create_action_item(cur, group_id=group_id, data=data, actor=actor)


# ---- the tracker: filters, rows with derived delegation / overdue / due soon ----

DUE_SOON_DAYS = 14


class ActionFilter(BaseModel):
    """The tracker's filters; the same names are the page's URL query parameters."""

    subcommittee: str | None = Field(default=None, max_length=40)
    delegation: str | None = Field(default=None, pattern=r"^([A-Z]{2}|secretariat|donor|cso|observer)$")
    owner: str | None = Field(default=None, max_length=40)
    status: ActionStatus | None = None
    overdue: bool = False
    due_within: int | None = Field(default=None, ge=0, le=3650)
    meeting: int | None = Field(default=None, ge=1, le=1000)
    text: str | None = Field(default=None, max_length=200)


# URL query parameter -> filter field (they are the same names; `text` is also accepted as `q`).
QUERY_KEYS = ("subcommittee", "delegation", "owner", "status", "overdue", "due_within", "meeting")


def filter_from_query(params: Mapping[str, str]) -> tuple[ActionFilter, list[str]]:
    """Filters from URL query parameters; values that are not valid are dropped and their names returned."""
    values: dict[str, object] = {}
    for name in QUERY_KEYS:
        raw = params.get(name)
        if raw in (None, ""):
            continue
        values[name] = raw in ("1", "true", "yes") if name == "overdue" else raw
    if params.get("q"):
        values["text"] = params["q"]
    dropped: list[str] = []
    while True:
        try:
            return ActionFilter.model_validate(values), dropped
        except ValidationError as exc:
            bad = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
            if not bad:
                return ActionFilter(), sorted(values)
            dropped += sorted(bad)
            values = {k: v for k, v in values.items() if k not in bad}


def filter_to_query(filters: ActionFilter) -> dict[str, str]:
    """The query parameters that reproduce `filters` (a link other pages can give)."""
    out: dict[str, str] = {}
    for name in QUERY_KEYS:
        value = getattr(filters, name)
        if value in (None, False, ""):
            continue
        out[name] = "1" if value is True else str(getattr(value, "value", value))
    if filters.text:
        out["q"] = filters.text
    return out


@dataclass
class TrackerRow:
    """One action item as the tracker shows it."""

    item: ActionItem
    meeting_seq: int | None
    agenda_label: str | None
    agenda_title: Bilingual | None
    subcommittee_code: str | None
    owner_acronym: str | None
    owner_person_ref: str | None
    delegation: str | None
    overdue: bool
    due_soon: bool
    days_left: int | None

    @property
    def last_update(self) -> datetime:
        return self.item.updated_at


def _tracker_filters(*, group_id: int, actor: Actor, today: date, filters: ActionFilter | None, soon_days: int) -> dict:
    f = filters or ActionFilter()
    return dict(
        group_id=group_id, today=today, max_rank=permissions.max_confidentiality(actor).rank,
        soon_days=soon_days, subcommittee_code=f.subcommittee, delegation=f.delegation,
        owner_acronym=f.owner, status=f.status.value if f.status else None, overdue=f.overdue,
        due_within=f.due_within, meeting_seq=f.meeting, text=f.text,
    )


def tracker(cur: Cursor, *, group_id: int, actor: Actor, today: date, filters: ActionFilter | None = None,
            soon_days: int = DUE_SOON_DAYS, limit: int | None = None, offset: int = 0) -> list[TrackerRow]:
    """The action items `actor` may read, matching `filters`, flagged overdue (past due, still open) or due
    soon (within `soon_days`) by the shared rules. Confidentiality is the item's effective level (the
    higher of its own and its agenda item's): members never get a confidential item, observers public ones only.
    With `limit`, one page: that many items from `offset`, in the same order.
    """
    scope.require(cur, actor, group=group_id)
    found = store.tracker_rows(cur, limit=limit, offset=offset, **_tracker_filters(
        group_id=group_id, actor=actor, today=today, filters=filters, soon_days=soon_days))
    return [TrackerRow(
        item=ActionItem.model_validate(r), meeting_seq=r["meeting_seq"], agenda_label=r["agenda_label"],
        agenda_title=Bilingual.model_validate(r["agenda_title"]) if r["agenda_title"] else None,
        subcommittee_code=r["subcommittee_code"], owner_acronym=r["owner_acronym"],
        owner_person_ref=r["owner_person_ref"], delegation=r["delegation"],
        overdue=r["overdue"], due_soon=r["due_soon"], days_left=r["days_left"],
    ) for r in found]


def tracker_counts(cur: Cursor, *, group_id: int, actor: Actor, today: date, filters: ActionFilter | None = None,
                   soon_days: int = DUE_SOON_DAYS) -> dict[str, int]:
    """Counted in the database, not by reading the rows: how many items `tracker` would return (`total`),
    and how many of them are overdue and due soon."""
    scope.require(cur, actor, group=group_id)
    return store.tracker_counts(cur, **_tracker_filters(
        group_id=group_id, actor=actor, today=today, filters=filters, soon_days=soon_days))


def meeting_numbers(cur: Cursor, *, group_id: int) -> list[int]:
    """The plenary meetings action items can be filtered by."""
    return store.meeting_numbers(cur, group_id=group_id)


# ---- bulk edit: every row checked, all saved or none ----

# Update fields -> the catalogue key of the column that shows them.
FIELD_KEYS = {
    "status": "actions.col_status", "progress_pct": "actions.col_progress", "due_date": "actions.col_due",
    "due_change_reason": "actions.col_reason", "owner_acronym": "actions.col_owner",
    "owner_person_ref": "actions.col_owner_person", "evidence": "actions.col_evidence",
    "evidence_link": "actions.col_evidence_link", "note": "actions.col_note",
}

@dataclass
class RowEdit:
    """One edited row of the bulk editor: which item, the version it was read at, and the change."""

    row: str   # what the user sees to name the row (the action code)
    action_id: int
    expected_version: int
    data: ActionItemUpdate


def apply_edits(cur: Cursor, *, edits: list[RowEdit], actor: Actor, today: date) -> int:
    """Apply every edit in one transaction; if any row fails, nothing is saved and RowsRejected lists them all.

    Returns the number of items that changed.
    """
    problems: list[RowProblem] = []
    changed = 0
    with transaction(cur):
        for edit in edits:
            try:
                diff = update_action_item(cur, action_id=edit.action_id, expected_version=edit.expected_version,
                                          data=edit.data, actor=actor, today=today)
                changed += bool(diff)
            except InvalidInput as exc:
                problems += [RowProblem(edit.row, None, key, params, column_key=FIELD_KEYS.get(field))
                             for field, key, params in exc.problems]
            except JtwgError as exc:
                problems.append(RowProblem(edit.row, None, exc.key, exc.params))
        if problems:
            raise RowsRejected(problems)
    return changed
