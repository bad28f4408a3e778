"""Writes a MinutesDocument as a Word file in English, French or side by side, on the shipped base document or a letterhead."""

from __future__ import annotations

from docx.oxml.ns import qn

from dataclasses import replace

from jtwg.export.minutes_doc import Cell, Line, MinutesDocument, PageBreak, TableBlock
from jtwg.export.word_kit import (
    SIDE_BY_SIDE_STYLE, TABLE_STYLE, TWIPS_PER_CM, Builder, content_width, open_document, set_language, set_properties,
    to_bytes,
)
from jtwg.i18n import LANGS, t
from jtwg.services.redaction import CASE_CODE, NB_HYPHEN

LANG_MODES = ("en", "fr", "both")
LONG_PARAGRAPH = 600   # characters: about ten lines of a side-by-side column
GROUP_FILL = "F2F2F2"  # a delegation's row in the attendance annex


class _Writer(Builder):
    def __init__(self, doc: MinutesDocument, mode: str, base: bytes | None) -> None:
        if mode not in LANG_MODES:
            raise ValueError(f"unknown language mode: {mode}")
        self.model, self.mode = doc, mode
        self.langs = LANGS if mode == "both" else (mode,)
        super().__init__(open_document(base))
        self._languages_named = False
        self.width = content_width(self.doc)

    def para(self, style: str, text: str = "", *, marker: str | None = None, lead: str | None = None,
             keep_next: bool = False):
        p = super().para(style, keep_next=keep_next)
        if lead:
            p.append(self.run(lead, self.style_id("Minutes Label")))
        if marker:
            p.append(self.run(marker + " ", self.style_id("Minutes Untranslated")))
        if text:
            p.append(self.run(text))
        return p

    @staticmethod
    def run(text: str, char_style_id: str | None = None, *, lang: str | None = None):
        # A case code never breaks at its hyphens: "NG‑VoT‑2021‑01" with non-breaking hyphens.
        return Builder.run(CASE_CODE.sub(lambda m: m.group(0).replace("-", NB_HYPHEN), text), char_style_id, lang=lang)

    def _line_para(self, line: Line | Cell, lang: str, style: str):
        marker = t("export.untranslated_marker", lang) if lang in line.untranslated else None
        lead = line.lead[lang] if isinstance(line, Line) and line.lead else None
        return self.para(style, line.text[lang], marker=marker, lead=lead,
                         keep_next=isinstance(line, Line) and line.keep_next)

    # -- document parts -------------------------------------------------------------------------------
    def write(self) -> bytes:
        self._header_footer()
        set_language(self.doc, self.langs[0])
        out: list = []
        pending: list[Line] = []
        for block in self.model.blocks:
            if isinstance(block, Line) and self.mode == "both" and block.style == "Minutes Day":
                # A table row cannot start a page: end the table, break the page, go on with a plain heading.
                if pending:
                    out.append(self._side_by_side(pending))
                    pending = []
                out.append(self.page_break())
                block = replace(block, style="Heading 1")
            if isinstance(block, Line) and self.mode == "both":
                pending.append(block)
                continue
            if pending:
                out.append(self._side_by_side(pending))
                pending = []
                if isinstance(block, TableBlock):
                    # Two tables in a row are one table to Word and LibreOffice: the data table's header row
                    # would no longer be its first row, and would not repeat on the pages it runs over.
                    out.append(self.para("Minutes Table Text"))
            if isinstance(block, Line):
                out.append(self._line_para(block, self.mode, block.style))
            elif isinstance(block, TableBlock):
                out.append(self._data_table(block))
                out.append(self.para("Minutes Table Text", ""))   # Word needs a paragraph between tables
            elif isinstance(block, PageBreak):
                out.append(self.page_break())
        if pending:
            out.append(self._side_by_side(pending))
        for el in out:
            self.append(el)
        m = self.model
        set_properties(self.doc, title=" / ".join(m.title[lang] for lang in self.langs),
                       subject=" / ".join(m.subject[lang] for lang in self.langs), author=m.author,
                       langs=self.langs, keywords=m.profile.value)
        return to_bytes(self.doc)

    def _page_of(self, lang: str):
        return self.with_fields("Footer", t("export.page_of", lang))

    def _header_footer(self) -> None:
        marks = self.model.marks
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
                            p.append(self.run("\t"))
                            p.append(self.run(" · ".join(t(k, lang) for k in marks) if self.mode != "both" else
                                               " · ".join(" / ".join(t(k, x) for x in LANGS) for k in marks),
                                               self.style_id("Minutes Mark Text")))
                        hdr.append(p)
                footer.is_linked_to_previous = False
                ftr = footer._element
                self._drop_empty(ftr)
                if self.mode == "both":
                    p = self._page_of("en")
                    p.append(self.run("   ·   "))
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
        tbl = self.table(SIDE_BY_SIDE_STYLE, [half, self.width - half])
        if not self._languages_named:
            self.row(tbl, [(half, [self.para("Minutes Language", "English")], 1),
                            (self.width - half, [self.para("Minutes Language", "Français")], 1)], header=True)
            self._languages_named = True
        for line in lines:
            # A long paragraph may break across pages (or it would leave half a page empty); a short one stays whole.
            long = max(len(line.text["en"]), len(line.text["fr"])) > LONG_PARAGRAPH
            self.row(tbl, [(half, [self._line_para(line, "en", line.style)], 1),
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
        share = max(self.width - int(fixed * TWIPS_PER_CM), TWIPS_PER_CM * 2 * max(len(flexible), 1)) // max(len(flexible), 1)
        widths = [share if c[1] is None else int(c[1] * TWIPS_PER_CM) for c in columns]
        if sum(widths) > self.width:   # a narrow letterhead: scale every column down
            widths = [w * self.width // sum(widths) for w in widths]
        tbl = self.table(TABLE_STYLE, widths)
        self.row(tbl, [(w, [self.para("Minutes Table Heading", c[0])], 1) for w, c in zip(widths, columns)], header=True)
        for row in block.rows:
            if isinstance(row, Cell):
                text = self._cell_text(row, "both" if self.mode == "both" else self.mode).replace(" /\n", " / ")
                self.row(tbl, [(sum(widths), [self.para("Minutes Table Group", text)], len(widths))], fill=GROUP_FILL)
                continue
            cells = []
            for w, (_, _, index, read) in zip(widths, columns):
                cell = row[index]
                if read == "both":
                    cells.append((w, [self.para("Minutes Table Text", self._cell_text(cell, "both"))], 1))
                else:
                    cells.append((w, [self._line_para(cell, read, "Minutes Table Text")], 1))
            self.row(tbl, cells)
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
