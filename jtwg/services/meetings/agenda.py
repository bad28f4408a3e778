"""The agenda: standard items, order, labels, presenters, confidentiality, and matters arising from earlier meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from jtwg.db import transaction
from jtwg.errors import InvalidInput, StillReferenced
from jtwg.i18n import LANGS, ordinal, t
from jtwg.models import (
    ActionItem, ActionItemUpdate, ActionReview, Actor, AgendaItem, AgendaItemCreate, AgendaItemUpdate,
    AgendaKind, Bilingual, Confidentiality, MinuteEntryCreate, SessionKind,
)
from jtwg.services import actions as action_service
from jtwg.services import permissions
from jtwg.services.meetings.minutes import neutral_item, sees_neutral_titles
from jtwg.services.meetings.shared import ROMAN, both_languages, editable_item, ensure_editable, require_reader
from jtwg.services.translation.generation import matter_outcome
from jtwg.store import groups
from jtwg.store import links
from jtwg.store import meetings as store
from jtwg.store.records import Cursor, delete, update
from jtwg.services import scope



def agenda_items(cur: Cursor, *, meeting_id: int, actor: Actor) -> list[AgendaItem]:
    """The meeting's agenda in order, as `actor` may read it.

    Co-chairs and the secretariat read every item; members read an item above their level as its neutral
    public title only (no presenter, no protected case); observers read public items only.
    """
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    shown = []
    for item in store.list_agenda_items(cur, meeting_id=meeting_id):
        if permissions.may_read(actor, item.confidentiality):
            shown.append(item)
        elif sees_neutral_titles(actor):
            shown.append(neutral_item(item))
    return shown


@dataclass
class MatterArising:
    """An action item from an earlier meeting under review at this one."""

    action: ActionItem
    from_meeting_seq: int | None
    item_id: int | None          # the agenda point reviewing it, once on the agenda
    reviewed: bool               # its outcome is recorded at this meeting


def matters_arising(cur: Cursor, *, meeting_id: int, actor: Actor) -> list[MatterArising]:
    """The earlier actions under review at this meeting that `actor` may read (their own and their item's level)."""
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    levels = store.agenda_item_levels(cur, group_id=meeting.group_id)
    return [m for m in _matters_arising(cur, meeting_id=meeting_id)
            if permissions.may_read(actor, Confidentiality.highest(
                m.action.confidentiality, levels.get(m.action.agenda_item_id, Confidentiality.PUBLIC)))]


def _matters_arising(cur: Cursor, *, meeting_id: int) -> list[MatterArising]:
    """Every action from the group's earlier meetings still open, plus those already reviewed at this one."""
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    items = {i.reviewed_action_id: i.id for i in store.list_agenda_items(cur, meeting_id=meeting_id) if i.reviewed_action_id}
    result = []
    for row, from_seq in store.earlier_actions_for_review(cur, meeting=meeting):
        action = ActionItem.model_validate(row)
        result.append(MatterArising(action, from_seq, items.get(action.id), action.reviewed_at_meeting_id == meeting.id))
    return result


def _matter_item(cur: Cursor, matter: MatterArising, label_: str) -> AgendaItemCreate:
    action = matter.action
    code = action.code
    title = Bilingual.of(*(t("agenda.std.review_title", lang, code=code, text=action.text.get(lang)) for lang in LANGS),
                         status="generated" if action.text.status.settled else None)  # both from settled texts: no review
    return AgendaItemCreate(
        label=label_, kind=AgendaKind.MATTERS_ARISING, title=title,
        public_title=both_languages("agenda.std.review_public", code=code),
        confidentiality=Confidentiality.highest(Confidentiality.PUBLIC, action.confidentiality),
        protected_case_code=store.item_case_code(cur, item_id=action.agenda_item_id), reviewed_action_id=action.id,
    )


def standard_agenda(cur: Cursor, *, meeting_id: int) -> list[AgendaItemCreate]:
    """The standard items this meeting's agenda lacks, in order, labelled a, b, c … (matters arising i, ii …)."""
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    existing = store.list_agenda_items(cur, meeting_id=meeting_id)
    kinds = {i.kind for i in existing}
    lettered = [i for i in existing if i.label and len(i.label) == 1 and i.label.isalpha() and not i.reviewed_action_id]
    letters = iter("abcdefghijklmnopqrstuvwxyz"[len(lettered):])
    previous = store.previous_meetings(cur, meeting=meeting)
    proposals: list[AgendaItemCreate] = []

    def procedural(kind: AgendaKind, title: Bilingual, **extra: object) -> None:
        proposals.append(AgendaItemCreate(label=next(letters, None), kind=kind, title=title,
                                          confidentiality=Confidentiality.PUBLIC, **extra))

    if AgendaKind.OPENING not in kinds:
        procedural(AgendaKind.OPENING, both_languages("agenda.std.opening"))
    if AgendaKind.ADOPTION_OF_AGENDA not in kinds:
        procedural(AgendaKind.ADOPTION_OF_AGENDA, both_languages("agenda.std.adoption_of_agenda"))
    if previous and AgendaKind.ADOPTION_OF_MINUTES not in kinds:
        seq = previous[-1].sequence_no
        procedural(AgendaKind.ADOPTION_OF_MINUTES, both_languages("agenda.std.adoption_of_minutes", ordinal=lambda lang: ordinal(seq, lang)),
                   related_meeting_seq=seq)
    matters = [m for m in _matters_arising(cur, meeting_id=meeting_id) if m.item_id is None]
    has_heading = any(i.kind is AgendaKind.MATTERS_ARISING and i.reviewed_action_id is None for i in existing)
    if matters and not has_heading:
        procedural(AgendaKind.MATTERS_ARISING, both_languages("agenda.std.matters_arising"))
    used_roman = sum(1 for i in existing if i.reviewed_action_id)
    for n, matter in enumerate(matters, used_roman):
        proposals.append(_matter_item(cur, matter, ROMAN[n] if n < len(ROMAN) else str(n + 1)))
    if AgendaKind.AOB not in kinds:
        proposals.append(AgendaItemCreate(label="AOB", kind=AgendaKind.AOB, title=both_languages("agenda.std.aob"),
                                          confidentiality=Confidentiality.PUBLIC))
    if AgendaKind.NEXT_MEETING not in kinds:
        procedural(AgendaKind.NEXT_MEETING, both_languages("agenda.std.next_meeting"))
    return proposals


# Where standard items sit: procedural items first, matters arising next, AOB and the next meeting last.
_RANK = {AgendaKind.OPENING: 0, AgendaKind.GOODWILL_MESSAGE: 0, AgendaKind.ADOPTION_OF_AGENDA: 1,
         AgendaKind.ADOPTION_OF_MINUTES: 2, AgendaKind.MATTERS_ARISING: 3, AgendaKind.AOB: 8,
         AgendaKind.NEXT_MEETING: 9, AgendaKind.CLOSING: 10}


def _standard_order(item: AgendaItem) -> tuple:
    review = 1 if item.reviewed_action_id else 0
    return (_RANK.get(item.kind, 5), review, item.position)


def add_standard_items(cur: Cursor, *, meeting_id: int, actor: Actor, kinds: set[AgendaKind] | None = None) -> list[int]:
    """Add the proposed standard items (optionally only some kinds) to the agenda, on day 1's plenary.

    The agenda is then put in the usual order (opening, adoptions, matters arising, other items, AOB,
    next meeting), keeping the order chosen among items of the same place.
    """
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "agenda_item.create")
    ensure_editable(cur, meeting_id=meeting_id)
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    first = next((s for s in store.list_sessions(cur, meeting_id=meeting_id) if s.kind is SessionKind.PLENARY), None)
    created = []
    with transaction(cur):
        for proposal in standard_agenda(cur, meeting_id=meeting_id):
            if kinds is None or proposal.kind in kinds:
                created.append(store.add_agenda_item(cur, meeting=meeting, data=proposal, actor=actor,
                                                     session_id=first.id if first else None))
        if created:
            ordered = sorted(store.list_agenda_items(cur, meeting_id=meeting_id), key=_standard_order)
            for position, item in enumerate(ordered, 1):
                if item.position != position:
                    update(cur, "agenda_item", item.id, {"position": position}, expected_version=None, actor=actor)
    return created


