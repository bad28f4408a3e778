"""Reviewing a meeting's translations: statuses, suggestions, accept / edit / apply, filling what can be filled."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from jtwg.db import transaction
from jtwg.errors import InvalidInput
from jtwg.models.common import Actor, Bilingual, Lang, TranslationStatus
from jtwg.services import permissions
from jtwg.services.meetings.agenda import standard_agenda
from jtwg.services.translation import memory as tm
from jtwg.services.translation.engines import Engine, EngineError
from jtwg.services.translation.texts import MeetingText, meeting_texts, parse_ref, save
from jtwg.store import translation as store
from jtwg.store.records import Cursor
from jtwg.services import scope

S = TranslationStatus


def _ensure_editable(cur: Cursor, meeting_id: int) -> None:
    from jtwg.services.meetings.shared import ensure_editable

    ensure_editable(cur, meeting_id=meeting_id)


def unreviewed(texts: list[MeetingText]) -> list[MeetingText]:
    """Texts with a translation no person has accepted yet (generated ones need no review)."""
    return [x for x in texts if x.status is not S.MISSING and not x.status.settled]


def require_confirmed_unreviewed(cur: Cursor, *, meeting_id: int, confirmed: bool) -> None:
    """Refuse circulation while texts await review, unless the person confirmed it (they are listed)."""
    waiting = unreviewed(meeting_texts(cur, meeting_id=meeting_id))
    if waiting and not confirmed:
        raise InvalidInput([(x.where, "translation.unreviewed_one", {"status": x.status.value}) for x in waiting],
                           key="translation.confirm_unreviewed", count=len(waiting))


def counts(texts: list[MeetingText]) -> Counter:
    return Counter(x.status.value for x in texts)


def _find(cur: Cursor, meeting_id: int, ref: str) -> MeetingText:
    entity, entity_id, fld = parse_ref(ref)
    for text in meeting_texts(cur, meeting_id=meeting_id):
        if (text.entity, text.entity_id, text.field) == (entity, entity_id, fld):
            return text
    raise InvalidInput([("ref", "translation.unknown_text", {"ref": ref})])


def accept(cur: Cursor, *, meeting_id: int, ref: str, actor: Actor) -> None:
    """A person accepts the translation as it stands: reviewed (by whom, when); it enters the memory."""
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "translation.review")
    _ensure_editable(cur, meeting_id)
    text = _find(cur, meeting_id, ref)
    if not text.value.has(text.value.target):
        raise InvalidInput([(text.where, "translation.nothing_to_accept", {})])
    with transaction(cur):
        save(cur, text, text.value.with_status(S.REVIEWED), actor=actor, origin=text.origin, note="translation accepted")
        _learn(cur, text, text.value.with_status(S.REVIEWED), actor)


def edit(cur: Cursor, *, meeting_id: int, ref: str, en: str, fr: str, actor: Actor, accept_it: bool = True) -> None:
    """A person writes the text (either side); accepted at once unless `accept_it` is False."""
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "translation.review")
    _ensure_editable(cur, meeting_id)
    text = _find(cur, meeting_id, ref)
    value = Bilingual.of(en, fr, source=text.value.source.value,
                         status=(S.REVIEWED if accept_it else S.NEEDS_REVIEW).value)
    if value.is_empty or not value.has(value.source):
        raise InvalidInput([(text.where, "invalid.text_required", {})])
    with transaction(cur):
        save(cur, text, value, actor=actor, note="translation edited")
        if accept_it:
            _learn(cur, text, value, actor)


def _learn(cur: Cursor, text: MeetingText, value: Bilingual, actor: Actor) -> None:
    if not text.private and value.status is S.REVIEWED:
        seq = store.meeting_sequence_no(cur, meeting_id=text.meeting_id)
        tm.learn(cur, value, origin=f"meeting {seq}", meeting_id=text.meeting_id, actor=actor)


@dataclass
class Suggestion:
    ref: str
    match: tm.Match


def suggestions(cur: Cursor, *, meeting_id: int, texts: list[MeetingText] | None = None,
                exclude_own_meeting: bool = True) -> dict[str, tm.Match]:
    """The memory's best match for every text not yet settled, by ref."""
    texts = texts if texts is not None else meeting_texts(cur, meeting_id=meeting_id)
    memories: dict[Lang, tm.Memory] = {}
    found: dict[str, tm.Match] = {}
    for text in texts:
        if text.status.settled or text.private:
            continue
        src = text.value.source
        if src not in memories:
            memories[src] = tm.Memory(cur, src, exclude_meeting_id=meeting_id if exclude_own_meeting else None)
        match = memories[src].suggest(text.value.get(src))
        if match is not None and match.target != text.value.get(text.value.target, fallback=False):
            found[text.ref] = match
    return found


def apply_suggestion(cur: Cursor, *, meeting_id: int, ref: str, actor: Actor, accept_it: bool = True) -> None:
    """Take the memory's match for one text; with `accept_it` (one action in the review screen) it is
    also accepted by the person doing it."""
    scope.require(cur, actor, meeting=meeting_id)
    permissions.require(actor, "translation.review")
    _ensure_editable(cur, meeting_id)
    text = _find(cur, meeting_id, ref)
    match = suggestions(cur, meeting_id=meeting_id, texts=[text]).get(ref)
    if match is None:
        raise InvalidInput([(text.where, "translation.no_suggestion", {})])
    status = S.REVIEWED if accept_it else (S.TM_EXACT if match.exact else S.TM_FUZZY)
    value = text.value.with_translation(match.target, status)
    with transaction(cur):
        save(cur, text, value, actor=actor, score=match.score, origin=match.origin, note="memory match applied")
        if accept_it:
            _learn(cur, text, value, actor)


