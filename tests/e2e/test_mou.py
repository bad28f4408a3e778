"""Real browser: the secretariat links an activity to a commitment and sees the provision's progress move."""

from playwright.sync_api import expect

from tests.support.live import settle


def choose(page, label: str, typed: str) -> None:
    """Pick an option of a Streamlit selectbox by typing part of its text."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label)
    box.locator("input").click()
    page.keyboard.type(typed)
    page.get_by_role("option").filter(has_text=typed).first.click()
    settle(page)


def card(page, title: str):
    return page.locator("[class*='st-key-mou_card_']").filter(has=page.get_by_role("heading", name=title))


def view(page, name: str) -> None:
    page.get_by_test_id("stMain").get_by_text(name, exact=True).click()
    settle(page)


def test_linking_an_activity_raises_the_provision_progress(page):
    page.get_by_test_id("stSidebarNavLink").filter(has_text="MoU").click()
    # Wait for what the page should show first: right after a click the app may still report "not running".
    article4 = card(page, "Article 4 — Protection and repatriation of victims")
    expect(article4.get_by_text("Progress: 30%")).to_be_visible(timeout=30_000)
    settle(page)
    expect(card(page, "Article 6 — Exchange of information").get_by_text("No work-plan activity implements")).to_be_visible()

    view(page, "Link work to commitments")
    expect(page.get_by_text("Linked now")).to_be_visible(timeout=30_000)
    choose(page, "Commitment", "C-4.1")
    choose(page, "To link", "PR-01")
    page.get_by_role("button", name="Link", exact=True).click()
    expect(page.get_by_text("PR-01 is now linked to C-4.1. Article 4: progress 30% → 45%.")).to_be_visible(timeout=30_000)
    settle(page)
    assert page.get_by_test_id("stException").count() == 0

    view(page, "Provisions and progress")
    article4 = card(page, "Article 4 — Protection and repatriation of victims")
    expect(article4.get_by_text("Progress: 45%")).to_be_visible(timeout=30_000)
    expect(article4.get_by_text("Mean of linked work: PR-01 60%, PR-02 30%")).to_be_visible()
    expect(article4.get_by_text("Activity PR-01")).to_be_visible()
