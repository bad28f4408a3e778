"""Export profiles, protected-case tokens, the former whole-alias digests, and the findings of the personal-data check (see personal_data, which records the aliases)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from jtwg.i18n import agenda_label, t
from jtwg.models import Confidentiality, ProtectedCase
from jtwg.services.settings import get_setting
from jtwg.store.records import Cursor, rows


class ExportProfile(StrEnum):
    """Who a document is for: the named handlers, the JTWG members, or anyone."""

    INTERNAL = "internal"
    RESTRICTED = "restricted"
    PUBLIC = "public"


class ItemMode(StrEnum):
    FULL = "full"
    WITHHELD = "withheld"   # neutral public title and "[confidential content]"
    OMITTED = "omitted"


def shows(level: Confidentiality, profile: ExportProfile) -> bool:
    """Whether content of confidentiality `level` is printed in full under `profile`."""
    if profile is ExportProfile.INTERNAL:
        return True
    if profile is ExportProfile.RESTRICTED:
        return level is not Confidentiality.CONFIDENTIAL
    return level is Confidentiality.PUBLIC


def item_mode(level: Confidentiality, profile: ExportProfile) -> ItemMode:
    if shows(level, profile):
        return ItemMode.FULL
    # Members learn that a confidential item was discussed, never what was said; the public learns nothing.
    return ItemMode.WITHHELD if profile is ExportProfile.RESTRICTED else ItemMode.OMITTED


# --- Protected-case references -------------------------------------------------------------------------

CASE_TOKEN = re.compile(r"\{\{\s*case\s*:\s*([^{}\s]{1,40})\s*\}\}", re.I)
NB_HYPHEN = "\u2011"   # Word's non-breaking hyphen: exports print case codes with it, scans read it as "-"
CASE_CODE = re.compile(r"\b[A-Z]{2}-VoT-\d{4}-\d{2,4}\b")


def case_phrase(case: ProtectedCase | None, lang: str, profile: ExportProfile) -> str:
    """How a protected case is named: pseudonym and code (internal), pseudonym (restricted), a generic phrase (public)."""
    if case is None or profile is ExportProfile.PUBLIC:
        return t("redaction.generic_victim", lang)
    pseudonym = case.pseudonym.get(lang)
    return f"{pseudonym} ({case.case_code})" if profile is ExportProfile.INTERNAL else pseudonym


@dataclass
class CaseRefs:
    codes: set[str] = field(default_factory=set)      # known case codes the text refers to
    unknown: set[str] = field(default_factory=set)    # tokens naming no recorded case


def render_case_refs(text: str, lang: str, profile: ExportProfile, cases: dict[str, ProtectedCase]) -> tuple[str, CaseRefs]:
    """Replace `{{case:CODE}}` tokens (and, outside internal exports, bare case codes) with the profile's phrase.

    A code typed with non-breaking hyphens (U+2011, as Word prints codes) is the same code.
    """
    refs = CaseRefs()
    text = text.replace(NB_HYPHEN, "-")
    if "{" not in text and "VoT" not in text:
        return text, refs

    def token(m: re.Match) -> str:
        code = m.group(1)
        case = cases.get(code)
        (refs.codes if case else refs.unknown).add(code)
        return case_phrase(case, lang, profile)

    text = CASE_TOKEN.sub(token, text)

    def bare(m: re.Match) -> str:
        code = m.group(0)
        case = cases.get(code)
        (refs.codes if case else refs.unknown).add(code)
        return code if profile is ExportProfile.INTERNAL else case_phrase(case, lang, profile)

    return CASE_CODE.sub(bare, text), refs


# --- Aliases: stored as salted digests, matched against the words of a text ------------------------------

SALT_KEY = "redaction.alias_salt"
MAX_ALIAS_WORDS = 6
_WORD = re.compile(r"\w+")


def normalise_word(word: str) -> str:
    """Case- and accent-insensitive form of one word: "Élodie" -> "elodie"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def alias_words(text: str) -> list[str]:
    return [normalise_word(w) for w in _WORD.findall(text)]


def _digest(salt: str, words: list[str] | tuple[str, ...]) -> str:
    return hashlib.sha256(f"{salt}\x1f{' '.join(words)}".encode("utf-8")).hexdigest()


