"""Real browser: open the app, switch to French, see French labels, open the 4th meeting's minutes."""

from tests.support.live import settle


def nav(page, text):
    page.get_by_test_id("stSidebarNavLink").filter(has_text=text).click()
    settle(page)


def test_switch_to_french_and_open_the_fourth_meeting(page):
    assert page.get_by_role("heading", name="Overview").is_visible()
    page.get_by_text("Français", exact=True).click()
    page.get_by_role("heading", name="Vue d'ensemble").wait_for()
    settle(page)
    assert page.get_by_test_id("stSidebarNavLink").filter(has_text="Réunions").is_visible()
    assert page.get_by_text("Points d'action en retard").first.is_visible()

    nav(page, "Réunions")
    page.get_by_role("heading", name="Procès-verbal de la quatrième réunion").wait_for()
    settle(page)   # the rest of the minutes is still arriving when the heading shows
    assert page.get_by_text("3–4 février 2022").is_visible()
    assert page.get_by_text("Questions diverses").first.is_visible()

    # The choice of language is kept for the session when moving between pages.
    nav(page, "Points d'action")
    page.get_by_role("heading", name="Points d'action").wait_for()
    assert page.get_by_text("Responsable").first.is_visible()


def test_every_page_opens_without_an_error_in_the_browser(page):
    for text in ("Meetings", "Work plan", "Action items", "MoU", "Settings", "Overview"):
        nav(page, text)
        assert page.get_by_test_id("stException").count() == 0
        assert page.get_by_test_id("stAlertContentError").count() == 0
    assert page.locator("[data-testid='stPlotlyChart'] .main-svg").first.is_visible()
