"""Accounts: creating a user, and the user record (never carrying the password hash out of the store)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator, model_validator

from jtwg.models.common import Actor, Delegation, UserRole

MIN_PASSWORD = 12


def strong_enough(password: str) -> bool:
    """At least MIN_PASSWORD characters, no outer spaces, and not one character repeated."""
    return len(password) >= MIN_PASSWORD and password.strip() == password and len(set(password)) >= 4


class UserCreate(BaseModel):
    username: str = Field(min_length=2, max_length=60, pattern=r"^[a-z0-9][a-z0-9._@-]*$")
    display_name: str = Field(default="", max_length=120)
    role: UserRole
    delegation: Delegation | None = None
    subcommittee_codes: list[str] = Field(default_factory=list)
    password: str = Field(max_length=200)

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


class User(BaseModel):
    id: int
    username: str
    display_name: str
    role: UserRole
    delegation: str | None
    subcommittee_codes: list[str]
    disabled: bool
    failed_attempts: int
    locked_until: datetime | None
    session_version: int
    last_login_at: datetime | None
    version: int

    def actor(self) -> Actor:
        return Actor(username=self.username, role=self.role, delegation=self.delegation,
                     subcommittee_codes=tuple(self.subcommittee_codes))
