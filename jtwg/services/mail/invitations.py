"""Meeting invitations: a calendar entry (.ics, METHOD:REQUEST) and the draft agenda in each recipient's
language; when the meeting's dates move, an update with the same event and a higher SEQUENCE."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from icalendar import Calendar, vCalAddress, vText

from jtwg.i18n import agenda_label, country_name, format_date_range, t
from jtwg.models import Actor, AgendaItem, Confidentiality, Meeting
from jtwg.services import permissions
from jtwg.services.calendar import PRODID, meeting_event
from jtwg.services.mail import config as mail_config
from jtwg.services.mail.circulation import meeting_title
from jtwg.services.mail.compose import Attachment, Letter, Line, Section, footer
from jtwg.services.mail.contacts import Recipient, recipient
from jtwg.services.mail.outbox import INVITATION, Draft, queue
from jtwg.store import groups
from jtwg.store import meetings as meeting_store
from jtwg.store import outbox as store
from jtwg.store.records import Cursor
from jtwg.services import scope


@dataclass
class InvitationPlan:
    meeting: Meeting
    recipients: list[Recipient]
    sequence: int                  # 0 for the first invitation, then one more per change of dates
    previous_dates: tuple[date, date] | None   # the dates last sent, when they differ from the meeting's

    @property
    def is_update(self) -> bool:
        return self.sequence > 0

    @property
    def sendable(self) -> list[Recipient]:
        return [r for r in self.recipients if r.email]


def _sent_dates(cur: Cursor, meeting_id: int) -> list[tuple[date, date]]:
    """The distinct date ranges invitations were sent for, in order (read back from their keys)."""
    found: list[tuple[date, date]] = []
    for message in store.messages_about(cur, entity="meeting", entity_id=meeting_id, kind=INVITATION):
        start, end = message["idempotency_key"].split(":")[3:5]
        pair = (date.fromisoformat(start), date.fromisoformat(end))
        if pair not in found:
            found.append(pair)
    return found


def plan(cur: Cursor, *, meeting_id: int, actor: Actor) -> InvitationPlan:
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "mail.read")
    meeting = meeting_store.get_meeting(cur, meeting_id=meeting_id)
    people = store.group_member_ids(cur, group_id=meeting.group_id, subcommittee_id=meeting.subcommittee_id)
    found = sorted((recipient(cur, person_id=p, group_id=meeting.group_id) for p in people), key=lambda r: (r.org or "", r.name))
    sent = _sent_dates(cur, meeting_id)
    current = (meeting.start_date, meeting.end_date)
    sequence = sent.index(current) if current in sent else len(sent)
    previous = sent[-1] if sent and sent[-1] != current else None
    return InvitationPlan(meeting, found, sequence, previous)


def ics(cur: Cursor, meeting: Meeting, *, who: Recipient, organizer: str, sequence: int, lang: str) -> bytes:
    """The meeting as a calendar request for one attendee (same UID as the group calendar's entry)."""
    group = groups.get_group(cur, group_id=meeting.group_id)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "REQUEST")
    subcommittees = {s.id: s for s in groups.list_subcommittees(cur, group_id=group.id)}
    event = meeting_event(meeting, group_code=group.code, subcommittees=subcommittees, lang=lang)
    event.add("sequence", sequence)
    org = vCalAddress(f"mailto:{organizer}")
    org.params["cn"] = vText(group.name.get(lang))
    event.add("organizer", org)
    attendee = vCalAddress(f"mailto:{who.email}")
    attendee.params.update({"cn": vText(who.name), "role": vText("REQ-PARTICIPANT"),
                            "partstat": vText("NEEDS-ACTION"), "rsvp": vText("TRUE")})
    event.add("attendee", attendee)
    cal.add_component(event)
    return cal.to_ical()


def _agenda_line(item: AgendaItem, lang: str, level: Confidentiality) -> Line | None:
    """An item the recipient may not read in full, and every confidential one, shows its neutral public
    title (or a badge); a restricted item without one is left out for public readers."""
    if item.confidentiality is Confidentiality.CONFIDENTIAL or item.confidentiality.rank > level.rank:
        if item.public_title and not item.public_title.is_empty:
            title = item.public_title.get(lang)
        elif item.confidentiality is Confidentiality.CONFIDENTIAL:
            title = t("common.confidential_badge", lang)
        else:
            return None
    else:
        title = item.title.get(lang)
    label = agenda_label(item.label, lang)
    return Line(f"{label} — {title}" if label else title)


def letter(cur: Cursor, plan_: InvitationPlan, who: Recipient, lang: str) -> Letter:
    meeting = plan_.meeting
    title = meeting_title(cur, meeting, lang)
    when = format_date_range(meeting.start_date, meeting.end_date, lang)
    where = ", ".join(x for x in (meeting.venue, meeting.city, country_name(meeting.host_country, lang)) if x)
    lines = [x for x in (_agenda_line(i, lang, who.level) for i in meeting_store.list_agenda_items(cur, meeting_id=meeting.id)) if x]
    paragraphs = [t("mail.invitation.intro", lang, meeting=title, dates=when, place=where or "—")]
    if plan_.is_update and plan_.previous_dates:
        paragraphs.insert(0, t("mail.invitation.moved", lang,
                               before=format_date_range(*plan_.previous_dates, lang), after=when))
    paragraphs.append(t("mail.invitation.calendar_hint", lang))
    sections = [Section(t("mail.invitation.agenda_heading", lang), lines)] if lines else []
    if not lines:
        paragraphs.append(t("mail.invitation.agenda_later", lang))
    key = "mail.invitation.update_subject" if plan_.is_update else "mail.invitation.subject"
    return Letter(lang=lang, subject=t(key, lang, meeting=title, dates=when),
                  greeting=t("mail.greeting", lang, name=who.name), paragraphs=paragraphs, sections=sections,
                  closing=footer(lang))


def invite(cur: Cursor, *, meeting_id: int, actor: Actor, config: mail_config.MailConfig | None = None) -> list[int]:
    """Queue the invitation (or, after the dates moved, the update) to everyone invited; returns new ids.
    Sending again for the same dates queues nothing new."""
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "mail.send")
    config = config or mail_config.load(cur)
    plan_ = plan(cur, meeting_id=meeting_id, actor=actor)
    meeting = plan_.meeting
    drafts = []
    for who in plan_.sendable:
        event = ics(cur, meeting, who=who, organizer=config.mail_from, sequence=plan_.sequence, lang=who.lang)
        drafts.append(Draft(
            key=f"invitation:{meeting.id}:{who.person_id}:{meeting.start_date.isoformat()}:{meeting.end_date.isoformat()}",
            kind=INVITATION, recipient=who.email, recipient_name=who.name, person_id=who.person_id, lang=who.lang,
            letters=[letter(cur, plan_, who, who.lang)],
            attachments=[Attachment("invite.ics", "text/calendar", event, {"method": "REQUEST"})],
            entity="meeting", entity_id=meeting.id))
    return queue(cur, drafts, config=config, actor=actor)
