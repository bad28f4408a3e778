"""One page of a long table: a picker of rows 1–100, 101–200, … and the slice it stands for.

Long lists (the action tracker, the audit trail) read and draw only the rows of the page shown. The page
goes back to the first whenever what is listed changes (other filters), so it never points past the end.
"""

from __future__ import annotations

import streamlit as st

from jtwg.i18n import t

PAGE_SIZE = 100


def page_offset(key: str, *, total: int, lang: str, listing: object = None, size: int = PAGE_SIZE) -> int:
    """The offset of the first row to show; a picker is drawn only when there is more than one page.

    `listing` is anything that identifies what is listed (the filters): when it changes, page one again.
    """
    pages = max(1, -(-total // size))
    if st.session_state.get(key + "_listing") != repr(listing):
        st.session_state[key + "_listing"] = repr(listing)
        st.session_state[key] = 0
    if st.session_state.get(key, 0) >= pages:
        st.session_state[key] = 0
    if pages < 2:
        return 0
    widget = f"{key}::{lang}"   # per language: a select box keeps the labels it was first drawn with
    st.session_state[widget] = st.session_state.get(key, 0)

    def keep() -> None:
        st.session_state[key] = st.session_state[widget]

    chosen = st.selectbox(t("paging.rows", lang, pages=pages), range(pages), key=widget, on_change=keep,
                          format_func=lambda i: t("paging.range", lang, first=i * size + 1,
                                                  last=min(total, (i + 1) * size), total=total))
    return chosen * size
