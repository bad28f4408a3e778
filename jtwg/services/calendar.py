"""Calendar files (.ics): one meeting, or the group's meetings with the due dates of open action items."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from jtwg.i18n import country_name, ordinal, t
from jtwg.models import ActionItem, Actor, Meeting, SubCommittee
from jtwg.services import permissions
from jtwg.services.meetings.shared import require_reader
from jtwg.store import actions, groups, meetings
from jtwg.store.records import Cursor
from jtwg.services import scope

PRODID = "-//jtwg//Joint Technical Working Group dashboard//EN"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    return cal


def _stamp() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def meeting_event(meeting: Meeting, *, group_code: str, subcommittees: dict[int, SubCommittee], lang: str) -> Event:
    """An all-day event spanning the meeting's days, with its venue and objectives (a meeting's header is public)."""
    event = Event()
    sub = subcommittees.get(meeting.subcommittee_id)
    body = f" ({sub.name.get(lang)})" if sub else ""
    event.add("uid", f"meeting-{group_code}-{meeting.subcommittee_id or 0}-{meeting.sequence_no}@jtwg")
    event.add("dtstamp", _stamp())
    event.add("summary", t("calendar.meeting_summary", lang, ordinal=ordinal(meeting.sequence_no, lang), body=body,
                           city=meeting.city or ""))
    event.add("dtstart", meeting.start_date)
    event.add("dtend", meeting.end_date + timedelta(days=1))   # DTEND of an all-day event is exclusive
    place = ", ".join(x for x in (meeting.venue, meeting.city, country_name(meeting.host_country, lang)) if x)
    if place:
        event.add("location", place)
    lines = [f"{i}. {o.get(lang)}" for i, o in enumerate(meeting.objectives, 1)]
    if lines:
        event.add("description", t("meetings.objectives", lang) + "\n" + "\n".join(lines))
    event.add("transp", "OPAQUE")
    return event


def action_event(action: ActionItem, *, group_code: str, owner: str, lang: str, readable: bool) -> Event:
    """An all-day event on an action item's due date; its text only when the reader may read it."""
    event = Event()
    text = action.text.get(lang) if readable else t("calendar.withheld_text", lang)
    event.add("uid", f"action-{group_code}-{action.code}@jtwg")
    event.add("dtstamp", _stamp())
    event.add("summary", t("calendar.action_summary", lang, code=action.code, owner=owner))
    event.add("description", text)
    event.add("dtstart", action.due_date)
    event.add("dtend", action.due_date + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    return event


def meeting_calendar(cur: Cursor, *, meeting_id: int, lang: str, actor: Actor) -> bytes:
    scope.require(cur, actor, meeting=meeting_id)
    require_reader(actor)
    meeting = meetings.get_meeting(cur, meeting_id=meeting_id)
    group = groups.get_group(cur, group_id=meeting.group_id)
    cal = _calendar(group.name.get(lang))
    subs = {s.id: s for s in groups.list_subcommittees(cur, group_id=group.id)}
    cal.add_component(meeting_event(meeting, group_code=group.code, subcommittees=subs, lang=lang))
    return cal.to_ical()


def group_calendar(cur: Cursor, *, group_id: int, lang: str, actor: Actor) -> tuple[bytes, int, int]:
    """Every meeting of the group and every open action item with a due date; with the two counts.

    An action item's text is given only to readers cleared for its level (the higher of its own and its
    agenda item's); others get its code, owner and date with a neutral text.
    """
    scope.require(cur, actor, group=group_id)
    require_reader(actor)
    group = groups.get_group(cur, group_id=group_id)
    cal = _calendar(group.name.get(lang))
    subs = {s.id: s for s in groups.list_subcommittees(cur, group_id=group_id)}
    all_meetings = sorted(meetings.list_meetings(cur, group_id=group_id), key=lambda m: m.start_date)
    for meeting in all_meetings:
        cal.add_component(meeting_event(meeting, group_code=group.code, subcommittees=subs, lang=lang))
    acronyms = {o.id: o.acronym for o in groups.list_organisations(cur)}
    due = [a for a in actions.list_action_items(cur, group_id=group_id, open_only=True) if a.due_date]
    for action in due:
        # The store reads an action item's effective level: the higher of its own and its agenda item's.
        cal.add_component(action_event(action, group_code=group.code, owner=acronyms.get(action.owner_org_id, ""),
                                       lang=lang, readable=permissions.may_read(actor, action.confidentiality)))
    return cal.to_ical(), len(all_meetings), len(due)
