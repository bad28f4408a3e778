"""Shared value types: languages, the bilingual text value, enums of codes, and the acting user."""

from __future__ import annotations

import re

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator


class Lang(StrEnum):
    EN = "en"
    FR = "fr"

    @property
    def other(self) -> "Lang":
        return Lang.FR if self is Lang.EN else Lang.EN


class TranslationStatus(StrEnum):
    """How the language that is not the source one was produced, and whether a person has accepted it.

    Only a person's accept makes a text REVIEWED; GENERATED texts (written natively in both languages
    from the catalogue's templates) need no review; every other state with a translation awaits one.
    """

    MISSING = "missing"
    GENERATED = "generated"
    MACHINE = "machine"              # machine draft
    TM_EXACT = "tm_exact"            # exact translation-memory match
    TM_FUZZY = "tm_fuzzy"            # fuzzy translation-memory match
    EXTERNAL = "external"            # a translator's file (XLIFF, TMX, Word) brought back
    NEEDS_REVIEW = "needs_review"    # typed by a person, or its source changed since it was translated
    REVIEWED = "reviewed"

    @property
    def settled(self) -> bool:
        """True when nobody needs to look at it again: reviewed by a person, or generated."""
        return self in (TranslationStatus.REVIEWED, TranslationStatus.GENERATED)


# Statuses a save form sends when it does not say how the text was produced (a person typed it).
_DEFAULT_STATUSES = {"needs_review", "missing"}


def settle_status(before: dict | None, new: dict | None) -> dict | None:
    """The stored form of a bilingual text being saved over `before`, with its review status decided.

    - Both texts unchanged and no explicit new status: the old status stays (a save of other fields).
    - The source text changed while the translation did not: the translation needs review again.
    - Otherwise the new status (how the text was produced) stands.
    """
    if not isinstance(new, dict) or not isinstance(before, dict) or "status" not in new:
        return new
    src = new.get("source") or "en"
    other = "fr" if src == "en" else "en"
    if not new.get(other):
        return new
    same_texts = (before.get("en") or "") == new.get("en") and (before.get("fr") or "") == new.get("fr") \
        and before.get("source") == new.get("source")
    if same_texts:
        if new.get("status") in _DEFAULT_STATUSES and before.get("status"):
            return {**new, "status": before["status"]}
        return new
    source_changed = (before.get(src) or "") != new.get(src)
    target_same = (before.get(other) or "") == new.get(other)
    if source_changed and target_same and new.get("status") != TranslationStatus.GENERATED.value:
        return {**new, "status": TranslationStatus.NEEDS_REVIEW.value}
    return new


# Text limits: long enough for a real minutes paragraph, short enough to refuse a pasted book.
MAX_TEXT = 50_000
MAX_TITLE = 500


# Characters clean_text drops: controls (C0 but tab and newline, DEL and C1), lone surrogates, U+FFFE/U+FFFF.
_UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(value: str) -> str:
    """Strip outer whitespace; drop control characters (C0 and C1; tabs and newlines kept), lone surrogates
    and the non-characters U+FFFE/U+FFFF (none can be stored in a Word or Excel file).

    One compiled pattern rather than a loop over characters: every stored text passes here each time a
    row becomes a model, so this runs for every text a page shows."""
    return _UNSTORABLE.sub("", value).strip()


# A one-language text field (evidence, a note, a reason): cleaned like a Bilingual's texts.
CleanStr = Annotated[str, BeforeValidator(lambda v: clean_text(v) if isinstance(v, str) else v)]


