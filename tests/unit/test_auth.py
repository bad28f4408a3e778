"""Accounts and sign-in: bootstrap, password rules, lock-out, signed tokens, no secret in the log."""

from datetime import datetime, timedelta

import pytest
from pydantic import ValidationError

from jtwg.config import DEFAULT_COOKIE_SECRET, load_settings
from jtwg.errors import AlreadyExists, InvalidInput, PermissionDenied
from jtwg.models import Actor
from jtwg.models.users import UserCreate
from jtwg.services import auth
from jtwg.validation import describe

NOW = datetime(2026, 3, 2, 9, 0)
SECRET = "x" * 40
GOOD = "correct horse battery"


@pytest.fixture
def accounts(demo_conn):
    first = auth.create_user(demo_conn, data=UserCreate(username="Sec", role="secretariat", password=GOOD),
                             actor=Actor.system("cli:admin"))
    admin = first.actor()
    auth.create_user(demo_conn, data=UserCreate(username="member-ip", role="member", delegation="NG",
                                                subcommittee_codes=["IP"], password=GOOD), actor=admin)
    return admin


def test_first_account_then_only_the_secretariat_adds_accounts(demo_conn, accounts):
    assert [u.username for u in auth.list_users(demo_conn)] == ["member-ip", "sec"]
    member = auth.get_user(demo_conn, username="member-ip").actor()
    with pytest.raises(PermissionDenied):
        auth.create_user(demo_conn, data=UserCreate(username="xy", role="observer", password=GOOD), actor=member)
    with pytest.raises(AlreadyExists):
        auth.create_user(demo_conn, data=UserCreate(username="SEC", role="observer", password=GOOD), actor=accounts)


def test_account_rules_are_explained_in_both_languages():
    with pytest.raises(ValidationError) as err:
        UserCreate(username="observer1", role="observer", password="short")
    assert any("12" in line for line in describe(err.value, "en"))
    with pytest.raises(ValidationError) as err:
        UserCreate(username="member", role="member", password=GOOD)
    assert describe(err.value, "fr") == ["un membre de sous-comité doit relever d'au moins un sous-comité"]


def test_unknown_subcommittee_is_refused(demo_conn, accounts):
    with pytest.raises(InvalidInput):
        auth.create_user(demo_conn, data=UserCreate(username="m2", role="member", subcommittee_codes=["XX"], password=GOOD),
                         actor=accounts)


def test_sign_in_and_lock_out_after_five_failures(demo_conn, accounts):
    assert auth.authenticate(demo_conn, username=" SEC ", password=GOOD, now=NOW).username == "sec"
    for attempt in range(4):
        with pytest.raises(auth.SignInFailed) as err:
            auth.authenticate(demo_conn, username="sec", password="wrong password!", now=NOW)
        assert err.value.key == "auth.failed"
    with pytest.raises(auth.SignInFailed) as err:
        auth.authenticate(demo_conn, username="sec", password="wrong password!", now=NOW)
    assert err.value.key == "auth.locked"
    with pytest.raises(auth.SignInFailed) as err:   # even the right password, while locked
        auth.authenticate(demo_conn, username="sec", password=GOOD, now=NOW + timedelta(minutes=5))
    assert err.value.key == "auth.locked" and "min" in err.value.message("en")
    assert auth.authenticate(demo_conn, username="sec", password=GOOD, now=NOW + timedelta(minutes=16)).failed_attempts == 0


def test_unknown_user_gets_the_same_answer(demo_conn, accounts):
    with pytest.raises(auth.SignInFailed) as err:
        auth.authenticate(demo_conn, username="nobody", password=GOOD, now=NOW)
    assert err.value.key == "auth.failed"


def test_tokens_die_when_forged_expired_revoked_or_disabled(demo_conn, accounts):
    user = auth.get_user(demo_conn, username="member-ip")
    token = auth.issue_token(user, secret=SECRET, now=NOW, hours=8)
    assert auth.user_from_token(demo_conn, token=token, secret=SECRET, now=NOW).username == "member-ip"
    assert auth.user_from_token(demo_conn, token=token, secret="y" * 40, now=NOW) is None
    assert auth.user_from_token(demo_conn, token=token[:-2] + "xx", secret=SECRET, now=NOW) is None
    assert auth.user_from_token(demo_conn, token=token, secret=SECRET, now=NOW + timedelta(hours=9)) is None
    assert auth.user_from_token(demo_conn, token=None, secret=SECRET, now=NOW) is None
    auth.reset_password(demo_conn, username="member-ip", password="another good one", actor=accounts)
    assert auth.user_from_token(demo_conn, token=token, secret=SECRET, now=NOW) is None
    fresh = auth.issue_token(auth.get_user(demo_conn, username="member-ip"), secret=SECRET, now=NOW, hours=8)
    auth.set_disabled(demo_conn, username="member-ip", disabled=True, actor=accounts)
    assert auth.user_from_token(demo_conn, token=fresh, secret=SECRET, now=NOW) is None
    with pytest.raises(auth.SignInFailed):
        auth.authenticate(demo_conn, username="member-ip", password="another good one", now=NOW)


def test_weak_reset_password_is_refused(demo_conn, accounts):
    with pytest.raises(InvalidInput) as err:
        auth.reset_password(demo_conn, username="sec", password="aaaaaaaaaaaaaaa", actor=accounts)
    assert "12" in err.value.message("en")


def test_password_hashes_never_reach_the_change_log(demo_conn, accounts):
    auth.reset_password(demo_conn, username="sec", password="another good one", actor=accounts)
    logged = " ".join(str(r) for r in demo_conn.execute("SELECT changes FROM change_log WHERE entity = 'app_user'").fetchall())
    assert "$2b$" not in logged and "***" in logged
    stored = demo_conn.execute("SELECT password_hash FROM app_user WHERE username = 'sec'").fetchone()[0]
    assert stored.startswith("$2b$") and "another" not in stored


def test_production_refuses_the_default_cookie_secret():
    auth.check_configuration(load_settings({"JTWG_MODE": "local"}))
    auth.check_configuration(load_settings({"JTWG_MODE": "demo"}))
    with pytest.raises(auth.ConfigurationError):
        auth.check_configuration(load_settings({"JTWG_MODE": "production"}))
    with pytest.raises(auth.ConfigurationError):
        auth.check_configuration(load_settings({"JTWG_MODE": "production", "JTWG_COOKIE_SECRET": "short"}))
    with pytest.raises(auth.ConfigurationError):   # an unknown mode gets the strictest rules
        auth.check_configuration(load_settings({"JTWG_MODE": "prod"}))
    auth.check_configuration(load_settings({"JTWG_MODE": "production", "JTWG_COOKIE_SECRET": SECRET}))
    assert load_settings({}).cookie_secret == DEFAULT_COOKIE_SECRET
