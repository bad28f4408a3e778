"""MoU tracker: permission-checked edits and links, the read model with progress per provision, activity → provisions.

How progress is rolled up (the same formula is printed on the MoU page, in both languages):

1. Progress of linked work. An activity counts 100 when completed, its `progress_pct` (0 if not
   given) otherwise; an action item counts 100 when done, its `progress_pct` (0 if not given)
   otherwise. Cancelled activities and action items are left out. Decisions are evidence: they
   do not count as work.
2. Score of a commitment, from the status the JTWG gave it: fulfilled 100; partially fulfilled 50;
   not started 0; not fulfilled 0; in progress = the mean progress of its linked work, or 25 when
   no work is linked (an in-progress commitment with nothing to measure counts as a quarter done);
   superseded commitments are left out.
3. Progress of a provision = the mean score of its commitments (none left: no figure).
   Progress of the MoU = the mean progress of its provisions that have a figure.

Why this way: the status is the JTWG's own judgement, reviewed at its meetings, so it decides;
the linked work only measures how far an in-progress commitment has got. Every number can be
recomputed by hand from what the page shows.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from jtwg.db import transaction
from jtwg.errors import InvalidInput, NotFound, PermissionDenied
from jtwg.i18n import ordinal, t
from jtwg.models import (
    ActionItem, ActionStatus, Activity, ActivityStatus, Actor, Bilingual, Commitment, CommitmentCreate,
    CommitmentStatus, CommitmentUpdate, Confidentiality, Mou, Provision, ProvisionCreate, ProvisionUpdate,
)
from jtwg.models.mou import CLOSED_COMMITMENT
from jtwg.services import permissions
from jtwg.services.workplan import may_read_plans
from jtwg.store import actions as action_store
from jtwg.store import links
from jtwg.store import mou as store
from jtwg.store import workplan as workplan_store
from jtwg.store.records import Cursor, history, rows
from jtwg.services import scope

EDIT = "mou.edit"
LINK = "mou.link"
LINK_KINDS = links.KINDS   # what a commitment may be linked to: activity, action, decision

FULL = 100.0
PARTIAL = 50.0
IN_PROGRESS_WITHOUT_WORK = 25.0
STATUS_SCORE = {
    CommitmentStatus.FULFILLED: FULL,
    CommitmentStatus.PARTIALLY_FULFILLED: PARTIAL,
    CommitmentStatus.NOT_STARTED: 0.0,
    CommitmentStatus.NOT_FULFILLED: 0.0,
}


# --- the formula -----------------------------------------------------------------------------

def activity_progress(activity: Activity) -> float | None:
    """How far an activity has got (0–100), or None when it is cancelled and so left out."""
    if activity.status is ActivityStatus.CANCELLED:
        return None
    if activity.status is ActivityStatus.COMPLETED:
        return FULL
    return float(activity.progress_pct or 0)


def action_progress(action: ActionItem) -> float | None:
    """How far an action item has got (0–100), or None when it is cancelled and so left out."""
    if action.status is ActionStatus.CANCELLED:
        return None
    if action.status is ActionStatus.DONE:
        return FULL
    return float(action.progress_pct or 0)


def commitment_score(status: CommitmentStatus, work_progress: list[float]) -> float | None:
    """A commitment's score (0–100) from its status and the progress of its counted linked work.

    None for a superseded commitment: it no longer counts.
    """
    if status is CommitmentStatus.SUPERSEDED:
        return None
    if status is CommitmentStatus.IN_PROGRESS:
        return fmean(work_progress) if work_progress else IN_PROGRESS_WITHOUT_WORK
    return STATUS_SCORE[status]


def mean_or_none(values: list[float | None]) -> float | None:
    """The mean of the values that exist, or None when there are none."""
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


# --- the read model --------------------------------------------------------------------------

@dataclass(frozen=True)
class DecisionRef:
    """A decision as the tracker cites it: meeting number, agenda item label, rank in the item."""

    id: int
    meeting_seq: int
    item_label: str | None
    position: int
    text: Bilingual
    withheld: bool          # the agenda item is confidential: cite it, do not print its text
    item_title: Bilingual

    def reference(self, lang: str) -> str:
        """"4th meeting, item i, decision 1"; a label that is already a phrase ("Agenda Item 3") is kept whole."""
        label = self.item_label or "—"
        item = label if " " in label else t("mou.item", lang, label=label)
        return t("mou.decision_ref", lang, meeting=ordinal(self.meeting_seq, lang), item=item, position=self.position)

    def summary(self, lang: str) -> str:
        shown = self.item_title.get(lang) if self.withheld else self.text.get(lang)
        return f"{self.reference(lang)} — {shown}"


@dataclass
class CommitmentView:
    commitment: Commitment
    activities: list[Activity]
    actions: list[ActionItem]
    decisions: list[DecisionRef]
    score: float | None
    measured_by: list[tuple[str, float]]   # (code, progress) of the linked work the score used

    @property
    def counted_work(self) -> list[float]:
        return [p for _, p in self.measured_by]


@dataclass
class ProvisionView:
    provision: Provision
    commitments: list[CommitmentView]
    progress: float | None

    @property
    def activities(self) -> list[Activity]:
        """Every activity implementing the provision through any of its commitments, once each."""
        seen: dict[int, Activity] = {}
        for c in self.commitments:
            for a in c.activities:
                seen.setdefault(a.id, a)
        return sorted(seen.values(), key=lambda a: a.code)

    @property
    def has_activity(self) -> bool:
        return bool(self.activities)

    @property
    def has_open_commitment(self) -> bool:
        return any(c.commitment.status not in CLOSED_COMMITMENT for c in self.commitments)

    @property
    def needs_activity(self) -> bool:
        """Flag: no work-plan activity implements this provision while some commitment is still open."""
        return not self.has_activity and (self.has_open_commitment or not self.commitments)


@dataclass
class MouView:
    mou: Mou
    provisions: list[ProvisionView] = field(default_factory=list)

    @property
    def progress(self) -> float | None:
        return mean_or_none([p.progress for p in self.provisions])

    @property
    def commitments(self) -> list[CommitmentView]:
        return [c for p in self.provisions for c in p.commitments]


def decision_refs(cur: Cursor, *, group_id: int) -> list[DecisionRef]:
    """Every decision of the group's plenary meetings, in meeting and agenda order."""
    found = rows(cur, """
        SELECT d.id, m.sequence_no, i.label, d.position, d.text, i.confidentiality, i.title
        FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id JOIN meeting m ON m.id = i.meeting_id
        WHERE m.group_id = ? AND m.subcommittee_id IS NULL ORDER BY m.sequence_no, i.position, d.position""", [group_id])
    return [DecisionRef(
        id=r["id"], meeting_seq=r["sequence_no"], item_label=r["label"], position=r["position"],
        text=Bilingual.model_validate(r["text"]), withheld=r["confidentiality"] == Confidentiality.CONFIDENTIAL.value,
        item_title=Bilingual.model_validate(r["title"]),
    ) for r in found]


