"""`jtwg users add|grant|revoke|list|disable|reset-password`: manage accounts and their roles per group."""

from __future__ import annotations

import argparse
import getpass
import sys


from typing import TYPE_CHECKING

from jtwg.cli import LazyChoices
from jtwg.commands._session import add_user_option, open_session
from jtwg.errors import InvalidInput
from jtwg.i18n import format_date, label, t

if TYPE_CHECKING:   # annotations only: imported where used, so `jtwg --help` starts at once
    from pydantic import ValidationError


def register(groups) -> None:
    lang = groups.lang
    users = groups.under("users", "cli.users.help")
    add = users.add_parser("add", help=t("cli.users.add", lang))
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=LazyChoices("jtwg.models.common", "UserRole", values=True), metavar="ROLE")
    add.add_argument("--name", dest="display_name", default="", help=t("cli.users.display_name", lang))
    add.add_argument("--delegation", help=t("cli.users.delegation", lang))
    add.add_argument("--subcommittee", action="append", default=[], help=t("cli.users.subcommittee", lang))
    add.add_argument("--group", dest="role_group", metavar="CODE", help=t("cli.users.group", lang))
    add.add_argument("--password-stdin", action="store_true", help=t("cli.users.password_stdin", lang))
    add_user_option(add, lang)   # not needed for the very first account
    add.set_defaults(handler=run_add)
    grant = users.add_parser("grant", help=t("cli.users.grant", lang))
    grant.add_argument("username")
    grant.add_argument("--group", dest="role_group", required=True, metavar="CODE", help=t("cli.users.group", lang))
    grant.add_argument("--role", required=True, choices=LazyChoices("jtwg.models.common", "UserRole", values=True), metavar="ROLE")
    grant.add_argument("--delegation", help=t("cli.users.delegation", lang))
    grant.add_argument("--subcommittee", action="append", default=[], help=t("cli.users.subcommittee", lang))
    add_user_option(grant, lang)
    grant.set_defaults(handler=run_grant)
    revoke = users.add_parser("revoke", help=t("cli.users.revoke", lang))
    revoke.add_argument("username")
    revoke.add_argument("--group", dest="role_group", required=True, metavar="CODE", help=t("cli.users.group", lang))
    add_user_option(revoke, lang)
    revoke.set_defaults(handler=run_revoke)
    listing = users.add_parser("list", help=t("cli.users.list", lang))
    add_user_option(listing, lang)
    listing.set_defaults(handler=run_list)
    disable = users.add_parser("disable", help=t("cli.users.disable", lang))
    disable.add_argument("username")
    disable.add_argument("--enable", action="store_true", help=t("cli.users.enable", lang))
    add_user_option(disable, lang)
    disable.set_defaults(handler=run_disable)
    reset = users.add_parser("reset-password", help=t("cli.users.reset", lang))
    reset.add_argument("username")
    reset.add_argument("--password-stdin", action="store_true", help=t("cli.users.password_stdin", lang))
    add_user_option(reset, lang)
    reset.set_defaults(handler=run_reset)
    users.add_parser("first-run", help=t("cli.users.first_run", lang)).set_defaults(handler=run_first)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(t("cli.users.prompt", args.lang))
    if getpass.getpass(t("cli.users.prompt_again", args.lang)) != first:
        raise InvalidInput([("password", "invalid.passwords_differ", {})])
    return first


def _invalid(exc: ValidationError, lang: str) -> InvalidInput:
    from jtwg.validation import describe

    return InvalidInput(key="cli.users.invalid", lines="; ".join(describe(exc, lang)))


def run_add(args: argparse.Namespace) -> int:
    from jtwg.models.users import UserCreate
    from jtwg.services import auth
    from pydantic import ValidationError

    password = _password(args)
    try:
        data = UserCreate(username=args.username, display_name=args.display_name, role=args.role,
                          delegation=args.delegation, subcommittee_codes=args.subcommittee, group_code=args.role_group,
                          password=password)
    except ValidationError as exc:
        raise _invalid(exc, args.lang) from None
    # The first account is made by the system (nobody could sign in yet); later ones by an administrator.
    with open_session(args, first_account="users add") as (conn, actor):
        user = auth.create_user(conn, data=data, actor=actor)
    print(t("cli.users.added", args.lang, user=user.username, role=auth.describe_roles(user, args.lang)))
    return 0


def run_grant(args: argparse.Namespace) -> int:
    from jtwg.models.users import GroupRoleSet
    from jtwg.services import auth
    from pydantic import ValidationError

    try:
        data = GroupRoleSet(group_code=args.role_group, role=args.role, delegation=args.delegation,
                            subcommittee_codes=args.subcommittee)
    except ValidationError as exc:
        raise _invalid(exc, args.lang) from None
    with open_session(args) as (conn, actor):
        user = auth.set_group_role(conn, username=args.username, data=data, actor=actor)
    print(t("users.role_set", args.lang, user=user.username, role=label(data.role, args.lang), group=args.role_group))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from jtwg.services import auth

    with open_session(args) as (conn, actor):
        user = auth.remove_group_role(conn, username=args.username, group_code=args.role_group, actor=actor)
    print(t("users.role_removed", args.lang, user=user.username, group=args.role_group))
    return 0


def run_list(args: argparse.Namespace) -> int:
    from jtwg.services import auth

    with open_session(args) as (conn, actor):
        users = auth.list_users(conn, actor=actor)
    if not users:
        print(t("auth.no_users_cli", args.lang))
    for u in users:
        state = t("cli.users.disabled", args.lang) if u.disabled else ""
        last = format_date(u.last_login_at.date(), args.lang, "medium") if u.last_login_at else "—"
        print("\t".join([u.username, auth.describe_roles(u, args.lang), last, state]).rstrip())
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from jtwg.services import auth

    with open_session(args) as (conn, actor):
        user = auth.set_disabled(conn, username=args.username, disabled=not args.enable, actor=actor)
    print(t("cli.users.enabled_now" if not user.disabled else "cli.users.disabled_now", args.lang, user=user.username))
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from jtwg.services import auth

    password = _password(args)
    with open_session(args) as (conn, actor):
        user = auth.reset_password(conn, username=args.username, password=password, actor=actor)
    print(t("cli.users.reset_done", args.lang, user=user.username))
    return 0


def run_first(args: argparse.Namespace) -> int:
    """With no account yet: create the first secretariat account interactively (or say how to)."""
    from jtwg.models.users import UserCreate
    from jtwg.services import auth
    from jtwg.validation import describe
    from pydantic import ValidationError

    with open_session(args, system="users first-run", must_exist=False) as (conn, actor):
        if auth.count_users(conn):
            return 0
        if not sys.stdin.isatty():
            print(t("auth.no_users_cli", args.lang))
            return 0
        print(t("cli.users.first_intro", args.lang))
        username = input(t("cli.users.prompt_username", args.lang)).strip() or "secretariat"
        args.password_stdin = False
        while True:
            try:
                data = UserCreate(username=username, role="secretariat", delegation="secretariat", password=_password(args))
                break
            except (ValidationError, InvalidInput) as exc:
                message = "; ".join(describe(exc, args.lang)) if isinstance(exc, ValidationError) else exc.message(args.lang)
                print(t("cli.error", args.lang, message=message), file=sys.stderr)
        user = auth.create_user(conn, data=data, actor=actor)
    print(t("cli.users.added", args.lang, user=user.username, role=auth.describe_roles(user, args.lang)))
    return 0
