"""The overview's and the progress brief's figures, aggregated in SQL over the shared rules of migration 0700.

Every query takes the reader's most confidential readable level as `max_rank` (0 public, 1 restricted,
2 confidential): an action item counts only if its effective level is within it.
"""

from __future__ import annotations

from datetime import date

from jtwg.store.records import Cursor, named_rows, one, rows

# Action items of the group the reader may read, with their owner's organisation (the owner person's when
# no organisation is named), delegation, sub-committee and opening date. An item's opening date is the end
# of the meeting it came from: created_at is only the date it was typed in (the load date for imported data).
_ACTIONS = """
    actions AS (
        SELECT a.id, a.code, a.text, a.status, a.due_date, a.done_on, a.progress_pct, a.confidentiality,
               a.owner_org AS owner_org_id, coalesce(o.acronym, '') AS owner, a.delegation,
               s.code AS subcommittee, s.position AS subcommittee_position, m.sequence_no AS meeting_seq,
               coalesce(m.end_date, CAST(a.created_at AS DATE)) AS opened_on
        FROM action_item_read a
        LEFT JOIN meeting m ON m.id = a.meeting_id
        LEFT JOIN subcommittee s ON s.id = coalesce(a.subcommittee_id, m.subcommittee_id)
        LEFT JOIN organisation o ON o.id = a.owner_org
        WHERE a.group_id = $group_id AND level_rank(a.confidentiality) <= $max_rank
          AND ($delegation IS NULL OR a.delegation = $delegation))"""

# Activities of the group's current work plans (a superseded plan's activities live on in the plan
# that replaced it, so counting both would count them twice), with the lead organisation's delegation.
_ACTIVITIES = """
    activities AS (
        SELECT v.id, v.code, v.title, v.status, v.progress_pct, v.planned_end, o.acronym AS lead,
               s.code AS subcommittee, s.position AS subcommittee_position
        FROM activity v JOIN workplan w ON w.id = v.workplan_id
        LEFT JOIN subcommittee s ON s.id = w.subcommittee_id
        LEFT JOIN org_delegation o ON o.org_id = v.lead_org_id AND o.group_id = w.group_id
        WHERE w.group_id = $group_id AND w.status <> 'superseded'
          AND ($delegation IS NULL OR o.delegation = $delegation))"""

# How an activity counts towards its sub-committee's progress (shown on the page and in the brief):
# each activity weighs the same; completed = 100, not started = 0, other statuses = the progress
# recorded or 0 when none is; cancelled activities are left out.
PROGRESS_SQL = """CASE WHEN status = 'completed' THEN 100
                       WHEN status = 'not_started' THEN 0
                       ELSE coalesce(progress_pct, 0) END"""


def first_day(cur: Cursor, *, group_id: int) -> date | None:
    """The day the group was established or first met, whichever is earlier."""
    return one(cur, """
        SELECT least(min(g.established_on), min(m.start_date)) AS first FROM jtwg_group g
        LEFT JOIN meeting m ON m.group_id = g.id WHERE g.id = ?""", [group_id])["first"]


def host_rotation(cur: Cursor, *, group_id: int) -> list[str]:
    return one(cur, "SELECT host_rotation FROM jtwg_group WHERE id = ?", [group_id])["host_rotation"]


def delegations(cur: Cursor, *, group_id: int, max_rank: int) -> list[str]:
    """Delegations that own a readable action item or lead an activity of the group: the parties first."""
    found = named_rows(cur, "WITH" + _ACTIONS + """
        SELECT DISTINCT delegation FROM (
            SELECT delegation FROM actions
            UNION ALL SELECT o.delegation FROM activity v JOIN workplan w ON w.id = v.workplan_id
                JOIN org_delegation o ON o.org_id = v.lead_org_id AND o.group_id = w.group_id
                WHERE w.group_id = $group_id)
        WHERE delegation IS NOT NULL
        ORDER BY length(delegation) <> 2, delegation""", {"group_id": group_id, "max_rank": max_rank, "delegation": None})
    return [r["delegation"] for r in found]


