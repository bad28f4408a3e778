"""The Overview page in AppTest: figures against the demo YAML in both languages, filters, links, the brief."""

from urllib.parse import parse_qs

import pytest

from tests.support.demo_expectations import expected

LABELS = {
    "en": {"activities": "Activities", "activities_overdue": "Overdue activities", "actions_open": "Open action items",
           "actions_overdue": "Overdue action items", "done_quarter": "Done this quarter", "meetings_held": "Meetings held",
           "provisions": "Provisions without activity", "in_progress": "In progress", "completed": "Completed"},
    "fr": {"activities": "Activités", "activities_overdue": "Activités en retard", "actions_open": "Points d'action ouverts",
           "actions_overdue": "Points d'action en retard", "done_quarter": "Réalisés ce trimestre",
           "meetings_held": "Réunions tenues", "provisions": "Dispositions sans activité", "in_progress": "En cours",
           "completed": "Terminées"},
}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def links(at) -> list[tuple[str, str, dict]]:
    return [(p.proto.page, p.proto.label, {k: v[0] for k, v in parse_qs(p.proto.query_string).items()})
            for p in at.get("page_link")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_headline_figures_match_the_demo(app, lang):
    at = app(lang)
    assert not at.exception and not at.error
    want, names, got = expected(), LABELS[lang], metrics(at)
    for key in ("activities", "activities_overdue", "actions_open", "actions_overdue", "done_quarter", "meetings_held"):
        assert got[names[key]] == str(want[key]), key
    assert got[names["in_progress"]] == str(want["by_status"].get("in_progress", 0))
    assert got[names["completed"]] == str(want["by_status"].get("completed", 0))
    assert got[names["provisions"]] == str(want["provisions_needing_activity"])
    headers = [h.value for h in at.header]
    assert ("Progress per sub-committee" if lang == "en" else "Avancement par sous-comité") in headers
    formula = " ".join(i.value for i in at.info)
    assert ("How progress is computed" if lang == "en" else "Mode de calcul de l'avancement") in formula
    assert len(at.get("plotly_chart")) == 6


def test_delegation_filter_narrows_the_figures(app):
    at = app("en")
    at.selectbox(key="overview_delegation_en").select("NG").run()
    want, got = expected("NG"), metrics(at)
    assert got["Activities"] == str(want["activities"])
    assert got["Open action items"] == str(want["actions_open"])
    assert got["Overdue action items"] == str(want["actions_overdue"])
    # Links carry the filter to the list behind the figure.
    assert ("actions", "Open action items", {"status": "open", "delegation": "NG"}) in links(at)


def test_each_figure_leads_to_its_filtered_list(app):
    found = links(app("en"))
    assert ("actions", "Overdue action items", {"overdue": "1"}) in found
    assert ("actions", "Due within 30 days", {"due_within": "30"}) in found
    assert ("workplan", "Overdue activities", {"overdue": "1"}) in found
    assert ("workplan", "Work plan – Protection and Repatriation", {"subcommittee": "PR"}) in found
    assert ("actions", "ANLTP/TIM: 1 overdue", {"owner": "ANLTP/TIM", "overdue": "1"}) in found
    assert ("actions", "Niger: 1 overdue", {"delegation": "NE", "overdue": "1"}) in found
    assert ("actions", "Action items of the 4th meeting", {"meeting": "4"}) in found
    assert ("actions", "Action items done", {"status": "done"}) in found


def test_brief_is_prepared_then_offered_for_download(app):
    at = app("fr")
    assert not at.get("download_button")
    at.radio(key="brief_lang_fr").set_value("both")
    at.button(key="brief_prepare").click().run()
    assert not at.exception and not at.error
    downloads = at.get("download_button")
    assert len(downloads) == 1 and downloads[0].proto.label == "Télécharger la note d'avancement (Word)"
