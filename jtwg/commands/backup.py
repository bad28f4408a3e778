"""`jtwg backup DIR` and `jtwg restore SOURCE [--force]`: with the app stopped, from the machine that holds the database."""

from __future__ import annotations

import argparse
from pathlib import Path

from jtwg.commands._session import add_user_option, open_session, system_actor
from jtwg.config import load_settings
from jtwg.i18n import t


def register(groups) -> None:
    lang = groups.lang
    backup = groups.root.add_parser("backup", help=t("cli.backup.help", lang), description=t("cli.backup.help", lang))
    backup.add_argument("folder", nargs="?", type=Path, help=t("cli.backup.folder", lang))
    add_user_option(backup, lang)
    backup.set_defaults(handler=run_backup)
    restore = groups.root.add_parser("restore", help=t("cli.restore.help", lang), description=t("cli.restore.help", lang))
    restore.add_argument("source", type=Path, help=t("cli.restore.source", lang))
    restore.add_argument("--force", action="store_true", help=t("cli.restore.force", lang))
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from jtwg.services import backups

    folder = args.folder or load_settings().backups
    # The database of JTWG_DB, refused while the app holds it (the app backs up from Settings).
    with open_session(args) as (conn, actor):
        info = backups.create_backup(conn, actor=actor, folder=folder)
    print(t("cli.backup.done", args.lang, path=info.path, size=backups.size_text(info.size, args.lang)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from jtwg.services import backups

    target = load_settings().db_path
    # A restore may run when no usable database (nor account) exists: it acts as the system, logged as such.
    result = backups.restore(args.source, target, force=args.force, actor=system_actor("restore"))
    print(t("cli.restore.done", args.lang, path=target, source=result["source"], schema=result["schema"]))
    return 0
