"""Real browser: the secretariat links an activity to a commitment and sees the provision's progress move."""

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


def test_linking_an_activity_raises_the_provision_progress(page):
    page.get_by_test_id("stSidebarNavLink").filter(has_text="MoU").click()
    settle(page)
    article4 = card(page, "Article 4 — Protection and repatriation of victims")
    assert article4.get_by_text("Progress: 30%").is_visible()
    assert card(page, "Article 6 — Exchange of information").get_by_text("No work-plan activity implements").is_visible()

    page.get_by_test_id("stMain").get_by_text("Link work to commitments", exact=True).click()
    settle(page)
    choose(page, "Commitment", "C-4.1")
    choose(page, "To link", "PR-01")
    page.get_by_role("button", name="Link", exact=True).click()
    page.get_by_text("PR-01 is now linked to C-4.1. Article 4: progress 30% → 45%.").wait_for()
    settle(page)
    assert page.get_by_test_id("stException").count() == 0

    page.get_by_test_id("stMain").get_by_text("Provisions and progress", exact=True).click()
    settle(page)
    article4 = card(page, "Article 4 — Protection and repatriation of victims")
    assert article4.get_by_text("Progress: 45%").is_visible()
    assert article4.get_by_text("Mean of linked work: PR-01 60%, PR-02 30%").is_visible()
    assert article4.get_by_text("Activity PR-01").is_visible()
