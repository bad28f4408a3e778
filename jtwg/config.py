"""Settings read from the environment: database path, language, demo folder, mode and the cookie secret."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("data") / "jtwg.duckdb"
# A secret once written in the public source of an earlier version: refused wherever it is configured.
PUBLISHED_SECRETS = frozenset({"jtwg-local-demo-secret-change-me"})
MIN_SECRET = 32
MODES = ("local", "demo", "production")


@dataclass(frozen=True)
class Settings:
    db_path: Path
    default_lang: str
    demo_dir: Path
    mode: str = "local"
    # The configured JTWG_COOKIE_SECRET, or "" for the installation's own random key (see cookie_secret()).
    configured_secret: str = ""
    session_hours: float = 8.0
    idle_minutes: float = 30.0
    backup_dir: Path | None = None   # None: a "backups" folder next to the database
    backup_every_hours: float = 24.0   # automatic backups; 0 turns them off
    backup_keep: int = 14              # automatic backups kept (the oldest are removed)

    @property
    def backups(self) -> Path:
        """The folder backups are written to and listed from (JTWG_BACKUP_DIR)."""
        return self.backup_dir or self.db_path.parent / "backups"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from `environ` (the process environment by default)."""
    env = os.environ if environ is None else environ
    lang = env.get("JTWG_LANG", "en").strip().lower()
    mode = env.get("JTWG_MODE", "local").strip().lower()
    return Settings(
        db_path=Path(env.get("JTWG_DB", "") or DEFAULT_DB),
        default_lang=lang if lang in ("en", "fr") else "en",
        demo_dir=Path(env.get("JTWG_DEMO_DIR", "") or PROJECT_ROOT / "data" / "demo"),
        mode=mode if mode in MODES else "production",   # an unknown mode gets the strictest rules
        configured_secret=env.get("JTWG_COOKIE_SECRET", "").strip(),
        session_hours=_number(env.get("JTWG_SESSION_HOURS"), 8.0),
        idle_minutes=_number(env.get("JTWG_IDLE_MINUTES"), 30.0),
        backup_dir=Path(env["JTWG_BACKUP_DIR"]) if env.get("JTWG_BACKUP_DIR") else None,
        backup_every_hours=max(_number(env.get("JTWG_BACKUP_EVERY_HOURS"), 24.0), 0.0),
        backup_keep=max(int(_number(env.get("JTWG_BACKUP_KEEP"), 14)), 1),
    )


def secret_problem(settings: Settings) -> bool:
    """Whether the configured cookie secret must be refused (too short, or one published in the source)."""
    value = settings.configured_secret
    return bool(value) and (len(value) < MIN_SECRET or value in PUBLISHED_SECRETS)


def cookie_secret(settings: Settings) -> str:
    """The secret that signs session cookies: JTWG_COOKIE_SECRET, else this installation's random key."""
    if settings.configured_secret:
        return settings.configured_secret
    from jtwg.keys import installation_key

    return installation_key("cookie").hex()


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value else default
    except ValueError:
        return default
