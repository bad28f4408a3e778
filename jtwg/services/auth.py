"""Accounts and sign-in: bcrypt password hashes, throttled failed attempts, signed and revocable session tokens.

Plain Python: the Streamlit login form (jtwg/ui/auth.py) and the `jtwg` command both call it.

Failed sign-ins are counted per (name typed, client address): five within LOCK_MINUTES stop that name from
that client, and CLIENT_MAX_FAILURES of any names stop the client. Someone guessing from elsewhere never locks
the owner out, a secretariat account can lift a lock from Settings, and unknown names, wrong passwords and
locks take the same time (one bcrypt check each) and answer alike, so answers do not reveal which names exist.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from datetime import datetime, timedelta

import bcrypt
import jwt

from jtwg.config import Settings, secret_problem
from jtwg.db import transaction
from jtwg.errors import AlreadyExists, InvalidInput, JtwgError, NotFound, StaleVersion
from jtwg.models.common import Actor
from jtwg.models.group import Group
from jtwg.models.users import GroupRoleSet, User, UserCreate, strong_enough
from jtwg.services import permissions
from jtwg.store import groups as group_store
from jtwg.store import users as store

MAX_FAILED_ATTEMPTS = 5
CLIENT_MAX_FAILURES = 20
LOCK_MINUTES = 15
TICKET_SECONDS = 60   # a sign-in ticket must be exchanged for the cookie within this time, once
WINDOW = timedelta(minutes=LOCK_MINUTES)
# Compared against when the username is unknown or locked, so every answer takes one bcrypt check.
# A fixed hash of "not-a-password" (cost 12), not computed at import: that took a bcrypt round on every start.
_DUMMY_HASH = b"$2b$12$M2b4VfJzTNjGJHJJri1xKep2lPRLxJ89Okn69OHWknCU.VB63DnpG"
# Sign-ins of one name run one at a time, so parallel guesses are counted before the next is checked.
_NAME_LOCKS = [threading.Lock() for _ in range(64)]


class SignInFailed(JtwgError):
    key = "auth.failed"


class ConfigurationError(JtwgError):
    key = "security.bad_secret"


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=12)).decode()


def check_configuration(settings: Settings) -> None:
    """Refuse a configured cookie secret that is short or was published in the source (in every mode)."""
    if secret_problem(settings):
        raise ConfigurationError()


def count_users(cur) -> int:
    return store.count_users(cur)


def _users(cur, username: str | None = None) -> list[User]:
    return [User.model_validate(r) for r in store.list_users(cur, now=datetime.now(), max_failures=MAX_FAILED_ATTEMPTS,
                                                             window=WINDOW, username=username)]


def list_users(cur, *, actor: Actor) -> list[User]:
    """Every account (secretariat): names, roles, last sign-in, locks."""
    permissions.require(actor, "user.list")
    return _users(cur)


def get_user(cur, *, username: str) -> User:
    found = _users(cur, (username or "").strip().lower())
    if not found:
        raise NotFound(key="auth.unknown_user", ref=username)
    return found[0]


def acting_user(cur, *, username: str | None, group_code: str | None = None) -> Actor:
    """The account a command acts as, in group `group_code` (None: its first group; every group for an
    administrator). It must exist, be enabled and hold a role there; the command gets exactly its rights."""
    if not (username or "").strip():
        raise JtwgError(key="security.cli_no_user")
    try:
        user = get_user(cur, username=username)
    except NotFound:
        raise JtwgError(key="security.cli_unknown_user", user=username) from None
    if user.disabled:
        raise JtwgError(key="security.cli_disabled_user", user=user.username)
    group_id = group_store.get_group(cur, code=group_code).id if group_code else None
    actor = user.actor(group_id)
    if actor is None:
        raise JtwgError(key="security.no_role_in_group", user=user.username, group=group_code or "—")
    return actor


def describe_roles(user: User, lang: str) -> str:
    """What an account is, in words: administrator, or its role in each group ("NE-NG: member (NG; PR)")."""
    from jtwg.i18n import label, t

    if user.administrator:
        return t("users.administrator", lang)
    parts = []
    for held in user.roles:
        details = "; ".join(filter(None, [held.delegation, ", ".join(held.subcommittee_codes)]))
        parts.append(t("users.role_in_group", lang, group=held.group_code, role=label(held.role, lang))
                     + (f" ({details})" if details else ""))
    return " · ".join(parts) or t("users.no_role", lang)


def groups_of(cur, *, user: User) -> list[Group]:
    """The groups `user` may enter, by code: every group for an administrator, else those they hold a role in."""
    return [g for g in group_store.list_groups(cur) if user.may_enter(g.id)]


def _group(cur, code: str | None) -> Group:
    """A group named in a role change, or a clear input error."""
    try:
        return group_store.get_group(cur, code=code)
    except NotFound:
        raise InvalidInput([("group_code", "error.unknown_group", {"ref": code or ""})]) from None


def _role_group(cur, data: GroupRoleSet) -> Group:
    """The group a role is given in, its sub-committee codes checked against that group's."""
    group = _group(cur, data.group_code)
    unknown = store.unknown_subcommittees(cur, group_id=group.id, codes=data.subcommittee_codes)
    if unknown:
        raise InvalidInput([("subcommittee_codes", "error.unknown_subcommittee", {"ref": ", ".join(unknown)})])
    return group


