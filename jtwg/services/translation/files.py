"""Translators' files: the memory as TMX, a meeting's texts as XLIFF or a two-column Word table.

What goes out follows the export profile: confidential texts only in an internal file, protected-case
texts never; aliases of protected cases are masked like in the minutes. What comes back is an
"external translation" (never reviewed); a row whose source changed since the export is refused by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from translate.storage import tmx, xliff

from jtwg.db import transaction
from jtwg.errors import InvalidInput
from jtwg.models.common import Actor, Lang, TranslationStatus
from jtwg.services import permissions
from jtwg.services import personal_data
from jtwg.services.redaction import CASE_CODE, ExportProfile, shows
from jtwg.services.translation import memory as tm
from jtwg.services.translation.texts import MeetingText, meeting_texts, save
from jtwg.store import translation as store
from jtwg.store.records import Cursor, log_change
from jtwg.services import scope

S = TranslationStatus
MASK = "[…]"
_ORIGINAL = re.compile(r"^jtwg-meeting-(\d+)$")


class Masker:
    """The personal-data check for translators' files (the same detector as the minutes' exports): protected-case
    aliases and codes, and any person name outside the group's directory, are masked — the translator never sees them."""

    def __init__(self, cur: Cursor) -> None:
        self.detector = personal_data.Detector.load(cur)

    def __call__(self, text: str, lang: str = "en") -> str:
        text = CASE_CODE.sub(MASK, self.detector.aliases.redact(text, MASK)[0])
        for start, end, _ in reversed(self.detector.names(text, lang)):
            # "Mr […]": the honorific stays, so the translator can still write the sentence.
            titled = personal_data.HONORIFIC_NAME.match(text, start)
            text = text[:start] + (f"{titled.group(1)} {MASK}" if titled else MASK) + text[end:]
        return text


def exportable(cur: Cursor, *, meeting_id: int, target: Lang | str, profile: ExportProfile | str,
               only_open: bool = True) -> list[tuple[MeetingText, str]]:
    """(text, source as sent) for the texts translated into `target` that `profile` may show, each
    source masked of protected-case aliases and codes; with `only_open`, those not yet settled."""
    target, profile = Lang(target), ExportProfile(profile)
    mask = Masker(cur)
    out = []
    for text in meeting_texts(cur, meeting_id=meeting_id):
        if text.value.target is not target or text.protected or not shows(text.confidentiality, profile):
            continue
        if only_open and text.status.settled:
            continue
        out.append((text, mask(text.value.get(text.value.source), text.value.source.value)))
    return out


# --- XLIFF ------------------------------------------------------------------------------------------

_STATE = {S.REVIEWED: "final", S.GENERATED: "final", S.MISSING: "new"}


def export_xliff(cur: Cursor, *, meeting_id: int, target: Lang | str, actor: Actor,
                 profile: ExportProfile | str = ExportProfile.RESTRICTED) -> bytes:
    scope.require(cur, actor, meeting=meeting_id)
    profile = ExportProfile(profile)
    permissions.require(actor, f"export.{profile.value}")
    target = Lang(target)
    doc = xliff.xlifffile(sourcelanguage=target.other.value, targetlanguage=target.value)
    texts = exportable(cur, meeting_id=meeting_id, target=target, profile=profile, only_open=False)
    for text, source in texts:
        unit = doc.addsourceunit(source)
        unit.setid(text.ref)
        current = text.value.get(target, fallback=False)
        if current:
            unit.target = current
            unit.xmlelement.find(unit.namespaced("target")).set(
                "state", _STATE.get(text.status, "needs-review-translation"))
            unit.markapproved(text.status.settled)
        unit.addnote(text.where, origin="developer")
    if doc.getfilenode("NoName") is None:    # no text: an empty <file> still names the meeting
        doc.addsourceunit("").xmlelement.getparent().remove(doc.units[-1].xmlelement)
    doc.setfilename(doc.getfilenode("NoName"), f"jtwg-meeting-{meeting_id}")
    log_change(cur, actor=actor, action="export", entity="meeting", entity_id=meeting_id,
               changes={"xliff": [None, target.value], "profile": [None, profile.value], "texts": [None, len(texts)]})
    return bytes(doc)


@dataclass
class ImportPlan:
    """What an import would change: texts (ref, where, new translation), and rows refused with why."""

    meeting_id: int | None
    changes: list[tuple[MeetingText, str]] = field(default_factory=list)
    unchanged: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)   # (where, message key)


def _plan(cur: Cursor, meeting_id: int, rows: list[tuple[str, str, str]]) -> ImportPlan:
    """rows: (ref, source as exported, translation)."""
    plan = ImportPlan(meeting_id)
    texts = {x.ref: x for x in meeting_texts(cur, meeting_id=meeting_id)}
    mask = Masker(cur)
    for ref, source, translation in rows:
        text = texts.get(ref)
        translation = translation.strip()
        if text is None:
            plan.refused.append((ref, "translation.import_unknown_row"))
            continue
        current_source = mask(text.value.get(text.value.source), text.value.source.value)
        if tm.key(current_source) != tm.key(source):
            plan.refused.append((text.where, "translation.import_source_changed"))
            continue
        if MASK in source and MASK not in current_source:
            plan.refused.append((text.where, "translation.import_source_changed"))
            continue
        if not translation or translation == text.value.get(text.value.target, fallback=False):
            plan.unchanged += 1
            continue
        if MASK in source:   # a masked source cannot bring back a whole translation
            plan.refused.append((text.where, "translation.import_masked"))
            continue
        plan.changes.append((text, translation))
    return plan


