"""Minutes lifecycle: circulation of a frozen version, co-chairs' approvals, adoption at a later meeting, lock."""

from __future__ import annotations

import json
from datetime import date, datetime

from jtwg.db import transaction
from jtwg.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from jtwg.i18n import LANGS, label, ordinal, t
from jtwg.models import (
    Actor, AgendaItem, AgendaItemCreate, AgendaKind, Bilingual, Confidentiality, DecisionCreate, DecisionMode,
    DecisionType, Meeting, Minutes, MinutesCreate, MinutesStatus,
)
from jtwg.models.common import UserRole
from jtwg.services import exports, permissions
from jtwg.services.meetings.minutes import minutes_view, untranslated
from jtwg.services.meetings.planning import recompute_due_dates
from jtwg.services.meetings.shared import both_languages, ensure_editable, require_reader
from jtwg.services.meetings.snapshots import snapshot
from jtwg.services.translation.review import require_confirmed_unreviewed
from jtwg.store import meetings as store
from jtwg.store.records import Cursor, update
from jtwg.services import scope


def list_versions(cur: Cursor, *, meeting_id: int, actor: Actor) -> list[Minutes]:
    """Every minutes version of the meeting, oldest first (status, issue, circulation, adoption, reason)."""
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    return store.list_minutes_versions(cur, meeting_id=meeting_id)


def current_minutes(cur: Cursor, *, meeting_id: int, actor: Actor) -> Minutes | None:
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    return store.current_minutes(cur, meeting_id=meeting_id)


def co_chairs(cur: Cursor, *, group_id: int) -> list[int]:
    """Person ids of the group's co-chairs (JTWG-level memberships)."""
    return store.co_chair_ids(cur, group_id=group_id)


def _current(cur: Cursor, meeting_id: int) -> Minutes:
    current = store.current_minutes(cur, meeting_id=meeting_id)
    if current is None:
        raise NotFound(key="error.no_minutes")
    return current


def _require_status(minutes: Minutes, *allowed: MinutesStatus) -> None:
    if minutes.status not in allowed:
        raise InvalidTransition(key="error.minutes_wrong_status", version=minutes.version_no, status=minutes.status.value)


def snapshot_json(cur: Cursor, *, meeting_id: int) -> str:
    """The minutes content now, as the JSON frozen with a circulated version."""
    return json.dumps(snapshot(minutes_view(cur, meeting_id=meeting_id)), ensure_ascii=False, sort_keys=True)


def circulate(
    cur: Cursor, *, meeting_id: int, actor: Actor, today: date, place_of_issue: str | None = None,
    date_of_issue: date | None = None, confirm_unreviewed: bool = False,
) -> Minutes:
    """Freeze the current draft as a numbered version sent to the members (who and when are kept).

    Refused while any text lacks its English or French version, and before the meeting has ended.
    """
    scope.require(cur, actor, meeting=meeting_id)
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
    # Personal data refuses circulation outright (no override: the texts are corrected first).
    exports.require_clean_for_circulation(cur, meeting_id=meeting_id)
    # Texts not yet accepted by a person: circulated only once that is confirmed.
    require_confirmed_unreviewed(cur, meeting_id=meeting_id, confirmed=confirm_unreviewed)
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
    scope.require(cur, actor, meeting=meeting_id)
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
            version_no=current.version_no + 1, prepared_by_acronym=store.org_acronym(cur, org_id=current.prepared_by_org_id),
            place_of_issue=current.place_of_issue, reason=reason))
    return _current(cur, meeting_id)


def may_approve_for(cur: Cursor, *, actor: Actor, group_id: int, person_id: int) -> bool:
    """The secretariat records any co-chair's approval; a co-chair only the seat of their own delegation."""
    scope.require(cur, actor, group=group_id)
    if not permissions.allowed(actor, "minutes.approve"):
        return False
    if actor.role is not UserRole.CO_CHAIR:
        return True
    seat = store.co_chair_delegation(cur, group_id=group_id, person_id=person_id)
    return seat is not None and seat == actor.delegation


def approve(cur: Cursor, *, meeting_id: int, person_id: int, actor: Actor) -> bool:
    """Record a co-chair's approval of the circulated version; False if already recorded."""
    scope.require(cur, actor, meeting=meeting_id)
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
    scope.require(cur, actor, group=meeting.group_id)
    for item in store.list_agenda_items(cur, meeting_id=at_meeting.id):
        if item.kind is AgendaKind.ADOPTION_OF_MINUTES and item.related_meeting_id == meeting.id:
            return item
    seq = meeting.sequence_no
    new_id = store.add_agenda_item(cur, meeting=at_meeting, actor=actor, data=AgendaItemCreate(
        kind=AgendaKind.ADOPTION_OF_MINUTES, confidentiality=Confidentiality.PUBLIC, related_meeting_seq=seq,
        title=both_languages("agenda.std.adoption_of_minutes", ordinal=lambda lang: ordinal(seq, lang))))
    return store.get_agenda_item(cur, item_id=new_id)


def adopt(cur: Cursor, *, meeting_id: int, at_meeting_id: int, actor: Actor,
          mode: DecisionMode = DecisionMode.UNANIMOUS) -> int:
    """Adopt the circulated version at a later meeting of the group; return the adopting decision's id.

    Both co-chairs' approvals must be recorded first. The adoption is a decision of the later
    meeting's "adoption of the minutes" item, so that meeting's minutes must still be a draft.
    """
    scope.require(cur, actor, meeting=meeting_id)
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
    scope.require(cur, actor, meeting=meeting_id)
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
    return store.minutes_change_log(cur, meeting_id=meeting_id)
