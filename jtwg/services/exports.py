"""Exports: the minutes (build what the profile prints, run the personal-data gate, write the Word file, log who
exported what), the progress brief, and the organisation's letterhead they are written on."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from jtwg.db import transaction
from jtwg.errors import InvalidInput, InvalidTransition, JtwgError
from jtwg.export.docx_minutes import render_minutes_docx
from jtwg.export.letterhead import check_docx
from jtwg.export.minutes_doc import MinutesDocument, build_minutes_document
from jtwg.i18n import LANGS, t
from jtwg.models import Actor
from jtwg.services import permissions
from jtwg.services.directory import Directory
from jtwg.services import personal_data
from jtwg.services.meetings.minutes import MinutesView, Untranslated, minutes_view, untranslated
from jtwg.services.meetings.snapshots import view_at
from jtwg.services.redaction import ExportProfile, Finding, FindingKind, Where
from jtwg.store import groups
from jtwg.store import letterhead as letterhead_store
from jtwg.store.records import Cursor, log_change
from jtwg.validation import problem_key
from jtwg.services import scope

if TYPE_CHECKING:
    from jtwg.services.overview import Filters

LangMode = Literal["en", "fr", "both"]


class ExportRequest(BaseModel):
    """What the user asked for, checked at the edge (UI form or command line)."""

    meeting_id: int = Field(ge=1)
    lang: LangMode
    profile: ExportProfile
    override_reason: str | None = Field(default=None, max_length=500)
    version_no: int | None = Field(default=None, ge=1)   # None: the latest version

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


def recorded_view(cur: Cursor, *, meeting_id: int, version_no: int | None = None) -> MinutesView:
    """The minutes of a version as they were sent: a circulated, approved or adopted version is its frozen
    snapshot, whatever was edited since; the draft being written is the live text. None: the latest version."""
    view = minutes_view(cur, meeting_id=meeting_id)
    if not view.versions:
        if version_no is not None:
            raise InvalidInput([("version_no", "invalid.unknown_version", {"version": version_no})])
        return view
    if version_no is None:
        version = view.versions[-1]
    else:
        version = next((v for v in view.versions if v.version_no == version_no), None)
        if version is None:
            raise InvalidInput([("version_no", "invalid.unknown_version", {"version": version_no})])
    if version.snapshot:
        return view_at(view, version)
    return replace(view, minutes=version)


def prepare_export(cur: Cursor, *, meeting_id: int, lang: str, profile: ExportProfile | str,
                   version_no: int | None = None, directory: Directory | None = None) -> PreparedExport:
    """The document as the profile prints it, the gate's findings, and the texts lacking a language being exported.

    `directory`: the meeting's group's, when the caller has it already read (a page run), else read here."""
    view = recorded_view(cur, meeting_id=meeting_id, version_no=version_no)
    directory = directory if directory is not None else Directory.load(cur, group_id=view.meeting.group_id)
    group = groups.get_group(cur, group_id=view.meeting.group_id)
    project = groups.get_project(cur, project_id=group.project_id) if group.project_id else None
    detector = personal_data.Detector.load(cur)   # one detector for every check
    document = build_minutes_document(view, directory, ExportProfile(profile), project_title=project.title if project else None,
                                      aliases=detector.aliases, group_name=group.name,
                                      author=secretariat_name(directory, group, view, langs_of(lang)[0]))
    langs = langs_of(lang)
    findings = document_findings(cur, document, view, langs, profile=profile, detector=detector)
    return PreparedExport(view, directory, document, findings,
                          [u for u in untranslated(view) if u.missing in langs], langs)


def document_findings(cur: Cursor, document, view, langs: tuple[str, ...], *, profile: ExportProfile | str,
                      detector: personal_data.Detector | None = None) -> list[Finding]:
    """Every finding in what `document` prints in `langs`, located as the document prints it.

    Outside the internal profile the protected-case items are not printed, but a victim's name stored in
    them is still a finding: it must be removed from the minutes whatever the profile exported.
    """
    detector = detector or personal_data.Detector.load(cur)
    profile = ExportProfile(profile)
    protected_items = {iv.item.label or str(iv.item.position) for iv in view.all_items if iv.item.protected_case_id}
    findings: list[Finding] = []
    if detector.aliases.key_mismatch:
        findings.append(Finding(FindingKind.ALIAS_KEY, Where.of("redaction.where.settings"), langs[0], ""))

    def scan(doc, scan_profile: ExportProfile, only_protected: bool) -> None:
        entries = []
        for where, lang, text, sensitive, refs, aliases, fallback in doc.texts():
            # A text missing in one language prints the other one: report it once when both are printed.
            if lang not in langs or (fallback and len(langs) > 1):
                continue
            protected = dict(where.params).get("item") in protected_items
            if only_protected and not protected:
                continue
            entries.append((where, lang, text, sensitive, refs, aliases, protected))
        detector.prefetch((text, lang) for _, lang, text, *_ in entries)   # one query for the stored analyses
        for where, lang, text, sensitive, refs, aliases, protected in entries:
            hits = detector.scan(text, lang, profile=scan_profile, protected=protected, sensitive=sensitive,
                                 refs=refs, alias_cases=aliases)
            findings.extend(Finding(h.kind, where, lang, h.detail) for h in hits
                            if not only_protected or h.kind in (FindingKind.ALIAS, FindingKind.CASE_NAME))

    scan(document, profile, False)
    if profile is not ExportProfile.INTERNAL and protected_items:
        internal = build_minutes_document(view, document_directory(cur, view), ExportProfile.INTERNAL,
                                          aliases=detector.aliases)
        scan(internal, ExportProfile.INTERNAL, True)
    return list(dict.fromkeys(findings))


def document_directory(cur: Cursor, view):
    return Directory.load(cur, group_id=view.meeting.group_id)


def meeting_findings(cur: Cursor, *, meeting_id: int) -> list[Finding]:
    """What circulating the minutes would send out: the members' (restricted) and the handlers' (internal) texts."""
    found: list[Finding] = []
    for profile in (ExportProfile.RESTRICTED, ExportProfile.INTERNAL):
        found += prepare_export(cur, meeting_id=meeting_id, lang="both", profile=profile).findings
    return list(dict.fromkeys(found))


def require_clean_for_circulation(cur: Cursor, *, meeting_id: int) -> None:
    """Refuse circulation while the minutes contain personal data (no override: correct the texts first)."""
    findings = meeting_findings(cur, meeting_id=meeting_id)
    if findings:
        raise personal_data.PersonalDataFound(findings)


def secretariat_name(directory: Directory, group, view: MinutesView | None = None, lang: str = "en") -> str:
    """The author of an exported document: the group's secretariat organisation (or who prepared the minutes),
    named in the document's (first) language."""
    org_id = group.secretariat_org_id or (view.minutes.prepared_by_org_id if view and view.minutes else None)
    org = directory.orgs.get(org_id)
    return org.name.get(lang) if org else ""


