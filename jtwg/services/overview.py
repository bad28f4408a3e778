"""Read models for the co-chairs' overview and the progress brief: figures over what the reader may read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jtwg.errors import JtwgError
from jtwg.models import Actor, Bilingual, Decision, Meeting
from jtwg.rules import next_host_city
from jtwg.services import permissions
from jtwg.services.workplan import may_read_plans
from jtwg.store import meetings
from jtwg.store import mou as mou_store
from jtwg.store import overview as store
from jtwg.store.records import Cursor
from jtwg.services import scope

UPCOMING_DAYS = 30
PERIODS = ("quarter", "6m", "12m", "all")
DEFAULT_PERIOD = "12m"


@dataclass
class Filters:
    """What the overview is narrowed to: one delegation (or all) and a period for the trend."""

    delegation: str | None = None
    period: str = DEFAULT_PERIOD

    def __post_init__(self) -> None:
        if self.period not in PERIODS:
            raise JtwgError(self.period, key="error.unknown_period", value=self.period, choices=", ".join(PERIODS))


@dataclass
class Deadline:
    kind: str            # action / activity / commitment
    code: str
    text: Bilingual
    due: date
    responsible: str
    confidential: bool = False


@dataclass
class Overview:
    today: date
    filters: Filters
    period_start: date
    activity_total: int
    activity_by_status: dict[str, int]
    activity_overdue: int
    actions: dict[str, int]
    quarter_start: date
    meetings_held: int
    provisions_total: int
    provisions_without_activity: list[dict]
    last_meeting: Meeting | None
    next_meeting: Meeting | None
    next_host_city: str | None
    last_decisions: list[Decision]
    overdue_actions: list[dict]
    overdue_by_owner: list[dict]
    overdue_by_delegation: list[dict]
    upcoming: list[Deadline]
    progress: list[dict]
    trend: list[dict]
    coverage: list[dict]
    coverage_columns: list[str | None] = field(default_factory=list)
    activities_by_subcommittee: list[dict] = field(default_factory=list)


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def period_start(cur: Cursor, *, group_id: int, today: date, period: str) -> date:
    """First day of the period: this quarter, the last 6 or 12 months (whole months), or since the group began."""
    if period == "quarter":
        return quarter_start(today)
    if period in ("6m", "12m"):
        months = 6 if period == "6m" else 12
        index = today.year * 12 + today.month - 1 - (months - 1)
        return date(index // 12, index % 12 + 1, 1)
    first = store.first_day(cur, group_id=group_id) or today
    return date(first.year, first.month, 1)


def reading_scope(actor: Actor) -> str:
    """The catalogue key of the sentence that says what the figures count for this reader."""
    return f"overview.reading_scope_{permissions.max_confidentiality(actor).value}"


def _rank(actor: Actor) -> int:
    return permissions.max_confidentiality(actor).rank


def delegations(cur: Cursor, *, group_id: int, actor: Actor) -> list[str]:
    """Delegations that own an action item `actor` may read or lead an activity: the choices of the filter."""
    scope.require(cur, actor, group=group_id)
    return store.delegations(cur, group_id=group_id, max_rank=_rank(actor))


def activity_counts(cur: Cursor, *, group_id: int, actor: Actor, filters: Filters | None = None) -> list[dict]:
    """Activities per sub-committee (None for JTWG-wide plans) and status; none for a reader of public content only."""
    scope.require(cur, actor, group=group_id)
    if not may_read_plans(actor):
        return []
    return store.activity_counts(cur, group_id=group_id, delegation=(filters or Filters()).delegation)


def subcommittee_progress(cur: Cursor, *, group_id: int, actor: Actor, today: date,
                          filters: Filters | None = None) -> list[dict]:
    """Progress per sub-committee by the rule in jtwg.store.overview.PROGRESS_SQL, with the counts a reader needs to judge it."""
    scope.require(cur, actor, group=group_id)
    if not may_read_plans(actor):
        return []
    return store.subcommittee_progress(cur, group_id=group_id, today=today, delegation=(filters or Filters()).delegation)


def action_counts(cur: Cursor, *, group_id: int, actor: Actor, today: date, filters: Filters | None = None) -> dict[str, int]:
    """Open, overdue, due soon, done (ever and this quarter) and total action items `actor` may read."""
    scope.require(cur, actor, group=group_id)
    return store.action_counts(cur, group_id=group_id, max_rank=_rank(actor), delegation=(filters or Filters()).delegation,
                               today=today, quarter=quarter_start(today), soon_days=UPCOMING_DAYS)


def overdue_actions(cur: Cursor, *, group_id: int, actor: Actor, today: date, filters: Filters | None = None) -> list[dict]:
    """Overdue action items `actor` may read, the longest overdue first."""
    scope.require(cur, actor, group=group_id)
    found = store.overdue_actions(cur, group_id=group_id, max_rank=_rank(actor),
                                  delegation=(filters or Filters()).delegation, today=today)
    for r in found:
        r["text"] = Bilingual.model_validate(r["text"])
    return found


def overdue_by(cur: Cursor, *, group_id: int, actor: Actor, today: date, column: str,
               filters: Filters | None = None) -> list[dict]:
    """Overdue action items `actor` may read, counted per owner organisation or per delegation."""
    scope.require(cur, actor, group=group_id)
    return store.overdue_by(cur, group_id=group_id, max_rank=_rank(actor), delegation=(filters or Filters()).delegation,
                            today=today, column=column)


def upcoming_deadlines(cur: Cursor, *, group_id: int, actor: Actor, today: date, filters: Filters | None = None,
                       days: int = UPCOMING_DAYS) -> list[Deadline]:
    """Action items, activities and MoU commitments due from today to `days` ahead, not yet closed, that
    `actor` may read. Commitments belong to both parties, so the delegation filter leaves them in."""
    scope.require(cur, actor, group=group_id)
    found = store.upcoming_deadlines(cur, group_id=group_id, max_rank=_rank(actor),
                                     delegation=(filters or Filters()).delegation, today=today, days=days,
                                     plans=may_read_plans(actor))
    return [Deadline(kind=r["kind"], code=r["code"], text=Bilingual.model_validate(r["text"]), due=r["due"],
                     responsible=r["responsible"] or "", confidential=bool(r["confidential"])) for r in found]


def action_trend(cur: Cursor, *, group_id: int, actor: Actor, today: date, start: date,
                 filters: Filters | None = None) -> list[dict]:
    """Per month from `start` to today: action items `actor` may read opened, closed (done), and still open
    at the month's end. Cancelled items are left out: the date they were dropped is not recorded."""
    scope.require(cur, actor, group=group_id)
    return store.action_trend(cur, group_id=group_id, max_rank=_rank(actor), delegation=(filters or Filters()).delegation,
                              today=today, start=start)


