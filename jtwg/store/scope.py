"""Which working group a record belongs to: the services check it against the group the acting user works in."""

from __future__ import annotations

from jtwg.store.records import Cursor

_MEETING_OF_ITEM = "JOIN agenda_item a ON a.id = x.agenda_item_id JOIN meeting m ON m.id = a.meeting_id"
_GROUP_OF = {
    "meeting": "SELECT group_id FROM meeting WHERE id = ?",
    "agenda_item": "SELECT m.group_id FROM agenda_item x JOIN meeting m ON m.id = x.meeting_id WHERE x.id = ?",
    "minute_entry": f"SELECT m.group_id FROM minute_entry x {_MEETING_OF_ITEM} WHERE x.id = ?",
    "decision": f"SELECT m.group_id FROM decision x {_MEETING_OF_ITEM} WHERE x.id = ?",
    # An action item belongs to its meeting's group, or to its sub-committee's when raised outside a meeting.
    "action_item": "SELECT coalesce(m.group_id, s.group_id) FROM action_item x LEFT JOIN meeting m ON m.id = x.meeting_id "
                   "LEFT JOIN subcommittee s ON s.id = x.subcommittee_id WHERE x.id = ?",
    "workplan": "SELECT group_id FROM workplan WHERE id = ?",
    "activity": "SELECT w.group_id FROM activity x JOIN workplan w ON w.id = x.workplan_id WHERE x.id = ?",
    "meeting_session": "SELECT m.group_id FROM meeting_session x JOIN meeting m ON m.id = x.meeting_id WHERE x.id = ?",
    "attendance": "SELECT m.group_id FROM attendance x JOIN meeting m ON m.id = x.meeting_id WHERE x.id = ?",
    "provision": "SELECT o.group_id FROM mou_provision x JOIN mou o ON o.id = x.mou_id WHERE x.id = ?",
    "commitment": "SELECT o.group_id FROM commitment x JOIN mou_provision p ON p.id = x.provision_id "
                  "JOIN mou o ON o.id = p.mou_id WHERE x.id = ?",
}


def group_of(cur: Cursor, *, entity: str, entity_id: int) -> int | None:
    """The id of the group record `entity_id` of `entity` belongs to; None when there is no such record."""
    found = cur.execute(_GROUP_OF[entity], [entity_id]).fetchone()
    return None if found is None else found[0]

