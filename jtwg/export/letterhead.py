"""An organisation's own base document for Word minutes (letterhead, logo, fonts): the check it must pass.

Storing and reading it back is jtwg.services.exports (save_letterhead, letterhead_bytes…) over jtwg.store.letterhead.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document

from jtwg.errors import InvalidInput

MAX_BYTES = 10 * 1024 * 1024
_MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)


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
