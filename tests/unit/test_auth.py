"""Accounts and sign-in: bootstrap, password rules, lock-out per client, revocable signed tokens, no secret in the log."""

import threading
from datetime import datetime, timedelta

import pytest
from pydantic import ValidationError

from jtwg.config import PUBLISHED_SECRETS, cookie_secret, load_settings
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
    assert [u.username for u in auth.list_users(demo_conn, actor=accounts)] == ["member-ip", "sec"]
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
            auth.authenticate(demo_conn, username="sec", password="wrong password!", now=NOW, client="10.0.0.9")
        assert err.value.key == "auth.failed"
    with pytest.raises(auth.SignInFailed) as err:
        auth.authenticate(demo_conn, username="sec", password="wrong password!", now=NOW, client="10.0.0.9")
    assert err.value.key == "security.locked"
    with pytest.raises(auth.SignInFailed) as err:   # even the right password, while locked, from that client
        auth.authenticate(demo_conn, username="sec", password=GOOD, now=NOW + timedelta(minutes=5), client="10.0.0.9")
    assert err.value.key == "security.locked" and "min" in err.value.message("en")
    # The owner, from their own device, is not kept out by someone guessing elsewhere.
    assert auth.authenticate(demo_conn, username="sec", password=GOOD, now=NOW + timedelta(minutes=5), client="10.0.0.1")
    assert auth.authenticate(demo_conn, username="sec", password=GOOD, now=NOW + timedelta(minutes=21), client="10.0.0.9")


def test_a_client_guessing_many_names_is_stopped(demo_conn, accounts):
    for n in range(auth.CLIENT_MAX_FAILURES):
        with pytest.raises(auth.SignInFailed):
            auth.authenticate(demo_conn, username=f"guess{n}", password="wrong password!", now=NOW, client="10.0.0.66")
    with pytest.raises(auth.SignInFailed) as err:
        auth.authenticate(demo_conn, username="sec", password=GOOD, now=NOW, client="10.0.0.66")
    assert err.value.key == "security.locked"
    assert auth.authenticate(demo_conn, username="sec", password=GOOD, now=NOW, client="10.0.0.1").username == "sec"


def test_unknown_user_gets_the_same_answer(demo_conn, accounts):
    with pytest.raises(auth.SignInFailed) as err:
        auth.authenticate(demo_conn, username="nobody", password=GOOD, now=NOW)
    assert err.value.key == "auth.failed"
    # Locked or not, a name that exists and one that does not answer alike.
    answers = {}
    for name in ("sec", "nobody-else"):
        for _ in range(auth.MAX_FAILED_ATTEMPTS + 1):
            with pytest.raises(auth.SignInFailed) as err:
                auth.authenticate(demo_conn, username=name, password="wrong password!", now=NOW)
            answers.setdefault(name, []).append(err.value.message("en"))
    assert answers["sec"] == answers["nobody-else"]


def test_a_secretariat_lifts_a_lock_without_changing_the_password(demo_conn, accounts):
    member = auth.get_user(demo_conn, username="member-ip").actor()
    for _ in range(auth.MAX_FAILED_ATTEMPTS):
        with pytest.raises(auth.SignInFailed):
            auth.authenticate(demo_conn, username="member-ip", password="wrong password!", now=datetime.now())
    with pytest.raises(PermissionDenied):
        auth.unlock(demo_conn, username="member-ip", actor=member)
    assert auth.get_user(demo_conn, username="member-ip").locked_until is not None
    assert auth.unlock(demo_conn, username="member-ip", actor=accounts).locked_until is None
    assert auth.authenticate(demo_conn, username="member-ip", password=GOOD, now=datetime.now())
    assert demo_conn.execute("SELECT count(*) FROM change_log WHERE action = 'unlock'").fetchone()[0] == 1


