"""Writes a MinutesDocument as a Word file in English, French or side by side, on the shipped base document or a letterhead."""

from __future__ import annotations

import io
import re
from importlib import resources

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from jtwg.export.minutes_doc import Cell, Line, MinutesDocument, PageBreak, TableBlock, xml_safe
from jtwg.export.styles import SIDE_BY_SIDE_STYLE, TABLE_STYLE, ensure_styles
from jtwg.i18n import LANGS, t

LANG_MODES = ("en", "fr", "both")
_TWIPS_PER_EMU = 1 / 635
_WORD_LANG = {"en": "en-GB", "fr": "fr-FR"}
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")
LONG_PARAGRAPH = 600   # characters: about ten lines of a side-by-side column


def base_template() -> bytes:
    """The styled base document shipped with jtwg."""
    return (resources.files("jtwg.export") / "templates" / "base.docx").read_bytes()


class _Writer:
    def __init__(self, doc: MinutesDocument, mode: str, base: bytes | None) -> None:
        if mode not in LANG_MODES:
            raise ValueError(f"unknown language mode: {mode}")
        self.model, self.mode = doc, mode
        self.langs = LANGS if mode == "both" else (mode,)
        self.doc = Document(io.BytesIO(base or base_template()))
        ensure_styles(self.doc)
        self._ids: dict[str, str] = {}
        self._languages_named = False
        self.body = self.doc.element.body
        section = self.doc.sections[-1]
        self.width = int((section.page_width - section.left_margin - section.right_margin) * _TWIPS_PER_EMU)

    # -- low-level XML: built directly, python-docx's per-call style lookups dominate large documents --------
    def style_id(self, name: str) -> str:
        if name not in self._ids:
            self._ids[name] = self.doc.styles[name].style_id
        return self._ids[name]

    @staticmethod
    def _run(text: str, char_style: str | None = None):
        text = xml_safe(text)   # every string passes here: names and venues too, not only the cleaned texts
        r = OxmlElement("w:r")
        if char_style:
            rpr = OxmlElement("w:rPr")
            rs = OxmlElement("w:rStyle")
            rs.set(qn("w:val"), char_style)
            rpr.append(rs)
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

    def para(self, style: str, text: str, *, marker: str | None = None, lead: str | None = None):
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        ps = OxmlElement("w:pStyle")
        ps.set(qn("w:val"), self.style_id(style))
        ppr.append(ps)
        p.append(ppr)
        if lead:
            p.append(self._run(lead, self.style_id("Minutes Label")))
        if marker:
            p.append(self._run(marker + " ", self.style_id("Minutes Untranslated")))
        if text:
            p.append(self._run(text))
        return p

    def _line_para(self, line: Line | Cell, lang: str, style: str):
        marker = t("export.untranslated_marker", lang) if lang in line.untranslated else None
        lead = line.lead[lang] if isinstance(line, Line) and line.lead else None
        return self.para(style, line.text[lang], marker=marker, lead=lead)

    @staticmethod
    def _page_break():
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        br = OxmlElement("w:br")
        br.set(qn("w:type"), "page")
        r.append(br)
        p.append(r)
        return p

    def _table(self, style: str, widths: list[int]):
        tbl = OxmlElement("w:tbl")
        pr = OxmlElement("w:tblPr")
        for tag, attrs in (("w:tblStyle", {"w:val": self.style_id(style)}),
                           ("w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"}),
                           ("w:tblLayout", {"w:type": "fixed"}),
                           ("w:tblLook", {"w:val": "04A0", "w:firstRow": "1", "w:lastRow": "0", "w:firstColumn": "0",
                                          "w:lastColumn": "0", "w:noHBand": "1", "w:noVBand": "1"})):
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
    def _row(tbl, cells: list[tuple[int, list, int]], *, header: bool = False, split: bool = False):
        """Append a row of (width, paragraphs, span) cells; a header row repeats on every page."""
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
            tc.append(tcpr)
            for p in paragraphs or [OxmlElement("w:p")]:
                tc.append(p)
            tr.append(tc)
        tbl.append(tr)

    # -- document parts -------------------------------------------------------------------------------
    def write(self) -> bytes:
        sect = self.body.find(qn("w:sectPr"))
        for child in list(self.body):
            if child is not sect:
                self.body.remove(child)
        self._header_footer()
        self._language()
        out: list = []
        pending: list[Line] = []
        for block in self.model.blocks:
            if isinstance(block, Line) and self.mode == "both":
                pending.append(block)
                continue
            if pending:
                out.append(self._side_by_side(pending))
                pending = []
            if isinstance(block, Line):
                out.append(self._line_para(block, self.mode, block.style))
            elif isinstance(block, TableBlock):
                out.append(self._data_table(block))
                out.append(self.para("Minutes Table Text", ""))   # Word needs a paragraph between tables
            elif isinstance(block, PageBreak):
                out.append(self._page_break())
        if pending:
            out.append(self._side_by_side(pending))
        for el in out:
            if sect is not None:
                sect.addprevious(el)
            else:
                self.body.append(el)
        props = self.doc.core_properties
        props.title = " / ".join(self.model.title[lang] for lang in self.langs)[:250]
        props.language = ", ".join(_WORD_LANG[lang] for lang in self.langs)
        props.keywords = self.model.profile.value
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def _language(self) -> None:
        """Spelling and hyphenation language of the text: set on the Normal style, which everything inherits."""
        rpr = self.doc.styles["Normal"].element.get_or_add_rPr()
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            rpr.append(lang_el)
        lang_el.set(qn("w:val"), _WORD_LANG[self.langs[0]])

    def _field_runs(self, instruction: str) -> list:
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

    def _page_of(self, lang: str):
        p = self.para("Footer", "")
        for piece in _PLACEHOLDER.split(t("export.page_of", lang)):
            if piece == "page":
                p.extend(self._field_runs("PAGE"))
            elif piece == "pages":
                p.extend(self._field_runs("NUMPAGES"))
            elif piece:
                p.append(self._run(piece))
        return p

    def _header_footer(self) -> None:
        marks = []
        if self.model.draft:
            marks.append("export.mark_draft")
        if self.model.profile.value == "internal":
            marks.append("export.mark_confidential")
        for section in self.doc.sections:
            parts = [(section.header, section.footer)]
            if section.different_first_page_header_footer:
                parts.append((None, section.first_page_footer))  # a letterhead's first page keeps its own header
            for header, footer in parts:
                if header is not None:
                    header.is_linked_to_previous = False
                    hdr = header._element
                    self._drop_empty(hdr)
                    for i, lang in enumerate(self.langs):
                        p = self.para("Header", self.model.header[lang])
                        if i == 0 and marks:
                            p.append(self._run("\t"))
                            p.append(self._run(" · ".join(t(k, lang) for k in marks) if self.mode != "both" else
                                               " · ".join(" / ".join(t(k, x) for x in LANGS) for k in marks),
                                               self.style_id("Minutes Mark Text")))
                        hdr.append(p)
                footer.is_linked_to_previous = False
                ftr = footer._element
                self._drop_empty(ftr)
                if self.mode == "both":
                    p = self._page_of("en")
                    p.append(self._run("   ·   "))
                    p.extend(list(self._page_of("fr"))[1:])   # skip the second paragraph's pPr
                    ftr.append(p)
                else:
                    ftr.append(self._page_of(self.mode))

    @staticmethod
    def _drop_empty(part) -> None:
        """Remove the base document's empty paragraphs from a header or footer, keep its letterhead content."""
        for p in part.findall(qn("w:p")):
            if not "".join(p.itertext()).strip() and p.find(".//" + qn("w:drawing")) is None and p.find(".//" + qn("w:pict")) is None:
                part.remove(p)

    def _side_by_side(self, lines: list[Line]):
        """Paragraph by paragraph, English left and French right: one table row per paragraph keeps them level."""
        half = self.width // 2
        tbl = self._table(SIDE_BY_SIDE_STYLE, [half, self.width - half])
        if not self._languages_named:
            self._row(tbl, [(half, [self.para("Minutes Language", "English")], 1),
                            (self.width - half, [self.para("Minutes Language", "Français")], 1)], header=True)
            self._languages_named = True
        for line in lines:
            # A long paragraph may break across pages (or it would leave half a page empty); a short one stays whole.
            long = max(len(line.text["en"]), len(line.text["fr"])) > LONG_PARAGRAPH
            self._row(tbl, [(half, [self._line_para(line, "en", line.style)], 1),
                            (self.width - half, [self._line_para(line, "fr", line.style)], 1)], split=long)
        return tbl

    def _data_table(self, block: TableBlock):
        columns = []   # (header text, width in cm or None to share the rest, cell index, how to read a cell)
        for i, col in enumerate(block.columns):
            if self.mode == "both" and col.split:
                columns.append((col.header["en"] + " (EN)", None, i, "en"))
                columns.append((col.header["fr"] + " (FR)", None, i, "fr"))
            elif self.mode == "both":
                en, fr = col.header["en"], col.header["fr"]
                header = en if en == fr or col.width_cm < 1.5 else f"{en} / {fr}"
                columns.append((header, col.width_cm, i, "both"))
            else:
                columns.append((col.header[self.mode], None if col.split else col.width_cm, i, self.mode))
        fixed = sum(c[1] for c in columns if c[1] is not None)
        flexible = [c for c in columns if c[1] is None]
        share = max(self.width - int(fixed * 567), 567 * 2 * max(len(flexible), 1)) // max(len(flexible), 1)
        widths = [share if c[1] is None else int(c[1] * 567) for c in columns]
        if sum(widths) > self.width:   # a narrow letterhead: scale every column down
            widths = [w * self.width // sum(widths) for w in widths]
        tbl = self._table(TABLE_STYLE, widths)
        self._row(tbl, [(w, [self.para("Minutes Table Heading", c[0])], 1) for w, c in zip(widths, columns)], header=True)
        for row in block.rows:
            if isinstance(row, Cell):
                text = self._cell_text(row, "both" if self.mode == "both" else self.mode).replace(" /\n", " / ")
                self._row(tbl, [(sum(widths), [self.para("Minutes Table Group", text)], len(widths))])
                continue
            cells = []
            for w, (_, _, index, read) in zip(widths, columns):
                cell = row[index]
                if read == "both":
                    cells.append((w, [self.para("Minutes Table Text", self._cell_text(cell, "both"))], 1))
                else:
                    cells.append((w, [self._line_para(cell, read, "Minutes Table Text")], 1))
            self._row(tbl, cells)
        return tbl

    @staticmethod
    def _cell_text(cell: Cell, read: str) -> str:
        if read != "both":
            return cell.text[read]
        if cell.both is not None:
            return cell.both
        en, fr = cell.text["en"], cell.text["fr"]
        return en if en == fr else f"{en} /\n{fr}"


def render_minutes_docx(doc: MinutesDocument, lang: str, *, base: bytes | None = None) -> bytes:
    """The .docx bytes of `doc` in `lang` ("en", "fr" or "both" side by side), on `base` or the shipped base document."""
    return _Writer(doc, lang, base).write()
