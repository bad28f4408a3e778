"""Reading the append-only change log with filters (the audit trail)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from jtwg.store.records import Cursor, rows

FILTER_COLUMNS = ("actor", "action", "entity")


def distinct_values(cur: Cursor, *, column: str) -> list[str]:
    if column not in FILTER_COLUMNS:
        raise ValueError(column)
    return [r[0] for r in cur.execute(f"SELECT DISTINCT {column} FROM change_log ORDER BY 1").fetchall()]


def _where(*, equals: dict[str, str], date_from: date | None, date_to: date | None,
           text: str | None) -> tuple[str, list]:
    """The WHERE clause of the filters and its parameters."""
    clauses, params = ["1 = 1"], []
    for column, value in equals.items():
        if column not in FILTER_COLUMNS:
            raise ValueError(column)
        clauses.append(f"{column} = ?")
        params.append(value)
    if date_from:
        clauses.append("logged_at >= ?")
        params.append(date_from)
    if date_to:
        clauses.append("logged_at < ?")
        params.append(date_to + timedelta(days=1))
    if text:
        clauses.append("strip_accents(lower(coalesce(CAST(changes AS VARCHAR), '') || ' ' || coalesce(note, ''))) "
                       "LIKE '%' || strip_accents(lower(?)) || '%'")
        params.append(text)
    return " AND ".join(clauses), params


def count(cur: Cursor, *, equals: dict[str, str], date_from: date | None, date_to: date | None,
          text: str | None) -> int:
    """How many entries match the filters."""
    sql_where, params = _where(equals=equals, date_from=date_from, date_to=date_to, text=text)
    return cur.execute(f"SELECT count(*) FROM change_log WHERE {sql_where}", params).fetchone()[0]


def entries(cur: Cursor, *, equals: dict[str, str], date_from: date | None, date_to: date | None,
            text: str | None, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """The entries matching the filters, newest first: `limit` of them from the `offset`-th."""
    sql_where, params = _where(equals=equals, date_from=date_from, date_to=date_to, text=text)
    found = rows(cur, f"SELECT id, logged_at, actor, action, entity, entity_id, changes, note FROM change_log "
                      f"WHERE {sql_where} ORDER BY id DESC LIMIT ? OFFSET ?", [*params, limit, offset])
    for r in found:
        r["changes"] = json.loads(r["changes"]) if r["changes"] else {}
    return found


def search(cur: Cursor, *, equals: dict[str, str], date_from: date | None, date_to: date | None,
           text: str | None, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Entries matching the filters, newest first (at most `limit`), and how many match in all."""
    return (entries(cur, equals=equals, date_from=date_from, date_to=date_to, text=text, limit=limit),
            count(cur, equals=equals, date_from=date_from, date_to=date_to, text=text))
