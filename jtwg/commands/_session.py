"""The one way a `jtwg` command opens the database and knows who is acting.

A command acts as a real account: `--user NAME` (or JTWG_USER) must name an existing, enabled account, and
the command has exactly that account's rights (a member exports what a member may export; the log names
them). Only commands that must work before any account exists act as the system, and the change log says so
(`system (jtwg init)`): `init`, `users first-run`, `users add` and `generate` while there is no account, and
`restore`.
A command acts as the system by passing `system="<its name>"` to `open_session` (or `first_account=` to do
so only while no account exists); every other command passes nothing and gets the named account.

Modules whose name starts with "_" hold no commands: the CLI does not look for `register` in them.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typing import TYPE_CHECKING

from jtwg.config import load_settings
from jtwg.errors import NotFound
from jtwg.i18n import t

if TYPE_CHECKING:   # imported where used: every command module imports this one, and `jtwg --help` should start at once
    import duckdb

    from jtwg.models.common import Actor

USER_ENV = "JTWG_USER"


def add_user_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """`--user NAME` on a sub-command (also accepted before it: `jtwg --user NAME export ...`)."""
    parser.add_argument("--user", default=argparse.SUPPRESS, metavar="NAME", help=t("security.cli_user_option", lang))


def system_actor(command: str) -> Actor:
    """The system, acting for a command that must work without an account; the log names the command."""
    from jtwg.models.common import Actor

    return Actor.system(f"system (jtwg {command})")


def command_group(conn: duckdb.DuckDBPyConnection, actor: Actor, code: str | None):
    """The group a command works on: `--group CODE`, else the group the account acts in, else the first group."""
    from jtwg.store import groups

    if code:
        return groups.get_group(conn, code=code)
    return groups.get_group(conn, group_id=actor.group_id) if actor.group_id is not None else groups.get_group(conn)


def database_path(*, must_exist: bool = True) -> Path:
    path = load_settings().db_path
    if must_exist and not path.exists():
        raise NotFound(key="error.no_database", path=str(path))
    return path


@contextmanager
def open_session(args: argparse.Namespace, *, system: str | None = None, first_account: str | None = None,
                 must_exist: bool = True) -> Iterator[tuple[duckdb.DuckDBPyConnection, Actor]]:
    """Open the database at JTWG_DB and yield (connection, acting user); the connection is closed afterwards.

    `system`: act as the system for this command. `first_account`: act as the system only while no account
    exists (the first `users add`), else as the named account. Otherwise the named account, or a clear error
    (no --user, unknown account, disabled account).
    """
    from jtwg import db
    from jtwg.services import auth

    conn = db.connect(database_path(must_exist=must_exist))
    try:
        if system is not None:
            actor = system_actor(system)
        elif first_account is not None and auth.count_users(conn) == 0:
            actor = system_actor(first_account)
        else:
            # Roles are held per group: a command with --group acts with the account's role in that group.
            actor = auth.acting_user(conn, username=getattr(args, "user", None) or os.environ.get(USER_ENV),
                                     group_code=getattr(args, "group", None))
        yield conn, actor
    finally:
        conn.close()
