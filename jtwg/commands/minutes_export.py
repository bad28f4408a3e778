"""`jtwg export minutes`: a meeting's minutes as a Word document in English, French or side by side, under an export profile."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from jtwg.cli import LazyChoices
from jtwg.commands._session import add_user_option, command_group, open_session
from jtwg.errors import InvalidInput, JtwgError
from jtwg.i18n import ordinal, t


def register(groups_) -> None:
    lang = groups_.lang
    sub = groups_.under("export", "cli.export.help")
    parser = sub.add_parser("minutes", help=t("cli.export_minutes.help", lang), description=t("cli.export_minutes.help", lang))
    parser.add_argument("--meeting", type=int, required=True, metavar="N", help=t("cli.export_minutes.meeting", lang))
    parser.add_argument("--group", metavar="CODE", help=t("cli.export_minutes.group", lang))
    # dest differs from the top-level --lang, which is the language of messages.
    parser.add_argument("--lang", dest="doc_lang", choices=["en", "fr", "both"], required=True,
                        help=t("cli.export_minutes.lang", lang))
    parser.add_argument("--profile", choices=LazyChoices("jtwg.services.redaction", "ExportProfile", values=True), metavar="PROFILE", required=True,
                        help=t("cli.export_minutes.profile", lang))
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.docx", help=t("cli.export_minutes.output", lang))
    parser.add_argument("--version", dest="version_no", type=int, metavar="N", help=t("cli.export_minutes.version", lang))
    parser.add_argument("--override-reason", metavar="TEXT", help=t("cli.export_minutes.override", lang))
    add_user_option(parser, lang)
    parser.set_defaults(handler=run)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _write(path: Path, content: bytes) -> None:
    """Write next to the target and move into place, so a failed run never leaves half a file."""
    try:
        fd, temp = tempfile.mkstemp(prefix=".jtwg-", suffix=".docx", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(temp, path)
    except OSError as exc:
        raise JtwgError(str(exc), key="cli.export_minutes.cannot_write", path=str(path), problem=exc.strerror or str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from jtwg.services.exports import ExportBlocked, export_minutes, untranslated_where
    from jtwg.store import meetings

    lang = args.lang
    output: Path = args.output
    if output.suffix.lower() != ".docx":
        raise InvalidInput(key="cli.export_minutes.not_docx", path=str(output))
    if not output.parent.resolve().is_dir():
        raise JtwgError(key="cli.export_minutes.cannot_write", path=str(output), problem=t("cli.export_minutes.no_folder", lang))
    with open_session(args) as (conn, actor):
        group = command_group(conn, actor, args.group)
        meeting_id = meetings.meeting_id(conn, group_id=group.id, sequence_no=args.meeting)
        try:
            result = export_minutes(conn, meeting_id=meeting_id, lang=args.doc_lang, profile=args.profile, actor=actor,
                                    override_reason=args.override_reason, version_no=args.version_no)
        except ExportBlocked as exc:
            # Every finding, one per line, located as the document prints it, its words masked.
            print(t("cli.error", lang, message=t("cli.export_minutes.blocked", lang, message=_one_line(exc.message(lang)))),
                  file=sys.stderr)
            for line in exc.lines(lang):
                print(f"  - {_one_line(line)}", file=sys.stderr)
            return 1
        except InvalidInput as exc:
            problems = "; ".join(t(key, lang, **params) for _, key, params in exc.problems) or exc.message(lang)
            raise JtwgError(key="cli.export_minutes.invalid", problems=_one_line(problems)) from None
        _write(output, result.content)
    if result.overridden:
        print(t("cli.export_minutes.overridden", lang, count=len(result.findings)))
    if result.untranslated:
        places = "; ".join(_one_line(untranslated_where(u, lang)) for u in result.untranslated[:10])
        print(t("cli.export_minutes.untranslated", lang, count=len(result.untranslated), where=places))
    print(t("cli.export_minutes.done", lang, path=str(output), ordinal=ordinal(args.meeting, lang),
            language=t(f"export.lang.{args.doc_lang}", lang), profile=t(f"enum.ExportProfile.{args.profile}", lang)))
    return 0
