"""Screenshot the meeting workspace (every section, plus search) in English and French on a fresh demo database.

The 5th meeting is planned first so that matters arising, agenda and adoption have something to show.
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

from tests.support.live import browser, running_app, settle  # noqa: E402

SECTIONS = {"en": ["Minutes", "Plan", "Agenda", "Matters arising", "Attendance", "Drafting", "Versions and adoption"],
            "fr": ["Procès-verbal", "Planification", "Ordre du jour", "Questions découlant du PV", "Participants", "Rédaction",
                   "Versions et adoption"]}
SLUGS = ["minutes", "plan", "agenda", "matters", "attendance", "drafting", "lifecycle"]


def prepare(db: Path) -> None:
    """Plan the 5th meeting with its standard agenda; circulate the 4th's minutes, then correct them in a version 2."""
    from jtwg import db as database
    from jtwg.models import Actor, Bilingual, MeetingCreate, MinuteEntryCreate, SessionCreate
    from jtwg.services.meetings import agenda, drafting, lifecycle, planning
    from jtwg.store import meetings as store

    conn = database.connect(db)
    actor = Actor.system("screenshots")
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
        prepare(db)
        with running_app(db) as url, browser() as b:
            page = b.new_page(viewport={"width": 1400, "height": 1100})
            for lang in ("en", "fr"):
                page.goto(url + "/")
                settle(page)
                if lang == "fr":
                    page.get_by_text("Français").click()
                    settle(page)
                for seq in (4, 5):
                    page.get_by_test_id("stSidebarNavLink").filter(has_text="Réunions" if lang == "fr" else "Meetings").click()
                    settle(page)
                    box = page.get_by_role("combobox", name="Réunion" if lang == "fr" else "Meeting", exact=True)
                    box.click()
                    page.get_by_role("option").filter(has_text=re.compile(rf"^{seq}")).first.click()
                    settle(page)
                    for name, slug in zip(SECTIONS[lang], SLUGS):
                        page.get_by_test_id("stRadio").locator("label").filter(has_text=re.compile(re.escape(name) + "$")).first.click()
                        settle(page)
                        target = args.out / f"meeting{seq}-{slug}-{lang}.png"
                        page.screenshot(path=str(target), full_page=True)
                        print(target)
                page.get_by_test_id("stSidebarNavLink").filter(has_text="Recherche" if lang == "fr" else "Search").click()
                settle(page)
                page.get_by_test_id("stTextInput").locator("input").fill("centres d'accueil" if lang == "en" else "SHELTERS")
                page.keyboard.press("Enter")
                settle(page)
                page.screenshot(path=str(args.out / f"search-{lang}.png"), full_page=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
