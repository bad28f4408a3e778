"""Meeting workspace rules: planning, agenda with matters arising, attendance, drafting, minutes lifecycle.

Every function that changes data asks `permissions.require` first. A meeting's minutes content (header,
sessions, agenda, attendance, discussion, decisions, action points) may change only while its current
minutes version is a draft: once circulated it is frozen, and a change needs a new version with a reason.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, InvalidInput, InvalidTransition, NotFound, PermissionDenied, StillReferenced
from jtwg.i18n import LANGS, label, ordinal, t
from jtwg.models import (
    ActionItem, ActionItemCreate, ActionItemUpdate, ActionPointCreate, ActionReview, Actor,
    AgendaItem, AgendaItemCreate, AgendaItemUpdate, AgendaKind, AttendanceCreate, Bilingual, Confidentiality,
    DecisionCreate, DecisionMode, DecisionType, DecisionUpdate, DueAnchor, ExternalEventCreate, Meeting,
    MeetingCreate, MeetingUpdate, MinuteEntryCreate, MinuteEntryUpdate, Minutes, MinutesCreate, MinutesStatus,
    SessionCreate, SessionKind,
)
from jtwg.rules import due_date_for, next_host_city
from jtwg.models.common import UserRole
from jtwg.services import actions as action_service
from jtwg.services import permissions
from jtwg.services.minutes import minutes_view, untranslated
from jtwg.store import actions as action_store
from jtwg.store import groups
from jtwg.store import links
from jtwg.store import meetings as store
from jtwg.store.records import Cursor, delete, rows, update

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
         "xvi", "xvii", "xviii", "xix", "xx"]


# --- The lifecycle guard ----------------------------------------------------------------------------


def ensure_editable(cur: Cursor, *, meeting_id: int) -> None:
    """Refuse any change of a meeting's minutes content once its current version is no longer a draft."""
    current = store.current_minutes(cur, meeting_id=meeting_id)
    if current is not None and current.is_frozen:
        raise InvalidTransition(key="error.minutes_frozen", version=current.version_no)


def _item(cur: Cursor, item_id: int) -> AgendaItem:
    return store.get_agenda_item(cur, item_id=item_id)


# --- Planning -------------------------------------------------------------------------------------


@dataclass
class PlanSuggestion:
    sequence_no: int
    city: str | None
    host_country: str | None
    host_acronym: str | None
    previous: Meeting | None


def suggest_plan(cur: Cursor, *, group_id: int, subcommittee_code: str | None = None) -> PlanSuggestion:
    """The next sequence number of the body, and the city, country and host whose turn it is."""
    group = groups.get_group(cur, group_id=group_id)
    sub_id = groups.optional_subcommittee_id(cur, group_id=group_id, code=subcommittee_code)
    held = [m for m in store.list_meetings(cur, group_id=group_id) if m.subcommittee_id == sub_id]
    held.sort(key=lambda m: (m.start_date, m.sequence_no))
    sequence = max((m.sequence_no for m in held), default=0) + 1
    city = next_host_city(group.host_rotation, [m.city for m in held if m.city])
    # The host of a city is whoever hosted the last meeting there: the rotation lists cities only.
    host_country = host_acronym = None
    for m in reversed(held):
        if m.city == city:
            host_country = m.host_country
            host_acronym = _org_acronym(cur, m.host_org_id)
            break
    return PlanSuggestion(sequence, city, host_country, host_acronym, held[-1] if held else None)


def _org_acronym(cur: Cursor, org_id: int | None) -> str | None:
    if org_id is None:
        return None
    found = cur.execute("SELECT acronym FROM organisation WHERE id = ?", [org_id]).fetchone()
    return found[0] if found else None


