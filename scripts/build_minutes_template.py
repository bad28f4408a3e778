"""Rebuild jtwg/export/templates/base.docx, the styled base document Word minutes are written on.

    python3 scripts/build_minutes_template.py

The styles themselves are defined in jtwg/export/word_kit.py; change them there and run this again.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.shared import Cm  # noqa: E402

from jtwg.export.word_kit import ensure_styles  # noqa: E402

TARGET = ROOT / "jtwg" / "export" / "templates" / "base.docx"


def build(target: Path = TARGET) -> Path:
    doc = Document()
    ensure_styles(doc, overwrite=True)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)   # A4, as both countries print
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    body = doc.element.body
    for child in list(body):
        if child.tag.endswith("}p") or child.tag.endswith("}tbl"):
            body.remove(child)
    props = doc.core_properties
    props.title, props.author, props.comments = "JTWG minutes", "jtwg", ""
    props.created = props.modified = datetime(2022, 1, 1)
    props.last_modified_by = "jtwg"
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(target)
    return target


if __name__ == "__main__":
    print(build())
