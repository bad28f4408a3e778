"""Settings read from the environment: database path, default language, demo-data folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("data") / "jtwg.duckdb"


@dataclass(frozen=True)
class Settings:
    db_path: Path
    default_lang: str
    demo_dir: Path


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from `environ` (the process environment by default)."""
    env = os.environ if environ is None else environ
    lang = env.get("JTWG_LANG", "en").strip().lower()
    return Settings(
        db_path=Path(env.get("JTWG_DB", "") or DEFAULT_DB),
        default_lang=lang if lang in ("en", "fr") else "en",
        demo_dir=Path(env.get("JTWG_DEMO_DIR", "") or PROJECT_ROOT / "data" / "demo"),
    )
