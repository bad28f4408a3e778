"""The session's database cursor and language: the base every other UI module builds on (it imports none of them)."""

from __future__ import annotations

import threading

import duckdb
import streamlit as st

from jtwg import db
from jtwg.config import load_settings

LANG_KEY = "lang"


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    """One connection per database file for the whole server process."""
    return db.connect(path)


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
        cursors[path] = _connection(path).cursor()
    return cursors[path]


def current_lang() -> str:
    return st.session_state.get(LANG_KEY) or load_settings().default_lang
