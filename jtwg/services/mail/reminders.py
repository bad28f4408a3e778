"""Reminder digests: one message per owner listing their action items due soon and overdue, each with a
link to it in the app, on the schedule the secretariat sets (e.g. 14 and 3 days before, then weekly
while overdue). The same stage of an item is never reminded twice to the same person."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from jtwg.i18n import format_date, t
from jtwg.models import ActionItem, Actor, Confidentiality
from jtwg.services import permissions
from jtwg.services.mail import config as mail_config
from jtwg.services.mail.compose import Letter, Line, Section, footer
from jtwg.services.mail.contacts import Recipient, organisation_recipient, recipient
from jtwg.services.mail.outbox import REMINDER, Draft, SendReport, queue, send_queued
from jtwg.store import actions as action_store
from jtwg.store import groups
from jtwg.store import outbox as store
from jtwg.store.records import Cursor
from jtwg.services import scope


def stage(due: date, as_of: date, schedule: mail_config.Schedule) -> str | None:
    """Which reminder an item due on `due` has reached on `as_of`: "before-14", "before-3", "overdue-0",
    "overdue-1" (the second overdue period) …, or None when no reminder is due yet."""
    days_left = (due - as_of).days
    if days_left < 0:
        return f"overdue-{(-days_left - 1) // schedule.overdue_every}"
    reached = [d for d in schedule.days_before if days_left <= d]
    return f"before-{min(reached)}" if reached else None


@dataclass
class DigestItem:
    action: ActionItem
    stage: str | None
    new: bool            # this stage has not been reminded to this person yet


# Why a digest is listed in the preview but not sent.
REMINDERS_OFF, NO_ADDRESS = "reminders_off", "no_address"
SKIP_REASONS = (REMINDERS_OFF, NO_ADDRESS)


@dataclass
class Digest:
    recipient: Recipient
    items: list[DigestItem]
    skipped: str | None = None    # one of SKIP_REASONS: listed in the preview, not sent
    group_code: str = ""          # the links open the app in this group

    @property
    def stages(self) -> list[tuple[int, str]]:
        return [(i.action.id, i.stage) for i in self.items if i.stage]

    @property
    def key(self) -> str:
        digest = hashlib.sha256(";".join(f"{a}:{s}" for a, s in sorted(self.stages)).encode()).hexdigest()[:16]
        return f"reminder:{self.recipient.key}:{digest}"


@dataclass
class ReminderRun:
    as_of: date
    digests: list[Digest] = field(default_factory=list)
    queued: list[int] = field(default_factory=list)
    send: SendReport | None = None
    dry_run: bool = True

    @property
    def to_send(self) -> list[Digest]:
        return [d for d in self.digests if d.skipped is None]


def _owners(cur: Cursor, action: ActionItem, group_id: int) -> list[tuple[str, int]]:
    """The owner person, else the focal point(s) of the owner organisation; when none of them has an
    address, the organisation's shared mailbox if it has one."""
    if action.owner_person_id is not None:
        return [("person", action.owner_person_id)]
    if action.owner_org_id is None:
        return []
    people = store.focal_points(cur, group_id=group_id, org_id=action.owner_org_id)
    if not store.people_with_address(cur, person_ids=people):
        if store.organisation_row(cur, org_id=action.owner_org_id)["email"]:
            return [("org", action.owner_org_id)]
    return [("person", p) for p in people]


def plan(cur: Cursor, *, group_id: int, as_of: date, actor: Actor) -> list[Digest]:
    """The digests a run on `as_of` would send (and those it cannot send, with why), without sending."""
    scope.require(cur, actor, group=group_id)
    permissions.require(actor, "mail.read")
    schedule = mail_config.schedule(cur)
    if not schedule.enabled:
        return []
    by_person: dict[tuple[str, int], list[tuple[ActionItem, str | None]]] = {}
    owners: dict[tuple[int | None, int | None], list[tuple[str, int]]] = {}   # looked up once per owner
    # Overdue items and those due within the horizon, chosen in SQL.
    for action in action_store.reminder_candidates(cur, group_id=group_id,
                                                   due_until=as_of + timedelta(days=schedule.horizon)):
        owner_key = (action.owner_person_id, action.owner_org_id)
        if owner_key not in owners:
            owners[owner_key] = _owners(cur, action, group_id)
        for owner in owners[owner_key]:
            by_person.setdefault(owner, []).append((action, stage(action.due_date, as_of, schedule)))
    digests = []
    code = groups.get_group(cur, group_id=group_id).code
    for (kind, owner_id), items in sorted(by_person.items()):
        who = (recipient(cur, person_id=owner_id, group_id=group_id) if kind == "person"
               else organisation_recipient(cur, org_id=owner_id))
        done = store.sent_stages(cur, recipient=who.key)
        listed = [DigestItem(a, s, s is not None and (a.id, s) not in done)
                  for a, s in sorted(items, key=lambda x: (x[0].due_date, x[0].code))]
        if not any(i.new for i in listed):
            continue
        skipped = REMINDERS_OFF if who.reminders_off else (NO_ADDRESS if not who.email else None)
        digests.append(Digest(who, listed, skipped, group_code=code))
    return digests