def mou_coverage(cur: Cursor, *, group_id: int, actor: Actor) -> tuple[list[dict], list[str | None]]:
    """Provision × sub-committee: how many activities of that sub-committee's work plans carry the provision.

    A provision is covered by a sub-committee when one of its commitments is linked to an activity of a
    work plan of that sub-committee (None: a JTWG-wide work plan). Returns one row per provision with
    `cells` {subcommittee code: activity count} and the column order (sub-committees by position).
    Nothing for a reader of public content only.
    """
    scope.require(cur, actor, group=group_id)
    if not may_read_plans(actor):
        return [], []
    provisions = store.coverage_provisions(cur, group_id=group_id)
    cells = store.coverage_cells(cur, group_id=group_id)
    columns: list[str | None] = list(store.subcommittee_codes(cur, group_id=group_id))
    if any(c["subcommittee"] is None for c in cells):
        columns.append(None)
    by_provision: dict[int, dict] = {}
    for c in cells:
        by_provision.setdefault(c["provision_id"], {})[c["subcommittee"]] = int(c["n"])
    for p in provisions:
        p["heading"] = Bilingual.model_validate(p["heading"]) if p["heading"] else None
        p["text"] = Bilingual.model_validate(p["text"])
        p["cells"] = by_provision.get(p["id"], {})
        p["activities"] = sum(p["cells"].values())
    return provisions, columns


