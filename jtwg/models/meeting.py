"""Meetings and their minutes: sessions, attendance, agenda items, discussion, decisions, versions."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from pydantic import BaseModel, Field, model_validator

from jtwg.models.common import Bilingual, Confidentiality, Delegation
from jtwg.models.group import Record
from jtwg.models.workplan import ActionStatus, DueAnchor


class MeetingKind(StrEnum):
    INAUGURAL = "inaugural"
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"
    SUBCOMMITTEE = "subcommittee"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    HELD = "held"


class SessionKind(StrEnum):
    PLENARY = "plenary"
    BREAKOUT = "breakout"


class AttendanceRole(StrEnum):
    CO_CHAIR = "co_chair"
    MODERATOR = "moderator"
    PRESENTER = "presenter"
    RAPPORTEUR = "rapporteur"
    PARTICIPANT = "participant"
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"


class AttendanceMode(StrEnum):
    IN_PERSON = "in_person"
    REMOTE = "remote"
    PRE_RECORDED = "pre_recorded"


class AgendaKind(StrEnum):
    OPENING = "opening"
    GOODWILL_MESSAGE = "goodwill_message"
    ADOPTION_OF_AGENDA = "adoption_of_agenda"
    ADOPTION_OF_MINUTES = "adoption_of_minutes"
    MATTERS_ARISING = "matters_arising"
    RECAP = "recap"
    CONTEXT_SETTING = "context_setting"
    BREAKOUT = "breakout"
    PLENARY = "plenary"
    SUBSTANTIVE = "substantive"
    AOB = "aob"
    NEXT_MEETING = "next_meeting"
    CLOSING = "closing"


class EntryType(StrEnum):
    STATEMENT = "statement"
    UPDATE = "update"
    QUESTION = "question"
    ANSWER = "answer"
    DISCUSSION = "discussion"
    NOTE = "note"


class DecisionType(StrEnum):
    AGREED = "agreed"
    ADOPTED = "adopted"
    VALIDATED = "validated"
    NOTED = "noted"
    RECOMMENDED = "recommended"


class DecisionMode(StrEnum):
    UNANIMOUS = "unanimous"
    CONSENSUS = "consensus"
    VOTE = "vote"


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    CIRCULATED = "circulated"
    ADOPTED = "adopted"
    LOCKED = "locked"
    SUPERSEDED = "superseded"


class ExternalEventCreate(BaseModel):
    ref: str
    name: Bilingual
    organiser_acronym: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    venue: str | None = None
    city: str | None = None


class ExternalEvent(Record):
    id: int
    name: Bilingual
    organiser_org_id: int | None
    start_date: date | None
    end_date: date | None
    venue: str | None
    city: str | None


class MeetingFields(BaseModel):
    """What planning and re-planning a meeting share, with the rule on its dates."""

    kind: MeetingKind = MeetingKind.ORDINARY
    start_date: date
    end_date: date
    venue: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    host_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    host_acronym: str | None = None
    introduction: Bilingual | None = None
    objectives: list[Bilingual] = Field(default_factory=list, max_length=30)
    status: MeetingStatus = MeetingStatus.PLANNED

    @model_validator(mode="after")
    def _dates(self) -> "MeetingFields":
        if self.end_date < self.start_date:
            raise ValueError("end_before_start")
        if (self.end_date - self.start_date).days > 14:
            raise ValueError("meeting_too_long")
        return self


class MeetingCreate(MeetingFields):
    subcommittee_code: str | None = None
    sequence_no: int = Field(ge=1, le=999)
    margin_event_ref: str | None = None


class Meeting(Record):
    id: int
    group_id: int
    subcommittee_id: int | None
    kind: MeetingKind
    sequence_no: int
    start_date: date
    end_date: date
    venue: str | None
    city: str | None
    host_country: str | None
    host_org_id: int | None
    margin_event_id: int | None
    introduction: Bilingual | None
    objectives: list[Bilingual]
    status: MeetingStatus
    version: int


class SessionCreate(BaseModel):
    ref: str
    day_no: int = Field(ge=1, le=14)
    kind: SessionKind = SessionKind.PLENARY
    subcommittee_code: str | None = None
    start_time: time | None = None
    end_time: time | None = None
    duration_min: int | None = Field(default=None, ge=1, le=24 * 60)
    title: Bilingual | None = None

    @model_validator(mode="after")
    def _rules(self) -> "SessionCreate":
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValueError("end_before_start")
        if self.kind is SessionKind.BREAKOUT and not self.subcommittee_code:
            raise ValueError("breakout_needs_subcommittee")
        return self


class MeetingSession(Record):
    id: int
    meeting_id: int
    day_no: int
    kind: SessionKind
    subcommittee_id: int | None
    start_time: time | None
    end_time: time | None
    duration_min: int | None
    title: Bilingual | None


class AttendanceCreate(BaseModel):
    person_ref: str | None = None
    org_acronym: str | None = None
    # A participant from an imported list who is not in the directory: printed as given.
    display_name: str | None = Field(default=None, max_length=200)
    delegation: Delegation
    role: AttendanceRole = AttendanceRole.PARTICIPANT
    represented_person_ref: str | None = None
    mode: AttendanceMode = AttendanceMode.IN_PERSON

    @model_validator(mode="after")
    def _who(self) -> "AttendanceCreate":
        if not (self.person_ref or self.org_acronym or (self.display_name or "").strip()):
            raise ValueError("attendee_required")
        return self


class Attendance(Record):
    id: int
    meeting_id: int
    person_id: int | None
    org_id: int | None
    delegation: str
    role: AttendanceRole
    represented_person_id: int | None
    mode: AttendanceMode
    display_name: str | None = None


class AgendaItemFields(BaseModel):
    """What adding and editing an agenda item share, with the protected-case rule."""

    label: str | None = Field(default=None, max_length=40)
    kind: AgendaKind
    title: Bilingual
    public_title: Bilingual | None = None
    presenter_person_ref: str | None = None
    presenter_acronym: str | None = None
    presenter_role: Bilingual | None = None
    confidentiality: Confidentiality = Confidentiality.RESTRICTED
    protected_case_code: str | None = None
    related_meeting_seq: int | None = None

    @model_validator(mode="after")
    def _protected_case(self) -> "AgendaItemFields":
        # An item about a protected case is always confidential, whatever was asked.
        if self.protected_case_code:
            object.__setattr__(self, "confidentiality", Confidentiality.CONFIDENTIAL)
            if self.public_title is None or self.public_title.is_empty:
                raise ValueError("protected_case_needs_public_title")
        return self


class AgendaItemCreate(AgendaItemFields):
    session_ref: str | None = None
    reviewed_action_id: int | None = None   # matters arising: the earlier action this point reviews


class AgendaItem(Record):
    id: int
    meeting_id: int
    session_id: int | None
    position: int
    label: str | None
    kind: AgendaKind
    title: Bilingual
    public_title: Bilingual | None
    presenter_person_id: int | None
    presenter_org_id: int | None
    presenter_role: Bilingual | None
    confidentiality: Confidentiality
    protected_case_id: int | None
    related_meeting_id: int | None
    version: int
    reviewed_action_id: int | None = None


class MinuteEntryCreate(BaseModel):
    entry_type: EntryType = EntryType.DISCUSSION
    speaker_acronym: str | None = None
    text: Bilingual
    confidentiality: Confidentiality | None = None   # None: inherit the item's level


class MinuteEntry(Record):
    id: int
    agenda_item_id: int
    position: int
    entry_type: EntryType
    speaker_org_id: int | None
    text: Bilingual
    confidentiality: Confidentiality
    version: int


class DecisionCreate(BaseModel):
    decision_type: DecisionType
    mode: DecisionMode | None = None
    text: Bilingual
    target_type: str | None = None
    target_ref: str | None = None


class Decision(Record):
    id: int
    agenda_item_id: int
    position: int
    decision_type: DecisionType
    mode: DecisionMode | None
    text: Bilingual
    target_type: str | None
    target_ref: str | None
    version: int


class MinutesCreate(BaseModel):
    version_no: int = Field(default=1, ge=1)
    status: MinutesStatus = MinutesStatus.DRAFT
    prepared_by_acronym: str | None = None
    place_of_issue: str | None = None
    date_of_issue: date | None = None
    circulated_on: date | None = None
    adopted_at_meeting_seq: int | None = None
    reason: str | None = None


class Minutes(Record):
    id: int
    meeting_id: int
    version_no: int
    status: MinutesStatus
    prepared_by_org_id: int | None
    place_of_issue: str | None
    date_of_issue: date | None
    circulated_on: date | None
    adopted_at_meeting_id: int | None
    reason: str | None
    version: int
    snapshot: str | None = None          # JSON of the minutes content, frozen at circulation
    circulated_by: str | None = None
    circulated_at: datetime | None = None
    adoption_decision_id: int | None = None

    @property
    def is_frozen(self) -> bool:
        """Circulated, adopted, locked or superseded: its content may only change through a new version."""
        return self.status is not MinutesStatus.DRAFT


# --- Changes (XUpdate) and workspace inputs -------------------------------------------------------


class MeetingUpdate(MeetingFields):
    """The planned meeting's own fields; the sequence number and body stay as they were planned."""

    margin_event_id: int | None = None