def item_link(base_url: str, action: ActionItem, group_code: str = "") -> str:
    """The tracker filtered on one item, in the item's group (an account may work in several groups)."""
    return f"{base_url}/actions?{urlencode({'group': group_code, 'q': action.code} if group_code else {'q': action.code})}"


def letter(digest: Digest, *, as_of: date, base_url: str, org_names: dict[int, str], lang: str) -> Letter:
    """The digest in `lang`. A confidential item shows its code, due date and link only: never its text."""
    def line(item: DigestItem) -> Line:
        action = item.action
        if action.confidentiality is Confidentiality.CONFIDENTIAL:
            text = t("mail.reminder.item_confidential", lang, code=action.code)
        else:
            text = t("mail.reminder.item", lang, code=action.code, text=action.text.get(lang))
        days = (action.due_date - as_of).days
        if days < 0:
            note = t("mail.reminder.overdue_since", lang, date=format_date(action.due_date, lang), days=-days)
        else:
            note = t("mail.reminder.due_on", lang, date=format_date(action.due_date, lang), days=days)
        owner = org_names.get(action.owner_org_id) if action.owner_person_id is None else None
        if owner:
            note += " · " + owner
        return Line(text, item_link(base_url, action, digest.group_code), note)

    overdue = [i for i in digest.items if i.action.due_date < as_of]
    soon = [i for i in digest.items if i.action.due_date >= as_of]
    sections = []
    if overdue:
        sections.append(Section(t("mail.reminder.overdue_heading", lang, count=len(overdue)), [line(i) for i in overdue]))
    if soon:
        sections.append(Section(t("mail.reminder.soon_heading", lang, count=len(soon)), [line(i) for i in soon]))
    return Letter(
        lang=lang,
        subject=t("mail.reminder.subject", lang, overdue=len(overdue), soon=len(soon)),
        greeting=t("mail.greeting", lang, name=digest.recipient.name),
        paragraphs=[t("mail.reminder.intro", lang, date=format_date(as_of, lang))],
        sections=sections,
        closing=[t("mail.reminder.update_hint", lang, url=f"{base_url}/actions"
                   + (f"?{urlencode({'group': digest.group_code})}" if digest.group_code else "")),
                 t("mail.reminder.opt_out", lang), *footer(lang)])


def drafts(cur: Cursor, digests: list[Digest], *, as_of: date, config: mail_config.MailConfig) -> list[Draft]:
    orgs = {o.id: o.acronym for o in groups.list_organisations(cur)}
    out = []
    for digest in digests:
        if digest.skipped:
            continue
        who = digest.recipient
        out.append(Draft(key=digest.key, kind=REMINDER, recipient=who.email, recipient_name=who.name,
                         person_id=who.person_id, lang=who.lang,
                         letters=[letter(digest, as_of=as_of, base_url=config.base_url, org_names=orgs, lang=who.lang)],
                         attachments=[], entity="person" if who.person_id is not None else "organisation",
                         entity_id=who.person_id if who.person_id is not None else who.org_id))
    return out


def run_reminders(cursor: Cursor, *, as_of: date, dry_run: bool, actor: Actor, group_id: int | None = None,
                  send: bool = True, config: mail_config.MailConfig | None = None) -> ReminderRun:
    """The reminder job: plan the digests due on `as_of`, queue them in the outbox and send the queue.

    With `dry_run` nothing is written or sent: the returned run lists what would go to whom. This is the
    function the app's scheduler, the `jtwg remind` command and the "send reminders now" button call.
    """
    permissions.require(actor, "mail.send")
    config = config or mail_config.load(cursor)
    group_ids = [group_id] if group_id is not None else [g.id for g in groups.list_groups(cursor)]
    run = ReminderRun(as_of=as_of, dry_run=dry_run)
    for gid in group_ids:
        run.digests += plan(cursor, group_id=gid, as_of=as_of, actor=actor)
    if dry_run:
        return run
    from jtwg.db import transaction

    with transaction(cursor):
        for digest, draft in zip(run.to_send, drafts(cursor, run.to_send, as_of=as_of, config=config)):
            ids = queue(cursor, [draft], config=config, actor=actor)
            run.queued += ids
            if ids:
                store.record_stages(cursor, recipient=digest.recipient.key, stages=digest.stages, outbox_id=ids[0])
    if send:
        run.send = send_queued(cursor, config=config, actor=actor, now=datetime.now())
    return run
