"""The memorandum of understanding, its provisions and the commitments that track them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator, model_validator

from jtwg.models.common import Bilingual, Code, Pillar
from jtwg.models.group import Record


class CommitmentStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    NOT_FULFILLED = "not_fulfilled"
    SUPERSEDED = "superseded"


# Commitments that need no further work: a provision whose commitments are all closed needs no activity.
# The SQL side is the macro commitment_open (migration 1200); a test keeps the two the same.
CLOSED_COMMITMENT = (CommitmentStatus.FULFILLED, CommitmentStatus.SUPERSEDED)


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class Recurrence(StrEnum):
    """How often a standing commitment falls due (instead of, or besides, a due date)."""

    EACH_MEETING = "each_meeting"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMI_ANNUAL = "semi_annual"
    ANNUAL = "annual"
    CONTINUOUS = "continuous"


class MouCreate(BaseModel):
    title: Bilingual
    signed_on: date | None = None
    signed_place: str | None = None
    in_force_from: date | None = None
    duration_months: int | None = Field(default=None, ge=1, le=600)
    illustrative: bool = False


class Mou(Record):
    id: int
    group_id: int
    title: Bilingual
    signed_on: date | None
    signed_place: str | None
    in_force_from: date | None
    duration_months: int | None
    illustrative: bool


def _optional_text(value: Bilingual | None) -> Bilingual | None:
    """An optional text left empty in both languages is no text at all."""
    return None if value is None or value.is_empty else value


class ProvisionFields(BaseModel):
    """Fields of a provision, shared by creating and editing it."""

    article: str = Field(min_length=1, max_length=20)
    paragraph: str | None = Field(default=None, max_length=20)
    heading: Bilingual | None = None
    text: Bilingual
    pillar: Pillar | None = None
    subcommittee_code: str | None = None

    @field_validator("article", "paragraph", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        if isinstance(value, (int, float)):
            value = str(value)
        if isinstance(value, str):
            value = value.strip() or None
        return value

    @field_validator("heading")
    @classmethod
    def _heading(cls, value: Bilingual | None) -> Bilingual | None:
        return _optional_text(value)

    @field_validator("text")
    @classmethod
    def _text(cls, value: Bilingual) -> Bilingual:
        if value.is_empty:
            raise ValueError("text_required")
        return value

    @field_validator("subcommittee_code", mode="before")
    @classmethod
    def _sub(cls, value: object) -> object:
        return value.strip() or None if isinstance(value, str) else value


class ProvisionCreate(ProvisionFields):
    """A new provision of the MoU."""


class ProvisionUpdate(ProvisionFields):
    """The new values of every field of a provision (an edit form sends them all)."""


class Provision(Record):
    id: int
    mou_id: int
    article: str
    paragraph: str | None
    heading: Bilingual | None
    text: Bilingual
    pillar: Pillar | None
    subcommittee_id: int | None
    position: int
    version: int

    @property
    def number(self) -> str:
        """"4" or "8.2": the article and paragraph as people cite them."""
        return f"{self.article}.{self.paragraph}" if self.paragraph else self.article


class CommitmentFields(BaseModel):
    """Fields of a commitment, shared by creating and editing it, with their rules."""

    code: Code
    description: Bilingual
    responsible_acronyms: list[str] = Field(min_length=1)
    due_date: date | None = None
    recurrence: Recurrence | None = None
    status: CommitmentStatus = CommitmentStatus.NOT_STARTED
    rag: Rag | None = None
    rag_reason: Bilingual | None = None
    evidence: Bilingual | None = None
    evidence_url: str | None = Field(default=None, max_length=2000)
    last_reviewed_meeting_seq: int | None = Field(default=None, ge=1)

    @field_validator("description")
    @classmethod
    def _description(cls, value: Bilingual) -> Bilingual:
        if value.is_empty:
            raise ValueError("text_required")
        return value

    @field_validator("rag_reason", "evidence")
    @classmethod
    def _optional(cls, value: Bilingual | None) -> Bilingual | None:
        return _optional_text(value)

    @field_validator("recurrence", "rag", mode="before")
    @classmethod
    def _blank_choice(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("evidence_url", mode="before")
    @classmethod
    def _url(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip() or None
        if value is not None and not str(value).lower().startswith(("http://", "https://")):
            raise ValueError("bad_url")
        return value

    @field_validator("responsible_acronyms", mode="before")
    @classmethod
    def _acronyms(cls, value: object) -> object:
        if isinstance(value, str):  # "NAPTIP, ANLTP/TIM" from a cell or a form
            value = value.split(",")
        if isinstance(value, (list, tuple)):
            seen: list[str] = []
            for a in value:
                a = str(a).strip()
                if a and a not in seen:
                    seen.append(a)
            return seen
        return value

    @model_validator(mode="after")
    def _rules(self) -> "CommitmentFields":
        if self.due_date is None and self.recurrence is None:
            raise ValueError("due_or_recurrence_required")
        if self.rag in (Rag.RED, Rag.AMBER) and self.rag_reason is None:
            raise ValueError("rag_reason_required")
        return self


class CommitmentCreate(CommitmentFields):
    """A new commitment under a provision."""


class CommitmentUpdate(CommitmentFields):
    """The new values of every field of a commitment (an edit form sends them all)."""


class Commitment(Record):
    id: int
    provision_id: int
    code: str
    description: Bilingual
    responsible_org_ids: list[int]
    due_date: date | None
    recurrence: Recurrence | None
    status: CommitmentStatus
    rag: Rag | None
    rag_reason: Bilingual | None
    evidence: Bilingual | None
    evidence_url: str | None = None
    last_reviewed_meeting_id: int | None
    version: int
