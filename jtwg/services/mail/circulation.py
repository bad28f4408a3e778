"""Circulating minutes by email: the circulated version goes to the meeting's participants, each in their
language (or both), with the Word file of the export profile their role may read attached."""

from __future__ import annotations

from urllib.parse import urlencode

from dataclasses import dataclass

from jtwg.errors import InvalidTransition, JtwgError
from jtwg.i18n import format_date, ordinal, t
from jtwg.models import Actor, Meeting, MinutesStatus
from jtwg.services import permissions
from jtwg.services.mail import config as mail_config
from jtwg.services.mail.compose import Attachment, Letter, footer
from jtwg.services.mail.contacts import Recipient, recipient
from jtwg.services.mail.outbox import CIRCULATION, Draft, queue
from jtwg.store import groups
from jtwg.store import meetings as meeting_store
from jtwg.store import outbox as store
from jtwg.store.records import Cursor
from jtwg.services import scope

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LANG_MODES = ("each", "both")


@dataclass
class CirculationPlan:
    meeting: Meeting
    version_no: int
    minutes_id: int
    recipients: list[Recipient]
    lang_mode: str
    group_code: str = ""   # the link opens the app in the meeting's group

    @property
    def sendable(self) -> list[Recipient]:
        return [r for r in self.recipients if r.email]

    def langs_for(self, who: Recipient) -> tuple[str, ...]:
        return ("en", "fr") if self.lang_mode == "both" else (who.lang,)


def meeting_title(cur: Cursor, meeting: Meeting, lang: str) -> str:
    group = groups.get_group(cur, group_id=meeting.group_id)
    body = ""
    if meeting.subcommittee_id is not None:
        sub = next((s for s in groups.list_subcommittees(cur, group_id=meeting.group_id) if s.id == meeting.subcommittee_id), None)
        body = f" ({sub.name.get(lang)})" if sub else ""
    return t("mail.meeting_title", lang, ordinal=ordinal(meeting.sequence_no, lang), group=group.code, body=body)


def plan(cur: Cursor, *, meeting_id: int, lang_mode: str, actor: Actor) -> CirculationPlan:
    """Who would receive the circulated minutes, in which language and with which profile (the preview)."""
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "mail.read")
    if lang_mode not in LANG_MODES:
        raise JtwgError(lang_mode, key="invalid.bad_choice")
    meeting = meeting_store.get_meeting(cur, meeting_id=meeting_id)
    minutes = meeting_store.current_minutes(cur, meeting_id=meeting_id)
    if minutes is None or minutes.status is not MinutesStatus.CIRCULATED:
        raise InvalidTransition(key="mail.error.not_circulated")
    people = store.attendee_ids(cur, meeting_id=meeting_id) or store.group_member_ids(
        cur, group_id=meeting.group_id, subcommittee_id=meeting.subcommittee_id)
    found = [recipient(cur, person_id=p, group_id=meeting.group_id) for p in people]
    return CirculationPlan(meeting, minutes.version_no, minutes.id, sorted(found, key=lambda r: (r.org or "", r.name)),
                           lang_mode, groups.get_group(cur, group_id=meeting.group_id).code)


def letter(cur: Cursor, plan_: CirculationPlan, who: Recipient, lang: str, *, base_url: str) -> Letter:
    title = meeting_title(cur, plan_.meeting, lang)
    return Letter(
        lang=lang,
        subject=t("mail.circulation.subject", lang, meeting=title, version=plan_.version_no),
        greeting=t("mail.greeting", lang, name=who.name),
        paragraphs=[t("mail.circulation.intro", lang, meeting=title, version=plan_.version_no,
                      date=format_date(plan_.meeting.end_date, lang)),
                    t(f"mail.circulation.profile.{who.profile.value}", lang),
                    t("mail.circulation.comments", lang, url=f"{base_url}/meetings?{urlencode({'group': plan_.group_code})}")],
        closing=footer(lang))


def circulate(cur: Cursor, *, meeting_id: int, lang_mode: str, actor: Actor,
              config: mail_config.MailConfig | None = None) -> list[int]:
    """Queue one message per participant with an address; returns the new outbox ids.

    Each attachment is exported through the Word export with the recipient's profile (its personal-data
    gate and its audit entry included); the same version is never queued twice to the same person.
    """
    scope.require(cur, actor, meeting=meeting_id)
    from jtwg.services.exports import export_minutes

    permissions.require(actor, "mail.send")
    config = config or mail_config.load(cur)
    plan_ = plan(cur, meeting_id=meeting_id, lang_mode=lang_mode, actor=actor)
    files: dict[tuple[str, str], Attachment] = {}
    drafts = []
    for who in plan_.sendable:
        key = f"circulation:{plan_.minutes_id}:{who.person_id}"
        if store.key_exists(cur, key):
            continue
        langs = plan_.langs_for(who)
        doc_lang = langs[0] if len(langs) == 1 else "both"
        wanted = (doc_lang, who.profile.value)
        if wanted not in files:
            result = export_minutes(cur, meeting_id=meeting_id, lang=doc_lang, profile=who.profile, actor=actor)
            files[wanted] = Attachment(result.filename, DOCX, result.content)
        drafts.append(Draft(key=key, kind=CIRCULATION, recipient=who.email, recipient_name=who.name,
                            person_id=who.person_id, lang="+".join(langs),
                            letters=[letter(cur, plan_, who, lang, base_url=config.base_url) for lang in langs],
                            attachments=[files[wanted]], entity="minutes", entity_id=plan_.minutes_id))
    return queue(cur, drafts, config=config, actor=actor)