def plan_meeting(
    cur: Cursor, *, group_id: int, data: MeetingCreate, actor: Actor, sessions: list[SessionCreate] = (),
    margin_event_id: int | None = None, new_event: ExternalEventCreate | None = None,
) -> int:
    """Create a planned meeting with its sessions and an empty draft of its minutes (version 1)."""
    permissions.require(actor, "meeting.create")
    group = groups.get_group(cur, group_id=group_id)
    with transaction(cur):
        if new_event is not None:
            margin_event_id = store.create_external_event(cur, data=new_event, actor=actor)
        elif margin_event_id is not None:
            store.get_external_event(cur, event_id=margin_event_id)
        new_id = store.create_meeting(cur, group_id=group_id, data=data, actor=actor, margin_event_id=margin_event_id)
        meeting = store.get_meeting(cur, meeting_id=new_id)
        for session in sessions:
            store.add_session(cur, meeting=meeting, data=session, actor=actor)
        store.add_minutes_version(cur, meeting=meeting, data=MinutesCreate(
            version_no=1, prepared_by_acronym=_org_acronym(cur, group.secretariat_org_id)), actor=actor)
    return new_id


def update_meeting(cur: Cursor, *, meeting_id: int, expected_version: int, data: MeetingUpdate, actor: Actor) -> dict:
    """Change a meeting's dates, venue, host, event, introduction or objectives while its minutes are a draft.

    Action points due relative to the meeting's start or end follow its new dates.
    """
    permissions.require(actor, "meeting.update")
    ensure_editable(cur, meeting_id=meeting_id)
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    days = (data.end_date - data.start_date).days + 1
    for session in store.list_sessions(cur, meeting_id=meeting_id):
        if session.day_no > days:
            raise InvalidInput([("end_date", "error.day_outside_meeting", {"day": session.day_no})])
    if data.margin_event_id is not None:
        store.get_external_event(cur, event_id=data.margin_event_id)
    with transaction(cur):
        diff = update(cur, "meeting", meeting_id, {
            "kind": data.kind, "start_date": data.start_date, "end_date": data.end_date, "venue": data.venue,
            "city": data.city, "host_country": data.host_country,
            "host_org_id": groups.optional_org_id(cur, data.host_acronym), "margin_event_id": data.margin_event_id,
            "introduction": data.introduction, "objectives": data.objectives, "status": data.status,
        }, expected_version=expected_version, actor=actor)
        if "start_date" in diff or "end_date" in diff:
            recompute_due_dates(cur, meeting=store.get_meeting(cur, meeting_id=meeting.id), actor=actor)
    return diff


def recompute_due_dates(cur: Cursor, *, meeting: Meeting, actor: Actor) -> int:
    """Recompute the due date of every action of `meeting` due relative to it; return how many moved."""
    minutes = store.current_minutes(cur, meeting_id=meeting.id)
    moved = 0
    with transaction(cur):
        for action in action_store.list_action_items(cur, group_id=meeting.group_id, meeting_id=meeting.id):
            if action.due_anchor is DueAnchor.FIXED:
                continue
            due = due_date_for(anchor=action.due_anchor, offset_days=action.due_offset_days, fixed=None,
                               meeting_start=meeting.start_date, meeting_end=meeting.end_date,
                               minutes_issued=minutes.date_of_issue if minutes else None)
            if due != action.due_date:
                update(cur, "action_item", action.id, {"due_date": due}, expected_version=None, actor=actor,
                       note=f"due date follows its anchor ({action.due_anchor.value})")
                moved += 1
    return moved


def add_session(cur: Cursor, *, meeting_id: int, data: SessionCreate, actor: Actor) -> int:
    permissions.require(actor, "meeting.update")
    ensure_editable(cur, meeting_id=meeting_id)
    return store.add_session(cur, meeting=store.get_meeting(cur, meeting_id=meeting_id), data=data, actor=actor)


def delete_session(cur: Cursor, *, session_id: int, actor: Actor) -> None:
    permissions.require(actor, "meeting.update")
    session = store.get_session(cur, session_id=session_id)
    ensure_editable(cur, meeting_id=session.meeting_id)
    if cur.execute("SELECT 1 FROM agenda_item WHERE session_id = ?", [session_id]).fetchone():
        raise StillReferenced(key="error.session_has_items")
    with transaction(cur):
        delete(cur, "meeting_session", session_id, actor=actor)


# --- Agenda ---------------------------------------------------------------------------------------

STANDARD_KINDS = (AgendaKind.OPENING, AgendaKind.ADOPTION_OF_AGENDA, AgendaKind.ADOPTION_OF_MINUTES,
                  AgendaKind.MATTERS_ARISING, AgendaKind.AOB, AgendaKind.NEXT_MEETING)


