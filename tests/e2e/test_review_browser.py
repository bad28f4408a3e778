"""Real browser: review the 5th meeting's translations — apply a memory match in one action, edit and accept a
paragraph, watch the count go down, then export the French minutes and find the reviewed text in them."""

import re
import shutil

import pytest

from tests.support.bilingual import TYPED_FR, prepare
from tests.support.live import download_minutes, running_app, settle, sign_in

CORRECTED = "Les membres ont examiné le mécanisme national de référencement et ont convenu de partager les données chaque trimestre."


@pytest.fixture(scope="module")
def review_url(tmp_path_factory, demo_db_template):
    path = tmp_path_factory.mktemp("review") / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    prepare(path)
    with running_app(path) as url:
        yield url


@pytest.fixture
def sec_page(chromium, review_url):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(review_url + "/")
    settle(page)
    sign_in(page, "sec")
    yield page
    context.close()


def left(page) -> int:
    metric = page.get_by_test_id("stMetric").filter(has_text="Left to review")
    return int(metric.get_by_test_id("stMetricValue").inner_text())


def paragraph(page, text):
    """The bordered block of one paragraph (its container key starts with para_)."""
    return page.locator("[class*='st-key-para_']").filter(has_text=text)


def test_review_apply_edit_accept_and_export(sec_page, tmp_path):
    page = sec_page
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Review translations").click()
    settle(page)
    page.get_by_test_id("stMetric").filter(has_text="Left to review").wait_for()
    before = left(page)
    assert before == 4
    assert page.get_by_text("No translation engine is configured").count() == 1
    # An exact memory match: one action applies and accepts it.
    exact = paragraph(page, "breakout session was one hour.")
    exact.get_by_text("Memory: exact match").wait_for()
    exact.get_by_role("button", name=re.compile("Apply and accept the suggestion")).click()
    page.get_by_text("Suggestion applied and accepted.").wait_for()
    settle(page)
    assert left(page) == before - 1
    # The typed paragraph shows its glossary and spelling findings; edit its French and accept it.
    typed = paragraph(page, "Members reviewed the national referral mechanism")
    typed.get_by_text("Spelling (FR): donées").wait_for()
    assert typed.get_by_text(re.compile("Glossary: the source says")).count() == 1
    typed.get_by_role("button", name=re.compile("^Edit")).click()
    settle(page)
    box = page.get_by_role("textbox", name="FR")
    assert box.input_value() == TYPED_FR
    box.fill(CORRECTED)
    page.get_by_role("button", name=re.compile("Save and accept")).click()
    page.get_by_text("Text saved and accepted.").wait_for()
    settle(page)
    assert left(page) == before - 2
    assert page.get_by_text("Members reviewed the national referral mechanism").count() == 0   # filtered out: reviewed
    assert page.get_by_test_id("stException").count() == 0
    # The French minutes carry the reviewed text.
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Meetings").click()
    settle(page)
    page.get_by_test_id("stRadio").filter(has_text="Language of the document").get_by_text("French", exact=True).click()
    settle(page)
    doc = download_minutes(page, tmp_path, "minutes-NE-NG-05-fr-restricted.docx")
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert CORRECTED in text
    assert "La durée totale des travaux en groupes des sous-comités a été d'une heure." in text
