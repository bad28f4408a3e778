"""The Word progress brief: reopened with python-docx, and rendered to pages by LibreOffice."""

import io
import shutil
import subprocess
from datetime import date

import pytest
from docx import Document

from jtwg.errors import JtwgError
from jtwg.export.brief import render_brief
from jtwg.i18n import NBSP
from jtwg.models import Actor
from jtwg.services.overview import Filters
from tests.support.demo_expectations import expected

TODAY = date(2022, 6, 15)
READER = Actor(username="test-reader", role="secretariat")
CHARTS_PER_LANGUAGE = 6   # progress, activities by status, overdue by owner, by delegation, trend, MoU coverage


def figures_table(doc) -> dict[str, str]:
    """The headline-figures table of the first language part: name -> value."""
    return {row.cells[0].text.strip(): row.cells[1].text for row in doc.tables[0].rows[1:]}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The bilingual brief of the demo group, built once for the module."""
    from jtwg import db, demo
    from tests.conftest import DEMO_DIR

    conn = db.connect(":memory:")
    demo.load_demo(conn, DEMO_DIR)
    data = render_brief(conn, group_id=1, actor=READER, today=TODAY, lang="both")
    conn.close()
    path = tmp_path_factory.mktemp("brief") / "brief.docx"
    path.write_bytes(data)
    return path


def test_bilingual_brief_has_both_parts_with_the_demo_figures(both):
    doc = Document(str(both))
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["Progress brief", "Note d'avancement"]
    want = expected()
    en = figures_table(doc)
    assert en["Activities"] == str(want["activities"])
    assert en["Overdue activities"] == str(want["activities_overdue"])
    assert en["Open action items"] == str(want["actions_open"])
    assert en["Overdue action items"] == str(want["actions_overdue"])
    assert en["MoU provisions with no activity"] == f"{want['provisions_needing_activity']} / {want['provisions']}"
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "Overdue action items" in headings and "Points d'action en retard" in headings
    assert f"Échéances des 30{NBSP}prochains jours" in headings or "Échéances des 30 prochains jours" in headings
    # The overdue list and the next deadlines, in each language.
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert cells.count("A4-04") == 2 and cells.count("C-6.1") == 2
    assert any(c.startswith("L'ANLTP/TIM et la NAPTIP cartographient") for c in cells)
    assert len(doc.inline_shapes) == 2 * CHARTS_PER_LANGUAGE
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "How progress is computed" in text and "Mode de calcul de l'avancement" in text
    assert f"Situation au 15{NBSP}juin 2022" in text or "Situation au 15 juin 2022" in text
    # Built on named styles an organisation can restyle in Word.
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Brief Note", "Brief Marking", "Caption", "List Bullet"} <= used


def test_one_language_and_a_delegation_filter(demo_conn, group):
    doc = Document(io.BytesIO(render_brief(demo_conn, group_id=group.id, actor=READER, today=TODAY, lang="fr",
                                           filters=Filters(delegation="NG", period="quarter"))))
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["Note d'avancement"]
    fr = figures_table(doc)
    assert fr["Activités"] == str(expected("NG")["activities"])
    assert fr["Points d'action en retard"] == "0"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"Délégation{NBSP}: Nigeria" in text and "Aucun point d'action en retard." in text
    assert "1 avril 2022" in text.replace(NBSP, " ")   # the quarter's period


def test_confidential_action_text_is_withheld(demo_conn, group):
    demo_conn.execute("UPDATE action_item SET confidentiality = 'confidential' WHERE code = 'A4-04'")
    doc = Document(io.BytesIO(render_brief(demo_conn, group_id=group.id, actor=READER, today=TODAY, lang="en")))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "[confidential content]" in cells
    assert not any("map shelter capacity" in c for c in cells)


def test_unknown_language_is_refused(demo_conn, group):
    with pytest.raises(JtwgError) as err:
        render_brief(demo_conn, group_id=group.id, actor=READER, today=TODAY, lang="de")
    assert "de" in err.value.message("en")


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftoppm"), reason="LibreOffice and poppler render the pages")
def test_libreoffice_renders_the_brief_to_pages(both, tmp_path):
    profile = tmp_path / "profile"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(both)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "brief.pdf"
    assert pdf.exists() and pdf.stat().st_size > 50_000
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 4   # each language part runs over several pages
    from PIL import Image

    for page in pages:
        with Image.open(page) as image:
            extrema = image.convert("L").getextrema()
        assert extrema[0] < 100, f"{page.name} is blank"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Progress brief" in text and "Note d'avancement" in text


def test_brief_document_properties(demo_conn, group):
    from datetime import datetime, timedelta, timezone

    before = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0) - timedelta(seconds=1)
    content = render_brief(demo_conn, actor=READER, group_id=group.id, today=TODAY, lang="fr")
    props = Document(io.BytesIO(content)).core_properties
    assert props.title == "Note d'avancement" and props.language == "fr-FR"
    assert props.subject == group.name.fr
    assert props.author == "Centre international pour le développement des politiques migratoires (ICMPD)"
    assert props.created.replace(tzinfo=None) >= before and props.modified.replace(tzinfo=None) >= before
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert not any("thumbnail" in name for name in archive.namelist())
        assert "Microsoft" not in archive.read("docProps/app.xml").decode()