def _both(key: str, **params: object) -> Bilingual:
    """A text generated in both languages from the catalogue (procedural titles, outcomes)."""
    return Bilingual.of(*(t(key, lang, **{k: (v(lang) if callable(v) else v) for k, v in params.items()}) for lang in LANGS))


@dataclass
class MatterArising:
    """An action item from an earlier meeting under review at this one."""

    action: ActionItem
    from_meeting_seq: int | None
    item_id: int | None          # the agenda point reviewing it, once on the agenda
    reviewed: bool               # its outcome is recorded at this meeting


def matters_arising(cur: Cursor, *, meeting_id: int) -> list[MatterArising]:
    """Every action from the group's earlier meetings still open, plus those already reviewed at this one."""
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    found = rows(cur, """
        SELECT a.id, m.sequence_no FROM action_item a JOIN meeting m ON m.id = a.meeting_id
        WHERE m.group_id = ? AND m.start_date < ? AND a.meeting_id <> ?
          AND (action_open(a.status) OR a.reviewed_at_meeting_id = ?)
        ORDER BY m.start_date, a.code""", [meeting.group_id, meeting.start_date, meeting.id, meeting.id])
    items = {i.reviewed_action_id: i.id for i in store.list_agenda_items(cur, meeting_id=meeting_id) if i.reviewed_action_id}
    result = []
    for r in found:
        action = action_store.get_action_item(cur, action_id=r["id"])
        result.append(MatterArising(action, r["sequence_no"], items.get(action.id),
                                    action.reviewed_at_meeting_id == meeting.id))
    return result


def _action_case_code(cur: Cursor, action: ActionItem) -> str | None:
    """The protected case of the agenda item an action came from: its review stays confidential too."""
    if action.agenda_item_id is None:
        return None
    found = cur.execute("SELECT c.case_code FROM agenda_item i JOIN protected_case c ON c.id = i.protected_case_id"
                        " WHERE i.id = ?", [action.agenda_item_id]).fetchone()
    return found[0] if found else None


