"""Shared value types: languages, the bilingual text value, enums of codes, and the acting user."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator


class Lang(StrEnum):
    EN = "en"
    FR = "fr"

    @property
    def other(self) -> "Lang":
        return Lang.FR if self is Lang.EN else Lang.EN


class TranslationStatus(StrEnum):
    """State of the language that is not the source one."""

    MISSING = "missing"
    MACHINE = "machine"
    REVIEWED = "reviewed"


# Text limits: long enough for a real minutes paragraph, short enough to refuse a pasted book.
MAX_TEXT = 50_000
MAX_TITLE = 500


def clean_text(value: str) -> str:
    """Strip outer whitespace; drop control characters (tabs and newlines kept) and lone surrogates."""
    return "".join(
        ch for ch in value if ch in "\n\t" or (ord(ch) >= 32 and ord(ch) != 127 and not 0xD800 <= ord(ch) <= 0xDFFF)
    ).strip()


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
                both = bool(data["en"]) and bool(data["fr"])
                data["status"] = "reviewed" if both else "missing"
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

    @classmethod
    def system(cls, name: str = "system") -> "Actor":
        return cls(username=name, role=UserRole.SECRETARIAT)
