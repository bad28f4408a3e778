"""Every service that reads or changes a group's records asks here first: is it the group the user works in?

A signed-in user acts in one group at a time, with the role they hold there (`Actor.group_id`). Ids come from
pages, links, files and the command line, so a record's group is looked up, never assumed from where the id
came from. Administrators and whole-installation actors (the system) may reach every group.
"""

from __future__ import annotations

from jtwg.models.common import Actor
from jtwg.services import permissions
from jtwg.store import scope as store
from jtwg.store.records import Cursor


def _scoped(actor: Actor) -> bool:
    return actor.group_id is not None and not actor.administrator


def require(cur: Cursor, actor: Actor, **refs: int | None) -> None:
    """Raise PermissionDenied unless every record named (group=…, meeting=…, action_item=…, …) is in the
    actor's group. An id that names no record passes: the service then reports it as not found."""
    if not _scoped(actor):
        return
    for entity, entity_id in refs.items():
        if entity_id is None:
            continue
        group_id = entity_id if entity == "group" else store.group_of(cur, entity=entity, entity_id=entity_id)
        permissions.require_group(actor, group_id)

