"""The structured minutes of one meeting: what the meetings page shows and the Word export will print."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from jtwg.errors import PermissionDenied
from jtwg.i18n import t
from jtwg.models import (
    Actor, Bilingual, Confidentiality,
    ActionItem, AgendaItem, Attendance, AttendanceRole, Decision, ExternalEvent, Meeting, MeetingSession,
    MinuteEntry, Minutes, Project, SessionKind,
)
from jtwg.services import permissions
from jtwg.store import actions, groups, meetings
from jtwg.store.records import Cursor
from jtwg.services import scope


@dataclass
class ItemView:
    item: AgendaItem
    entries: list[MinuteEntry] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    # True when the reader may know the item was discussed but not what was said.
    withheld: bool = False


@dataclass
class DayView:
    day_no: int
    plenary: MeetingSession | None
    breakouts: list[MeetingSession]
    items: list[ItemView]


@dataclass
class MinutesView:
    meeting: Meeting
    margin_event: ExternalEvent | None
    days: list[DayView]
    attendance: list[Attendance]
    minutes: Minutes | None
    versions: list[Minutes]
    project: Project | None = None     # the project the group belongs to (its title heads the minutes)

    @property
    def moderators(self) -> list[Attendance]:
        return [a for a in self.attendance if a.role in (AttendanceRole.CO_CHAIR, AttendanceRole.MODERATOR)]

    @property
    def all_items(self) -> list[ItemView]:
        return [item for day in self.days for item in day.items]

    @property
    def all_actions(self) -> list[ActionItem]:
        return [a for item in self.all_items for a in item.actions]


def minutes_view(cur: Cursor, *, meeting_id: int) -> MinutesView:
    """Gather a meeting with its days, agenda items in order, and each item's discussion, decisions and actions."""
    meeting = meetings.get_meeting(cur, meeting_id=meeting_id)
    sessions = meetings.list_sessions(cur, meeting_id=meeting_id)
    by_item: dict[int, ItemView] = {i.id: ItemView(i) for i in meetings.list_agenda_items(cur, meeting_id=meeting_id)}
    for entry in meetings.list_minute_entries(cur, meeting_id=meeting_id):
        by_item[entry.agenda_item_id].entries.append(entry)
    for decision in meetings.list_decisions(cur, meeting_id=meeting_id):
        by_item[decision.agenda_item_id].decisions.append(decision)
    for action in actions.list_action_items(cur, group_id=meeting.group_id, meeting_id=meeting_id):
        if action.agenda_item_id in by_item:
            by_item[action.agenda_item_id].actions.append(action)
    session_day = {s.id: s.day_no for s in sessions}
    days: dict[int, DayView] = {}
    for s in sessions:
        day = days.setdefault(s.day_no, DayView(s.day_no, None, [], []))
        if s.kind is SessionKind.BREAKOUT:
            day.breakouts.append(s)
        elif day.plenary is None:
            day.plenary = s
    for view in by_item.values():
        day_no = session_day.get(view.item.session_id, 1)
        days.setdefault(day_no, DayView(day_no, None, [], [])).items.append(view)
    event = None
    if meeting.margin_event_id is not None:
        event = meetings.get_external_event(cur, event_id=meeting.margin_event_id)
    versions = meetings.list_minutes_versions(cur, meeting_id=meeting_id)
    group = groups.get_group(cur, group_id=meeting.group_id)
    project = groups.get_project(cur, project_id=group.project_id) if group.project_id else None
    return MinutesView(
        meeting=meeting, margin_event=event, days=[days[k] for k in sorted(days)],
        attendance=meetings.list_attendance(cur, meeting_id=meeting_id),
        minutes=versions[-1] if versions else None, versions=versions, project=project,
    )


@dataclass
class Untranslated:
    """A text of the minutes that exists in one language only."""

    where: str          # e.g. "introduction", "objective 2", "item b: discussion 1"
    missing: str        # the language it lacks: "en" or "fr"
    text: str           # the text in the language it has


def untranslated(view: MinutesView) -> list[Untranslated]:
    """Every text of the minutes lacking its English or French version, in reading order."""
    found: list[Untranslated] = []

    def check(where: str, value: Bilingual | None) -> None:
        if value is None or value.is_empty:
            return
        for lang in ("en", "fr"):
            if not value.has(lang):
                found.append(Untranslated(where, lang, value.get(lang)))

    m = view.meeting
    check("introduction", m.introduction)
    for i, objective in enumerate(m.objectives, 1):
        check(f"objective {i}", objective)
    for item_view in view.all_items:
        item = item_view.item
        name = f"item {item.label or item.position}"
        check(f"{name}: title", item.title)
        check(f"{name}: public title", item.public_title)
        for i, entry in enumerate(item_view.entries, 1):
            check(f"{name}: discussion {i}", entry.text)
        for i, decision in enumerate(item_view.decisions, 1):
            check(f"{name}: decision {i}", decision.text)
        for action in item_view.actions:
            check(f"{name}: action {action.code}", action.text)
    return found


def sees_neutral_titles(actor: Actor) -> bool:
    """Whether `actor` may know that an item above their level was discussed (members: by its neutral title)."""
    return permissions.max_confidentiality(actor) is Confidentiality.RESTRICTED


def neutral_item(item: AgendaItem) -> AgendaItem:
    """An agenda item reduced to what may be known of it above the reader's level: its neutral public title.

    No confidential title, presenter or protected case: a generic title stands in when it has no public one.
    """
    fallback = Bilingual.of(t("minutes.withheld_title", "en"), t("minutes.withheld_title", "fr"))
    return item.model_copy(update={
        "title": item.public_title or fallback, "public_title": None, "presenter_person_id": None,
        "presenter_org_id": None, "presenter_role": None, "protected_case_id": None, "reviewed_action_id": None})


def minutes_for(cur: Cursor, *, meeting_id: int, actor: Actor) -> MinutesView:
    """The meeting's minutes as `actor` may read them (see `readable_view`)."""
    scope.require(cur, actor, meeting=meeting_id)
    if not permissions.may_open_page(actor, "meetings"):
        raise PermissionDenied(action="meeting.read", user=actor.username)
    return readable_view(minutes_view(cur, meeting_id=meeting_id), permissions.max_confidentiality(actor))


def readable_view(view: MinutesView, level: Confidentiality | str) -> MinutesView:
    """The minutes as a reader cleared up to `level` may see them.

    An item above that level keeps only its neutral public title (no presenter, discussion, decisions
    or actions) for members, who may know it was discussed; it is left out for the public. Entries and
    actions more confidential than the reader's level are dropped from the items that remain.
    """
    level = Confidentiality(level)
    if level is Confidentiality.CONFIDENTIAL:
        return view

    def readable(value: Confidentiality) -> bool:
        return value.rank <= level.rank

    days = []
    for day in view.days:
        items = []
        for iv in day.items:
            if readable(iv.item.confidentiality):
                items.append(replace(iv, entries=[e for e in iv.entries if readable(e.confidentiality)],
                                     actions=[a for a in iv.actions if readable(a.confidentiality)]))
            elif level is Confidentiality.RESTRICTED:
                items.append(ItemView(item=neutral_item(iv.item), withheld=True))
        days.append(replace(day, items=items))
    return replace(view, days=days)