def provision_ref(provision: dict) -> str:
    """ "Art. 8.2" style reference of a provision row."""
    return provision["article"] + (f".{provision['paragraph']}" if provision.get("paragraph") else "")


def provisions_needing_activity(cur: Cursor, *, group_id: int) -> set[int]:
    """Provisions the MoU page flags: no activity implements them while a commitment is still open.

    The same rule as the MoU tracker (jtwg.services.mou.ProvisionView.needs_activity), so both pages show the
    same number; counted in the database rather than by building the MoU page's whole read model.
    """
    agreement = mou_store.get_mou(cur, group_id=group_id)
    return mou_store.provisions_needing_activity(cur, mou_id=agreement.id, group_id=group_id) if agreement else set()


def overview(cur: Cursor, *, group_id: int, actor: Actor, today: date, filters: Filters | None = None) -> Overview:
    """Every figure of the overview page and the progress brief, for one group as of `today`, counting only
    what `actor` may read: action items within their level (effective confidentiality), decisions of the
    agenda items they may read, and work plans and the MoU only for readers of restricted content."""
    scope.require(cur, actor, group=group_id)
    filters = filters or Filters()
    by_sub = activity_counts(cur, group_id=group_id, actor=actor, filters=filters)
    by_status: dict[str, int] = {}
    for r in by_sub:
        by_status[r["status"]] = by_status.get(r["status"], 0) + r["n"]
    progress = subcommittee_progress(cur, group_id=group_id, actor=actor, today=today, filters=filters)
    all_meetings = meetings.list_meetings(cur, group_id=group_id)
    plenaries = [m for m in all_meetings if m.subcommittee_id is None]
    held = [m for m in plenaries if m.end_date <= today]
    upcoming_meetings = sorted((m for m in plenaries if m.start_date > today), key=lambda m: m.start_date)
    last = max(held, key=lambda m: m.end_date, default=None)
    coverage, columns = mou_coverage(cur, group_id=group_id, actor=actor)
    needing = provisions_needing_activity(cur, group_id=group_id) if may_read_plans(actor) else set()
    start = period_start(cur, group_id=group_id, today=today, period=filters.period)
    common = {"group_id": group_id, "actor": actor, "today": today, "filters": filters}
    return Overview(
        today=today,
        filters=filters,
        period_start=start,
        activity_total=sum(by_status.values()),
        activity_by_status=by_status,
        activity_overdue=sum(int(r["overdue"]) for r in progress),
        actions=action_counts(cur, **common),
        quarter_start=quarter_start(today),
        meetings_held=len(held),
        provisions_total=len(coverage),
        provisions_without_activity=[p for p in coverage if p["id"] in needing],
        last_meeting=last,
        next_meeting=upcoming_meetings[0] if upcoming_meetings else None,
        next_host_city=next_host_city(store.host_rotation(cur, group_id=group_id),
                                      [m.city for m in sorted(held, key=lambda m: m.start_date) if m.city]),
        last_decisions=[Decision.model_validate(r) for r in store.readable_decisions(
            cur, meeting_id=last.id, max_rank=_rank(actor))] if last else [],
        overdue_actions=overdue_actions(cur, **common),
        overdue_by_owner=overdue_by(cur, column="owner", **common),
        overdue_by_delegation=overdue_by(cur, column="delegation", **common),
        upcoming=upcoming_deadlines(cur, **common),
        progress=progress,
        trend=action_trend(cur, start=start, **common),
        coverage=coverage,
        coverage_columns=columns,
        activities_by_subcommittee=by_sub,
    )
