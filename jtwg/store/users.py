"""Accounts, failed sign-ins, session tokens and sign-in tickets: every query on app_user, sign_in_failure,
session_token and session_ticket."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from jtwg.models.common import Actor
from jtwg.store.records import Cursor, insert, log_change, one, rows, update

# failed_attempts and locked_until are computed from sign_in_failure (per client), not kept on the account.
# An account's roles come with it, one struct per group (by group code).
_USER = ("u.id, u.username, u.display_name, u.administrator, u.disabled, u.session_version, u.last_login_at, "
         "u.version, coalesce((SELECT list({'group_id': r.group_id, 'group_code': g.code, 'role': r.role, "
         "'delegation': r.delegation, 'subcommittee_codes': r.subcommittee_codes} ORDER BY g.code) "
         "FROM group_role r JOIN jtwg_group g ON g.id = r.group_id WHERE r.user_id = u.id), []) AS roles")


def count_users(cur: Cursor) -> int:
    return cur.execute("SELECT count(*) FROM app_user").fetchone()[0]


def _lock_state(since: datetime, max_failures: int, window: timedelta) -> tuple[str, list]:
    """A subquery: per username, failures since `since` and the end of the latest per-client lock."""
    sql = ("(SELECT username, count(*) AS failed_attempts, "
           " max(CASE WHEN n = ? THEN failed_at + to_microseconds(?) END) AS locked_until FROM ("
           "  SELECT username, failed_at, row_number() OVER (PARTITION BY username, client ORDER BY failed_at DESC) AS n"
           "  FROM sign_in_failure WHERE failed_at > ?) GROUP BY username)")
    return sql, [max_failures, int(window.total_seconds() * 1_000_000), since]


def list_users(cur: Cursor, *, now: datetime, max_failures: int, window: timedelta, username: str | None = None) -> list[dict[str, Any]]:
    locks, params = _lock_state(now - window, max_failures, window)
    where, extra = ("WHERE u.username = ?", [username]) if username is not None else ("", [])
    return rows(cur, f"SELECT {_USER}, coalesce(f.failed_attempts, 0) AS failed_attempts, "
                     f"CASE WHEN f.locked_until > ? THEN f.locked_until END AS locked_until "
                     f"FROM app_user u LEFT JOIN {locks} f ON f.username = u.username {where} ORDER BY u.username",
                [now, *params, *extra])


def password_record(cur: Cursor, *, username: str) -> dict[str, Any] | None:
    return one(cur, "SELECT id, password_hash, disabled FROM app_user WHERE username = ?", [username])


def username_exists(cur: Cursor, *, username: str) -> bool:
    return cur.execute("SELECT 1 FROM app_user WHERE username = ?", [username]).fetchone() is not None


def unknown_subcommittees(cur: Cursor, *, group_id: int, codes: list[str]) -> list[str]:
    known = {r[0] for r in cur.execute("SELECT code FROM subcommittee WHERE group_id = ? AND code IN (SELECT unnest(?))",
                                       [group_id, codes]).fetchall()}
    return [c for c in codes if c not in known]


def set_group_role(cur: Cursor, *, user_id: int, group_id: int, role: str, delegation: str | None,
                   subcommittee_codes: list[str], actor: Actor) -> None:
    """Give an account its role in a group, replacing the one it had there."""
    cur.execute("INSERT INTO group_role (user_id, group_id, role, delegation, subcommittee_codes, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, group_id) DO UPDATE SET role = excluded.role, "
                "delegation = excluded.delegation, subcommittee_codes = excluded.subcommittee_codes, "
                "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                [user_id, group_id, role, delegation, subcommittee_codes, datetime.now(), actor.username])


def remove_group_role(cur: Cursor, *, user_id: int, group_id: int) -> bool:
    return bool(cur.execute("DELETE FROM group_role WHERE user_id = ? AND group_id = ? RETURNING 1",
                            [user_id, group_id]).fetchall())


def group_members(cur: Cursor, *, group_id: int) -> list[str]:
    """Usernames holding a role in the group (administrators hold one everywhere and are not listed)."""
    return [r[0] for r in cur.execute("SELECT u.username FROM group_role r JOIN app_user u ON u.id = r.user_id "
                                      "WHERE r.group_id = ? ORDER BY u.username", [group_id]).fetchall()]


def add_user(cur: Cursor, *, values: dict[str, Any], actor: Actor) -> int:
    return insert(cur, "app_user", values, actor=actor)


def change_user(cur: Cursor, *, user_id: int, changes: dict[str, Any], actor: Actor) -> None:
    update(cur, "app_user", user_id, changes, expected_version=None, actor=actor)


def log_user_event(cur: Cursor, *, actor: Actor, action: str, user_id: int, note: str | None = None) -> None:
    log_change(cur, actor=actor, action=action, entity="app_user", entity_id=user_id, note=note)


def record_success(cur: Cursor, *, user_id: int, username: str, client: str, now: datetime) -> None:
    cur.execute("UPDATE app_user SET last_login_at = ? WHERE id = ?", [now, user_id])
    cur.execute("DELETE FROM sign_in_failure WHERE username = ? AND client = ?", [username, client])
    log_change(cur, actor=Actor.system(username), action="sign_in", entity="app_user", entity_id=user_id)


def record_failure(cur: Cursor, *, username: str, client: str, now: datetime, user_id: int | None) -> None:
    """Append one failed attempt (appends never conflict: parallel failures all count)."""
    cur.execute("INSERT INTO sign_in_failure (username, client, failed_at) VALUES (?, ?, ?)", [username, client, now])
    if user_id is not None:
        log_change(cur, actor=Actor.system("sign-in"), action="sign_in_failed", entity="app_user", entity_id=user_id,
                   note=f"client {client}")


def recent_failures(cur: Cursor, *, username: str, client: str, since: datetime) -> tuple[list[datetime], int]:
    """Failures of `username` from `client` since `since` (newest first), and of `client` for any name."""
    pair = [r[0] for r in cur.execute(
        "SELECT failed_at FROM sign_in_failure WHERE username = ? AND client = ? AND failed_at > ? ORDER BY failed_at DESC",
        [username, client, since]).fetchall()]
    per_client = cur.execute("SELECT count(*) FROM sign_in_failure WHERE client = ? AND failed_at > ?",
                             [client, since]).fetchone()[0]
    return pair, per_client


def oldest_client_failures(cur: Cursor, *, client: str, since: datetime, limit: int) -> list[datetime]:
    return [r[0] for r in cur.execute(
        "SELECT failed_at FROM sign_in_failure WHERE client = ? AND failed_at > ? ORDER BY failed_at DESC LIMIT ?",
        [client, since, limit]).fetchall()]


def forget_failures(cur: Cursor, *, username: str) -> int:
    return len(cur.execute("DELETE FROM sign_in_failure WHERE username = ? RETURNING 1", [username]).fetchall())


def prune_failures(cur: Cursor, *, before: datetime) -> None:
    cur.execute("DELETE FROM sign_in_failure WHERE failed_at < ?", [before])


def add_token(cur: Cursor, *, token_id: str, username: str, issued_at: datetime, expires_at: datetime) -> None:
    cur.execute("INSERT INTO session_token (token_id, username, issued_at, expires_at) VALUES (?, ?, ?, ?)",
                [token_id, username, issued_at, expires_at])


def live_token(cur: Cursor, *, token_id: str, username: str, now: datetime) -> bool:
    return cur.execute("SELECT 1 FROM session_token WHERE token_id = ? AND username = ? AND revoked_at IS NULL "
                       "AND expires_at > ?", [token_id, username, now]).fetchone() is not None


def revoke_token(cur: Cursor, *, token_id: str, now: datetime) -> None:
    cur.execute("UPDATE session_token SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL", [now, token_id])


def revoke_all_tokens(cur: Cursor, *, username: str, now: datetime) -> None:
    cur.execute("UPDATE session_token SET revoked_at = ? WHERE username = ? AND revoked_at IS NULL", [now, username])


def prune_tokens(cur: Cursor, *, before: datetime) -> None:
    cur.execute("DELETE FROM session_token WHERE expires_at < ?", [before])


def token_row(cur: Cursor, *, token_id: str, now: datetime) -> tuple[str, datetime, datetime] | None:
    """(username, issued_at, expires_at) of a token neither revoked nor expired, or None."""
    return cur.execute("SELECT username, issued_at, expires_at FROM session_token WHERE token_id = ? "
                       "AND revoked_at IS NULL AND expires_at > ?", [token_id, now]).fetchone()


def add_ticket(cur: Cursor, *, ticket_hash: str, token_id: str, expires_at: datetime) -> None:
    cur.execute("INSERT INTO session_ticket (ticket_hash, token_id, expires_at) VALUES (?, ?, ?)",
                [ticket_hash, token_id, expires_at])


def take_ticket(cur: Cursor, *, ticket_hash: str) -> tuple[str, datetime] | None:
    """Delete a ticket and return (token_id, expires_at): a second call for the same ticket finds nothing."""
    return cur.execute("DELETE FROM session_ticket WHERE ticket_hash = ? RETURNING token_id, expires_at",
                       [ticket_hash]).fetchone()


def prune_tickets(cur: Cursor, *, before: datetime) -> None:
    cur.execute("DELETE FROM session_ticket WHERE expires_at < ?", [before])


def bump_session_version(cur: Cursor, *, user_id: int) -> None:
    cur.execute("UPDATE app_user SET session_version = session_version + 1 WHERE id = ?", [user_id])
