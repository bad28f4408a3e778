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
