"""`jtwg export calendar -o FILE.ics`: the group's meetings and open action items' due dates as a calendar file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from jtwg import db
from jtwg.config import load_settings
from jtwg.errors import JtwgError
from jtwg.i18n import t
from jtwg.models import Actor
from jtwg.services.calendar import group_calendar
from jtwg.store import groups


def register(groups_) -> None:
    lang = groups_.lang
    parser = groups_.under("export", "cli.export.help").add_parser(
        "calendar", help=t("cli.calendar.help", lang), description=t("cli.calendar.help", lang))
    parser.add_argument("-o", "--output", required=True, type=Path, help=t("cli.calendar.output", lang))
    parser.add_argument("--group", default=None, help=t("cli.calendar.group", lang))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    if not settings.db_path.exists():
        raise JtwgError(key="error.no_database", path=str(settings.db_path))
    if args.output.suffix.lower() != ".ics":
        raise JtwgError(key="error.calendar_suffix", path=str(args.output))
    conn = db.connect(settings.db_path)
    try:
        group = groups.get_group(conn, code=args.group)
        # The command line acts as the secretariat of the installation (it can read the database file).
        data, n_meetings, n_actions = group_calendar(conn, group_id=group.id, lang=args.lang, actor=Actor.system("cli"))
    finally:
        conn.close()
    target = args.output
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".part")
        temp.write_bytes(data)
        os.replace(temp, target)
    except OSError as exc:
        raise JtwgError(str(exc), key="error.cannot_write", path=str(target), problem=exc.strerror or str(exc)) from exc
    print(t("cli.calendar.done", args.lang, path=target, meetings=n_meetings, actions=n_actions))
    return 0
