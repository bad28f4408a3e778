"""Store functions for action items: creation with a computed due date, filtered listing."""

from __future__ import annotations

from datetime import date

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, NotFound
from jtwg.models.common import Actor
from jtwg.models.workplan import ActionItem, ActionItemCreate, DueAnchor
from jtwg.rules import due_date_for
from jtwg.store import folded
from jtwg.store.records import Cursor, insert, insert_many, models, named_rows, one, rows
from jtwg.store.groups import optional_org_id, optional_person_id, optional_subcommittee_id
from jtwg.store.meetings import current_minutes, get_meeting, meeting_id


def create_action_item(
    cur: Cursor, *, group_id: int, data: ActionItemCreate, actor: Actor, agenda_item_id: int | None = None,
) -> int:
    """Create an action item; its due date is computed from its anchor. The agenda item is given by id or label."""
    if cur.execute("SELECT 1 FROM action_item WHERE code = ?", [data.code]).fetchone():
        raise AlreadyExists(key="error.action_code_taken", ref=data.code)
    mid = None
    item_id = agenda_item_id
    due = data.due_date
    if data.meeting_seq is not None:
        mid = meeting_id(cur, group_id=group_id, sequence_no=data.meeting_seq)
        meeting = get_meeting(cur, meeting_id=mid)
        minutes = current_minutes(cur, meeting_id=mid)
        due = due_date_for(
            anchor=data.due_anchor, offset_days=data.due_offset_days, fixed=data.due_date,
            meeting_start=meeting.start_date, meeting_end=meeting.end_date,
            minutes_issued=minutes.date_of_issue if minutes else None,
        )
        if data.agenda_item_ref:
            found = cur.execute(
                "SELECT id FROM agenda_item WHERE meeting_id = ? AND label = ?", [mid, data.agenda_item_ref]).fetchone()
            if found is None:
                raise NotFound(key="error.unknown_agenda_item", ref=data.agenda_item_ref)
            item_id = found[0]
    with transaction(cur):
        return insert(cur, "action_item", {
            "code": data.code, "meeting_id": mid, "agenda_item_id": item_id,
            "subcommittee_id": optional_subcommittee_id(cur, group_id=group_id, code=data.subcommittee_code),
            "text": data.text, "owner_org_id": optional_org_id(cur, data.owner_acronym),
            "owner_person_id": optional_person_id(cur, data.owner_person_ref),
            "due_anchor": data.due_anchor, "due_offset_days": data.due_offset_days, "due_date": due,
            "status": data.status, "progress_pct": data.progress_pct, "done_on": data.done_on,
            "confidentiality": data.confidentiality, "confirmed": data.confirmed,
        }, actor=actor)


def list_action_items(
    cur: Cursor, *, group_id: int, meeting_id: int | None = None, open_only: bool = False,
) -> list[ActionItem]:
    """Action items of a group (born in its meetings or filed under its sub-committees), at their effective
    confidentiality; `open_only`: those neither done nor cancelled."""
    sql = "SELECT a.* FROM action_item_read a WHERE a.group_id = ?"
    params: list = [group_id]
    if meeting_id is not None:
        sql += " AND a.meeting_id = ?"
        params.append(meeting_id)
    if open_only:
        sql += " AND action_open(a.status)"
    return models(ActionItem, rows(cur, sql + " ORDER BY a.due_date NULLS LAST, a.code", params))


def reminder_candidates(cur: Cursor, *, group_id: int, due_until: date) -> list[ActionItem]:
    """A group's open, confirmed action items due on or before `due_until` (overdue ones included), at their
    effective confidentiality: the only items a reminder run may list."""
    return models(ActionItem, rows(
        cur, "SELECT a.* FROM action_item_read a WHERE a.group_id = ? AND action_open(a.status) AND a.confirmed "
             "AND a.due_date <= ? ORDER BY a.due_date, a.code", [group_id, due_until]))


def get_action_item(cur: Cursor, *, action_id: int) -> ActionItem:
    """One action item as stored (its own confidentiality): what an update starts from."""
    found = one(cur, "SELECT * FROM action_item WHERE id = ?", [action_id])
    if found is None:
        raise NotFound(entity="action_item", ref=action_id)
    return ActionItem.model_validate(found)


# Everything a tracker row shows, joined once: origin meeting and agenda item, sub-committee, owner, and
# the shared rules (migration 0700): effective confidentiality, delegation, overdue, due soon.
TRACKER_SQL = """
SELECT a.*, m.sequence_no AS meeting_seq, ai.label AS agenda_label, ai.title AS agenda_title,
       s.code AS subcommittee_code, o.acronym AS owner_acronym, p.ref AS owner_person_ref,
       action_overdue(a.due_date, a.status, $today) AS overdue,
       action_due_soon(a.due_date, a.status, $today, $soon_days) AS due_soon,
       date_diff('day', $today, a.due_date) AS days_left
FROM action_item_read a
LEFT JOIN meeting m ON m.id = a.meeting_id
LEFT JOIN agenda_item ai ON ai.id = a.agenda_item_id
LEFT JOIN subcommittee s ON s.id = a.subcommittee_id
LEFT JOIN person p ON p.id = a.owner_person_id
LEFT JOIN organisation o ON o.id = a.owner_org
WHERE a.group_id = $group_id AND level_rank(a.confidentiality) <= $max_rank"""
_TRACKER_FROM = "LEFT JOIN organisation o ON o.id = a.owner_org"


