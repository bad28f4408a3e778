"""Settings read from the environment: database path, language, demo folder, mode and sign-in secrets."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("data") / "jtwg.duckdb"
# Good enough on a laptop with the demo data; the app refuses to start with it in production mode.
DEFAULT_COOKIE_SECRET = "jtwg-local-demo-secret-change-me"
MODES = ("local", "demo", "production")


@dataclass(frozen=True)
class Settings:
    db_path: Path
    default_lang: str
    demo_dir: Path
    mode: str = "local"
    cookie_secret: str = DEFAULT_COOKIE_SECRET
    session_hours: float = 8.0
    idle_minutes: float = 30.0


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
        cookie_secret=env.get("JTWG_COOKIE_SECRET", "") or DEFAULT_COOKIE_SECRET,
        session_hours=_number(env.get("JTWG_SESSION_HOURS"), 8.0),
        idle_minutes=_number(env.get("JTWG_IDLE_MINUTES"), 30.0),
    )


def _number(value: str | None, default: float) -> float:
    try:
        return float(value) if value else default
    except ValueError:
        return default
