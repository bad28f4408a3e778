"""Spreadsheet formula injection: exported text never becomes a live formula, and re-imports unchanged.

A text starting with `= + - @`, a tab or a carriage return is read by spreadsheet programs as a
formula (`=HYPERLINK(...)`, `@SUM(...)`, `+cmd|...`). As OWASP recommends, such a text is written
with a single quote in front, which makes it plain text. A text that already starts with a quote gets
one more, so that `restore` (used by the importers) can take exactly one quote back off and every
text comes back as it was: `neutralise` and `restore` are inverse for every string.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def neutralise(text: str) -> str:
    """`text` as a spreadsheet reads it as plain text: a quote in front when it could start a formula."""
    if text.startswith(FORMULA_START + (QUOTE,)):
        return QUOTE + text
    return text


def restore(text: str) -> str:
    """The text `neutralise` was given: one leading quote taken off when it was added on export."""
    if text.startswith(QUOTE) and text[1:].startswith(FORMULA_START + (QUOTE,)):
        return text[1:]
    return text


def cell_value(value: Any) -> Any:
    """A value ready for an .xlsx cell: text neutralised, characters XML cannot hold dropped; others as they are.

    Control characters and lone surrogates cannot be stored in a workbook at all (the file format is
    XML); the models never keep them, so dropping them here only guards against old data.
    """
    if isinstance(value, str):
        return neutralise(_ILLEGAL_XML.sub("", value))
    return value


def csv_value(value: Any) -> Any:
    """A value ready for a CSV cell: text neutralised; numbers and empty values as they are."""
    return neutralise(value) if isinstance(value, str) else value
