"""Per-session context for pages: the cached connection, this session's cursor, language, group, actor."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import duckdb
import streamlit as st

from jtwg import db
from jtwg.config import load_settings
from jtwg.errors import JtwgError, NotFound
from jtwg.i18n import t
from jtwg.models import Actor, Group
from jtwg.services import backups, scheduler
from jtwg.services.mail.jobs import register_mail_jobs
from jtwg.services import settings as app_settings
from jtwg.services.directory import Directory
from jtwg.store import groups

LANG_KEY = "lang"


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One connection per database file for the whole server process; it also starts the periodic jobs."""
    conn = db.connect(path)
    _periodic_jobs(conn)
    return conn


def _periodic_jobs(conn: duckdb.DuckDBPyConnection) -> None:
    """Register the periodic jobs and start the app's one scheduler thread (once per process)."""
    backups.schedule(load_settings())
    # Reminders and the outbox's retries; like backups, first run a while after start, not during it.
    register_mail_jobs(lambda name, every, fn: scheduler.register_job(name, every, fn, first_in=backups.FIRST_CHECK_AFTER))
    scheduler.start(conn)


_THREAD_CURSORS = threading.local()


def cursor() -> duckdb.DuckDBPyConnection:
    """This script run's own cursor: a DuckDB connection must not be shared between threads.

    Kept per thread, not per session: when a rerun arrives while a run is still busy (quick uploads,
    double clicks), Streamlit may start the new run on another thread while the old one finishes, and
    one cursor used by both fails ("connection is busy") or returns the other's rows.
    """
    path = str(load_settings().db_path)
    cursors = _THREAD_CURSORS.__dict__.setdefault("by_path", {})
    if path not in cursors:
        try:
            connection = _connection(path)
        except JtwgError as exc:   # locked, damaged, or written by a newer version: say so, in the user's language
            st.error(exc.message(current_lang()))
            st.stop()
        cursors[path] = connection.cursor()
    return cursors[path]


def current_lang() -> str:
    return st.session_state.get(LANG_KEY) or load_settings().default_lang


def language_switch() -> str:
    """English / Français in the sidebar, remembered for the session.

    Call it after st.navigation(): a sidebar widget created before it loses its first change on the
    landing page. Its label and default never change, or Streamlit would see a new widget and reset it.
    """
    names = {"en": "English", "fr": "Français"}
    st.sidebar.radio(
        f"{t('app.language', 'en')} / {t('app.language', 'fr')}",
        options=list(names), format_func=names.get, key=LANG_KEY, horizontal=True,
        index=list(names).index(load_settings().default_lang),
    )
    return current_lang()


def current_actor() -> Actor | None:
    """The signed-in user as the acting user, or None before sign-in."""
    from jtwg.ui.auth import current_user

    user = current_user(cursor())
    return user.actor() if user else None


@dataclass
class PageContext:
    cur: duckdb.DuckDBPyConnection
    lang: str
    group: Group
    directory: Directory
    today: date
    as_of: date | None
    actor: Actor


def page_context() -> PageContext | None:
    """Everything a page needs, or None (with a message shown) when there is no group yet."""
    cur = cursor()
    lang = current_lang()
    actor = current_actor()
    if actor is None:   # pages are only registered after sign-in; this guards a page run any other way
        st.stop()
    try:
        group = groups.get_group(cur, code=st.session_state.get("group_code"))
    except NotFound:
        st.info(t("app.no_group", lang))
        return None
    return PageContext(
        cur=cur, lang=lang, group=group, directory=Directory.load(cur, group_id=group.id),
        today=app_settings.today(cur), as_of=app_settings.as_of(cur), actor=actor,
    )


def show_error(exc: Exception, lang: str) -> None:
    """A clear message in the user's language for any error; never a traceback (see `forms.report_error`)."""
    from jtwg.ui.forms import report_error

    report_error(exc, lang)


@contextmanager
def guard(lang: str) -> Iterator[None]:
    """Run a page body; turn any error into a message (Streamlit's own control-flow exceptions pass)."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the edge: every error becomes a message
        if type(exc).__module__.startswith("streamlit"):
            raise
        show_error(exc, lang)
