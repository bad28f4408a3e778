"""Installation settings kept in the database (app_setting) and row counts shown on the Settings page."""

from __future__ import annotations

from jtwg.models.common import Actor
from jtwg.store.records import Cursor, log_change

# Tables whose row counts the Settings page shows.
COUNTED_TABLES = ("organisation", "person", "meeting", "agenda_item", "minute_entry", "decision", "action_item",
                  "workplan", "activity", "mou_provision", "commitment", "change_log")


def get_setting(cur: Cursor, *, key: str) -> str | None:
    found = cur.execute("SELECT value FROM app_setting WHERE key = ?", [key]).fetchone()
    return None if found is None else found[0]


def put_setting(cur: Cursor, *, key: str, value: str | None, before: str | None, actor: Actor) -> None:
    cur.execute("DELETE FROM app_setting WHERE key = ?", [key])
    if value is not None:
        cur.execute("INSERT INTO app_setting (key, value) VALUES (?, ?)", [key, value])
    log_change(cur, actor=actor, action="update", entity="app_setting", entity_id=None, changes={key: [before, value]})


def count_rows(cur: Cursor, *, table: str) -> int:
    if not table.isidentifier():
        raise ValueError(table)
    return cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def table_counts(cur: Cursor) -> list[dict[str, object]]:
    return [{"table": name, "rows": cur.execute(f"SELECT count(*) FROM {name}").fetchone()[0]} for name in COUNTED_TABLES]