def mou_view(cur: Cursor, *, group_id: int) -> MouView | None:
    """The group's MoU with every provision, its commitments, what implements them and the progress figures."""
    agreement = store.get_mou(cur, group_id=group_id)
    if agreement is None:
        return None
    activities = {a.id: a for a in workplan_store.list_activities(cur, group_id=group_id)}
    action_items = {a.id: a for a in action_store.list_action_items(cur, group_id=group_id)}
    decisions = {d.id: d for d in decision_refs(cur, group_id=group_id)}
    linked_to: dict[tuple[str, int], list[int]] = {}   # (kind, commitment id) -> target ids
    for kind in links.KINDS:
        for commitment_id, target in links.linked(cur, kind=kind):
            linked_to.setdefault((kind, commitment_id), []).append(target)

    def targets(kind: str, commitment_id: int, known: dict) -> list:
        return [known[target] for target in linked_to.get((kind, commitment_id), []) if target in known]

    by_provision: dict[int, list[CommitmentView]] = {}
    for c in store.list_commitments(cur, mou_id=agreement.id):
        linked_activities = sorted(targets("activity", c.id, activities), key=lambda a: a.code)
        linked_actions = sorted(targets("action", c.id, action_items), key=lambda a: a.code)
        measured = [(a.code, p) for a in linked_activities if (p := activity_progress(a)) is not None]
        measured += [(a.code, p) for a in linked_actions if (p := action_progress(a)) is not None]
        score = commitment_score(c.status, [p for _, p in measured])
        view = CommitmentView(
            commitment=c, activities=linked_activities, actions=linked_actions,
            decisions=sorted(targets("decision", c.id, decisions), key=lambda d: (d.meeting_seq, d.id)),
            score=score, measured_by=measured if c.status is CommitmentStatus.IN_PROGRESS else [],
        )
        by_provision.setdefault(c.provision_id, []).append(view)
    provisions = []
    for p in store.list_provisions(cur, mou_id=agreement.id):
        mine = by_provision.get(p.id, [])
        provisions.append(ProvisionView(provision=p, commitments=mine, progress=mean_or_none([c.score for c in mine])))
    return MouView(mou=agreement, provisions=provisions)


