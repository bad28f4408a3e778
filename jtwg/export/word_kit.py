"""The Word kit shared by the minutes and the progress brief.

One place for what every jtwg Word file has in common: the named styles (defined once, written into the
shipped base document and added to a letterhead that lacks them), fonts, fields (PAGE, NUMPAGES), language
marks, table helpers (repeated header row, shading, cell margins, rows that do not split) and the document
properties. Renderers build on `open_document()` and return `to_bytes()`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from xml.sax.saxutils import escape

from docx import Document

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Arial"          # LibreOffice maps it to the metric-compatible Liberation Sans
NAVY = RGBColor(0x1F, 0x3A, 0x5F)
GREY = RGBColor(0x59, 0x59, 0x59)
RED = RGBColor(0xB0, 0x1E, 0x1E)
ORANGE = RGBColor(0xB3, 0x5C, 0x00)


@dataclass(frozen=True)
class StyleSpec:
    name: str
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    base: str | None = "Normal"
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    small_caps: bool | None = None
    color: RGBColor | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    before: float | None = None
    after: float | None = None
    keep_next: bool | None = None
    left_cm: float | None = None
    hanging_cm: float | None = None
    border: str | None = None     # "bottom", "box" or "left"
    border_color: str = "1F3A5F"
    shading: str | None = None    # hex fill
    right_tab_cm: float | None = None
    new_page: bool | None = None  # starts on a new page (no empty page when the previous one just ended)


# Built-in names (Normal, Title, Heading n, Header, Footer) keep Word's outline and navigation working.
PARAGRAPH_STYLES = [
    StyleSpec("Normal", base=None, size=10.5, after=6),
    StyleSpec("Title", size=16, bold=True, color=NAVY, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=6, keep_next=True),
    StyleSpec("Subtitle", size=12, bold=True, color=NAVY, align=WD_ALIGN_PARAGRAPH.CENTER, after=4, keep_next=True),
    # No paragraph border: LibreOffice lets a bordered heading part from the paragraph it keeps with.
    StyleSpec("Heading 1", size=13, bold=True, color=NAVY, before=14, after=6, keep_next=True),
    # A day of the meeting after the first: a new page, where no day line can be left alone at a page's foot
    # (LibreOffice does not always honour keep-with-next down a chain of headings).
    StyleSpec("Minutes Day", base="Heading 1", new_page=True),
    StyleSpec("Heading 2", size=11, bold=True, color=NAVY, before=10, after=4, keep_next=True),
    StyleSpec("Heading 3", size=10.5, bold=True, italic=True, color=NAVY, before=8, after=3, keep_next=True, left_cm=0.5),
    StyleSpec("Header", size=8.5, color=GREY, after=0, right_tab_cm=16.6),
    StyleSpec("Footer", size=8.5, color=GREY, after=0, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec("Minutes Project", size=10.5, small_caps=True, color=GREY, align=WD_ALIGN_PARAGRAPH.CENTER, after=8),
    StyleSpec("Minutes Meta", size=10, align=WD_ALIGN_PARAGRAPH.CENTER, after=2),
    StyleSpec("Minutes Distribution", size=9, italic=True, color=GREY, align=WD_ALIGN_PARAGRAPH.CENTER, before=4, after=10),
    StyleSpec("Minutes Mark", size=12, bold=True, color=RED, align=WD_ALIGN_PARAGRAPH.CENTER, before=4, after=8,
              border="box", border_color="B01E1E"),
    StyleSpec("Minutes Presenter", size=9.5, italic=True, color=GREY, after=4, keep_next=True),
    StyleSpec("Minutes Decision", size=10.5, left_cm=0.3, before=2, after=6, border="left", shading="EAF0F7"),
    StyleSpec("Minutes Withheld", size=10, italic=True, color=GREY),
    StyleSpec("Minutes Reference", size=9, italic=True, color=GREY, after=4),
    StyleSpec("Minutes Numbered", left_cm=0.8, hanging_cm=0.6, after=3),
    StyleSpec("Minutes Signature", size=10.5, before=24, after=0),
    StyleSpec("Minutes Table Text", size=9, after=0),
    StyleSpec("Minutes Table Heading", size=9, bold=True, color=NAVY, after=0),
    StyleSpec("Minutes Language", size=8.5, bold=True, small_caps=True, color=GREY, after=2),
    StyleSpec("Minutes Table Group", size=9, bold=True, after=0, keep_next=True),
    # A line that belongs to the heading above it (the break-out sessions under a day line): kept with what follows.
    StyleSpec("Minutes Day Note", size=9, italic=True, color=GREY, after=4, keep_next=True),
    # The progress brief.
    StyleSpec("Brief Marking", size=9, bold=True, color=RED, after=4),
    StyleSpec("Brief Note", size=9.5, italic=True, color=GREY, after=4),
    StyleSpec("Caption", size=9, italic=True, color=GREY, after=8),
    StyleSpec("List Bullet", after=3),
]
CHARACTER_STYLES = [
    StyleSpec("Minutes Untranslated", kind=WD_STYLE_TYPE.CHARACTER, base=None, italic=True, color=ORANGE),
    StyleSpec("Minutes Mark Text", kind=WD_STYLE_TYPE.CHARACTER, base=None, bold=True, color=RED),
    StyleSpec("Minutes Label", kind=WD_STYLE_TYPE.CHARACTER, base=None, bold=True),
]
TABLE_STYLE = "Minutes Table"
SIDE_BY_SIDE_STYLE = "Minutes Side by Side"
ALL_NAMES = [s.name for s in PARAGRAPH_STYLES + CHARACTER_STYLES] + [TABLE_STYLE, SIDE_BY_SIDE_STYLE]


def _set_font(style, spec: StyleSpec) -> None:
    font = style.font
    if spec.base is None or spec.name in ("Title", "Subtitle", "Caption") or spec.name.startswith("Heading"):
        font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts is not None and fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
        if fonts is not None:
            fonts.set(qn("w:cs"), FONT)
    if spec.size is not None:
        font.size = Pt(spec.size)
    for attr in ("bold", "italic", "small_caps"):
        value = getattr(spec, attr)
        if value is not None:
            setattr(font, attr, value)
    if spec.color is not None:
        font.color.rgb = spec.color
    elif spec.name in ("Title", "Subtitle", "Caption") or spec.name.startswith("Heading"):
        font.color.rgb = RGBColor(0, 0, 0)


def _border(ppr, where: str, color: str) -> None:
    existing = ppr.find(qn("w:pBdr"))
    if existing is not None:
        ppr.remove(existing)
    bdr = OxmlElement("w:pBdr")
    sides = {"bottom": ["bottom"], "box": ["top", "left", "bottom", "right"], "left": ["left"]}[where]
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "18" if where == "left" else "8")
        el.set(qn("w:space"), "6" if where == "left" else "2")
        el.set(qn("w:color"), color)
        bdr.append(el)
    ppr.append(bdr)


def _shade(ppr, fill: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)


def _apply(style, spec: StyleSpec) -> None:
    _set_font(style, spec)
    if spec.kind is not WD_STYLE_TYPE.PARAGRAPH:
        return
    fmt = style.paragraph_format
    if spec.align is not None:
        fmt.alignment = spec.align
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.keep_next is not None:
        fmt.keep_with_next = spec.keep_next
    if spec.new_page is not None:
        fmt.page_break_before = spec.new_page
    if spec.left_cm is not None:
        fmt.left_indent = Cm(spec.left_cm)
    if spec.hanging_cm is not None:
        fmt.first_line_indent = Cm(-spec.hanging_cm)
    if spec.right_tab_cm is not None:
        fmt.tab_stops.clear_all()
        fmt.tab_stops.add_tab_stop(Cm(spec.right_tab_cm), WD_TAB_ALIGNMENT.RIGHT)
    ppr = style.element.get_or_add_pPr()
    if spec.border:
        _border(ppr, spec.border, spec.border_color)
    if spec.shading:
        _shade(ppr, spec.shading)


def _table_style_xml(doc, name: str, *, grid: bool) -> None:
    """A table style: thin rules (grid) or none (side by side, the column gap parts the languages), cell margins."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    el = style.element
    tblpr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    # Side by side: no rule at all (a centre rule ran up into the space above each heading, a stray line).
    sides = ("top", "left", "bottom", "right", "insideH", "insideV") if grid else ()
    for side in sides:
        b = OxmlElement(f"w:{side}")
        b.set(qn("w:val"), "single")
        b.set(qn("w:sz"), "4")
        b.set(qn("w:space"), "0")
        b.set(qn("w:color"), "8EA3BD" if grid else "BFBFBF")
        borders.append(b)
    tblpr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for side, width in (("top", 40), ("left", 90), ("bottom", 40), ("right", 90)):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(width))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tblpr.append(margins)
    el.append(tblpr)
    if grid:
        first = OxmlElement("w:tblStylePr")
        first.set(qn("w:type"), "firstRow")
        tcpr = OxmlElement("w:tcPr")
        _shade(tcpr, "DCE6F1")
        first.append(tcpr)
        el.append(first)


