"""The pages LibreOffice lays out, read page by page with poppler: what a secretariat officer checks before sending.

No page ends with a heading or a day line; every page the action table continues on starts with its header
row; no protected case code is split across lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from jtwg.models import ActionItemCreate, Actor
from jtwg.services.exports import export_minutes
from jtwg.store import actions as action_store
from jtwg.store import meetings as meeting_store
from tests.export.conftest import reopen

ACTOR = Actor(username="layout-test", role="secretariat")
CODE = re.compile(r"NG[-\u2011]VoT[-\u2011]2021[-\u2011]01")
HEADING_STYLES = ("Title", "Heading 1", "Heading 2", "Heading 3", "Minutes Day", "Minutes Day Note", "Minutes Presenter")
EXTRA_ACTIONS = 24   # enough for the action table to run over a page in every language


def _pages(docx: dict[str, bytes], tmp: Path) -> dict[str, list[list[str]]]:
    """Each file's pages as lists of non-empty lines, page header and footer left out."""
    if not shutil.which("soffice") or not shutil.which("pdftotext"):
        pytest.fail("LibreOffice and poppler-utils are needed: run scripts/install-system-deps.sh (make test does)")
    (tmp / "in").mkdir()
    paths = []
    for name, content in docx.items():
        path = tmp / "in" / f"{name}.docx"
        path.write_bytes(content)
        paths.append(str(path))
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp / "out"), *paths], check=True, capture_output=True, timeout=300)
    found = {}
    for name in docx:
        text = subprocess.run(["pdftotext", "-layout", str(tmp / "out" / f"{name}.pdf"), "-"], check=True,
                              capture_output=True, text=True).stdout
        pages = []
        for page in text.split("\f"):
            lines = [line for line in page.splitlines() if line.strip()]
            if not lines:
                continue
            lines = lines[:-1]   # the "Page n of m" footer
            while lines and lines[0].strip().startswith(("Minutes of the 4th JTWG", "Procès-verbal de la 4e")):
                lines = lines[1:]   # the running header (one line per language)
            pages.append(lines)
        found[name] = pages
    return found


def _left(line: str) -> str:
    """The English column of a side-by-side line (or the whole line)."""
    return re.split(r"\s{3,}", line.strip())[0]


def _headings(content: bytes) -> list[str]:
    doc = reopen(content)
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [p.text.replace("\u2011", "-") for p in paragraphs if p.style.name in HEADING_STYLES and p.text.strip()]


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    from jtwg import db, demo
    from jtwg.store import groups
    from tests.conftest import DEMO_DIR

    conn = db.connect(":memory:")
    demo.load_demo(conn, DEMO_DIR)
    meeting_id = meeting_store.meeting_id(conn, group_id=groups.get_group(conn).id, sequence_no=4)
    aob = next(i for i in meeting_store.list_agenda_items(conn, meeting_id=meeting_id) if i.label == "AOB")
    for n in range(EXTRA_ACTIONS):
        action_store.create_action_item(conn, group_id=groups.get_group(conn).id, actor=ACTOR,
                                        agenda_item_id=aob.id, data=ActionItemCreate(
            code=f"T-{n:02d}", owner_acronym="NAPTIP", due_date="2022-06-30", meeting_seq=4,
            text={"en": f"Follow-up task {n} agreed under any other business, with a text long enough to wrap over two lines.",
                  "fr": f"Tâche de suivi {n} convenue au titre des questions diverses, avec un texte assez long pour deux lignes."}))
    docx = {lang: export_minutes(conn, meeting_id=meeting_id, lang=lang, profile="internal", actor=ACTOR).content
            for lang in ("en", "fr", "both")}
    conn.close()
    return docx, _pages(docx, tmp_path_factory.mktemp("layout"))


@pytest.mark.parametrize("lang", ["en", "fr", "both"])
def test_no_page_ends_with_a_heading_or_a_day_line(laid_out, lang):
    docx, pages = laid_out
    headings = _headings(docx[lang])
    assert len(pages[lang]) >= 4
    for number, lines in enumerate(pages[lang][:-1], 1):
        last = _left(lines[-1]).replace("\u2011", "-")
        stranded = [h for h in headings if len(last) > 3 and last in h]
        assert not stranded, f"page {number} of the {lang} export ends with the heading {stranded[0]!r}"


@pytest.mark.parametrize("lang", ["en", "fr", "both"])
def test_every_page_of_the_action_table_starts_with_its_header_row(laid_out, lang):
    docx, pages = laid_out
    header = {"en": "No.", "fr": "N°", "both": "No."}[lang]
    task = {"en": "Follow-up task", "fr": "Tâche de suivi", "both": "Follow-up task"}[lang]
    with_rows = [(i, lines) for i, lines in enumerate(pages[lang], 1) if any(task in line for line in lines)]
    assert len(with_rows) >= 2, "the action table should run over more than one page"
    for number, lines in with_rows[1:]:
        assert lines[0].strip().startswith(header), f"page {number} of the {lang} export continues the table without its header"


@pytest.mark.parametrize("lang", ["en", "fr", "both"])
def test_no_case_code_is_split_across_lines(laid_out, lang):
    _, pages = laid_out
    lines = [line for page in pages[lang] for line in page]
    whole = sum(len(CODE.findall(line)) for line in lines)
    joined = re.sub(r"\s+", "", "".join(lines))
    assert whole >= 2 and whole == len(CODE.findall(joined))
