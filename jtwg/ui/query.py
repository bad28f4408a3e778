"""Filters that live both in widgets and in the page URL, so other pages can link to a filtered list."""

from __future__ import annotations

from typing import Callable

import streamlit as st


def sync_from_url(prefix: str, keys: tuple[str, ...], apply: Callable[[dict[str, str]], None]) -> None:
    """Call `apply(params)` when the URL's filter parameters differ from those last seen by this page.

    `apply` sets the widgets' session-state values; a link followed later in the same session
    (a new URL) applies again, while reruns of the same URL keep what the user chose since.
    """
    params = {k: st.query_params.get(k) for k in keys if st.query_params.get(k) not in (None, "")}
    marker = f"{prefix}::url"
    if st.session_state.get(marker) != params:
        apply(params)
        st.session_state[marker] = params


def write_to_url(prefix: str, keys: tuple[str, ...], params: dict[str, str]) -> None:
    """Show the current filters in the URL (shareable), without re-applying them on the next run."""
    for k in keys:
        if k in params:
            if st.query_params.get(k) != params[k]:
                st.query_params[k] = params[k]
        elif k in st.query_params:
            del st.query_params[k]
    st.session_state[f"{prefix}::url"] = {k: v for k, v in params.items() if k in keys}


def lang_widget(base: str, lang: str) -> dict:
    """Keyword arguments (key, on_change, args) for a widget whose shown labels depend on the language.

    Streamlit keeps a keyed widget's option labels from when it was first drawn, so after a language
    switch a select box would still speak the old language. Each language gets its own widget key;
    the chosen value lives under `base` (set by URL parameters too) and is copied into the widget
    before it is drawn and back when the user changes it.
    """
    key = f"{base}::{lang}"
    if base in st.session_state:
        st.session_state[key] = st.session_state[base]
    return {"key": key, "on_change": _keep, "args": (key, base)}


def _keep(key: str, base: str) -> None:
    st.session_state[base] = st.session_state[key]
