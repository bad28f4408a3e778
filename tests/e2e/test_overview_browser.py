"""Real browser: the Overview's figures in English and French, a link to a filtered list, the brief downloaded."""

import io

from docx import Document

from tests.support.demo_expectations import expected
from tests.support.live import settle


def metric(page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return box.get_by_test_id("stMetricValue").inner_text().strip()


def test_overview_figures_in_english_then_french(page):
    want = expected()
    page.get_by_role("heading", name="Overview").wait_for()
    assert metric(page, "Activities") == str(want["activities"])
    assert metric(page, "Overdue activities") == str(want["activities_overdue"])
    assert metric(page, "Open action items") == str(want["actions_open"])
    assert metric(page, "Overdue action items") == str(want["actions_overdue"])
    assert page.locator("[data-testid='stPlotlyChart'] .main-svg").count() >= 6
    assert page.get_by_text("How progress is computed").is_visible()

    page.get_by_text("Français", exact=True).click()
    page.get_by_role("heading", name="Vue d'ensemble").wait_for()
    settle(page)
    assert metric(page, "Activités") == str(want["activities"])
    assert metric(page, "Points d'action ouverts") == str(want["actions_open"])
    assert metric(page, "Points d'action en retard") == str(want["actions_overdue"])
    assert page.get_by_text("Mode de calcul de l'avancement").is_visible()
    assert page.get_by_test_id("stAlertContentError").count() == 0


def test_a_figure_leads_to_the_filtered_action_items(page):
    page.get_by_test_id("stPageLink").filter(has_text="Overdue action items").first.click()
    page.wait_for_url("**/actions?overdue=1*")   # the address also says the group (&group=NE-NG)
    settle(page)
    assert page.get_by_role("heading", name="Action items").is_visible()


def test_brief_downloads_from_the_page(page):
    page.get_by_role("button", name="Prepare the brief").click()
    page.get_by_test_id("stDownloadButton").wait_for(timeout=60_000)
    settle(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").locator("button").click()
    download = info.value
    assert download.suggested_filename == "progress-brief-NE-NG-2022-06-15-en.docx"
    doc = Document(io.BytesIO(open(download.path(), "rb").read()))
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == ["Progress brief"]
    assert len(doc.inline_shapes) == 6
