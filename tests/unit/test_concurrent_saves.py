"""Two sessions saving at once, each with its own cursor on one database file (as the app's threads do):
one save wins, the other gets the project's clear error, and nothing is overwritten."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from jtwg import db
from jtwg.db import transaction
from jtwg.errors import AlreadyExists, StaleVersion
from jtwg.models import ActionItemCreate, ActionItemUpdate, Actor
from jtwg.services import actions
from jtwg.store import groups

SEC = Actor(username="test-secretariat", role="secretariat")


def together(*jobs):
    """Run the jobs at the same moment in threads; return what each returned or raised."""
    results: list[object] = [None] * len(jobs)
    start = threading.Barrier(len(jobs))

    def run(i, job):
        start.wait()
        try:
            results[i] = job()
        except Exception as exc:  # noqa: BLE001 - what the test looks at
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


@pytest.fixture
def conn(demo_db_file):
    c = db.connect(demo_db_file)
    yield c
    c.close()


def test_a_lost_update_race_reads_as_someone_else_saved(conn):
    """Both transactions read version 1 and write: DuckDB refuses the second ("Conflict on update")."""
    action_id, version = conn.execute("SELECT id, version FROM action_item ORDER BY id LIMIT 1").fetchone()
    opened = threading.Barrier(2)

    def save(evidence):
        cur = conn.cursor()

        def job():
            with transaction(cur):
                cur.execute("SELECT version FROM action_item WHERE id = ?", [action_id]).fetchone()
                opened.wait()   # both are inside their transaction before either writes
                cur.execute("UPDATE action_item SET evidence = ?, version = version + 1 WHERE id = ?", [evidence, action_id])
            return evidence
        return job

    results = together(save("first"), save("second"))
    winners = [r for r in results if isinstance(r, str)]
    losers = [r for r in results if not isinstance(r, str)]
    assert len(winners) == 1 and len(losers) == 1 and isinstance(losers[0], StaleVersion), results
    assert "Reload" in losers[0].message("en") and "Rechargez" in losers[0].message("fr")
    assert conn.execute("SELECT evidence, version FROM action_item WHERE id = ?", [action_id]).fetchone() == (winners[0], version + 1)


def test_two_saves_through_the_service_one_wins_one_is_told(conn):
    action_id, version = conn.execute("SELECT id, version FROM action_item ORDER BY id LIMIT 1").fetchone()

    def save(text):
        cur = conn.cursor()
        return lambda: actions.update_action_item(cur, action_id=action_id, expected_version=version,
                                                  data=ActionItemUpdate(evidence=text), actor=SEC, today=date(2022, 6, 1))

    results = together(save("report A"), save("report B"))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], StaleVersion), results
    saved = conn.execute("SELECT evidence, version FROM action_item WHERE id = ?", [action_id]).fetchone()
    assert saved[0] in ("report A", "report B") and saved[1] == version + 1


def test_two_creates_of_one_new_code_one_exists_error(conn):
    group = groups.get_group(conn, code="NE-NG")

    def create(text):
        cur = conn.cursor()
        data = ActionItemCreate(code="RACE-1", text={"en": text}, due_date=date(2022, 9, 1), owner_acronym="NAPTIP")
        return lambda: actions.create_action_item(cur, group_id=group.id, data=data, actor=SEC)

    for _ in range(3):   # the race is real: run it a few times, whoever wins
        conn.execute("DELETE FROM action_item WHERE code = 'RACE-1'")
        results = together(create("one"), create("two"))
        # Read as the page and the CLI read any error (show_error, cli.main): a clear AlreadyExists.
        errors = [db.translated(r) or r for r in results if isinstance(r, Exception)]
        assert len(errors) == 1 and isinstance(errors[0], AlreadyExists), results
        assert conn.execute("SELECT count(*) FROM action_item WHERE code = 'RACE-1'").fetchone()[0] == 1
