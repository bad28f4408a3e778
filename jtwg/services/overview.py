"""Read models for the co-chairs' overview and the progress brief, aggregated in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from jtwg.errors import JtwgError
from jtwg.models import Bilingual, Decision, Meeting
from jtwg.rules import next_host_city
from jtwg.store import meetings
from jtwg.store.common import Cursor, rows

UPCOMING_DAYS = 30
PERIODS = ("quarter", "6m", "12m", "all")
DEFAULT_PERIOD = "12m"

# The delegation an organisation speaks for, derived rather than stored: donors and civil society by
# their type, the group's secretariat (and any multilateral body) as the secretariat, a government
# body by its country, anything else (a regional commission) as an observer.
_ORG_DELEGATION = """
    org_delegation AS (
        SELECT o.id AS org_id, o.acronym,
               CASE WHEN o.org_type = 'donor' THEN 'donor'
                    WHEN o.org_type = 'cso' THEN 'cso'
                    WHEN o.id = g.secretariat_org_id OR o.org_type = 'multilateral' THEN 'secretariat'
                    WHEN o.country IS NOT NULL THEN o.country
                    ELSE 'observer' END AS delegation
        FROM organisation o, jtwg_group g WHERE g.id = $group_id)"""

# Action items of the group with their owner's organisation (the owner person's when no organisation
# is named), delegation, sub-committee and opening date. An item's opening date is the end of the
# meeting it came from: created_at is only the date it was typed in (the load date for imported data).
_ACTIONS = _ORG_DELEGATION + """,
    actions AS (
        SELECT a.id, a.code, a.text, a.status, a.due_date, a.done_on, a.progress_pct, a.confidentiality,
               o.org_id AS owner_org_id, coalesce(o.acronym, '') AS owner, coalesce(o.delegation, 'observer') AS delegation,
               s.code AS subcommittee, s.position AS subcommittee_position, m.sequence_no AS meeting_seq,
               coalesce(m.end_date, CAST(a.created_at AS DATE)) AS opened_on
        FROM action_item a
        LEFT JOIN meeting m ON m.id = a.meeting_id
        LEFT JOIN subcommittee s ON s.id = coalesce(a.subcommittee_id, m.subcommittee_id)
        LEFT JOIN person p ON p.id = a.owner_person_id
        LEFT JOIN org_delegation o ON o.org_id = coalesce(a.owner_org_id, p.org_id)
        WHERE coalesce(m.group_id, s.group_id) = $group_id
          AND ($delegation IS NULL OR coalesce(o.delegation, 'observer') = $delegation))"""

# Activities of the group's current work plans (a superseded plan's activities live on in the plan
# that replaced it, so counting both would count them twice), with the lead organisation's delegation.
_ACTIVITIES = _ORG_DELEGATION + """,
    activities AS (
        SELECT v.id, v.code, v.title, v.status, v.progress_pct, v.planned_end, o.acronym AS lead,
               s.code AS subcommittee, s.position AS subcommittee_position
        FROM activity v JOIN workplan w ON w.id = v.workplan_id
        LEFT JOIN subcommittee s ON s.id = w.subcommittee_id
        LEFT JOIN org_delegation o ON o.org_id = v.lead_org_id
        WHERE w.group_id = $group_id AND w.status <> 'superseded'
          AND ($delegation IS NULL OR coalesce(o.delegation, 'observer') = $delegation))"""

# How an activity counts towards its sub-committee's progress (shown on the page and in the brief):
# each activity weighs the same; completed = 100, not started = 0, other statuses = the progress
# recorded or 0 when none is; cancelled activities are left out.
PROGRESS_SQL = """CASE WHEN status = 'completed' THEN 100
                       WHEN status = 'not_started' THEN 0
                       ELSE coalesce(progress_pct, 0) END"""


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
    first = cur.execute("""
        SELECT least(min(g.established_on), min(m.start_date)) FROM jtwg_group g
        LEFT JOIN meeting m ON m.group_id = g.id WHERE g.id = ?""", [group_id]).fetchone()[0]
    first = first or today
    return date(first.year, first.month, 1)


def _params(group_id: int, filters: Filters, **extra: object) -> dict[str, object]:
    return {"group_id": group_id, "delegation": filters.delegation, **extra}


def _named(cur: Cursor, sql: str, params: dict[str, object]) -> list[dict]:
    """Rows as dicts for a query with $named parameters (only those the query uses are passed)."""
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    result = cur.execute(sql, used)
    names = [d[0] for d in result.description]
    return [dict(zip(names, r)) for r in result.fetchall()]


def delegations(cur: Cursor, *, group_id: int) -> list[str]:
    """Delegations that own an action item or lead an activity of the group: the choices of the filter."""
    found = _named(cur, "WITH" + _ACTIONS + "," + _ACTIVITIES.replace(_ORG_DELEGATION + ",", "") + """
        SELECT DISTINCT delegation FROM (
            SELECT delegation FROM actions
            UNION ALL SELECT o.delegation FROM activity v JOIN workplan w ON w.id = v.workplan_id
                JOIN org_delegation o ON o.org_id = v.lead_org_id WHERE w.group_id = $group_id)
        ORDER BY length(delegation) <> 2, delegation""", _params(group_id, Filters()))
    return [r["delegation"] for r in found]


def activity_counts(cur: Cursor, *, group_id: int, filters: Filters | None = None) -> list[dict]:
    """Activities per sub-committee (None for JTWG-wide plans) and status."""
    return _named(cur, "WITH" + _ACTIVITIES + """
        SELECT subcommittee, subcommittee_position AS position, status, count(*) AS n
        FROM activities GROUP BY ALL ORDER BY position NULLS FIRST, status""", _params(group_id, filters or Filters()))


def subcommittee_progress(cur: Cursor, *, group_id: int, today: date, filters: Filters | None = None) -> list[dict]:
    """Progress per sub-committee by the rule in PROGRESS_SQL, with the counts a reader needs to judge it."""
    return _named(cur, "WITH" + _ACTIVITIES + f"""
        SELECT subcommittee, subcommittee_position AS position,
               count(*) AS activities,
               count(*) FILTER (WHERE status = 'completed') AS completed,
               count(*) FILTER (WHERE planned_end < $today AND status NOT IN ('completed', 'cancelled')) AS overdue,
               count(*) FILTER (WHERE progress_pct IS NULL AND status NOT IN ('completed', 'not_started')) AS without_progress,
               round(avg({PROGRESS_SQL}), 1) AS progress
        FROM activities WHERE status <> 'cancelled'
        GROUP BY ALL ORDER BY position NULLS FIRST""", _params(group_id, filters or Filters(), today=today))


def action_counts(cur: Cursor, *, group_id: int, today: date, filters: Filters | None = None) -> dict[str, int]:
    """Open, overdue, done (ever and this quarter) and total action items."""
    found = _named(cur, "WITH" + _ACTIONS + """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE status IN ('open', 'in_progress')) AS open,
               count(*) FILTER (WHERE status = 'done') AS done,
               count(*) FILTER (WHERE status = 'done' AND done_on BETWEEN $quarter AND $today) AS done_quarter,
               count(*) FILTER (WHERE due_date < $today AND status NOT IN ('done', 'cancelled')) AS overdue,
               count(*) FILTER (WHERE due_date BETWEEN $today AND $horizon AND status NOT IN ('done', 'cancelled')) AS due_soon
        FROM actions""", _params(group_id, filters or Filters(), today=today, quarter=quarter_start(today),
                                  horizon=today + timedelta(days=UPCOMING_DAYS)))[0]
    return {k: int(v) for k, v in found.items()}


def overdue_actions(cur: Cursor, *, group_id: int, today: date, filters: Filters | None = None) -> list[dict]:
    """Overdue action items, the longest overdue first."""
    found = _named(cur, "WITH" + _ACTIONS + """
        SELECT code, text, owner, delegation, subcommittee, due_date, status, meeting_seq,
               confidentiality = 'confidential' AS confidential, date_diff('day', due_date, $today) AS days_overdue
        FROM actions WHERE due_date < $today AND status NOT IN ('done', 'cancelled')
        ORDER BY due_date, code""", _params(group_id, filters or Filters(), today=today))
    for r in found:
        r["text"] = Bilingual.model_validate(r["text"])
    return found


def overdue_by(cur: Cursor, *, group_id: int, today: date, column: str, filters: Filters | None = None) -> list[dict]:
    """Overdue action items counted per owner organisation or per delegation."""
    if column not in ("owner", "delegation"):
        raise ValueError(column)
    return _named(cur, "WITH" + _ACTIONS + f"""
        SELECT {column} AS key, count(*) AS n FROM actions
        WHERE due_date < $today AND status NOT IN ('done', 'cancelled')
        GROUP BY ALL ORDER BY n DESC, key""", _params(group_id, filters or Filters(), today=today))


def upcoming_deadlines(cur: Cursor, *, group_id: int, today: date, filters: Filters | None = None,
                       days: int = UPCOMING_DAYS) -> list[Deadline]:
    """Action items, activities and MoU commitments due from today to `days` ahead, not yet closed.

    Commitments belong to both parties, so the delegation filter leaves them in.
    """
    params = _params(group_id, filters or Filters(), today=today, horizon=today + timedelta(days=days))
    found = _named(cur, "WITH" + _ACTIONS + "," + _ACTIVITIES.replace(_ORG_DELEGATION + ",", "") + """
        SELECT 'action' AS kind, code, text, due_date AS due, owner AS responsible,
               confidentiality = 'confidential' AS confidential
        FROM actions WHERE due_date BETWEEN $today AND $horizon AND status NOT IN ('done', 'cancelled')
        UNION ALL
        SELECT 'activity', code, title, planned_end, coalesce(lead, ''), false
        FROM activities WHERE planned_end BETWEEN $today AND $horizon AND status NOT IN ('completed', 'cancelled')
        UNION ALL
        SELECT 'commitment', c.code, c.description, c.due_date,
               (SELECT string_agg(o.acronym, ', ' ORDER BY list_position(c.responsible_org_ids, o.id))
                FROM organisation o WHERE list_contains(c.responsible_org_ids, o.id)), false
        FROM commitment c JOIN mou_provision p ON p.id = c.provision_id JOIN mou u ON u.id = p.mou_id
        WHERE u.group_id = $group_id AND c.due_date BETWEEN $today AND $horizon
          AND c.status NOT IN ('fulfilled', 'superseded')
        ORDER BY due, code""", params)
    return [Deadline(kind=r["kind"], code=r["code"], text=Bilingual.model_validate(r["text"]), due=r["due"],
                     responsible=r["responsible"] or "", confidential=bool(r["confidential"])) for r in found]


def action_trend(cur: Cursor, *, group_id: int, today: date, start: date, filters: Filters | None = None) -> list[dict]:
    """Per month from `start` to today: action items opened, closed (done), and still open at the month's end.

    Cancelled items are left out: the date they were dropped is not recorded.
    """
    return _named(cur, "WITH" + _ACTIONS + """,
        months AS (SELECT CAST(unnest(generate_series(CAST($start AS DATE), CAST($today AS DATE), INTERVAL 1 MONTH)) AS DATE) AS month),
        kept AS (SELECT * FROM actions WHERE status <> 'cancelled')
        SELECT m.month,
               count(k.id) FILTER (WHERE date_trunc('month', k.opened_on) = m.month) AS opened,
               count(k.id) FILTER (WHERE date_trunc('month', k.done_on) = m.month) AS closed,
               count(k.id) FILTER (WHERE k.opened_on < m.month + INTERVAL 1 MONTH
                                   AND (k.done_on IS NULL OR k.done_on >= m.month + INTERVAL 1 MONTH)) AS open_at_end
        FROM months m LEFT JOIN kept k ON true
        GROUP BY m.month ORDER BY m.month""", _params(group_id, filters or Filters(), today=today, start=start))


def mou_coverage(cur: Cursor, *, group_id: int) -> tuple[list[dict], list[str | None]]:
    """Provision × sub-committee: how many activities of that sub-committee's work plans carry the provision.

    A provision is covered by a sub-committee when one of its commitments is linked to an activity of a
    work plan of that sub-committee (None: a JTWG-wide work plan). Returns one row per provision with
    `cells` {subcommittee code: activity count} and the column order (sub-committees by position).
    """
    provisions = rows(cur, """
        SELECT p.id, p.article, p.paragraph, p.heading, p.text, s.code AS assigned_to, p.position
        FROM mou_provision p JOIN mou u ON u.id = p.mou_id LEFT JOIN subcommittee s ON s.id = p.subcommittee_id
        WHERE u.group_id = ? ORDER BY p.position, p.id""", [group_id])
    cells = rows(cur, """
        SELECT c.provision_id, s.code AS subcommittee, count(DISTINCT v.id) AS n
        FROM commitment_activity ca JOIN commitment c ON c.id = ca.commitment_id
        JOIN activity v ON v.id = ca.activity_id JOIN workplan w ON w.id = v.workplan_id
        LEFT JOIN subcommittee s ON s.id = w.subcommittee_id
        WHERE w.group_id = ? AND w.status <> 'superseded' AND v.status <> 'cancelled'
        GROUP BY ALL""", [group_id])
    columns: list[str | None] = [r["code"] for r in rows(
        cur, "SELECT code FROM subcommittee WHERE group_id = ? ORDER BY position", [group_id])]
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

    The same rule as the MoU tracker (jtwg.services.mou), so both pages show the same number.
    """
    from jtwg.services.mou import mou_view

    view = mou_view(cur, group_id=group_id)
    return {p.provision.id for p in view.provisions if p.needs_activity} if view else set()