class AgendaItemUpdate(AgendaItemFields):
    session_id: int | None = None

    @model_validator(mode="after")
    def _title(self) -> "AgendaItemUpdate":
        if self.title.is_empty:
            raise ValueError("title_required")
        return self


class MinuteEntryUpdate(BaseModel):
    entry_type: EntryType = EntryType.DISCUSSION
    speaker_acronym: str | None = None
    text: Bilingual
    confidentiality: Confidentiality | None = None   # None: the item's level

    @model_validator(mode="after")
    def _text(self) -> "MinuteEntryUpdate":
        if self.text.is_empty:
            raise ValueError("text_required")
        return self


class DecisionUpdate(BaseModel):
    decision_type: DecisionType
    mode: DecisionMode | None = None
    text: Bilingual
    target_type: str | None = Field(default=None, max_length=40)
    target_ref: str | None = Field(default=None, max_length=80)

    @model_validator(mode="after")
    def _text(self) -> "DecisionUpdate":
        if self.text.is_empty:
            raise ValueError("text_required")
        return self


class ActionPointCreate(BaseModel):
    """An action point drafted under an agenda item; it becomes a tracked action item at once."""

    text: Bilingual
    owner_acronym: str | None = None
    owner_person_ref: str | None = None
    subcommittee_code: str | None = None
    due_anchor: DueAnchor = DueAnchor.FIXED
    due_offset_days: int | None = Field(default=None, ge=0, le=3650)
    due_date: date | None = None
    confidentiality: Confidentiality | None = None   # None: the item's level
    confirmed: bool = True

    @model_validator(mode="after")
    def _rules(self) -> "ActionPointCreate":
        if self.text.is_empty:
            raise ValueError("text_required")
        if not (self.owner_acronym or self.owner_person_ref):
            raise ValueError("owner_required")
        if self.due_anchor is DueAnchor.FIXED:
            if self.due_offset_days is not None:
                raise ValueError("offset_needs_anchor")
        elif self.due_offset_days is None:
            raise ValueError("anchor_needs_offset")
        return self


class ActionReview(BaseModel):
    """The outcome a meeting records for an earlier action under matters arising."""

    status: ActionStatus
    note: Bilingual | None = None
