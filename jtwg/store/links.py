"""Links between MoU commitments and activities, action items and decisions; removed with what they point to."""

from __future__ import annotations

from jtwg.db import transaction
from jtwg.errors import NotFound
from jtwg.models.common import Actor
from jtwg.store.common import Cursor, log_change

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
    """Drop every link of a commitment that is being deleted."""
    total = 0
    with transaction(cur):
        for kind, (link_table, column, _) in KINDS.items():
            total += len(cur.execute(f"DELETE FROM {link_table} WHERE commitment_id = ? RETURNING 1", [commitment_id]).fetchall())
    return total
