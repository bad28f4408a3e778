"""Several groups in one installation: roles are held per group, and every service refuses another group's data."""

from __future__ import annotations

from datetime import date

import pytest

from jtwg import db
from jtwg.errors import JtwgError, PermissionDenied
from jtwg.generate import Plan, generate
from jtwg.models import ActionItemUpdate, Actor
from jtwg.models.users import GroupRoleSet, UserCreate
from jtwg.services import auth, calendar, exports, overview, permissions, search, workplan
from jtwg.services import actions as action_service
from jtwg.services.meetings import agenda, planning
from jtwg.store import groups as group_store
from tests.support.users import PASSWORD

TODAY = date(2022, 6, 1)
PLAN = Plan(groups=1, meetings_per_group=2, actions=40, seed=3, activities_per_group=4, provisions_per_group=2)


@pytest.fixture
def two_groups(demo_db_file):
    """The demo group (NE-NG) and one generated group, with the test accounts (all in NE-NG only)."""
    conn = db.connect(demo_db_file)
    [other_code] = generate(conn, plan=PLAN)
    yield conn, group_store.get_group(conn, code="NE-NG"), group_store.get_group(conn, code=other_code)
    conn.close()


def _first(conn, sql: str, params: list) -> int:
    return conn.execute(sql, params).fetchone()[0]


def test_the_accounts_of_the_first_group_hold_no_role_in_a_new_group(two_groups):
    conn, home, other = two_groups
    member = auth.get_user(conn, username="member-pr")
    assert [g.code for g in auth.groups_of(conn, user=member)] == ["NE-NG"]
    assert member.actor(home.id).subcommittee_codes == ("PR",) and member.actor(home.id).group_id == home.id
    # The other group has a PR sub-committee too: being a member of PR in NE-NG gives nothing there.
    assert _first(conn, "SELECT count(*) FROM subcommittee WHERE group_id = ? AND code = 'PR'", [other.id]) == 1
    assert member.actor(other.id) is None
    admin = auth.get_user(conn, username="sec")
    assert admin.administrator and [g.code for g in auth.groups_of(conn, user=admin)] == sorted([home.code, other.code])


def test_a_role_given_in_another_group_is_that_role_there_only(two_groups):
    conn, home, other = two_groups
    admin = auth.get_user(conn, username="sec").actor(home.id)
    auth.set_group_role(conn, username="member-pr", actor=admin,
                        data=GroupRoleSet(group_code=other.code, role="co_chair", delegation="secretariat"))
    user = auth.get_user(conn, username="member-pr")
    assert user.actor(other.id).role == "co_chair" and user.actor(home.id).role == "member"
    assert auth.describe_roles(user, "en") == f"{other.code}: Co-chair (secretariat) · NE-NG: Sub-committee member (NE; PR)"
    # Sub-committee codes are checked against the group the role is given in.
    with pytest.raises(JtwgError):
        auth.set_group_role(conn, username="member-pr", actor=admin,
                            data=GroupRoleSet(group_code=other.code, role="member", subcommittee_codes=["NOPE"]))
    auth.remove_group_role(conn, username="member-pr", group_code=other.code, actor=admin)
    assert auth.get_user(conn, username="member-pr").actor(other.id) is None
    logged = conn.execute("SELECT action, note FROM change_log WHERE entity = 'app_user' AND action LIKE 'role.%' "
                          "ORDER BY id").fetchall()
    assert logged == [("role.set", f"{other.code}: co_chair secretariat"), ("role.remove", other.code)]


def test_every_read_of_another_group_is_refused(two_groups):
    conn, home, other = two_groups
    other_meeting = _first(conn, "SELECT id FROM meeting WHERE group_id = ? ORDER BY sequence_no LIMIT 1", [other.id])
    for username in ("member-pr", "cochair-ng", "donor"):
        actor = auth.get_user(conn, username=username).actor(home.id)
        reads = [
            lambda: action_service.tracker(conn, group_id=other.id, actor=actor, today=TODAY),
            lambda: overview.overview(conn, group_id=other.id, actor=actor, today=TODAY),
            lambda: workplan.workplan_view(conn, group_id=other.id, actor=actor, today=TODAY),
            lambda: search.search(conn, group_id=other.id, query="plan", actor=actor),
            lambda: planning.list_meetings(conn, group_id=other.id, actor=actor),
            lambda: agenda.agenda_items(conn, meeting_id=other_meeting, actor=actor),
            lambda: calendar.group_calendar(conn, group_id=other.id, lang="en", actor=actor),
            lambda: exports.export_minutes(conn, meeting_id=other_meeting, lang="en", profile="public", actor=actor),
        ]
        for read in reads:
            with pytest.raises(PermissionDenied) as refused:
                read()
            assert refused.value.key == "error.other_group"
        # Their own group still reads.
        assert planning.list_meetings(conn, group_id=home.id, actor=actor)


def test_a_member_of_pr_cannot_change_pr_items_of_another_group(two_groups):
    conn, home, other = two_groups
    member = auth.get_user(conn, username="member-pr").actor(home.id)
    # An item of the other group's own PR sub-committee.
    pr = _first(conn, "SELECT id FROM subcommittee WHERE group_id = ? AND code = 'PR'", [other.id])
    item = _first(conn, "SELECT a.id FROM action_item a JOIN meeting m ON m.id = a.meeting_id WHERE m.group_id = ? "
                        "ORDER BY a.code LIMIT 1", [other.id])
    conn.execute("UPDATE action_item SET subcommittee_id = ? WHERE id = ?", [pr, item])
    row = conn.execute("SELECT id, version FROM action_item WHERE id = ?", [item]).fetchone()
    before = conn.execute("SELECT * FROM action_item WHERE id = ?", [row[0]]).fetchone()
    with pytest.raises(PermissionDenied):
        action_service.update_action_item(conn, action_id=row[0], expected_version=row[1],
                                          data=ActionItemUpdate(progress_pct=90), actor=member, today=TODAY)
    assert conn.execute("SELECT * FROM action_item WHERE id = ?", [row[0]]).fetchone() == before


