"""Accounts: creating a user, and the user record (never carrying the password hash out of the store)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator, model_validator

from jtwg.models.common import Actor, Delegation, UserRole

MIN_PASSWORD = 12


def strong_enough(password: str) -> bool:
    """At least MIN_PASSWORD characters, no outer spaces, and not one character repeated."""
    return len(password) >= MIN_PASSWORD and password.strip() == password and len(set(password)) >= 4


class GroupRoleSet(BaseModel):
    """What an account is in one group: its role, delegation and (members) sub-committees there."""

    group_code: str | None = Field(default=None, max_length=40)   # None: the installation's first group
    role: UserRole
    delegation: Delegation | None = None
    subcommittee_codes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _member_needs_subcommittee(self) -> "GroupRoleSet":
        if self.role is UserRole.MEMBER and not self.subcommittee_codes:
            raise ValueError("member_needs_subcommittee")
        return self


class UserCreate(BaseModel):
    """A new account with its role in one group (`group_code`, None for the installation's first group).

    A secretariat account created without a group is an administrator: the installation's secretariat,
    secretariat in every group (that is what the first account and `jtwg users add --role secretariat` make).
    """

    username: str = Field(min_length=2, max_length=60, pattern=r"^[a-z0-9][a-z0-9._@-]*$")
    display_name: str = Field(default="", max_length=120)
    role: UserRole
    delegation: Delegation | None = None
    subcommittee_codes: list[str] = Field(default_factory=list)
    group_code: str | None = Field(default=None, max_length=40)
    password: str = Field(max_length=200)

    @property
    def administrator(self) -> bool:
        return self.role is UserRole.SECRETARIAT and self.group_code is None

    def group_role(self) -> GroupRoleSet:
        return GroupRoleSet(group_code=self.group_code, role=self.role, delegation=self.delegation,
                            subcommittee_codes=self.subcommittee_codes)

    @field_validator("username", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _rules(self) -> "UserCreate":
        if not strong_enough(self.password):
            raise ValueError("weak_password")
        if self.role is UserRole.MEMBER and not self.subcommittee_codes:
            raise ValueError("member_needs_subcommittee")
        if not self.display_name:
            object.__setattr__(self, "display_name", self.username)
        return self


class GroupRole(BaseModel):
    """An account's role in one group, as stored."""

    group_id: int
    group_code: str
    role: UserRole
    delegation: str | None
    subcommittee_codes: list[str]


class User(BaseModel):
    id: int
    username: str
    display_name: str
    administrator: bool
    roles: list[GroupRole]   # by group code; an administrator needs none (secretariat everywhere)
    disabled: bool
    failed_attempts: int
    locked_until: datetime | None
    session_version: int
    last_login_at: datetime | None
    version: int

    def role_in(self, group_id: int) -> GroupRole | None:
        return next((r for r in self.roles if r.group_id == group_id), None)

    def may_enter(self, group_id: int) -> bool:
        return self.administrator or self.role_in(group_id) is not None

    def actor(self, group_id: int | None = None) -> Actor | None:
        """This account acting in group `group_id` (None: its first group, or everywhere for an administrator);
        None when it holds no role there."""
        if self.administrator:
            return Actor(username=self.username, role=UserRole.SECRETARIAT, delegation="secretariat",
                         group_id=group_id, administrator=True)
        held = self.role_in(group_id) if group_id is not None else (self.roles[0] if self.roles else None)
        if held is None:
            return None
        return Actor(username=self.username, role=held.role, delegation=held.delegation,
                     subcommittee_codes=tuple(held.subcommittee_codes), group_id=held.group_id)
