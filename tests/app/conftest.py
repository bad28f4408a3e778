"""AppTest fixtures: the real app.py against a demo database file."""

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from jtwg.config import PROJECT_ROOT


@pytest.fixture
def app(demo_db_file, monkeypatch):
    """A function that opens the app in a language (English by default)."""
    monkeypatch.setenv("JTWG_DB", str(demo_db_file))
    monkeypatch.chdir(PROJECT_ROOT)
    st.cache_resource.clear()   # the cached connection must not leak between tests

    def open_app(lang: str = "en") -> AppTest:
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        return at.run()

    yield open_app
    st.cache_resource.clear()