def export_filename(view: MinutesView, group_code: str, lang: str, profile: ExportProfile | str,
                    version_no: int | None = None) -> str:
    """The file's name; a version asked for by number (an earlier one, say) is named in it: `-v1`."""
    safe_code = "".join(ch if ch.isalnum() else "-" for ch in group_code)
    version = f"-v{version_no}" if version_no is not None else ""
    return f"minutes-{safe_code}-{view.meeting.sequence_no:02d}{version}-{lang}-{ExportProfile(profile).value}.docx"


def export_minutes(
    cur: Cursor, *, meeting_id: int, lang: str, profile: ExportProfile | str, actor: Actor,
    override_reason: str | None = None, version_no: int | None = None,
) -> ExportResult:
    """Render the minutes to .docx bytes; refuse (ExportBlocked) when the gate finds personal data and no reason overrides it.

    Every export is logged with who, profile and language; an override also with its reason and what it overrode
    (the kinds and places of the findings, never their text).
    """
    scope.require(cur, actor, meeting=meeting_id)
    request = parse_request(meeting_id=meeting_id, lang=lang, profile=profile, override_reason=override_reason,
                            version_no=version_no)
    # Each role exports at most what it may read: internal for co-chairs and the secretariat,
    # restricted for members, public for observers.
    permissions.require(actor, f"export.{request.profile.value}")
    prepared = prepare_export(cur, meeting_id=request.meeting_id, lang=request.lang, profile=request.profile,
                              version_no=request.version_no)
    overridden = False
    if prepared.findings:
        if request.override_reason is None:
            raise ExportBlocked(prepared.findings)
        permissions.require(actor, "export.override")
        overridden = True
    content = render_minutes_docx(prepared.document, request.lang, base=letterhead_bytes(cur))
    summary = {"profile": [None, request.profile.value], "lang": [None, request.lang],
               "findings": [None, personal_data.findings_summary(prepared.findings)]}
    with transaction(cur):
        if overridden:
            log_change(cur, actor=actor, action="override", entity="meeting", entity_id=request.meeting_id,
                       changes=summary, note=request.override_reason)
        log_change(cur, actor=actor, action="export", entity="meeting", entity_id=request.meeting_id,
                   changes={"profile": [None, request.profile.value], "lang": [None, request.lang],
                            "version": [None, prepared.view.minutes.version_no if prepared.view.minutes else None]},
                   note="minutes.docx")
    group = groups.get_group(cur, group_id=prepared.view.meeting.group_id)
    return ExportResult(content, export_filename(prepared.view, group.code, request.lang, request.profile, request.version_no),
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
            return Where.of(key, **m.groupdict()).describe(lang)   # items as the document heads them
    return entry.where


# -- the progress brief --------------------------------------------------------------------------------

def export_brief(cur: Cursor, *, actor: Actor, group_id: int, today: date, lang: str,
                 filters: Filters | None = None) -> bytes:
    """The progress brief as `actor` may read it (see render_brief), its export logged."""
    scope.require(cur, actor, group=group_id)
    from jtwg.export.brief import render_brief   # the brief's modules are imported by the brief only

    content = render_brief(cur, actor=actor, group_id=group_id, today=today, lang=lang, filters=filters)
    with transaction(cur):
        log_change(cur, actor=actor, action="export", entity="group", entity_id=group_id,
                   changes={"lang": [None, lang]}, note="brief.docx")
    return content


# -- the letterhead ------------------------------------------------------------------------------------

@dataclass
class LetterheadInfo:
    id: int
    filename: str
    size: int
    uploaded_at: datetime
    uploaded_by: str


def save_letterhead(cur: Cursor, *, filename: str, content: bytes, actor: Actor) -> int:
    """Check and store a base document; it is used for every later export."""
    permissions.require(actor, "settings.update")
    check_docx(content)
    name = (filename or "letterhead.docx").strip()[:200]
    digest = hashlib.sha256(content).hexdigest()
    with transaction(cur):
        new_id = letterhead_store.insert_letterhead(cur, filename=name, content=content, sha256=digest,
                                                    uploaded_by=actor.username)
        log_change(cur, actor=actor, action="create", entity="letterhead", entity_id=new_id,
                   changes={"filename": [None, name], "size": [None, len(content)], "sha256": [None, digest]})
    return new_id


def current_letterhead(cur: Cursor) -> LetterheadInfo | None:
    found = letterhead_store.current_letterhead(cur)
    return LetterheadInfo(**found) if found else None


def letterhead_bytes(cur: Cursor) -> bytes | None:
    return letterhead_store.letterhead_content(cur)


def remove_letterhead(cur: Cursor, *, actor: Actor) -> int:
    """Go back to the shipped base document; return how many stored documents were removed."""
    permissions.require(actor, "settings.update")
    with transaction(cur):
        count = letterhead_store.delete_letterheads(cur)
        log_change(cur, actor=actor, action="delete", entity="letterhead", entity_id=None, changes={"count": [count, 0]})
    return count
