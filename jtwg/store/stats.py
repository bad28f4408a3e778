"""Row counts of the main tables: what a load added, what a benchmark runs on."""

from __future__ import annotations

from jtwg.store.records import Cursor

COUNTED = ("jtwg_group", "meeting", "agenda_item", "action_item", "activity", "mou_provision", "commitment", "change_log")


def table_counts(cur: Cursor) -> dict[str, int]:
    """How many rows each main table holds, in one query."""
    sql = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM {t}" for t in COUNTED)
    return dict(cur.execute(sql).fetchall())
