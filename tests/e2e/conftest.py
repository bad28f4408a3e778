"""Browser fixtures: the real app under `streamlit run` and Debian's Chromium driven by Playwright."""

import os

import pytest

from tests.support.live import CHROMIUM, browser, running_app, settle


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def live_url(tmp_path_factory):
    from jtwg.commands.init import create_database
    from tests.conftest import DEMO_DIR

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-system-deps.sh (make test does)")
    path = tmp_path_factory.mktemp("e2e") / "jtwg.duckdb"
    create_database(path, with_demo=True, force=False, demo_dir=DEMO_DIR)
    with running_app(path) as url:
        yield url


@pytest.fixture(scope="module")
def chromium():
    with browser() as b:
        yield b


@pytest.fixture
def page(chromium, live_url):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    p = context.new_page()
    p.goto(live_url + "/")
    settle(p)
    yield p
    context.close()
