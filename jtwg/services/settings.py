"""Application settings kept in the database (as-of date for demo data, and later organisation settings)."""

from __future__ import annotations

from datetime import date

from jtwg.db import transaction
from jtwg.models.common import Actor
from jtwg.services import permissions
from jtwg.store.records import Cursor, log_change


def get_setting(cur: Cursor, key: str) -> str | None:
    found = cur.execute("SELECT value FROM app_setting WHERE key = ?", [key]).fetchone()
    return None if found is None else found[0]


def set_setting(cur: Cursor, key: str, value: str | None, *, actor: Actor) -> None:
    permissions.require(actor, "settings.update")
    before = get_setting(cur, key)
    with transaction(cur):
        cur.execute("DELETE FROM app_setting WHERE key = ?", [key])
        if value is not None:
            cur.execute("INSERT INTO app_setting (key, value) VALUES (?, ?)", [key, value])
        log_change(cur, actor=actor, action="update", entity="app_setting", entity_id=None,
                   changes={key: [before, value]})


def set_as_of(cur: Cursor, value: date | str | None, *, actor: Actor) -> None:
    """Fix the date the dashboard treats as today (demo data); None follows the calendar."""
    set_setting(cur, "as_of", None if value is None else date.fromisoformat(str(value)).isoformat(), actor=actor)


def today(cur: Cursor) -> date:
    """The date figures are computed for: the as-of setting when set, else the calendar date."""
    value = get_setting(cur, "as_of")
    return date.fromisoformat(value) if value else date.today()


def as_of(cur: Cursor) -> date | None:
    value = get_setting(cur, "as_of")
    return date.fromisoformat(value) if value else None
