"""Store functions for action items: creation with a computed due date, filtered listing."""

from __future__ import annotations

from datetime import date

from jtwg.db import transaction
from jtwg.errors import AlreadyExists, NotFound
from jtwg.models.common import Actor
from jtwg.models.workplan import ActionItem, ActionItemCreate, DueAnchor
from jtwg.rules import due_date_for
from jtwg.store.common import Cursor, insert, insert_many, models, one, rows
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


def list_action_items(cur: Cursor, *, group_id: int, meeting_id: int | None = None) -> list[ActionItem]:
    """Action items of a group: those born in its meetings and those filed under its sub-committees."""
    sql = ("SELECT a.* FROM action_item a LEFT JOIN meeting m ON m.id = a.meeting_id"
           " LEFT JOIN subcommittee s ON s.id = a.subcommittee_id"
           " WHERE coalesce(m.group_id, s.group_id) = ?")
    params: list = [group_id]
    if meeting_id is not None:
        sql += " AND a.meeting_id = ?"
        params.append(meeting_id)
    return models(ActionItem, rows(cur, sql + " ORDER BY a.due_date NULLS LAST, a.code", params))


def get_action_item(cur: Cursor, *, action_id: int) -> ActionItem:
    found = one(cur, "SELECT * FROM action_item WHERE id = ?", [action_id])
    if found is None:
        raise NotFound(entity="action_item", ref=action_id)
    return ActionItem.model_validate(found)


def count_actions(cur: Cursor, *, group_id: int, today: date) -> dict[str, int]:
    """Open, overdue, done and total action items of a group, counted in SQL."""
    found = one(cur, """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE a.status IN ('open', 'in_progress')) AS open,
               count(*) FILTER (WHERE a.status = 'done') AS done,
               count(*) FILTER (WHERE a.due_date < ? AND a.status NOT IN ('done', 'cancelled')) AS overdue
        FROM action_item a LEFT JOIN meeting m ON m.id = a.meeting_id
        LEFT JOIN subcommittee s ON s.id = a.subcommittee_id
        WHERE coalesce(m.group_id, s.group_id) = ?""", [today, group_id])
    return {k: int(v) for k, v in found.items()}


# The delegation an action item belongs to, derived from its owner organisation (or its owner person's):
# the secretariat and donors and civil society by type, a party's agencies by their country.
DELEGATION_SQL = """CASE
    WHEN o.id IS NULL THEN NULL
    WHEN o.id = g.secretariat_org_id OR o.org_type = 'multilateral' THEN 'secretariat'
    WHEN o.org_type = 'donor' THEN 'donor'
    WHEN o.org_type = 'cso' THEN 'cso'
    WHEN o.country IS NOT NULL THEN o.country
    ELSE 'observer' END"""

# Everything a tracker row shows, joined once: origin meeting and agenda item, sub-committee, owner.
TRACKER_SQL = f"""
SELECT a.*, m.sequence_no AS meeting_seq, ai.label AS agenda_label, ai.title AS agenda_title,
       s.code AS subcommittee_code, o.acronym AS owner_acronym, p.ref AS owner_person_ref,
       {DELEGATION_SQL} AS delegation
FROM action_item a
LEFT JOIN meeting m ON m.id = a.meeting_id
LEFT JOIN agenda_item ai ON ai.id = a.agenda_item_id
LEFT JOIN subcommittee s ON s.id = a.subcommittee_id
LEFT JOIN person p ON p.id = a.owner_person_id
LEFT JOIN organisation o ON o.id = coalesce(a.owner_org_id, p.org_id)
JOIN jtwg_group g ON g.id = coalesce(m.group_id, s.group_id)
WHERE g.id = ?"""

OPEN_SQL = "a.status NOT IN ('done', 'cancelled')"


def search_action_items(
    cur: Cursor, *, group_id: int, today: date, subcommittee_code: str | None = None,
    delegation: str | None = None, owner_acronym: str | None = None, status: str | None = None,
    overdue: bool = False, due_within: int | None = None, meeting_seq: int | None = None,
    text: str | None = None,
) -> list[dict]:
    """Tracker rows of a group matching every filter given; free text ignores case and accents in EN and FR."""
    sql = TRACKER_SQL
    params: list = [group_id]
    if subcommittee_code:
        sql += " AND s.code = ?"
        params.append(subcommittee_code)
    if delegation:
        sql += f" AND ({DELEGATION_SQL}) = ?"
        params.append(delegation)
    if owner_acronym:
        sql += " AND o.acronym = ?"
        params.append(owner_acronym)
    if status:
        sql += " AND a.status = ?"
        params.append(status)
    if overdue:
        sql += f" AND a.due_date < ? AND {OPEN_SQL}"
        params.append(today)
    if due_within is not None:
        sql += f" AND a.due_date BETWEEN ? AND ? + to_days(CAST(? AS INTEGER)) AND {OPEN_SQL}"
        params += [today, today, due_within]
    if meeting_seq is not None:
        sql += " AND m.sequence_no = ?"
        params.append(meeting_seq)
    if text and text.strip():
        haystack = ("concat_ws(' ', a.code, struct_extract(a.text, 'en'), struct_extract(a.text, 'fr'),"
                    " a.evidence, a.evidence_link, o.acronym)")
        sql += f" AND contains(strip_accents(lower({haystack})), strip_accents(lower(?)))"
        params.append(text.strip())
    return rows(cur, sql + " ORDER BY a.due_date NULLS LAST, a.code", params)


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
