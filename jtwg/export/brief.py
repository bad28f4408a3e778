"""The co-chairs' progress brief: a Word document (English, French or both) with the overview's figures and charts."""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jtwg.errors import JtwgError
from jtwg.i18n import format_date, label, meeting_name, t, typographic
from jtwg.models import Actor
from jtwg.services.directory import Directory
from jtwg.services.overview import Filters, Overview, overview, provision_ref
from jtwg.store import groups
from jtwg.store.records import Cursor
from jtwg.ui import charts

BRIEF_LANGS = ("en", "fr", "both")
CONTENT_WIDTH = Cm(16)
_DOC_LANG = {"en": "en-GB", "fr": "fr-FR"}
FONT = "Liberation Sans"

# kaleido drives one headless Chromium per process: start it once, and let one image be drawn at a time
# (Streamlit serves every session from threads of the same process).
_kaleido_lock = threading.Lock()
_kaleido_started = False


def chart_png(fig: go.Figure, *, width: int = 780) -> bytes:
    """The figure as a PNG (twice the pixels, for print), drawn by kaleido with the system's Chromium.

    780 px printed 16 cm wide keeps the charts' 13 px labels at about 8 pt on paper.
    """
    global _kaleido_started
    height = int(fig.layout.height or 400)
    with _kaleido_lock:
        try:
            if not _kaleido_started:
                import kaleido

                kaleido.start_sync_server(silence_warnings=True)
                _kaleido_started = True
            with warnings.catch_warnings():
                # plotly warns that per-call browser options are ignored once the server runs: expected.
                warnings.simplefilter("ignore", UserWarning)
                return fig.to_image(format="png", width=width, height=height, scale=2)
        except Exception as exc:  # kaleido raises its own types (no Chromium, a crashed page...)
            raise JtwgError(str(exc), key="error.chart_image", problem=str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


@dataclass
class _Names:
    """Display names for one language."""

    subcommittees: dict[str | None, str]
    delegations: dict[str, str]


def _names(directory: Directory, lang: str, delegation_codes: list[str]) -> _Names:
    subs: dict[str | None, str] = {s.code: s.name.get(lang) for s in directory.subcommittees.values()}
    subs[None] = t("overview.jtwg_wide", lang)
    return _Names(subs, {code: directory.delegation(code, lang) for code in delegation_codes})


# --- styles -------------------------------------------------------------------------------------

def _set_font(style, *, size: float | None = None, bold: bool | None = None, colour: str | None = None,
              italic: bool | None = None) -> None:
    style.font.name = FONT
    # East-Asian and complex-script slots too, or Word falls back to the theme font for some characters.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if colour:
        style.font.color.rgb = RGBColor.from_string(colour)


def _styles(doc: Document) -> None:
    """Named styles the brief is built on, so an organisation can restyle it in Word in one place."""
    styles = doc.styles
    _set_font(styles["Normal"], size=10.5)
    styles["Normal"].paragraph_format.space_after = Pt(4)
    _set_font(styles["Title"], size=22, bold=True, colour="08306B")
    _set_font(styles["Subtitle"], size=12, colour="404040", italic=False)
    _set_font(styles["Heading 1"], size=15, bold=True, colour="08306B")
    styles["Heading 1"].paragraph_format.space_before = Pt(14)
    _set_font(styles["Heading 2"], size=12, bold=True, colour="252525")
    _set_font(styles["Caption"], size=9, italic=True, colour="404040")
    _set_font(styles["List Bullet"], size=10.5)
    for name, size, bold, italic, colour in (
        ("Brief Marking", 9, True, False, "B30000"),
        ("Brief Note", 9.5, False, True, "404040"),
        ("Brief Figure", 10.5, False, False, None),
        ("Brief Table Heading", 9, True, False, None),
        ("Brief Table Text", 9.5, False, False, None),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        _set_font(style, size=size, bold=bold, italic=italic, colour=colour)
        style.paragraph_format.space_after = Pt(2 if name.startswith("Brief Table") else 4)


def _page_setup(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2)


def _page_number(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _lang_run(run, lang: str) -> None:
    """Mark a run's language so Word and LibreOffice check spelling and hyphenate in the right one."""
    rpr = run._r.get_or_add_rPr()
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), _DOC_LANG[lang])
    rpr.append(element)


def _para(doc_or_cell, text: str, style: str, lang: str):
    paragraph = doc_or_cell.add_paragraph(style=style)
    _lang_run(paragraph.add_run(typographic(text, lang)), lang)
    return paragraph


def _table(doc: Document, header: list[str], body: list[list[str]], lang: str, widths: list[float]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].style = doc.styles["Brief Table Heading"]
        _lang_run(cell.paragraphs[0].add_run(text), lang)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "DEEBF7")
        cell._tc.get_or_add_tcPr().append(shading)
    # The heading row repeats on each page a long table runs onto.
    row_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_pr.append(repeat)
    for values in body:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.paragraphs[0].style = doc.styles["Brief Table Text"]
            _lang_run(cell.paragraphs[0].add_run(typographic(text, lang)), lang)
    # Fixed widths in both places Word and LibreOffice read them (the grid and every cell).
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        column.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    doc.add_paragraph()


