"""Generic store helpers: rows as dicts, logged insert / versioned update / delete of records, key lookups."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

import duckdb
from pydantic import BaseModel

from jtwg.db import bump_data_version, transaction
from jtwg.errors import NotFound, StaleVersion
from jtwg.models.common import Actor, Bilingual, settle_status
from jtwg.store import folded

Cursor = duckdb.DuckDBPyConnection
M = TypeVar("M", bound=BaseModel)

# Tables and their readable entity names: only these may be written through the generic helpers.
TABLES = {
    "organisation", "person", "project", "jtwg_group", "subcommittee", "membership", "protected_case",
    "mou", "mou_provision", "commitment", "workplan", "activity", "external_event", "meeting",
    "meeting_session", "attendance", "agenda_item", "minute_entry", "decision", "action_item", "minutes",
    "app_user",
}
VERSIONED = {
    "organisation", "person", "project", "jtwg_group", "subcommittee", "protected_case", "mou",
    "mou_provision", "commitment", "workplan", "activity", "meeting", "agenda_item", "minute_entry",
    "decision", "action_item", "minutes", "app_user",
}


# Never written to the change log in clear: the log says that they changed, not to what.
SECRET_COLUMNS = {"password_hash"}


def _loggable(changes: dict[str, list]) -> dict[str, list]:
    return {k: (["***", "***"] if k in SECRET_COLUMNS else v) for k, v in changes.items()}


def db_value(value: Any) -> Any:
    """Turn a model value into what DuckDB stores."""
    if isinstance(value, Bilingual):
        return value.to_db()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [db_value(v) for v in value]
    return value


def _settled(before: Any, value: Any) -> Any:
    if isinstance(value, dict):
        return settle_status(before, value)
    if isinstance(value, list) and isinstance(before, list) and len(before) == len(value):
        return [settle_status(b, v) if isinstance(v, dict) else v for b, v in zip(before, value)]
    return value


def json_value(value: Any) -> Any:
    """A JSON-safe form of a stored value, for the change log."""
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Bilingual):
        return value.to_db()
    if isinstance(value, dict):
        return {k: json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return value


def rows(cur: Cursor, sql: str, params: list | tuple = ()) -> list[dict[str, Any]]:
    result = cur.execute(sql, list(params))
    names = [d[0] for d in result.description]
    return [dict(zip(names, r)) for r in result.fetchall()]


def named_rows(cur: Cursor, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows as dicts for a query with $named parameters; only those the query uses are passed."""
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    result = cur.execute(sql, used)
    names = [d[0] for d in result.description]
    return [dict(zip(names, r)) for r in result.fetchall()]


def one(cur: Cursor, sql: str, params: list | tuple = ()) -> dict[str, Any] | None:
    found = rows(cur, sql, params)
    return found[0] if found else None


def models(model: type[M], found: list[dict[str, Any]]) -> list[M]:
    return [model.model_validate(r) for r in found]


def log_change(
    cur: Cursor, *, actor: Actor, action: str, entity: str, entity_id: int | None,
    changes: dict | None = None, note: str | None = None,
) -> None:
    cur.execute(
        "INSERT INTO change_log (actor, action, entity, entity_id, changes, note) VALUES (?, ?, ?, ?, ?, ?)",
        [actor.username, action, entity, entity_id,
         json.dumps(json_value(changes), ensure_ascii=False) if changes is not None else None, note],
    )


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"not a writable table: {table}")


def insert(cur: Cursor, table: str, values: dict[str, Any], *, actor: Actor) -> int:
    """Insert one row, log its creation, return its id."""
    _check_table(table)
    values = {k: db_value(v) for k, v in values.items()}
    if table in VERSIONED:
        values["updated_by"] = actor.username
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    new_id = cur.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks}) RETURNING id", list(values.values())).fetchone()[0]
    folded.refresh(cur, table, [new_id])
    bump_data_version()   # outside a transaction the write is committed; inside, its commit bumps again
    log_change(cur, actor=actor, action="create", entity=table, entity_id=new_id,
               changes=_loggable({k: [None, v] for k, v in values.items() if k != "updated_by" and v is not None}))
    return new_id


def update(
    cur: Cursor, table: str, row_id: int, changes: dict[str, Any], *, actor: Actor,
    expected_version: int | None, note: str | None = None,
) -> dict[str, list]:
    """Apply `changes` to a row if its version is still `expected_version`; log and return the diff.

    Fields whose value does not change are left out. Raises StaleVersion when someone saved first.
    """
    _check_table(table)
    before = one(cur, f"SELECT * FROM {table} WHERE id = ?", [row_id])
    if before is None:
        raise NotFound(entity=table, ref=row_id)
    if expected_version is not None and before.get("version") != expected_version:
        raise StaleVersion(entity=table, ref=row_id)
    new = {k: db_value(v) for k, v in changes.items()}
    # A bilingual text whose source is edited sends its translation back to review (TranslationStatus).
    new = {k: _settled(before.get(k), v) for k, v in new.items()}
    diff = {k: [before.get(k), v] for k, v in new.items() if json_value(before.get(k)) != json_value(v)}
    if not diff:
        if note:  # a note with no change of value is still part of the record's history
            log_change(cur, actor=actor, action="note", entity=table, entity_id=row_id, changes={}, note=note)
        return {}
    sets = [f"{k} = ?" for k in diff]
    params = [new[k] for k in diff]
    if table in VERSIONED:
        sets += ["version = version + 1", "updated_at = current_timestamp", "updated_by = ?"]
        params.append(actor.username)
    cur.execute(f"UPDATE {table} SET {', '.join(sets)} WHERE id = ?", params + [row_id])
    folded.refresh(cur, table, [row_id])
    bump_data_version()
    log_change(cur, actor=actor, action="update", entity=table, entity_id=row_id, changes=_loggable(diff), note=note)
    return diff


