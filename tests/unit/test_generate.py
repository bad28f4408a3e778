"""Synthetic data: deterministic, the sizes asked for, valid under the same rules as user data."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jtwg import db
from jtwg.generate import Plan, generate
from jtwg.store.stats import table_counts

PLAN = Plan(groups=2, meetings_per_group=3, actions=130, seed=7, activities_per_group=8, provisions_per_group=3)


def _snapshot(conn) -> list[tuple]:
    return conn.execute(
        "SELECT a.code, a.text.en, a.text.fr, a.status, a.due_date, a.done_on, o.acronym"
        " FROM action_item a JOIN organisation o ON o.id = a.owner_org_id ORDER BY a.code").fetchall()


def test_sizes_are_those_asked_for(conn):
    codes = generate(conn, plan=PLAN)
    counts = table_counts(conn)
    assert len(codes) == 2 and counts["jtwg_group"] == 2
    assert counts["meeting"] == 6
    assert counts["action_item"] == 130
    assert counts["activity"] == 16
    # Spread evenly: each group holds half of the action items.
    per_group = conn.execute(
        "SELECT m.group_id, count(*) FROM action_item a JOIN meeting m ON m.id = a.meeting_id GROUP BY ALL").fetchall()
    assert sorted(n for _, n in per_group) == [65, 65]


def test_the_same_seed_gives_the_same_data(tmp_path):
    first, second = db.connect(tmp_path / "a.duckdb"), db.connect(tmp_path / "b.duckdb")
    generate(first, plan=PLAN)
    generate(second, plan=PLAN)
    assert _snapshot(first) == _snapshot(second)
    other = db.connect(tmp_path / "c.duckdb")
    generate(other, plan=Plan(**{**PLAN.__dict__, "seed": 8}))
    assert _snapshot(other) != _snapshot(first)


def test_data_follows_the_rules_of_user_data(conn):
    generate(conn, plan=PLAN)
    # Every action item is bilingual, belongs to an agenda item of its own meeting, and is due after the meeting.
    bad = conn.execute("""
        SELECT a.code FROM action_item a
        JOIN meeting m ON m.id = a.meeting_id
        JOIN agenda_item i ON i.id = a.agenda_item_id
        WHERE i.meeting_id <> a.meeting_id OR a.due_date <= m.end_date
           OR a.text.en = '' OR a.text.fr = ''
           OR (a.status = 'done') <> (a.done_on IS NOT NULL)""").fetchall()
    assert bad == []
    # Every creation is in the change log, bulk-loaded rows included.
    logged = conn.execute("SELECT count(*) FROM change_log WHERE entity = 'action_item' AND action = 'create'").fetchone()[0]
    assert logged == 130
    # Commitments name activities of their own group, through the link table.
    assert conn.execute("SELECT count(*) FROM commitment_activity").fetchone()[0] > 0


def test_a_second_run_adds_groups_instead_of_colliding(conn):
    first = generate(conn, plan=PLAN)
    second = generate(conn, plan=PLAN)
    assert set(first).isdisjoint(second)
    assert table_counts(conn)["action_item"] == 260


@pytest.mark.parametrize("lang, expected", [("en", "Sizes must be positive"), ("fr", "Les tailles doivent être positives")])
def test_cli_refuses_bad_sizes_in_the_users_language(tmp_path, lang, expected):
    env = {"JTWG_DB": str(tmp_path / "x.duckdb"), "PATH": "/usr/bin:/bin"}
    import os
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-m", "jtwg", "--lang", lang, "generate", "--groups", "0"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert expected in done.stderr and "Traceback" not in done.stderr


def test_cli_generates_into_the_database(tmp_path):
    import os
    env = {**os.environ, "JTWG_DB": str(tmp_path / "g.duckdb")}
    done = subprocess.run([sys.executable, "-m", "jtwg", "generate", "--groups", "1", "--meetings-per-group", "2",
                           "--actions", "40", "--activities-per-group", "4"], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Groups added: 1." in done.stdout and "40 action items" in done.stdout
    conn = db.connect(tmp_path / "g.duckdb")
    assert table_counts(conn)["action_item"] == 40


def test_cli_needs_a_secretariat_account_once_accounts_exist(demo_db_file):
    import os
    base = {**os.environ, "JTWG_DB": str(demo_db_file)}
    base.pop("JTWG_USER", None)
    args = [sys.executable, "-m", "jtwg", "generate", "--groups", "1", "--meetings-per-group", "1", "--actions", "4",
            "--activities-per-group", "4"]
    nobody = subprocess.run(args, capture_output=True, text=True, env=base, timeout=300)
    assert nobody.returncode == 1 and "Traceback" not in nobody.stderr
    member = subprocess.run(args + ["--user", "member-pr"], capture_output=True, text=True, env=base, timeout=300)
    assert member.returncode == 1 and "Traceback" not in member.stderr
    conn = db.connect(demo_db_file)
    assert table_counts(conn)["jtwg_group"] == 1   # nothing added by either
    conn.close()
    done = subprocess.run(args + ["--user", "sec"], capture_output=True, text=True, env=base, timeout=300)
    assert done.returncode == 0, done.stderr
