"""Sign-in and role-built navigation in AppTest: who gets which pages, and the accounts section."""

import pytest
from streamlit.testing.v1 import AppTest

from jtwg import db
from jtwg.config import PROJECT_ROOT
from tests.support.users import PASSWORD


def page_titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_not_signed_in_sees_only_the_sign_in_form(app):
    at = app("en", user=None)
    assert page_titles(at) == ["Sign in"]
    assert not at.metric and not at.dataframe
    assert "NAPTIP" not in " ".join(m.value for m in at.markdown)
    assert [w.label for w in at.text_input] == ["Username", "Password"]


def test_wrong_then_right_password(app):
    at = app("fr", user=None)
    at.text_input(key="login_username").input("sec")
    at.text_input(key="login_password").input("nope nope nope")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Identifiant ou mot de passe incorrect."]
    at.text_input(key="login_password").input("correct horse battery")
    at.button[0].click().run()
    assert at.session_state["_jtwg_user"] == "sec"
    at.switch_page("pages/overview.py").run()   # a browser lands here by itself (see the e2e tests)
    assert page_titles(at) == ["Vue d'ensemble"]


@pytest.mark.parametrize("user, allowed, denied", [
    ("member-ip", ["pages/actions.py", "pages/workplan.py", "pages/meetings.py"], ["pages/settings.py", "pages/audit.py"]),
    ("donor", ["pages/meetings.py"], ["pages/overview.py", "pages/mou.py", "pages/actions.py", "pages/settings.py",
                                      "pages/audit.py"]),
    ("cochair-ne", ["pages/actions.py", "pages/mou.py"], ["pages/settings.py", "pages/audit.py"]),
])
def test_pages_by_role(app, user, allowed, denied):
    for page in allowed:
        at = app("en", user=user)
        at.switch_page(page).run()
        assert not at.exception and at.title
    for page in denied:
        at = app("en", user=user)
        with pytest.raises(Exception):   # not registered for this role: there is nothing to switch to
            at.switch_page(page).run()


def test_no_account_yet_says_how_to_make_one(tmp_path, monkeypatch):
    import streamlit as st

    from jtwg.commands.init import create_database
    from tests.conftest import DEMO_DIR

    path = tmp_path / "fresh.duckdb"
    create_database(path, with_demo=True, force=False, demo_dir=DEMO_DIR)
    monkeypatch.setenv("JTWG_DB", str(path))
    monkeypatch.chdir(PROJECT_ROOT)
    st.cache_resource.clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=60).run()
    assert "jtwg users add NAME --role secretariat" in at.warning[0].value
    st.cache_resource.clear()


def test_secretariat_adds_an_account_in_settings(app, demo_db_file):
    at = app("fr")
    at.switch_page("pages/settings.py").run()
    form_inputs = [w for w in at.text_input if w.label in ("Identifiant", "Nom", "Mot de passe")]
    by_label = {w.label: w for w in form_inputs}
    by_label["Identifiant"].input("new-member")
    by_label["Mot de passe"].input("short")
    at.button(key="FormSubmitter:user_add-Ajouter un compte").click().run()
    assert any("12" in e.value for e in at.error)
    by_label = {w.label: w for w in at.text_input if w.label in ("Identifiant", "Nom", "Mot de passe")}
    by_label["Identifiant"].input("observer-2")
    by_label["Mot de passe"].input("a long enough password")
    at.button(key="FormSubmitter:user_add-Ajouter un compte").click().run()
    assert not at.exception
    conn = db.connect(demo_db_file)
    try:
        assert conn.execute("SELECT count(*) FROM app_user WHERE username = 'observer-2'").fetchone()[0] == 1
    finally:
        conn.close()


def test_an_idle_session_must_sign_in_again(app):
    from datetime import datetime, timedelta

    from jtwg.ui.auth import SEEN_KEY

    at = app("en")
    assert at.title[0].value == "Overview"
    at.session_state[SEEN_KEY] = datetime.now() - timedelta(minutes=31)
    at.run()
    assert "_jtwg_user" not in at.session_state and not at.metric   # signed out: the overview is gone
    at.switch_page("pages/login.py").run()   # a browser lands here by itself: it is the only page left
    assert [t.value for t in at.title] == ["Sign in"]
    assert "Your session has expired" in " ".join(i.value for i in at.info)


def test_secretariat_lifts_a_lock_in_settings(app, demo_db_file):
    from datetime import datetime

    from jtwg.services import auth

    conn = db.connect(demo_db_file)
    try:
        for _ in range(auth.MAX_FAILED_ATTEMPTS):
            try:
                auth.authenticate(conn, username="member-pr", password="not the password", now=datetime.now(),
                                  client="10.9.9.9")
            except auth.SignInFailed:
                pass
    finally:
        conn.close()
    at = app("en")
    at.switch_page("pages/settings.py").run()
    at.selectbox(key="user_manage").select("member-pr").run()
    at.button(key="user_unlock").click().run()
    assert any("member-pr unlocked" in s.value for s in at.success)
    assert not at.exception
    conn = db.connect(demo_db_file)
    try:
        assert conn.execute("SELECT count(*) FROM sign_in_failure WHERE username = 'member-pr'").fetchone()[0] == 0
        assert auth.authenticate(conn, username="member-pr", password=PASSWORD, now=datetime.now(), client="10.9.9.9")
    finally:
        conn.close()
