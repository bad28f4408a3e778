"""Accent- and case-folded texts kept for search and the tracker's text filter, updated on every write.

Folding (`strip_accents(lower(...))`) every row at each query grows with the database; the folded text is
instead kept in `search_text` (migration 1401), one row per record and purpose, written by the store's
insert/update/delete helpers (`jtwg.store.records`) in the same transaction as the record. A record written
without them has no row: the queries then fold it on the spot (`folded_or`), so nothing is ever missed.
"""

from __future__ import annotations

import duckdb

Cursor = duckdb.DuckDBPyConnection


def fold(expr: str) -> str:
    return f"strip_accents(lower({expr}))"


def _bi(column: str) -> str:
    return f"(coalesce({column}.en, '') || ' ' || coalesce({column}.fr, ''))"


_OBJECTIVES = "array_to_string(list_transform(m.objectives, lambda o: coalesce(o.en, '') || ' ' || coalesce(o.fr, '')), ' ')"

# purpose -> (table, alias, text expression over that alias): what each search compares, before folding.
TEXTS: dict[str, tuple[str, str, str]] = {
    "meeting": ("meeting", "m", f"({_bi('m.introduction')} || ' ' || {_OBJECTIVES} || ' ' || coalesce(m.venue, '')"
                                f" || ' ' || coalesce(m.city, ''))"),
    "agenda_item": ("agenda_item", "i", _bi("i.title")),
    "minute_entry": ("minute_entry", "e", _bi("e.text")),
    "decision": ("decision", "d", _bi("d.text")),
    "action_item": ("action_item", "a", f"(a.code || ' ' || {_bi('a.text')})"),
    # The tracker's text filter: code, texts, evidence and its link (the owner's acronym is added at query time).
    "action_tracker": ("action_item", "a", "concat_ws(' ', a.code, struct_extract(a.text, 'en'), "
                                           "struct_extract(a.text, 'fr'), a.evidence, a.evidence_link)"),
}
PURPOSES_OF: dict[str, list[str]] = {}
for _purpose, (_table, _, _) in TEXTS.items():
    PURPOSES_OF.setdefault(_table, []).append(_purpose)


def folded_or(purpose: str, alias: str) -> str:
    """The kept folded text of a row (search_text alias `alias`), or its text folded now when none is kept.

    The query names the record's table with the alias of TEXTS (m, i, e, d, a)."""
    return f"coalesce({alias}.folded, {fold(TEXTS[purpose][2])})"


def join(purpose: str, alias: str) -> str:
    """The LEFT JOIN of the kept folded texts of `purpose` to the record's table (its TEXTS alias)."""
    own = TEXTS[purpose][1]
    return f" LEFT JOIN search_text {alias} ON {alias}.purpose = '{purpose}' AND {alias}.id = {own}.id"


def refresh(cur: Cursor, table: str, ids: list[int]) -> None:
    """Keep the folded texts of rows `ids` of `table` (after an insert or an update)."""
    if not ids or table not in PURPOSES_OF:
        return
    for purpose in PURPOSES_OF[table]:
        _, own, expr = TEXTS[purpose]
        cur.execute("DELETE FROM search_text WHERE purpose = ? AND id IN (SELECT unnest(?))", [purpose, ids])
        cur.execute(f"INSERT INTO search_text (purpose, id, folded) SELECT ?, {own}.id, {fold(expr)} FROM {table} {own}"
                    f" WHERE {own}.id IN (SELECT unnest(?))", [purpose, ids])


def forget(cur: Cursor, table: str, row_id: int) -> None:
    if table in PURPOSES_OF:
        cur.execute("DELETE FROM search_text WHERE purpose IN (SELECT unnest(?)) AND id = ?", [PURPOSES_OF[table], row_id])


def refresh_all(cur: Cursor) -> None:
    """Fold every text again (after rows were written without the store's helpers, e.g. a bulk load in SQL)."""
    cur.execute("DELETE FROM search_text")
    for purpose, (table, own, expr) in TEXTS.items():
        cur.execute(f"INSERT INTO search_text (purpose, id, folded) SELECT ?, {own}.id, {fold(expr)} FROM {table} {own}",
                    [purpose])
