"""Screenshots of the app in English and French on a fresh demo database, for review and the README.

One start-up for every set: a throw-away demo database with the test accounts, `streamlit run`, Chromium,
signed in as the secretariat. Sets: pages (every page), meetings (each workspace section, and search),
mou (each view), mou-excel (the Excel panel's previews), tracker (action items, work plan, timeline, import).

    python scripts/screenshots.py --out artifacts/screenshots [--only pages mou] [--full]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live import browser, running_app, settle, sign_in  # noqa: E402

# Page names as the secretariat's sidebar lists them, in order.
PAGES = ["overview", "meetings", "workplan", "actions", "mou", "review", "settings", "search", "audit", "email"]
NAV = {"en": {"meetings": "Meetings", "search": "Search", "mou": "MoU"},
       "fr": {"meetings": "Réunions", "search": "Recherche", "mou": "Protocole d'accord"}}
SECTIONS = {"en": ["Minutes", "Plan", "Agenda", "Matters arising", "Attendance", "Drafting", "Versions and adoption"],
            "fr": ["Procès-verbal", "Planification", "Ordre du jour", "Questions découlant du PV", "Participants", "Rédaction",
                   "Versions et adoption"]}
SLUGS = ["minutes", "plan", "agenda", "matters", "attendance", "drafting", "lifecycle"]
VIEWS = {"en": ["Provisions and progress", "Activity → provisions", "Link work to commitments", "Edit provisions and commitments"],
         "fr": ["Dispositions et avancement", "Activité → dispositions", "Relier les travaux aux engagements",
                "Modifier dispositions et engagements"]}
VIEW_NAMES = ["provisions", "lookup", "links", "edit"]
EXCEL_VIEW = {"en": "Excel: export and import", "fr": "Excel : export et import"}
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


def bad_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Code", "Status", "Progress (%)", "Due date", "Colour"])
    sheet.append(["A4-05", "Open", 10, None, None])
    sheet.append(["A4-02", "Done", "lots", "31/13/2022", None])
    book.save(path)
    return path


def prepare(db: Path) -> None:
    """Plan the 5th meeting with its standard agenda; circulate the 4th's minutes, then correct them in a version 2."""
    from jtwg import db as database
    from jtwg.models import Actor, Bilingual, MeetingCreate, MinuteEntryCreate, SessionCreate
    from jtwg.services.meetings import agenda, drafting, lifecycle, planning
    from jtwg.store import meetings as store

    conn = database.connect(db)
    actor = Actor.system("system (screenshots)")
    new_id = planning.plan_meeting(conn, group_id=1, actor=actor, data=MeetingCreate(
        sequence_no=5, start_date=date(2022, 7, 12), end_date=date(2022, 7, 13), venue="NAPTIP Headquarters",
        city="Abuja", host_country="NG", host_acronym="NAPTIP"), sessions=[SessionCreate(ref="d1", day_no=1, start_time="09:00")])
    agenda.add_standard_items(conn, meeting_id=new_id, actor=actor)
    fourth = store.meeting_id(conn, group_id=1, sequence_no=4)
    lifecycle.circulate(conn, meeting_id=fourth, actor=actor, today=date(2022, 6, 15))
    lifecycle.new_version(conn, meeting_id=fourth, reason="NAPTIP asked to record the closing words.", actor=actor)
    aob = next(i for i in store.list_agenda_items(conn, meeting_id=fourth) if i.kind.value == "aob")
    drafting.add_entry(conn, item_id=aob.id, actor=actor, data=MinuteEntryCreate(entry_type="statement", speaker_acronym="NAPTIP",
                  text=Bilingual.of("The Director General of NAPTIP thanked the host.", "Le directeur général de la NAPTIP a remercié l'hôte.")))
    conn.close()



class Shots:
    """The signed-in browser tab, the app's address and where the pictures go."""

    def __init__(self, page, url: str, out: Path, tmp: Path, full: bool) -> None:
        self.page, self.url, self.out, self.tmp, self.full = page, url, out, tmp, full

    def start(self, lang: str, path: str = "/") -> None:
        """Open `path` in `lang` (a new page load is a new session: the language is chosen again)."""
        page = self.page
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.goto(self.url + path)
        settle(page)
        if lang == "fr":
            page.get_by_test_id("stSidebar").get_by_text("Français", exact=True).click()
            settle(page)

    def nav(self, text: str) -> None:
        self.page.get_by_test_id("stSidebarNavLink").filter(has_text=text).first.click()
        settle(self.page)

    def save(self, name: str, *, grow: bool = False) -> None:
        page = self.page
        if grow or self.full:
            # The app scrolls inside its main block: grow the window to the content to capture it all.
            height = page.evaluate("document.querySelector('[data-testid=stMainBlockContainer]').scrollHeight")
            page.set_viewport_size({"width": 1400, "height": min(max(1000, height + 100), 12000)})
            settle(page)
        target = self.out / f"{name}.png"
        page.screenshot(path=str(target))
        print(target)


