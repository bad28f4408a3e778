"""Screenshot every page in English and French against a fresh demo database (for review and the README)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import browser, running_app, settle, sign_in  # noqa: E402

# Page names as the secretariat's sidebar lists them, in order.
PAGES = ["overview", "meetings", "workplan", "actions", "mou", "settings", "search", "audit", "email"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--pages", nargs="*", default=PAGES)
    parser.add_argument("--full", action="store_true", help="capture the whole page, not only the viewport")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from jtwg.commands.init import create_database
    from jtwg.config import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shots.duckdb"
        create_database(db, with_demo=True, force=False, demo_dir=load_settings().demo_dir)
        from jtwg import db as database
        from tests.support.users import add_test_accounts

        conn = database.connect(db)
        add_test_accounts(conn)   # a throw-away database: the test accounts only serve to sign in
        conn.close()
        with running_app(db) as url, browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 1000 if not args.full else 2400})
            page.goto(url + "/")
            settle(page)
            page.screenshot(path=str(args.out / "sign-in-en.png"))
            sign_in(page, "sec")
            for lang in ("en", "fr"):
                page.goto(url + "/")
                settle(page)
                if lang == "fr":
                    page.get_by_test_id("stRadio").get_by_text("Français").click()
                    settle(page)
                for name in args.pages:
                    page.get_by_test_id("stSidebarNavLink").nth(PAGES.index(name)).click()
                    settle(page)
                    target = args.out / f"{name}-{lang}.png"
                    page.screenshot(path=str(target), full_page=args.full)
                    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