def apply_plan(cur: Cursor, plan: ImportPlan, *, actor: Actor, origin: str) -> int:
    """Save every change of `plan` as an external translation (all or nothing)."""
    from jtwg.services.translation.review import _ensure_editable

    permissions.require(actor, "translation.review")
    scope.require(cur, actor, meeting=plan.meeting_id)
    if plan.meeting_id is not None:
        _ensure_editable(cur, plan.meeting_id)
    with transaction(cur):
        for text, translation in plan.changes:
            save(cur, text, text.value.with_translation(translation, S.EXTERNAL), actor=actor, origin=origin,
                 note=f"external translation from {origin}")
    return len(plan.changes)


def plan_xliff(cur: Cursor, content: bytes, *, actor: Actor) -> ImportPlan:
    """What importing an XLIFF file would change; the file names its meeting, which must be in the actor's group."""
    try:
        doc = xliff.xlifffile.parsestring(content)
    except Exception as exc:  # noqa: BLE001 - any parse error is the file's fault
        raise InvalidInput([("file", "translation.bad_file", {"kind": "XLIFF"})], key="translation.bad_file",
                           kind="XLIFF") from exc
    original = doc.getfilenames()[0] if doc.getfilenames() else ""
    found = _ORIGINAL.match(original or "")
    if not found:
        raise InvalidInput([("file", "translation.not_our_file", {})], key="translation.not_our_file")
    rows = [(u.getid().split("\x04")[-1], u.source or "", u.target or "") for u in doc.units if u.getid()]
    scope.require(cur, actor, meeting=int(found.group(1)))
    return _plan(cur, int(found.group(1)), rows)


# --- TMX --------------------------------------------------------------------------------------------

def export_tmx(cur: Cursor, *, actor: Actor, src: Lang | str = Lang.EN) -> bytes:
    """The memory (segments whose source is `src`) as TMX. Only reviewed, non-confidential text is in it."""
    permissions.require(actor, "translation.memory")
    src = Lang(src)
    doc = tmx.tmxfile(sourcelanguage=src.value, targetlanguage=src.other.value)
    rows = store.segments(cur, src_lang=src.value)
    for row in rows:
        unit = doc.addsourceunit(row["src_text"])
        unit.target = row["tgt_text"]
    log_change(cur, actor=actor, action="export", entity="tm_segment", entity_id=None,
               changes={"tmx": [None, src.value], "segments": [None, len(rows)]})
    return bytes(doc)


@dataclass
class TmxPlan:
    pairs: list[tuple[str, str, str, str]]   # (src lang, source, tgt lang, target)
    new: int
    known: int


def plan_tmx(cur: Cursor, content: bytes) -> TmxPlan:
    try:
        doc = tmx.tmxfile(content)
    except Exception as exc:  # noqa: BLE001
        raise InvalidInput([("file", "translation.bad_file", {"kind": "TMX"})], key="translation.bad_file",
                           kind="TMX") from exc
    src = (doc.sourcelanguage or "en")[:2].lower()
    if src not in ("en", "fr"):
        raise InvalidInput([("file", "translation.tmx_languages", {})], key="translation.tmx_languages")
    tgt = Lang(src).other.value
    known = {(r["src_key"], r["tgt_text"]) for r in store.segments(cur, src_lang=src)}
    pairs, new = [], 0
    for unit in doc.units:
        s, t_ = (unit.source or "").strip(), (unit.target or "").strip()
        if not s or not t_:
            continue
        pairs.append((src, s, tgt, t_))
        new += (tm.key(s), t_) not in known
    return TmxPlan(pairs, new, len(pairs) - new)


def apply_tmx(cur: Cursor, plan: TmxPlan, *, actor: Actor, filename: str) -> int:
    permissions.require(actor, "translation.memory")
    added = 0
    with transaction(cur):
        for src, s, tgt, t_ in plan.pairs:
            added += store.add_segment(cur, src_lang=src, tgt_lang=tgt, src_text=s, tgt_text=t_, src_key=tm.key(s),
                                       origin=f"tmx: {filename}", meeting_id=None, actor=actor)
            added += store.add_segment(cur, src_lang=tgt, tgt_lang=src, src_text=t_, tgt_text=s,
                                       src_key=tm.key(t_), origin=f"tmx: {filename}", meeting_id=None, actor=actor)
        log_change(cur, actor=actor, action="import", entity="tm_segment", entity_id=None,
                   changes={"tmx": [None, filename], "segments": [None, added]})
    return added


# --- Word for translators ---------------------------------------------------------------------------

def export_word(cur: Cursor, *, meeting_id: int, target: Lang | str, actor: Actor, lang: str,
                profile: ExportProfile | str = ExportProfile.RESTRICTED) -> bytes:
    """The texts still to translate or review, as a two-column Word table for a translator."""
    scope.require(cur, actor, meeting=meeting_id)
    from jtwg.export.translator_docx import build
    from jtwg.i18n import ordinal, t
    from jtwg.store.meetings import get_meeting

    profile, target = ExportProfile(profile), Lang(target)
    permissions.require(actor, f"export.{profile.value}")
    meeting = get_meeting(cur, meeting_id=meeting_id)
    texts = exportable(cur, meeting_id=meeting_id, target=target, profile=profile)
    rows = [(x.ref, x.where_in(lang), source, x.value.get(target, fallback=False)) for x, source in texts]
    log_change(cur, actor=actor, action="export", entity="meeting", entity_id=meeting_id,
               changes={"translator_word": [None, target.value], "profile": [None, profile.value],
                        "texts": [None, len(rows)]})
    return build(title=t("translator.title", lang, ordinal=ordinal(meeting.sequence_no, lang)), rows=rows,
                 target=target, lang=lang)


def plan_word(cur: Cursor, *, meeting_id: int, content: bytes) -> ImportPlan:
    from jtwg.export.translator_docx import read

    return _plan(cur, meeting_id, read(content))
