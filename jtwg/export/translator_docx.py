"""A Word file for a translator without an account: a two-column table (source | translation) of a
meeting's texts still to translate or review, each row carrying its id as hidden text; and reading the
filled file back."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from jtwg.errors import InvalidInput
from jtwg.i18n import label, t
from jtwg.models.common import Lang

ID_PREFIX = "jtwg:"


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def build(*, title: str, rows: list[tuple[str, str, str, str]], target: Lang, lang: str) -> bytes:
    """rows: (ref, where, source, current translation). The ref goes in hidden text."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    doc.styles["Normal"].font.name = "Liberation Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(title, level=1)
    doc.add_paragraph(t("translator.instructions", lang, target=label(target, lang)))
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    head = table.rows[0].cells
    for cell, text in zip(head, (t("translator.col_source", lang, lang_name=label(target.other, lang)),
                                 t("translator.col_translation", lang, lang_name=label(target, lang)))):
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "D9E2F3")
    for ref, where, source, current in rows:
        cells = table.add_row().cells
        hidden = cells[0].paragraphs[0].add_run(ID_PREFIX + ref)
        hidden.font.hidden = True
        place = cells[0].paragraphs[0].add_run(where)
        place.italic, place.font.size, place.font.color.rgb = True, Pt(8), RGBColor(0x59, 0x59, 0x59)
        cells[0].add_paragraph(source)
        cells[1].paragraphs[0].add_run(current)
        _shade(cells[0], "F2F2F2")
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(12.5), Cm(12.5)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def read(content: bytes) -> list[tuple[str, str, str]]:
    """(ref, source, translation) of every row with a hidden id; a file without any is refused."""
    try:
        doc = Document(io.BytesIO(content))
    except Exception as exc:  # noqa: BLE001 - not a Word file
        raise InvalidInput([("file", "translation.bad_file", {"kind": "Word"})], key="translation.bad_file",
                           kind="Word") from exc
    found = []
    for table in doc.tables:
        for row in table.rows[1:]:
            cells = row.cells
            if len(cells) < 2:
                continue
            first = cells[0].paragraphs
            ref = "".join(r.text for r in first[0].runs if r.font.hidden) if first else ""
            if not ref.startswith(ID_PREFIX):
                continue
            source = "\n".join(p.text for p in first[1:]).strip()
            translation = "\n".join(p.text for p in cells[1].paragraphs).strip()
            found.append((ref.removeprefix(ID_PREFIX), source, translation))
    if not found:
        raise InvalidInput([("file", "translation.not_our_file", {})], key="translation.not_our_file")
    return found