class AliasInput(BaseModel):
    """An alias as typed by the secretariat: a few words of a name, never printed back."""

    case_code: str = Field(min_length=1, max_length=40)
    alias: str = Field(min_length=2, max_length=200)

    @field_validator("alias")
    @classmethod
    def _words(cls, value: str) -> str:
        words = alias_words(value)
        if not words or sum(len(w) for w in words) < 3:
            raise ValueError("alias_too_short")
        if len(words) > MAX_ALIAS_WORDS:
            raise ValueError("alias_too_many_words")
        return value


@dataclass
class AliasIndex:
    """Aliases recorded before migration 0900 (one salted digest of the whole alias): found only as whole word sequences."""

    salt: str = ""
    digests: dict[str, str] = field(default_factory=dict)   # digest -> case code
    lengths: tuple[int, ...] = ()

    @classmethod
    def load(cls, cur: Cursor) -> "AliasIndex":
        salt = get_setting(cur, SALT_KEY)
        if salt is None:
            return cls()
        found = rows(cur, "SELECT a.digest, a.word_count, c.case_code FROM case_alias a"
                          " JOIN protected_case c ON c.id = a.case_id WHERE a.scheme = 'salted_words'")
        return cls(salt, {r["digest"]: r["case_code"] for r in found}, tuple(sorted({r["word_count"] for r in found})))

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, case code) of every alias in `text`, longest first where they overlap."""
        if not self.digests or not text:
            return []
        words = [(m.start(), m.end(), normalise_word(m.group())) for m in _WORD.finditer(text)]
        found: list[tuple[int, int, str]] = []
        for n in sorted(self.lengths, reverse=True):
            for i in range(len(words) - n + 1):
                code = self.digests.get(_digest(self.salt, [w[2] for w in words[i:i + n]]))
                if code:
                    start, end = words[i][0], words[i + n - 1][1]
                    if not any(s < end and start < e for s, e, _ in found):
                        found.append((start, end, code))
        return sorted(found)

    def redact(self, text: str, replacement: str) -> tuple[str, list[str]]:
        """`text` with every alias replaced; and the case codes whose aliases were found."""
        spans = self.spans(text)
        for start, end, _ in reversed(spans):
            text = text[:start] + replacement + text[end:]
        return text, [code for _, _, code in spans]


# --- The personal-data gate ------------------------------------------------------------------------------

CASE_DETAIL = re.compile(
    r"\b(shelters?|medical|psychosocial|reintegrat\w*|re-integrat\w*|enrol(?:l?ed|ment|ling)?|famil(?:y|ies)|trafficker\w*"
    r"|foyers?|centres? d[’']accueil|m[ée]dica\w*|psycho-?sociale?s?|r[ée]insertion|r[ée]int[ée]gration|familles?"
    r"|trafiquant\w*)\b", re.I)


class FindingKind(StrEnum):
    ALIAS = "alias"                    # a recorded alias of a protected case, whole, partial or misspelt
    HONORIFIC_NAME = "honorific_name"  # an honorific and a name not in the directory (restricted, public)
    PERSON_NAME = "person_name"        # a person's name not in the directory (restricted, public)
    CASE_NAME = "case_name"            # a name not in the directory next to a protected case (every profile)
    CASE_DETAIL = "case_detail"
    UNKNOWN_CASE = "unknown_case"
    ALIAS_KEY = "alias_key"            # the alias key file is not the one the aliases were recorded with


@dataclass(frozen=True)
class Where:
    """Where in the minutes a text is, as a catalogue key and its parameters (so each user reads it in their language)."""

    key: str
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, key: str, **params: object) -> "Where":
        return cls(key, tuple((k, str(v)) for k, v in params.items()))

    def describe(self, lang: str) -> str:
        params = dict(self.params)
        if "item" in params:
            params["item"] = printed_item(params["item"], lang)
        return t(self.key, lang, **params)


def printed_item(label_text: str, lang: str) -> str:
    """An agenda item as the document heads it: "Agenda Item 1" / "Point 1 de l'ordre du jour", "Item b" / "Point b"."""
    shown = agenda_label(label_text, lang)
    if re.fullmatch(r"[a-z]{1,5}|\d{1,3}", shown):   # a letter, a roman numeral or a position: say it is an item
        return t("redaction.where.item_plain", lang, label=shown)
    return shown


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    where: Where
    lang: str
    detail: str = ""     # masked: an honorific and an initial, a keyword, or a case code; never an alias

    def describe(self, lang: str) -> str:
        return t(f"redaction.finding.{self.kind.value}", lang, where=self.where.describe(lang),
                 language=self.lang.upper(), detail=self.detail)
