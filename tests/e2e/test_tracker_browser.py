"""Real browser: update an action item's status and find it saved after a reload; an import with a bad row changes nothing."""

from __future__ import annotations

import openpyxl

from tests.support.live import settle


def open_actions(page, live_url, query=""):
    page.goto(f"{live_url}/actions{query}")
    settle(page)
    page.get_by_role("heading", name="Action items").wait_for()


def choose(page, label: str, option: str, scope=None) -> None:
    """Open the selectbox labelled `label` (inside `scope`, if given) and click the option starting with `option`."""
    box = (scope or page).get_by_role("combobox", name=label, exact=True).first
    box.click()
    if box.get_attribute("aria-expanded") != "true":   # a click does not always open the list; the keyboard does
        box.press("ArrowDown")
    page.get_by_role("option").filter(has_text=option).first.click()
    settle(page)


def form_status(page) -> str:
    return page.get_by_test_id("stForm").get_by_role("combobox", name="Status", exact=True).input_value()


def test_change_status_reload_and_see_history(page, live_url):
    open_actions(page, live_url)
    choose(page, "Action item", "A4-04")
    form = page.get_by_test_id("stForm")
    choose(page, "Status", "Done", scope=form)
    form.get_by_label("Update note").fill("Mapping report shared with both agencies")
    form.get_by_role("button", name="Save the update").click()
    page.get_by_text("Action item A4-04 saved.").wait_for()
    settle(page)

    page.reload()
    settle(page)
    page.get_by_role("heading", name="Action items").wait_for()
    choose(page, "Action item", "A4-04")
    history = page.get_by_test_id("stTable")
    history.get_by_text("Mapping report shared with both agencies").wait_for()
    row = history.locator("tr").filter(has_text="In progress").filter(has_text="Done").first
    assert row.is_visible()
    assert "sec" in row.inner_text().split()   # the signed-in test account that saved it
    assert form_status(page) == "Done"


def test_import_with_one_bad_row_names_it_and_changes_nothing(page, live_url, tmp_path):
    path = tmp_path / "tracker.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Code", "Status", "Progress (%)", "Update note"])
    sheet.append(["A4-05", "Open", 10, "Reopened"])
    sheet.append(["A4-02", "Done", "lots", "Donor agreed"])
    book.save(path)

    open_actions(page, live_url)
    page.get_by_role("tab", name="Excel: export and import").click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    page.get_by_text('Row 3, column "Progress (%)": "lots" is not a whole number').wait_for()
    settle(page)
    assert page.get_by_text("1 problem(s): nothing will be imported until they are fixed.").is_visible()
    assert page.get_by_role("button", name="Apply the import (2 rows)").is_disabled()

    # Nothing was saved: the good row's item is still done, with no new history entry.
    open_actions(page, live_url)
    choose(page, "Action item", "A4-05")
    assert form_status(page) == "Done"
    assert page.get_by_test_id("stTable").get_by_text("Reopened").count() == 0
