"""Fixtures for the Word minutes tests: the demo database, the reference meeting's id, and LibreOffice rendering to PDF text."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from jtwg import db, demo
from jtwg.models import Actor
from jtwg.store import groups, meetings
from tests.conftest import DEMO_DIR


@pytest.fixture
def export_conn():
    c = db.connect(":memory:")
    demo.load_demo(c, DEMO_DIR)
    yield c
    c.close()


@pytest.fixture
def reference_id(export_conn) -> int:
    """The 4th meeting: the published reference minutes."""
    group = groups.get_group(export_conn)
    return meetings.meeting_id(export_conn, group_id=group.id, sequence_no=4)


@pytest.fixture
def secretariat() -> Actor:
    return Actor(username="test-secretariat", role="secretariat")


def reopen(content: bytes):
    return Document(io.BytesIO(content))


NB_HYPHEN = "\u2011"


def all_text(document, *, raw: bool = False) -> str:
    """Every paragraph of the body, tables, headers and footers, in order.

    A non-breaking hyphen (U+2011, which case codes print with) reads as "-", so a scan for a code finds it;
    `raw` keeps the characters as written.
    """
    parts = []
    body = document.element.body
    parts.append("\n".join("".join(t.text or "" for t in p.iter() if t.tag.endswith("}t")) for p in body.iter()
                           if p.tag.endswith("}p")))
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.append("\n".join(p.text for p in part.paragraphs))
    text = "\n".join(parts)
    return text if raw else text.replace(NB_HYPHEN, "-")


def to_pdf_text(files: dict[str, bytes], tmp: Path) -> dict[str, str]:
    """Render .docx files with LibreOffice in one run; return each PDF's text (pdftotext, layout kept)."""
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.fail("LibreOffice and poppler-utils are needed: run scripts/install-system-deps.sh (make test does)")
    src = tmp / "docx"
    out = tmp / "pdf"
    src.mkdir(exist_ok=True)
    out.mkdir(exist_ok=True)
    paths = []
    for name, content in files.items():
        path = src / f"{name}.docx"
        path.write_bytes(content)
        paths.append(str(path))
    profile = tmp / "lo-profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(out), *paths], check=True, capture_output=True, timeout=300)
    texts = {}
    for name in files:
        pdf = out / f"{name}.pdf"
        assert pdf.exists(), f"LibreOffice did not render {name}"
        texts[name] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                     text=True).stdout
    return texts
