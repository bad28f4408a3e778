"""The session's database cursor and language: the base every other UI module builds on (it imports none of them)."""

from __future__ import annotations

import threading

import duckdb
import streamlit as st

from jtwg import db
from jtwg.config import load_settings
from jtwg.errors import JtwgError

from jtwg.services import backups, scheduler
from jtwg.services.mail.jobs import register_mail_jobs

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
    """The session's language; a new session opened by a sign-in or sign-out redirect takes it from `?lang=`."""
    lang = st.session_state.get(LANG_KEY)
    if lang:
        return lang
    wanted = st.query_params.get("lang")
    if wanted in ("en", "fr"):
        st.session_state[LANG_KEY] = wanted
        return wanted
    return load_settings().default_lang


def request_cursor() -> duckdb.DuckDBPyConnection:
    """A cursor of its own for one HTTP request outside a script run (the sign-in routes); close it after."""
    return _connection(str(load_settings().db_path)).cursor()