def _matter_item(cur: Cursor, matter: MatterArising, label_: str) -> AgendaItemCreate:
    action = matter.action
    code = action.code
    title = Bilingual.of(*(t("agenda.std.review_title", lang, code=code, text=action.text.get(lang)) for lang in LANGS))
    return AgendaItemCreate(
        label=label_, kind=AgendaKind.MATTERS_ARISING, title=title,
        public_title=_both("agenda.std.review_public", code=code),
        confidentiality=Confidentiality.highest(Confidentiality.PUBLIC, action.confidentiality),
        protected_case_code=_action_case_code(cur, action), reviewed_action_id=action.id,
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
        procedural(AgendaKind.OPENING, _both("agenda.std.opening"))
    if AgendaKind.ADOPTION_OF_AGENDA not in kinds:
        procedural(AgendaKind.ADOPTION_OF_AGENDA, _both("agenda.std.adoption_of_agenda"))
    if previous and AgendaKind.ADOPTION_OF_MINUTES not in kinds:
        seq = previous[-1].sequence_no
        procedural(AgendaKind.ADOPTION_OF_MINUTES, _both("agenda.std.adoption_of_minutes", ordinal=lambda lang: ordinal(seq, lang)),
                   related_meeting_seq=seq)
    matters = [m for m in matters_arising(cur, meeting_id=meeting_id) if m.item_id is None]
    has_heading = any(i.kind is AgendaKind.MATTERS_ARISING and i.reviewed_action_id is None for i in existing)
    if matters and not has_heading:
        procedural(AgendaKind.MATTERS_ARISING, _both("agenda.std.matters_arising"))
    used_roman = sum(1 for i in existing if i.reviewed_action_id)
    for n, matter in enumerate(matters, used_roman):
        proposals.append(_matter_item(cur, matter, ROMAN[n] if n < len(ROMAN) else str(n + 1)))
    if AgendaKind.AOB not in kinds:
        proposals.append(AgendaItemCreate(label="AOB", kind=AgendaKind.AOB, title=_both("agenda.std.aob"),
                                          confidentiality=Confidentiality.PUBLIC))
    if AgendaKind.NEXT_MEETING not in kinds:
        procedural(AgendaKind.NEXT_MEETING, _both("agenda.std.next_meeting"))
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
    permissions.require(actor, "agenda_item.update")
    item = _item(cur, item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
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
    permissions.require(actor, "agenda_item.update")
    item = _item(cur, item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
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
    permissions.require(actor, "agenda_item.delete")
    item = _item(cur, item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
    if cur.execute("SELECT 1 FROM action_item WHERE agenda_item_id = ?", [item_id]).fetchone():
        raise StillReferenced(key="error.item_has_actions")
    with transaction(cur):
        for entry in store.list_item_entries(cur, item_id=item_id):
            delete(cur, "minute_entry", entry.id, actor=actor, note="deleted with its agenda item")
        for (decision_id,) in cur.execute("SELECT id FROM decision WHERE agenda_item_id = ?", [item_id]).fetchall():
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
    permissions.require(actor, "minute_entry.create")
    ensure_editable(cur, meeting_id=meeting_id)
    matter = next((m for m in matters_arising(cur, meeting_id=meeting_id) if m.action.id == action_id), None)
    if matter is None:
        raise InvalidInput([("action", "error.not_a_matter_arising", {})])
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    note = review.note or Bilingual()
    text = Bilingual.of(*(
        " ".join(x for x in (t("matters.outcome_text", lang, code=matter.action.code, status=label(review.status, lang)),
                             note.get(lang)) if x) for lang in LANGS))
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
        item = _item(cur, item_id)
        return store.add_minute_entry(cur, item=item, actor=actor, data=MinuteEntryCreate(
            entry_type="update", text=text))


# --- Drafting: discussion, decisions, action points ------------------------------------------------


def add_entry(cur: Cursor, *, item_id: int, data: MinuteEntryCreate, actor: Actor) -> int:
    permissions.require(actor, "minute_entry.create")
    item = _item(cur, item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
    if data.text.is_empty:
        raise InvalidInput([("text", "invalid.text_required", {})])
    return store.add_minute_entry(cur, item=item, data=data, actor=actor)


def update_entry(cur: Cursor, *, entry_id: int, expected_version: int, data: MinuteEntryUpdate, actor: Actor) -> dict:
    permissions.require(actor, "minute_entry.update")
    entry = store.get_minute_entry(cur, entry_id=entry_id)
    item = _item(cur, entry.agenda_item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
    # Inherit the item's level; an entry may raise it, never lower it.
    level = Confidentiality.highest(item.confidentiality, data.confidentiality or item.confidentiality)
    with transaction(cur):
        return update(cur, "minute_entry", entry_id, {
            "entry_type": data.entry_type, "speaker_org_id": groups.optional_org_id(cur, data.speaker_acronym),
            "text": data.text, "confidentiality": level,
        }, expected_version=expected_version, actor=actor)


def delete_entry(cur: Cursor, *, entry_id: int, actor: Actor) -> None:
    permissions.require(actor, "minute_entry.delete")
    entry = store.get_minute_entry(cur, entry_id=entry_id)
    ensure_editable(cur, meeting_id=_item(cur, entry.agenda_item_id).meeting_id)
    with transaction(cur):
        delete(cur, "minute_entry", entry_id, actor=actor)


def add_decision(cur: Cursor, *, item_id: int, data: DecisionCreate, actor: Actor) -> int:
    permissions.require(actor, "decision.create")
    item = _item(cur, item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
    if data.text.is_empty:
        raise InvalidInput([("text", "invalid.text_required", {})])
    return store.add_decision(cur, item=item, data=data, actor=actor)


def update_decision(cur: Cursor, *, decision_id: int, expected_version: int, data: DecisionUpdate, actor: Actor) -> dict:
    permissions.require(actor, "decision.update")
    decision = store.get_decision(cur, decision_id=decision_id)
    ensure_editable(cur, meeting_id=_item(cur, decision.agenda_item_id).meeting_id)
    with transaction(cur):
        return update(cur, "decision", decision_id, {
            "decision_type": data.decision_type, "mode": data.mode, "text": data.text,
            "target_type": data.target_type, "target_ref": data.target_ref,
        }, expected_version=expected_version, actor=actor)


def delete_decision(cur: Cursor, *, decision_id: int, actor: Actor) -> None:
    permissions.require(actor, "decision.delete")
    decision = store.get_decision(cur, decision_id=decision_id)
    ensure_editable(cur, meeting_id=_item(cur, decision.agenda_item_id).meeting_id)
    with transaction(cur):
        links.remove_links_to(cur, kind="decision", target_id=decision_id, actor=actor)
        delete(cur, "decision", decision_id, actor=actor)


def next_action_code(cur: Cursor, *, meeting: Meeting) -> str:
    """ "A5-01", "A5-02" … for the 5th plenary; sub-committee meetings get their code in front ("APR2-01")."""
    prefix = "A"
    if meeting.subcommittee_id is not None:
        prefix += cur.execute("SELECT code FROM subcommittee WHERE id = ?", [meeting.subcommittee_id]).fetchone()[0]
    stem = f"{prefix}{meeting.sequence_no}-"
    n = 1
    while cur.execute("SELECT 1 FROM action_item WHERE code = ?", [f"{stem}{n:02d}"]).fetchone():
        n += 1
    return f"{stem}{n:02d}"


def add_action_point(cur: Cursor, *, item_id: int, data: ActionPointCreate, actor: Actor) -> int:
    """Turn an action point of the minutes into a tracked action item at once; return its id.

    Its confidentiality is at least its item's; a relative due date is computed from its anchor.
    """
    permissions.require(actor, "action_item.create")
    item = _item(cur, item_id)
    ensure_editable(cur, meeting_id=item.meeting_id)
    meeting = store.get_meeting(cur, meeting_id=item.meeting_id)
    level = Confidentiality.highest(item.confidentiality, data.confidentiality or item.confidentiality)
    code = next_action_code(cur, meeting=meeting)
    plenary = meeting.subcommittee_id is None
    fields = dict(code=code, text=data.text, subcommittee_code=data.subcommittee_code,
                  owner_acronym=data.owner_acronym, owner_person_ref=data.owner_person_ref,
                  confidentiality=level, confirmed=data.confirmed)
    with transaction(cur):
        if plenary:
            return action_store.create_action_item(cur, group_id=meeting.group_id, agenda_item_id=item.id, actor=actor,
                                                   data=ActionItemCreate(**fields, meeting_seq=meeting.sequence_no,
                                                                         due_anchor=data.due_anchor,
                                                                         due_offset_days=data.due_offset_days,
                                                                         due_date=data.due_date))
        # A sub-committee meeting is not found by sequence number alone: compute the date here, then attach.
        minutes = store.current_minutes(cur, meeting_id=meeting.id)
        due = due_date_for(anchor=data.due_anchor, offset_days=data.due_offset_days, fixed=data.due_date,
                           meeting_start=meeting.start_date, meeting_end=meeting.end_date,
                           minutes_issued=minutes.date_of_issue if minutes else None)
        new_id = action_store.create_action_item(cur, group_id=meeting.group_id, agenda_item_id=item.id, actor=actor,
                                                 data=ActionItemCreate(**fields, due_date=due))
        update(cur, "action_item", new_id, {"meeting_id": meeting.id, "due_anchor": data.due_anchor,
                                            "due_offset_days": data.due_offset_days}, expected_version=None, actor=actor)
        return new_id


def delete_action_point(cur: Cursor, *, action_id: int, actor: Actor) -> None:
    """Withdraw an action point drafted by mistake (only while its meeting's minutes are a draft)."""
    permissions.require(actor, "action_item.delete")
    action = action_store.get_action_item(cur, action_id=action_id)
    if action.meeting_id is None:
        raise InvalidInput([("action", "error.not_a_matter_arising", {})])
    ensure_editable(cur, meeting_id=action.meeting_id)
    with transaction(cur):
        links.remove_links_to(cur, kind="action", target_id=action_id, actor=actor)
        delete(cur, "action_item", action_id, actor=actor)


# --- Attendance -----------------------------------------------------------------------------------


def add_attendance(cur: Cursor, *, meeting_id: int, data: AttendanceCreate, actor: Actor) -> int:
    permissions.require(actor, "attendance.create")
    ensure_editable(cur, meeting_id=meeting_id)
    store.get_meeting(cur, meeting_id=meeting_id)
    person = groups.optional_person_id(cur, data.person_ref)
    if person is not None and cur.execute("SELECT 1 FROM attendance WHERE meeting_id = ? AND person_id = ?",
                                          [meeting_id, person]).fetchone():
        raise AlreadyExists(key="error.attendee_twice", ref=data.person_ref)
    return store.add_attendance(cur, meeting_id=meeting_id, data=data, actor=actor)


def remove_attendance(cur: Cursor, *, attendance_id: int, actor: Actor) -> None:
    permissions.require(actor, "attendance.delete")
    ensure_editable(cur, meeting_id=store.get_attendance(cur, attendance_id=attendance_id).meeting_id)
    with transaction(cur):
        delete(cur, "attendance", attendance_id, actor=actor)


def import_attendance(cur: Cursor, *, meeting_id: int, records: list[AttendanceCreate], actor: Actor) -> int:
    """Add a whole participant list in one transaction: every row goes in, or none does."""
    permissions.require(actor, "attendance.create")
    ensure_editable(cur, meeting_id=meeting_id)
    with transaction(cur):
        for record in records:
            add_attendance(cur, meeting_id=meeting_id, data=record, actor=actor)
    return len(records)


# --- Minutes lifecycle ----------------------------------------------------------------------------


def co_chairs(cur: Cursor, *, group_id: int) -> list[int]:
    """Person ids of the group's co-chairs (JTWG-level memberships)."""
    return [r[0] for r in cur.execute(
        "SELECT DISTINCT person_id FROM membership WHERE group_id = ? AND role = 'co_chair' AND subcommittee_id IS NULL"
        " ORDER BY person_id", [group_id]).fetchall()]


def _current(cur: Cursor, meeting_id: int) -> Minutes:
    current = store.current_minutes(cur, meeting_id=meeting_id)
    if current is None:
        raise NotFound(key="error.no_minutes")
    return current


def _require_status(minutes: Minutes, *allowed: MinutesStatus) -> None:
    if minutes.status not in allowed:
        raise InvalidTransition(key="error.minutes_wrong_status", version=minutes.version_no, status=minutes.status.value)


def snapshot_json(cur: Cursor, *, meeting_id: int) -> str:
    from jtwg.services.snapshots import snapshot

    return json.dumps(snapshot(minutes_view(cur, meeting_id=meeting_id)), ensure_ascii=False, sort_keys=True)


def circulate(
    cur: Cursor, *, meeting_id: int, actor: Actor, today: date, place_of_issue: str | None = None,
    date_of_issue: date | None = None,
) -> Minutes:
    """Freeze the current draft as a numbered version sent to the members (who and when are kept).

    Refused while any text lacks its English or French version, and before the meeting has ended.
    """
    permissions.require(actor, "minutes.circulate")
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    current = store.current_minutes(cur, meeting_id=meeting_id)
    if current is None:
        store.add_minutes_version(cur, meeting=meeting, data=MinutesCreate(version_no=1), actor=actor)
        current = _current(cur, meeting_id)
    _require_status(current, MinutesStatus.DRAFT)
    if meeting.end_date > today:
        raise InvalidTransition(key="error.meeting_not_over")
    missing = untranslated(minutes_view(cur, meeting_id=meeting_id))
    if missing:
        raise InvalidInput([(m.where, "invalid.missing_language", {"lang": m.missing.upper()}) for m in missing],
                           key="error.untranslated_texts", count=len(missing))
    issued = date_of_issue or current.date_of_issue or today
    if issued < meeting.end_date:
        raise InvalidInput([("date_of_issue", "invalid.issue_before_meeting_end", {})])
    with transaction(cur):
        update(cur, "minutes", current.id, {
            "date_of_issue": issued, "place_of_issue": (place_of_issue or "").strip() or current.place_of_issue,
        }, expected_version=current.version, actor=actor)
        # Due dates anchored to the issue of the minutes are known only now.
        recompute_due_dates(cur, meeting=meeting, actor=actor)
        fresh = _current(cur, meeting_id)
        update(cur, "minutes", current.id, {
            "status": MinutesStatus.CIRCULATED, "circulated_on": today, "circulated_by": actor.username,
            "circulated_at": datetime.now().replace(microsecond=0), "snapshot": snapshot_json(cur, meeting_id=meeting_id),
        }, expected_version=fresh.version, actor=actor, note=f"version {current.version_no} circulated")
    return _current(cur, meeting_id)


def new_version(cur: Cursor, *, meeting_id: int, reason: str, actor: Actor) -> Minutes:
    """Open a new draft version after circulation or adoption; the reason is kept with it."""
    permissions.require(actor, "minutes.new_version")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput([("reason", "invalid.reason_required", {})])
    if len(reason) > 1000:
        raise InvalidInput([("reason", "invalid.too_long", {"max": 1000})])
    current = _current(cur, meeting_id)
    if current.status is MinutesStatus.LOCKED:
        raise InvalidTransition(key="error.minutes_locked", version=current.version_no)
    _require_status(current, MinutesStatus.CIRCULATED, MinutesStatus.ADOPTED)
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    with transaction(cur):
        update(cur, "minutes", current.id, {"status": MinutesStatus.SUPERSEDED}, expected_version=current.version,
               actor=actor, note=f"superseded by version {current.version_no + 1}: {reason}")
        store.add_minutes_version(cur, meeting=meeting, actor=actor, data=MinutesCreate(
            version_no=current.version_no + 1, prepared_by_acronym=_org_acronym(cur, current.prepared_by_org_id),
            place_of_issue=current.place_of_issue, reason=reason))
    return _current(cur, meeting_id)


def may_approve_for(cur: Cursor, *, actor: Actor, group_id: int, person_id: int) -> bool:
    """The secretariat records any co-chair's approval; a co-chair only the seat of their own delegation."""
    if not permissions.allowed(actor, "minutes.approve"):
        return False
    if actor.role is not UserRole.CO_CHAIR:
        return True
    seat = cur.execute("SELECT delegation FROM membership WHERE group_id = ? AND person_id = ? AND role = 'co_chair'",
                       [group_id, person_id]).fetchone()
    return seat is not None and seat[0] == actor.delegation


def approve(cur: Cursor, *, meeting_id: int, person_id: int, actor: Actor) -> bool:
    """Record a co-chair's approval of the circulated version; False if already recorded."""
    permissions.require(actor, "minutes.approve")
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    if not may_approve_for(cur, actor=actor, group_id=meeting.group_id, person_id=person_id):
        raise PermissionDenied(key="error.approve_own_seat", user=actor.username)
    current = _current(cur, meeting_id)
    _require_status(current, MinutesStatus.CIRCULATED)
    if person_id not in co_chairs(cur, group_id=meeting.group_id):
        raise InvalidInput([("co_chair", "error.not_a_co_chair", {})])
    return store.add_approval(cur, minutes_id=current.id, person_id=person_id, actor=actor)


def adoption_item(cur: Cursor, *, meeting: Meeting, at_meeting: Meeting, actor: Actor) -> AgendaItem:
    """The later meeting's "adoption of the minutes" item for `meeting`, added to its agenda if missing."""
    for item in store.list_agenda_items(cur, meeting_id=at_meeting.id):
        if item.kind is AgendaKind.ADOPTION_OF_MINUTES and item.related_meeting_id == meeting.id:
            return item
    seq = meeting.sequence_no
    new_id = store.add_agenda_item(cur, meeting=at_meeting, actor=actor, data=AgendaItemCreate(
        kind=AgendaKind.ADOPTION_OF_MINUTES, confidentiality=Confidentiality.PUBLIC, related_meeting_seq=seq,
        title=_both("agenda.std.adoption_of_minutes", ordinal=lambda lang: ordinal(seq, lang))))
    return _item(cur, new_id)


def adopt(cur: Cursor, *, meeting_id: int, at_meeting_id: int, actor: Actor,
          mode: DecisionMode = DecisionMode.UNANIMOUS) -> int:
    """Adopt the circulated version at a later meeting of the group; return the adopting decision's id.

    Both co-chairs' approvals must be recorded first. The adoption is a decision of the later
    meeting's "adoption of the minutes" item, so that meeting's minutes must still be a draft.
    """
    permissions.require(actor, "minutes.adopt")
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    at_meeting = store.get_meeting(cur, meeting_id=at_meeting_id)
    current = _current(cur, meeting_id)
    _require_status(current, MinutesStatus.CIRCULATED)
    if at_meeting.group_id != meeting.group_id or at_meeting.id == meeting.id or at_meeting.start_date <= meeting.end_date:
        raise InvalidInput([("adopted_at", "error.adoption_not_later", {})])
    approved = {a["person_id"] for a in store.list_approvals(cur, minutes_id=current.id)}
    chairs = co_chairs(cur, group_id=meeting.group_id)
    missing = [p for p in chairs if p not in approved]
    if not chairs or missing:
        raise InvalidInput([("co_chairs", "error.approvals_missing", {"count": len(missing) or 2})])
    ensure_editable(cur, meeting_id=at_meeting.id)
    seq, version = meeting.sequence_no, current.version_no
    with transaction(cur):
        item = adoption_item(cur, meeting=meeting, at_meeting=at_meeting, actor=actor)
        decision_id = store.add_decision(cur, item=item, actor=actor, data=DecisionCreate(
            decision_type=DecisionType.ADOPTED, mode=mode, target_type="minutes", target_ref=str(seq),
            text=Bilingual.of(*(t("lifecycle.adoption_text", lang, ordinal=ordinal(seq, lang), version=version,
                                  mode=label(mode, lang)) for lang in LANGS))))
        update(cur, "minutes", current.id, {
            "status": MinutesStatus.ADOPTED, "adopted_at_meeting_id": at_meeting.id, "adoption_decision_id": decision_id,
        }, expected_version=current.version, actor=actor, note=f"adopted at meeting {at_meeting.sequence_no}")
    return decision_id


def lock(cur: Cursor, *, meeting_id: int, actor: Actor) -> Minutes:
    """Close the adopted minutes for good: no further version can be opened."""
    permissions.require(actor, "minutes.lock")
    current = _current(cur, meeting_id)
    _require_status(current, MinutesStatus.ADOPTED)
    with transaction(cur):
        update(cur, "minutes", current.id, {"status": MinutesStatus.LOCKED}, expected_version=current.version, actor=actor)
    return _current(cur, meeting_id)


def later_meetings(cur: Cursor, *, meeting_id: int) -> list[Meeting]:
    """Meetings of the group starting after this one ended: where its minutes may be adopted."""
    meeting = store.get_meeting(cur, meeting_id=meeting_id)
    return sorted((m for m in store.list_meetings(cur, group_id=meeting.group_id)
                   if m.start_date > meeting.end_date and m.subcommittee_id == meeting.subcommittee_id),
                  key=lambda m: m.start_date)


def approvals(cur: Cursor, *, meeting_id: int) -> list[dict]:
    current = store.current_minutes(cur, meeting_id=meeting_id)
    return [] if current is None else store.list_approvals(cur, minutes_id=current.id)


def minutes_history(cur: Cursor, *, meeting_id: int) -> list[dict]:
    """Every logged change of the meeting's minutes versions (circulation, approvals, adoption), newest first."""
    found = rows(cur, "SELECT c.logged_at, c.actor, c.action, c.entity_id, c.changes, c.note, m.version_no"
                      " FROM change_log c JOIN minutes m ON m.id = c.entity_id"
                      " WHERE c.entity = 'minutes' AND m.meeting_id = ? ORDER BY c.id DESC", [meeting_id])
    for r in found:
        r["changes"] = json.loads(r["changes"]) if r["changes"] else {}
    return found


def one_meeting_by_seq(cur: Cursor, *, group_id: int, sequence_no: int) -> Meeting:
    return store.get_meeting(cur, meeting_id=store.meeting_id(cur, group_id=group_id, sequence_no=sequence_no))

