"""`jtwg generate`: add deterministic synthetic groups to the database, for scale tests and benchmarks."""

from __future__ import annotations

import argparse
import sys

from jtwg.commands._session import add_user_option, open_session
from jtwg.i18n import t


def register(groups) -> None:
    lang = groups.lang
    parser = groups.root.add_parser("generate", help=t("cli.generate.help", lang), description=t("cli.generate.help", lang))
    parser.add_argument("--groups", type=int, default=20, help=t("cli.generate.groups", lang))
    parser.add_argument("--meetings-per-group", type=int, default=25, help=t("cli.generate.meetings", lang))
    parser.add_argument("--actions", type=int, default=20_000, help=t("cli.generate.actions", lang))
    parser.add_argument("--activities-per-group", type=int, default=100, help=t("cli.generate.activities", lang))
    parser.add_argument("--seed", type=int, default=1, help=t("cli.generate.seed", lang))
    add_user_option(parser, lang)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: `jtwg --help` must not pay for the database and the models.
    from jtwg.errors import InvalidInput
    from jtwg.generate import Plan, generate
    from jtwg.services import permissions
    from jtwg.store.stats import table_counts

    if args.groups < 1 or args.meetings_per_group < 1 or args.actions < 0 or args.activities_per_group < 4:
        raise InvalidInput(key="cli.generate.bad_sizes")
    if args.meetings_per_group > 999:
        raise InvalidInput(key="cli.generate.bad_sizes")
    plan = Plan(groups=args.groups, meetings_per_group=args.meetings_per_group, actions=args.actions,
                seed=args.seed, activities_per_group=args.activities_per_group)
    # Like `init --demo`, it may fill a new database before any account exists (the system acts, logged as such);
    # once there are accounts, only the secretariat may add groups.
    with open_session(args, first_account="generate", must_exist=False) as (conn, actor):
        permissions.require(actor, "group.create")
        codes = generate(conn, plan=plan, actor=actor, progress=lambda done, total: print(
            t("cli.generate.progress", args.lang, done=done, total=total), file=sys.stderr, flush=True))
        counts = table_counts(conn)
    print(t("cli.generate.done", args.lang, groups=len(codes), meetings=counts["meeting"],
            actions=counts["action_item"], activities=counts["activity"]))
    return 0