def _tracker_query(
    *, group_id: int, today: date, max_rank: int, soon_days: int,
    subcommittee_code: str | None = None, delegation: str | None = None, owner_acronym: str | None = None,
    status: str | None = None, overdue: bool = False, due_within: int | None = None, meeting_seq: int | None = None,
    text: str | None = None,
) -> tuple[str, dict]:
    """The tracker's query with every filter given, and its parameters (unordered)."""
    sql = TRACKER_SQL
    params: dict = {"group_id": group_id, "today": today, "max_rank": max_rank, "soon_days": soon_days}
    if subcommittee_code:
        sql += " AND s.code = $subcommittee"
        params["subcommittee"] = subcommittee_code
    if delegation:
        sql += " AND a.delegation = $delegation"
        params["delegation"] = delegation
    if owner_acronym:
        sql += " AND o.acronym = $owner"
        params["owner"] = owner_acronym
    if status:
        sql += " AND a.status = $status"
        params["status"] = status
    if overdue:
        sql += " AND action_overdue(a.due_date, a.status, $today)"
    if due_within is not None:
        sql += " AND action_due_soon(a.due_date, a.status, $today, $due_within)"
        params["due_within"] = due_within
    if meeting_seq is not None:
        sql += " AND m.sequence_no = $meeting_seq"
        params["meeting_seq"] = meeting_seq
    if text and text.strip():
        # The item's folded texts are kept on write (jtwg.store.folded); the owner's acronym is folded here.
        haystack = f"concat_ws(' ', {folded.folded_or('action_tracker', 'ft')}, strip_accents(lower(o.acronym)))"
        sql = sql.replace(_TRACKER_FROM, _TRACKER_FROM + folded.join("action_tracker", "ft"), 1)
        sql += f" AND contains({haystack}, strip_accents(lower($text)))"
        params["text"] = text.strip()
    return sql, params


def tracker_rows(cur: Cursor, *, limit: int | None = None, offset: int = 0, **filters) -> list[dict]:
    """Tracker rows of a group up to confidentiality rank `max_rank`, matching every filter given, flagged
    overdue and due soon (within `soon_days`); free text ignores case and accents in EN and FR.

    In due-date then code order; with `limit`, only that many rows from `offset` (one page of the table)."""
    sql, params = _tracker_query(**filters)
    sql += " ORDER BY a.due_date NULLS LAST, a.code"
    if limit is not None:
        sql += " LIMIT $limit OFFSET $offset"
        params.update(limit=limit, offset=offset)
    return named_rows(cur, sql, params)


def tracker_counts(cur: Cursor, **filters) -> dict[str, int]:
    """How many tracker rows match the filters (as `tracker_rows` takes them), how many are overdue, due soon."""
    sql, params = _tracker_query(**filters)
    return named_rows(cur, f"""
        SELECT count(*) AS total, count(*) FILTER (WHERE overdue) AS overdue, count(*) FILTER (WHERE due_soon) AS due_soon
        FROM ({sql})""", params)[0]


def meeting_numbers(cur: Cursor, *, group_id: int) -> list[int]:
    """Sequence numbers of the group's plenary meetings, in order (what action items are filtered by)."""
    return [r["sequence_no"] for r in rows(
        cur, "SELECT sequence_no FROM meeting WHERE group_id = ? AND subcommittee_id IS NULL ORDER BY sequence_no",
        [group_id])]


def action_id_by_code(cur: Cursor, *, code: str) -> int | None:
    found = cur.execute("SELECT id FROM action_item WHERE code = ?", [code]).fetchone()
    return found[0] if found else None


def create_action_items(
    cur: Cursor, *, group_id: int, items: list[tuple[ActionItemCreate, int | None]], actor: Actor,
) -> list[int]:
    """Create many action items with fixed due dates at once (bulk loads); each is (data, agenda item id).

    The same rules as `create_action_item`: codes must be new, references must exist; one statement in all.
    """
    if not items:
        return []
    codes = [data.code for data, _ in items]
    taken = cur.execute("SELECT code FROM action_item WHERE code IN (SELECT unnest(?))", [codes]).fetchone()
    if taken or len(set(codes)) != len(codes):
        raise AlreadyExists(key="error.action_code_taken", ref=taken[0] if taken else codes[0])
    orgs = dict(cur.execute("SELECT acronym, id FROM organisation").fetchall())
    subs = dict(cur.execute("SELECT code, id FROM subcommittee WHERE group_id = ?", [group_id]).fetchall())
    meetings = dict(cur.execute("SELECT sequence_no, id FROM meeting WHERE group_id = ? AND subcommittee_id IS NULL",
                                [group_id]).fetchall())

    def ref(table: dict, key, error_key: str):
        if key is None:
            return None
        if key not in table:
            raise NotFound(key=error_key, ref=key)
        return table[key]

    records = []
    for data, agenda_item_id in items:
        if data.due_anchor is not DueAnchor.FIXED or data.owner_person_ref or data.agenda_item_ref:
            raise ValueError("bulk creation takes fixed due dates, owner organisations and agenda items by id")
        records.append({
            "code": data.code, "meeting_id": ref(meetings, data.meeting_seq, "error.unknown_meeting"),
            "agenda_item_id": agenda_item_id,
            "subcommittee_id": ref(subs, data.subcommittee_code, "error.unknown_subcommittee"),
            "text": data.text, "owner_org_id": ref(orgs, data.owner_acronym, "error.unknown_org"),
            "due_anchor": data.due_anchor, "due_date": data.due_date, "status": data.status,
            "progress_pct": data.progress_pct, "done_on": data.done_on,
            "confidentiality": data.confidentiality, "confirmed": data.confirmed,
        })
    return insert_many(cur, "action_item", records, actor=actor)
