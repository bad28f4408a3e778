"""AppTest fixtures: the real app.py against a demo database file."""

from datetime import datetime

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from jtwg import db
from jtwg.config import PROJECT_ROOT
from jtwg.services import auth
from jtwg.ui.auth import TOKEN_KEY, USER_KEY, VERSION_KEY


def sign_in(at: AppTest, username: str, db_file) -> None:
    """What a successful sign-in leaves in session state (AppTest has no browser cookie)."""
    conn = db.connect(db_file)
    try:
        user = auth.get_user(conn, username=username)
        secret = "t" * 40   # only the token's recorded id matters here: session state skips the cookie
        token = auth.issue_token(conn, user=user, secret=secret, now=datetime.now(), hours=8)
    finally:
        conn.close()
    at.session_state[USER_KEY] = user.username
    at.session_state[VERSION_KEY] = user.session_version
    at.session_state[TOKEN_KEY] = auth.token_id(token, secret=secret, now=datetime.now())


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
