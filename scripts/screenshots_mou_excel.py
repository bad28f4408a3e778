"""Screenshot the MoU page's Excel panel in English and French: a preview with problems, then a clean preview."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import browser, running_app, settle  # noqa: E402

NAV = {"en": "MoU", "fr": "Protocole d'accord"}
VIEW = {"en": "Excel: export and import", "fr": "Excel : export et import"}
SHEETS = {"en": ("Provisions", "Commitments"), "fr": ("Dispositions", "Engagements")}
HEADERS = {
    "en": (["Article", "Paragraph", "Heading (EN)", "Text (EN)", "Sub-committee (code)"],
           ["Code", "Provision (article.paragraph)", "Commitment (EN)", "Responsible parties", "Due date", "Status",
            "Rating (red/amber/green)", "Reason for the rating (EN)", "Activities (codes)"]),
    "fr": (["Article", "Paragraphe", "Intitulé (FR)", "Texte (FR)", "Sous-comité (code)"],
           ["Code", "Disposition (article.paragraphe)", "Engagement (FR)", "Parties responsables", "Échéance", "Statut",
            "Appréciation (rouge/orange/vert)", "Motif de l'appréciation (FR)", "Activités (codes)"]),
}
ROWS = {
    "en": (["9", None, "Review", "The Parties review this Memorandum every two years.", "PRM"],
           [["C-9.1", "9", "Hold a joint review meeting.", "NAPTIP, ANLTP/TIM", "2023-11-16", "Not started", "Green", None, None],
            ["C-6.1", "6", "Designate operational contact points in both agencies.", "NAPTIP, ANLTP/TIM", "2022-06-30",
             "In progress", "Amber", "Contact points proposed, not yet confirmed.", "IP-02"]]),
    "fr": (["9", None, "Revue", "Les Parties réexaminent le présent protocole tous les deux ans.", "PRM"],
           [["C-9.1", "9", "Tenir une réunion conjointe de revue.", "NAPTIP, ANLTP/TIM", "16/11/2023", "Non commencé", "Vert", None, None],
            ["C-6.1", "6", "Désigner des points de contact opérationnels dans les deux agences.", "NAPTIP, ANLTP/TIM",
             "30/06/2022", "En cours", "Orange", "Points de contact proposés, pas encore confirmés.", "IP-02"]]),
}
# What makes the "bad" file bad: an unknown provision, a bad date, a status that does not exist, an unknown activity.
BAD = {
    "en": [["C-10.1", "10", "Something.", "NAPTIP", "31/13/2023", "Done", "Red", None, "ZZ-99"]],
    "fr": [["C-10.1", "10", "Quelque chose.", "NAPTIP", "31/13/2023", "Fini", "Rouge", None, "ZZ-99"]],
}


def workbook(path: Path, lang: str, *, bad: bool) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    provisions = book.active
    provisions.title = SHEETS[lang][0]
    provisions.append(HEADERS[lang][0])
    provisions.append(ROWS[lang][0])
    commitments = book.create_sheet(SHEETS[lang][1])
    commitments.append(HEADERS[lang][1])
    for row in ROWS[lang][1] + (BAD[lang] if bad else []):
        commitments.append(row)
    book.save(path)
    return path


def shoot(page, target: Path) -> None:
    # The app scrolls inside its main block: grow the window to the content to capture it all.
    height = page.evaluate("document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
    page.set_viewport_size({"width": 1400, "height": min(max(1000, height + 100), 12000)})
    settle(page)
    page.screenshot(path=str(target))
    print(target)


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
                page.get_by_test_id("stMain").get_by_text(VIEW[lang], exact=True).click()
                settle(page)
                for name, bad in (("errors", True), ("preview", False)):
                    page.set_viewport_size({"width": 1400, "height": 1000})
                    upload = workbook(Path(tmp) / f"{name}-{lang}.xlsx", lang, bad=bad)
                    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
                    page.wait_for_timeout(1500)
                    settle(page)
                    shoot(page, args.out / f"mou-excel-{name}-{lang}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
