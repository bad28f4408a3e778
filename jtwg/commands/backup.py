"""`jtwg backup DIR` and `jtwg restore SOURCE [--force]`: with the app stopped, from the machine that holds the database."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

import duckdb

from jtwg import db
from jtwg.config import load_settings
from jtwg.i18n import t
from jtwg.models.common import Actor
from jtwg.services import backups


def register(groups) -> None:
    lang = groups.lang
    backup = groups.root.add_parser("backup", help=t("cli.backup.help", lang), description=t("cli.backup.help", lang))
    backup.add_argument("folder", nargs="?", type=Path, help=t("cli.backup.folder", lang))
    backup.set_defaults(handler=run_backup)
    restore = groups.root.add_parser("restore", help=t("cli.restore.help", lang), description=t("cli.restore.help", lang))
    restore.add_argument("source", type=Path, help=t("cli.restore.source", lang))
    restore.add_argument("--force", action="store_true", help=t("cli.restore.force", lang))
    restore.set_defaults(handler=run_restore)


def _actor() -> Actor:
    # Whoever can open the database file administers it: the CLI acts as the system, named in the audit trail.
    return Actor.system(f"cli:{getpass.getuser()}")


def _open() -> duckdb.DuckDBPyConnection:
    """The database of JTWG_DB (refused while the app holds it: the app backs up from Settings)."""
    return db.connect(load_settings().db_path)


def run_backup(args: argparse.Namespace) -> int:
    folder = args.folder or load_settings().backups
    conn = _open()
    try:
        info = backups.create_backup(conn, actor=_actor(), folder=folder)
    finally:
        conn.close()
    print(t("cli.backup.done", args.lang, path=info.path, size=backups.size_text(info.size, args.lang)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    target = load_settings().db_path
    result = backups.restore(args.source, target, force=args.force, actor=_actor())
    print(t("cli.restore.done", args.lang, path=target, source=result["source"], schema=result["schema"]))
    return 0