def _figure(doc: Document, fig: go.Figure, caption: str, lang: str) -> None:
    """The chart as a picture; its title moves to the caption below (read by screen readers, found by search)."""
    fig.update_layout(title=None, margin=dict(t=30))
    doc.add_picture(io.BytesIO(chart_png(fig)), width=CONTENT_WIDTH)
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    doc.inline_shapes[-1]._inline.docPr.set("descr", caption)
    _para(doc, caption, "Caption", lang)


# --- content ------------------------------------------------------------------------------------

def _filters_text(o: Overview, names: _Names, lang: str) -> str:
    delegation = names.delegations.get(o.filters.delegation, o.filters.delegation) if o.filters.delegation \
        else t("overview.all_delegations", lang)
    return t("brief.filters", lang, delegation=delegation, start=format_date(o.period_start, lang),
             end=format_date(o.today, lang))


def _action_text(text, confidential: bool, lang: str) -> str:
    return t("overview.confidential_text", lang) if confidential else text.get(lang)


def _language_part(doc: Document, o: Overview, directory: Directory, group_name: str, lang: str) -> None:
    names = _names(directory, lang, sorted({r["key"] for r in o.overdue_by_delegation} | {o.filters.delegation or ""} - {""}))
    _para(doc, t("brief.marking", lang), "Brief Marking", lang)
    _para(doc, t("brief.title", lang), "Title", lang)
    _para(doc, group_name, "Subtitle", lang)
    _para(doc, t("brief.as_of", lang, date=format_date(o.today, lang)), "Subtitle", lang)
    _para(doc, _filters_text(o, names, lang), "Brief Note", lang)

    _para(doc, t("brief.headline", lang), "Heading 1", lang)
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
    _table(doc, [t("brief.col_figure", lang), t("brief.col_value", lang)],
           [[name, str(value)] for name, value in figures], lang, [12, 4])

    _para(doc, t("overview.progress_heading", lang), "Heading 1", lang)
    _para(doc, t("overview.progress_formula", lang), "Brief Note", lang)
    _table(doc, [t("overview.chart_x", lang), t("overview.col_activities", lang), t("overview.col_completed", lang),
                 t("overview.col_overdue", lang), t("overview.col_without_progress", lang), t("overview.col_progress", lang)],
           [[names.subcommittees.get(r["subcommittee"], r["subcommittee"] or ""), str(r["activities"]), str(r["completed"]),
             str(r["overdue"]), str(r["without_progress"]), charts.percent(r["progress"], lang)] for r in o.progress],
           lang, [4.4, 2.0, 2.1, 1.9, 2.9, 2.7])
    if o.progress:
        _figure(doc, charts.subcommittee_progress(o.progress, names.subcommittees, lang), t("overview.progress_chart", lang), lang)
        _figure(doc, charts.activities_by_subcommittee(o.activities_by_subcommittee, names.subcommittees, lang),
                t("overview.chart_title", lang), lang)

    _para(doc, t("overview.overdue_list", lang), "Heading 1", lang)
    if o.overdue_actions:
        _table(doc, [t("actions.col_code", lang), t("actions.col_action", lang), t("actions.col_owner", lang),
                     t("overview.col_delegation", lang), t("actions.col_due", lang), t("overview.col_days_overdue", lang)],
               [[r["code"], _action_text(r["text"], r["confidential"], lang), r["owner"],
                 names.delegations.get(r["delegation"], r["delegation"]), format_date(r["due_date"], lang, "medium"),
                 str(r["days_overdue"])] for r in o.overdue_actions], lang, [1.5, 5.3, 2.7, 2.2, 2.4, 1.9])
        _figure(doc, charts.overdue_counts(o.overdue_by_owner, {}, t("overview.overdue_by_owner", lang), lang),
                t("overview.overdue_by_owner", lang), lang)
        _figure(doc, charts.overdue_counts(o.overdue_by_delegation, names.delegations, t("overview.overdue_by_delegation", lang), lang),
                t("overview.overdue_by_delegation", lang), lang)
    else:
        _para(doc, t("overview.none_overdue", lang), "Normal", lang)

    _para(doc, t("overview.upcoming_heading", lang, days=30), "Heading 1", lang)
    if o.upcoming:
        _table(doc, [t("actions.col_due", lang), t("overview.col_kind", lang), t("actions.col_code", lang),
                     t("overview.col_what", lang), t("overview.col_responsible", lang)],
               [[format_date(d.due, lang, "medium"), t(f"overview.kind_{d.kind}", lang), d.code,
                 _action_text(d.text, d.confidential, lang), d.responsible] for d in o.upcoming], lang, [2.4, 2.8, 1.5, 6.5, 2.8])
    else:
        _para(doc, t("overview.no_upcoming", lang, days=30), "Normal", lang)

    _para(doc, t("overview.meetings_heading", lang), "Heading 1", lang)
    if o.last_meeting:
        m = o.last_meeting
        _para(doc, t("overview.last_meeting_is", lang, meeting=meeting_name(m, lang)), "Heading 2", lang)
        for dec in o.last_decisions:
            _para(doc, f"{label(dec.decision_type, lang)} — {dec.text.get(lang)}", "List Bullet", lang)
        if not o.last_decisions:
            _para(doc, t("overview.no_decisions", lang), "Normal", lang)
    _para(doc, t("overview.next_meeting", lang), "Heading 2", lang)
    if o.next_meeting:
        _para(doc, meeting_name(o.next_meeting, lang), "Normal", lang)
    else:
        _para(doc, t("overview.no_next_meeting", lang, city=o.next_host_city or "–"), "Normal", lang)

    _para(doc, t("overview.trend_heading", lang), "Heading 1", lang)
    _para(doc, t("overview.trend_rule", lang), "Brief Note", lang)
    _figure(doc, charts.action_trend(o.trend, lang), t("overview.trend_chart", lang), lang)

    _para(doc, t("overview.coverage_heading", lang), "Heading 1", lang)
    _para(doc, t("overview.coverage_rule", lang), "Brief Note", lang)
    if o.coverage:
        _figure(doc, charts.mou_coverage(o.coverage, o.coverage_columns, names.subcommittees, lang),
                t("overview.coverage_chart", lang), lang)
    if o.provisions_without_activity:
        _para(doc, t("overview.provisions_without_activity", lang), "Heading 2", lang)
        for p in o.provisions_without_activity:
            heading = p["heading"].get(lang) if p["heading"] else p["text"].get(lang)
            _para(doc, f"{t('overview.article_short', lang)} {provision_ref(p)} — {heading}", "List Bullet", lang)


