"""`jtwg export workplan|actions|mou` and `jtwg import workplan|actions|mou`: the Excel round trip from the command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jtwg.commands._session import add_user_option, command_group, open_session
from jtwg.errors import JtwgError
from jtwg.i18n import t

SHEET_NAMES = ("workplan", "actions", "mou")


def sheets() -> dict:
    """Each workbook's export, template and import adapter (imported here: the CLI starts without openpyxl)."""
    from jtwg.excel import actions_sheet, mou_sheet, workplan_sheet

    return {
        "workplan": (workplan_sheet.export_workplan, workplan_sheet.template, workplan_sheet.WorkplanAdapter),
        "actions": (actions_sheet.export_actions, actions_sheet.template, actions_sheet.ActionsAdapter),
        # The MoU is one workbook of two sheets (provisions, commitments) imported together.
        "mou": (mou_sheet.export_mou, mou_sheet.template, mou_sheet.adapters),
    }


def register(groups_) -> None:
    lang = groups_.lang
    exports = groups_.under("export", "cli.export.help")
    imports = groups_.under("import", "cli.import.help")
    for name in SHEET_NAMES:
        p = exports.add_parser(name, help=t(f"cli.excel.export_{name}", lang), description=t(f"cli.excel.export_{name}", lang))
        p.add_argument("-o", "--output", required=True, type=Path, help=t("cli.excel.output", lang))
        p.add_argument("--subcommittee", metavar="CODE", help=t("cli.excel.subcommittee", lang))
        p.add_argument("--template", action="store_true", help=t("cli.excel.template", lang))
        # Also accepted after the sub-command; SUPPRESS keeps the global --lang when it is not given here.
        p.add_argument("--lang", choices=["en", "fr"], default=argparse.SUPPRESS, help=t("cli.excel.lang", lang))
        p.add_argument("--group", metavar="CODE", help=t("cli.group_option", lang))
        add_user_option(p, lang)
        p.set_defaults(handler=run_export, sheet=name)
        p = imports.add_parser(name, help=t(f"cli.excel.import_{name}", lang), description=t(f"cli.excel.import_{name}", lang))
        p.add_argument("file", type=Path, help=t("cli.excel.file", lang))
        p.add_argument("--dry-run", action="store_true", help=t("cli.excel.dry_run", lang))
        p.add_argument("--confirm-personal-data", action="store_true", help=t("cli.excel.confirm_personal_data", lang))
        p.add_argument("--lang", choices=["en", "fr"], default=argparse.SUPPRESS, help=t("cli.excel.lang", lang))
        p.add_argument("--group", metavar="CODE", help=t("cli.group_option", lang))
        add_user_option(p, lang)
        p.set_defaults(handler=run_import, sheet=name)


def run_export(args: argparse.Namespace) -> int:
    from jtwg.services import settings as app_settings
    from jtwg.store import groups

    export, template, _ = sheets()[args.sheet]
    if args.template:
        data = template(args.lang)
    else:
        with open_session(args) as (conn, actor):
            group = command_group(conn, actor, args.group)
            if args.subcommittee:
                groups.subcommittee_id(conn, group_id=group.id, code=args.subcommittee)   # a clear error if unknown
            data = export(conn, group_id=group.id, actor=actor, lang=args.lang, today=app_settings.today(conn),
                          subcommittee_code=args.subcommittee)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(data)
    except OSError as exc:
        raise JtwgError(str(exc), key="cli.excel.cannot_write", path=str(args.output)) from exc
    print(t("cli.excel.written", args.lang, path=args.output))
    return 0


def run_import(args: argparse.Namespace) -> int:
    from jtwg.excel.importer import CHANGED, NEW, UNCHANGED, apply_import, preview_import
    from jtwg.row_problems import RowsRejected
    from jtwg.services import settings as app_settings
    from jtwg.services.personal_data import PersonalDataUnconfirmed

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise JtwgError(str(exc), key="cli.excel.cannot_read", path=str(args.file)) from exc
    _, _, adapter_class = sheets()[args.sheet]
    try:
        with open_session(args) as (conn, actor):
            group = command_group(conn, actor, args.group)
            adapter = adapter_class(group.id, app_settings.today(conn))
            if args.dry_run:
                preview = preview_import(conn, adapter, data)
                if preview.problems:
                    raise RowsRejected(preview.problems)
                for warning in preview.warnings:
                    print(warning.message(args.lang), file=sys.stderr)
            else:
                preview = apply_import(conn, adapter, data, actor, confirm_personal_data=args.confirm_personal_data)
    except PersonalDataUnconfirmed as exc:   # every row listed, then how to confirm
        for line in exc.lines(args.lang):
            print(line, file=sys.stderr)
        print(t("cli.error", args.lang, message=t("cli.excel.unconfirmed", args.lang, count=len(exc.warnings))), file=sys.stderr)
        return 1
    except RowsRejected as exc:
        print(t("cli.error", args.lang, message=exc.message(args.lang)), file=sys.stderr)
        for line in exc.lines(args.lang):
            print(line, file=sys.stderr)
        return 1
    counts = preview.counts()
    key = "cli.excel.checked" if args.dry_run else "cli.excel.imported"
    print(t(key, args.lang, new=counts[NEW], changed=counts[CHANGED], unchanged=counts[UNCHANGED]))
    return 0
