"""Live: the session cookie is set and deleted by the server (HttpOnly, SameSite=Strict), through one-time tickets.

A fresh `streamlit run server.py` on its own copy of the demo database, driven by Debian's Chromium.
"""

from __future__ import annotations

import http.client
import shutil
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest

from jtwg import db
from jtwg.config import cookie_secret, load_settings
from jtwg.services import auth
from tests.support.live import running_app, settle, sign_in
from tests.support.users import PASSWORD

COOKIE = "jtwg_session"
TICKET_REFUSED = "This sign-in link has expired or was already used: please sign in again."


def expired_ticket(path) -> str:
    """A genuine ticket of a live token, issued more than TICKET_SECONDS ago."""
    conn = db.connect(path)
    try:
        then = datetime.now() - timedelta(seconds=auth.TICKET_SECONDS + 5)
        token = auth.issue_token(conn, user=auth.get_user(conn, username="member-ip"),
                                 secret=cookie_secret(load_settings()), now=then, hours=8)
        return auth.issue_ticket(conn, token_id=auth.token_id(token, secret=cookie_secret(load_settings()), now=then),
                                 now=then)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory, demo_db_template):
    path = tmp_path_factory.mktemp("cookie") / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    old = expired_ticket(path)
    with running_app(path) as url:
        yield url, old


def session_cookies(context) -> list[dict]:
    return [c for c in context.cookies() if c["name"] == COOKIE]


def no_traceback(page) -> None:
    assert page.get_by_test_id("stException").count() == 0
    assert "Traceback" not in page.content()


def test_sign_in_sets_an_http_only_strict_cookie_that_page_scripts_cannot_read(chromium, app):
    url, _ = app
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    tickets = []
    page.on("request", lambda r: tickets.append(r.url) if "/session/start" in r.url else None)
    page.goto(url + "/")
    settle(page)
    sign_in(page, "cochair-ng")
    page.get_by_role("heading", name="Overview").wait_for()
    [cookie] = session_cookies(context)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["secure"] is False   # plain http on 127.0.0.1
    assert cookie["path"] == "/"
    assert cookie["expires"] > datetime.now().timestamp() + 7 * 3600   # the session's 8 hours
    assert COOKIE not in page.evaluate("document.cookie")
    assert cookie["value"] not in page.evaluate("document.cookie")
    assert len(tickets) == 1 and cookie["value"] not in tickets[0]   # the address carries a ticket, not the token
    assert urlsplit(page.url).path == "/" or urlsplit(page.url).path.startswith("/overview")

    page.reload()
    settle(page)
    assert page.get_by_role("heading", name="Overview").is_visible()   # still signed in after a reload

    # A link from another site (an e-mail read in a web mail): SameSite=Strict keeps the cookie off that first
    # request, but the page's own websocket carries it, so the user is still signed in.
    page.route("http://mail.example.test/**", lambda route: route.fulfill(
        content_type="text/html", body=f'<a id="go" href="{url}/actions">Open the action items</a>'))
    page.goto("http://mail.example.test/inbox")
    page.click("#go")
    page.wait_for_url(f"{url}/actions*")
    settle(page)
    page.get_by_role("heading", name="Action items").wait_for()

    # The same ticket a second time (a copied address, a replay): refused clearly, no cookie for that browser.
    other = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        replay = other.new_page()
        replay.goto(tickets[0])
        settle(replay)
        replay.get_by_role("heading", name="Sign in").wait_for()
        assert replay.get_by_text(TICKET_REFUSED).is_visible()
        assert session_cookies(other) == []
        no_traceback(replay)
    finally:
        other.close()

    token = cookie["value"]
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    settle(page)
    assert page.get_by_text("You are signed out.").is_visible()
    assert session_cookies(context) == []   # deleted by the server's answer to /session/end
    context.close()

    copied = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        copied.add_cookies([{"name": COOKIE, "value": token, "url": url}])
        again = copied.new_page()
        again.goto(url + "/overview")
        settle(again)
        assert again.get_by_role("heading", name="Sign in").is_visible()   # the old token is refused
        assert not again.get_by_role("heading", name="Overview").is_visible()
    finally:
        copied.close()


def test_an_expired_ticket_is_refused_clearly(chromium, app):
    url, old = app
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{url}/session/start?ticket={old}")
        settle(page)
        page.get_by_role("heading", name="Sign in").wait_for()
        assert page.get_by_text(TICKET_REFUSED).is_visible()
        assert session_cookies(context) == []
        no_traceback(page)
        page.goto(f"{url}/session/start?ticket=not-a-ticket&lang=fr")   # garbage, in French
        settle(page)
        page.get_by_role("heading", name="Connexion").wait_for()
        assert page.get_by_text("Ce lien de connexion a expiré ou a déjà servi\u00a0: veuillez vous reconnecter.").is_visible()
        no_traceback(page)
    finally:
        context.close()


def test_french_stays_french_through_sign_in(chromium, app):
    url, _ = app
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(url + "/")
        settle(page)
        page.get_by_test_id("stSidebar").get_by_text("Français").click()
        settle(page)
        page.get_by_role("heading", name="Connexion").wait_for()
        form = page.get_by_test_id("stForm")
        form.locator("input[type=text]").fill("member-ip")
        form.locator("input[type=password]").fill(PASSWORD)
        with page.expect_response(lambda r: "/session/start" in r.url):
            form.get_by_test_id("stFormSubmitButton").locator("button").click()
        page.get_by_test_id("stSidebarNavLink").first.wait_for()
        settle(page)
        assert page.get_by_role("button", name="Se déconnecter").is_visible()
        page.get_by_role("button", name="Se déconnecter").click()
        page.get_by_role("heading", name="Connexion").wait_for()
        settle(page)
        assert page.get_by_text("Vous êtes déconnecté(e).").is_visible()
    finally:
        context.close()


def test_the_cookie_is_secure_behind_an_https_proxy(chromium, app):
    """A proxy ending TLS says so with X-Forwarded-Proto: the cookie then carries Secure."""
    url, _ = app
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    captured = []

    def hold(route):   # keep the ticket for the proxy's request below instead of letting the browser use it
        captured.append(route.request.url)
        route.abort()

    try:
        page = context.new_page()
        page.route("**/session/start*", hold)
        page.goto(url + "/")
        settle(page)
        form = page.get_by_test_id("stForm")
        form.locator("input[type=text]").fill("member-ip")
        form.locator("input[type=password]").fill(PASSWORD)
        form.get_by_test_id("stFormSubmitButton").locator("button").click()
        page.wait_for_function("() => true")
        for _ in range(100):
            if captured:
                break
            page.wait_for_timeout(100)
    finally:
        context.close()
    [ticket_url] = captured
    parts = urlsplit(ticket_url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", f"{parts.path}?{parts.query}", headers={"X-Forwarded-Proto": "https"})
        answer = conn.getresponse()
        set_cookie = answer.getheader("set-cookie")
        assert answer.status == 303 and answer.getheader("location").startswith("/")
    finally:
        conn.close()
    attributes = [a.strip().lower() for a in set_cookie.split(";")]
    assert attributes[0].startswith(f"{COOKIE}=") and len(attributes[0]) > len(COOKIE) + 20
    assert {"httponly", "secure", "samesite=strict", "path=/"} <= set(attributes)
    assert any(a.startswith("max-age=") and int(a.split("=")[1]) > 7 * 3600 for a in attributes)
