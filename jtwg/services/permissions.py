"""Who may do what: one place every service that changes data asks before it writes.

Roles are held per group: the secretariat may do everything in its group; a co-chair reads everything of the
group and approves minutes; a sub-committee member edits the action items and activities of their own
sub-committee(s); an observer (donor, public) changes nothing. An account acts in one group at a time
(`Actor.group_id`) and `require_group` refuses another group's data. What concerns the whole installation
(accounts, backups, mail, settings, the audit trail) is for administrators, the installation's secretariat.
"""

from __future__ import annotations

from jtwg.errors import PermissionDenied
from jtwg.models.common import Actor, Confidentiality, UserRole

# Actions a role may take anywhere in its group. Members get the "own" actions only for their sub-committees.
ROLE_ACTIONS: dict[UserRole, set[str]] = {
    UserRole.SECRETARIAT: {"*"},
    UserRole.CO_CHAIR: {"minutes.approve", "comment.create", "read.confidential",
                        "export.internal", "export.restricted", "export.public"},
    UserRole.MEMBER: {"export.restricted", "export.public"},
    UserRole.OBSERVER: {"export.public"},
}
MEMBER_OWN_ACTIONS = {"action_item.update", "activity.update", "activity.create"}
# Actions on the whole installation, whatever the group: an administrator's only.
INSTALLATION_ACTIONS = ("user.", "backup.", "group.create", "audit.", "settings.", "mail.", "contact.")


def administers(actor: Actor) -> bool:
    """The installation's secretariat: an administrator, or a secretariat acting for the whole installation."""
    return actor.role is UserRole.SECRETARIAT and (actor.administrator or actor.group_id is None)


def in_group(actor: Actor, group_id: int | None) -> bool:
    """Whether `actor` may see group `group_id` at all (an account acts in the group it holds a role in)."""
    return actor.group_id is None or actor.administrator or group_id is None or actor.group_id == group_id


def require_group(actor: Actor, group_id: int | None) -> None:
    """Raise PermissionDenied when the data asked for belongs to a group `actor` holds no role in."""
    if not in_group(actor, group_id):
        raise PermissionDenied(key="error.other_group", user=actor.username)


def allowed(actor: Actor, action: str, *, subcommittee_code: str | None = None) -> bool:
    """Whether `actor` may take `action` (on something of sub-committee `subcommittee_code`, if any)."""
    if action.startswith(INSTALLATION_ACTIONS):
        return administers(actor)
    granted = ROLE_ACTIONS.get(actor.role, set())
    if "*" in granted or action in granted:
        return True
    if actor.role is UserRole.MEMBER and action in MEMBER_OWN_ACTIONS:
        return subcommittee_code is not None and subcommittee_code in actor.subcommittee_codes
    return False


def require(actor: Actor, action: str, *, subcommittee_code: str | None = None) -> None:
    """Raise PermissionDenied unless `actor` may take `action`."""
    if not allowed(actor, action, subcommittee_code=subcommittee_code):
        if actor.role is UserRole.MEMBER and action in MEMBER_OWN_ACTIONS:
            raise PermissionDenied(key="error.permission_own_subcommittee", action=action, user=actor.username,
                                   codes=", ".join(actor.subcommittee_codes) or "—")
        raise PermissionDenied(action=action, user=actor.username)


# Pages each role may open; pages not listed are the secretariat's only (settings, audit, ...).
# A page a role may not open is not even registered for it, so its URL leads nowhere.
PAGE_ROLES: dict[str, set[UserRole]] = {
    # Observers (donor, public) read the public parts of the minutes only.
    "overview": {UserRole.SECRETARIAT, UserRole.CO_CHAIR, UserRole.MEMBER},
    "meetings": set(UserRole),
    "mou": {UserRole.SECRETARIAT, UserRole.CO_CHAIR, UserRole.MEMBER},
    "workplan": {UserRole.SECRETARIAT, UserRole.CO_CHAIR, UserRole.MEMBER},
    "actions": {UserRole.SECRETARIAT, UserRole.CO_CHAIR, UserRole.MEMBER},
    "search": {UserRole.SECRETARIAT, UserRole.CO_CHAIR, UserRole.MEMBER},
    # Everyone turns their own reminders off here; the outbox, contacts and mail settings are the secretariat's.
    "email": set(UserRole),
}


# Pages about the whole installation rather than a group.
INSTALLATION_PAGES = {"settings", "audit"}


def may_open_page(actor: Actor, page: str) -> bool:
    if page in INSTALLATION_PAGES:
        return administers(actor)
    if actor.role is UserRole.SECRETARIAT:
        return True
    return actor.role in PAGE_ROLES.get(page, set())


def max_confidentiality(actor: Actor) -> Confidentiality:
    """The most confidential content `actor` may read: co-chairs and the secretariat everything,
    members restricted content of their group, observers (donor, public) public content only."""
    if actor.role in (UserRole.SECRETARIAT, UserRole.CO_CHAIR):
        return Confidentiality.CONFIDENTIAL
    if actor.role is UserRole.MEMBER:
        return Confidentiality.RESTRICTED
    return Confidentiality.PUBLIC


def may_read(actor: Actor, level: Confidentiality | str) -> bool:
    return Confidentiality(level).rank <= max_confidentiality(actor).rank
