"""The group and who is in it: organisations, people, project, JTWG, sub-committees, memberships, protected cases."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from jtwg.models.common import Bilingual, Code, Delegation, Lang, OrgType, Pillar


class Record(BaseModel):
    """Base for rows read back from the store."""

    model_config = ConfigDict(from_attributes=True)


class OrganisationCreate(BaseModel):
    acronym: str = Field(min_length=1, max_length=40)
    name: Bilingual
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    org_type: OrgType
    parent_acronym: str | None = None


class Organisation(Record):
    id: int
    acronym: str
    name: Bilingual
    country: str | None
    org_type: OrgType
    parent_id: int | None
    version: int


Gender = Literal["f", "m"]


class PersonCreate(BaseModel):
    ref: Code
    display_name: str = Field(min_length=1, max_length=200)
    honorific: str | None = Field(default=None, max_length=20)
    org_acronym: str | None = None
    position: Bilingual | None = None
    email: str | None = Field(default=None, max_length=200)
    lang: Lang | None = None     # preferred language of emails; None: the group's default
    # Law-enforcement and intelligence staff are shown by role unless this is set.
    publish_name: bool = False
    # Grammatical gender for generated French ('f' or 'm'); None: unknown, a neutral wording is used.
    gender: Gender | None = None

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        from jtwg.models.contact import normalise_email

        return normalise_email(value) if isinstance(value, str) or value is None else value


class Person(Record):
    id: int
    ref: str
    display_name: str
    honorific: str | None
    org_id: int | None
    position: Bilingual | None
    email: str | None
    publish_name: bool
    gender: Gender | None = None
    version: int
    lang: str | None = None
    reminders_off: bool = False


class ExtensionStatus(StrEnum):
    NONE = "none"
    CONSIDERED = "considered"
    REQUESTED = "requested"
    APPROVED = "approved"
    REJECTED = "rejected"


class ProjectCreate(BaseModel):
    title: Bilingual
    iati_identifier: str | None = None
    donor_acronym: str | None = None
    implementer_acronym: str | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    extended_end: date | None = None
    extension_status: ExtensionStatus = ExtensionStatus.NONE

    @model_validator(mode="after")
    def _dates(self) -> "ProjectCreate":
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            raise ValueError("end_before_start")
        if self.extended_end and self.planned_end and self.extended_end <= self.planned_end:
            raise ValueError("extension_not_later")
        return self


class Project(Record):
    id: int
    title: Bilingual
    iati_identifier: str | None
    donor_org_id: int | None
    implementer_org_id: int | None
    planned_start: date | None
    planned_end: date | None
    extended_end: date | None
    extension_status: ExtensionStatus

    @property
    def effective_end(self) -> date | None:
        """The end date in force: the extended one once a no-cost extension is approved."""
        if self.extension_status is ExtensionStatus.APPROVED and self.extended_end:
            return self.extended_end
        return self.planned_end


class GroupCreate(BaseModel):
    code: Code
    name: Bilingual
    party_a_acronym: str
    party_b_acronym: str
    secretariat_acronym: str | None = None
    host_rotation: list[str] = Field(min_length=1)
    established_on: date | None = None
    moderation_rule: Bilingual | None = None

    @model_validator(mode="after")
    def _two_parties(self) -> "GroupCreate":
        if self.party_a_acronym == self.party_b_acronym:
            raise ValueError("parties_must_differ")
        return self


class Group(Record):
    id: int
    code: str
    name: Bilingual
    project_id: int | None
    party_a_org_id: int
    party_b_org_id: int
    secretariat_org_id: int | None
    host_rotation: list[str]
    established_on: date | None
    moderation_rule: Bilingual | None
    version: int


class SubCommitteeCreate(BaseModel):
    code: Code
    name: Bilingual
    pillar: Pillar
    tor: Bilingual | None = None
    established_meeting_seq: int | None = None


class SubCommittee(Record):
    id: int
    group_id: int
    code: str
    name: Bilingual
    pillar: Pillar
    tor: Bilingual | None
    position: int
    established_meeting_seq: int | None
    version: int


class MembershipRole(StrEnum):
    CO_CHAIR = "co_chair"
    MEMBER = "member"
    FOCAL_POINT = "focal_point"
    SECRETARIAT = "secretariat"
    OBSERVER = "observer"


class MembershipCreate(BaseModel):
    person_ref: str
    subcommittee_code: str | None = None
    delegation: Delegation
    role: MembershipRole
    start_on: date | None = None
    end_on: date | None = None


class Membership(Record):
    id: int
    person_id: int
    group_id: int
    subcommittee_id: int | None
    delegation: str
    role: MembershipRole
    start_on: date | None
    end_on: date | None


class ProtectedCaseCreate(BaseModel):
    """A victim exists only as a case code and a neutral pseudonym: never a name."""

    case_code: str = Field(pattern=r"^[A-Z]{2}-VoT-\d{4}-\d{2,4}$")
    handling_acronym: str | None = None
    pseudonym: Bilingual
    sensitivity: str = "high"
    consent_status: str = "unknown"


class ProtectedCase(Record):
    id: int
    case_code: str
    handling_org_id: int | None
    pseudonym: Bilingual
    sensitivity: str
    consent_status: str
