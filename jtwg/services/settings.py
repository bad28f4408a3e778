"""Application settings kept in the database (as-of date for demo data, and later organisation settings)."""

from __future__ import annotations

from datetime import date

from jtwg import db
from jtwg.db import transaction
from jtwg.models.common import Actor
from jtwg.services import permissions
from jtwg.store import groups
from jtwg.store import settings as store


def get_setting(cur, key: str) -> str | None:
    return store.get_setting(cur, key=key)


def set_setting(cur, key: str, value: str | None, *, actor: Actor) -> None:
    permissions.require(actor, "settings.update")
    before = get_setting(cur, key)
    with transaction(cur):
        store.put_setting(cur, key=key, value=value, before=before, actor=actor)


def set_as_of(cur, value: date | str | None, *, actor: Actor) -> None:
    """Fix the date the dashboard treats as today (demo data); None follows the calendar."""
    set_setting(cur, "as_of", None if value is None else date.fromisoformat(str(value)).isoformat(), actor=actor)


def today(cur) -> date:
    """The date figures are computed for: the as-of setting when set, else the calendar date."""
    value = get_setting(cur, "as_of")
    return date.fromisoformat(value) if value else date.today()


def as_of(cur) -> date | None:
    value = get_setting(cur, "as_of")
    return date.fromisoformat(value) if value else None


def table_counts(cur, *, actor: Actor) -> list[dict[str, object]]:
    """Rows per main table, for the Settings page (secretariat)."""
    permissions.require(actor, "settings.read")
    return store.table_counts(cur)


def group(cur, *, code: str | None = None):
    """The working group `code` (the installation's first one when None); NotFound when there is none yet."""
    return groups.get_group(cur, code=code)


def project(cur, *, project_id: int):
    """The project that funds a group (shown on Settings)."""
    return groups.get_project(cur, project_id=project_id)


def applied_migrations(cur, *, actor: Actor) -> list[str]:
    permissions.require(actor, "settings.read")
    return db.applied_migrations(cur)
