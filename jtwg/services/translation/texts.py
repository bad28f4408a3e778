"""Every bilingual text of a meeting's minutes, in reading order, with where it sits and how secret it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jtwg.models.common import Actor, Bilingual, Confidentiality, TranslationStatus
from jtwg.services.meetings.minutes import minutes_view
from jtwg.store import translation as store
from jtwg.store.records import Cursor

# The parts of the minutes a text can be (the place's second element), each named in the catalogue.
PARTS = ("introduction", "objective", "title", "presenter", "discussion", "decision", "action")


@dataclass
class MeetingText:
    entity: str              # table: meeting, agenda_item, minute_entry, decision, action_item
    entity_id: int
    field: str               # column, or "objectives[i]"
    where: str               # readable place, e.g. "b · discussion 2"
    value: Bilingual
    confidentiality: Confidentiality
    protected: bool          # part of a protected-case item
    meeting_id: int
    place: tuple[str, str, str] = ("", "", "")   # (item label, part, number or code), for where_in(lang)
    item_id: int | None = None                   # the agenda item it belongs to
    score: float | None = None
    origin: str | None = None
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None

    @property
    def ref(self) -> str:
        """A stable id for files and forms: entity:id:field."""
        return f"{self.entity}:{self.entity_id}:{self.field}"

    def where_in(self, lang: str) -> str:
        """Where the text sits, in `lang`: "d · discussion 2" / "d · intervention 2"."""
        from jtwg.i18n import agenda_label, t

        item, part, number = self.place
        what = t(f"review.part_{part}", lang, n=number) if part in PARTS else self.where
        return f"{agenda_label(item, lang)} · {what}" if item else what

    @property
    def status(self) -> TranslationStatus:
        return self.value.status

    @property
    def private(self) -> bool:
        """Never enters the memory nor goes to an engine on the network."""
        return self.protected or self.confidentiality is Confidentiality.CONFIDENTIAL


def parse_ref(ref: str) -> tuple[str, int, str]:
    entity, entity_id, field = ref.split(":", 2)
    return entity, int(entity_id), field


def meeting_texts(cur: Cursor, *, meeting_id: int) -> list[MeetingText]:
    """Every non-empty text of the minutes in reading order, with its review details."""
    view = minutes_view(cur, meeting_id=meeting_id)
    meeting = view.meeting
    found: list[MeetingText] = []
    details = store.reviews(cur)

    def add(entity: str, entity_id: int, field: str, where: str, value: Bilingual | None,
            level: Confidentiality | str = Confidentiality.RESTRICTED, protected: bool = False,
            place: tuple[str, str, str] = ("", "", "")) -> None:
        item_id = current_item[0]
        if value is None or value.is_empty:
            return
        text = MeetingText(entity, entity_id, field, where, value, Confidentiality(level), protected, meeting.id, place,
                           item_id)
        extra = details.get((entity, entity_id, field))
        if extra and extra["status"] == value.status.value:
            text.score, text.origin = extra["score"], extra["origin"]
            text.reviewed_by, text.reviewed_at = extra["reviewed_by"], extra["reviewed_at"]
        found.append(text)

    current_item: list[int | None] = [None]
    add("meeting", meeting.id, "introduction", "introduction", meeting.introduction, place=("", "introduction", ""))
    for i, objective in enumerate(meeting.objectives):
        add("meeting", meeting.id, f"objectives[{i}]", f"objective {i + 1}", objective,
            place=("", "objective", str(i + 1)))
    for iv in view.all_items:
        item = iv.item
        current_item[0] = item.id
        name = item.label or str(item.position)
        protected = item.protected_case_id is not None
        level = item.confidentiality
        add("agenda_item", item.id, "title", f"{name} · title", item.title, level, protected, (name, "title", ""))
        add("agenda_item", item.id, "presenter_role", f"{name} · presenter", item.presenter_role, level, protected,
            (name, "presenter", ""))
        for i, entry in enumerate(iv.entries, 1):
            add("minute_entry", entry.id, "text", f"{name} · discussion {i}", entry.text,
                Confidentiality.highest(level, entry.confidentiality), protected, (name, "discussion", str(i)))
        for i, decision in enumerate(iv.decisions, 1):
            add("decision", decision.id, "text", f"{name} · decision {i}", decision.text, level, protected,
                (name, "decision", str(i)))
        for action in iv.actions:
            add("action_item", action.id, "text", f"{name} · {action.code}", action.text,
                Confidentiality.highest(level, action.confidentiality), protected, (name, "action", action.code))
    return found


def save(cur: Cursor, text: MeetingText, value: Bilingual, *, actor: Actor, score: float | None = None,
         origin: str | None = None, note: str | None = None) -> None:
    """Write a new value of `text` and its review details (who accepted it, the match's score and origin)."""
    from jtwg.db import transaction

    with transaction(cur):
        store.write_text(cur, entity=text.entity, entity_id=text.entity_id, field=text.field, value=value,
                         actor=actor, note=note)
        fresh = store.read_text(cur, entity=text.entity, entity_id=text.entity_id, field=text.field)
        status = fresh.status if fresh is not None else value.status
        reviewed = status is TranslationStatus.REVIEWED
        store.set_review(cur, entity=text.entity, entity_id=text.entity_id, field=text.field, status=status.value,
                         score=score, origin=origin, reviewed_by=actor.username if reviewed else None,
                         reviewed_at=datetime.now().replace(microsecond=0) if reviewed else None)
