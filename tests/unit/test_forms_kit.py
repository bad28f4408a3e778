"""The forms kit: bilingual text from two boxes, forgetting widget state, the version a form was opened at."""

from streamlit.testing.v1 import AppTest

from jtwg.models import Bilingual
from jtwg.ui.forms import to_bilingual


def test_two_boxes_make_one_bilingual_text_whose_source_is_the_readers_language_when_filled():
    assert to_bilingual(" Hello ", "Bonjour", "fr") == Bilingual.of("Hello", "Bonjour", source="fr")
    assert to_bilingual("Hello", "", "fr").source == "en"          # only English given: English is the source
    assert to_bilingual("", "", "en").is_empty
    kept = Bilingual.of("Hello", "Bonjour", source="en")
    assert to_bilingual("Hello", "Bonjour", "fr", kept) is kept      # unchanged text keeps its source and state


def _forget_script():
    import streamlit as st

    from jtwg.ui.forms import forget

    for key in ("ae_1_status", "ae_1_note", "ae_10_status", "pick_1", "pick_10", "pick_1::en", "other"):
        st.session_state.setdefault(key, "x")
    if st.session_state.get("go"):
        forget("ae_1_", "pick_1")


def test_forget_drops_a_prefix_or_a_key_with_its_language_copies_and_nothing_that_merely_starts_alike():
    at = AppTest.from_function(_forget_script).run()
    at.session_state["go"] = True
    at.run()
    left = {k for k in ("ae_1_status", "ae_1_note", "ae_10_status", "pick_1", "pick_10", "pick_1::en", "other")
            if k in at.session_state}
    assert left == {"ae_10_status", "pick_10", "other"}


def _version_script():
    import streamlit as st

    from jtwg.ui.forms import opened_version

    saved = st.session_state.get("saved_version", 3)
    st.session_state["shown"] = opened_version("item", 7, saved, "form_7_v{v}_title")
    st.text_input("title", key=f"form_7_v{st.session_state['shown']}_title")


def test_a_form_keeps_the_version_it_was_opened_at_while_someone_else_saves():
    at = AppTest.from_function(_version_script).run()
    assert at.session_state["shown"] == 3
    at.session_state["saved_version"] = 4         # another user saved meanwhile
    at.run()
    assert at.session_state["shown"] == 3         # this form still saves against version 3: refused as stale
