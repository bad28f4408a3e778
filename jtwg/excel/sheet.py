"""Sheet specs for Excel import and export: columns, their headers in both languages, and cell converters.

A `SheetSpec` lists `Column`s. Each column has
- `name`: the field it fills in a row's values;
- `header_key`: a catalogue key; the header is written in the chosen language and read in either;
- `kind`: a converter that parses a cell (raising `CellError(key, **params)` with a catalogue key) and
  formats a value back into a cell (`TextKind`, `DateKind`, `IntKind`, `DecimalKind`, `ChoiceKind` for
  enums, `LookupKind` for codes that must exist, e.g. organisations, `ListKind` for "A; B; C");
- `required`: the column must be in the file; `key`: the column that matches rows to records
  (required, one value per row, no duplicates). Several key columns make a compound key (an article
  and its paragraph: "8.2"): the first must be filled, the others may be blank, and the row's key is
  their values joined by the spec's `key_separator`;
- `imported=False`: written on export for reading (e.g. "overdue"), accepted and ignored on import;
- `exported=False`: only meaningful on import (e.g. an update note), written empty;
- `clearable=False`: an empty cell keeps the record's value (e.g. a status) instead of clearing it.
Lookups get their known values from a `context` dict given to the reader (name -> {code, ...}).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from jtwg.i18n import LANGS, label, t


class CellError(Exception):
    """A cell that cannot be read: `key` is a catalogue message, `params` fill it in."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form of a header or label, for matching."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare.replace("\u00a0", " ").replace("\u202f", " ")).strip().casefold()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class Kind:
    """Base converter: text in, text out."""

    number_format: str | None = None

    def parse(self, value: Any, context: dict) -> Any:
        return str(value).strip() if not is_blank(value) else None

    def write(self, value: Any, lang: str) -> Any:
        return value

    def choices(self, lang: str) -> list[str] | None:
        """Values offered as a drop-down in exported sheets, if any."""
        return None


@dataclass
class TextKind(Kind):
    max_length: int = 2000
    pattern: str | None = None

    def parse(self, value: Any, context: dict) -> Any:
        if is_blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)   # a number typed into a text column: 4.0 -> "4"
        text = str(value).strip()
        if len(text) > self.max_length:
            raise CellError("invalid.too_long", max=self.max_length)
        if self.pattern and not re.fullmatch(self.pattern, text):
            raise CellError("invalid.bad_format")
        return text


class DateKind(Kind):
    number_format = "yyyy-mm-dd"
    FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")

    def parse(self, value: Any, context: dict) -> Any:
        if is_blank(value):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            for fmt in self.FORMATS:
                try:
                    return datetime.strptime(value.strip(), fmt).date()
                except ValueError:
                    continue
        raise CellError("excel.bad_date", value=str(value))


@dataclass
class IntKind(Kind):
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, value: Any, context: dict) -> Any:
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise CellError("excel.not_a_whole_number", value=str(value))
        try:
            number = Decimal(str(value).strip().rstrip("%").strip().replace("\u00a0", "").replace(" ", ""))
        except InvalidOperation:
            raise CellError("excel.not_a_whole_number", value=str(value)) from None
        if number != number.to_integral_value():
            raise CellError("excel.not_a_whole_number", value=str(value))
        result = int(number)
        if (self.minimum is not None and result < self.minimum) or (self.maximum is not None and result > self.maximum):
            raise CellError("excel.out_of_range", minimum=self.minimum, maximum=self.maximum)
        return result


@dataclass
class DecimalKind(Kind):
    minimum: Decimal | None = None
    places: int = 2
    number_format = "#,##0.00"

    def parse(self, value: Any, context: dict) -> Any:
        if is_blank(value):
            return None
        if isinstance(value, bool):
            raise CellError("excel.not_a_number", value=str(value))
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if isinstance(value, str) and "," in text and "." not in text:
            text = text.replace(",", ".")   # French decimal comma typed as text
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError("excel.not_a_number", value=str(value)) from None
        if not number.is_finite() or (self.minimum is not None and number < self.minimum):
            raise CellError("excel.out_of_range_min", minimum=self.minimum)
        return number.quantize(Decimal(1).scaleb(-self.places))

    def write(self, value: Any, lang: str) -> Any:
        return float(value) if value is not None else None