def activity_counts(cur: Cursor, *, group_id: int, delegation: str | None) -> list[dict]:
    """Activities per sub-committee (None for JTWG-wide plans) and status."""
    return named_rows(cur, "WITH" + _ACTIVITIES + """
        SELECT subcommittee, subcommittee_position AS position, status, count(*) AS n
        FROM activities GROUP BY ALL ORDER BY position NULLS FIRST, status""",
        {"group_id": group_id, "delegation": delegation})


def subcommittee_progress(cur: Cursor, *, group_id: int, today: date, delegation: str | None) -> list[dict]:
    """Progress per sub-committee by the rule in PROGRESS_SQL, with the counts a reader needs to judge it."""
    return named_rows(cur, "WITH" + _ACTIVITIES + f"""
        SELECT subcommittee, subcommittee_position AS position,
               count(*) AS activities,
               count(*) FILTER (WHERE status = 'completed') AS completed,
               count(*) FILTER (WHERE activity_overdue(planned_end, status, $today)) AS overdue,
               count(*) FILTER (WHERE progress_pct IS NULL AND status NOT IN ('completed', 'not_started')) AS without_progress,
               round(avg({PROGRESS_SQL}), 1) AS progress
        FROM activities WHERE status <> 'cancelled'
        GROUP BY ALL ORDER BY position NULLS FIRST""", {"group_id": group_id, "today": today, "delegation": delegation})


def action_counts(cur: Cursor, *, group_id: int, max_rank: int, delegation: str | None, today: date,
                  quarter: date, soon_days: int) -> dict[str, int]:
    """Open, overdue, due soon, done (ever and since `quarter`) and total readable action items."""
    found = named_rows(cur, "WITH" + _ACTIONS + """
        SELECT count(*) AS total,
               count(*) FILTER (WHERE action_open(status)) AS open,
               count(*) FILTER (WHERE status = 'done') AS done,
               count(*) FILTER (WHERE status = 'done' AND done_on BETWEEN $quarter AND $today) AS done_quarter,
               count(*) FILTER (WHERE action_overdue(due_date, status, $today)) AS overdue,
               count(*) FILTER (WHERE action_due_soon(due_date, status, $today, $soon_days)) AS due_soon
        FROM actions""", {"group_id": group_id, "max_rank": max_rank, "delegation": delegation, "today": today,
                          "quarter": quarter, "soon_days": soon_days})[0]
    return {k: int(v) for k, v in found.items()}


def overdue_actions(cur: Cursor, *, group_id: int, max_rank: int, delegation: str | None, today: date) -> list[dict]:
    """Overdue readable action items, the longest overdue first."""
    return named_rows(cur, "WITH" + _ACTIONS + """
        SELECT code, text, owner, delegation, subcommittee, due_date, status, meeting_seq,
               confidentiality = 'confidential' AS confidential, date_diff('day', due_date, $today) AS days_overdue
        FROM actions WHERE action_overdue(due_date, status, $today)
        ORDER BY due_date, code""", {"group_id": group_id, "max_rank": max_rank, "delegation": delegation, "today": today})


def overdue_by(cur: Cursor, *, group_id: int, max_rank: int, delegation: str | None, today: date,
               column: str) -> list[dict]:
    """Overdue readable action items counted per owner organisation or per delegation ('' for none)."""
    if column not in ("owner", "delegation"):
        raise ValueError(column)
    return named_rows(cur, "WITH" + _ACTIONS + f"""
        SELECT coalesce({column}, '') AS key, count(*) AS n FROM actions
        WHERE action_overdue(due_date, status, $today)
        GROUP BY ALL ORDER BY n DESC, key""",
        {"group_id": group_id, "max_rank": max_rank, "delegation": delegation, "today": today})