def _statuses(o: Overview) -> list[tuple]:
    from jtwg.models import ActivityStatus

    return [(s, o.activity_by_status[s.value]) for s in ActivityStatus if o.activity_by_status.get(s.value)]


def render_brief(cur: Cursor, *, group_id: int, today: date, lang: str, actor: Actor, filters: Filters | None = None) -> bytes:
    """The progress brief as .docx bytes, in English, French or both (English first, French on a new page),
    of what `actor` may read."""
    if lang not in BRIEF_LANGS:
        raise JtwgError(lang, key="error.brief_lang", value=lang)
    o = overview(cur, group_id=group_id, actor=actor, today=today, filters=filters)
    directory = Directory.load(cur, group_id=group_id)
    group = groups.get_group(cur, group_id=group_id)
    doc = Document()
    _styles(doc)
    _page_setup(doc)
    langs = ["en", "fr"] if lang == "both" else [lang]
    footer = doc.sections[0].footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run(" / ".join(t("brief.title", x) for x in langs) + " · " + group.code + " · ")
    _page_number(footer)
    for i, part_lang in enumerate(langs):
        if i:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _language_part(doc, o, directory, group.name.get(part_lang), part_lang)
    doc.core_properties.title = " / ".join(t("brief.title", x) for x in langs)
    doc.core_properties.subject = group.name.get(langs[0])
    doc.core_properties.language = ", ".join(_DOC_LANG[x] for x in langs)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def brief_file_name(group_code: str, today: date, lang: str) -> str:
    return f"progress-brief-{group_code}-{today.isoformat()}-{lang}.docx".replace("/", "-")
