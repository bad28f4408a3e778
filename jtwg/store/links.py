"""Links between MoU commitments and activities, action items and decisions; removed with what they point to."""

from __future__ import annotations

from jtwg.db import transaction
from jtwg.errors import NotFound
from jtwg.models.common import Actor
from jtwg.store.records import Cursor, id_by, log_change

# kind -> (link table, column of the linked record, table of the linked record)
KINDS = {
    "activity": ("commitment_activity", "activity_id", "activity"),
    "action": ("commitment_action", "action_id", "action_item"),
    "decision": ("commitment_decision", "decision_id", "decision"),
}


def _check(cur: Cursor, table: str, row_id: int) -> None:
    if cur.execute(f"SELECT 1 FROM {table} WHERE id = ?", [row_id]).fetchone() is None:
        raise NotFound(entity=table, ref=row_id)


def link(cur: Cursor, *, kind: str, commitment_id: int, target_id: int, actor: Actor) -> bool:
    """Link a commitment to an activity, action item or decision; False if the link already existed."""
    link_table, column, target_table = KINDS[kind]
    _check(cur, "commitment", commitment_id)
    _check(cur, target_table, target_id)
    with transaction(cur):
        if cur.execute(f"SELECT 1 FROM {link_table} WHERE commitment_id = ? AND {column} = ?",
                       [commitment_id, target_id]).fetchone():
            return False
        cur.execute(f"INSERT INTO {link_table} (commitment_id, {column}, created_by) VALUES (?, ?, ?)",
                    [commitment_id, target_id, actor.username])
        log_change(cur, actor=actor, action="link", entity="commitment", entity_id=commitment_id,
                   changes={kind: [None, target_id]})
    return True


def unlink(cur: Cursor, *, kind: str, commitment_id: int, target_id: int, actor: Actor) -> bool:
    link_table, column, _ = KINDS[kind]
    with transaction(cur):
        found = cur.execute(f"DELETE FROM {link_table} WHERE commitment_id = ? AND {column} = ? RETURNING 1",
                            [commitment_id, target_id]).fetchall()
        if found:
            log_change(cur, actor=actor, action="unlink", entity="commitment", entity_id=commitment_id,
                       changes={kind: [target_id, None]})
    return bool(found)


def linked(cur: Cursor, *, kind: str, commitment_id: int | None = None, target_id: int | None = None) -> list[tuple[int, int]]:
    """(commitment_id, target_id) pairs, optionally for one commitment or one target."""
    link_table, column, _ = KINDS[kind]
    sql = f"SELECT commitment_id, {column} FROM {link_table} WHERE 1 = 1"
    params: list = []
    if commitment_id is not None:
        sql += " AND commitment_id = ?"
        params.append(commitment_id)
    if target_id is not None:
        sql += f" AND {column} = ?"
        params.append(target_id)
    return [tuple(r) for r in cur.execute(sql + " ORDER BY 1, 2", params).fetchall()]


def remove_links_to(cur: Cursor, *, kind: str, target_id: int, actor: Actor) -> int:
    """Drop every link to a record that is being deleted (call inside the delete's transaction)."""
    link_table, column, _ = KINDS[kind]
    with transaction(cur):
        gone = cur.execute(f"DELETE FROM {link_table} WHERE {column} = ? RETURNING commitment_id", [target_id]).fetchall()
        for (commitment_id,) in gone:
            log_change(cur, actor=actor, action="unlink", entity="commitment", entity_id=commitment_id,
                       changes={kind: [target_id, None]}, note="linked record deleted")
    return len(gone)


def remove_links_of_commitment(cur: Cursor, *, commitment_id: int, actor: Actor) -> int:
    """Drop every link of a commitment that is being deleted; each removal is logged."""
    total = 0
    with transaction(cur):
        for kind, (link_table, column, _) in KINDS.items():
            gone = cur.execute(f"DELETE FROM {link_table} WHERE commitment_id = ? RETURNING {column}", [commitment_id]).fetchall()
            for (target_id,) in gone:
                log_change(cur, actor=actor, action="unlink", entity="commitment", entity_id=commitment_id,
                           changes={kind: [target_id, None]}, note="commitment deleted")
            total += len(gone)
    return total


def dangling(cur: Cursor) -> list[tuple[str, int, int]]:
    """(kind, commitment_id, target_id) of every link whose commitment or target no longer exists.

    Empty in a healthy database: the integrity check used by tests and by anyone deleting records.
    """
    found = []
    for kind, (link_table, column, target_table) in KINDS.items():
        found += [(kind, c, t) for c, t in cur.execute(
            f"SELECT l.commitment_id, l.{column} FROM {link_table} l"
            f" LEFT JOIN commitment c ON c.id = l.commitment_id LEFT JOIN {target_table} x ON x.id = l.{column}"
            " WHERE c.id IS NULL OR x.id IS NULL ORDER BY 1, 2").fetchall()]
    return found


def activity_id_by_code(cur: Cursor, code: str) -> int:
    """An activity by its code (the stable reference used by demo files and imports)."""
    return id_by(cur, "activity", "code", code, error_key="error.unknown_activity")


def action_id_by_code(cur: Cursor, code: str) -> int:
    return id_by(cur, "action_item", "code", code, error_key="error.unknown_action")


def decision_id_by_ref(cur: Cursor, *, group_id: int, meeting_seq: int, item_label: str, position: int = 1) -> int:
    """A decision by its stable reference: plenary meeting number, agenda item label, rank within the item."""
    found = cur.execute(
        "SELECT d.id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id JOIN meeting m ON m.id = i.meeting_id"
        " WHERE m.group_id = ? AND m.sequence_no = ? AND m.subcommittee_id IS NULL AND i.label = ? AND d.position = ?",
        [group_id, meeting_seq, item_label, position]).fetchone()
    if found is None:
        raise NotFound(key="error.unknown_decision", ref=f"{meeting_seq}/{item_label}/{position}")
    return found[0]


# kind -> SQL giving the group of a linked record (activities through their work plan, action items
# through their meeting or sub-committee, decisions through their meeting).
_GROUP_OF = {
    "activity": "SELECT w.group_id FROM activity v JOIN workplan w ON w.id = v.workplan_id WHERE v.id = ?",
    "action": "SELECT coalesce(m.group_id, s.group_id) FROM action_item a LEFT JOIN meeting m ON m.id = a.meeting_id"
              " LEFT JOIN subcommittee s ON s.id = a.subcommittee_id WHERE a.id = ?",
    "decision": "SELECT m.group_id FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id"
                " JOIN meeting m ON m.id = i.meeting_id WHERE d.id = ?",
}


def target_group_id(cur: Cursor, *, kind: str, target_id: int) -> int | None:
    """The group an activity, action item or decision belongs to (None if it does not exist)."""
    found = cur.execute(_GROUP_OF[kind], [target_id]).fetchone()
    return None if found is None else found[0]
