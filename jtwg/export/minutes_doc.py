"""The printed content of the minutes, in both languages, with an export profile applied: what the gate scans and the Word writer lays out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from typing import get_args

from jtwg.export.word_kit import xml_safe
from jtwg.i18n import agenda_label, LANGS, country_name, format_date, format_date_range, label, ordinal, ordinal_word, t, typographic
from jtwg.models import AgendaKind, Bilingual, Confidentiality, MinutesStatus, ProtectedCase
from jtwg.models.group import Gender
from jtwg.services.directory import Directory
from jtwg.services.meetings.minutes import ItemView, MinutesView
from jtwg.services.redaction import (
    AliasIndex, CaseRefs, ExportProfile, ItemMode, Where, item_mode, render_case_refs, shows,
)

FINAL_STATUSES = (MinutesStatus.ADOPTED, MinutesStatus.LOCKED)
UNKNOWN_GENDER = "unknown"   # role labels worded neutrally when a person's gender is not recorded
GENDER_FORMS = (*get_args(Gender), UNKNOWN_GENDER)
_ROMAN = re.compile(r"^(?=[ivx]+$)x{0,3}(ix|iv|v?i{0,3})$")   # i–xxxix: "c" stays a letter
# Honorifics as each language writes them (stored ones may be in either language).
_HONORIFICS = {
    "en": {"m": "Mr", "mme": "Ms", "mlle": "Ms", "mr": "Mr", "mrs": "Mrs", "ms": "Ms", "dr": "Dr", "pr": "Prof."},
    "fr": {"mr": "M.", "mrs": "Mme", "ms": "Mme", "miss": "Mlle", "m": "M.", "mme": "Mme", "mlle": "Mlle", "dr": "Dr",
           "prof": "Pr"},
}


@dataclass
class Line:
    """One printed paragraph: its text per language and the languages in which it fell back to the other one."""

    style: str
    text: dict[str, str]
    where: Where
    untranslated: frozenset[str] = frozenset()
    sensitive: bool = False      # printed from a confidential field (internal profile only)
    refs: dict[str, CaseRefs] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    lead: dict[str, str] | None = None   # fixed wording printed in bold before the text ("Decision – agreed:")
    keep_next: bool = False      # kept on the page of what follows (a heading-like line whose style does not say so)


@dataclass
class Cell:
    text: dict[str, str]
    untranslated: frozenset[str] = frozenset()
    sensitive: bool = False
    refs: dict[str, CaseRefs] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    both: str | None = None      # side by side, when one short text serves both languages (a date)


@dataclass
class Column:
    header: dict[str, str]
    width_cm: float              # ignored for split columns: they share the width the others leave
    split: bool = False          # side by side: one column per language instead of "en / fr" in one cell


@dataclass
class TableBlock:
    kind: str                    # "actions" or "attendance"
    columns: list[Column]
    rows: list[list[Cell] | Cell]   # a single Cell is a group row spanning the table (a delegation)
    where: Where


@dataclass
class PageBreak:
    pass


Block = Line | TableBlock | PageBreak


@dataclass
class MinutesDocument:
    profile: ExportProfile
    header: dict[str, str]
    draft: bool
    blocks: list[Block]
    title: dict[str, str]
    subject: dict[str, str] = field(default_factory=lambda: {"en": "", "fr": ""})
    author: str = ""             # the secretariat's organisation, as the document properties name it
    marks: list[str] = field(default_factory=list)   # catalogue keys of the page header's marks (DRAFT, CONFIDENTIAL…)

    def texts(self):
        """(where, lang, text, sensitive, refs, aliases, untranslated) of everything printed, for the gate and the tests."""
        for block in self.blocks:
            if isinstance(block, Line):
                for lang in LANGS:
                    yield (block.where, lang, block.text[lang], block.sensitive, block.refs.get(lang, CaseRefs()),
                           block.aliases.get(lang, []), lang in block.untranslated)
            elif isinstance(block, TableBlock):
                for row in block.rows:
                    for cell in row if isinstance(row, list) else [row]:
                        for lang in LANGS:
                            yield (block.where, lang, cell.text[lang], cell.sensitive, cell.refs.get(lang, CaseRefs()),
                                   cell.aliases.get(lang, []), lang in cell.untranslated)


class _Builder:
    def __init__(self, view: MinutesView, d: Directory, profile: ExportProfile, project_title: Bilingual | None,
                 aliases: AliasIndex, group_name: Bilingual | None = None, author: str = "") -> None:
        self.view, self.d, self.profile, self.aliases = view, d, profile, aliases
        self.group_name, self.author = group_name, author
        self.project_title = project_title
        self.cases: dict[str, ProtectedCase] = {c.case_code: c for c in d.cases.values()}
        self.blocks: list[Block] = []
        self.action_numbers: dict[int, int] = {}

    # -- text helpers ---------------------------------------------------------------------------------
    def _clean(self, text: str, lang: str) -> tuple[str, CaseRefs, list[str]]:
        text = xml_safe(text)
        text, refs = render_case_refs(text, lang, self.profile, self.cases)
        text, found = self.aliases.redact(text, t("redaction.name_withheld", lang))
        return typographic(text, lang), refs, found

    def line(self, style: str, texts: dict[str, str], where: Where, *, untranslated=frozenset(), sensitive=False) -> Line:
        out, refs, aliases = {}, {}, {}
        for lang in LANGS:
            out[lang], refs[lang], aliases[lang] = self._clean(texts[lang], lang)
        block = Line(style, out, where, frozenset(untranslated), sensitive, refs, aliases)
        self.blocks.append(block)
        return block

    def fixed(self, style: str, key: str, where: Where, **params) -> Line:
        """A line of fixed wording from the catalogue, the same key in each language."""
        return self.line(style, {lang: t(key, lang, **{k: (v(lang) if callable(v) else v) for k, v in params.items()})
                                 for lang in LANGS}, where)

    def text(self, style: str, value: Bilingual | None, where: Where, *, sensitive=False, prefix=None, lead=None) -> Line | None:
        if value is None or value.is_empty:
            return None
        texts = {lang: value.get(lang) for lang in LANGS}
        if prefix:
            texts = {lang: prefix(lang) + texts[lang] for lang in LANGS}
        missing = frozenset(lang for lang in LANGS if not value.has(lang))
        block = self.line(style, texts, where, untranslated=missing, sensitive=sensitive)
        if lead:
            block.lead = {lang: typographic(lead(lang), lang) for lang in LANGS}
        return block

    def cell(self, texts: dict[str, str], *, missing=frozenset(), sensitive=False) -> Cell:
        out, refs, aliases = {}, {}, {}
        for lang in LANGS:
            out[lang], refs[lang], aliases[lang] = self._clean(texts[lang], lang)
        return Cell(out, frozenset(missing), sensitive, refs, aliases)

    def person(self, person_id: int | None, lang: str) -> str:
        """A person as Directory.person prints them, with the honorific of the document's language.

        The public version names nobody: it gives positions (data minimisation; no law-enforcement or
        intelligence officer can be named by mistake).
        """
        person = self.d.people.get(person_id)
        if person is None:
            return ""
        position = person.position.get(lang) if person.position else ""
        role = ", ".join(x for x in (position, self.d.org(person.org_id)) if x)
        if self.profile is ExportProfile.PUBLIC or not person.publish_name:
            return role
        honorific = _HONORIFICS[lang].get((person.honorific or "").strip().rstrip(".").lower(), person.honorific)
        name = " ".join(x for x in (honorific, person.display_name) if x)
        return f"{name} ({role})" if role else name

    # -- sections -------------------------------------------------------------------------------------
    def build(self) -> MinutesDocument:
        m, view = self.view.meeting, self.view
        minutes = view.minutes
        draft = minutes is None or minutes.status not in FINAL_STATUSES
        title = {lang: t("export.title", lang, ordinal_word=self._ordinal_word(m.sequence_no, lang)) for lang in LANGS}
        header = {lang: typographic(t("export.header", lang, ordinal=ordinal(m.sequence_no, lang), city=m.city or "",
                                      dates=format_date_range(m.start_date, m.end_date, lang)), lang) for lang in LANGS}
        w = Where.of("redaction.where.title")
        if self.project_title:
            self.text("Minutes Project", self.project_title, w)
        self.line("Title", title, w)
        self.fixed("Subtitle", "export.dates", w, dates=lambda lang: format_date_range(m.start_date, m.end_date, lang))
        venue = lambda lang: ", ".join(x for x in (m.venue, m.city, country_name(m.host_country, lang)) if x)  # noqa: E731
        self.fixed("Minutes Meta", "export.venue", w, venue=venue)
        if view.margin_event:
            self.text("Minutes Meta", view.margin_event.name, w, prefix=lambda lang: t("export.margin", lang, event=""))
        marks = []
        if draft:
            marks.append("export.mark_draft")
        if draft and self.profile is ExportProfile.PUBLIC:
            # A public version of a draft may be prepared, never published: it says so on every page.
            marks.append("word.mark_not_for_publication")
        if self.profile is ExportProfile.INTERNAL:
            marks.append("export.mark_confidential")
        self.marks = marks
        if marks:
            self.line("Minutes Mark", {lang: " · ".join(t(k, lang) for k in marks) for lang in LANGS}, w)
        status = {lang: self._status_line(lang) for lang in LANGS}
        self.line("Minutes Distribution", status, w)

        if m.introduction and not m.introduction.is_empty:
            self.fixed("Heading 1", "export.introduction", w)
            self.text("Normal", m.introduction, Where.of("redaction.where.introduction"))
        if m.objectives:
            self.fixed("Heading 1", "export.objectives", w)
            for i, objective in enumerate(m.objectives, 1):
                self.text("Minutes Numbered", objective, Where.of("redaction.where.objective", n=i), prefix=lambda lang, i=i: f"{i}.\t")
        if view.moderators:
            self.fixed("Heading 1", "export.moderators", w)
            people = lambda lang: "; ".join(self.person(a.person_id, lang) or self.d.org(a.org_id) for a in view.moderators)  # noqa: E731
            self.fixed("Normal", "export.moderators_text", Where.of("redaction.where.moderators"), people=people)
        self._number_actions()
        for day in view.days:
            self._day(day)
        self._actions()
        self._signature()
        self._attendance()
        subject = {lang: self.group_name.get(lang) if self.group_name else header[lang] for lang in LANGS}
        return MinutesDocument(self.profile, header, draft, self.blocks, title, subject, self.author, self.marks)

    def _ordinal_word(self, n: int, lang: str) -> str:
        word = ordinal_word(n, lang)
        return word.lower() if lang == "fr" else word

    def _status_line(self, lang: str) -> str:
        minutes = self.view.minutes
        draft = minutes is None or minutes.status not in FINAL_STATUSES
        key = "word.distribution.public_draft" if draft and self.profile is ExportProfile.PUBLIC else \
            f"export.distribution.{self.profile.value}"
        profile = t(key, lang)
        if minutes is None:
            return profile
        state = t("export.version", lang, version=minutes.version_no, status=label(minutes.status, lang).lower())
        return f"{state} · {profile}"

    def _time(self, value: time, lang: str) -> str:
        if lang == "fr":
            return f"{value.hour}\u00a0h\u00a0{value.minute:02d}"
        hour = value.hour % 12 or 12
        return f"{hour}:{value.minute:02d}\u00a0{'am' if value.hour < 12 else 'pm'}"

    def _day(self, day) -> None:
        items = day.items
        w = Where.of("redaction.where.day", day=day.day_no)
        start = day.plenary.start_time if day.plenary else None
        style = "Heading 1" if day.day_no == min(d.day_no for d in self.view.days) else "Minutes Day"
        if start:
            self.fixed(style, "export.day_started", w, day=day.day_no, time=lambda lang: self._time(start, lang))
        else:
            self.fixed(style, "export.day", w, day=day.day_no)
        if day.breakouts:
            minutes = sorted({b.duration_min for b in day.breakouts if b.duration_min})
            names = lambda lang: ", ".join(self.d.subcommittee(b.subcommittee_id, lang) for b in day.breakouts)  # noqa: E731
            # Belongs to the day line above it and to what follows: kept with the next paragraph.
            if minutes:
                self.fixed("Minutes Day Note", "export.breakouts", w, names=names, minutes="/".join(map(str, minutes)))
            else:
                self.fixed("Minutes Day Note", "export.breakouts_plain", w, names=names)
        for item_view in items:
            self._item(item_view)

    def _label(self, label_text: str | None, lang: str) -> str:
        return agenda_label(label_text, lang)

    def _heading(self, label_text: str | None, title: str, lang: str) -> str:
        shown = self._label(label_text, lang)
        if not shown or (label_text or "").strip().upper() == "AOB":   # "AOB" and its title say the same thing
            return title
        if len(shown) <= 4:
            return f"{shown}. {title}"
        return f"{shown}: {title}"

    def _item(self, view: ItemView) -> None:
        item = view.item
        name = item.label or str(item.position)
        mode = item_mode(item.confidentiality, self.profile)
        sensitive = item.confidentiality is Confidentiality.CONFIDENTIAL
        level = "Heading 3" if item.kind is AgendaKind.MATTERS_ARISING and item.label and _ROMAN.match(item.label) else "Heading 2"
        where = Where.of("redaction.where.item_title", item=name)
        if mode is ItemMode.OMITTED:
            # The public version keeps the record's structure: a neutral line, never the title.
            self.line("Minutes Withheld", {lang: t("word.not_published", lang, item=self._item_name(item, lang))
                                           for lang in LANGS}, where)
            return
        if mode is ItemMode.WITHHELD:
            title = item.public_title or Bilingual.of(t("export.confidential_item", "en"), t("export.confidential_item", "fr"))
            self.line(level, {lang: self._heading(item.label, title.get(lang), lang) for lang in LANGS}, where,
                      untranslated=frozenset(lang for lang in LANGS if not title.has(lang)))
            self.fixed("Minutes Withheld", "export.confidential_content", where)
            return
        self.line(level, {lang: self._heading(item.label, item.title.get(lang), lang) for lang in LANGS}, where,
                  untranslated=frozenset(lang for lang in LANGS if not item.title.has(lang)), sensitive=sensitive)
        presenter = self._presenter(view)
        if presenter:
            self.line("Minutes Presenter", {lang: t("export.presenter", lang, who=presenter[lang]) for lang in LANGS},
                      Where.of("redaction.where.item_presenter", item=name), sensitive=sensitive)
        withheld = printed = 0
        for entry in view.entries:
            entry_level = Confidentiality.highest(entry.confidentiality, item.confidentiality)
            if not shows(entry_level, self.profile):
                withheld += 1
                continue
            printed += 1   # paragraphs numbered as printed (findings are located by what the reader sees)
            self.text("Normal", entry.text, Where.of("redaction.where.item_entry", item=name, n=printed),
                      sensitive=entry_level is Confidentiality.CONFIDENTIAL)
        if withheld and self.profile is ExportProfile.RESTRICTED:
            self.fixed("Minutes Withheld", "export.confidential_content", where)
        for i, decision in enumerate(view.decisions, 1):
            self.text("Minutes Decision", decision.text, Where.of("redaction.where.item_decision", item=name, n=i),
                      sensitive=sensitive, lead=lambda lang, dec=decision: self._decision_prefix(dec, lang))
        numbers = [self.action_numbers[a.id] for a in view.actions if a.id in self.action_numbers]
        if numbers:
            self.fixed("Minutes Reference", "word.item_action" if len(numbers) == 1 else "word.item_actions", where,
                       numbers=lambda lang: self._number_list(numbers, lang))

    @staticmethod
    def _number_list(numbers: list[int], lang: str) -> str:
        """ "1", "1 and 2", "1, 2 and 3" ("1 et 2" in French)."""
        text = [str(n) for n in numbers]
        return text[0] if len(text) == 1 else f"{', '.join(text[:-1])} {t('word.and', lang)} {text[-1]}"

    def _item_name(self, item, lang: str) -> str:
        """ "Item iv", "Agenda Item 1"; an unlabelled item by its place on the agenda."""
        shown = self._label(item.label, lang)
        if shown and len(shown) > 4:
            return shown
        return t("word.item", lang, label=shown or str(item.position))

    def _decision_prefix(self, decision, lang: str) -> str:
        # Own wording rather than the enum labels: French needs nouns here ("adoption à l'unanimité").
        kind = t(f"export.decision_type.{decision.decision_type.value}", lang)
        mode = f" {label(decision.mode, lang)}" if decision.mode else ""
        return t("export.decision_prefix", lang, kind=kind, mode=mode)

    def _presenter(self, view: ItemView) -> dict[str, str] | None:
        item = view.item
        if item.presenter_person_id:
            return {lang: self.person(item.presenter_person_id, lang) for lang in LANGS}
        if item.presenter_role and not item.presenter_role.is_empty:
            return {lang: item.presenter_role.get(lang) for lang in LANGS}
        if item.presenter_org_id:
            return {lang: self.d.org(item.presenter_org_id) for lang in LANGS}
        return None

    def _printed_actions(self):
        for item_view in self.view.all_items:
            item = item_view.item
            if item_mode(item.confidentiality, self.profile) is not ItemMode.FULL:
                continue
            for action in item_view.actions:
                # An action is as confidential as its item: a due date can itself be a case detail.
                if shows(Confidentiality.highest(action.confidentiality, item.confidentiality), self.profile):
                    yield action

    def _number_actions(self) -> None:
        self._item_level = {a.id: iv.item.confidentiality for iv in self.view.all_items for a in iv.actions}
        self.action_numbers = {a.id: i for i, a in enumerate(self._printed_actions(), 1)}

    def _actions(self) -> None:
        w = Where.of("redaction.where.actions")
        self.fixed("Heading 1", "export.action_points", w)
        printed = list(self._printed_actions())
        if not printed:
            self.fixed("Normal", "export.no_actions", w)
            return
        columns = [
            Column({lang: t("export.col_no", lang) for lang in LANGS}, 1.0),
            Column({lang: t("export.col_action", lang) for lang in LANGS}, 0, split=True),
            Column({lang: t("export.col_owner", lang) for lang in LANGS}, 2.3),
            Column({lang: t("export.col_due", lang) for lang in LANGS}, 3.0),
        ]
        # As agreed at the meeting: owner and deadline. A later status belongs to the tracker and to the
        # matters arising of the next meeting, not to this record.
        table_rows = []
        for action in printed:
            text = {lang: action.text.get(lang) + ("" if action.confirmed else " " + t("export.unconfirmed", lang))
                    for lang in LANGS}
            missing = frozenset(lang for lang in LANGS if not action.text.has(lang))
            owner = self.d.org(action.owner_org_id)
            table_rows.append([
                self.cell({lang: str(self.action_numbers[action.id]) for lang in LANGS}),
                self.cell(text, missing=missing, sensitive=Confidentiality.highest(
                    action.confidentiality, self._item_level[action.id]) is Confidentiality.CONFIDENTIAL),
                self.cell({lang: owner for lang in LANGS}),
                self._due_cell(action.due_date),
            ])
        self.blocks.append(TableBlock("actions", columns, table_rows, Where.of("redaction.where.actions")))

    def _due_cell(self, due) -> Cell:
        # The long form of every other date of the minutes ("11 February 2022" / "11 février 2022").
        return self.cell({lang: format_date(due, lang) if due else t("common.none", lang) for lang in LANGS})

    def _signature(self) -> None:
        """One paragraph, so the block never breaks across pages: "Secretariat / ICMPD / Abuja, 10 February 2022"."""
        minutes = self.view.minutes
        lines = {lang: [] for lang in LANGS}
        org = self.d.org(minutes.prepared_by_org_id) if minutes else ""
        for lang in LANGS:
            if org:
                lines[lang].append(org)
            if minutes and minutes.date_of_issue:
                lines[lang].append(t("export.issued", lang, place=minutes.place_of_issue or "",
                                     date=format_date(minutes.date_of_issue, lang)))
        block = self.line("Minutes Signature", {lang: "\n".join(lines[lang]) for lang in LANGS},
                          Where.of("redaction.where.signature"))
        block.lead = {lang: t("export.secretariat", lang) + ("\n" if lines[lang] else "") for lang in LANGS}

    def _gender(self, person_id: int | None) -> str:
        """The grammatical gender role labels agree with: "f", "m", or "unknown" (neutral wording)."""
        person = self.d.people.get(person_id)
        return getattr(person, "gender", None) or UNKNOWN_GENDER

    def _attendance(self) -> None:
        if not self.view.attendance:
            return
        w = Where.of("redaction.where.attendance")
        self.blocks.append(PageBreak())
        self.fixed("Heading 1", "export.annex_attendance", w)
        by_delegation: dict[str, list] = {}
        for a in self.view.attendance:
            by_delegation.setdefault(a.delegation, []).append(a)
        columns = [
            Column({lang: t("word.col_participant", lang) for lang in LANGS}, 0, split=True),
            Column({lang: t("export.col_role", lang) for lang in LANGS}, 4.2),
        ]
        table_rows: list = []
        for delegation, people in by_delegation.items():
            table_rows.append(self.cell({lang: self.d.delegation(delegation, lang) for lang in LANGS}))
            for a in people:
                who = {lang: (self.person(a.person_id, lang) if a.person_id else self.d.org(a.org_id)) for lang in LANGS}
                if a.represented_person_id:
                    who = {lang: t(f"word.represented_by.{self._gender(a.represented_person_id)}", lang,
                                   person=self.person(a.represented_person_id, lang), representative=who[lang])
                           for lang in LANGS}
                gender = self._gender(a.person_id)
                role = {lang: t(f"word.role.{a.role.value}.{gender}", lang)
                        + (f" ({label(a.mode, lang).lower()})" if a.mode.value != "in_person" else "") for lang in LANGS}
                table_rows.append([self.cell(who), self.cell(role)])
        self.blocks.append(TableBlock("attendance", columns, table_rows, w))


def build_minutes_document(view: MinutesView, directory: Directory, profile: ExportProfile, *,
                           project_title: Bilingual | None = None, aliases: AliasIndex | None = None,
                           group_name: Bilingual | None = None, author: str = "") -> MinutesDocument:
    """The minutes as they will print under `profile`: confidential content withheld, cases and aliases replaced.

    `group_name` becomes the document's subject and `author` (the secretariat's organisation) its author.
    """
    return _Builder(view, directory, ExportProfile(profile), project_title, aliases or AliasIndex(), group_name,
                    author).build()

