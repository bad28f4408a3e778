"""The database: named migrations on a real file, transactions, versioned updates and the change log."""

import subprocess
import sys

import pytest

from jtwg import db
from jtwg.errors import DatabaseLocked, NotFound, StaleVersion
from jtwg.models import Bilingual, OrganisationCreate
from jtwg.store import groups
from jtwg.store.records import history, update


def test_new_file_gets_every_migration(tmp_path):
    path = tmp_path / "new.duckdb"
    conn = db.connect(path)
    assert db.applied_migrations(conn) == [name for name, _ in db.migrations()]
    conn.close()


def test_an_older_file_is_migrated_on_open_and_keeps_its_data(tmp_path, actor):
    path = tmp_path / "old.duckdb"
    shipped = db.migrations()
    conn = db.connect(path)
    groups.create_organisation(conn, data=OrganisationCreate(
        acronym="NAPTIP", name=Bilingual.of("NAPTIP", "NAPTIP"), org_type="government"), actor=actor)
    conn.close()
    later = ("9999_add_note_column", "ALTER TABLE organisation ADD COLUMN note VARCHAR;")
    conn = db.connect(path, read_only=False)
    assert db.migrate(conn, [*shipped, later]) == ["9999_add_note_column"]
    assert db.migrate(conn, [*shipped, later]) == []
    assert conn.execute("SELECT acronym, note FROM organisation").fetchall() == [("NAPTIP", None)]
    conn.close()


def test_a_failing_migration_changes_nothing(conn):
    broken = ("9998_broken", "CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;")
    with pytest.raises(Exception):
        db.migrate(conn, [*db.migrations(), broken])
    assert "9998_broken" not in db.applied_migrations(conn)
    assert conn.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'").fetchone()[0] == 0


def test_transaction_rolls_back_everything(conn, actor):
    with pytest.raises(RuntimeError):
        with db.transaction(conn):
            groups.create_organisation(conn, data=OrganisationCreate(
                acronym="DST", name=Bilingual.of("DST", "DST"), org_type="government"), actor=actor)
            raise RuntimeError("boom")
    assert conn.execute("SELECT count(*) FROM organisation").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0


def test_versioned_update_logs_the_diff_and_refuses_a_stale_save(demo_conn, actor):
    row_id, version = demo_conn.execute("SELECT id, version FROM action_item WHERE code = 'A4-04'").fetchone()
    diff = update(demo_conn, "action_item", row_id, {"status": "done", "progress_pct": 60},
                  expected_version=version, actor=actor, note="mapping delivered")
    assert diff == {"status": ["in_progress", "done"]}
    entry = history(demo_conn, entity="action_item", entity_id=row_id)[0]
    assert (entry["actor"], entry["action"], entry["changes"], entry["note"]) == (
        "test-secretariat", "update", {"status": ["in_progress", "done"]}, "mapping delivered")
    with pytest.raises(StaleVersion):
        update(demo_conn, "action_item", row_id, {"status": "open"}, expected_version=version, actor=actor)
    assert demo_conn.execute("SELECT status, version FROM action_item WHERE id = ?", [row_id]).fetchone() == ("done", version + 1)


def test_update_of_a_missing_row(conn, actor):
    with pytest.raises(NotFound):
        update(conn, "activity", 999, {"status": "done"}, expected_version=1, actor=actor)


def test_second_process_gets_a_clear_lock_error(demo_db_file):
    holder = db.connect(demo_db_file)
    try:
        code = ("import sys\nfrom jtwg import db\nfrom jtwg.errors import DatabaseLocked\n"
                "try:\n    db.connect(sys.argv[1])\nexcept DatabaseLocked as e:\n    print(e.message('fr'))\n")
        out = subprocess.run([sys.executable, "-c", code, str(demo_db_file)], capture_output=True, text=True, timeout=60)
        assert "est utilisée par un autre programme" in out.stdout, out.stderr
    finally:
        holder.close()
    assert DatabaseLocked.key == "error.database_locked"


def test_update_action_item_needs_a_reason_to_move_a_due_date(demo_conn, actor):
    from datetime import date

    from jtwg.errors import InvalidInput
    from jtwg.models import ActionItemUpdate
    from jtwg.services.actions import action_history, update_action_item

    row_id, version = demo_conn.execute("SELECT id, version FROM action_item WHERE code = 'A4-04'").fetchone()
    with pytest.raises(InvalidInput):
        update_action_item(demo_conn, action_id=row_id, expected_version=version, actor=actor, today=date(2022, 6, 15),
                           data=ActionItemUpdate(due_date=date(2022, 7, 31)))
    diff = update_action_item(demo_conn, action_id=row_id, expected_version=version, actor=actor, today=date(2022, 6, 15),
                              data=ActionItemUpdate(due_date=date(2022, 7, 31), due_change_reason="rainy season",
                                                    note="field visits postponed"))
    assert diff["due_date"][1] == date(2022, 7, 31)
    diff = update_action_item(demo_conn, action_id=row_id, expected_version=version + 1, actor=actor,
                              today=date(2022, 6, 15), data=ActionItemUpdate(status="done"))
    assert diff["done_on"] == [None, date(2022, 6, 15)] and diff["progress_pct"] == [60, 100]
    notes = [h["note"] for h in action_history(demo_conn, action_id=row_id)]
    assert "field visits postponed\ndue date: rainy season" in notes


def test_a_member_cannot_update_another_subcommittee_item(demo_conn):
    from datetime import date

    from jtwg.errors import PermissionDenied
    from jtwg.models import ActionItemUpdate, Actor
    from jtwg.services.actions import update_action_item

    row_id, version = demo_conn.execute("SELECT id, version FROM action_item WHERE code = 'A4-04'").fetchone()  # PR
    member = Actor(username="ip-member", role="member", subcommittee_codes=("IP",))
    with pytest.raises(PermissionDenied):
        update_action_item(demo_conn, action_id=row_id, expected_version=version, actor=member,
                           today=date(2022, 6, 15), data=ActionItemUpdate(status="done"))
    pr_member = Actor(username="pr-member", role="member", subcommittee_codes=("PR",))
    assert update_action_item(demo_conn, action_id=row_id, expected_version=version, actor=pr_member,
                              today=date(2022, 6, 15), data=ActionItemUpdate(progress_pct=80))


def test_links_are_removed_with_the_record_they_point_to(demo_conn, actor):
    from jtwg.services.meetings.minutes import minutes_view, untranslated
    from jtwg.store import links

    # The demo links C-5.1 to IP-01; C-6.1 and IP-02 are not linked to anything.
    commitment = demo_conn.execute("SELECT id FROM commitment WHERE code = 'C-6.1'").fetchone()[0]
    activity = demo_conn.execute("SELECT id FROM activity WHERE code = 'IP-02'").fetchone()[0]
    assert links.link(demo_conn, kind="activity", commitment_id=commitment, target_id=activity, actor=actor)
    assert not links.link(demo_conn, kind="activity", commitment_id=commitment, target_id=activity, actor=actor)
    assert links.linked(demo_conn, kind="activity", target_id=activity) == [(commitment, activity)]
    assert links.remove_links_to(demo_conn, kind="activity", target_id=activity, actor=actor) == 1
    assert links.linked(demo_conn, kind="activity", target_id=activity) == []
    with pytest.raises(NotFound):
        links.link(demo_conn, kind="action", commitment_id=commitment, target_id=9999, actor=actor)
    assert untranslated(minutes_view(demo_conn, meeting_id=4)) == []
