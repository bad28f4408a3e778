"""Real browser: plan the 5th meeting, review matters arising, draft an item, circulate and adopt the 4th's minutes."""

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from tests.support.live import settle


def nav(page, text):
    page.get_by_test_id("stSidebarNavLink").filter(has_text=text).click()
    settle(page)


def section(page, name):
    page.get_by_test_id("stRadio").locator("label").filter(has_text=re.compile(re.escape(name) + "$")).first.click()
    settle(page)


def choose(page, label, option, scope=None):
    box = (scope or page).get_by_role("combobox", name=label, exact=True)
    box.click()
    box.fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    settle(page)


def selected(page, label):
    box = page.get_by_role("combobox", name=label, exact=True)
    return box.input_value() or box.get_attribute("aria-valuetext") or page.get_by_test_id("stSelectbox").filter(has=box).inner_text()


def cells(grid, expected=None, timeout=20):
    """The texts of a dataframe (a canvas whose accessible cells carry the text), once `expected` is among them."""
    deadline = time.monotonic() + timeout
    while True:
        found = grid.evaluate("e => Array.from(e.querySelectorAll('[role=gridcell], td')).map(c => c.textContent)")
        if expected is None or expected in found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def form(page, heading):
    return page.get_by_test_id("stForm").filter(has_text=heading)


def success(page, text):
    try:
        page.get_by_test_id("stAlertContentSuccess").filter(has_text=text).wait_for(timeout=30_000)
    except Exception:
        errors = page.get_by_test_id("stAlertContentError").all_inner_texts()
        page.screenshot(path=str(Path(__file__).resolve().parents[2] / "artifacts" / "e2e-failure.png"))
        raise AssertionError(f"no success message {text!r}; errors shown: {errors}") from None
    settle(page)


def test_plan_draft_circulate_and_adopt(page):
    nav(page, "Meetings")
    page.get_by_test_id("stCheckbox").filter(has_text="Plan a meeting").locator("label").click()
    page.get_by_text("Suggested: meeting no. 5, in Abuja, hosted by NAPTIP").wait_for()
    settle(page)
    plan = form(page, "Plan the meeting")
    plan.get_by_label("Venue", exact=True).fill("NAPTIP Headquarters")
    plan.get_by_role("button", name="Plan the meeting").click()
    success(page, "Meeting no. 5 planned")
    assert re.match(r"5th meeting – .*Abuja", selected(page, "Meeting"))

    # Matters arising: every action of the 4th meeting still open is listed for review.
    section(page, "Matters arising")
    listed = lambda code: page.get_by_test_id("stMarkdownContainer").filter(has_text=f"{code} · ").count()  # noqa: E731
    page.get_by_test_id("stMarkdownContainer").filter(has_text="A4-04 · ").wait_for()   # the last one drawn
    assert all(listed(code) for code in ("A4-02", "A4-03", "A4-04"))
    assert not listed("A4-01") and not listed("A4-05")       # done before the 5th meeting
    review = form(page, "Record the outcome").first
    review.get_by_label("Note (EN)").fill("The donor agreed to consider the request.")
    review.get_by_label("Note (FR)").fill("Le bailleur a accepté d'examiner la demande.")
    review.get_by_role("button", name="Record the outcome").click()
    success(page, "Outcome recorded for A4-02")

    # Agenda: the standard items, then draft the opening item with a decision and an action point.
    section(page, "Agenda")
    page.get_by_text("Standard items to add").click()
    add = page.get_by_role("button", name="Add to the agenda")
    expect(add).to_be_visible()
    settle(page)
    add.click()
    success(page, "Standard items added")
    assert "Adoption of the minutes of the 4th JTWG meeting" in cells(page.locator("[data-testid=stDataFrame]:visible").first, "Adoption of the minutes of the 4th JTWG meeting")
    section(page, "Drafting")
    decision = form(page, "New decision")
    decision.get_by_label("Text (EN)").fill("The agenda of the 5th meeting was adopted.")
    decision.get_by_label("Text (FR)").fill("L'ordre du jour de la 5e réunion a été adopté.")
    decision.get_by_role("button", name="Add the decision").click()
    success(page, "Decision added")
    action = form(page, "New action point")
    action.get_by_label("Text (EN)").fill("ICMPD to share the shelter mapping template with both parties.")
    action.get_by_label("Text (FR)").fill("L'ICMPD communique le modèle de cartographie des centres aux deux parties.")
    choose(page, "Owner", "ICMPD", scope=action)
    action.get_by_role("button", name="Add the action point").click()
    success(page, "it is now tracked on the Action items page")
    assert page.get_by_text("The agenda of the 5th meeting was adopted.").first.is_visible()
    assert page.get_by_test_id("stMarkdownContainer").filter(has_text="A5-01").count()

    # Circulate the 4th meeting's minutes, record both co-chairs' approval, adopt them at the 5th.
    choose(page, "Meeting", "4th meeting")
    section(page, "Versions and adoption")
    page.get_by_role("button", name="Circulate (freeze this version)").click()
    success(page, "this version is frozen")
    approve = page.get_by_role("button", name="Record approval")
    expect(approve).to_have_count(2)
    for remaining in (1, 0):   # one per co-chair
        approve.first.click()
        expect(approve).to_have_count(remaining, timeout=30_000)
        settle(page)
    assert page.get_by_text("approval recorded by").count() == 2
    adopt = form(page, "Record the adoption")
    assert selected(adopt, "Adopted at").startswith("5th meeting")
    adopt.get_by_role("button", name="Record the adoption").click()
    success(page, "The minutes are adopted")
    assert page.get_by_text("Adopted at the 5th meeting").is_visible()

    # The adoption is a decision of the 5th meeting's "adoption of the minutes" item.
    choose(page, "Meeting", "5th meeting")
    section(page, "Minutes")
    expect(page.get_by_text("The minutes of the 4th JTWG meeting (version 1) were adopted unanimously.")).to_be_visible()

    # The new action point is a tracked action item.
    nav(page, "Action items")
    page.get_by_role("heading", name="Action items").wait_for()
    grid = page.get_by_test_id("stDataFrame").first   # the tracker; the bulk editor sits in a tab below
    grid.wait_for()
    found = cells(grid, "A5-01")
    assert "A5-01" in found and "ICMPD to share the shelter mapping template with both parties." in found
    assert page.get_by_test_id("stException").count() == 0
