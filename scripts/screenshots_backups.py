"""Screenshot Settings → Backups (after "Back up now") in English and French, and the app on a newer-schema file."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import browser, running_app, settle, sign_in  # noqa: E402


def main(out: Path = ROOT / "artifacts" / "screenshots") -> None:
    import os

    from jtwg import db as database
    from jtwg.commands.init import create_database
    from jtwg.config import load_settings
    from tests.support.users import add_test_accounts

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "shots.duckdb"
        create_database(path, with_demo=True, force=False, demo_dir=load_settings().demo_dir)
        conn = database.connect(path)
        add_test_accounts(conn)
        conn.close()
        os.environ["JTWG_BACKUP_DIR"] = str(Path(tmp) / "server-backups")
        with running_app(path) as url, browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url + "/")
            settle(page)
            sign_in(page, "sec")
            for lang in ("en", "fr"):
                page.goto(url + "/settings")
                settle(page)
                if lang == "fr":
                    page.get_by_test_id("stRadio").get_by_text("Français").click()
                    settle(page)
                button = page.get_by_role("button", name="Back up now" if lang == "en" else "Sauvegarder maintenant")
                button.scroll_into_view_if_needed()
                button.click()
                settle(page)
                page.get_by_role("button", name="Download (zip)" if lang == "en" else "Télécharger (zip)").scroll_into_view_if_needed()
                page.screenshot(path=str(out / f"settings-backups-{lang}.png"))
        future = Path(tmp) / "future.duckdb"
        conn = database.connect(future)
        conn.execute("INSERT INTO schema_migration (name) VALUES ('9990_from_the_future')")
        conn.close()
        with running_app(future) as url, browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 600})
            page.goto(url + "/")
            settle(page)
            page.screenshot(path=str(out / "database-too-new-en.png"))


if __name__ == "__main__":
    main()
