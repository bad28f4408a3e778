"""Bilingual drafting from the command line: `jtwg translate`, `jtwg export|import xliff`, `jtwg export|import tmx`."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from typing import TYPE_CHECKING

from jtwg.cli import LazyChoices
from jtwg.commands._session import add_user_option, command_group, open_session
from jtwg.errors import JtwgError
from jtwg.i18n import label, t

if TYPE_CHECKING:   # annotations only: imported where used, so `jtwg --help` starts at once
    from jtwg.services.translation import files


def register(groups_) -> None:
    lang = groups_.lang
    p = groups_.root.add_parser("translate", help=t("cli.translate.help", lang), description=t("cli.translate.help", lang))
    p.add_argument("--meeting", type=int, required=True, metavar="N", help=t("cli.translate.meeting", lang))
    p.add_argument("--to", dest="target", choices=["fr", "en"], required=True, help=t("cli.translate.to", lang))
    p.add_argument("--engine", choices=LazyChoices("jtwg.services.translation.engines", "ENGINES"), metavar="ENGINE", help=t("cli.translate.engine", lang))
    p.add_argument("--group", metavar="CODE", help=t("cli.export_minutes.group", lang))
    p.add_argument("--dry-run", action="store_true", help=t("cli.translate.dry_run", lang))
    add_user_option(p, lang)
    p.set_defaults(handler=run_translate)

    exports, imports = groups_.under("export", "cli.export.help"), groups_.under("import", "cli.import.help")
    x = exports.add_parser("xliff", help=t("cli.xliff.export_help", lang), description=t("cli.xliff.export_help", lang))
    x.add_argument("--meeting", type=int, required=True, metavar="N", help=t("cli.translate.meeting", lang))
    x.add_argument("--to", dest="target", choices=["fr", "en"], required=True, help=t("cli.translate.to", lang))
    x.add_argument("--profile", choices=["internal", "restricted", "public"], default="restricted",
                   help=t("cli.export_minutes.profile", lang))
    x.add_argument("--group", metavar="CODE", help=t("cli.export_minutes.group", lang))
    x.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlf", help=t("cli.xliff.output", lang))
    add_user_option(x, lang)
    x.set_defaults(handler=run_export_xliff)
    x = imports.add_parser("xliff", help=t("cli.xliff.import_help", lang), description=t("cli.xliff.import_help", lang))
    x.add_argument("file", type=Path, metavar="FILE.xlf")
    x.add_argument("--dry-run", action="store_true", help=t("cli.translate.dry_run", lang))
    add_user_option(x, lang)
    x.set_defaults(handler=run_import_xliff)
    x = exports.add_parser("tmx", help=t("cli.tmx.export_help", lang), description=t("cli.tmx.export_help", lang))
    x.add_argument("--from", dest="source", choices=["en", "fr"], default="en", help=t("cli.tmx.source", lang))
    x.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.tmx", help=t("cli.xliff.output", lang))
    add_user_option(x, lang)
    x.set_defaults(handler=run_export_tmx)
    x = imports.add_parser("tmx", help=t("cli.tmx.import_help", lang), description=t("cli.tmx.import_help", lang))
    x.add_argument("file", type=Path, metavar="FILE.tmx")
    x.add_argument("--dry-run", action="store_true", help=t("cli.translate.dry_run", lang))
    add_user_option(x, lang)
    x.set_defaults(handler=run_import_tmx)


def _meeting_id(conn, args, actor) -> int:
    from jtwg.store import meetings

    group = command_group(conn, actor, args.group)
    return meetings.meeting_id(conn, group_id=group.id, sequence_no=args.meeting)


def _write(path: Path, content: bytes) -> None:
    try:
        fd, temp = tempfile.mkstemp(prefix=".jtwg-", dir=path.resolve().parent)
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(temp, path)
    except OSError as exc:
        raise JtwgError(str(exc), key="cli.export_minutes.cannot_write", path=str(path),
                        problem=exc.strerror or str(exc)) from None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise JtwgError(str(exc), key="cli.translate.cannot_read", path=str(path), problem=exc.strerror or str(exc)) from None


def _counts(statuses, lang: str) -> str:
    from jtwg.models import TranslationStatus

    return ", ".join(f"{label(TranslationStatus(k), lang)}: {n}" for k, n in sorted(statuses.items()))


def run_translate(args: argparse.Namespace) -> int:
    from jtwg.models import TranslationStatus
    from jtwg.services.translation import review
    from jtwg.services.translation.engines import engine_from_settings

    lang = args.lang
    with open_session(args) as (conn, actor):
        engine = engine_from_settings(conn, args.engine)
        meeting_id = _meeting_id(conn, args, actor)
        report = review.fill(conn, meeting_id=meeting_id, actor=actor, target=args.target, engine=engine,
                             dry_run=args.dry_run, lang=lang)
    for error in report.errors:
        print(t("cli.translate.engine_error", lang, message=error))
    filled = ", ".join(f"{label(TranslationStatus(k), lang)}: {n}" for k, n in sorted(report.filled.items())) or "0"
    print(t("cli.translate.would_fill" if args.dry_run else "cli.translate.filled", lang, counts=filled))
    print(t("cli.translate.statuses", lang, counts=_counts(report.statuses, lang)))
    return 1 if report.errors else 0


def _print_plan(plan: files.ImportPlan, lang: str) -> None:
    for where, key in plan.refused:
        print(t("cli.xliff.refused", lang, where=where, reason=t(key, lang)))


def run_export_xliff(args: argparse.Namespace) -> int:
    from jtwg.services.translation import files

    with open_session(args) as (conn, actor):
        content = files.export_xliff(conn, meeting_id=_meeting_id(conn, args, actor), target=args.target, actor=actor,
                                     profile=args.profile)
    _write(args.output, content)
    print(t("cli.xliff.exported", args.lang, path=str(args.output), count=content.count(b"<trans-unit")))
    return 0


def run_import_xliff(args: argparse.Namespace) -> int:
    from jtwg.services.translation import files

    lang = args.lang
    content = _read(args.file)
    with open_session(args) as (conn, actor):
        plan = files.plan_xliff(conn, content, actor=actor)
        _print_plan(plan, lang)
        if not args.dry_run:
            files.apply_plan(conn, plan, actor=actor, origin=f"xliff: {args.file.name}")
    print(t("cli.xliff.would_import" if args.dry_run else "cli.xliff.imported", lang, count=len(plan.changes),
            unchanged=plan.unchanged, refused=len(plan.refused)))
    return 0


def run_export_tmx(args: argparse.Namespace) -> int:
    from jtwg.services.translation import files

    with open_session(args) as (conn, actor):
        content = files.export_tmx(conn, actor=actor, src=args.source)
    _write(args.output, content)
    print(t("cli.tmx.exported", args.lang, path=str(args.output), count=content.count(b"<tu>")))
    return 0


def run_import_tmx(args: argparse.Namespace) -> int:
    from jtwg.services.translation import files

    content = _read(args.file)
    with open_session(args) as (conn, actor):
        plan = files.plan_tmx(conn, content)
        added = 0 if args.dry_run else files.apply_tmx(conn, plan, actor=actor, filename=args.file.name)
    print(t("cli.tmx.would_import" if args.dry_run else "cli.tmx.imported", args.lang, new=plan.new, known=plan.known,
            added=added))
    return 0


