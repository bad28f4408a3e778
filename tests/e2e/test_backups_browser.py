"""Real app and browser: Settings → Back up now, download the zip, stop the app, `jtwg restore` the download,
and the restored database equals the backup table by table."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import zipfile

from tests.support.live import running_app, signed_in_tab
from tests.unit.test_backups import content


def test_back_up_in_settings_download_and_restore_with_the_cli(chromium, demo_db_template, tmp_path, monkeypatch):
    path = tmp_path / "jtwg.duckdb"
    shutil.copyfile(demo_db_template, path)
    folder = tmp_path / "server-backups"
    monkeypatch.setenv("JTWG_BACKUP_DIR", str(folder))
    with running_app(path) as url:
        context, page = signed_in_tab(chromium, url, "sec", "/settings", downloads=True)
        page.get_by_role("button", name="Back up now").click()
        page.get_by_text("written (").wait_for()
        made = list(folder.glob("jtwg-*-manual.duckdb"))
        assert len(made) == 1
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700 and stat.S_IMODE(made[0].stat().st_mode) == 0o600
        assert made[0].name in page.locator("body").inner_text()
        with page.expect_download() as download:
            page.get_by_role("button", name="Download (zip)").click()
        zipped = tmp_path / download.value.suggested_filename
        download.value.save_as(zipped)
        context.close()
    with zipfile.ZipFile(io.BytesIO(zipped.read_bytes())) as archive:
        assert archive.namelist() == [made[0].name]
        assert archive.read(made[0].name) == made[0].read_bytes()
    out = subprocess.run([sys.executable, "-m", "jtwg", "restore", str(zipped), "--force"],
                         env={**os.environ, "JTWG_DB": str(path)}, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert content(path) == content(made[0])
