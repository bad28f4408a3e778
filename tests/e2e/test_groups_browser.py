"""Real browser, two groups in one installation: the sidebar chooser, addresses that carry the group, and a
member who holds a role in one group only."""

import shutil

import pytest

from jtwg import db
from jtwg.generate import Plan, generate
from tests.support.live import running_app, settle, sign_in

PLAN = Plan(groups=1, meetings_per_group=2, actions=40, seed=3, activities_per_group=4, provisions_per_group=2)


@pytest.fixture(scope="module")
def two_groups_url(tmp_path_factory, demo_db_template):
    path = tmp_path_factory.mktemp("groups") / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    conn = db.connect(path)
    try:
        [code] = generate(conn, plan=PLAN)
    finally:
        conn.close()
    with running_app(path) as url:
        yield url, code


@pytest.fixture
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


def chosen(chooser) -> str:
    """The group shown in the chooser (its value sits in the combobox, not in the label's text)."""
    return chooser.evaluate("el => el.innerText + ' ' + [...el.querySelectorAll('input')].map(i => i.value).join(' ')")


def _open(tab, url: str) -> None:
    tab.goto(url)
    settle(tab)


def test_the_secretariat_switches_group_and_the_address_follows(tab, two_groups_url):
    url, other = two_groups_url
    _open(tab, url + "/")
    sign_in(tab, "sec")
    sidebar = tab.get_by_test_id("stSidebar")
    chooser = sidebar.get_by_test_id("stSelectbox").filter(has_text="Working group")
    chooser.click()
    tab.get_by_role("option", name="NE-NG – Niger–Nigeria Joint Technical Working Group").click()
    settle(tab)
    tab.get_by_text("Niger–Nigeria Joint Technical Working Group", exact=False).first.wait_for()
    assert "group=NE-NG" in tab.url
    # A page switch keeps the group; so does a reload of the address.
    sidebar.get_by_test_id("stSidebarNavLink").filter(has_text="Action items").click()
    settle(tab)
    assert "group=NE-NG" in tab.url and "NE-NG" in chosen(chooser)
    tab.reload()
    settle(tab)
    assert "group=NE-NG" in tab.url and "NE-NG" in chosen(chooser)
    sidebar.get_by_test_id("stSidebarNavLink").filter(has_text="Overview").click()
    settle(tab)
    assert "Niger–Nigeria Joint Technical Working Group" in tab.locator("body").inner_text()
    # A link into the other group opens it.
    _open(tab, f"{url}/overview?group={other}")
    assert other in chosen(chooser)
    assert "Niger–Nigeria Joint Technical Working Group" not in tab.get_by_test_id("stMain").inner_text()


def test_a_member_of_one_group_has_no_chooser_and_a_link_to_another_group_is_refused(tab, two_groups_url):
    url, other = two_groups_url
    _open(tab, url + "/")
    sign_in(tab, "member-pr")
    assert tab.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").filter(has_text="Working group").count() == 0
    _open(tab, f"{url}/actions?group={other}")
    tab.get_by_text(f"Your account holds no role in the working group {other}.", exact=False).wait_for()
    body = tab.locator("body").inner_text()
    assert other + "-" not in body.replace(f"working group {other}", "")
