"""Start jtwg with `streamlit run` on a free loopback port, and drive it with Debian's Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("JTWG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(db_path: Path, *, timeout: float = 60) -> Iterator[str]:
    """Run the app on `db_path`; yield its base URL; stop it afterwards."""
    with running_server(db_path, timeout=timeout) as (url, _):
        yield url


@contextmanager
def running_server(db_path: Path, *, timeout: float = 60, env: dict[str, str] | None = None
                   ) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the app on `db_path` (with `env` added to the environment); yield its base URL and its process."""
    port = free_port()
    env = {**os.environ, **(env or {}), "JTWG_DB": str(db_path)}
    log = open(db_path.with_suffix(".log"), "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "server.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"app did not start: see {log.name}")
            time.sleep(0.3)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def settle(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished its rerun and no skeleton is left."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)
    page.wait_for_timeout(300)


def sign_in(page, username: str, password: str | None = None) -> None:
    """Fill the sign-in form and wait for the first page behind it."""
    from tests.support.users import PASSWORD

    form = page.get_by_test_id("stForm")
    form.locator("input[type=text]").fill(username)
    form.locator("input[type=password]").fill(password or PASSWORD)
    # The server sets the HttpOnly cookie in its answer to /session/start, then sends the browser back.
    with page.expect_response(lambda r: "/session/start" in r.url):
        form.get_by_test_id("stFormSubmitButton").locator("button").click()
    page.get_by_test_id("stSidebarNavLink").first.wait_for()
    settle(page)


def signed_in_tab(chromium, url: str, username: str, path: str = "/", *, height: int = 1000, downloads: bool = False):
    """(context, page): a new browser tab signed in as `username`, then opened at `path`; close the context after."""
    context = chromium.new_context(viewport={"width": 1400, "height": height}, accept_downloads=downloads)
    page = context.new_page()
    page.goto(url + "/")
    settle(page)
    sign_in(page, username)
    if path != "/":
        page.goto(url + path)
        settle(page)
    return context, page


def download_minutes(page, tmp_path: Path, filename: str):
    """Ask for the Word minutes on the meeting page, download the file named `filename` and reopen it."""
    import io

    from docx import Document

    page.get_by_role("button", name="Prepare the Word file").click()
    button = page.get_by_test_id("stDownloadButton").filter(has_text=filename)
    button.wait_for()
    settle(page)
    with page.expect_download() as download:
        button.locator("button").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    return Document(io.BytesIO(target.read_bytes()))
