"""Exporting minutes: build what the profile prints, run the personal-data gate, write the Word file, log who exported what."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from jtwg.db import transaction
from jtwg.errors import InvalidInput, InvalidTransition, JtwgError
from jtwg.export.docx_minutes import render_minutes_docx
from jtwg.export.letterhead import letterhead_bytes
from jtwg.export.minutes_doc import MinutesDocument, build_minutes_document
from jtwg.i18n import LANGS, t
from jtwg.models import Actor
from jtwg.services import permissions
from jtwg.services.directory import Directory
from jtwg.services import personal_data
from jtwg.services.meetings.minutes import MinutesView, Untranslated, minutes_view, untranslated
from jtwg.services.redaction import ExportProfile, Finding, Where
from jtwg.store import groups
from jtwg.store.records import Cursor, log_change
from jtwg.validation import problem_key

LangMode = Literal["en", "fr", "both"]


class ExportRequest(BaseModel):
    """What the user asked for, checked at the edge (UI form or command line)."""

    meeting_id: int = Field(ge=1)
    lang: LangMode
    profile: ExportProfile
    override_reason: str | None = Field(default=None, max_length=500)

    @field_validator("override_reason")
    @classmethod
    def _reason(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = " ".join(value.split())
        if len(value) < 10:
            raise ValueError("override_reason_too_short")
        return value


class ExportBlocked(JtwgError):
    """The gate found personal data; `findings` lists it."""

    key = "export.blocked"

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__(key=self.key, count=len(findings))

    def message(self, lang: str) -> str:
        return t(self.key, lang, count=len(self.findings))

    def lines(self, lang: str) -> list[str]:
        """Every finding, located as the document prints it, its words masked."""
        return [f.describe(lang) for f in self.findings]


@dataclass
class PreparedExport:
    view: MinutesView
    directory: Directory
    document: MinutesDocument
    findings: list[Finding]
    untranslated: list[Untranslated]
    langs: tuple[str, ...]


@dataclass
class ExportResult:
    content: bytes
    filename: str
    findings: list[Finding]
    untranslated: list[Untranslated]
    overridden: bool


def langs_of(mode: str) -> tuple[str, ...]:
    return LANGS if mode == "both" else (mode,)


def parse_request(**values) -> ExportRequest:
    try:
        return ExportRequest(**values)
    except ValidationError as exc:
        raise InvalidInput([(str(e["loc"][0]) if e.get("loc") else "", *problem_key(e)) for e in exc.errors()]) from None


def prepare_export(cur: Cursor, *, meeting_id: int, lang: str, profile: ExportProfile | str) -> PreparedExport:
    """The document as the profile prints it, the gate's findings, and the texts lacking a language being exported."""
    view = minutes_view(cur, meeting_id=meeting_id)
    directory = Directory.load(cur, group_id=view.meeting.group_id)
    group = groups.get_group(cur, group_id=view.meeting.group_id)
    project = groups.get_project(cur, project_id=group.project_id) if group.project_id else None
    detector = personal_data.Detector.load(cur)   # issue 14: one detector for every check
    document = build_minutes_document(view, directory, ExportProfile(profile), project_title=project.title if project else None,
                                      aliases=detector.aliases)
    langs = langs_of(lang)
    findings = personal_data.document_findings(cur, document, view, langs, profile=profile, detector=detector)  # issue 14
    return PreparedExport(view, directory, document, findings,
                          [u for u in untranslated(view) if u.missing in langs], langs)


def export_filename(view: MinutesView, group_code: str, lang: str, profile: ExportProfile | str) -> str:
    safe_code = "".join(ch if ch.isalnum() else "-" for ch in group_code)
    return f"minutes-{safe_code}-{view.meeting.sequence_no:02d}-{lang}-{ExportProfile(profile).value}.docx"


def export_minutes(
    cur: Cursor, *, meeting_id: int, lang: str, profile: ExportProfile | str, actor: Actor,
    override_reason: str | None = None,
) -> ExportResult:
    """Render the minutes to .docx bytes; refuse (ExportBlocked) when the gate finds personal data and no reason overrides it.

    Every export is logged with who, profile and language; an override also with its reason and what it overrode
    (the kinds and places of the findings, never their text).
    """
    request = parse_request(meeting_id=meeting_id, lang=lang, profile=profile, override_reason=override_reason)
    # Each role exports at most what it may read: internal for co-chairs and the secretariat,
    # restricted for members, public for observers.
    permissions.require(actor, f"export.{request.profile.value}")
    prepared = prepare_export(cur, meeting_id=request.meeting_id, lang=request.lang, profile=request.profile)
    overridden = False
    if prepared.findings:
        if request.override_reason is None:
            raise ExportBlocked(prepared.findings)
        permissions.require(actor, "export.override")
        overridden = True
    content = render_minutes_docx(prepared.document, request.lang, base=letterhead_bytes(cur))
    summary = {"profile": [None, request.profile.value], "lang": [None, request.lang],
               "findings": [None, personal_data.findings_summary(prepared.findings)]}  # issue 14
    with transaction(cur):
        if overridden:
            log_change(cur, actor=actor, action="override", entity="meeting", entity_id=request.meeting_id,
                       changes=summary, note=request.override_reason)
        log_change(cur, actor=actor, action="export", entity="meeting", entity_id=request.meeting_id,
                   changes={"profile": [None, request.profile.value], "lang": [None, request.lang]},
                   note="minutes.docx")
    group = groups.get_group(cur, group_id=prepared.view.meeting.group_id)
    return ExportResult(content, export_filename(prepared.view, group.code, request.lang, request.profile),
                        prepared.findings, prepared.untranslated, overridden)


def require_complete_translations(view: MinutesView) -> None:
    """Minutes may be circulated only when every text exists in English and French."""
    missing = untranslated(view)
    if missing:
        raise InvalidTransition(key="export.cannot_circulate", count=len(missing))


_UNTRANSLATED_WHERE = [
    (re.compile(r"^introduction$"), "redaction.where.introduction"),
    (re.compile(r"^objective (?P<n>\d+)$"), "redaction.where.objective"),
    (re.compile(r"^item (?P<item>.+): title$"), "redaction.where.item_title"),
    (re.compile(r"^item (?P<item>.+): public title$"), "redaction.where.item_public_title"),
    (re.compile(r"^item (?P<item>.+): discussion (?P<n>\d+)$"), "redaction.where.item_entry"),
    (re.compile(r"^item (?P<item>.+): decision (?P<n>\d+)$"), "redaction.where.item_decision"),
    (re.compile(r"^item (?P<item>.+): action (?P<code>.+)$"), "redaction.where.item_action"),
]


def untranslated_where(entry: Untranslated, lang: str) -> str:
    """Where a text lacking a translation is, in `lang` (minutes.untranslated names places in English)."""
    for pattern, key in _UNTRANSLATED_WHERE:
        m = pattern.match(entry.where)
        if m:
            return Where.of(key, **m.groupdict()).describe(lang)   # issue 14: items as the document heads them
    return entry.where