def overview(cur: Cursor, *, group_id: int, today: date, filters: Filters | None = None) -> Overview:
    """Every figure of the overview page and the progress brief, for one group as of `today`."""
    filters = filters or Filters()
    by_sub = activity_counts(cur, group_id=group_id, filters=filters)
    by_status: dict[str, int] = {}
    for r in by_sub:
        by_status[r["status"]] = by_status.get(r["status"], 0) + r["n"]
    progress = subcommittee_progress(cur, group_id=group_id, today=today, filters=filters)
    all_meetings = meetings.list_meetings(cur, group_id=group_id)
    plenaries = [m for m in all_meetings if m.subcommittee_id is None]
    held = [m for m in plenaries if m.end_date <= today]
    upcoming_meetings = sorted((m for m in plenaries if m.start_date > today), key=lambda m: m.start_date)
    last = max(held, key=lambda m: m.end_date, default=None)
    rotation = rows(cur, "SELECT host_rotation FROM jtwg_group WHERE id = ?", [group_id])[0]["host_rotation"]
    coverage, columns = mou_coverage(cur, group_id=group_id)
    start = period_start(cur, group_id=group_id, today=today, period=filters.period)
    return Overview(
        today=today,
        filters=filters,
        period_start=start,
        activity_total=sum(by_status.values()),
        activity_by_status=by_status,
        activity_overdue=sum(int(r["overdue"]) for r in progress),
        actions=action_counts(cur, group_id=group_id, today=today, filters=filters),
        quarter_start=quarter_start(today),
        meetings_held=len(held),
        provisions_total=len(coverage),
        provisions_without_activity=[p for p in coverage if p["id"] in provisions_needing_activity(cur, group_id=group_id)],
        last_meeting=last,
        next_meeting=upcoming_meetings[0] if upcoming_meetings else None,
        next_host_city=next_host_city(rotation, [m.city for m in sorted(held, key=lambda m: m.start_date) if m.city]),
        last_decisions=meetings.list_decisions(cur, meeting_id=last.id) if last else [],
        overdue_actions=overdue_actions(cur, group_id=group_id, today=today, filters=filters),
        overdue_by_owner=overdue_by(cur, group_id=group_id, today=today, column="owner", filters=filters),
        overdue_by_delegation=overdue_by(cur, group_id=group_id, today=today, column="delegation", filters=filters),
        upcoming=upcoming_deadlines(cur, group_id=group_id, today=today, filters=filters),
        progress=progress,
        trend=action_trend(cur, group_id=group_id, today=today, start=start, filters=filters),
        coverage=coverage,
        coverage_columns=columns,
        activities_by_subcommittee=by_sub,
    )
