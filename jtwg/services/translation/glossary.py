"""The group's English–French glossary and the check that a paragraph's translation uses its terms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from jtwg.errors import InvalidInput
from jtwg.models.common import Actor, Bilingual
from jtwg.services import permissions
from jtwg.store import translation as store
from jtwg.store.records import Cursor

# Categories of interface words (status, draft …): too common in prose to flag.
SKIPPED_CATEGORIES = {"ui"}
_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9.+/&-]{1,11}$")


@dataclass(frozen=True)
class Term:
    id: int
    en: str
    fr: str
    category: str | None
    note: str | None


@dataclass(frozen=True)
class Finding:
    term: Term
    found: str          # the variant the source uses
    expected: str       # the counterpart(s) the other side lacks, as in the glossary


def fold(text: str) -> str:
    """Lower case, accents and typographic apostrophes folded, spaces collapsed: for matching only."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def variants(side: str) -> tuple[list[str], list[str]]:
    """(full forms, acronyms) of one side of a glossary entry: "a (X) / b" -> (["a", "b"], ["X"])."""
    forms, acronyms = [], []
    for part in side.split(" / "):
        for inner in re.findall(r"\(([^()]*)\)", part):
            if _ACRONYM.match(inner) and any(c.isupper() for c in inner[1:] or inner):
                acronyms.append(inner)
        bare = re.sub(r"\s*\([^()]*\)", "", part).strip(" ,;")
        if len(bare) >= 3:
            forms.append(bare)
    return forms, acronyms


@lru_cache(maxsize=2048)
def _pattern(form: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(fold(form)) + r"(?:e|s|es|x)?(?![\w-])")


def _uses(folded_text: str, forms: list[str]) -> str | None:
    return next((f for f in forms if _pattern(f).search(folded_text)), None)


def terms(cur: Cursor) -> list[Term]:
    return [Term(r["id"], r["en"], r["fr"], r["category"], r["note"]) for r in store.glossary(cur)]


def check(value: Bilingual, glossary: list[Term]) -> list[Finding]:
    """Terms the source uses whose counterpart the other language does not use (nothing if it is missing)."""
    src, tgt = value.source.value, value.source.other.value
    source_text, target_text = value.get(src, fallback=False), value.get(tgt, fallback=False)
    if not source_text or not target_text:
        return []
    s, o = fold(source_text), fold(target_text)
    found: list[Finding] = []
    for term in glossary:
        if term.category in SKIPPED_CATEGORIES:
            continue
        sides = {"en": variants(term.en), "fr": variants(term.fr)}
        forms, acronyms = sides[src]
        used = _uses(s, [f for f in forms if len(f) >= 4]) or _uses(s, [a for a in acronyms if len(a) >= 3])
        if used is None:
            continue
        other_forms, other_acronyms = sides[tgt]
        if _uses(o, other_forms + other_acronyms + acronyms):
            continue
        found.append(Finding(term, used, getattr(term, tgt)))
    return found


def save_term(cur: Cursor, *, actor: Actor, en: str, fr: str, category: str | None = None, note: str | None = None,
              term_id: int | None = None) -> int:
    permissions.require(actor, "glossary.update")
    en, fr = en.strip(), fr.strip()
    problems = [(f, "invalid.text_required", {}) for f, v in (("en", en), ("fr", fr)) if not v]
    if problems:
        raise InvalidInput(problems)
    if term_id is None and store.term_exists(cur, en=en, fr=fr):
        raise InvalidInput([("en", "glossary.duplicate", {"en": en})])
    return store.save_term(cur, term_id=term_id, en=en, fr=fr, category=(category or "").strip() or None,
                           note=(note or "").strip() or None, actor=actor)


def delete_term(cur: Cursor, *, actor: Actor, term_id: int) -> None:
    permissions.require(actor, "glossary.update")
    store.delete_term(cur, term_id=term_id, actor=actor)
