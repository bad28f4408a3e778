"""Translations and locale formatting: `t(key, lang)` over one catalogue, dates, ordinals, French typography.

The language is always passed explicitly: Streamlit serves many sessions from one process, so there is
no process-wide locale.
"""

from __future__ import annotations

import csv
import re
import string
from datetime import date
from enum import Enum
from functools import lru_cache
from importlib import resources

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

LANGS = ("en", "fr")
NBSP = "\u00a0"
NNBSP = "\u202f"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """key -> {"en": ..., "fr": ...} from messages.csv (translator-editable: key,en,fr)."""
    text = (resources.files("jtwg") / "messages.csv").read_text(encoding="utf-8")
    return {row["key"]: {"en": row["en"], "fr": row["fr"]} for row in csv.DictReader(text.splitlines())}


def norm_lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def t(key: str, lang: str, **params: object) -> str:
    """The message `key` in `lang`, with `{name}` placeholders filled from `params`.

    A missing key shows the key itself (the catalogue test keeps that from shipping).
    """
    entry = catalogue().get(key)
    text = entry[norm_lang(lang)] if entry else key
    if params:
        try:
            return string.Formatter().vformat(text, (), _SafeParams(params))
        except (ValueError, IndexError):
            return text
    return text


class _SafeParams(dict):
    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def label(value: Enum | None, lang: str) -> str:
    """The display name of an enum code, e.g. ActionStatus.OPEN -> "Open" / "Ouverte"."""
    if value is None:
        return ""
    return t(f"enum.{type(value).__name__}.{value.value}", lang)


def format_date(value: date | None, lang: str, fmt: str = "long") -> str:
    """A date the way each language writes it: "4 February 2022" / "4 février 2022"."""
    if value is None:
        return ""
    return babel_format_date(value, format=fmt, locale="en_GB" if norm_lang(lang) == "en" else "fr_FR")


def format_date_range(start: date, end: date, lang: str) -> str:
    """ "3–4 February 2022" / "3-4 février 2022"; full dates when months or years differ."""
    if start == end:
        return format_date(start, lang)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{format_date(end, lang)}"
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


def format_number(value: float | int | None, lang: str) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale="en_GB" if norm_lang(lang) == "en" else "fr_FR")


def country_name(code: str | None, lang: str) -> str:
    if not code:
        return ""
    return Locale.parse("en" if norm_lang(lang) == "en" else "fr").territories.get(code, code)


_EN_ORDINAL_WORDS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth",
                     "Tenth", "Eleventh", "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth",
                     "Seventeenth", "Eighteenth", "Nineteenth", "Twentieth"]
_FR_ORDINAL_WORDS = ["Première", "Deuxième", "Troisième", "Quatrième", "Cinquième", "Sixième", "Septième",
                     "Huitième", "Neuvième", "Dixième", "Onzième", "Douzième", "Treizième", "Quatorzième",
                     "Quinzième", "Seizième", "Dix-septième", "Dix-huitième", "Dix-neuvième", "Vingtième"]


def ordinal(n: int, lang: str, *, feminine: bool = True) -> str:
    """ "4th" / "4e" ("1st" / "1re" or "1er")."""
    if norm_lang(lang) == "fr":
        return f"{n}{'re' if feminine else 'er'}" if n == 1 else f"{n}e"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal_word(n: int, lang: str) -> str:
    """ "Fourth" / "Quatrième" (feminine: "réunion"); numeric beyond twenty."""
    words = _FR_ORDINAL_WORDS if norm_lang(lang) == "fr" else _EN_ORDINAL_WORDS
    return words[n - 1] if 1 <= n <= len(words) else ordinal(n, lang)


# French spacing: a non-breaking space before ; : ! ? and inside « ». Times (16:15), URLs (https://)
# and ratios written without a space are left alone.
_BEFORE_PUNCT = re.compile(r"(?<=[^\s\d])[ \u00a0\u202f]?([;!?])|(?<=[^\s\d/])[ \u00a0\u202f]?(:)(?=\s|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]?")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]?»")


_FR_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# Spaces that must not break: after « n° », « M. », « Mme »; between a number and its unit (« 60 min »,
# « 16 h 15 »); between a day and its month (« 4 février »).
_FR_NO_BREAK = [
    re.compile(r"(?<=\b[nN]°) (?=\d)"),
    re.compile(r"(?<=\bMM\.) |(?<=\bM\.) |(?<=\bMmes) |(?<=\bMme) |(?<=\bMlle) |(?<=\bDr) |(?<=\bPr) (?=[A-ZÀ-Ö])"),
    re.compile(r"(?<=\d) (?=(?:min|h|km|kg|ans?|jours?|mois|semaines?|heures?|%)(?![\w]))"),
    re.compile(r"(?<=\d[\u00a0 ]h) (?=\d\d\b)"),
    re.compile(r"(?<=\b\d) (?=(?:" + _FR_MONTHS + r")\b)|(?<=\b\d\d) (?=(?:" + _FR_MONTHS + r")\b)|(?<=\b1er) (?=(?:" + _FR_MONTHS + r")\b)"),
]


def fr_typography(text: str) -> str:
    """Apply French spacing rules to `text` (idempotent)."""
    if not text:
        return text
    for pattern in _FR_NO_BREAK:
        text = pattern.sub(NBSP, text)
    text = _BEFORE_PUNCT.sub(lambda m: NBSP + (m.group(1) or m.group(2)), text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    return _CLOSE_QUOTE.sub(NBSP + "»", text)


def typographic(text: str, lang: str) -> str:
    return fr_typography(text) if norm_lang(lang) == "fr" else text


_AGENDA_ITEM_LABEL = re.compile(r"^Agenda\s+Item\s+(\d+)$", re.I)


def agenda_label(label: str | None, lang: str) -> str:
    """An agenda item's label as each language prints it: "Agenda Item 2" / "Point 2 de l'ordre du jour",
    "AOB" / "Divers"; letters and roman numerals (a, b, iv) stay as typed."""
    if not label:
        return ""
    text = label.strip()
    m = _AGENDA_ITEM_LABEL.match(text)
    if m:
        return t("export.agenda_item", lang, n=m.group(1))
    if text.upper() == "AOB":
        return t("export.aob", lang)
    return text


def meeting_name(meeting, lang: str, *, dates: bool = True) -> str:
    """A meeting as lists and headings name it: "4th meeting – 3–4 February 2022 – Niamey" (or without dates)."""
    if not dates:
        return t("workspace.meeting_name", lang, ordinal=ordinal(meeting.sequence_no, lang), city=meeting.city or "")
    return t("meetings.option", lang, ordinal=ordinal(meeting.sequence_no, lang),
             dates=format_date_range(meeting.start_date, meeting.end_date, lang), city=meeting.city or "")