def upcoming_deadlines(cur: Cursor, *, group_id: int, max_rank: int, delegation: str | None, today: date,
                       days: int, plans: bool) -> list[dict]:
    """Readable action items, and (when `plans`) activities and MoU commitments, due from today to `days`
    ahead and not yet closed. Commitments belong to both parties, so the delegation filter leaves them in."""
    return named_rows(cur, "WITH" + _ACTIONS + "," + _ACTIVITIES + """
        SELECT 'action' AS kind, code, text, due_date AS due, owner AS responsible,
               confidentiality = 'confidential' AS confidential
        FROM actions WHERE action_due_soon(due_date, status, $today, $days)
        UNION ALL
        SELECT 'activity', code, title, planned_end, coalesce(lead, ''), false
        FROM activities WHERE $plans AND activity_due_soon(planned_end, status, $today, $days)
        UNION ALL
        SELECT 'commitment', c.code, c.description, c.due_date,
               (SELECT string_agg(o.acronym, ', ' ORDER BY list_position(c.responsible_org_ids, o.id))
                FROM organisation o WHERE list_contains(c.responsible_org_ids, o.id)), false
        FROM commitment c JOIN mou_provision p ON p.id = c.provision_id JOIN mou u ON u.id = p.mou_id
        WHERE $plans AND u.group_id = $group_id AND c.due_date BETWEEN $today AND CAST($today AS DATE) + CAST($days AS INTEGER)
          AND commitment_open(c.status)
        ORDER BY due, code""", {"group_id": group_id, "max_rank": max_rank, "delegation": delegation, "today": today,
                                "days": days, "plans": plans})


def action_trend(cur: Cursor, *, group_id: int, max_rank: int, delegation: str | None, today: date,
                 start: date) -> list[dict]:
    """Per month from `start` to today: readable action items opened, closed (done), and still open at the
    month's end. Cancelled items are left out: the date they were dropped is not recorded."""
    return named_rows(cur, "WITH" + _ACTIONS + """,
        months AS (SELECT CAST(unnest(generate_series(CAST($start AS DATE), CAST($today AS DATE), INTERVAL 1 MONTH)) AS DATE) AS month),
        kept AS (SELECT * FROM actions WHERE status <> 'cancelled')
        SELECT m.month,
               count(k.id) FILTER (WHERE date_trunc('month', k.opened_on) = m.month) AS opened,
               count(k.id) FILTER (WHERE date_trunc('month', k.done_on) = m.month) AS closed,
               count(k.id) FILTER (WHERE k.opened_on < m.month + INTERVAL 1 MONTH
                                   AND (k.done_on IS NULL OR k.done_on >= m.month + INTERVAL 1 MONTH)) AS open_at_end
        FROM months m LEFT JOIN kept k ON true
        GROUP BY m.month ORDER BY m.month""",
        {"group_id": group_id, "max_rank": max_rank, "delegation": delegation, "today": today, "start": start})


def coverage_provisions(cur: Cursor, *, group_id: int) -> list[dict]:
    """The provisions of the group's MoU in order, with the code of the sub-committee each is assigned to."""
    return rows(cur, """
        SELECT p.id, p.article, p.paragraph, p.heading, p.text, s.code AS assigned_to, p.position
        FROM mou_provision p JOIN mou u ON u.id = p.mou_id LEFT JOIN subcommittee s ON s.id = p.subcommittee_id
        WHERE u.group_id = ? ORDER BY p.position, p.id""", [group_id])


def coverage_cells(cur: Cursor, *, group_id: int) -> list[dict]:
    """(provision, sub-committee, n): activities of that sub-committee's current work plans (None: JTWG-wide)
    carrying the provision through a linked commitment; cancelled activities left out."""
    return rows(cur, """
        SELECT c.provision_id, s.code AS subcommittee, count(DISTINCT v.id) AS n
        FROM commitment_activity ca JOIN commitment c ON c.id = ca.commitment_id
        JOIN activity v ON v.id = ca.activity_id JOIN workplan w ON w.id = v.workplan_id
        LEFT JOIN subcommittee s ON s.id = w.subcommittee_id
        WHERE w.group_id = ? AND w.status <> 'superseded' AND v.status <> 'cancelled'
        GROUP BY ALL""", [group_id])


def subcommittee_codes(cur: Cursor, *, group_id: int) -> list[str]:
    return [r["code"] for r in rows(cur, "SELECT code FROM subcommittee WHERE group_id = ? ORDER BY position", [group_id])]


def readable_decisions(cur: Cursor, *, meeting_id: int, max_rank: int) -> list[dict]:
    """The decisions of a meeting whose agenda item is within the reader's level, in agenda order."""
    return rows(cur, """
        SELECT d.* FROM decision d JOIN agenda_item i ON i.id = d.agenda_item_id
        WHERE i.meeting_id = ? AND level_rank(i.confidentiality) <= ?
        ORDER BY i.position, d.position""", [meeting_id, max_rank])
