"""Accounts and sign-in: bcrypt password hashes, lock-out after failed attempts, signed session tokens.

Plain Python: the Streamlit login form (jtwg/ui/auth.py) and the `jtwg users` command both call it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import bcrypt
import jwt

from jtwg.config import DEFAULT_COOKIE_SECRET, Settings
from jtwg.db import transaction
from jtwg.errors import AlreadyExists, InvalidInput, JtwgError, NotFound
from jtwg.models.common import Actor
from jtwg.models.users import User, UserCreate, strong_enough
from jtwg.services import permissions
from jtwg.store.records import Cursor, insert, log_change, one, rows, update

MAX_FAILED_ATTEMPTS = 5
LOCK_MINUTES = 15
# Compared against when the username is unknown, so both failures take the same time.
_DUMMY_HASH = bcrypt.hashpw(b"not-a-password", bcrypt.gensalt(rounds=12)).decode()
USER_COLUMNS = ("id, username, display_name, role, delegation, subcommittee_codes, disabled, failed_attempts, "
                "locked_until, session_version, last_login_at, version")


class SignInFailed(JtwgError):
    key = "auth.failed"


class ConfigurationError(JtwgError):
    key = "auth.insecure_config"


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode()


def check_configuration(settings: Settings) -> None:
    """Refuse to run outside local/demo mode with the default or a short cookie secret."""
    if settings.mode == "production" and (settings.cookie_secret == DEFAULT_COOKIE_SECRET or len(settings.cookie_secret) < 32):
        raise ConfigurationError()


def count_users(cur: Cursor) -> int:
    return cur.execute("SELECT count(*) FROM app_user").fetchone()[0]


def list_users(cur: Cursor) -> list[User]:
    return [User.model_validate(r) for r in rows(cur, f"SELECT {USER_COLUMNS} FROM app_user ORDER BY username")]


def get_user(cur: Cursor, *, username: str) -> User:
    found = one(cur, f"SELECT {USER_COLUMNS} FROM app_user WHERE username = ?", [username.strip().lower()])
    if found is None:
        raise NotFound(key="auth.unknown_user", ref=username)
    return User.model_validate(found)


def create_user(cur: Cursor, *, data: UserCreate, actor: Actor) -> User:
    """Create an account. The very first account may be created by anyone with database access (the CLI)."""
    if count_users(cur):
        permissions.require(actor, "user.create")
    if cur.execute("SELECT 1 FROM app_user WHERE username = ?", [data.username]).fetchone():
        raise AlreadyExists(key="auth.user_exists", ref=data.username)
    unknown = [c for c in data.subcommittee_codes
               if not cur.execute("SELECT 1 FROM subcommittee WHERE code = ?", [c]).fetchone()]
    if unknown:
        raise InvalidInput([("subcommittee_codes", "error.unknown_subcommittee", {"ref": ", ".join(unknown)})])
    with transaction(cur):
        insert(cur, "app_user", {
            "username": data.username, "display_name": data.display_name, "role": data.role,
            "delegation": data.delegation, "subcommittee_codes": data.subcommittee_codes,
            "password_hash": hash_password(data.password),
        }, actor=actor)
    return get_user(cur, username=data.username)


def authenticate(cur: Cursor, *, username: str, password: str, now: datetime) -> User:
    """The user whose password this is, or SignInFailed; repeated failures lock the account for a while."""
    name = (username or "").strip().lower()
    found = one(cur, "SELECT id, password_hash, disabled, failed_attempts, locked_until FROM app_user WHERE username = ?", [name])
    if found is None:
        bcrypt.checkpw(password.encode("utf-8"), _DUMMY_HASH.encode())
        raise SignInFailed()
    if found["locked_until"] and found["locked_until"] > now:
        minutes = max(1, int((found["locked_until"] - now).total_seconds() // 60) + 1)
        raise SignInFailed(key="auth.locked", minutes=minutes)
    system = Actor.system("sign-in")
    if found["disabled"] or not bcrypt.checkpw(password.encode("utf-8"), found["password_hash"].encode()):
        attempts = found["failed_attempts"] + 1
        changes: dict[str, object] = {"failed_attempts": attempts}
        if attempts >= MAX_FAILED_ATTEMPTS:
            changes.update(failed_attempts=0, locked_until=now + timedelta(minutes=LOCK_MINUTES))
        with transaction(cur):
            cur.execute(f"UPDATE app_user SET {', '.join(f'{k} = ?' for k in changes)} WHERE id = ?",
                        [*changes.values(), found["id"]])
            log_change(cur, actor=system, action="sign_in_failed", entity="app_user", entity_id=found["id"],
                       note="locked" if "locked_until" in changes else None)
        if "locked_until" in changes:
            raise SignInFailed(key="auth.locked", minutes=LOCK_MINUTES)
        raise SignInFailed()
    with transaction(cur):
        cur.execute("UPDATE app_user SET failed_attempts = 0, locked_until = NULL, last_login_at = ? WHERE id = ?",
                    [now, found["id"]])
        log_change(cur, actor=Actor.system(name), action="sign_in", entity="app_user", entity_id=found["id"])
    return get_user(cur, username=name)


def issue_token(user: User, *, secret: str, now: datetime, hours: float) -> str:
    """A signed token for the session cookie; it dies with its expiry or the user's session_version."""
    payload = {"sub": user.username, "sv": user.session_version, "iat": int(now.timestamp()),
               "exp": int((now + timedelta(hours=hours)).timestamp())}
    return jwt.encode(payload, secret, algorithm="HS256")


