"""Real browser: nothing before sign-in, pages by role, cookie survives a reload, sign-out."""

from tests.support.live import settle, sign_in


def test_nothing_of_the_group_is_visible_before_sign_in(anonymous_page, live_url):
    page = anonymous_page
    assert page.get_by_role("heading", name="Sign in").is_visible()
    body = page.locator("body").inner_text()
    for secret in ("Niamey", "NAPTIP", "ANLTP", "Noom", "A4-0"):
        assert secret not in body
    assert page.get_by_test_id("stSidebarNavLink").count() == 0
    for path in ("/meetings", "/actions", "/settings", "/audit"):
        page.goto(live_url + path)
        settle(page)
        assert page.get_by_role("heading", name="Sign in").is_visible()
        assert "NAPTIP" not in page.locator("body").inner_text()


def test_wrong_password_is_refused_in_french(anonymous_page):
    page = anonymous_page
    page.get_by_text("Français").click()
    page.get_by_role("heading", name="Connexion").wait_for()
    sign_in_form = page.get_by_test_id("stForm")
    page.get_by_role("textbox", name="Identifiant").fill("sec")
    page.get_by_role("textbox", name="Mot de passe").fill("not the password")
    sign_in_form.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Identifiant ou mot de passe incorrect.").wait_for()


def test_member_sees_only_member_pages_and_no_admin_page_by_url(anonymous_page, live_url):
    page = anonymous_page
    sign_in(page, "member-ip")
    links = [text.split("\n")[-1] for text in page.get_by_test_id("stSidebarNavLink").all_inner_texts()]
    assert "Settings" not in links and "Audit trail" not in links and "Action items" in links
    page.goto(live_url + "/settings")
    settle(page)
    assert not page.get_by_role("heading", name="Settings").is_visible()
    page.goto(live_url + "/audit")
    settle(page)
    assert not page.get_by_role("heading", name="Audit trail").is_visible()
    assert page.get_by_text("Test Member IP").first.is_visible()


def test_session_survives_a_reload_and_ends_with_sign_out(anonymous_page, live_url):
    page = anonymous_page
    sign_in(page, "cochair-ng")
    page.wait_for_timeout(500)   # let the cookie be written
    page.reload()
    settle(page)
    assert page.get_by_role("heading", name="Overview").is_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.wait_for_timeout(500)
    page.reload()
    settle(page)
    assert page.get_by_role("heading", name="Sign in").is_visible()


def test_secretariat_sees_its_own_sign_in_in_the_audit_trail(page):
    page.get_by_test_id("stSidebarNavLink").filter(has_text="Audit trail").click()
    page.get_by_role("heading", name="Audit trail").wait_for()
    settle(page)
    assert page.get_by_test_id("stDataFrame").is_visible()
    assert page.get_by_test_id("stDownloadButton").is_visible()
