"""Contact details: an email address checked offline (syntax only, no DNS) and a preferred language."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, Field, field_validator

from jtwg.models.common import Lang

MAX_EMAIL = 254


def normalise_email(value: str | None) -> str | None:
    """The address in its normal form (domain lower-cased, IDN encoded), None when empty.

    Raises ValueError("bad_email") when it is not a deliverable-looking address. Never looks the domain
    up: the app may run without internet, and example.org must stay usable for demos and tests.
    """
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    if len(text) > MAX_EMAIL:
        raise ValueError("bad_email")
    try:
        found = validate_email(text, check_deliverability=False, test_environment=False,
                               allow_quoted_local=False, allow_domain_literal=False)
    except EmailNotValidError:
        raise ValueError("bad_email") from None
    return found.normalized


class ContactUpdate(BaseModel):
    """The email details of a person or an organisation, as the secretariat edits them."""

    email: str | None = Field(default=None, max_length=MAX_EMAIL)
    lang: Lang | None = None

    @field_validator("email", mode="before")
    @classmethod
    def _email(cls, value: object) -> object:
        return normalise_email(value) if isinstance(value, str) or value is None else value
