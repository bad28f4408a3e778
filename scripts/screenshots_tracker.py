"""Screenshot the action tracker, the work plan, its timeline and an import preview in English and French."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import browser, running_app, settle  # noqa: E402


def bad_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Code", "Status", "Progress (%)", "Due date", "Colour"])
    sheet.append(["A4-05", "Open", 10, None, None])
    sheet.append(["A4-02", "Done", "lots", "31/13/2022", None])
    book.save(path)
    return path


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
        workbook = bad_workbook(Path(tmp) / "bad.xlsx")
        with running_app(db) as url, browser() as b:
            # A tall window: Streamlit scrolls inside the page, so a "full page" shot would stop at the viewport.
            page = b.new_page(viewport={"width": 1400, "height": 2400})
            for lang in ("en", "fr"):
                page.goto(url + "/")
                settle(page)
                if lang == "fr":
                    page.get_by_text("Français").click()
                    settle(page)
                shots = [("actions", "actions"), ("actions?overdue=1&subcommittee=PR", "actions-filtered"),
                         ("workplan", "workplan"), ("workplan?subcommittee=PR", "workplan-pr")]
                for path, name in shots:
                    page.get_by_test_id("stSidebarNavLink").nth(3 if path.startswith("actions") else 2).click()
                    settle(page)
                    if "?" in path:
                        page.goto(f"{url}/{path}")   # a new session: choose the language again
                        settle(page)
                        if lang == "fr":
                            page.get_by_text("Français").click()
                            settle(page)
                    page.screenshot(path=str(args.out / f"{name}-{lang}.png"), full_page=True)
                    print(args.out / f"{name}-{lang}.png")
                chart = page.locator("[data-testid='stPlotlyChart']").first
                chart.scroll_into_view_if_needed()
                chart.hover(position={"x": 500, "y": 120})
                page.wait_for_timeout(500)
                chart.screenshot(path=str(args.out / f"timeline-{lang}.png"))
                print(args.out / f"timeline-{lang}.png")
                page.get_by_test_id("stSidebarNavLink").nth(3).click()
                settle(page)
                page.get_by_role("tab").nth(2).click()
                page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(workbook))
                page.wait_for_timeout(1500)
                settle(page)
                page.get_by_role("tab").nth(2).scroll_into_view_if_needed()
                page.screenshot(path=str(args.out / f"import-preview-{lang}.png"), full_page=True)
                print(args.out / f"import-preview-{lang}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
