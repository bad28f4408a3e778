"""Live security checks: each on a freshly started `streamlit run` server and Debian's Chromium.

- a page refuses by itself, even when the first request of a new server is its URL;
- a token signed with the secret once published in the source is refused;
- parallel wrong passwords are all counted, every one answered clearly;
- a token revoked by sign-out is refused wherever it was copied;
- two people saving one action item at once: one save kept, the other told clearly.
"""

from __future__ import annotations

import shutil
from datetime import datetime

import jwt
import pytest

from jtwg import db
from jtwg.config import PUBLISHED_SECRETS, cookie_secret, load_settings
from jtwg.services import auth
from tests.support.live import running_app, settle, sign_in


def issue(path, username: str) -> str:
    """A genuine session token of `username`, signed with this installation's key (as after a sign-in)."""
    conn = db.connect(path)
    try:
        return auth.issue_token(conn, user=auth.get_user(conn, username=username),
                                secret=cookie_secret(load_settings()), now=datetime.now(), hours=8)
    finally:
        conn.close()


def query(path, sql: str, params=()):
    conn = db.connect(path)
    try:
        return conn.execute(sql, list(params)).fetchall()
    finally:
        conn.close()


@pytest.fixture
def fresh_db(tmp_path, demo_db_template):
    path = tmp_path / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    return path


RAW_NAMES = {"app", "login", "settings", "audit", "workplan", "mou", "actions", "meetings", "overview", "search"}


def open_with_cookie(chromium, url: str, path: str, token: str | None, *, watch_listing: bool = False):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    if token:
        context.add_cookies([{"name": "jtwg_session", "value": token, "url": url}])
    page = context.new_page()
    page.goto(url + path)
    if watch_listing:   # from the first paint on, the sidebar never lists the raw file names
        for _ in range(20):
            shown = {t.strip().lower() for t in page.get_by_test_id("stSidebarNavLink").all_inner_texts()}
            assert not shown & RAW_NAMES, shown
            page.wait_for_timeout(100)
    settle(page)
    return context, page


@pytest.mark.parametrize("who", ["member-ip", None])
def test_a_fresh_server_refuses_settings_and_audit_by_itself(chromium, fresh_db, who):
    """A new server's first request is /settings (then /audit): Streamlit routes it through the pages/ folder."""
    token = issue(fresh_db, who) if who else None
    with running_app(fresh_db) as url:
        for path, heading in (("/settings", "Settings"), ("/audit", "Audit trail")):
            context, page = open_with_cookie(chromium, url, path, token, watch_listing=True)
            try:
                body = page.locator("body").inner_text()
                assert not page.get_by_role("heading", name=heading).is_visible(), body
                for secret in ("Accounts", "change_log", "jtwg.duckdb", "sign_in"):
                    assert secret not in body
                if who:   # the member lands on their own first page, with their own menu
                    page.get_by_role("heading", name="Overview").wait_for()
                    menu = [t.split("\n")[-1] for t in page.get_by_test_id("stSidebarNavLink").all_inner_texts()]
                    assert "Action items" in menu and "Settings" not in menu and "Audit trail" not in menu
                else:
                    assert page.get_by_role("heading", name="Sign in").is_visible()
                    assert "NAPTIP" not in body
            finally:
                context.close()


def test_a_token_signed_with_the_published_secret_is_refused(chromium, fresh_db):
    genuine = issue(fresh_db, "sec")
    claims = jwt.decode(genuine, options={"verify_signature": False})
    forged = jwt.encode(claims, next(iter(PUBLISHED_SECRETS)), algorithm="HS256")
    with running_app(fresh_db) as url:
        context, page = open_with_cookie(chromium, url, "/settings", forged)
        try:
            assert page.get_by_role("heading", name="Sign in").is_visible()
            assert not page.get_by_role("heading", name="Settings", exact=True).is_visible()
        finally:
            context.close()
        context, page = open_with_cookie(chromium, url, "/settings", genuine)   # the real one works
        try:
            page.get_by_role("heading", name="Settings", exact=True).wait_for()   # not "Mail settings"
        finally:
            context.close()


