"""Real browser: a victim-like name typed into a discussion paragraph is flagged when saved, and blocks the public export.

The app runs with its name recogniser on (the models load on the first check: the page shows progress).
The name is invented.
"""

import os
import re
import shutil
from contextlib import ExitStack
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.support.live import running_app, settle

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
MODELS_TIMEOUT = 180_000   # the first check loads the English and French pipelines on a busy machine


@pytest.fixture(scope="module")
def live_url(tmp_path_factory, demo_db_template):
    """The app on a fresh copy of the demo, started with the personal-data check's name recogniser on."""
    path = tmp_path_factory.mktemp("e2e-pii") / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    previous = os.environ.get("JTWG_NER")
    with ExitStack() as stack:
        os.environ["JTWG_NER"] = "on"
        try:
            url = stack.enter_context(running_app(path, timeout=120))
        finally:
            os.environ["JTWG_NER"] = previous or "off"
        yield url


def nav(page, text):
    page.get_by_test_id("stSidebarNavLink").filter(has_text=text).click()
    settle(page, timeout=MODELS_TIMEOUT)


def section(page, name):
    page.get_by_test_id("stRadio").locator("label").filter(has_text=re.compile(re.escape(name) + "$")).first.click()
    settle(page, timeout=MODELS_TIMEOUT)


def test_a_victim_like_name_is_flagged_on_saving_and_blocks_the_public_export(page):
    ARTIFACTS.mkdir(exist_ok=True)
    nav(page, "Meetings")
    page.get_by_role("heading", name="Minutes of the Fourth Meeting").wait_for(timeout=MODELS_TIMEOUT)
    settle(page, timeout=MODELS_TIMEOUT)
    section(page, "Drafting")
    box = page.get_by_role("combobox", name="Agenda item to draft", exact=True)
    box.click()
    box.fill("AOB")
    page.get_by_role("option").filter(has_text="AOB").first.click()
    settle(page)
    paragraph = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add the paragraph"))
    # While the item's rerun draws, the previous item's form can still be on the page: wait for one form.
    expect(paragraph).to_have_count(1, timeout=MODELS_TIMEOUT)
    paragraph.get_by_label("Text (EN)").fill("Hauwa Tanko-Mbaye completed her hairdressing training in June.")
    paragraph.get_by_label("Text (FR)").fill("Hauwa Tanko-Mbaye a terminé sa formation de coiffure en juin.")
    paragraph.get_by_role("button", name="Add the paragraph").click()

    # The warning lists each finding located as the minutes print it, the name masked; nothing is saved yet.
    warning = page.get_by_test_id("stAlertContentWarning").filter(has_text="personal-data check found 2 problem(s)")
    warning.wait_for(timeout=MODELS_TIMEOUT)
    settle(page)
    text = warning.inner_text()
    assert "AOB, paragraph 2 (EN): “H… T… M…” looks like the name of a person who is not in the group's directory." in text
    assert "AOB, paragraph 2 (FR)" in text and "Hauwa" not in text
    assert page.get_by_text("Hauwa Tanko-Mbaye completed").count() == 0   # not saved
    warning.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "pii-save-warning-en.png"))

    # The secretariat saves anyway (logged), then the public export is blocked with the finding located.
    page.get_by_role("button", name="Save anyway (logged)").click()
    page.get_by_test_id("stAlertContentSuccess").filter(has_text="Paragraph added.").wait_for(timeout=MODELS_TIMEOUT)
    settle(page)
    section(page, "Minutes")
    page.get_by_test_id("stRadio").locator("label").filter(has_text=re.compile(r"^Public$")).first.click()
    settle(page, timeout=MODELS_TIMEOUT)
    blocked = page.get_by_test_id("stAlertContentError").filter(has_text="The personal-data check blocks this export")
    blocked.wait_for(timeout=MODELS_TIMEOUT)
    shown = blocked.inner_text()
    assert "AOB, paragraph 2 (EN): “H… T… M…” looks like the name of a person who is not in the group's directory." in shown
    assert "Hauwa" not in shown
    assert page.get_by_role("button", name="Prepare the Word file").is_disabled()
    blocked.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "pii-export-blocked-en.png"))
    assert page.get_by_test_id("stException").count() == 0
