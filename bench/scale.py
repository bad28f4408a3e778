"""Databases at the sizes the benchmarks use (demo, 20 k and 200 k action items), built once and cached.

    demo   the demo group alone
    20k    the demo plus 19 generated groups: 20 groups, ~20 000 action items, ~500 meetings, ~2 000 activities
    200k   the demo plus 199 generated groups: ten times that

Built with `jtwg init --demo`'s code and `jtwg generate`'s, plus one test account per role; cached under
bench/.cache by size and schema, so a second run starts at once. Each benchmark works on a copy.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jtwg import db  # noqa: E402
from jtwg.commands.init import create_database  # noqa: E402
from jtwg.generate import Plan, generate  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
SIZES = {
    "demo": None,
    "20k": Plan(groups=19, meetings_per_group=25, actions=19_000, seed=1, activities_per_group=100),
    "200k": Plan(groups=199, meetings_per_group=25, actions=199_000, seed=1, activities_per_group=100),
}
# One account per role, as the tests have them (invented names).
ACCOUNTS = {
    "secretariat": dict(username="bench-sec", role="secretariat", delegation="secretariat"),
    "co_chair": dict(username="bench-cochair", role="co_chair", delegation="NG"),
    "member": dict(username="bench-member", role="member", delegation="NG", subcommittee_codes=["PR"]),
    "observer": dict(username="bench-observer", role="observer", delegation="donor"),
}
PASSWORD = "bench password 123"


def _schema() -> str:
    conn = db.connect(":memory:")
    try:
        return db.applied_migrations(conn)[-1]
    finally:
        conn.close()


def scaled_db(size: str, *, log=print) -> Path:
    """The cached database file of `size`, built if missing."""
    if size not in SIZES:
        raise SystemExit(f"unknown size {size!r}: choose from {', '.join(SIZES)}")
    path = CACHE / f"{size}-{_schema()}.duckdb"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    temp = path.with_suffix(".building")
    for stale in (temp, temp.with_name(temp.name + ".wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    create_database(temp, with_demo=True, force=False, demo_dir=ROOT / "data" / "demo")
    conn = db.connect(temp)
    try:
        _add_accounts(conn)
        plan = SIZES[size]
        if plan:
            codes = generate(conn, plan=plan, progress=lambda done, total: log(f"  {size}: group {done}/{total}") if done % 10 == 0 else None)
            _add_roles(conn, codes[0])
    finally:
        conn.close()
    temp.rename(path)
    log(f"built {size} database in {time.perf_counter() - started:.0f} s")
    return path


def _add_accounts(conn) -> None:
    from jtwg.models import Actor
    from jtwg.models.users import UserCreate
    from jtwg.services import auth

    actor = Actor.system("bench-setup")
    for fields in ACCOUNTS.values():
        auth.create_user(conn, data=UserCreate(password=PASSWORD, display_name=fields["username"], **fields), actor=actor)


def _add_roles(conn, group_code: str) -> None:
    """The same role in the first generated group (about 1 000 action items): the pages are timed there.

    Roles are held per group; the administrator (bench-sec) works in every group, the others in the demo group
    and this one, which comes first by code, so a session opens in it."""
    from jtwg.models import Actor
    from jtwg.models.users import GroupRoleSet
    from jtwg.services import auth

    actor = Actor.system("bench-setup")
    for role, fields in ACCOUNTS.items():
        if role != "secretariat":
            auth.set_group_role(conn, username=fields["username"], actor=actor, data=GroupRoleSet(
                group_code=group_code, role=fields["role"], delegation=fields["delegation"],
                subcommittee_codes=fields.get("subcommittee_codes", [])))


def working_copy(size: str) -> Path:
    """A throw-away copy of the cached database of `size` (benchmarks may write to it)."""
    source = scaled_db(size)
    folder = Path(tempfile.mkdtemp(prefix=f"jtwg-bench-{size}-"))
    target = folder / "jtwg.duckdb"
    shutil.copy(source, target)
    return target


def sign_in_state(at, db_file: Path, role: str) -> None:
    """What a successful sign-in of `role`'s bench account leaves in an AppTest's session state (AppTest has
    no browser cookie): the user, their session version and a live token id recorded in the database."""
    from jtwg.ui.auth import signed_in_state

    conn = db.connect(db_file)
    try:
        for key, value in signed_in_state(conn, username=ACCOUNTS[role]["username"]).items():
            at.session_state[key] = value
    finally:
        conn.close()