@dataclass
class ServedProvision:
    provision: Provision
    commitments: list[Commitment]


def provisions_served_by_activity(cur: Cursor, activity_id: int) -> list[ServedProvision]:
    """The MoU provisions an activity serves, each with the commitments that link it, in the MoU's order.

    For the work-plan page: "this activity serves Article 4 (C-4.1)".
    """
    workplan_store.get_activity(cur, activity_id=activity_id)
    commitment_ids = [c for c, _ in links.linked(cur, kind="activity", target_id=activity_id)]
    commitments = sorted((store.get_commitment(cur, commitment_id=c) for c in commitment_ids), key=lambda c: c.code)
    served: dict[int, ServedProvision] = {}
    for c in commitments:
        if c.provision_id not in served:
            served[c.provision_id] = ServedProvision(store.get_provision(cur, provision_id=c.provision_id), [])
        served[c.provision_id].commitments.append(c)
    order: dict[int, int] = {}
    for mou_id in sorted({s.provision.mou_id for s in served.values()}):
        order.update({p.id: len(order) for p in store.list_provisions(cur, mou_id=mou_id)})
    return sorted(served.values(), key=lambda s: order[s.provision.id])


def mou_end_date(agreement: Mou) -> date | None:
    """The day the MoU's term ends: its entry into force plus its duration in months."""
    if agreement.in_force_from is None or agreement.duration_months is None:
        return None
    start = agreement.in_force_from
    months = start.month - 1 + agreement.duration_months
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def provision_reference(provision: Provision, lang: str) -> str:
    """"Article 4" / "Article 8.2", as the page and exports cite a provision."""
    if provision.paragraph:
        return t("mou.article_paragraph", lang, article=provision.article, paragraph=provision.paragraph)
    return t("mou.article", lang, article=provision.article)


# --- reads for the page's panels (each checks the reader) ---------------------------------------

def require_reader(actor: Actor) -> None:
    """Refuse a reader whose role may not open the MoU page."""
    if not permissions.may_open_page(actor, "mou"):
        raise PermissionDenied(action="mou.read", user=actor.username)


@dataclass
class LinkTargets:
    """The group's work a commitment may be linked to, by id, as the reader may read it."""

    activity: dict[int, Activity]
    action: dict[int, ActionItem]
    decision: dict[int, DecisionRef]

    def of(self, kind: str) -> dict:
        return {"activity": self.activity, "action": self.action, "decision": self.decision}[kind]


