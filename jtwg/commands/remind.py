"""`jtwg remind [--dry-run] [--as-of DATE]`: the reminder job run from the command line while the app is stopped
(a second process cannot open the database; inside the app the scheduler and the Email page run it)."""

from __future__ import annotations

import argparse
from datetime import date

from jtwg.commands._session import add_user_option, open_session
from jtwg.i18n import format_date, t


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(value) from None


def register(groups_) -> None:
    lang = groups_.lang
    parser = groups_.root.add_parser("remind", help=t("cli.remind.help", lang), description=t("cli.remind.help", lang))
    parser.add_argument("--dry-run", action="store_true", help=t("cli.remind.dry_run", lang))
    parser.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD", help=t("cli.remind.as_of", lang))
    parser.add_argument("--group", metavar="CODE", help=t("cli.remind.group", lang))
    add_user_option(parser, lang)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from jtwg.services import settings as app_settings
    from jtwg.services.mail import config as mail_config
    from jtwg.services.mail.reminders import run_reminders
    from jtwg.store import groups

    with open_session(args) as (conn, actor):
        cur = conn.cursor()
        group_id = groups.get_group(cur, code=args.group).id if args.group else actor.group_id
        as_of = args.as_of or app_settings.today(cur)
        config = mail_config.load(cur)
        result = run_reminders(cur, as_of=as_of, dry_run=args.dry_run, actor=actor, group_id=group_id, config=config)
    lang = args.lang
    print(t("cli.remind.header_dry" if args.dry_run else "cli.remind.header", lang, date=format_date(as_of, lang),
            count=len(result.to_send)))
    for digest in result.digests:
        who = digest.recipient
        state = t(f"cli.remind.skipped.{digest.skipped}", lang) if digest.skipped else who.email
        print(t("cli.remind.line", lang, name=who.name, lang_code=who.lang.upper(), items=len(digest.items), state=state))
    if not args.dry_run:
        sent = result.send
        if sent is None or not config.can_send:
            print(t("cli.remind.no_smtp", lang, count=len(result.queued)))
        else:
            print(t("cli.remind.done", lang, queued=len(result.queued), sent=sent.sent, waiting=sent.waiting))
            if sent.error:
                print(t("cli.remind.error", lang, error=sent.error))
                return 1
    return 0