@dataclass
class FillReport:
    """What a fill did (or would do, on a dry run): texts by how they were filled, and engine problems."""

    filled: Counter = field(default_factory=Counter)
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def apply_exact_matches(cur: Cursor, *, meeting_id: int, actor: Actor) -> int:
    """Every exact memory match of a missing or unreviewed text, applied as an exact match (not reviewed)."""
    scope.require(cur, actor, meeting=meeting_id)
    report = fill(cur, meeting_id=meeting_id, actor=actor, use_generation=False, fuzzy=False)
    return report.filled[S.TM_EXACT.value]


def fill(cur: Cursor, *, meeting_id: int, actor: Actor, target: Lang | str | None = None, engine: Engine | None = None,
         use_generation: bool = True, fuzzy: bool = True, dry_run: bool = False, lang: str = "en") -> FillReport:
    """Fill translations from generation, then the memory, then the engine; never marks anything reviewed.

    Texts already reviewed or generated are left alone; a machine draft or memory match replaces only a
    missing translation or one of the same kind or weaker (never a person's text awaiting review).
    """
    scope.require(cur, actor, meeting=meeting_id)
    from jtwg.services.translation import generation

    permissions.require(actor, "translation.review")
    _ensure_editable(cur, meeting_id)
    target = Lang(target) if target else None
    report = FillReport()
    texts = meeting_texts(cur, meeting_id=meeting_id)
    weak = {S.MISSING, S.MACHINE, S.TM_FUZZY}
    todo = [x for x in texts if (target is None or x.value.target is target) and x.status in weak]
    with transaction(cur):
        if use_generation:
            known = generation.recognise(cur, meeting_id=meeting_id,
                                         standard_items=standard_agenda(cur, meeting_id=meeting_id))
            for text in list(todo):
                found = known.get(tm.key(text.value.get(text.value.source)))
                if found is not None:
                    if not dry_run:
                        save(cur, text, text.value.with_translation(found.get(text.value.target), S.GENERATED),
                             actor=actor, origin="template")
                    report.filled[S.GENERATED.value] += 1
                    todo.remove(text)
        memories: dict[Lang, tm.Memory] = {}
        for text in list(todo):
            src = text.value.source
            if text.private:
                continue
            if src not in memories:
                memories[src] = tm.Memory(cur, src)
            match = memories[src].suggest(text.value.get(src))
            if match is None or (not match.exact and (not fuzzy or text.status is S.TM_FUZZY)):
                continue
            status = S.TM_EXACT if match.exact else S.TM_FUZZY
            if not dry_run:
                save(cur, text, text.value.with_translation(match.target, status), actor=actor,
                     score=match.score, origin=match.origin)
            report.filled[status.value] += 1
            todo.remove(text)
        if engine is not None and engine.name != "none":
            todo = [x for x in todo if x.status is S.MISSING and not (x.private and engine.sends_over_network)]
            by_dir: dict[Lang, list[MeetingText]] = {}
            for text in todo:
                by_dir.setdefault(text.value.source, []).append(text)
            for src, group in by_dir.items():
                try:
                    out = engine.translate([x.value.get(src) for x in group], src.value, src.other.value)
                except EngineError as exc:
                    report.errors.append(exc.message(lang))
                    continue
                for text, draft in zip(group, out):
                    if draft.strip():
                        if not dry_run:
                            save(cur, text, text.value.with_translation(draft.strip(), S.MACHINE), actor=actor,
                                 origin=engine.name + (" (rough draft)" if engine.rough else ""))
                        report.filled[S.MACHINE.value] += 1
    after = meeting_texts(cur, meeting_id=meeting_id) if not dry_run else texts
    report.statuses = counts([x for x in after if target is None or x.value.target is target])
    return report


def guard_engine_texts(texts: list[MeetingText], engine: Engine) -> list[MeetingText]:
    """The texts that may be given to `engine`: never a confidential or protected-case text over the network."""
    return [x for x in texts if not (x.private and engine.sends_over_network)]



@dataclass
class ReviewRow:
    """One paragraph on the review screen: the text, the memory's suggestion, glossary and spelling findings."""

    text: MeetingText
    suggestion: tm.Match | None
    glossary: list
    spelling: dict[str, list]      # lang -> misspellings

    @property
    def open(self) -> bool:
        return not self.text.status.settled


def review_rows(cur: Cursor, *, meeting_id: int, actor: Actor, only_open: bool = False,
                check_spelling: bool = True) -> list[ReviewRow]:
    """Every text of the minutes in reading order (or those still to review), with what helps review it."""
    scope.require(cur, actor, meeting=meeting_id)
    from jtwg.services.translation import glossary, spelling

    permissions.require(actor, "translation.review")
    texts = meeting_texts(cur, meeting_id=meeting_id)
    shown = [x for x in texts if not only_open or not x.status.settled]
    found = suggestions(cur, meeting_id=meeting_id, texts=shown)
    terms = glossary.terms(cur)
    known = spelling.known_words(terms)
    rows = []
    for text in shown:
        checks = {}
        if check_spelling:
            checks = {lang: spelling.check(text.value.get(lang, fallback=False), lang, ignore=known, suggest=False)
                      for lang in ("en", "fr")}
        rows.append(ReviewRow(text, found.get(text.ref), glossary.check(text.value, terms), checks))
    return rows


def left_to_review(texts: list[MeetingText]) -> int:
    return sum(1 for x in texts if not x.status.settled)