class Bilingual(BaseModel):
    """One human-readable text in English and French, with its source language and translation state."""

    model_config = ConfigDict(frozen=True)

    en: str = Field(default="", max_length=MAX_TEXT)
    fr: str = Field(default="", max_length=MAX_TEXT)
    source: Lang = Lang.EN
    status: TranslationStatus = TranslationStatus.MISSING

    @model_validator(mode="before")
    @classmethod
    def _normalise(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"en": data, "source": "en"}
        if isinstance(data, dict):
            data = dict(data)
            for lang in ("en", "fr"):
                value = data.get(lang)
                data[lang] = clean_text(value) if isinstance(value, str) else ""
            if not data.get("source"):
                data["source"] = "en" if data["en"] or not data["fr"] else "fr"
            if not data.get("status"):
                # Two texts entered by a person await an accept: nothing is reviewed by default.
                both = bool(data["en"]) and bool(data["fr"])
                data["status"] = "needs_review" if both else "missing"
        return data

    @model_validator(mode="after")
    def _check(self) -> "Bilingual":
        other = self.source.other
        if not getattr(self, self.source.value) and getattr(self, other.value):
            raise ValueError("source_text_empty")
        if not getattr(self, other.value) and self.status is not TranslationStatus.MISSING:
            object.__setattr__(self, "status", TranslationStatus.MISSING)
        return self

    @classmethod
    def of(cls, en: str = "", fr: str = "", *, source: str = "en", status: str | None = None) -> "Bilingual":
        return cls.model_validate({"en": en, "fr": fr, "source": source, "status": status})

    def get(self, lang: str | Lang, *, fallback: bool = True) -> str:
        """The text in `lang`; with `fallback`, the source text when that language is missing."""
        text = getattr(self, Lang(lang).value)
        if text or not fallback:
            return text
        return getattr(self, self.source.value)

    def with_translation(self, text: str, status: "TranslationStatus | str") -> "Bilingual":
        """This text with the other language set to `text`, produced as `status` says."""
        return Bilingual.of(**{self.source.value: self.get(self.source), self.source.other.value: text},
                            source=self.source.value, status=TranslationStatus(status).value)

    def with_status(self, status: "TranslationStatus | str") -> "Bilingual":
        return Bilingual.of(self.en, self.fr, source=self.source.value, status=TranslationStatus(status).value)

    @property
    def target(self) -> Lang:
        """The language that is translated (not the source one)."""
        return self.source.other

    def has(self, lang: str | Lang) -> bool:
        return bool(getattr(self, Lang(lang).value))

    @property
    def is_empty(self) -> bool:
        return not self.en and not self.fr

    def to_db(self) -> dict[str, str]:
        return {"en": self.en, "fr": self.fr, "source": self.source.value, "status": self.status.value}


def to_db(value: Bilingual | None) -> dict[str, str] | None:
    return None if value is None else value.to_db()


class Confidentiality(StrEnum):
    PUBLIC = "public"
    RESTRICTED = "restricted"
    CONFIDENTIAL = "confidential"

    @property
    def rank(self) -> int:
        return list(Confidentiality).index(self)

    @classmethod
    def highest(cls, *levels: "Confidentiality | str") -> "Confidentiality":
        return max((cls(level) for level in levels), key=lambda c: c.rank)


class OrgType(StrEnum):
    GOVERNMENT = "government"
    MULTILATERAL = "multilateral"
    DONOR = "donor"
    CSO = "cso"
    REGIONAL = "regional"
    OTHER = "other"


class Pillar(StrEnum):
    PROTECTION = "protection"
    PREVENTION = "prevention"
    PROSECUTION = "prosecution"
    PARTNERSHIP = "partnership"


class UserRole(StrEnum):
    SECRETARIAT = "secretariat"
    CO_CHAIR = "co_chair"
    MEMBER = "member"
    OBSERVER = "observer"


# A delegation is a party's ISO country code (NE, NG) or one of these non-party sides.
NON_PARTY_DELEGATIONS = ("secretariat", "donor", "cso", "observer")
Delegation = Annotated[str, StringConstraints(pattern=r"^([A-Z]{2}|secretariat|donor|cso|observer)$")]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")]


class Actor(BaseModel):
    """Who is acting: every service function that changes data is given one."""

    model_config = ConfigDict(frozen=True)

    username: str = Field(min_length=1, max_length=120)
    # No default: an actor built without a role must fail, never get every right.
    role: UserRole
    delegation: str | None = None
    subcommittee_codes: tuple[str, ...] = ()
    # The group this role is held in: a signed-in user acts in one group at a time, and the services refuse
    # another group's data. None: the whole installation (the system, the installation's own commands).
    group_id: int | None = None
    # The installation's secretariat: secretariat in every group; manages accounts, backups, mail, settings.
    administrator: bool = False

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        return cls(username=name, role=UserRole.SECRETARIAT, administrator=True)