def add_agenda_item(cur: Cursor, *, meeting_id: int, data: AgendaItemCreate, actor: Actor, session_id: int | None = None) -> int:
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "agenda_item.create")
    ensure_editable(cur, meeting_id=meeting_id)
    if data.title.is_empty:
        raise InvalidInput([("title", "invalid.title_required", {})])
    _check_session(cur, meeting_id, session_id)
    return store.add_agenda_item(cur, meeting=store.get_meeting(cur, meeting_id=meeting_id), data=data,
                                 actor=actor, session_id=session_id)


def _check_session(cur: Cursor, meeting_id: int, session_id: int | None) -> None:
    if session_id is not None and store.get_session(cur, session_id=session_id).meeting_id != meeting_id:
        raise InvalidInput([("session", "error.session_of_other_meeting", {})])


def update_agenda_item(cur: Cursor, *, item_id: int, expected_version: int, data: AgendaItemUpdate, actor: Actor) -> dict:
    """Change an item; raising its confidentiality raises its entries' (they may only be as open as it is)."""
    scope.require(cur, actor, agenda_item=item_id)
    permissions.require(actor, "agenda_item.update")
    item = editable_item(cur, item_id=item_id)
    _check_session(cur, item.meeting_id, data.session_id)
    meeting = store.get_meeting(cur, meeting_id=item.meeting_id)
    with transaction(cur):
        diff = update(cur, "agenda_item", item_id, {
            "session_id": data.session_id, "label": (data.label or "").strip() or None, "kind": data.kind,
            "title": data.title, "public_title": data.public_title,
            "presenter_person_id": groups.optional_person_id(cur, data.presenter_person_ref),
            "presenter_org_id": groups.optional_org_id(cur, data.presenter_acronym),
            "presenter_role": data.presenter_role, "confidentiality": data.confidentiality,
            "protected_case_id": store.protected_case_id(cur, data.protected_case_code),
            "related_meeting_id": store.optional_meeting_id(cur, group_id=meeting.group_id, sequence_no=data.related_meeting_seq),
        }, expected_version=expected_version, actor=actor)
        if "confidentiality" in diff:
            for entry in store.list_item_entries(cur, item_id=item_id):
                level = Confidentiality.highest(entry.confidentiality, data.confidentiality)
                if level is not entry.confidentiality:
                    update(cur, "minute_entry", entry.id, {"confidentiality": level}, expected_version=None,
                           actor=actor, note="raised with its agenda item")
    return diff


