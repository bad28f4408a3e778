"""Every registered page runs in English and French without an exception and shows real demo data."""

import re

import pytest

from jtwg.config import PROJECT_ROOT

APP = (PROJECT_ROOT / "app.py").read_text(encoding="utf-8")
REGISTERED = re.findall(r'st\.Page\(\s*"(pages/[a-z_]+\.py)"', APP)
SIGNED_IN_PAGES = [p for p in REGISTERED if p != "pages/login.py"]


def test_every_page_file_is_registered():
    files = sorted(f"pages/{p.name}" for p in (PROJECT_ROOT / "pages").glob("*.py"))
    assert sorted(REGISTERED) == files


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_page_runs(app, page, lang):
    at = app(lang)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert at.title and at.title[0].value


def test_overview_figures_match_the_demo(app):
    at = app("en")
    metrics = {m.label: m.value for m in at.metric}
    # Demo as of 15 June 2022: PR-01 (ends 31 May) and PV-01 (ends 31 May) are past their end;
    # A4-04 (due 31 May) is the one overdue action.
    assert metrics["Activities"] == "9"
    assert metrics["Overdue activities"] == "2"
    assert metrics["Overdue action items"] == "1"
    assert metrics["Meetings held"] == "4"


def test_overview_in_french(app):
    at = app("fr")
    assert at.title[0].value == "Vue d'ensemble"
    assert "Points d'action en retard" in {m.label for m in at.metric}


def test_fourth_meeting_minutes_in_french(app):
    at = app("fr")
    at.switch_page("pages/meetings.py").run()
    headers = [h.value for h in at.header]
    assert "Procès-verbal de la quatrième réunion du groupe de travail technique conjoint (GTTC)" in headers
    text = " ".join(m.value for m in at.markdown)
    assert "Questions diverses" in text and "Situation des centres d'accueil" in text
    assert "Lieu\u00a0: Noom Hotel, Niamey, Niger" in text


def test_victim_update_shows_case_code_only(app):
    at = app("en")
    at.switch_page("pages/meetings.py").run()
    captions = " ".join(c.value for c in at.caption)
    assert "Linked to protected case NG-VoT-2021-01" in captions


def test_other_meeting_can_be_opened(app):
    at = app("en")
    at.switch_page("pages/meetings.py").run()
    select = at.selectbox(key="meeting_id")
    third = next(o for o in select.options if o.startswith("3rd"))
    select.select(third).run()
    assert any("Third Meeting" in h.value for h in at.header)


def test_work_plan_shows_the_mou_provisions_each_activity_serves(app):
    at = app("fr")
    at.switch_page("pages/workplan.py").run()
    frames = [df.value for df in at.dataframe]
    served = {}
    for frame in frames:
        if "Dispositions du protocole d'accord servies" in frame.columns:
            served.update(dict(zip(frame["Code"], frame["Dispositions du protocole d'accord servies"])))
    assert served["IP-01"] == "Article 5" and served["PV-02"] == "Article 3" and served["IP-02"] == ""
