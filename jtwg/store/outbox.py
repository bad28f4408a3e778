"""Email storage: the outbox and its attachments, reminder stages already sent, and contact look-ups."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from jtwg.errors import NotFound
from jtwg.models.common import Actor
from jtwg.store.records import Cursor, log_change, one, rows

# Everything but the raw bytes: listing the outbox never loads whole messages.
_LIST_COLUMNS = ("id, idempotency_key, kind, recipient, recipient_name, person_id, lang, subject, entity, entity_id, "
                 "state, attempts, last_error, next_attempt_at, created_at, created_by, sent_at")


def key_exists(cur: Cursor, key: str) -> bool:
    return cur.execute("SELECT 1 FROM outbox WHERE idempotency_key = ?", [key]).fetchone() is not None


def insert_message(cur: Cursor, values: dict[str, Any], attachments: list[tuple[str, str, bytes]], *, actor: Actor) -> int:
    """Queue one message with its attachments (filename, MIME type, bytes); log it. The caller holds the transaction."""
    cols = [*values, "created_by"]
    params = [*values.values(), actor.username]
    new_id = cur.execute(f"INSERT INTO outbox ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)}) RETURNING id",
                         params).fetchone()[0]
    for filename, mime, content in attachments:
        cur.execute("INSERT INTO outbox_attachment (outbox_id, filename, mime_type, content, sha256) VALUES (?, ?, ?, ?, ?)",
                    [new_id, filename, mime, content, hashlib.sha256(content).hexdigest()])
    log_change(cur, actor=actor, action="queue", entity="outbox", entity_id=new_id,
               changes={"kind": [None, values["kind"]], "recipient": [None, values["recipient"]],
                        "lang": [None, values["lang"]], "about": [None, f"{values.get('entity')}:{values.get('entity_id')}"],
                        "attachments": [None, [a[0] for a in attachments]]},
               note=values["idempotency_key"])
    return new_id


def list_messages(cur: Cursor, *, state: str | None = None, kind: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    clauses, params = ["1 = 1"], []
    if state:
        clauses.append("state = ?")
        params.append(state)
    if kind:
        clauses.append("kind = ?")
        params.append(kind)
    return rows(cur, f"SELECT {_LIST_COLUMNS} FROM outbox WHERE {' AND '.join(clauses)} ORDER BY id DESC LIMIT ?",
                [*params, limit])


def count_by_state(cur: Cursor) -> dict[str, int]:
    return dict(cur.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())


def get_message(cur: Cursor, *, message_id: int) -> dict[str, Any]:
    found = one(cur, f"SELECT {_LIST_COLUMNS}, body_text, body_html, raw FROM outbox WHERE id = ?", [message_id])
    if found is None:
        raise NotFound(entity="outbox", ref=message_id)
    found["raw"] = bytes(found["raw"])
    return found


def list_attachments(cur: Cursor, *, message_id: int) -> list[dict[str, Any]]:
    found = rows(cur, "SELECT filename, mime_type, content, sha256 FROM outbox_attachment WHERE outbox_id = ? ORDER BY id",
                 [message_id])
    for r in found:
        r["content"] = bytes(r["content"])
    return found


def due_ids(cur: Cursor, *, now: datetime, limit: int) -> list[int]:
    """Queued messages whose next attempt is due, oldest first."""
    return [r[0] for r in cur.execute(
        "SELECT id FROM outbox WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY id LIMIT ?", [now, limit]).fetchall()]


def mark_sent(cur: Cursor, *, message_id: int, now: datetime, actor: Actor) -> None:
    cur.execute("UPDATE outbox SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?",
                [now, message_id])
    log_change(cur, actor=actor, action="send", entity="outbox", entity_id=message_id, changes={"state": ["queued", "sent"]})


def mark_failed_attempt(cur: Cursor, *, message_id: int, error: str, next_attempt_at: datetime, final: bool,
                        actor: Actor) -> None:
    """One more failed attempt: the message stays queued for a later try, or becomes failed when `final`."""
    cur.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, state = ? WHERE id = ?",
                [error[:1000], next_attempt_at, "failed" if final else "queued", message_id])
    log_change(cur, actor=actor, action="send_failed", entity="outbox", entity_id=message_id,
               changes={"state": ["queued", "failed" if final else "queued"]}, note=error[:1000])


def requeue(cur: Cursor, *, message_id: int, now: datetime, actor: Actor) -> None:
    cur.execute("UPDATE outbox SET state = 'queued', next_attempt_at = ? WHERE id = ? AND state = 'failed'", [now, message_id])
    log_change(cur, actor=actor, action="requeue", entity="outbox", entity_id=message_id, changes={"state": ["failed", "queued"]})


def messages_about(cur: Cursor, *, entity: str, entity_id: int, kind: str) -> list[dict[str, Any]]:
    return rows(cur, f"SELECT {_LIST_COLUMNS} FROM outbox WHERE entity = ? AND entity_id = ? AND kind = ? ORDER BY id",
                [entity, entity_id, kind])


# --- Reminder stages --------------------------------------------------------------------------------


def sent_stages(cur: Cursor, *, recipient: str) -> set[tuple[int, str]]:
    return {(r[0], r[1]) for r in cur.execute(
        "SELECT action_id, stage FROM reminder_sent WHERE recipient = ?", [recipient]).fetchall()}


def record_stages(cur: Cursor, *, recipient: str, stages: list[tuple[int, str]], outbox_id: int) -> None:
    for action_id, stage in stages:
        cur.execute("INSERT INTO reminder_sent (recipient, action_id, stage, outbox_id) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT DO NOTHING", [recipient, action_id, stage, outbox_id])


# --- Contacts ---------------------------------------------------------------------------------------


def contacts(cur: Cursor) -> list[dict[str, Any]]:
    """Every person with their organisation and the account linked to them, if any."""
    return rows(cur, """
        SELECT p.id, p.ref, p.display_name, p.honorific, p.email, p.lang, p.reminders_off, p.version,
               o.acronym AS org, o.id AS org_id, u.username
        FROM person p LEFT JOIN organisation o ON o.id = p.org_id
        LEFT JOIN app_user u ON u.person_id = p.id AND NOT u.disabled
        ORDER BY o.acronym NULLS LAST, p.display_name""")


def organisation_contacts(cur: Cursor) -> list[dict[str, Any]]:
    return rows(cur, "SELECT id, acronym, email, lang, version FROM organisation ORDER BY acronym")


def people_with_address(cur: Cursor, *, person_ids: list[int]) -> list[int]:
    if not person_ids:
        return []
    marks = ", ".join("?" for _ in person_ids)
    return [r[0] for r in cur.execute(f"SELECT id FROM person WHERE id IN ({marks}) AND email IS NOT NULL ORDER BY id",
                                      person_ids).fetchall()]


def person_row(cur: Cursor, *, person_id: int) -> dict[str, Any]:
    found = one(cur, "SELECT id, ref, display_name, email, lang, reminders_off, org_id, version FROM person WHERE id = ?",
                [person_id])
    if found is None:
        raise NotFound(entity="person", ref=person_id)
    return found


def organisation_row(cur: Cursor, *, org_id: int) -> dict[str, Any]:
    found = one(cur, "SELECT id, acronym, email, lang, version FROM organisation WHERE id = ?", [org_id])
    if found is None:
        raise NotFound(entity="organisation", ref=org_id)
    return found


def focal_points(cur: Cursor, *, group_id: int, org_id: int) -> list[int]:
    """People of the organisation who are the group's focal points; else its people with any membership."""
    for roles in (("focal_point",), ("focal_point", "co_chair", "secretariat", "member", "observer")):
        marks = ", ".join("?" for _ in roles)
        found = [r[0] for r in cur.execute(
            f"SELECT DISTINCT p.id FROM person p JOIN membership m ON m.person_id = p.id "
            f"WHERE p.org_id = ? AND m.group_id = ? AND m.role IN ({marks}) ORDER BY p.id",
            [org_id, group_id, *roles]).fetchall()]
        if found:
            return found
    return []