def pages(s: Shots, lang: str) -> None:
    s.start(lang)
    for name in PAGES:
        s.page.get_by_test_id("stSidebarNavLink").nth(PAGES.index(name)).click()
        settle(s.page)
        s.save(f"{name}-{lang}")


def meetings(s: Shots, lang: str) -> None:
    s.start(lang)
    page = s.page
    for seq in (4, 5):
        s.nav(NAV[lang]["meetings"])
        page.get_by_role("combobox", name="Réunion" if lang == "fr" else "Meeting", exact=True).click()
        page.get_by_role("option").filter(has_text=re.compile(rf"^{seq}")).first.click()
        settle(page)
        for name, slug in zip(SECTIONS[lang], SLUGS):
            page.get_by_test_id("stRadio").locator("label").filter(has_text=re.compile(re.escape(name) + "$")).first.click()
            settle(page)
            s.save(f"meeting{seq}-{slug}-{lang}", grow=True)
    s.nav(NAV[lang]["search"])
    page.get_by_test_id("stMain").get_by_test_id("stTextInput").locator("input").fill(
        "centres d'accueil" if lang == "en" else "SHELTERS")
    page.keyboard.press("Enter")
    settle(page)
    s.save(f"search-{lang}", grow=True)


def mou(s: Shots, lang: str) -> None:
    s.start(lang)
    s.nav(NAV[lang]["mou"])
    for name, view in zip(VIEW_NAMES, VIEWS[lang]):
        s.page.set_viewport_size({"width": 1400, "height": 1000})
        s.page.get_by_test_id("stMain").get_by_text(view, exact=True).click()
        settle(s.page)
        s.save(f"mou-{name}-{lang}", grow=True)


def mou_excel(s: Shots, lang: str) -> None:
    s.start(lang)
    s.nav(NAV[lang]["mou"])
    s.page.get_by_test_id("stMain").get_by_text(EXCEL_VIEW[lang], exact=True).click()
    settle(s.page)
    for name, bad in (("errors", True), ("preview", False)):
        s.page.set_viewport_size({"width": 1400, "height": 1000})
        upload = workbook(s.tmp / f"{name}-{lang}.xlsx", lang, bad=bad)
        s.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
        s.page.wait_for_timeout(1500)
        settle(s.page)
        s.save(f"mou-excel-{name}-{lang}", grow=True)


def tracker(s: Shots, lang: str) -> None:
    page = s.page
    for path, name in (("/actions", "actions"), ("/actions?overdue=1&subcommittee=PR", "actions-filtered"),
                       ("/workplan", "workplan"), ("/workplan?subcommittee=PR", "workplan-pr")):
        s.start(lang, path)
        s.save(f"{name}-{lang}", grow=True)
    chart = page.locator("[data-testid='stPlotlyChart']").first
    chart.scroll_into_view_if_needed()
    chart.hover(position={"x": 500, "y": 120})
    page.wait_for_timeout(500)
    chart.screenshot(path=str(s.out / f"timeline-{lang}.png"))
    print(s.out / f"timeline-{lang}.png")
    s.start(lang, "/actions")
    page.get_by_role("tab").nth(2).click()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(bad_workbook(s.tmp / "bad.xlsx")))
    page.wait_for_timeout(1500)
    settle(page)
    s.save(f"import-preview-{lang}", grow=True)


SETS = {"pages": pages, "meetings": meetings, "mou": mou, "mou-excel": mou_excel, "tracker": tracker}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    parser.add_argument("--only", nargs="*", choices=list(SETS), default=list(SETS))
    parser.add_argument("--full", action="store_true", help="capture the whole page, not only the viewport")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    from jtwg import db as database
    from jtwg.commands.init import create_database
    from jtwg.config import load_settings
    from tests.support.users import add_test_accounts

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "shots.duckdb"
        create_database(db, with_demo=True, force=False, demo_dir=load_settings().demo_dir)
        conn = database.connect(db)
        add_test_accounts(conn)   # a throw-away database: the test accounts only serve to sign in
        conn.close()
        if "meetings" in args.only:
            prepare(db)
        with running_app(db) as url, browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url + "/")
            settle(page)
            page.screenshot(path=str(args.out / "sign-in-en.png"))
            sign_in(page, "sec")
            shots = Shots(page, url, args.out, Path(tmp), args.full)
            for name in args.only:
                for lang in ("en", "fr"):
                    SETS[name](shots, lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
