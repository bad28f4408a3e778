"""Screenshot the MoU page's views (provisions, activity lookup, links, edit) in English and French."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import browser, running_app, settle  # noqa: E402

VIEWS = {"en": ["Provisions and progress", "Activity → provisions", "Link work to commitments", "Edit provisions and commitments"],
         "fr": ["Dispositions et avancement", "Activité → dispositions", "Relier les travaux aux engagements",
                "Modifier dispositions et engagements"]}
NAMES = ["provisions", "lookup", "links", "edit"]
NAV = {"en": "MoU", "fr": "Protocole d'accord"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from jtwg.commands.init import create_database
    from jtwg.config import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shots.duckdb"
        create_database(db, with_demo=True, force=False, demo_dir=load_settings().demo_dir)
        with running_app(db) as url, browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            for lang in ("en", "fr"):
                page.set_viewport_size({"width": 1400, "height": 1000})
                page.goto(url + "/")
                settle(page)
                if lang == "fr":
                    page.get_by_text("Français", exact=True).click()
                    settle(page)
                page.get_by_test_id("stSidebarNavLink").filter(has_text=NAV[lang]).click()
                settle(page)
                for name, view in zip(NAMES, VIEWS[lang]):
                    page.set_viewport_size({"width": 1400, "height": 1000})
                    page.get_by_test_id("stMain").get_by_text(view, exact=True).click()
                    settle(page)
                    # The app scrolls inside its main block: grow the window to the content to capture it all.
                    height = page.evaluate("document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
                    page.set_viewport_size({"width": 1400, "height": min(max(1000, height + 100), 12000)})
                    settle(page)
                    target = args.out / f"mou-{name}-{lang}.png"
                    page.screenshot(path=str(target))
                    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
