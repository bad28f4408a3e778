"""`jtwg export calendar -o FILE.ics`: the group's meetings and open action items' due dates as a calendar file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from jtwg.commands._session import add_user_option, command_group, open_session
from jtwg.errors import JtwgError
from jtwg.i18n import t


def register(groups_) -> None:
    lang = groups_.lang
    parser = groups_.under("export", "cli.export.help").add_parser(
        "calendar", help=t("cli.calendar.help", lang), description=t("cli.calendar.help", lang))
    parser.add_argument("-o", "--output", required=True, type=Path, help=t("cli.calendar.output", lang))
    parser.add_argument("--group", default=None, help=t("cli.calendar.group", lang))
    add_user_option(parser, lang)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from jtwg.services.calendar import group_calendar

    if args.output.suffix.lower() != ".ics":
        raise JtwgError(key="error.calendar_suffix", path=str(args.output))
    with open_session(args) as (conn, actor):
        group = command_group(conn, actor, args.group)
        data, n_meetings, n_actions = group_calendar(conn, group_id=group.id, lang=args.lang, actor=actor)
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