def link_targets(cur: Cursor, *, group_id: int, actor: Actor) -> LinkTargets:
    """The group's activities, action items (those the reader may read) and plenary decisions."""
    scope.require(cur, actor, group=group_id)
    require_reader(actor)
    activities = workplan_store.list_activities(cur, group_id=group_id) if may_read_plans(actor) else []
    return LinkTargets(
        activity={a.id: a for a in activities},
        action={a.id: a for a in action_store.list_action_items(cur, group_id=group_id)
                if permissions.may_read(actor, a.confidentiality)},
        decision={d.id: d for d in decision_refs(cur, group_id=group_id)},
    )


def commitment_links(cur: Cursor, *, group_id: int, commitment_id: int, actor: Actor) -> list[tuple[str, int]]:
    """(kind, target id) of everything the commitment is linked to, kind by kind."""
    scope.require(cur, actor, group=group_id, commitment=commitment_id)
    require_reader(actor)
    _commitment_in_group(cur, commitment_id, group_id)
    return [(kind, target) for kind in LINK_KINDS
            for _, target in links.linked(cur, kind=kind, commitment_id=commitment_id)]


def provision_numbers(cur: Cursor, *, group_id: int, actor: Actor) -> dict[int, str]:
    """Provision id -> its number ("3.2"), for the group's MoU (empty without one)."""
    scope.require(cur, actor, group=group_id)
    require_reader(actor)
    agreement = store.get_mou(cur, group_id=group_id)
    return {} if agreement is None else {p.id: p.number for p in store.list_provisions(cur, mou_id=agreement.id)}


def get_provision(cur: Cursor, *, group_id: int, provision_id: int, actor: Actor) -> Provision:
    scope.require(cur, actor, group=group_id, provision=provision_id)
    require_reader(actor)
    return _provision_in_group(cur, provision_id, group_id)


# --- changes (each checks permission, validates, writes in one transaction, is logged) ----------

def _mou_of_group(cur: Cursor, group_id: int) -> Mou:
    agreement = store.get_mou(cur, group_id=group_id)
    if agreement is None:
        raise NotFound(key="error.no_mou")
    return agreement


def _provision_in_group(cur: Cursor, provision_id: int, group_id: int) -> Provision:
    provision = store.get_provision(cur, provision_id=provision_id)
    if store.get_mou_by_id(cur, mou_id=provision.mou_id).group_id != group_id:
        raise NotFound(key="error.unknown_provision", ref=provision_id)
    return provision


def _commitment_in_group(cur: Cursor, commitment_id: int, group_id: int) -> Commitment:
    commitment = store.get_commitment(cur, commitment_id=commitment_id)
    _provision_in_group(cur, commitment.provision_id, group_id)
    return commitment


def _check_evidence(cur: Cursor, data: CommitmentCreate | CommitmentUpdate, commitment_id: int | None,
                    decisions_given: bool = False) -> None:
    """A commitment marked fulfilled names its evidence: a document reference, a link or a linked decision."""
    if data.status is not CommitmentStatus.FULFILLED or data.evidence or data.evidence_url or decisions_given:
        return
    if commitment_id is not None and links.linked(cur, kind="decision", commitment_id=commitment_id):
        return
    raise InvalidInput([("evidence", "invalid.fulfilled_needs_evidence", {})])


def create_provision(cur: Cursor, *, group_id: int, data: ProvisionCreate, actor: Actor) -> int:
    scope.require(cur, actor, group=group_id)
    permissions.require(actor, EDIT)
    return store.add_provision(cur, mou=_mou_of_group(cur, group_id), data=data, actor=actor)


def update_provision(
    cur: Cursor, *, group_id: int, provision_id: int, expected_version: int, data: ProvisionUpdate, actor: Actor,
) -> dict[str, list]:
    """Save an edited provision; StaleVersion when someone saved it since `expected_version`."""
    scope.require(cur, actor, group=group_id, provision=provision_id)
    permissions.require(actor, EDIT)
    _provision_in_group(cur, provision_id, group_id)
    return store.update_provision(cur, provision_id=provision_id, expected_version=expected_version, data=data, actor=actor)


