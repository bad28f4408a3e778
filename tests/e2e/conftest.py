"""Browser fixtures: the real app under `streamlit run` and Debian's Chromium driven by Playwright."""

import os
import shutil

import pytest

from tests.support.live import CHROMIUM, browser, running_app, settle, sign_in


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def live_url(tmp_path_factory, demo_db_template):
    """The app on a fresh copy of the demo database (with one test account per role)."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh (make test does)")
    path = tmp_path_factory.mktemp("e2e") / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    with running_app(path) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture
def anonymous_page(chromium, live_url):
    """A browser tab on the app, not signed in."""
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.goto(live_url + "/")
    settle(p)
    yield p
    context.close()


@pytest.fixture
def page(anonymous_page):
    """A browser tab signed in as the secretariat."""
    sign_in(anonymous_page, "sec")
    return anonymous_page