def membership_roles(cur: Cursor, *, group_id: int, person_id: int) -> set[str]:
    return {r[0] for r in cur.execute("SELECT role FROM membership WHERE group_id = ? AND person_id = ?",
                                      [group_id, person_id]).fetchall()}


def group_member_ids(cur: Cursor, *, group_id: int, subcommittee_id: int | None) -> list[int]:
    """Who a meeting invites: the whole group for a plenary; a sub-committee's members plus the
    JTWG-level co-chairs, focal points and secretariat for a sub-committee meeting."""
    if subcommittee_id is None:
        sql, params = "SELECT DISTINCT person_id FROM membership WHERE group_id = ?", [group_id]
    else:
        sql = ("SELECT DISTINCT person_id FROM membership WHERE group_id = ? AND (subcommittee_id = ? OR "
               "(subcommittee_id IS NULL AND role IN ('co_chair', 'focal_point', 'secretariat')))")
        params = [group_id, subcommittee_id]
    return [r[0] for r in cur.execute(sql + " ORDER BY person_id", params).fetchall()]


def attendee_ids(cur: Cursor, *, meeting_id: int) -> list[int]:
    return [r[0] for r in cur.execute(
        "SELECT DISTINCT person_id FROM attendance WHERE meeting_id = ? AND person_id IS NOT NULL ORDER BY person_id",
        [meeting_id]).fetchall()]


def account_for_person(cur: Cursor, *, person_id: int, group_id: int) -> dict[str, Any] | None:
    """The enabled account linked to a person, with its role in group `group_id` (None when it holds none there)."""
    return one(cur, "SELECT u.id, u.username, CASE WHEN u.administrator THEN 'secretariat' ELSE r.role END AS role "
                    "FROM app_user u LEFT JOIN group_role r ON r.user_id = u.id AND r.group_id = ? "
                    "WHERE u.person_id = ? AND NOT u.disabled AND (u.administrator OR r.role IS NOT NULL) "
                    "ORDER BY u.id LIMIT 1", [group_id, person_id])


def account_person_id(cur: Cursor, *, username: str) -> tuple[int, int | None, int]:
    """(account id, linked person id, version) of a username."""
    found = cur.execute("SELECT id, person_id, version FROM app_user WHERE username = ?", [username]).fetchone()
    if found is None:
        raise NotFound(entity="app_user", ref=username)
    return found[0], found[1], found[2]


def person_id_by_email(cur: Cursor, *, email: str) -> int | None:
    found = cur.execute("SELECT id FROM person WHERE lower(email) = lower(?) ORDER BY id LIMIT 1", [email]).fetchone()
    return None if found is None else found[0]