def test_parallel_wrong_passwords_are_all_counted(chromium, fresh_db):
    tries = 6
    with running_app(fresh_db) as url:
        contexts = [chromium.new_context() for _ in range(tries)]
        try:
            pages = [c.new_page() for c in contexts]
            for page in pages:
                page.goto(url + "/")
                settle(page)
                form = page.get_by_test_id("stForm")
                form.locator("input[type=text]").fill("member-pr")
                form.locator("input[type=password]").fill("not the password at all")
            for page in pages:   # submitted back to back: the server checks them concurrently
                page.get_by_test_id("stForm").get_by_test_id("stFormSubmitButton").locator("button").click()
            answers = []
            for page in pages:
                alert = page.get_by_test_id("stAlertContentError")
                alert.wait_for(timeout=60_000)
                answers.append(alert.inner_text())
        finally:
            for c in contexts:
                c.close()
    assert all(a.startswith(("Wrong username or password.", "Too many failed attempts")) for a in answers), answers
    assert sum(a.startswith("Too many") for a in answers) == tries - auth.MAX_FAILED_ATTEMPTS + 1
    assert query(fresh_db, "SELECT count(*) FROM sign_in_failure WHERE username = 'member-pr'")[0][0] == tries


def test_a_token_revoked_by_sign_out_is_refused(chromium, fresh_db):
    with running_app(fresh_db) as url:
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(url + "/")
        settle(page)
        sign_in(page, "cochair-ng")
        page.wait_for_timeout(500)   # the cookie is written
        copied = next(c["value"] for c in context.cookies() if c["name"] == "jtwg_session")
        other, other_page = open_with_cookie(chromium, url, "/overview", copied)
        try:
            other_page.get_by_role("heading", name="Overview").wait_for()   # the copy works while signed in
        finally:
            other.close()
        page.get_by_role("button", name="Sign out").click()
        page.get_by_role("heading", name="Sign in").wait_for()
        context.close()
        other, other_page = open_with_cookie(chromium, url, "/overview", copied)
        try:
            assert other_page.get_by_role("heading", name="Sign in").is_visible()
            assert not other_page.get_by_role("heading", name="Overview").is_visible()
        finally:
            other.close()
    assert query(fresh_db, "SELECT count(*) FROM session_token WHERE revoked_at IS NOT NULL")[0][0] >= 1


EVIDENCE = "Evidence"


def test_two_people_saving_one_action_item_at_once(chromium, fresh_db):
    """Both open the same item, both save at the same moment: one save is kept, the other is told to reload."""
    with running_app(fresh_db) as url:
        contexts, pages = [], []
        try:
            for who in ("sec", "member-ip"):
                context = chromium.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                page.goto(url + "/")
                settle(page)
                sign_in(page, who)
                page.goto(url + "/actions?subcommittee=IP")
                settle(page)
                page.get_by_role("heading", name="Action items").wait_for()
                contexts.append(context)
                pages.append(page)
            codes = [p.get_by_role("combobox", name="Action item", exact=True).input_value() for p in pages]
            assert codes[0] == codes[1], codes   # both opened the same item
            for page, who in zip(pages, ("sec", "member-ip")):
                form = page.get_by_test_id("stForm")
                form.get_by_label("Update note").fill(f"update from {who}")
                form.get_by_label(EVIDENCE, exact=True).fill(f"report filed by {who}")   # a value, not only a note
            for page in pages:   # back to back: the server runs both saves at once
                page.get_by_test_id("stForm").get_by_role("button", name="Save the update").click()
            outcomes = []
            for page in pages:
                page.locator("[data-testid=stAlertContentSuccess], [data-testid=stAlertContentError]").first.wait_for()
                settle(page)
                outcomes.append(page.locator("[data-testid=stAlertContentSuccess], [data-testid=stAlertContentError]")
                                .first.inner_text())
        finally:
            for context in contexts:
                context.close()
    outcomes = [o.removeprefix("check_circle").strip() for o in outcomes]   # the success alert's icon name
    saved = [o for o in outcomes if o.startswith("Action item") and o.endswith("saved.")]
    told = [o for o in outcomes if o.startswith("Someone else saved this record in the meantime")]
    assert len(saved) == 1 and len(told) == 1, outcomes
    assert not any("unexpected" in o.lower() or "conflict" in o.lower() for o in outcomes)
    notes = query(fresh_db, "SELECT note FROM change_log WHERE entity = 'action_item' AND note LIKE 'update from %'")
    evidence = query(fresh_db, "SELECT evidence FROM action_item WHERE code = ?", [codes[0].split(" ")[0]])
    assert len(notes) == 1   # one save kept, nothing overwritten
    assert evidence[0][0] == "report filed by " + notes[0][0].removeprefix("update from ")
