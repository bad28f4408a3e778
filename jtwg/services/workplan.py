"""Work-plan rules: adding, editing and deleting activities with permission checks, versions and linked items."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jtwg.db import transaction
from jtwg.errors import InvalidInput, JtwgError, NotFound
from jtwg.models import Activity, ActivityCreate, ActivityUpdate, Actor, Confidentiality, LinkedOnDelete, WorkPlan
from jtwg.models.mou import Provision
from jtwg.services import permissions
from jtwg.store import links
from jtwg.store import workplan as store
from jtwg.store.records import Cursor, subcommittee_code
from jtwg.services import scope


class ActivityHasLinks(JtwgError):
    """Deleting the activity would leave MoU commitments pointing at nothing: the user must choose."""

    key = "error.activity_has_links"


def subcommittee_code_of(cur: Cursor, workplan: WorkPlan) -> str | None:
    return subcommittee_code(cur, subcommittee_id=workplan.subcommittee_id)


def create_activity(cur: Cursor, *, workplan_id: int, data: ActivityCreate, actor: Actor) -> int:
    scope.require(cur, actor, workplan=workplan_id)
    plan = store.get_workplan(cur, workplan_id=workplan_id)
    permissions.require(actor, "activity.create", subcommittee_code=subcommittee_code_of(cur, plan))
    return store.create_activity(cur, workplan=plan, data=data, actor=actor)


def update_activity(
    cur: Cursor, *, activity_id: int, expected_version: int, data: ActivityUpdate, actor: Actor,
    workplan_id: int | None = None, note: str | None = None,
) -> dict[str, list]:
    """Save an edit made on version `expected_version` (StaleVersion if someone saved first); return the diff.

    Moving an activity to another work plan needs the right on both sub-committees.
    """
    scope.require(cur, actor, activity=activity_id)
    activity = store.get_activity(cur, activity_id=activity_id)
    plan = store.get_workplan(cur, workplan_id=activity.workplan_id)
    permissions.require(actor, "activity.update", subcommittee_code=subcommittee_code_of(cur, plan))
    if workplan_id is not None and workplan_id != activity.workplan_id:
        target = store.get_workplan(cur, workplan_id=workplan_id)
        permissions.require(actor, "activity.update", subcommittee_code=subcommittee_code_of(cur, target))
    else:
        workplan_id = None
    return store.update_activity(cur, activity_id=activity_id, data=data, expected_version=expected_version,
                                 actor=actor, workplan_id=workplan_id, note=note)


@dataclass
class LinkedCommitment:
    id: int
    code: str


def linked_commitments(cur: Cursor, *, activity_id: int) -> list[LinkedCommitment]:
    """The MoU commitments this activity implements (what a delete would leave dangling)."""
    return [LinkedCommitment(**r) for r in store.linked_commitments(cur, activity_id=activity_id)]


def delete_activity(
    cur: Cursor, *, activity_id: int, expected_version: int, actor: Actor,
    linked: LinkedOnDelete = LinkedOnDelete.REFUSE, move_to_id: int | None = None,
) -> int:
    """Delete an activity. Linked MoU commitments are refused (default), unlinked, or moved to `move_to_id`.

    Everything happens in one transaction; returns how many links were removed or moved.
    """
    scope.require(cur, actor, activity=activity_id)
    activity = store.get_activity(cur, activity_id=activity_id)
    plan = store.get_workplan(cur, workplan_id=activity.workplan_id)
    permissions.require(actor, "activity.delete", subcommittee_code=subcommittee_code_of(cur, plan))
    commitments = linked_commitments(cur, activity_id=activity_id)
    if commitments and linked is LinkedOnDelete.REFUSE:
        raise ActivityHasLinks(ref=activity.code, count=len(commitments),
                               codes=", ".join(c.code for c in commitments))
    if linked is LinkedOnDelete.MOVE and commitments:
        if move_to_id is None or move_to_id == activity_id:
            raise InvalidInput([("move_to", "invalid.move_target_required", {})])
        try:
            store.get_activity(cur, activity_id=move_to_id)
        except NotFound:
            raise InvalidInput([("move_to", "invalid.move_target_required", {})]) from None
    with transaction(cur):
        if linked is LinkedOnDelete.MOVE:
            for c in commitments:
                links.link(cur, kind="activity", commitment_id=c.id, target_id=move_to_id, actor=actor)
        handled = links.remove_links_to(cur, kind="activity", target_id=activity_id, actor=actor)
        store.delete_activity(cur, activity_id=activity_id, expected_version=expected_version, actor=actor)
    return handled


# ---- reading: the work plan as the acting user may see it ----

# A work plan, its activities and the MoU they serve are the group's internal (restricted) content:
# the secretariat, co-chairs and members read them, observers (donor, public) do not.
PLAN_LEVEL = Confidentiality.RESTRICTED


@dataclass
class ActivityRow:
    """One activity as the work plan shows it: its lead's acronym, the shared overdue rule, the provisions it serves."""

    activity: Activity
    subcommittee: str | None
    lead: str | None
    overdue: bool
    provisions: list[Provision] = field(default_factory=list)


@dataclass
class WorkplanView:
    plans: list[WorkPlan]
    activities: list[ActivityRow]


def may_read_plans(actor: Actor) -> bool:
    return permissions.may_read(actor, PLAN_LEVEL)


def list_activities(cur: Cursor, *, group_id: int, actor: Actor) -> list[Activity]:
    """The group's activities, of every plan, if `actor` may read the plans (none for an observer)."""
    scope.require(cur, actor, group=group_id)
    return store.list_activities(cur, group_id=group_id) if may_read_plans(actor) else []


def activity_rows(cur: Cursor, *, group_id: int, actor: Actor, today: date,
                  subcommittee_code: str | None = None) -> list[ActivityRow]:
    """The activities `actor` may read (of one sub-committee's plans, if given), flagged overdue, with the
    MoU provisions each serves (read in one query for the whole plan)."""
    scope.require(cur, actor, group=group_id)
    if not may_read_plans(actor):
        return []
    served: dict[int, list[Provision]] = {}
    for r in store.served_provisions(cur, group_id=group_id):
        served.setdefault(r["activity_id"], []).append(Provision.model_validate(r))
    return [ActivityRow(activity=Activity.model_validate(r), subcommittee=r["subcommittee"], lead=r["lead"],
                        overdue=r["overdue"], provisions=served.get(r["id"], []))
            for r in store.activity_rows(cur, group_id=group_id, today=today, subcommittee_code=subcommittee_code)]


def workplan_view(cur: Cursor, *, group_id: int, actor: Actor, today: date) -> WorkplanView:
    """The group's work plans and activities as `actor` may read them (nothing for an observer)."""
    scope.require(cur, actor, group=group_id)
    if not may_read_plans(actor):
        return WorkplanView(plans=[], activities=[])
    return WorkplanView(plans=store.list_workplans(cur, group_id=group_id),
                        activities=activity_rows(cur, group_id=group_id, actor=actor, today=today))
