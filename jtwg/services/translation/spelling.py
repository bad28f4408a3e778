"""Spelling in English (en_GB) and French with Debian's hunspell dictionaries through enchant."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DICTIONARIES = {"en": ("en_GB", "en_US"), "fr": ("fr_FR", "fr")}
# Words: letters with inner apostrophes or hyphens; "l'ordre" is checked as "ordre".
_WORD = re.compile(r"[^\W\d_]+(?:[-’'][^\W\d_]+)*")
_ELISION = re.compile(r"^(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu)['’]")


@dataclass(frozen=True)
class Misspelling:
    word: str
    start: int
    suggestions: tuple[str, ...]


@lru_cache(maxsize=4)
def dictionary(lang: str):
    """The enchant dictionary for `lang`, or None when enchant or the dictionary is not installed."""
    try:
        import enchant
    except ImportError:  # libenchant-2 missing
        return None
    for tag in DICTIONARIES[lang]:
        if enchant.dict_exists(tag):
            return enchant.Dict(tag)
    return None


def available(lang: str) -> bool:
    return dictionary(lang) is not None


def check(text: str, lang: str, *, ignore: set[str] | frozenset[str] = frozenset(), suggest: bool = True) -> list[Misspelling]:
    """Words of `text` the dictionary does not know; acronyms, words with capitals inside and `ignore`d
    words (glossary terms, names) are skipped."""
    d = dictionary(lang)
    if d is None or not text:
        return []
    found: list[Misspelling] = []
    for match in _WORD.finditer(text):
        word = _ELISION.sub("", match.group()).replace("’", "'")
        if len(word) < 2 or word.isupper() or any(c.isupper() for c in word[1:]) or word.lower() in ignore:
            continue
        parts = [word] if d.check(word) else [p for p in re.split(r"[-']", word) if p]
        bad = [p for p in parts if not d.check(p) and not d.check(p.lower())]
        if bad and not d.check(word):
            found.append(Misspelling(match.group(), match.start(), tuple(d.suggest(word)[:3]) if suggest else ()))
    return found


def known_words(terms: list) -> frozenset[str]:
    """Words of the glossary (both languages), not flagged by the spelling check."""
    words = set()
    for term in terms:
        for side in (term.en, term.fr):
            words |= {w.lower().replace("’", "'") for w in _WORD.findall(side)}
    return frozenset(words)
