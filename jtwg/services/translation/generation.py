"""Texts written natively in both languages from structured data and the catalogue's templates.

French agrees with the person's grammatical gender ('f', 'm'); when it is unknown a neutral wording is
used (never « Coprésident(e) »). Generated texts are marked GENERATED and need no review.
"""

from __future__ import annotations

from datetime import date, time
from typing import get_args

from jtwg.i18n import LANGS, format_date, format_date_range, label, ordinal, t
from jtwg.models.common import Bilingual
from jtwg.models.group import Gender
from jtwg.models.meeting import AttendanceRole
from jtwg.models.workplan import ActionStatus

ROLES = tuple(r.value for r in AttendanceRole)   # the roles a person attends in (gen.role.<role>.<gender>)


NEUTRAL = "n"   # the wording used when a person's gender is not recorded
GENDER_FORMS = (*get_args(Gender), NEUTRAL)


def _gender(gender: str | None) -> str:
    return gender if gender in get_args(Gender) else NEUTRAL


def both(key: str, **params: object) -> Bilingual:
    """A generated text: `key` in English and French, a param may be a function of the language."""
    return Bilingual.of(*(t(key, lang, **{k: (v(lang) if callable(v) else v) for k, v in params.items()})
                          for lang in LANGS), status="generated")


def format_time(value: time, lang: str) -> str:
    """ "10:30 a.m." / "10 h 30"."""
    if lang == "fr":
        return f"{value.hour}\u00a0h\u00a0{value.minute:02d}" if value.minute else f"{value.hour}\u00a0h"
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d} {'a.m.' if value.hour < 12 else 'p.m.'}"


def role_word(role: str, gender: str | None, lang: str) -> str:
    """A role noun agreeing with the person ("coprésidente", "coprésident"; neutral "à la coprésidence")."""
    return t(f"gen.role.{role}.{_gender(gender)}", lang)


def opening(*, name: str, gender: str | None, at: time) -> Bilingual:
    return both(f"gen.opening.{_gender(gender)}", name=name, time=lambda lang: format_time(at, lang))


def closing(*, name: str, gender: str | None, at: time) -> Bilingual:
    return both(f"gen.closing.{_gender(gender)}", name=name, time=lambda lang: format_time(at, lang))


def presenter(*, name: str, gender: str | None, org: str | None = None) -> Bilingual:
    where = f" ({org})" if org else ""
    return both(f"gen.presenter.{_gender(gender)}", name=name, org=where)


def attendance_line(*, name: str, gender: str | None, role: str, org: str | None = None) -> Bilingual:
    return both("gen.attendance_line", name=name, role=lambda lang: role_word(role, gender, lang),
                org=f" ({org})" if org else "")


def attendance_count(*, by_delegation: dict[str, int], names: dict[str, Bilingual]) -> Bilingual:
    total = sum(by_delegation.values())
    return both("gen.attendance_count", count=total, parts=lambda lang: ", ".join(
        t("gen.attendance_part", lang, count=n, delegation=names[d].get(lang) if d in names else d)
        for d, n in by_delegation.items()))


def agenda_adopted(*, amended: bool = False) -> Bilingual:
    return both("gen.decision.agenda_amended" if amended else "gen.decision.agenda")


def minutes_adopted(*, sequence_no: int, amended: bool = False) -> Bilingual:
    return both("gen.decision.minutes_amended" if amended else "gen.decision.minutes_unanimous",
                ordinal=lambda lang: ordinal(sequence_no, lang))


def next_meeting(*, start: date, end: date, city: str, venue: str | None = None) -> Bilingual:
    key = "gen.decision.next_meeting_one_day" if start == end else "gen.decision.next_meeting"
    return both(key, city=city, venue=f" ({venue})" if venue else "",
                dates=lambda lang: _day(start, lang) if start == end else _range(start, end, lang))


def _day(value: date, lang: str) -> str:
    """ "1 September 2022" / "1er septembre 2022"."""
    text = format_date(value, lang)
    return "1er" + text[1:] if lang == "fr" and value.day == 1 else text


def _range(start: date, end: date, lang: str) -> str:
    if lang == "fr":
        first = str(start.day) if (start.year, start.month) == (end.year, end.month) else format_date(start, lang)
        return f"{'1er' if first == '1' else first} au {format_date(end, lang)}"
    return format_date_range(start, end, lang).replace("–", " to ", 1) if start.month == end.month else \
        f"{format_date(start, lang)} to {format_date(end, lang)}"


def matter_outcome(*, code: str, status: ActionStatus) -> Bilingual:
    # Its own sentence per status: French writes the status in lower case after the colon.
    return both(f"matters.outcome.{status.value}", code=code)


def action_frame(*, owner: str, due: date | None = None, within_days: int | None = None) -> Bilingual:
    if within_days is not None:
        return both("gen.action.within", owner=owner, days=within_days)
    if due is not None:
        return both("gen.action.due", owner=owner, date=lambda lang: format_date(due, lang))
    return both("gen.action.no_due", owner=owner)


def status_word(status: ActionStatus) -> Bilingual:
    return Bilingual.of(label(status, "en"), label(status, "fr"), status="generated")


def recognise(cur, *, meeting_id: int, standard_items: list) -> dict[str, Bilingual]:
    """The generated texts this meeting's structured data gives, keyed by the normalised text of either
    language: a text whose source equals one of them gets the other language from the template.

    `standard_items`: the meeting's standard agenda proposals (services.meetings.agenda.standard_agenda), given
    by the caller so that the templates module does not depend on the meetings services that use it."""
    from jtwg.services.translation.memory import key
    from jtwg.store import actions, groups, meetings

    meeting = meetings.get_meeting(cur, meeting_id=meeting_id)
    found: list[Bilingual] = [both(k) for k in ("agenda.std.opening", "agenda.std.adoption_of_agenda",
                                                  "agenda.std.matters_arising", "agenda.std.aob",
                                                  "agenda.std.next_meeting")]
    found += [agenda_adopted(), agenda_adopted(amended=True)]
    for earlier in meetings.previous_meetings(cur, meeting=meeting)[-1:]:
        found += [minutes_adopted(sequence_no=earlier.sequence_no),
                  minutes_adopted(sequence_no=earlier.sequence_no, amended=True),
                  both("agenda.std.adoption_of_minutes", ordinal=lambda lang, s=earlier.sequence_no: ordinal(s, lang))]
    for later in meetings.list_meetings(cur, group_id=meeting.group_id):
        if later.start_date > meeting.start_date and later.city:
            found.append(next_meeting(start=later.start_date, end=later.end_date, city=later.city, venue=later.venue))
    for action in actions.list_action_items(cur, group_id=meeting.group_id):
        for status in ActionStatus:
            found.append(matter_outcome(code=action.code, status=status))
    found += [p.title for p in standard_items if p.title.status.settled]
    people = {p.id: p for p in groups.list_people(cur)}
    for a in meetings.list_attendance(cur, meeting_id=meeting_id):
        person = people.get(a.person_id)
        if person is not None:
            found.append(attendance_line(name=person.display_name, gender=person.gender, role=a.role.value))
    out: dict[str, Bilingual] = {}
    for value in found:
        for lang in LANGS:
            out.setdefault(key(value.get(lang)), value)
    return out
