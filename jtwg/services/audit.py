"""The audit trail: reading the append-only change log with filters, and exporting it as CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, timedelta

from jtwg.formulas import csv_value
from jtwg.models.common import Actor
from jtwg.services import permissions
from jtwg.store.records import Cursor, rows


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None
    limit: int = 1000


def distinct_values(cur: Cursor, *, column: str) -> list[str]:
    if column not in ("actor", "action", "entity"):
        raise ValueError(column)
    return [r[0] for r in cur.execute(f"SELECT DISTINCT {column} FROM change_log ORDER BY 1").fetchall()]


def search(cur: Cursor, *, actor: Actor, where: AuditFilter) -> tuple[list[dict], int]:
    """Entries matching `where`, newest first (at most `limit`), and how many match in all."""
    permissions.require(actor, "audit.read")
    clauses, params = ["1 = 1"], []
    for column in ("actor", "action", "entity"):
        value = getattr(where, column)
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    if where.date_from:
        clauses.append("logged_at >= ?")
        params.append(where.date_from)
    if where.date_to:
        clauses.append("logged_at < ?")
        params.append(where.date_to + timedelta(days=1))
    if where.text:
        clauses.append("strip_accents(lower(coalesce(CAST(changes AS VARCHAR), '') || ' ' || coalesce(note, ''))) "
                       "LIKE '%' || strip_accents(lower(?)) || '%'")
        params.append(where.text)
    sql_where = " AND ".join(clauses)
    total = cur.execute(f"SELECT count(*) FROM change_log WHERE {sql_where}", params).fetchone()[0]
    found = rows(cur, f"SELECT id, logged_at, actor, action, entity, entity_id, changes, note FROM change_log "
                      f"WHERE {sql_where} ORDER BY id DESC LIMIT ?", [*params, where.limit])
    for r in found:
        r["changes"] = json.loads(r["changes"]) if r["changes"] else {}
    return found, total


def describe_changes(changes: dict) -> str:
    """ "status: open → done; due_date: 2022-05-31 → 2022-07-31" """
    def short(value: object) -> str:
        if isinstance(value, dict) and {"en", "fr"} <= set(value):
            value = value.get("en") or value.get("fr")
        text = "∅" if value is None else str(value)
        return text if len(text) <= 80 else text[:77] + "…"

    return "; ".join(f"{field}: {short(v[0])} → {short(v[1])}" if isinstance(v, list) and len(v) == 2
                     else f"{field}: {short(v)}" for field, v in changes.items())


def to_csv(entries: list[dict]) -> bytes:
    """The entries as UTF-8 CSV (with a BOM so spreadsheet programs read the accents right)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "logged_at", "actor", "action", "entity", "entity_id", "changes", "note"])
    for e in entries:
        cells = [e["id"], e["logged_at"].isoformat(sep=" ", timespec="seconds"), e["actor"], e["action"], e["entity"],
                 e["entity_id"] if e["entity_id"] is not None else "",
                 json.dumps(e["changes"], ensure_ascii=False, default=str), e["note"] or ""]
        # A text starting with "=", "+", "-", "@" gets a quote in front: never read as a formula.
        writer.writerow([csv_value(v) for v in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