@dataclass
class ChoiceKind(Kind):
    """An enum: written as its label in the sheet's language; read from the code or a label in either language."""

    enum: type[StrEnum] = None  # type: ignore[assignment]

    def _lookup(self) -> dict[str, StrEnum]:
        found = {}
        for member in self.enum:
            found[fold(member.value)] = member
            for lang in LANGS:
                found[fold(label(member, lang))] = member
        return found

    def parse(self, value: Any, context: dict) -> Any:
        if is_blank(value):
            return None
        member = self._lookup().get(fold(value))
        if member is None:
            raise CellError("excel.bad_choice", value=str(value))
        return member

    def write(self, value: Any, lang: str) -> Any:
        return label(self.enum(value), lang) if value is not None else None

    def choices(self, lang: str) -> list[str]:
        return [label(m, lang) for m in self.enum]


@dataclass
class LookupKind(Kind):
    """A code that must exist: `context[source]` holds the known codes; matched ignoring case."""

    source: str = ""
    error_key: str = "excel.unknown_value"

    def parse(self, value: Any, context: dict) -> Any:
        if is_blank(value):
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        known = {fold(str(k)): k for k in context.get(self.source, ())}
        if fold(text) not in known:
            raise CellError(self.error_key, value=text)
        return known[fold(text)]

    def choices(self, lang: str) -> list[str] | None:
        return None


@dataclass
class ListKind(Kind):
    """Several values in one cell, separated by ";" or ","; each parsed by `item`.

    `joiner` separates them when written; `as_set` reads them as a set (once each, sorted), for links
    whose order means nothing, so that a reordered cell is not a change.
    """

    item: Kind = field(default_factory=TextKind)
    joiner: str = "; "
    as_set: bool = False

    def parse(self, value: Any, context: dict) -> Any:
        if is_blank(value):
            return []
        parts = [p.strip() for p in re.split(r"[;,\n]", str(value)) if p.strip()]
        found = [self.item.parse(p, context) for p in parts]
        if self.as_set:
            found = sorted(set(found), key=lambda v: fold(str(v)))
        return found

    def write(self, value: Any, lang: str) -> Any:
        return self.joiner.join(str(v) for v in value) if value else None


class BoolKind(Kind):
    def write(self, value: Any, lang: str) -> Any:
        return t("common.yes" if value else "common.no", lang) if value is not None else None


@dataclass(frozen=True)
class Column:
    name: str
    header_key: str
    kind: Kind = field(default_factory=TextKind)
    required: bool = False
    key: bool = False
    imported: bool = True
    exported: bool = True
    clearable: bool = True
    width: int = 16
    hint_key: str | None = None

    def header(self, lang: str) -> str:
        return t(self.header_key, lang)


@dataclass(frozen=True)
class SheetSpec:
    """What one sheet holds: its title (a catalogue key) and its columns, one of them the key."""

    title_key: str
    columns: tuple[Column, ...]
    key_separator: str = "."
    key_rule_key: str = "excel.rule_key"   # how the notes sheet explains the key

    @property
    def key_column(self) -> Column:
        """The (first) key column: it must be filled in every row."""
        return next(c for c in self.columns if c.key)

    @property
    def key_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.key)

    def row_key(self, values: dict[str, Any]) -> str | None:
        """A row's key: its key value, or its compound key ("8" and "2" -> "8.2"); None without the first part."""
        parts = [values.get(c.name) for c in self.key_columns]
        if is_blank(parts[0]):
            return None
        if len(parts) == 1:
            return parts[0]
        return self.key_separator.join(str(p).strip() for p in parts if not is_blank(p))

    def title(self, lang: str) -> str:
        # Excel sheet titles: at most 31 characters, none of []:*?/\
        return re.sub(r"[\[\]:*?/\\]", "-", t(self.title_key, lang))[:31]

    def headers(self, lang: str) -> list[str]:
        return [c.header(lang) for c in self.columns]

    def column_for_header(self, text: Any) -> Column | None:
        """The column whose header, in either language (or its field name), is `text`."""
        wanted = fold(text)
        for column in self.columns:
            if wanted in {fold(column.header(lang)) for lang in LANGS} | {fold(column.name)}:
                return column
        return None