def delete(cur: Cursor, table: str, row_id: int, *, actor: Actor, note: str | None = None) -> None:
    _check_table(table)
    before = one(cur, f"SELECT * FROM {table} WHERE id = ?", [row_id])
    if before is None:
        raise NotFound(entity=table, ref=row_id)
    cur.execute(f"DELETE FROM {table} WHERE id = ?", [row_id])
    folded.forget(cur, table, row_id)
    bump_data_version()
    log_change(cur, actor=actor, action="delete", entity=table, entity_id=row_id,
               changes=_loggable({k: [v, None] for k, v in before.items() if v is not None}), note=note)


def id_by(cur: Cursor, table: str, column: str, value: Any, *, error_key: str, extra: str = "", params: list | None = None) -> int:
    """The id of the row whose `column` equals `value`, or a NotFound naming the value."""
    _check_table(table)
    found = cur.execute(f"SELECT id FROM {table} WHERE {column} = ? {extra}", [value, *(params or [])]).fetchone()
    if found is None:
        raise NotFound(key=error_key, ref=value)
    return found[0]


def optional_id(cur: Cursor, table: str, column: str, value: Any, *, error_key: str, extra: str = "", params: list | None = None) -> int | None:
    return None if value in (None, "") else id_by(cur, table, column, value, error_key=error_key, extra=extra, params=params)


def last_changes(cur: Cursor, *, table: str) -> dict[int, str]:
    """Record id -> "2022-06-15 10:30 username": who last changed each row of a versioned table, and when."""
    if table not in VERSIONED:
        raise ValueError(f"not a versioned table: {table}")
    return {r["id"]: f"{r['updated_at']:%Y-%m-%d %H:%M} {r['updated_by']}"
            for r in rows(cur, f"SELECT id, updated_at, updated_by FROM {table}")}


def subcommittee_code(cur: Cursor, *, subcommittee_id: int | None) -> str | None:
    """The code of a sub-committee (None for none): what a member's rights are decided by."""
    if subcommittee_id is None:
        return None
    found = one(cur, "SELECT code FROM subcommittee WHERE id = ?", [subcommittee_id])
    return found["code"] if found else None


def history(cur: Cursor, *, entity: str, entity_id: int) -> list[dict[str, Any]]:
    """Every logged change of one record, newest first, with its decoded diff."""
    found = rows(
        cur,
        "SELECT id, logged_at, actor, action, changes, note FROM change_log"
        " WHERE entity = ? AND entity_id = ? ORDER BY id DESC",
        [entity, entity_id],
    )
    for r in found:
        r["changes"] = json.loads(r["changes"]) if r["changes"] else {}
    return found


def get_record(cur: Cursor, model: type[M], table: str, row_id: int, *, error_key: str | None = None,
               entity: str | None = None) -> M:
    """The row `row_id` of `table` as `model`; NotFound (with `error_key`, or naming `entity`) when there is none."""
    _check_table(table)
    found = one(cur, f"SELECT * FROM {table} WHERE id = ?", [row_id])
    if found is None:
        raise NotFound(key=error_key, ref=row_id) if error_key else NotFound(entity=entity or table, ref=row_id)
    return model.model_validate(found)


def next_position(cur: Cursor, table: str, parent_column: str, parent_id: int) -> int:
    """The position after the last one under a parent: max + 1, so a position freed by a delete is not handed out twice."""
    _check_table(table)
    if not parent_column.isidentifier():
        raise ValueError(f"not a column: {parent_column}")
    return cur.execute(f"SELECT coalesce(max(position), 0) + 1 FROM {table} WHERE {parent_column} = ?", [parent_id]).fetchone()[0]


def insert_many(cur: Cursor, table: str, records: list[dict[str, Any]], *, actor: Actor) -> list[int]:
    """Insert many rows of one table in one statement and log each creation; return their ids in order.

    For bulk loads (synthetic data, large imports) where one INSERT per row would cost a round trip each.
    Every record must have the same keys.
    """
    import pyarrow as pa

    _check_table(table)
    if not records:
        return []
    ids = [r[0] for r in cur.execute(f"SELECT nextval('{table}_seq') FROM range(?)", [len(records)]).fetchall()]
    values = [{"id": i, **{k: db_value(v) for k, v in r.items()}} for i, r in zip(ids, records)]
    if table in VERSIONED:
        for v in values:
            v["updated_by"] = actor.username
    batch = pa.Table.from_pylist(values)
    cols = ", ".join(batch.column_names)
    log = pa.Table.from_pylist([
        {"actor": actor.username, "action": "create", "entity": table, "entity_id": v["id"],
         "changes": json.dumps(json_value(_loggable(
             {k: [None, x] for k, x in v.items() if k not in ("id", "updated_by") and x is not None})),
             ensure_ascii=False)}
        for v in values])
    cur.register("insert_many_rows", batch)
    cur.register("insert_many_log", log)
    try:
        with transaction(cur):
            cur.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM insert_many_rows")
            folded.refresh(cur, table, ids)
            cur.execute("INSERT INTO change_log (actor, action, entity, entity_id, changes)"
                        " SELECT actor, action, entity, entity_id, changes FROM insert_many_log")
    finally:
        cur.unregister("insert_many_rows")
        cur.unregister("insert_many_log")
    return ids