def create_user(cur, *, data: UserCreate, actor: Actor) -> User:
    """Create an account with its role in one group, or an administrator (see UserCreate).

    The very first account may be created by the system (the CLI on the database file)."""
    if count_users(cur):
        permissions.require(actor, "user.create")
    if store.username_exists(cur, username=data.username):
        raise AlreadyExists(key="auth.user_exists", ref=data.username)
    # With no group in the installation yet, an account given no group starts with no role (granted later).
    no_group_yet = data.group_code is None and not group_store.list_groups(cur)
    group = None if data.administrator or no_group_yet else _role_group(cur, data.group_role())
    try:
        with transaction(cur):
            user_id = store.add_user(cur, values={
                "username": data.username, "display_name": data.display_name, "administrator": data.administrator,
                "password_hash": hash_password(data.password),
            }, actor=actor)
            if group is not None:
                store.set_group_role(cur, user_id=user_id, group_id=group.id, role=data.role,
                                     delegation=data.delegation, subcommittee_codes=data.subcommittee_codes, actor=actor)
    except AlreadyExists:
        raise AlreadyExists(key="auth.user_exists", ref=data.username) from None
    return get_user(cur, username=data.username)


def set_group_role(cur, *, username: str, data: GroupRoleSet, actor: Actor) -> User:
    """Give an account its role in a group (replacing the one it had there); administrators need none."""
    permissions.require(actor, "user.update")
    user = get_user(cur, username=username)
    group = _role_group(cur, data)
    with transaction(cur):
        store.set_group_role(cur, user_id=user.id, group_id=group.id, role=data.role, delegation=data.delegation,
                             subcommittee_codes=data.subcommittee_codes, actor=actor)
        store.log_user_event(cur, actor=actor, action="role.set", user_id=user.id,
                             note=f"{group.code}: {data.role.value} {data.delegation or ''} {' '.join(data.subcommittee_codes)}".strip())
    return get_user(cur, username=username)


def remove_group_role(cur, *, username: str, group_code: str, actor: Actor) -> User:
    """Take an account's role in a group away: it can no longer enter that group."""
    permissions.require(actor, "user.update")
    user = get_user(cur, username=username)
    group = _group(cur, group_code)
    with transaction(cur):
        if not store.remove_group_role(cur, user_id=user.id, group_id=group.id):
            raise NotFound(key="auth.no_role_there", ref=f"{user.username} / {group.code}")
        store.log_user_event(cur, actor=actor, action="role.remove", user_id=user.id, note=group.code)
    return get_user(cur, username=username)


