"""The audit trail: reading the append-only change log with filters, and exporting it as CSV."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from jtwg.formulas import csv_value
from jtwg.models.common import Actor
from jtwg.services import permissions
from jtwg.store import audit as store
from jtwg.store.records import Cursor


@dataclass(frozen=True)
class AuditFilter:
    actor: str | None = None
    action: str | None = None
    entity: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    text: str | None = None
    limit: int = 1000


def distinct_values(cur: Cursor, *, actor: Actor, column: str) -> list[str]:
    permissions.require(actor, "audit.read")
    return store.distinct_values(cur, column=column)


def _filters(where: AuditFilter) -> dict:
    equals = {c: getattr(where, c) for c in store.FILTER_COLUMNS if getattr(where, c)}
    return dict(equals=equals, date_from=where.date_from, date_to=where.date_to, text=where.text)


def search(cur: Cursor, *, actor: Actor, where: AuditFilter) -> tuple[list[dict], int]:
    """Entries matching `where`, newest first (at most `limit`), and how many match in all."""
    permissions.require(actor, "audit.read")
    return store.search(cur, **_filters(where), limit=where.limit)


def count(cur: Cursor, *, actor: Actor, where: AuditFilter) -> int:
    """How many entries match `where` (counted in the database)."""
    permissions.require(actor, "audit.read")
    return store.count(cur, **_filters(where))


def page(cur: Cursor, *, actor: Actor, where: AuditFilter, offset: int, limit: int) -> list[dict]:
    """One page of the entries matching `where`, newest first: `limit` entries from the `offset`-th
    (only those rows are read)."""
    permissions.require(actor, "audit.read")
    if offset < 0 or limit < 1:
        raise ValueError((offset, limit))
    return store.entries(cur, **_filters(where), limit=limit, offset=offset)


def export_csv(cur: Cursor, *, actor: Actor, where: AuditFilter) -> bytes:
    """The entries matching `where` as CSV, for the secretariat only."""
    entries, _ = search(cur, actor=actor, where=where)
    return to_csv(entries)


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
