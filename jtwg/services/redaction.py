"""Export profiles, protected-case tokens, case aliases kept as salted digests, and the personal-data gate run before every export."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, Field, ValidationError, field_validator

from jtwg.db import transaction
from jtwg.errors import InvalidInput, NotFound
from jtwg.i18n import t
from jtwg.models import Actor, Confidentiality, ProtectedCase
from jtwg.services import permissions
from jtwg.services.settings import get_setting
from jtwg.store.common import Cursor, log_change, rows
from jtwg.validation import problem_key


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


def _salt(cur: Cursor, actor: Actor) -> str:
    salt = get_setting(cur, SALT_KEY)
    if salt is None:
        salt = secrets.token_hex(16)
        # Written directly, not through set_setting: the salt must not be copied into the change log.
        cur.execute("INSERT INTO app_setting (key, value) VALUES (?, ?)", [SALT_KEY, salt])
        log_change(cur, actor=actor, action="create", entity="app_setting", entity_id=None, changes={SALT_KEY: [None, "(set)"]})
    return salt


def _case(cur: Cursor, case_code: str) -> ProtectedCase:
    found = rows(cur, "SELECT * FROM protected_case WHERE case_code = ?", [case_code])
    if not found:
        raise NotFound(key="error.unknown_case", ref=case_code)
    return ProtectedCase.model_validate(found[0])


def add_case_alias(cur: Cursor, *, case_code: str, alias: str, actor: Actor) -> bool:
    """Record a real-name variant of a protected case as a salted digest; False if it was already recorded."""
    permissions.require(actor, "case.alias")
    try:
        data = AliasInput(case_code=case_code, alias=alias)
    except ValidationError as exc:
        raise InvalidInput([("alias", *problem_key(e)) for e in exc.errors()]) from None
    words = alias_words(data.alias)
    with transaction(cur):
        case = _case(cur, data.case_code)
        digest = _digest(_salt(cur, actor), words)
        if cur.execute("SELECT 1 FROM case_alias WHERE case_id = ? AND digest = ?", [case.id, digest]).fetchone():
            return False
        new_id = cur.execute(
            "INSERT INTO case_alias (case_id, digest, word_count, created_by) VALUES (?, ?, ?, ?) RETURNING id",
            [case.id, digest, len(words), actor.username]).fetchone()[0]
        # The log says that an alias was added, never which one.
        log_change(cur, actor=actor, action="create", entity="case_alias", entity_id=new_id,
                   changes={"case": [None, case.case_code], "words": [None, len(words)]})
    return True


def clear_case_aliases(cur: Cursor, *, case_code: str, actor: Actor) -> int:
    """Forget every alias of a case (e.g. one typed wrongly); return how many were removed."""
    permissions.require(actor, "case.alias")
    with transaction(cur):
        case = _case(cur, case_code)
        count = cur.execute("SELECT count(*) FROM case_alias WHERE case_id = ?", [case.id]).fetchone()[0]
        cur.execute("DELETE FROM case_alias WHERE case_id = ?", [case.id])
        log_change(cur, actor=actor, action="delete", entity="case_alias", entity_id=None,
                   changes={"case": [case.case_code, None], "count": [count, 0]})
    return count


def alias_counts(cur: Cursor) -> dict[str, int]:
    """How many aliases each protected case has (the aliases themselves cannot be read back)."""
    found = rows(cur, "SELECT c.case_code, count(a.id) AS n FROM protected_case c"
                      " LEFT JOIN case_alias a ON a.case_id = c.id GROUP BY c.case_code ORDER BY c.case_code")
    return {r["case_code"]: r["n"] for r in found}


@dataclass
class AliasIndex:
    """The stored digests, ready to find alias word sequences in a text."""

    salt: str = ""
    digests: dict[str, str] = field(default_factory=dict)   # digest -> case code
    lengths: tuple[int, ...] = ()

    @classmethod
    def load(cls, cur: Cursor) -> "AliasIndex":
        salt = get_setting(cur, SALT_KEY)
        if salt is None:
            return cls()
        found = rows(cur, "SELECT a.digest, a.word_count, c.case_code FROM case_alias a"
                          " JOIN protected_case c ON c.id = a.case_id")
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

HONORIFIC_NAME = re.compile(r"\b(Mrs|Ms|Mr|Miss|Mx|Mme|Mlle|Mmes|Dr|M)\b\.?[ \t\u00a0]+([A-ZÀ-ÖØ-Þ][\w'’-]*)")
CASE_DETAIL = re.compile(
    r"\b(shelters?|medical|psychosocial|reintegrat\w*|re-integrat\w*|enrol(?:l?ed|ment|ling)?|famil(?:y|ies)|trafficker\w*"
    r"|foyers?|centres? d[’']accueil|m[ée]dica\w*|psycho-?sociale?s?|r[ée]insertion|r[ée]int[ée]gration|familles?"
    r"|trafiquant\w*)\b", re.I)


class FindingKind(StrEnum):
    ALIAS = "alias"
    HONORIFIC_NAME = "honorific_name"
    CASE_DETAIL = "case_detail"
    UNKNOWN_CASE = "unknown_case"


@dataclass(frozen=True)
class Where:
    """Where in the minutes a text is, as a catalogue key and its parameters (so each user reads it in their language)."""

    key: str
    params: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, key: str, **params: object) -> "Where":
        return cls(key, tuple((k, str(v)) for k, v in params.items()))

    def describe(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.params))


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    where: Where
    lang: str
    detail: str = ""     # masked: an honorific and an initial, a keyword, or a case code; never an alias

    def describe(self, lang: str) -> str:
        return t(f"redaction.finding.{self.kind.value}", lang, where=self.where.describe(lang),
                 language=self.lang.upper(), detail=self.detail)


def _mask_name(honorific: str, name: str) -> str:
    return f"{honorific} {name[:1]}…"


def scan_text(
    text: str, lang: str, *, where: Where, sensitive: bool, refs: CaseRefs, alias_cases: list[str],
    known_words: set[str],
) -> list[Finding]:
    """The gate's findings in one printed text.

    Aliases are reported wherever they occur (they are redacted from the output in any case). Unknown
    honorific names and case details next to a case reference count only in fields that are not
    confidential: confidential fields are read by the named handlers alone.
    """
    text = text.replace(NB_HYPHEN, "-")
    found = [Finding(FindingKind.ALIAS, where, lang, code) for code in dict.fromkeys(alias_cases)]
    found += [Finding(FindingKind.UNKNOWN_CASE, where, lang, code) for code in sorted(refs.unknown)]
    if sensitive:
        return found
    unknown_names = [(m.group(1), m.group(2)) for m in HONORIFIC_NAME.finditer(text)
                     if normalise_word(m.group(2)) not in known_words]
    found += [Finding(FindingKind.HONORIFIC_NAME, where, lang, _mask_name(h, n)) for h, n in dict.fromkeys(unknown_names)]
    if refs.codes or alias_cases or unknown_names:
        words = dict.fromkeys(m.group(1).lower() for m in CASE_DETAIL.finditer(text))
        found += [Finding(FindingKind.CASE_DETAIL, where, lang, w) for w in words]
    return found


def known_name_words(people) -> set[str]:
    """Every word of every recorded participant's name: an honorific before one of them is a known person."""
    return {w for p in people for w in alias_words(p.display_name) if len(w) > 1}
