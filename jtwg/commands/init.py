"""`jtwg init`: create the database, optionally with the demo group."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


from jtwg.commands._session import system_actor
from jtwg.config import load_settings
from jtwg.errors import AlreadyExists, DatabaseLocked, JtwgError
from jtwg.i18n import t


def register(groups) -> None:
    lang = groups.lang
    parser = groups.root.add_parser("init", help=t("cli.init.help", lang), description=t("cli.init.help", lang))
    parser.add_argument("--demo", action="store_true", help=t("cli.init.demo", lang))
    exclusive = parser.add_mutually_exclusive_group()
    exclusive.add_argument("--force", action="store_true", help=t("cli.init.force", lang))
    exclusive.add_argument("--if-missing", action="store_true", help=t("cli.init.if_missing", lang))
    parser.set_defaults(handler=run)


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        if candidate.exists():
            candidate.unlink()


def create_database(path: Path, *, with_demo: bool, force: bool, demo_dir: Path) -> dict[str, object]:
    """Build the database next to `path` and move it into place only once complete."""
    import yaml
    from jtwg import db, demo
    from jtwg.store.settings import count_rows
    from pydantic import ValidationError

    if path.exists():
        if not force:
            raise AlreadyExists(key="error.database_exists", path=str(path))
        if db.holds_lock(path):   # the app has it open; a damaged or newer file may be replaced
            raise DatabaseLocked(path=str(path))
    temp = path.with_name(path.name + ".new")
    _remove(temp)
    try:
        conn = db.connect(temp)
        summary: dict[str, object] = {"schema": db.applied_migrations(conn)[-1]}
        if with_demo:
            try:
                # Before any account exists: the system loads the demo, and the log says so.
                summary["group"] = demo.load_demo(conn, demo_dir, actor=system_actor("init"))
            except (OSError, yaml.YAMLError, ValidationError) as exc:
                raise JtwgError(str(exc), key="error.demo_files", problem=str(exc).splitlines()[0]) from exc
            for table in ("meeting", "action_item", "activity"):
                summary[table] = count_rows(conn, table=table)
        db.checkpoint(conn)
        conn.close()
        _remove(path)
        os.replace(temp, path)
    finally:
        _remove(temp)
    return summary


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    path = settings.db_path
    if path.exists() and args.if_missing:
        print(t("cli.init.kept", args.lang, path=path))
        return 0
    summary = create_database(path, with_demo=args.demo, force=args.force, demo_dir=settings.demo_dir)
    if args.demo:
        print(t("cli.init.done_demo", args.lang, path=path, group=summary["group"], meetings=summary["meeting"],
                actions=summary["action_item"], activities=summary["activity"]))
    else:
        print(t("cli.init.done", args.lang, path=path, schema=summary["schema"]))
    return 0
