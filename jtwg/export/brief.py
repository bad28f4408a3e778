"""The co-chairs' progress brief: a Word document (English, French or both) with the overview's figures and charts."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from jtwg import charts
from jtwg.charts import chart_png
from jtwg.errors import JtwgError, PermissionDenied
from jtwg.export.word_kit import (
    TABLE_STYLE, TWIPS_PER_CM, Builder, content_width, open_document, set_language, set_properties, to_bytes,
)
from jtwg.i18n import format_date, label, meeting_name, t, typographic
from jtwg.models import Actor
from jtwg.services import permissions
from jtwg.services.directory import Directory
from jtwg.services.overview import Filters, Overview, overview, provision_ref
from jtwg.store import groups
from jtwg.store.records import Cursor

BRIEF_LANGS = ("en", "fr", "both")
HEADER_FILL = "DEEBF7"


@dataclass
class _Names:
    """Display names for one language."""

    subcommittees: dict[str | None, str]
    delegations: dict[str, str]


def _names(directory: Directory, lang: str, delegation_codes: list[str]) -> _Names:
    subs: dict[str | None, str] = {s.code: s.name.get(lang) for s in directory.subcommittees.values()}
    subs[None] = t("overview.jtwg_wide", lang)
    return _Names(subs, {code: directory.delegation(code, lang) for code in delegation_codes})


# --- layout, on the Word kit ---------------------------------------------------------------------

class _Brief(Builder):
    def __init__(self) -> None:
        super().__init__(open_document())
        self.width = content_width(self.doc)

    def add(self, text: str, style: str, lang: str, *, keep_next: bool = False, new_page: bool = False):
        p = self.para(style, typographic(text, lang), lang=lang, keep_next=keep_next, new_page=new_page)
        self.append(p)
        return p

    def add_table(self, header: list[str], body: list[list[str]], lang: str, widths_cm: list[float]) -> None:
        widths = [int(w * TWIPS_PER_CM) for w in widths_cm]
        if sum(widths) > self.width:
            widths = [w * self.width // sum(widths) for w in widths]
        tbl = self.table(TABLE_STYLE, widths, center=True)
        self.row(tbl, [(w, [self.para("Minutes Table Heading", text, lang=lang)], 1) for w, text in zip(widths, header)],
                 header=True, fill=HEADER_FILL)
        for values in body:
            self.row(tbl, [(w, [self.para("Minutes Table Text", typographic(text, lang), lang=lang)], 1)
                           for w, text in zip(widths, values)])
        self.append(tbl)
        self.append(self.para("Minutes Table Text"))   # Word needs a paragraph after a table

    def footer(self, text: str) -> None:
        footer = self.doc.sections[0].footer
        footer.is_linked_to_previous = False
        ftr = footer._element
        for p in ftr.findall(qn("w:p")):
            ftr.remove(p)
        ftr.append(self.with_fields("Footer", text + "{page}"))


def _figure(doc: _Brief, fig: go.Figure, caption: str, lang: str) -> None:
    """The chart as a picture; its title moves to the caption below (read by screen readers, found by search)."""
    fig.update_layout(title=None, margin=dict(t=30))
    doc.doc.add_picture(io.BytesIO(chart_png(fig)), width=int(doc.width * 635))
    picture = doc.doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    doc.doc.inline_shapes[-1]._inline.docPr.set("descr", caption)
    doc.add(caption, "Caption", lang)


# --- content ------------------------------------------------------------------------------------

def _filters_text(o: Overview, names: _Names, lang: str) -> str:
    delegation = names.delegations.get(o.filters.delegation, o.filters.delegation) if o.filters.delegation \
        else t("overview.all_delegations", lang)
    return t("brief.filters", lang, delegation=delegation, start=format_date(o.period_start, lang),
             end=format_date(o.today, lang))


def _action_text(text, confidential: bool, lang: str) -> str:
    return t("overview.confidential_text", lang) if confidential else text.get(lang)


def _language_part(doc: _Brief, o: Overview, decisions: list, directory: Directory, group_name: str, lang: str,
                   *, new_page: bool = False) -> None:
    names = _names(directory, lang, sorted({r["key"] for r in o.overdue_by_delegation} | {o.filters.delegation or ""} - {""}))
    doc.add(t("brief.marking", lang), "Brief Marking", lang, new_page=new_page)
    doc.add(t("brief.title", lang), "Title", lang)
    doc.add(group_name, "Subtitle", lang)
    doc.add(t("brief.as_of", lang, date=format_date(o.today, lang)), "Subtitle", lang)
    doc.add(_filters_text(o, names, lang), "Brief Note", lang)

    doc.add(t("brief.headline", lang), "Heading 1", lang, keep_next=True)
    a = o.actions
    figures = [
        (t("overview.activities", lang), o.activity_total),
        *[(f"    {label(status, lang)}", n) for status, n in _statuses(o)],
        (t("overview.activities_overdue", lang), o.activity_overdue),
        (t("overview.actions_open", lang), a["open"]),
        (t("overview.actions_overdue", lang), a["overdue"]),
        (t("overview.actions_done_quarter", lang, start=format_date(o.quarter_start, lang)), a["done_quarter"]),
        (t("overview.due_soon", lang, days=30), len(o.upcoming)),
        (t("overview.provisions_without_activity", lang), f"{len(o.provisions_without_activity)} / {o.provisions_total}"),
        (t("overview.meetings_held", lang), o.meetings_held),
    ]
    doc.add_table([t("brief.col_figure", lang), t("brief.col_value", lang)],
           [[name, str(value)] for name, value in figures], lang, [12, 4])

    doc.add(t("overview.progress_heading", lang), "Heading 1", lang, keep_next=True)
    doc.add(t("overview.progress_formula", lang), "Brief Note", lang)
    doc.add_table([t("overview.chart_x", lang), t("overview.col_activities", lang), t("overview.col_completed", lang),
                 t("overview.col_overdue", lang), t("overview.col_without_progress", lang), t("overview.col_progress", lang)],
           [[names.subcommittees.get(r["subcommittee"], r["subcommittee"] or ""), str(r["activities"]), str(r["completed"]),
             str(r["overdue"]), str(r["without_progress"]), charts.percent(r["progress"], lang)] for r in o.progress],
           lang, [4.4, 2.0, 2.1, 1.9, 2.9, 2.7])
    if o.progress:
        _figure(doc, charts.subcommittee_progress(o.progress, names.subcommittees, lang), t("overview.progress_chart", lang), lang)
        _figure(doc, charts.activities_by_subcommittee(o.activities_by_subcommittee, names.subcommittees, lang),
                t("overview.chart_title", lang), lang)

    doc.add(t("overview.overdue_list", lang), "Heading 1", lang, keep_next=True)
    if o.overdue_actions:
        doc.add_table([t("actions.col_code", lang), t("actions.col_action", lang), t("actions.col_owner", lang),
                     t("overview.col_delegation", lang), t("actions.col_due", lang), t("overview.col_days_overdue", lang)],
               [[r["code"], _action_text(r["text"], r["confidential"], lang), r["owner"],
                 names.delegations.get(r["delegation"], r["delegation"]), format_date(r["due_date"], lang, "medium"),
                 str(r["days_overdue"])] for r in o.overdue_actions], lang, [1.5, 5.3, 2.7, 2.2, 2.4, 1.9])
        _figure(doc, charts.overdue_counts(o.overdue_by_owner, {}, t("overview.overdue_by_owner", lang), lang),
                t("overview.overdue_by_owner", lang), lang)
        _figure(doc, charts.overdue_counts(o.overdue_by_delegation, names.delegations, t("overview.overdue_by_delegation", lang), lang),
                t("overview.overdue_by_delegation", lang), lang)
    else:
        doc.add(t("overview.none_overdue", lang), "Normal", lang)

    doc.add(t("overview.upcoming_heading", lang, days=30), "Heading 1", lang, keep_next=True)
    if o.upcoming:
        doc.add_table([t("actions.col_due", lang), t("overview.col_kind", lang), t("actions.col_code", lang),
                     t("overview.col_what", lang), t("overview.col_responsible", lang)],
               [[format_date(d.due, lang, "medium"), t(f"overview.kind_{d.kind}", lang), d.code,
                 _action_text(d.text, d.confidential, lang), d.responsible] for d in o.upcoming], lang, [2.4, 2.8, 1.5, 6.5, 2.8])
    else:
        doc.add(t("overview.no_upcoming", lang, days=30), "Normal", lang)

    doc.add(t("overview.meetings_heading", lang), "Heading 1", lang, keep_next=True)
    if o.last_meeting:
        m = o.last_meeting
        doc.add(t("overview.last_meeting_is", lang, meeting=meeting_name(m, lang)), "Heading 2", lang, keep_next=True)
        for dec in decisions:
            doc.add(f"{label(dec.decision_type, lang)} — {dec.text.get(lang)}", "List Bullet", lang)
        if not decisions:
            doc.add(t("overview.no_decisions", lang), "Normal", lang)
    doc.add(t("overview.next_meeting", lang), "Heading 2", lang, keep_next=True)
    if o.next_meeting:
        doc.add(meeting_name(o.next_meeting, lang), "Normal", lang)
    else:
        doc.add(t("overview.no_next_meeting", lang, city=o.next_host_city or "–"), "Normal", lang)

    doc.add(t("overview.trend_heading", lang), "Heading 1", lang, keep_next=True)
    doc.add(t("overview.trend_rule", lang), "Brief Note", lang)
    _figure(doc, charts.action_trend(o.trend, lang), t("overview.trend_chart", lang), lang)

    doc.add(t("overview.coverage_heading", lang), "Heading 1", lang, keep_next=True)
    doc.add(t("overview.coverage_rule", lang), "Brief Note", lang)
    if o.coverage:
        _figure(doc, charts.mou_coverage(o.coverage, o.coverage_columns, names.subcommittees, lang),
                t("overview.coverage_chart", lang), lang)
    if o.provisions_without_activity:
        doc.add(t("overview.provisions_without_activity", lang), "Heading 2", lang, keep_next=True)
        for p in o.provisions_without_activity:
            heading = p["heading"].get(lang) if p["heading"] else p["text"].get(lang)
            doc.add(f"{t('overview.article_short', lang)} {provision_ref(p)} — {heading}", "List Bullet", lang)


def _statuses(o: Overview) -> list[tuple]:
    from jtwg.models import ActivityStatus

    return [(s, o.activity_by_status[s.value]) for s in ActivityStatus if o.activity_by_status.get(s.value)]


def render_brief(cur: Cursor, *, actor: Actor, group_id: int, today: date, lang: str, filters: Filters | None = None,
                 author: str | None = None) -> bytes:
    """The progress brief as .docx bytes, in English, French or both (English first, French on a new page).

    It shows what `actor` may read: observers get none (the overview is not theirs), the decisions of the
    last meeting leave out those under an agenda item above the reader's level, and a confidential action
    item is named by a neutral text.
    """
    if lang not in BRIEF_LANGS:
        raise JtwgError(lang, key="error.brief_lang", value=lang)
    if not permissions.may_open_page(actor, "overview"):
        raise PermissionDenied(action="brief", user=actor.username)
    o = overview(cur, group_id=group_id, actor=actor, today=today, filters=filters)
    decisions = o.last_decisions   # only those under agenda items the reader may read
    directory = Directory.load(cur, group_id=group_id)
    group = groups.get_group(cur, group_id=group_id)
    langs = ["en", "fr"] if lang == "both" else [lang]
    doc = _Brief()
    set_language(doc.doc, langs[0])
    doc.footer(" / ".join(t("brief.title", x) for x in langs) + " · " + group.code + " · ")
    for i, part_lang in enumerate(langs):
        _language_part(doc, o, decisions, directory, group.name.get(part_lang), part_lang, new_page=i > 0)
    secretariat = author if author is not None else directory.org_name(group.secretariat_org_id, langs[0])
    set_properties(doc.doc, title=" / ".join(t("brief.title", x) for x in langs),
                   subject=" / ".join(group.name.get(x) for x in langs), author=secretariat, langs=langs)
    return to_bytes(doc.doc)


def brief_file_name(group_code: str, today: date, lang: str) -> str:
    return f"progress-brief-{group_code}-{today.isoformat()}-{lang}.docx".replace("/", "-")
