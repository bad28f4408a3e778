"""What the name recogniser found in a text, by keyed digest (offsets and digests only, never words)."""

from __future__ import annotations

from jtwg.store.records import Cursor


def find(cur: Cursor, digest: str) -> tuple[str, str] | None:
    """(spans JSON, ordinary JSON) stored for `digest`, or None."""
    found = cur.execute("SELECT spans, ordinary FROM name_analysis WHERE digest = ?", [digest]).fetchone()
    return None if found is None else (found[0], found[1])


def find_many(cur: Cursor, digests: list[str]) -> dict[str, tuple[str, str]]:
    """{digest: (spans JSON, ordinary JSON)} of those of `digests` that are stored, in one query."""
    if not digests:
        return {}
    found = cur.execute("SELECT digest, spans, ordinary FROM name_analysis WHERE digest IN (SELECT unnest(?))",
                        [digests]).fetchall()
    return {d: (spans, ordinary) for d, spans, ordinary in found}


def save(cur: Cursor, digest: str, *, spans: str, ordinary: str) -> None:
    """Store one result; a result already stored (the same text checked by another session) is kept."""
    cur.execute("INSERT INTO name_analysis (digest, spans, ordinary) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [digest, spans, ordinary])
