"""`jtwg export brief`: write the co-chairs' progress brief (Word, English, French or both) to a file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from jtwg.cli import LazyChoices
from jtwg.commands._session import add_user_option, command_group, open_session
from jtwg.errors import JtwgError, NotFound, PermissionDenied
from jtwg.i18n import t


def register(groups_) -> None:
    lang = groups_.lang
    parser = groups_.under("export", "cli.export.help").add_parser(
        "brief", help=t("cli.brief.help", lang), description=t("cli.brief.help", lang))
    parser.add_argument("--group", metavar="CODE", help=t("cli.brief.group", lang))
    # Its own destination: the top-level --lang is the language of the command's messages.
    parser.add_argument("--lang", dest="brief_lang", choices=LazyChoices("jtwg.export.brief", "BRIEF_LANGS"), metavar="LANG", required=True, help=t("cli.brief.lang", lang))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.docx", help=t("cli.brief.output", lang))
    parser.add_argument("--delegation", metavar="CODE", help=t("cli.brief.delegation", lang))
    parser.add_argument("--period", choices=LazyChoices("jtwg.services.overview", "PERIODS"), metavar="PERIOD", default="12m", help=t("cli.brief.period", lang))
    add_user_option(parser, lang)
    parser.set_defaults(handler=run)


def write_brief(args: argparse.Namespace, output: Path, *, group_code: str | None, lang: str,
                delegation: str | None = None, period: str = "12m") -> int:
    """Build the brief, as the account the command acts as, into `output`; return its size in bytes.

    The file appears only once complete: it is written next to its destination and then renamed.
    """
    from jtwg.services import permissions, settings as app_settings
    from jtwg.services.exports import export_brief
    from jtwg.services.overview import Filters, delegations

    if output.suffix.lower() != ".docx":
        raise JtwgError(str(output), key="error.brief_output_suffix", path=str(output))
    if not output.parent.is_dir():
        raise NotFound(key="error.output_folder", path=str(output.parent))
    with open_session(args) as (conn, actor):
        # The brief is the Overview in Word: whoever may not open the Overview may not print it either.
        if not permissions.may_open_page(actor, "overview"):
            raise PermissionDenied(action="export.brief", user=actor.username)
        group = command_group(conn, actor, group_code)
        if delegation is not None and delegation not in delegations(conn, group_id=group.id, actor=actor):
            raise JtwgError(delegation, key="error.unknown_delegation", value=delegation,
                            choices=", ".join(delegations(conn, group_id=group.id, actor=actor)))
        data = export_brief(conn, group_id=group.id, today=app_settings.today(conn), lang=lang, actor=actor,
                            filters=Filters(delegation=delegation, period=period))
    temp = output.with_name(output.name + ".part")
    try:
        temp.write_bytes(data)
        os.replace(temp, output)
    except OSError as exc:
        raise JtwgError(str(exc), key="error.write_file", path=str(output), problem=exc.strerror or str(exc)) from exc
    finally:
        if temp.exists():
            temp.unlink()
    return len(data)


def run(args: argparse.Namespace) -> int:
    size = write_brief(args, args.output, group_code=args.group, lang=args.brief_lang,
                       delegation=args.delegation, period=args.period)
    print(t("cli.brief.done", args.lang, path=args.output, size=round(size / 1024)))
    return 0
