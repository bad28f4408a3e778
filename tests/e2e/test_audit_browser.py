"""Real browser: the secretariat pages through the audit trail (100 entries a page) and downloads it as CSV;
the file, written when the button is clicked, holds every entry a plain-SQL count finds, newest first."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from jtwg import db
from tests.support.live import running_app, settle, signed_in_tab


def test_secretariat_pages_through_the_trail_and_downloads_it(chromium, demo_db_template, tmp_path):
    path = tmp_path / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    with running_app(path) as url:
        context, page = signed_in_tab(chromium, url, "sec", "/audit", height=1100, downloads=True)
        page.get_by_text("Rows shown (2 pages)").wait_for()
        total = int(page.get_by_text(re.compile(r"^100 of \d+ entries$")).inner_text().split()[-2])
        page.get_by_test_id("stSelectbox").filter(has_text="Rows shown").click()
        page.get_by_role("option", name=f"101–{total} of {total}").click()
        settle(page)
        page.get_by_text(f"{total - 100} of {total} entries").wait_for()
        with page.expect_download() as download:
            page.get_by_test_id("stDownloadButton").locator("button").click()
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
        context.close()
    conn = db.connect(path)
    try:
        ids = [str(r[0]) for r in conn.execute("SELECT id FROM change_log ORDER BY id DESC").fetchall()]
    finally:
        conn.close()
    assert rows[0][:3] == ["id", "logged_at", "actor"]
    # Every entry of the trail (fewer than the export's 1 000), newest first: not only the page shown.
    assert len(rows) - 1 == total and [r[0] for r in rows[1:]] == ids
