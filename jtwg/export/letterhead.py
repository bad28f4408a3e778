"""An organisation's own base document for Word minutes (letterhead, logo, fonts): checked, stored in the database, read back."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

from docx import Document

from jtwg.db import transaction
from jtwg.errors import InvalidInput
from jtwg.models import Actor
from jtwg.services import permissions
from jtwg.store.records import Cursor, log_change, one

MAX_BYTES = 10 * 1024 * 1024
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)


@dataclass
class LetterheadInfo:
    id: int
    filename: str
    size: int
    uploaded_at: datetime
    uploaded_by: str


def _refuse(key: str, **params) -> InvalidInput:
    return InvalidInput([("letterhead", key, params)], key="letterhead.invalid")


def check_docx(content: bytes) -> None:
    """Raise InvalidInput unless `content` is a Word document (.docx or .dotx, no macros) python-docx can open."""
    if not content:
        raise _refuse("letterhead.empty")
    if len(content) > MAX_BYTES:
        raise _refuse("letterhead.too_big", max=MAX_BYTES // (1024 * 1024))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                raise _refuse("letterhead.not_docx")
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
            if "vbaProject" in types or "macroEnabled" in types:
                raise _refuse("letterhead.macros")
            if not any(kind in types for kind in _MAIN_TYPES):
                raise _refuse("letterhead.not_docx")
    except zipfile.BadZipFile:
        raise _refuse("letterhead.not_docx") from None
    try:
        if not Document(io.BytesIO(content)).sections:
            raise _refuse("letterhead.not_docx")
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001 - any parser failure means the file is not a usable document
        raise _refuse("letterhead.not_docx") from None


def save_letterhead(cur: Cursor, *, filename: str, content: bytes, actor: Actor) -> int:
    """Check and store a base document; it is used for every later export."""
    permissions.require(actor, "settings.update")
    check_docx(content)
    name = (filename or "letterhead.docx").strip()[:200]
    digest = hashlib.sha256(content).hexdigest()
    with transaction(cur):
        new_id = cur.execute("INSERT INTO letterhead (filename, content, sha256, uploaded_by) VALUES (?, ?, ?, ?) RETURNING id",
                             [name, content, digest, actor.username]).fetchone()[0]
        log_change(cur, actor=actor, action="create", entity="letterhead", entity_id=new_id,
                   changes={"filename": [None, name], "size": [None, len(content)], "sha256": [None, digest]})
    return new_id


def current_letterhead(cur: Cursor) -> LetterheadInfo | None:
    found = one(cur, "SELECT id, filename, octet_length(content) AS size, uploaded_at, uploaded_by FROM letterhead"
                     " ORDER BY id DESC LIMIT 1")
    return LetterheadInfo(**found) if found else None


def letterhead_bytes(cur: Cursor) -> bytes | None:
    found = cur.execute("SELECT content FROM letterhead ORDER BY id DESC LIMIT 1").fetchone()
    return bytes(found[0]) if found else None


def remove_letterhead(cur: Cursor, *, actor: Actor) -> int:
    """Go back to the shipped base document; return how many stored documents were removed."""
    permissions.require(actor, "settings.update")
    with transaction(cur):
        count = cur.execute("SELECT count(*) FROM letterhead").fetchone()[0]
        cur.execute("DELETE FROM letterhead")
        log_change(cur, actor=actor, action="delete", entity="letterhead", entity_id=None, changes={"count": [count, 0]})
    return count
