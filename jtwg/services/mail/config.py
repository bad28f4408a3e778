"""Mail settings: the environment (JTWG_SMTP_*, JTWG_MAIL_FROM, JTWG_BASE_URL), overridden by the
secretariat in Settings, except the SMTP password, which is read from the environment only."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from jtwg.errors import InvalidInput
from jtwg.models.common import Actor
from jtwg.models.contact import normalise_email
from jtwg.services import permissions
from jtwg.services import settings as app_settings
from jtwg.store.records import Cursor

TLS_MODES = ("none", "starttls", "tls")
DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}
DEFAULT_FROM = "jtwg@localhost"
DEFAULT_BASE_URL = "http://localhost:8501"
DEFAULT_REMINDER_DAYS = (14, 3)
DEFAULT_OVERDUE_EVERY = 7

# Setting key in the app_setting table -> field of MailConfig (the password is never among them).
SETTING_KEYS = {"mail.smtp_host": "host", "mail.smtp_port": "port", "mail.smtp_tls": "tls", "mail.smtp_user": "user",
                "mail.from": "mail_from", "mail.base_url": "base_url"}


@dataclass(frozen=True)
class MailConfig:
    host: str = ""
    port: int = 0
    tls: str = "starttls"
    user: str = ""
    password: str = ""
    mail_from: str = DEFAULT_FROM
    base_url: str = DEFAULT_BASE_URL

    @property
    def can_send(self) -> bool:
        """Without a host, nothing is sent: messages wait in the outbox and can be downloaded as .eml."""
        return bool(self.host)

    @property
    def effective_port(self) -> int:
        return self.port or DEFAULT_PORTS[self.tls]

    def describe(self) -> str:
        """Where mail goes, for screens and logs; never the password."""
        who = f"{self.user}@" if self.user else ""
        return f"{self.tls}://{who}{self.host}:{self.effective_port}" if self.host else ""


def _port(value: str | None) -> int:
    try:
        port = int(value or 0)
    except ValueError:
        return 0
    return port if 0 < port < 65536 else 0


def from_environment(environ: dict[str, str] | None = None) -> MailConfig:
    env = os.environ if environ is None else environ
    tls = (env.get("JTWG_SMTP_TLS") or "starttls").strip().lower()
    return MailConfig(
        host=(env.get("JTWG_SMTP_HOST") or "").strip(),
        port=_port(env.get("JTWG_SMTP_PORT")),
        tls=tls if tls in TLS_MODES else "starttls",
        user=(env.get("JTWG_SMTP_USER") or "").strip(),
        password=env.get("JTWG_SMTP_PASSWORD") or "",
        mail_from=(env.get("JTWG_MAIL_FROM") or "").strip() or DEFAULT_FROM,
        base_url=((env.get("JTWG_BASE_URL") or "").strip() or DEFAULT_BASE_URL).rstrip("/"),
    )


def load(cur: Cursor, environ: dict[str, str] | None = None) -> MailConfig:
    """The settings in force: the environment, with what the secretariat set in Settings on top."""
    config = from_environment(environ)
    changes: dict[str, object] = {}
    for key, field in SETTING_KEYS.items():
        value = app_settings.get_setting(cur, key)
        if value is None or value == "":
            continue
        changes[field] = _port(value) if field == "port" else (value.rstrip("/") if field == "base_url" else value)
    return replace(config, **changes)


def save(cur: Cursor, values: dict[str, str | int | None], *, actor: Actor) -> None:
    """Store overrides (empty value: back to the environment's). Checked first; all saved or none."""
    permissions.require(actor, "settings.update")
    problems = []
    clean: dict[str, str | None] = {}
    for key, raw in values.items():
        if key not in SETTING_KEYS:
            raise ValueError(key)
        text = "" if raw is None else str(raw).strip()
        if text and key == "mail.smtp_port" and not _port(text):
            problems.append((key, "invalid.out_of_range", {}))
        if text and key == "mail.smtp_tls" and text not in TLS_MODES:
            problems.append((key, "invalid.bad_choice", {}))
        if text and key == "mail.from":
            try:
                text = normalise_email(text) or ""
            except ValueError:
                problems.append((key, "invalid.bad_email", {}))
        if text and key == "mail.base_url" and not text.startswith(("http://", "https://")):
            problems.append((key, "invalid.bad_url", {}))
        clean[key] = text or None
    if problems:
        raise InvalidInput(problems)
    from jtwg.db import transaction

    with transaction(cur):
        for key, value in clean.items():
            if app_settings.get_setting(cur, key) != value:
                app_settings.set_setting(cur, key, value, actor=actor)


# --- Reminder schedule -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Schedule:
    """Reminders go out `days_before` days before the due date, then every `overdue_every` days while overdue."""

    days_before: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    overdue_every: int = DEFAULT_OVERDUE_EVERY
    enabled: bool = True

    @property
    def horizon(self) -> int:
        """A digest lists the items due within this many days (the earliest reminder)."""
        return max(self.days_before, default=0)


def parse_days(text: str) -> tuple[int, ...]:
    """ "14, 3" -> (14, 3); ValueError when a value is not a whole number of days between 0 and 365."""
    values = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        day = int(part)
        if not 0 <= day <= 365:
            raise ValueError(part)
        values.append(day)
    return tuple(sorted(set(values), reverse=True))


def schedule(cur: Cursor) -> Schedule:
    days = app_settings.get_setting(cur, "mail.reminder_days")
    every = app_settings.get_setting(cur, "mail.overdue_every")
    enabled = app_settings.get_setting(cur, "mail.reminders_enabled")
    try:
        parsed = parse_days(days) if days is not None else DEFAULT_REMINDER_DAYS
    except ValueError:
        parsed = DEFAULT_REMINDER_DAYS
    return Schedule(days_before=parsed, overdue_every=_port(every) or DEFAULT_OVERDUE_EVERY,
                    enabled=enabled != "false")


def save_schedule(cur: Cursor, *, days_before: str, overdue_every: int | str, enabled: bool, actor: Actor) -> Schedule:
    permissions.require(actor, "settings.update")
    problems = []
    try:
        days = parse_days(days_before)
        if not days:
            raise ValueError(days_before)
    except ValueError:
        problems.append(("mail.reminder_days", "invalid.reminder_days", {}))
        days = ()
    try:
        every = int(overdue_every)
        if not 1 <= every <= 365:
            raise ValueError(every)
    except (TypeError, ValueError):
        problems.append(("mail.overdue_every", "invalid.out_of_range", {}))
        every = DEFAULT_OVERDUE_EVERY
    if problems:
        raise InvalidInput(problems)
    from jtwg.db import transaction

    with transaction(cur):
        app_settings.set_setting(cur, "mail.reminder_days", ", ".join(str(d) for d in days), actor=actor)
        app_settings.set_setting(cur, "mail.overdue_every", str(every), actor=actor)
        app_settings.set_setting(cur, "mail.reminders_enabled", "true" if enabled else "false", actor=actor)
    return schedule(cur)