def _lock_minutes(cur, name: str, client: str, now: datetime) -> int | None:
    """Minutes until `name` may be tried again from `client`, or None when it may be tried now."""
    since = now - WINDOW
    pair, per_client = store.recent_failures(cur, username=name, client=client, since=since)
    ends = []
    if len(pair) >= MAX_FAILED_ATTEMPTS:
        ends.append(pair[MAX_FAILED_ATTEMPTS - 1] + WINDOW)
    if per_client >= CLIENT_MAX_FAILURES:
        ends.append(store.oldest_client_failures(cur, client=client, since=since, limit=CLIENT_MAX_FAILURES)[-1] + WINDOW)
    if not ends:
        return None
    return max(1, -int(-(max(ends) - now).total_seconds() // 60))


def authenticate(cur, *, username: str, password: str, now: datetime, client: str = "local") -> User:
    """The user whose password this is, or SignInFailed (the same for unknown names, wrong passwords and locks)."""
    name = (username or "").strip().lower()[:200]
    secret = (password or "").encode("utf-8")[:200]
    lock = _NAME_LOCKS[int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(_NAME_LOCKS)]
    with lock:
        found = store.password_record(cur, username=name)
        minutes = _lock_minutes(cur, name, client, now)
        if minutes is not None or found is None:
            bcrypt.checkpw(secret, _DUMMY_HASH)
            ok = False
        else:
            ok = bcrypt.checkpw(secret, found["password_hash"].encode()) and not found["disabled"]
        with transaction(cur):
            if ok:
                store.record_success(cur, user_id=found["id"], username=name, client=client, now=now)
            else:
                store.record_failure(cur, username=name, client=client, now=now,
                                     user_id=found["id"] if found else None)
        if ok:
            _tidy(cur, now)
            return get_user(cur, username=name)
        if minutes is None:
            minutes = _lock_minutes(cur, name, client, now)
    if minutes is not None:
        raise SignInFailed(key="security.locked", minutes=minutes)
    raise SignInFailed()


def unlock(cur, *, username: str, actor: Actor) -> User:
    """Lift every lock on an account (all clients) without changing its password (secretariat)."""
    permissions.require(actor, "user.unlock")
    user = get_user(cur, username=username)
    with transaction(cur):
        store.forget_failures(cur, username=user.username)
        store.log_user_event(cur, actor=actor, action="unlock", user_id=user.id)
    return get_user(cur, username=username)


def issue_token(cur, *, user: User, secret: str, now: datetime, hours: float) -> str:
    """A signed token for the session cookie, recorded so that sign-out can revoke it."""
    token_id = secrets.token_urlsafe(24)
    expires = now + timedelta(hours=hours)
    with transaction(cur):
        store.add_token(cur, token_id=token_id, username=user.username, issued_at=now, expires_at=expires)
    return _sign(user.username, user.session_version, token_id, now, expires, secret)


def _sign(username: str, session_version: int, token_id: str, issued: datetime, expires: datetime, secret: str) -> str:
    payload = {"sub": username, "sv": session_version, "jti": token_id, "iat": int(issued.timestamp()),
               "exp": int(expires.timestamp())}
    return jwt.encode(payload, secret, algorithm="HS256")


def _ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode("utf-8")).hexdigest()


def issue_ticket(cur, *, token_id: str, now: datetime) -> str:
    """A one-time ticket for a token just issued: the browser exchanges it for the cookie within TICKET_SECONDS.

    Only its SHA-256 is stored, so the database (and its backups) never hold a usable ticket.
    """
    ticket = secrets.token_urlsafe(32)
    with transaction(cur):
        store.add_ticket(cur, ticket_hash=_ticket_hash(ticket), token_id=token_id,
                         expires_at=now + timedelta(seconds=TICKET_SECONDS))
    return ticket


def redeem_ticket(cur, *, ticket: str | None, secret: str, now: datetime) -> tuple[str, int] | None:
    """(signed token, seconds it stays valid) for a ticket used once and in time, else None.

    The ticket is deleted by the first request that presents it, so a copied or replayed ticket is refused;
    so is one older than TICKET_SECONDS, or whose token was revoked or whose user was disabled meanwhile.
    """
    if not ticket or len(ticket) > 200:
        return None
    try:
        with transaction(cur):
            taken = store.take_ticket(cur, ticket_hash=_ticket_hash(ticket))
    except (StaleVersion, AlreadyExists):   # another request took it at the same moment
        return None
    if taken is None or taken[1] <= now:
        return None
    row = store.token_row(cur, token_id=taken[0], now=now)
    if row is None:
        return None
    username, issued, expires = row
    try:
        user = get_user(cur, username=username)
    except NotFound:
        return None
    if user.disabled:
        return None
    token = _sign(username, user.session_version, taken[0], issued, expires, secret)
    return token, max(1, int((expires - now).total_seconds()))


def _claims(token: str | None, secret: str, now: datetime) -> dict | None:
    if not token:
        return None
    try:
        payload = jwt.decode(token, secret, algorithms=["HS256"], options={"verify_exp": False})
    except jwt.PyJWTError:
        return None
    if int(payload.get("exp", 0)) <= now.timestamp() or not isinstance(payload.get("jti"), str):
        return None
    return payload


def user_from_token(cur, *, token: str | None, secret: str, now: datetime) -> User | None:
    """The signed-in user a cookie token stands for, or None if it is missing, forged, expired or revoked."""
    payload = _claims(token, secret, now)
    if payload is None:
        return None
    username = str(payload.get("sub", ""))
    if not store.live_token(cur, token_id=payload["jti"], username=username, now=now):
        return None
    try:
        user = get_user(cur, username=username)
    except NotFound:
        return None
    if user.disabled or user.session_version != payload.get("sv"):
        return None
    return user


def token_id(token: str | None, *, secret: str, now: datetime) -> str | None:
    payload = _claims(token, secret, now)
    return None if payload is None else payload["jti"]


def revoke(cur, *, token_id: str | None, now: datetime) -> None:
    """Sign-out: the token stops working at once, wherever a copy of it is."""
    if token_id:
        with transaction(cur):
            store.revoke_token(cur, token_id=token_id, now=now)


def _change(cur, username: str, changes: dict, actor: Actor, action: str) -> User:
    permissions.require(actor, action)
    user = get_user(cur, username=username)
    with transaction(cur):
        store.change_user(cur, user_id=user.id, changes=changes, actor=actor)
        if "session_version" in changes:
            store.revoke_all_tokens(cur, username=user.username, now=datetime.now())
    return get_user(cur, username=username)


def set_disabled(cur, *, username: str, disabled: bool, actor: Actor) -> User:
    """Disable (or re-enable) an account; a disabled user's cookies stop working at once."""
    # Asked before the lookup, so that a refused caller cannot learn which usernames exist.
    permissions.require(actor, "user.disable")
    user = get_user(cur, username=username)
    return _change(cur, username, {"disabled": disabled, "session_version": user.session_version + 1}, actor, "user.disable")


def reset_password(cur, *, username: str, password: str, actor: Actor) -> User:
    """Set a new password, lift any lock and sign the user out everywhere."""
    permissions.require(actor, "user.reset_password")
    if not strong_enough(password):
        raise InvalidInput([("password", "invalid.weak_password", {})])
    user = get_user(cur, username=username)
    with transaction(cur):
        store.forget_failures(cur, username=user.username)
        updated = _change(cur, username, {"password_hash": hash_password(password),
                                          "session_version": user.session_version + 1}, actor, "user.reset_password")
    return updated


def sign_out_everywhere(cur, *, username: str) -> None:
    user = get_user(cur, username=username)
    with transaction(cur):
        store.bump_session_version(cur, user_id=user.id)
        store.revoke_all_tokens(cur, username=user.username, now=datetime.now())
        store.log_user_event(cur, actor=Actor.system(user.username), action="sign_out", user_id=user.id)


def _tidy(cur, now: datetime) -> None:
    """Prune after a sign-in; a tidy-up racing another one is simply skipped."""
    try:
        prune(cur, now=now)
    except (StaleVersion, AlreadyExists):
        pass


def prune(cur, *, now: datetime) -> None:
    """Forget failures older than the lock window, and tokens and tickets past their expiry."""
    with transaction(cur):
        store.prune_failures(cur, before=now - WINDOW)
        store.prune_tokens(cur, before=now)
        store.prune_tickets(cur, before=now)


def token_alive(cur, *, token_id: str | None, username: str, now: datetime) -> bool:
    """Whether a session's token is still valid (not revoked, not expired)."""
    return bool(token_id) and store.live_token(cur, token_id=token_id, username=username, now=now)
