"""Real browser: importing an MoU workbook with one bad row names that row and saves nothing, not even the good rows."""

from __future__ import annotations

import openpyxl
from playwright.sync_api import expect

from tests.support.live import settle


def card(page, title: str):
    return page.locator("[class*='st-key-mou_card_']").filter(has=page.get_by_role("heading", name=title))


def open_mou(page):
    page.get_by_test_id("stSidebarNavLink").filter(has_text="MoU").click()
    expect(card(page, "Article 6 — Exchange of information").get_by_text("Progress: 0%")).to_be_visible(timeout=30_000)
    settle(page)


def view(page, name: str) -> None:
    page.get_by_test_id("stMain").get_by_text(name, exact=True).click()
    settle(page)


def test_import_with_one_bad_row_names_it_and_changes_nothing(page, tmp_path):
    path = tmp_path / "mou.xlsx"
    book = openpyxl.Workbook()
    provisions = book.active
    provisions.title = "Provisions"
    provisions.append(["Article", "Heading (EN)", "Text (EN)"])
    provisions.append(["9", "Review", "The Parties review this Memorandum every two years."])
    commitments = book.create_sheet("Commitments")
    commitments.append(["Code", "Status", "Rating (red/amber/green)", "Activities (codes)"])
    commitments.append(["C-6.1", "In progress", "Red", "IP-02"])          # good: C-6.1 already has a reason for red
    commitments.append(["C-4.1", "In progress", "Amber", "PR-02, ZZ-99"])  # bad: no reason for amber, unknown activity
    book.save(path)

    open_mou(page)
    view(page, "Excel: export and import")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    page.get_by_text('Sheet "Commitments", row 3, column "Activities (codes)": unknown activity code "ZZ-99"').wait_for(timeout=30_000)
    settle(page)
    assert page.get_by_text('Sheet "Commitments", row 3, column "Reason for the rating (EN)": '
                            'a red or amber rating needs a reason').is_visible()
    assert page.get_by_text("2 problem(s): nothing will be imported until they are fixed.").is_visible()
    assert page.get_by_role("button", name="Apply the import (3 rows)").is_disabled()
    assert page.get_by_test_id("stException").count() == 0

    # Nothing was saved: a fresh page still shows Article 6 untouched and no Article 9.
    page.reload()
    settle(page)
    open_mou(page)
    article6 = card(page, "Article 6 — Exchange of information")
    expect(article6.get_by_text("No work-plan activity implements this provision yet.")).to_be_visible()
    expect(card(page, "Article 4 — Protection and repatriation of victims").get_by_text("Progress: 30%")).to_be_visible()
    assert page.get_by_role("heading", name="Article 9 — Review").count() == 0
