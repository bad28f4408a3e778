"""Test accounts, one per role (invented names; passwords only for tests)."""

from __future__ import annotations

from jtwg.models import Actor
from jtwg.models.users import UserCreate
from jtwg.services import auth

PASSWORD = "correct horse battery"
ACCOUNTS = {
    "sec": dict(role="secretariat", delegation="secretariat", display_name="Test Secretariat"),
    "cochair-ng": dict(role="co_chair", delegation="NG", display_name="Test Co-chair NG"),
    "cochair-ne": dict(role="co_chair", delegation="NE", display_name="Test Co-chair NE"),
    "member-ip": dict(role="member", delegation="NG", subcommittee_codes=["IP"], display_name="Test Member IP"),
    "member-pr": dict(role="member", delegation="NE", subcommittee_codes=["PR"], display_name="Test Member PR"),
    "donor": dict(role="observer", delegation="donor", display_name="Test Donor"),
}

# One acting user per role, for calling services directly: the member acts for sub-committee PR.
ROLE_ACTORS = {
    "secretariat": Actor(username="test-sec", role="secretariat", delegation="secretariat"),
    "co_chair": Actor(username="test-cochair", role="co_chair", delegation="NG"),
    "member": Actor(username="test-member-pr", role="member", delegation="NE", subcommittee_codes=("PR",)),
    "observer": Actor(username="test-donor", role="observer", delegation="donor"),
}


def add_test_accounts(conn) -> None:
    actor = Actor.system("test-setup")
    for username, fields in ACCOUNTS.items():
        auth.create_user(conn, data=UserCreate(username=username, password=PASSWORD, **fields), actor=actor)