def ensure_styles(doc, *, overwrite: bool = False) -> list[str]:
    """Add the minutes' named styles `doc` lacks (all of them, redefined, with `overwrite`); return the names added."""
    added = []
    existing = {s.name for s in doc.styles}
    for spec in PARAGRAPH_STYLES + CHARACTER_STYLES:
        if spec.name in existing and not overwrite:
            continue
        if spec.name in existing:
            style = doc.styles[spec.name]
        else:
            style = doc.styles.add_style(spec.name, spec.kind)
            added.append(spec.name)
            if spec.base and spec.kind is WD_STYLE_TYPE.PARAGRAPH:
                style.base_style = doc.styles[spec.base]
        _apply(style, spec)
    for name, grid in ((TABLE_STYLE, True), (SIDE_BY_SIDE_STYLE, False)):
        if name not in existing:
            _table_style_xml(doc, name, grid=grid)
            added.append(name)
    return added


def xml_safe(text: str) -> str:
    """Text Word can store: no control characters (tab and newline kept), lone surrogates or non-characters."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\t\n" or (code >= 0x20 and not 0x7F <= code <= 0x9F and not 0xD800 <= code <= 0xDFFF
                            and code not in (0xFFFE, 0xFFFF)):
            out.append(ch)
        elif ch == "\r":
            out.append("\n")
    return "".join(out)


# -- the base document ---------------------------------------------------------------------------------

WORD_LANG = {"en": "en-GB", "fr": "fr-FR"}
TWIPS_PER_CM = 567
_TWIPS_PER_EMU = 1 / 635


def base_template() -> bytes:
    """The styled base document shipped with jtwg (rebuilt by scripts/build_minutes_template.py)."""
    return (resources.files("jtwg.export") / "templates" / "base.docx").read_bytes()


def open_document(base: bytes | None = None):
    """A python-docx Document on `base` (a letterhead) or the shipped base, with every named style of the kit, body emptied."""
    doc = Document(io.BytesIO(base or base_template()))
    ensure_styles(doc)
    body = doc.element.body
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    return doc


def content_width(doc) -> int:
    """The width between the margins of the last section, in twips."""
    section = doc.sections[-1]
    return int((section.page_width - section.left_margin - section.right_margin) * _TWIPS_PER_EMU)


def set_language(doc, lang: str) -> None:
    """Spelling and hyphenation language of the text: set on the Normal style, which everything inherits."""
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    lang_el = rpr.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr.append(lang_el)
    lang_el.set(qn("w:val"), WORD_LANG[lang])


def _lang_mark(lang: str):
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), WORD_LANG[lang])
    return el


def shade(pr, fill: str) -> None:
    """Fill a cell (tcPr) or a paragraph (pPr) with a solid colour."""
    _shade(pr, fill)


class Builder:
    """Paragraphs, runs, fields and tables built as XML directly on a Document.

    python-docx's per-call style lookups dominate large documents; this keeps one style-id cache and
    appends in order before the body's section properties.
    """

    def __init__(self, doc) -> None:
        self.doc = doc
        self.body = doc.element.body
        self._ids: dict[str, str] = {}

    def style_id(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.doc.styles[name].style_id
        return self._ids[name]

    def append(self, el) -> None:
        sect = self.body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(el)
        else:
            self.body.append(el)

    @staticmethod
    def run(text: str, char_style_id: str | None = None, *, lang: str | None = None):
        text = xml_safe(text)   # every string passes here: names and venues too, not only the cleaned texts
        r = OxmlElement("w:r")
        if char_style_id or lang:
            rpr = OxmlElement("w:rPr")
            if char_style_id:
                rs = OxmlElement("w:rStyle")
                rs.set(qn("w:val"), char_style_id)
                rpr.append(rs)
            if lang:
                rpr.append(_lang_mark(lang))
            r.append(rpr)
        for i, line in enumerate(text.split("\n")):
            if i:
                r.append(OxmlElement("w:br"))
            for j, part in enumerate(line.split("\t")):
                if j:
                    r.append(OxmlElement("w:tab"))
                if part:
                    el = OxmlElement("w:t")
                    el.set(qn("xml:space"), "preserve")
                    el.text = part
                    r.append(el)
        return r

    def para(self, style: str, text: str = "", *, lang: str | None = None, keep_next: bool = False,
             new_page: bool = False):
        """A paragraph of named style `style`; `new_page` starts it on a new page (no empty page when one just ended)."""
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), self.style_id(style))
        ppr.append(ps)
        if keep_next:
            ppr.append(OxmlElement("w:keepNext"))
        if new_page:
            ppr.append(OxmlElement("w:pageBreakBefore"))
        p.append(ppr)
        if text:
            p.append(self.run(text, lang=lang))
        return p

    @staticmethod
    def page_break():
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)
        return p

    @staticmethod
    def field(instruction: str) -> list:
        """The runs of a Word field (PAGE, NUMPAGES…), with "1" shown until the reader updates it."""
        runs = []
        for kind in ("begin", None, "separate", "1", "end"):
            r = OxmlElement("w:r")
            if kind in ("begin", "separate", "end"):
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                r.append(fc)
            elif kind is None:
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = f" {instruction} \\* MERGEFORMAT "
                r.append(it)
            else:
                tx = OxmlElement("w:t")
                tx.text = kind
                r.append(tx)
            runs.append(r)
        return runs

    def with_fields(self, style: str, template: str):
        """A paragraph of `template` where {page} and {pages} become PAGE and NUMPAGES fields."""
        p = self.para(style)
        for piece in re.split(r"\{(page|pages)\}", template):
            if piece == "page":
                p.extend(self.field("PAGE"))
            elif piece == "pages":
                p.extend(self.field("NUMPAGES"))
            elif piece:
                p.append(self.run(piece))
        return p

    def table(self, style: str, widths: list[int], *, center: bool = False):
        tbl = OxmlElement("w:tbl")
        pr = OxmlElement("w:tblPr")
        attrs_list = [("w:tblStyle", {"w:val": self.style_id(style)}),
                      ("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})]
        if center:
            attrs_list.append(("w:jc", {"w:val": "center"}))
        attrs_list += [("w:tblLayout", {"w:type": "fixed"}),
                       ("w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0",
                                      "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"})]
        for tag, attrs in attrs_list:
            el = OxmlElement(tag)
            for k, v in attrs.items():
                el.set(qn(k), v)
            pr.append(el)
        tbl.append(pr)
        grid = OxmlElement("w:tblGrid")
        for w in widths:
            col = OxmlElement("w:gridCol")
            col.set(qn("w:w"), str(w))
            grid.append(col)
        tbl.append(grid)
        return tbl

    @staticmethod
    def row(tbl, cells: list[tuple[int, list, int]], *, header: bool = False, split: bool = False,
            fill: str | None = None) -> None:
        """Append a row of (width, paragraphs, span) cells; a header row repeats on every page, `fill` shades whole cells."""
        tr = OxmlElement("w:tr")
        trpr = OxmlElement("w:trPr")
        if not split:
            trpr.append(OxmlElement("w:cantSplit"))
        if header:
            trpr.append(OxmlElement("w:tblHeader"))
        tr.append(trpr)
        for width, paragraphs, span in cells:
            tc = OxmlElement("w:tc")
            tcpr = OxmlElement("w:tcPr")
            tcw = OxmlElement("w:tcW")
            tcw.set(qn("w:w"), str(width))
            tcw.set(qn("w:type"), "dxa")
            tcpr.append(tcw)
            if span > 1:
                gs = OxmlElement("w:gridSpan")
                gs.set(qn("w:val"), str(span))
                tcpr.append(gs)
            if fill:
                _shade(tcpr, fill)
            tc.append(tcpr)
            for p in paragraphs or [OxmlElement("w:p")]:
                tc.append(p)
            tr.append(tc)
        tbl.append(tr)


# -- document properties -------------------------------------------------------------------------------

_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


def set_properties(doc, *, title: str, subject: str, author: str, langs: tuple[str, ...] | list[str],
                   keywords: str = "", now: datetime | None = None) -> None:
    """Title, subject, author (the secretariat's organisation), language and export time; nothing left from a template."""
    now = (now or datetime.now(timezone.utc)).replace(microsecond=0, tzinfo=None)
    props = doc.core_properties
    props.title = xml_safe(title)[:250]
    props.subject = xml_safe(subject)[:250]
    props.author = props.last_modified_by = xml_safe(author or "")
    props.language = ", ".join(WORD_LANG[lang] for lang in langs)
    props.keywords = keywords
    props.comments = props.category = props.content_status = props.identifier = ""
    props.created = props.modified = now
    props.revision = 1
    doc._jtwg_company = author or ""


def to_bytes(doc) -> bytes:
    """The .docx bytes, without a template's thumbnail and with application properties naming jtwg."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == _THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == _EXTENDED and not rel.is_external:
            company = escape(getattr(doc, "_jtwg_company", ""))
            rel.target_part._blob = (
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                f'<Application>jtwg</Application><Company>{company}</Company><DocSecurity>0</DocSecurity>'
                '</Properties>').encode("utf-8")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
