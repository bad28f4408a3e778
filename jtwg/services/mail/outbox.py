"""The outbox: messages are queued first, then sent over SMTP with retries and back-off; every step is
in the audit trail. Without SMTP settings they stay queued and can be downloaded as .eml files."""

from __future__ import annotations

import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes, policy

from jtwg.db import transaction
from jtwg.models.common import Actor
from jtwg.services import permissions
from jtwg.services.mail.compose import Attachment, Letter, build_message
from jtwg.services.mail.config import MailConfig
from jtwg.store import outbox as store
from jtwg.store.records import Cursor

# What a message is about (outbox.kind) and where it stands (outbox.state: queued -> sent / failed).
REMINDER, CIRCULATION, INVITATION = "reminder", "circulation", "invitation"
KINDS = (REMINDER, CIRCULATION, INVITATION)
STATES = ("queued", "sent", "failed")

MAX_ATTEMPTS = 8
BACKOFF_FIRST = timedelta(minutes=5)
BACKOFF_MAX = timedelta(hours=12)
SMTP_TIMEOUT = 20
# One sender at a time in this process: the button and the scheduler never send the same message twice.
_SENDING = threading.Lock()


@dataclass
class Draft:
    """One message ready to be queued: who, in which language, about what, with which attachments."""

    key: str
    kind: str
    recipient: str
    recipient_name: str | None
    person_id: int | None
    lang: str
    letters: list[Letter]
    attachments: list[Attachment]
    entity: str | None = None
    entity_id: int | None = None

    def subject(self) -> str:
        return " / ".join(dict.fromkeys(letter.typeset().subject for letter in self.letters))


def backoff(attempts: int) -> timedelta:
    """Wait after the `attempts`-th failure: 5 min, 10, 20, 40 … at most 12 h."""
    return min(BACKOFF_FIRST * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def queue(cur: Cursor, drafts: list[Draft], *, config: MailConfig, actor: Actor, now: datetime | None = None) -> list[int]:
    """Write the drafts to the outbox in one transaction; a draft whose key is already there is skipped
    (so the same reminder or invitation is never queued twice). Returns the new message ids."""
    permissions.require(actor, "mail.send")
    now = now or datetime.now()
    new_ids = []
    with transaction(cur):
        for draft in drafts:
            if store.key_exists(cur, draft.key):
                continue
            msg, subject, text, html_body = build_message(
                letters=draft.letters, sender=config.mail_from, recipient=draft.recipient,
                recipient_name=draft.recipient_name, key=draft.key, attachments=draft.attachments)
            new_ids.append(store.insert_message(cur, {
                "idempotency_key": draft.key, "kind": draft.kind, "recipient": draft.recipient,
                "recipient_name": draft.recipient_name, "person_id": draft.person_id, "lang": draft.lang,
                "subject": subject, "body_text": text, "body_html": html_body, "raw": msg.as_bytes(),
                "entity": draft.entity, "entity_id": draft.entity_id, "next_attempt_at": now,
            }, [(a.filename, a.mime_type, a.content) for a in draft.attachments], actor=actor))
    return new_ids


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0          # attempts that failed this run (the message stays queued unless it gave up)
    gave_up: int = 0
    waiting: int = 0         # still queued afterwards
    error: str | None = None


def _connect(config: MailConfig) -> smtplib.SMTP:
    context = ssl.create_default_context()
    if config.tls == "tls":
        smtp = smtplib.SMTP_SSL(config.host, config.effective_port, timeout=SMTP_TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(config.host, config.effective_port, timeout=SMTP_TIMEOUT)
        if config.tls == "starttls":
            smtp.starttls(context=context)
    if config.user:
        smtp.login(config.user, config.password)
    return smtp


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".strip()


def send_queued(cur: Cursor, *, config: MailConfig, actor: Actor, now: datetime | None = None,
                ignore_backoff: bool = False, limit: int = 500) -> SendReport:
    """Send queued messages whose next attempt is due (every queued one with `ignore_backoff`).

    Each message is marked sent right after the server accepts it, in its own transaction, so a failure
    half-way leaves the rest queued and a later run sends each remaining message exactly once.
    """
    permissions.require(actor, "mail.send")
    report = SendReport()
    if not config.can_send:
        report.waiting = store.count_by_state(cur).get("queued", 0)
        return report
    now = now or datetime.now()
    with _SENDING:
        ids = store.due_ids(cur, now=datetime.max if ignore_backoff else now, limit=limit)
        smtp = None
        try:
            for message_id in ids:
                message = store.get_message(cur, message_id=message_id)
                if message["state"] != "queued":
                    continue
                try:
                    if smtp is None:
                        smtp = _connect(config)
                    smtp.sendmail(config.mail_from, [message["recipient"]], message["raw"])
                except (OSError, smtplib.SMTPException) as exc:
                    report.failed += 1
                    report.error = _error_text(exc)
                    attempts = message["attempts"] + 1
                    final = attempts >= MAX_ATTEMPTS or isinstance(exc, smtplib.SMTPRecipientsRefused)
                    report.gave_up += int(final)
                    with transaction(cur):
                        store.mark_failed_attempt(cur, message_id=message_id, error=report.error,
                                                  next_attempt_at=now + backoff(attempts), final=final, actor=actor)
                    if smtp is not None and not isinstance(exc, smtplib.SMTPRecipientsRefused):
                        _close(smtp)
                        smtp = None
                    continue
                with transaction(cur):
                    store.mark_sent(cur, message_id=message_id, now=now, actor=actor)
                report.sent += 1
        finally:
            if smtp is not None:
                _close(smtp)
    report.waiting = store.count_by_state(cur).get("queued", 0)
    return report


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()


def requeue(cur: Cursor, *, message_id: int, actor: Actor, now: datetime | None = None) -> None:
    """Give a failed message another try."""
    permissions.require(actor, "mail.send")
    with transaction(cur):
        store.requeue(cur, message_id=message_id, now=now or datetime.now(), actor=actor)


def list_messages(cur: Cursor, *, actor: Actor, state: str | None = None, kind: str | None = None) -> list[dict]:
    permissions.require(actor, "mail.read")
    return store.list_messages(cur, state=state, kind=kind)


def counts(cur: Cursor, *, actor: Actor) -> dict[str, int]:
    permissions.require(actor, "mail.read")
    return store.count_by_state(cur)


def eml(cur: Cursor, *, message_id: int, actor: Actor) -> tuple[str, bytes]:
    """(filename, bytes) of a message exactly as it is (or was) sent: opens in Outlook and Thunderbird."""
    permissions.require(actor, "mail.read")
    message = store.get_message(cur, message_id=message_id)
    return f"message-{message_id:05d}-{message['kind']}-{message['lang']}.eml", message["raw"]


def message_detail(cur: Cursor, *, message_id: int, actor: Actor) -> dict:
    """The stored message with its attachments' names and sizes (not their bytes)."""
    permissions.require(actor, "mail.read")
    message = store.get_message(cur, message_id=message_id)
    message["attachments"] = [{"filename": a["filename"], "mime_type": a["mime_type"], "size": len(a["content"]),
                               "sha256": a["sha256"]} for a in store.list_attachments(cur, message_id=message_id)]
    return message


def parse(raw: bytes):
    """The message as Python's email parser reads it (for checks and previews)."""
    return message_from_bytes(raw, policy=policy.default)