def move_agenda_item(cur: Cursor, *, item_id: int, step: int, actor: Actor) -> bool:
    """Move an item one place up (step -1) or down (+1); False at either end."""
    scope.require(cur, actor, agenda_item=item_id)
    permissions.require(actor, "agenda_item.update")
    item = editable_item(cur, item_id=item_id)
    order = store.list_agenda_items(cur, meeting_id=item.meeting_id)
    index = next(i for i, x in enumerate(order) if x.id == item_id)
    other_index = index + (1 if step > 0 else -1)
    if not 0 <= other_index < len(order):
        return False
    other = order[other_index]
    with transaction(cur):
        update(cur, "agenda_item", item.id, {"position": other.position}, expected_version=None, actor=actor)
        update(cur, "agenda_item", other.id, {"position": item.position}, expected_version=None, actor=actor)
    return True


def delete_agenda_item(cur: Cursor, *, item_id: int, actor: Actor) -> None:
    """Delete an item with its discussion and decisions; refused while action items hang from it."""
    scope.require(cur, actor, agenda_item=item_id)
    permissions.require(actor, "agenda_item.delete")
    editable_item(cur, item_id=item_id)   # refused once the minutes are no longer a draft
    if store.item_has_actions(cur, item_id=item_id):
        raise StillReferenced(key="error.item_has_actions")
    with transaction(cur):
        for entry in store.list_item_entries(cur, item_id=item_id):
            delete(cur, "minute_entry", entry.id, actor=actor, note="deleted with its agenda item")
        for decision_id in store.item_decision_ids(cur, item_id=item_id):
            links.remove_links_to(cur, kind="decision", target_id=decision_id, actor=actor)
            delete(cur, "decision", decision_id, actor=actor, note="deleted with its agenda item")
        delete(cur, "agenda_item", item_id, actor=actor)


# --- Matters arising: recording an outcome --------------------------------------------------------


def record_review(
    cur: Cursor, *, meeting_id: int, action_id: int, expected_version: int, review: ActionReview, actor: Actor, today: date,
) -> int:
    """Record what this meeting found about an earlier action: update the action, minute the outcome.

    The action gets the new status, `reviewed_at_meeting_id` and the note in its history; the outcome
    is written as an entry under the matters-arising point for it (added to the agenda if missing).
    Returns the entry's id.
    """
    scope.require(cur, actor, meeting=meeting_id, action_item=action_id)
    permissions.require(actor, "minute_entry.create")
    ensure_editable(cur, meeting_id=meeting_id)
    matter = next((m for m in _matters_arising(cur, meeting_id=meeting_id) if m.action.id == action_id), None)
    if matter is None:
        raise InvalidInput([("action", "error.not_a_matter_arising", {})])
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    note = review.note or Bilingual()
    text = Bilingual.of(*(
        " ".join(x for x in (matter_outcome(code=matter.action.code, status=review.status).get(lang),
                             note.get(lang)) if x) for lang in LANGS),
        status="generated" if note.is_empty else None)  # the outcome alone is generated; a note needs review
    with transaction(cur):
        action_service.update_action_item(
            cur, action_id=action_id, expected_version=expected_version, actor=actor, today=today,
            data=ActionItemUpdate(status=review.status, reviewed_at_meeting_id=meeting.id,
                                  note=f"reviewed at meeting {meeting.sequence_no}: " + " / ".join(
                                      x for x in (note.en, note.fr) if x) if not note.is_empty else
                                  f"reviewed at meeting {meeting.sequence_no}"))
        item_id = matter.item_id
        if item_id is None:
            used = sum(1 for i in store.list_agenda_items(cur, meeting_id=meeting_id) if i.reviewed_action_id)
            first = next((s for s in store.list_sessions(cur, meeting_id=meeting_id) if s.kind is SessionKind.PLENARY), None)
            item_id = store.add_agenda_item(cur, meeting=meeting, actor=actor, session_id=first.id if first else None,
                                            data=_matter_item(cur, matter, ROMAN[used] if used < len(ROMAN) else str(used + 1)))
        item = store.get_agenda_item(cur, item_id=item_id)
        return store.add_minute_entry(cur, item=item, actor=actor, data=MinuteEntryCreate(
            entry_type="update", text=text))

