"""The audit trail: filters, CSV export, secretariat only, and an append-only change log."""

import csv
import io
import re
from datetime import date

import pytest

from jtwg.config import PROJECT_ROOT
from jtwg.errors import PermissionDenied
from jtwg.models import ActionItemUpdate, Actor
from jtwg.services import audit
from jtwg.services.actions import update_action_item


def test_search_filters_and_csv(demo_conn, actor):
    row_id, version = demo_conn.execute("SELECT id, version FROM action_item WHERE code = 'A4-04'").fetchone()
    update_action_item(demo_conn, action_id=row_id, expected_version=version, actor=actor, today=date(2022, 6, 15),
                       data=ActionItemUpdate(status="done", note="Mapping réalisée"))
    found, total = audit.search(demo_conn, actor=actor, where=audit.AuditFilter(actor="test-secretariat"))
    assert total == 1 and found[0]["changes"]["status"] == ["in_progress", "done"]
    found, _ = audit.search(demo_conn, actor=actor, where=audit.AuditFilter(text="mapping realisee"))
    assert [e["entity"] for e in found] == ["action_item"]
    assert "status: in_progress → done" in audit.describe_changes(found[0]["changes"])
    _, everything = audit.search(demo_conn, actor=actor, where=audit.AuditFilter(entity="meeting", action="create"))
    assert everything == 4
    rows = list(csv.reader(io.StringIO(audit.to_csv(found).decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "logged_at", "actor"] and rows[1][2] == "test-secretariat"


@pytest.mark.parametrize("role", ["co_chair", "member", "observer"])
def test_only_the_secretariat_reads_the_trail(demo_conn, role):
    with pytest.raises(PermissionDenied):
        audit.search(demo_conn, actor=Actor(username="x", role=role, subcommittee_codes=("IP",)), where=audit.AuditFilter())


def test_no_code_updates_or_deletes_the_change_log():
    offending = []
    for path in (PROJECT_ROOT / "jtwg").rglob("*"):
        if path.suffix not in (".py", ".sql"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"(UPDATE\s+change_log|DELETE\s+FROM\s+change_log|DROP\s+TABLE\s+change_log|TRUNCATE\s+change_log)", text, re.I):
            offending.append(str(path.relative_to(PROJECT_ROOT)))
    assert offending == []


def test_pages_of_the_trail_are_the_whole_trail_in_slices_counted_in_sql(demo_db_file, actor):
    """Pages read with offset/limit from a real database file, one after another, are the whole trail
    newest first; the count is the one an independent plain-SQL count gives, also with a filter."""
    from jtwg import db

    conn = db.connect(demo_db_file)
    try:
        where = audit.AuditFilter()
        total = audit.count(conn, actor=actor, where=where)
        assert total == conn.execute("SELECT count(*) FROM change_log").fetchone()[0] > 100
        pages = [audit.page(conn, actor=actor, where=where, offset=offset, limit=50) for offset in range(0, total, 50)]
        assert [len(p) for p in pages] == [50] * (total // 50) + ([total % 50] if total % 50 else [])
        ids = [e["id"] for p in pages for e in p]
        assert ids == [r[0] for r in conn.execute("SELECT id FROM change_log ORDER BY id DESC").fetchall()]
        whole, whole_total = audit.search(conn, actor=actor, where=audit.AuditFilter(limit=total))
        assert [e["id"] for e in whole] == ids and whole_total == total
        assert pages[1][0]["changes"] == whole[50]["changes"]                  # the same rows, decoded the same way
        assert audit.page(conn, actor=actor, where=where, offset=total, limit=50) == []

        meetings = audit.AuditFilter(entity="meeting", action="create")
        assert audit.count(conn, actor=actor, where=meetings) == conn.execute(
            "SELECT count(*) FROM change_log WHERE entity = 'meeting' AND action = 'create'").fetchone()[0] == 4
        assert [e["entity"] for e in audit.page(conn, actor=actor, where=meetings, offset=2, limit=10)] == ["meeting"] * 2
        with pytest.raises(ValueError):
            audit.page(conn, actor=actor, where=where, offset=-1, limit=10)
    finally:
        conn.close()


@pytest.mark.parametrize("role", ["co_chair", "member", "observer"])
def test_only_the_secretariat_counts_or_pages_the_trail(demo_conn, role):
    reader = Actor(username="x", role=role, subcommittee_codes=("IP",))
    with pytest.raises(PermissionDenied):
        audit.count(demo_conn, actor=reader, where=audit.AuditFilter())
    with pytest.raises(PermissionDenied):
        audit.page(demo_conn, actor=reader, where=audit.AuditFilter(), offset=0, limit=10)
