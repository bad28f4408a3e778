"""The memorandum of understanding, its provisions and the commitments that track them."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field

from jtwg.models.common import Bilingual, Code, Pillar
from jtwg.models.group import Record


class CommitmentStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    FULFILLED = "fulfilled"
    PARTIALLY_FULFILLED = "partially_fulfilled"
    NOT_FULFILLED = "not_fulfilled"
    SUPERSEDED = "superseded"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


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


class ProvisionCreate(BaseModel):
    article: str = Field(min_length=1, max_length=20)
    paragraph: str | None = Field(default=None, max_length=20)
    heading: Bilingual | None = None
    text: Bilingual
    pillar: Pillar | None = None
    subcommittee_code: str | None = None


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


class CommitmentCreate(BaseModel):
    code: Code
    description: Bilingual
    responsible_acronyms: list[str] = Field(min_length=1)
    due_date: date | None = None
    recurrence: str | None = None
    status: CommitmentStatus = CommitmentStatus.NOT_STARTED
    rag: Rag | None = None
    rag_reason: Bilingual | None = None
    evidence: Bilingual | None = None
    last_reviewed_meeting_seq: int | None = None


class Commitment(Record):
    id: int
    provision_id: int
    code: str
    description: Bilingual
    responsible_org_ids: list[int]
    due_date: date | None
    recurrence: str | None
    status: CommitmentStatus
    rag: Rag | None
    rag_reason: Bilingual | None
    evidence: Bilingual | None
    last_reviewed_meeting_id: int | None
    version: int