def delete_provision(cur: Cursor, *, group_id: int, provision_id: int, actor: Actor, with_commitments: bool = False) -> int:
    """Delete a provision (and, when asked, its commitments and their links); return how many commitments went."""
    scope.require(cur, actor, group=group_id, provision=provision_id)
    permissions.require(actor, EDIT)
    _provision_in_group(cur, provision_id, group_id)
    return store.delete_provision(cur, provision_id=provision_id, actor=actor, with_commitments=with_commitments)


def create_commitment(cur: Cursor, *, group_id: int, provision_id: int, data: CommitmentCreate, actor: Actor,
                      decision_ids: tuple[int, ...] | list[int] = ()) -> int:
    """Add a commitment; `decision_ids` are linked with it at once (they count as its evidence)."""
    scope.require(cur, actor, group=group_id, provision=provision_id)
    permissions.require(actor, EDIT)
    provision = _provision_in_group(cur, provision_id, group_id)
    _check_evidence(cur, data, None, decisions_given=bool(decision_ids))
    with transaction(cur):
        new_id = store.add_commitment(cur, provision=provision, group_id=group_id, data=data, actor=actor)
        for decision_id in decision_ids:
            link_work(cur, group_id=group_id, commitment_id=new_id, kind="decision", target_id=decision_id, actor=actor)
    return new_id


def update_commitment(
    cur: Cursor, *, group_id: int, commitment_id: int, expected_version: int, data: CommitmentUpdate, actor: Actor,
    note: str | None = None,
) -> dict[str, list]:
    """Save an edited commitment; StaleVersion when someone saved it since `expected_version`."""
    scope.require(cur, actor, group=group_id, commitment=commitment_id)
    permissions.require(actor, EDIT)
    _commitment_in_group(cur, commitment_id, group_id)
    _check_evidence(cur, data, commitment_id)
    return store.update_commitment(cur, commitment_id=commitment_id, group_id=group_id,
                                   expected_version=expected_version, data=data, actor=actor, note=note)


def delete_commitment(cur: Cursor, *, group_id: int, commitment_id: int, actor: Actor) -> None:
    """Delete a commitment together with all its links."""
    scope.require(cur, actor, group=group_id, commitment=commitment_id)
    permissions.require(actor, EDIT)
    _commitment_in_group(cur, commitment_id, group_id)
    store.delete_commitment(cur, commitment_id=commitment_id, actor=actor)


def link_work(cur: Cursor, *, group_id: int, commitment_id: int, kind: str, target_id: int, actor: Actor) -> bool:
    """Link a commitment to an activity, action item or decision of the same group; False if already linked."""
    scope.require(cur, actor, group=group_id, commitment=commitment_id)
    permissions.require(actor, LINK)
    if kind not in links.KINDS:
        raise InvalidInput([("kind", "invalid.bad_choice", {})])
    _commitment_in_group(cur, commitment_id, group_id)
    if links.target_group_id(cur, kind=kind, target_id=target_id) != group_id:
        raise NotFound(key=f"error.unknown_{kind}", ref=target_id)
    with transaction(cur):
        return links.link(cur, kind=kind, commitment_id=commitment_id, target_id=target_id, actor=actor)


def unlink_work(cur: Cursor, *, group_id: int, commitment_id: int, kind: str, target_id: int, actor: Actor) -> bool:
    scope.require(cur, actor, group=group_id, commitment=commitment_id)
    permissions.require(actor, LINK)
    if kind not in links.KINDS:
        raise InvalidInput([("kind", "invalid.bad_choice", {})])
    _commitment_in_group(cur, commitment_id, group_id)
    return links.unlink(cur, kind=kind, commitment_id=commitment_id, target_id=target_id, actor=actor)


def record_history(cur: Cursor, *, entity: str, record_id: int) -> list[dict]:
    """Every logged change of a provision or commitment (links included), newest first."""
    if entity not in ("mou_provision", "commitment"):
        raise InvalidInput([("entity", "invalid.bad_choice", {})])
    return history(cur, entity=entity, entity_id=record_id)