def user_from_token(cur: Cursor, *, token: str | None, secret: str, now: datetime) -> User | None:
    """The signed-in user a cookie token stands for, or None if it is missing, forged, expired or revoked."""
    if not token:
        return None
    try:
        payload = jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.PyJWTError:
        return None
    if int(payload.get("exp", 0)) <= now.timestamp():
        return None
    try:
        user = get_user(cur, username=str(payload.get("sub", "")))
    except NotFound:
        return None
    if user.disabled or user.session_version != payload.get("sv"):
        return None
    return user


def _change(cur: Cursor, username: str, changes: dict, actor: Actor, action: str) -> User:
    permissions.require(actor, action)
    user = get_user(cur, username=username)
    with transaction(cur):
        update(cur, "app_user", user.id, changes, expected_version=None, actor=actor)
    return get_user(cur, username=username)


def set_disabled(cur: Cursor, *, username: str, disabled: bool, actor: Actor) -> User:
    """Disable (or re-enable) an account; a disabled user's cookies stop working at once."""
    # Asked before the lookup, so that a refused caller cannot learn which usernames exist.
    permissions.require(actor, "user.disable")
    user = get_user(cur, username=username)
    return _change(cur, username, {"disabled": disabled, "session_version": user.session_version + 1}, actor, "user.disable")


def reset_password(cur: Cursor, *, username: str, password: str, actor: Actor) -> User:
    """Set a new password, clear any lock-out and sign the user out everywhere."""
    permissions.require(actor, "user.reset_password")
    if not strong_enough(password):
        raise InvalidInput([("password", "invalid.weak_password", {})])
    user = get_user(cur, username=username)
    return _change(cur, username, {"password_hash": hash_password(password), "failed_attempts": 0, "locked_until": None,
                                   "session_version": user.session_version + 1}, actor, "user.reset_password")


def sign_out_everywhere(cur: Cursor, *, username: str) -> None:
    user = get_user(cur, username=username)
    with transaction(cur):
        cur.execute("UPDATE app_user SET session_version = session_version + 1 WHERE id = ?", [user.id])
        log_change(cur, actor=Actor.system(user.username), action="sign_out", entity="app_user", entity_id=user.id)
