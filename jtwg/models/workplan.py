"""Work plans, their activities, and action items (the tracked work of the group)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from jtwg.models.common import Bilingual, CleanStr, Code, Confidentiality
from jtwg.models.group import Record


class WorkPlanStatus(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    VALIDATED = "validated"
    SUPERSEDED = "superseded"


class ActivityStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    DELAYED = "delayed"
    CANCELLED = "cancelled"
    ON_HOLD = "on_hold"


class FundingSource(StrEnum):
    DONOR = "donor"
    GOVERNMENT = "government"
    IMPLEMENTING_PARTNER = "implementing_partner"
    OTHER = "other"
    UNFUNDED = "unfunded"


class ActivityOrigin(StrEnum):
    WORKPLAN = "workplan"
    RECOMMENDATION = "recommendation"


class WorkPlanCreate(BaseModel):
    subcommittee_code: str | None = None
    title: Bilingual
    period_start: date
    period_end: date
    status: WorkPlanStatus = WorkPlanStatus.DRAFT
    source_meeting_seq: int | None = None

    @model_validator(mode="after")
    def _period(self) -> "WorkPlanCreate":
        if self.period_end < self.period_start:
            raise ValueError("end_before_start")
        return self


class WorkPlan(Record):
    id: int
    group_id: int
    subcommittee_id: int | None
    title: Bilingual
    period_start: date
    period_end: date
    status: WorkPlanStatus
    source_meeting_id: int | None
    version: int


class ActivityFields(BaseModel):
    """Fields shared by creating and updating an activity, with their rules."""

    title: Bilingual
    description: Bilingual | None = None
    lead_acronym: str | None = None
    partner_acronyms: list[str] = Field(default_factory=list)
    planned_start: date | None = None
    planned_end: date | None = None
    location: str | None = Field(default=None, max_length=200)
    budget_amount: Decimal | None = Field(default=None, ge=0, max_digits=14, decimal_places=2)
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    funding_source: FundingSource = FundingSource.UNFUNDED
    indicator: Bilingual | None = None
    target: str | None = Field(default=None, max_length=200)
    status: ActivityStatus = ActivityStatus.NOT_STARTED
    progress_pct: int | None = Field(default=None, ge=0, le=100)
    means_of_verification: Bilingual | None = None

    @model_validator(mode="after")
    def _rules(self) -> "ActivityFields":
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValueError("end_before_start")
        if self.budget_amount is not None and not self.currency:
            raise ValueError("currency_required")
        if self.status is ActivityStatus.COMPLETED and self.progress_pct not in (None, 100):
            raise ValueError("completed_needs_full_progress")
        return self


class ActivityCreate(ActivityFields):
    code: Code
    origin: ActivityOrigin = ActivityOrigin.WORKPLAN
    origin_meeting_seq: int | None = None


class Activity(Record):
    id: int
    workplan_id: int
    code: str
    title: Bilingual
    description: Bilingual | None
    lead_org_id: int | None
    partner_org_ids: list[int]
    planned_start: date | None
    planned_end: date | None
    location: str | None
    budget_amount: Decimal | None
    currency: str | None
    funding_source: FundingSource
    indicator: Bilingual | None
    target: str | None
    status: ActivityStatus
    progress_pct: int | None
    means_of_verification: Bilingual | None
    origin: ActivityOrigin
    origin_meeting_id: int | None
    version: int
    updated_at: datetime
    updated_by: str


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class DueAnchor(StrEnum):
    FIXED = "fixed"
    MEETING_START = "meeting_start"
    MEETING_END = "meeting_end"
    MINUTES_ISSUED = "minutes_issued"


class ActionItemCreate(BaseModel):
    code: Code
    text: Bilingual
    meeting_seq: int | None = None
    agenda_item_ref: str | None = None   # label of the agenda item in its meeting
    subcommittee_code: str | None = None
    owner_acronym: str | None = None
    owner_person_ref: str | None = None
    due_anchor: DueAnchor = DueAnchor.FIXED
    due_offset_days: int | None = Field(default=None, ge=0, le=3650)
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    progress_pct: int | None = Field(default=None, ge=0, le=100)
    done_on: date | None = None
    confidentiality: Confidentiality = Confidentiality.RESTRICTED
    confirmed: bool = True

    @model_validator(mode="after")
    def _due(self) -> "ActionItemCreate":
        if self.due_anchor is DueAnchor.FIXED and self.due_offset_days is not None:
            raise ValueError("offset_needs_anchor")
        if self.due_anchor is not DueAnchor.FIXED and self.due_offset_days is None:
            raise ValueError("anchor_needs_offset")
        if self.due_anchor is not DueAnchor.FIXED and self.meeting_seq is None:
            raise ValueError("anchor_needs_meeting")
        if not (self.owner_acronym or self.owner_person_ref):
            raise ValueError("owner_required")
        return self


class ActionItemUpdate(BaseModel):
    """A change to an action item; fields left as None stay as they are."""

    status: ActionStatus | None = None
    progress_pct: int | None = Field(default=None, ge=0, le=100)
    due_date: date | None = None
    due_change_reason: CleanStr | None = Field(default=None, max_length=1000)
    owner_acronym: str | None = None
    owner_person_ref: str | None = None
    evidence: CleanStr | None = Field(default=None, max_length=2000)
    note: CleanStr | None = Field(default=None, max_length=5000)
    done_on: date | None = None
    reviewed_at_meeting_id: int | None = None
    # A URL or a document reference backing the evidence text ("" clears it).
    evidence_link: CleanStr | None = Field(default=None, max_length=500)


class ActionItem(Record):
    id: int
    code: str
    meeting_id: int | None
    agenda_item_id: int | None
    subcommittee_id: int | None
    text: Bilingual
    owner_org_id: int | None
    owner_person_id: int | None
    due_anchor: DueAnchor
    due_offset_days: int | None
    due_date: date | None
    status: ActionStatus
    progress_pct: int | None
    done_on: date | None
    confidentiality: Confidentiality
    confirmed: bool
    evidence: str | None
    reviewed_at_meeting_id: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    updated_by: str

    evidence_link: str | None = None


class ActivityUpdate(ActivityFields):
    """A full edit of an activity's fields (its code and origin stay as created)."""


class LinkedOnDelete(StrEnum):
    """What to do with the MoU commitments linked to an activity that is being deleted."""

    REFUSE = "refuse"
    UNLINK = "unlink"
    MOVE = "move"
