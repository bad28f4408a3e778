"""Two refusals the permission matrix (test_permissions_matrix.py) does not spell out: a co-chair
approving the other seat, and the member's message naming their own sub-committees."""

from datetime import date

import pytest

from jtwg.errors import PermissionDenied
from jtwg.models import ActionItemUpdate, Actor
from jtwg.services import actions
from jtwg.services.meetings import lifecycle

TODAY = date(2022, 6, 15)
ROLES = {
    "secretariat": Actor(username="sec", role="secretariat", delegation="secretariat"),
    "co_chair": Actor(username="chair-ng", role="co_chair", delegation="NG"),
    "member_pr": Actor(username="m-pr", role="member", delegation="NE", subcommittee_codes=("PR",)),
    "member_ip": Actor(username="m-ip", role="member", delegation="NG", subcommittee_codes=("IP",)),
    "observer": Actor(username="donor", role="observer", delegation="donor"),
}
SETUP = Actor(username="setup", role="secretariat")


def one(conn, sql, *params):
    return conn.execute(sql, list(params)).fetchone()


def ids(conn, table, column, value):
    return one(conn, f"SELECT id FROM {table} WHERE {column} = ?", value)[0]


def update_pr_action(conn, actor, group):
    row_id, version = one(conn, "SELECT id, version FROM action_item WHERE code = 'A4-04'")   # PR
    actions.update_action_item(conn, action_id=row_id, expected_version=version, actor=actor, today=TODAY,
                               data=ActionItemUpdate(progress_pct=90))


def test_a_co_chair_approves_only_their_own_seat(demo_conn, group):
    fourth = ids(demo_conn, "meeting", "sequence_no", 4)
    lifecycle.circulate(demo_conn, meeting_id=fourth, actor=SETUP, today=TODAY)
    with pytest.raises(PermissionDenied):
        lifecycle.approve(demo_conn, meeting_id=fourth, person_id=ids(demo_conn, "person", "ref", "dg-anltp"),
                         actor=ROLES["co_chair"])


def test_a_member_is_told_which_subcommittees_are_theirs(demo_conn, group):
    with pytest.raises(PermissionDenied) as refused:
        update_pr_action(demo_conn, ROLES["member_ip"], group)
    assert refused.value.message("fr").endswith("sous-comités\u00a0: IP.")