def test_a_group_secretariat_runs_its_group_not_the_installation(two_groups):
    conn, home, other = two_groups
    admin = Actor.system("test")
    auth.create_user(conn, actor=admin, data=UserCreate(username="sec-other", role="secretariat", delegation="secretariat",
                                                        group_code=other.code, password=PASSWORD))
    user = auth.get_user(conn, username="sec-other")
    assert not user.administrator and [g.code for g in auth.groups_of(conn, user=user)] == [other.code]
    actor = user.actor(other.id)
    assert action_service.tracker(conn, group_id=other.id, actor=actor, today=TODAY)
    assert permissions.may_open_page(actor, "meetings") and not permissions.may_open_page(actor, "settings")
    assert not permissions.may_open_page(actor, "audit")
    with pytest.raises(PermissionDenied):
        auth.list_users(conn, actor=actor)
    with pytest.raises(PermissionDenied):
        planning.list_meetings(conn, group_id=home.id, actor=actor)


def test_the_command_line_acts_in_the_group_asked_for(two_groups):
    conn, home, other = two_groups
    assert auth.acting_user(conn, username="member-pr").group_id == home.id
    with pytest.raises(JtwgError) as refused:
        auth.acting_user(conn, username="member-pr", group_code=other.code)
    assert refused.value.key == "security.no_role_in_group"
    assert auth.acting_user(conn, username="sec", group_code=other.code).administrator


def test_migration_keeps_each_account_in_the_group_it_used(tmp_path):
    """Before roles per group, everyone worked in the first group: the migration keeps exactly that."""
    path = tmp_path / "old.duckdb"
    import duckdb

    conn = duckdb.connect(str(path))
    db.migrate(conn, [m for m in db.migrations() if m[0] < "1300"])
    conn.execute("INSERT INTO organisation (acronym, name, country, org_type, updated_by) VALUES "
                 "('A', {'en': 'A', 'fr': 'A'}, 'NE', 'government', 't'), ('B', {'en': 'B', 'fr': 'B'}, 'NG', 'government', 't')")
    for code in ("AA-BB", "CC-DD"):
        conn.execute("INSERT INTO jtwg_group (code, name, party_a_org_id, party_b_org_id, host_rotation, updated_by) "
                     "VALUES (?, {'en': ?, 'fr': ?}, 1, 2, ['X'], 't')", [code, code, code])
        gid = _first(conn, "SELECT id FROM jtwg_group WHERE code = ?", [code])
        conn.execute("INSERT INTO subcommittee (group_id, code, name, pillar, position, updated_by) "
                     "VALUES (?, 'PR', {'en': 'P', 'fr': 'P'}, 'protection', 1, 't')", [gid])
    for name, role, codes in (("s", "secretariat", []), ("c", "co_chair", []), ("m", "member", ["PR", "GONE"])):
        conn.execute("INSERT INTO app_user (username, display_name, role, delegation, subcommittee_codes, password_hash, "
                     "updated_by) VALUES (?, ?, ?, 'NE', ?, 'x', 't')", [name, name, role, codes])
    db.migrate(conn)
    rows = conn.execute("SELECT u.username, u.administrator, g.code, r.role, r.subcommittee_codes FROM app_user u "
                        "LEFT JOIN group_role r ON r.user_id = u.id LEFT JOIN jtwg_group g ON g.id = r.group_id "
                        "ORDER BY u.username").fetchall()
    conn.close()
    assert rows == [("c", False, "AA-BB", "co_chair", []), ("m", False, "AA-BB", "member", ["PR"]),
                    ("s", True, None, None, None)]


def test_users_grant_and_revoke_on_the_command_line(two_groups, demo_db_file, monkeypatch, capsys, tmp_path):
    import io
    import sys

    from jtwg.cli import main

    conn, home, other = two_groups
    conn.close()   # the command opens the file itself
    monkeypatch.setenv("JTWG_DB", str(demo_db_file))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    out = tmp_path / "actions.xlsx"
    # member-pr holds no role in the other group: a command there is refused, clearly.
    assert main(["export", "actions", "-o", str(out), "--group", other.code, "--user", "member-pr"]) == 1
    assert f"no role in the working group {other.code}" in capsys.readouterr().err and not out.exists()
    assert main(["users", "grant", "member-pr", "--group", other.code, "--role", "co_chair", "--delegation", "NE",
                 "--user", "sec"]) == 0
    assert f"member-pr is now Co-chair in {other.code}." in capsys.readouterr().out
    assert main(["export", "actions", "-o", str(out), "--group", other.code, "--user", "member-pr"]) == 0
    assert out.stat().st_size > 0
    # Only an administrator gives roles.
    assert main(["users", "grant", "member-ip", "--group", other.code, "--role", "co_chair", "--user", "member-pr"]) == 1
    assert main(["users", "revoke", "member-pr", "--group", other.code, "--user", "sec"]) == 0
    assert f"member-pr no longer holds a role in {other.code}." in capsys.readouterr().out
    assert main(["--lang", "fr", "users", "list", "--user", "sec"]) == 0
    listing = capsys.readouterr().out
    assert "member-pr\tNE-NG\u00a0: Membre de sous-comité (NE; PR)" in listing and other.code not in listing
