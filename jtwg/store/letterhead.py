"""The stored base documents (letterheads) Word exports are written on: the newest one is in use."""

from __future__ import annotations

from typing import Any

from jtwg.store.records import Cursor, one


def insert_letterhead(cur: Cursor, *, filename: str, content: bytes, sha256: str, uploaded_by: str) -> int:
    return cur.execute("INSERT INTO letterhead (filename, content, sha256, uploaded_by) VALUES (?, ?, ?, ?) RETURNING id",
                       [filename, content, sha256, uploaded_by]).fetchone()[0]


def current_letterhead(cur: Cursor) -> dict[str, Any] | None:
    return one(cur, "SELECT id, filename, octet_length(content) AS size, uploaded_at, uploaded_by FROM letterhead"
                    " ORDER BY id DESC LIMIT 1")


def letterhead_content(cur: Cursor) -> bytes | None:
    found = cur.execute("SELECT content FROM letterhead ORDER BY id DESC LIMIT 1").fetchone()
    return bytes(found[0]) if found else None


def delete_letterheads(cur: Cursor) -> int:
    """Remove every stored letterhead; return how many there were."""
    count = cur.execute("SELECT count(*) FROM letterhead").fetchone()[0]
    cur.execute("DELETE FROM letterhead")
    return count
