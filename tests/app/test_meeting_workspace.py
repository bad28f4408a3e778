"""The meeting workspace in AppTest: every section opens in both languages; search finds and links."""

import pytest

SECTIONS = ["minutes", "plan", "agenda", "matters", "attendance", "drafting", "lifecycle"]


def open_section(at, section, seq=4):
    at.switch_page("pages/meetings.py").run()
    select = at.selectbox(key="meeting_id")
    select.select(next(o for o in select.options if o.startswith(f"{seq}"))).run()
    at.radio(key="meeting_section").set_value(section).run()
    return at


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("section", SECTIONS)
def test_section_opens_without_error(app, section, lang):
    at = open_section(app(lang), section)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_matters_arising_of_the_fourth_meeting_list_the_third_meetings_actions_as_closed(app):
    at = open_section(app("en"), "matters")
    # A3-01 and A3-02 were done before the 4th meeting: nothing is left open from the 3rd.
    assert any("No open action from earlier meetings" in i.value for i in at.info)


def test_lifecycle_of_the_third_meeting_shows_it_adopted_at_the_fourth(app):
    at = open_section(app("en"), "lifecycle", seq=3)
    assert any("Adopted at the 4th meeting" in s.value for s in at.success)


def test_circulating_the_fourth_meeting_freezes_its_drafting(app):
    at = open_section(app("en"), "lifecycle")
    at.button[[b.label for b in at.button].index("Circulate (freeze this version)")].click().run()
    assert not at.error, [e.value for e in at.error]
    assert any("this version is frozen" in s.value for s in at.success)
    at.radio(key="meeting_section").set_value("drafting").run()
    assert any("read-only" in i.value for i in at.info)
    labels = {b.label for b in at.button}
    assert not labels & {"Add the paragraph", "Add the decision", "Add the action point"}


def test_search_is_accent_insensitive_and_bilingual(app):
    at = app("fr")
    at.switch_page("pages/search.py").run()
    at.text_input(key="search_query").input("CENTRES D'ACCUEIL").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Situation des centres d'accueil" in text
    at.text_input(key="search_query").input("reintegration").run()   # "réintégration", "reintegration"
    assert "résultat" in " ".join(c.value for c in at.caption)
    assert not at.exception


@pytest.mark.parametrize("lang, number, minutes", [("en", "No.", "Minutes"), ("fr", "N°", "Procès-verbal")])
def test_the_list_of_meetings_is_built_when_opened(app, lang, number, minutes):
    at = app(lang)
    at.switch_page("pages/meetings.py").run()
    listed = [c for c in at.dataframe if number in c.value.columns]
    assert not listed                                    # closed: no table drawn
    at.session_state["meetings_list"] = True             # the reader opens it
    at.run()
    assert not at.exception
    table = next(c.value for c in at.dataframe if number in c.value.columns)
    assert sorted(table[number]) == [1, 2, 3, 4] and minutes in table.columns