def test_parallel_wrong_attempts_are_all_counted(tmp_path, accounts, demo_conn):
    """Sixteen threads, each with its own cursor on one file: sixteen failures, no raw database error."""
    from jtwg import db

    path = tmp_path / "p.duckdb"
    conn = db.connect(path)
    auth.create_user(conn, data=UserCreate(username="owner", role="secretariat", password=GOOD), actor=Actor.system("t"))
    outcomes, start = [], threading.Barrier(16)

    def attempt():
        cur = conn.cursor()
        start.wait()
        try:
            auth.authenticate(cur, username="owner", password="wrong password!", now=datetime.now(), client="10.0.0.7")
        except auth.SignInFailed as exc:
            outcomes.append(exc.key)
        except Exception as exc:  # noqa: BLE001 - what the test looks for
            outcomes.append(repr(exc))

    threads = [threading.Thread(target=attempt) for _ in range(16)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(set(outcomes)) == ["auth.failed", "security.locked"], outcomes
    assert outcomes.count("auth.failed") == auth.MAX_FAILED_ATTEMPTS - 1
    assert conn.execute("SELECT count(*) FROM sign_in_failure WHERE username = 'owner'").fetchone()[0] == 16
    conn.close()


def test_tokens_die_when_forged_expired_revoked_or_disabled(demo_conn, accounts):
    user = auth.get_user(demo_conn, username="member-ip")
    token = auth.issue_token(demo_conn, user=user, secret=SECRET, now=NOW, hours=8)
    assert auth.user_from_token(demo_conn, token=token, secret=SECRET, now=NOW).username == "member-ip"
    assert auth.user_from_token(demo_conn, token=token, secret="y" * 40, now=NOW) is None
    assert auth.user_from_token(demo_conn, token=token[:-2] + "xx", secret=SECRET, now=NOW) is None
    assert auth.user_from_token(demo_conn, token=token, secret=SECRET, now=NOW + timedelta(hours=9)) is None
    assert auth.user_from_token(demo_conn, token=None, secret=SECRET, now=NOW) is None
    auth.reset_password(demo_conn, username="member-ip", password="another good one", actor=accounts)
    assert auth.user_from_token(demo_conn, token=token, secret=SECRET, now=NOW) is None
    fresh = auth.issue_token(demo_conn, user=auth.get_user(demo_conn, username="member-ip"), secret=SECRET, now=NOW, hours=8)
    auth.set_disabled(demo_conn, username="member-ip", disabled=True, actor=accounts)
    assert auth.user_from_token(demo_conn, token=fresh, secret=SECRET, now=NOW) is None
    with pytest.raises(auth.SignInFailed):
        auth.authenticate(demo_conn, username="member-ip", password="another good one", now=NOW)


def test_sign_out_revokes_the_token_wherever_it_was_copied(demo_conn, accounts):
    user = auth.get_user(demo_conn, username="member-ip")
    token = auth.issue_token(demo_conn, user=user, secret=SECRET, now=NOW, hours=8)
    other = auth.issue_token(demo_conn, user=user, secret=SECRET, now=NOW, hours=8)
    auth.revoke(demo_conn, token_id=auth.token_id(token, secret=SECRET, now=NOW), now=NOW)
    assert auth.user_from_token(demo_conn, token=token, secret=SECRET, now=NOW) is None
    assert auth.user_from_token(demo_conn, token=other, secret=SECRET, now=NOW).username == "member-ip"


def test_a_well_signed_token_never_issued_is_refused(demo_conn, accounts):
    import jwt

    forged = jwt.encode({"sub": "sec", "sv": 1, "jti": "made-up", "exp": int((NOW + timedelta(hours=1)).timestamp())},
                        SECRET, algorithm="HS256")
    assert auth.user_from_token(demo_conn, token=forged, secret=SECRET, now=NOW) is None


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


def test_a_published_or_short_secret_is_refused_in_every_mode(tmp_path):
    for mode in ("local", "demo", "production"):
        auth.check_configuration(load_settings({"JTWG_MODE": mode}))
        auth.check_configuration(load_settings({"JTWG_MODE": mode, "JTWG_COOKIE_SECRET": SECRET}))
        for bad in ("short", *PUBLISHED_SECRETS):
            with pytest.raises(auth.ConfigurationError):
                auth.check_configuration(load_settings({"JTWG_MODE": mode, "JTWG_COOKIE_SECRET": bad}))


def test_without_a_configured_secret_each_installation_makes_its_own(tmp_path, monkeypatch):
    monkeypatch.setenv("JTWG_KEY_DIR", str(tmp_path / "a"))
    first = cookie_secret(load_settings({}))
    assert first == cookie_secret(load_settings({})) and len(first) >= 64
    key_file = tmp_path / "a" / "cookie.key"
    assert key_file.stat().st_mode & 0o777 == 0o600 and (tmp_path / "a").stat().st_mode & 0o777 == 0o700
    monkeypatch.setenv("JTWG_KEY_DIR", str(tmp_path / "b"))
    assert cookie_secret(load_settings({})) != first
    assert cookie_secret(load_settings({"JTWG_COOKIE_SECRET": SECRET})) == SECRET


def _ticket(conn, now=NOW):
    token = auth.issue_token(conn, user=auth.get_user(conn, username="member-ip"), secret=SECRET, now=now, hours=8)
    return token, auth.issue_ticket(conn, token_id=auth.token_id(token, secret=SECRET, now=now), now=now)


def test_a_sign_in_ticket_gives_the_cookie_token_once_and_in_time(demo_conn, accounts):
    token, ticket = _ticket(demo_conn)
    stored = demo_conn.execute("SELECT ticket_hash FROM session_ticket").fetchall()
    assert len(stored) == 1 and ticket not in stored[0][0]   # only its hash is kept
    later = NOW + timedelta(seconds=auth.TICKET_SECONDS - 1)
    redeemed, seconds = auth.redeem_ticket(demo_conn, ticket=ticket, secret=SECRET, now=later)
    assert redeemed == token   # the very token issued at sign-in, signed again from its row
    assert seconds == 8 * 3600 - (auth.TICKET_SECONDS - 1)
    assert auth.user_from_token(demo_conn, token=redeemed, secret=SECRET, now=later).username == "member-ip"
    assert auth.redeem_ticket(demo_conn, ticket=ticket, secret=SECRET, now=later) is None   # used once
    assert demo_conn.execute("SELECT count(*) FROM session_ticket").fetchone()[0] == 0


def test_a_late_forged_or_revoked_ticket_is_refused(demo_conn, accounts):
    _, late = _ticket(demo_conn)
    assert auth.redeem_ticket(demo_conn, ticket=late, secret=SECRET, now=NOW + timedelta(seconds=auth.TICKET_SECONDS)) is None
    for garbage in (None, "", "not-a-ticket", "x" * 5000):
        assert auth.redeem_ticket(demo_conn, ticket=garbage, secret=SECRET, now=NOW) is None
    token, revoked = _ticket(demo_conn)
    auth.revoke(demo_conn, token_id=auth.token_id(token, secret=SECRET, now=NOW), now=NOW)
    assert auth.redeem_ticket(demo_conn, ticket=revoked, secret=SECRET, now=NOW) is None
    _, disabled = _ticket(demo_conn)
    auth.set_disabled(demo_conn, username="member-ip", disabled=True, actor=accounts)
    assert auth.redeem_ticket(demo_conn, ticket=disabled, secret=SECRET, now=NOW) is None


def test_expired_tickets_are_pruned(demo_conn, accounts):
    _ticket(demo_conn)
    auth.prune(demo_conn, now=NOW + timedelta(seconds=auth.TICKET_SECONDS + 1))
    assert demo_conn.execute("SELECT count(*) FROM session_ticket").fetchone()[0] == 0
