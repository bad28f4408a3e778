"""The named styles of Word minutes: defined once, written into the shipped base document and added to a letterhead that lacks them."""

from __future__ import annotations

from dataclasses import dataclass

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


# Built-in names (Normal, Title, Heading n, Header, Footer) keep Word's outline and navigation working.
PARAGRAPH_STYLES = [
    StyleSpec("Normal", base=None, size=10.5, after=6),
    StyleSpec("Title", size=16, bold=True, color=NAVY, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=6, keep_next=True),
    StyleSpec("Subtitle", size=12, bold=True, color=NAVY, align=WD_ALIGN_PARAGRAPH.CENTER, after=4, keep_next=True),
    StyleSpec("Heading 1", size=13, bold=True, color=NAVY, before=14, after=6, keep_next=True, border="bottom"),
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
    StyleSpec("Minutes Table Group", size=9, bold=True, after=0, keep_next=True, shading="F2F2F2"),
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
    if spec.base is None or spec.name in ("Title", "Subtitle") or spec.name.startswith("Heading"):
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
    elif spec.name in ("Title", "Subtitle") or spec.name.startswith("Heading"):
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
    """A table style: thin rules (grid) or only a centre rule (side by side), cell margins, header row repeated."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.TABLE)
    el = style.element
    tblpr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    sides = ("top", "left", "bottom", "right", "insideH", "insideV") if grid else ("insideV",)
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
