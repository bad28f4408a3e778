"""Real browser, one account per role: a member is refused another sub-committee's item, a co-chair
approves the minutes, and the secretariat finds both in the audit trail."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_meeting_journey import choose as choose_meeting
from tests.e2e.test_meeting_journey import section, success
from tests.e2e.test_tracker_browser import choose, open_actions
from tests.support.live import settle, sign_in


@pytest.fixture
def as_user(chromium, live_url):
    """Open a separate browser context signed in as a test account."""
    contexts = []

    def open_as(username: str):
        context = chromium.new_context(viewport={"width": 1400, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.goto(live_url + "/")
        settle(page)
        sign_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_member_cannot_save_another_subcommittees_item(as_user, live_url):
    page = as_user("member-ip")
    open_actions(page, live_url)
    # A4-04 belongs to Protection and Repatriation; this member sits on Investigation and Prosecution.
    choose(page, "Action item", "A4-04")
    form = page.get_by_test_id("stForm")
    choose(page, "Status", "Done", scope=form)
    form.get_by_role("button", name="Save the update").click()
    page.get_by_text("You may change only the items of your own sub-committee(s): IP.").wait_for()
    # Their own item saves.
    choose(page, "Action item", "A4-05")
    form = page.get_by_test_id("stForm")
    form.get_by_label("Update note").fill("Training curriculum drafted with DST")
    form.get_by_role("button", name="Save the update").click()
    page.get_by_text("Action item A4-05 saved.").wait_for()


def test_co_chair_approves_the_minutes_and_the_audit_trail_shows_it(as_user, live_url):
    secretariat = as_user("sec")
    secretariat.get_by_test_id("stSidebarNavLink").filter(has_text="Meetings").click()
    settle(secretariat)
    choose_meeting(secretariat, "Meeting", "4th meeting")
    section(secretariat, "Versions and adoption")
    secretariat.get_by_role("button", name="Circulate (freeze this version)").click()
    success(secretariat, "this version is frozen")

    chair = as_user("cochair-ng")
    chair.get_by_test_id("stSidebarNavLink").filter(has_text="Meetings").click()
    settle(chair)
    choose_meeting(chair, "Meeting", "4th meeting")
    # A co-chair sees the minutes and their approval, nothing of the secretariat's drafting tools.
    radio = chair.get_by_test_id("stRadio").locator("label").all_inner_texts()
    assert not any("Drafting" in r for r in radio) and any("Versions and adoption" in r for r in radio)
    section(chair, "Versions and adoption")
    approve = chair.get_by_role("button", name="Record approval")
    expect(approve).to_have_count(1)   # their own seat only
    approve.click()
    expect(approve).to_have_count(0, timeout=30_000)
    settle(chair)
    assert chair.get_by_text(re.compile("approval recorded by cochair-ng")).count() == 1
    assert chair.get_by_role("button", name="Record the adoption").count() == 0

    secretariat.get_by_test_id("stSidebarNavLink").filter(has_text="Audit trail").click()
    secretariat.get_by_role("heading", name="Audit trail").wait_for()
    settle(secretariat)
    choose(secretariat, "Who", "cochair-ng")
    secretariat.get_by_test_id("stDataFrame").wait_for()
    with secretariat.expect_download() as download:
        secretariat.get_by_test_id("stDownloadButton").locator("button").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    assert rows and {r["actor"] for r in rows} == {"cochair-ng"}
    assert any(r["action"] == "sign_in" for r in rows) and any("approv" in (r["entity"] + r["action"]) for r in rows)
    # The member's saved update (earlier test, same server) is there too; the refused one changed nothing.
    choose(secretariat, "Who", "member-ip")
    with secretariat.expect_download() as download:
        secretariat.get_by_test_id("stDownloadButton").locator("button").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8-sig").read())))
    updates = [r for r in rows if r["entity"] == "action_item"]
    assert updates and all("Training curriculum drafted with DST" in r["note"] for r in updates)
