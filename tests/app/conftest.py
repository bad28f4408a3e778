"""AppTest fixtures: the real app.py against a demo database file."""


import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from jtwg import db
from jtwg.config import PROJECT_ROOT
from jtwg.ui.auth import signed_in_state


def sign_in(at: AppTest, username: str, db_file) -> None:
    """What a successful sign-in leaves in session state (AppTest has no browser cookie)."""
    conn = db.connect(db_file)
    try:
        for key, value in signed_in_state(conn, username=username).items():
            at.session_state[key] = value
    finally:
        conn.close()


@pytest.fixture
def app(demo_db_file, monkeypatch):
    """A function that opens the app in a language (English by default)."""
    monkeypatch.setenv("JTWG_DB", str(demo_db_file))
    monkeypatch.chdir(PROJECT_ROOT)
    st.cache_resource.clear()   # the cached connection must not leak between tests

    def open_app(lang: str = "en", user: str | None = "sec") -> AppTest:
        """The app in `lang`, signed in as test account `user` (None: not signed in)."""
        at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60)
        at.session_state["lang"] = lang
        if user:
            sign_in(at, user, demo_db_file)
        return at.run()

    yield open_app
    st.cache_resource.clear()
