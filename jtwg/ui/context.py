"""Per-session context for pages: the cached connection, this session's cursor, language, group, actor."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import duckdb
import streamlit as st

from jtwg.config import load_settings
from jtwg.i18n import t
from jtwg.models import Actor, Group
from jtwg.models.users import User
from jtwg.services import auth
from jtwg.services import settings as app_settings
from jtwg.services.directory import Directory
from jtwg.services.permissions import may_open_page
from jtwg.ui.auth import current_user, login_page
from jtwg.ui.session import LANG_KEY, cursor, current_lang

__all__ = ["LANG_KEY", "ROUTED_KEY", "Entry", "PageContext", "routed", "through_app", "cursor", "current_actor", "current_lang",
           "enter_group", "group_chooser", "guard", "language_switch",
           "page_context", "show_error"]

log = logging.getLogger("jtwg.ui")


def language_switch() -> str:
    """English / Français in the sidebar, remembered for the session.

    Call it after st.navigation(): a sidebar widget created before it loses its first change on the
    landing page. Its label and default never change, or Streamlit would see a new widget and reset it.
    """
    names = {"en": "English", "fr": "Français"}
    st.sidebar.radio(
        f"{t('app.language', 'en')} / {t('app.language', 'fr')}",
        options=list(names), format_func=names.get, key=LANG_KEY, horizontal=True,
        # No default when the language was already put in session state (from `?lang=`, see current_lang).
        index=0 if LANG_KEY in st.session_state else list(names).index(load_settings().default_lang),
    )
    return current_lang()


ROUTED_KEY = "_jtwg_routed"


def routed() -> None:
    """Called by app.py on every run: the pages run from here on come through its st.navigation."""
    st.session_state[ROUTED_KEY] = True


def through_app() -> None:
    """Send a page reached through Streamlit's own pages/ folder routing through app.py instead.

    That routing answers a server's first requests until some session has run app.py: it would run a page
    file without app.py's checks and list the raw file names in the sidebar. The page shows nothing of its
    own, the listing is hidden, and app.py's st.navigation (only the pages the user's role may open) takes over.
    """
    if not st.session_state.get(ROUTED_KEY):
        st.markdown("<style>[data-testid='stSidebarNav']{display:none}</style>", unsafe_allow_html=True)
        st.switch_page("app.py")


GROUP_KEY = "group_code"          # the group this session works in (set by the chooser or a link's ?group=)
GROUP_CHOICE_KEY = "group_choice"  # the sidebar chooser's widget


@dataclass
class Entry:
    """The signed-in user, the group they work in now (None when they may enter none) and the groups they may."""

    user: User
    group: Group | None
    actor: Actor | None
    groups: list[Group]
    refused: str | None = None   # a group asked for in the address that this user holds no role in


def _choose_group() -> None:
    st.session_state[GROUP_KEY] = st.session_state[GROUP_CHOICE_KEY]
    st.query_params["group"] = st.session_state[GROUP_CHOICE_KEY]


def enter_group(user: User) -> Entry:
    """The group this session works in and the user acting in it, with that group's role.

    A link's `?group=CODE` chooses it when the user holds a role there; otherwise the session's choice, else
    the first group the user may enter. The address always says the group, so links and reloads keep it.
    """
    cur = cursor()
    allowed_groups = auth.groups_of(cur, user=user)
    by_code = {g.code: g for g in allowed_groups}
    asked = st.query_params.get("group")
    refused = None
    if asked and asked in by_code:
        st.session_state[GROUP_KEY] = asked
    elif asked:
        refused = asked
    group = by_code.get(st.session_state.get(GROUP_KEY) or "") or (allowed_groups[0] if allowed_groups else None)
    if group is None:
        return Entry(user=user, group=None, actor=user.actor(None) if user.administrator else None,
                     groups=[], refused=refused)
    st.session_state[GROUP_KEY] = group.code
    if refused is None and asked != group.code:
        st.query_params["group"] = group.code
    return Entry(user=user, group=group, actor=user.actor(group.id), groups=allowed_groups, refused=refused)


def group_chooser(entry: Entry, lang: str) -> None:
    """The working-group chooser in the sidebar, for users who may enter several groups."""
    if entry.group is None or len(entry.groups) < 2:
        return
    codes = [g.code for g in entry.groups]
    names = {g.code: g.name.get(lang) for g in entry.groups}
    st.session_state[GROUP_CHOICE_KEY] = entry.group.code
    st.sidebar.selectbox(t("app.group", lang), codes, key=GROUP_CHOICE_KEY, on_change=_choose_group,
                         format_func=lambda c: f"{c} – {names[c]}")


def current_actor() -> Actor | None:
    """The signed-in user acting in the session's group, or None before sign-in (or with no group to enter)."""
    user = current_user(cursor())
    return enter_group(user).actor if user else None


@dataclass
class PageContext:
    cur: duckdb.DuckDBPyConnection
    lang: str
    group: Group
    directory: Directory
    today: date
    as_of: date | None
    actor: Actor


def page_context(page: str) -> PageContext | None:
    """Everything page `page` needs; it stops the page unless the signed-in user may open it.

    Every page calls it first, so a page refuses by itself however it is reached: through app.py's
    navigation, or through Streamlit's own pages/ folder routing on a server that has just started.
    With nobody signed in it shows the sign-in form instead; with no group yet, a message and None.
    """
    through_app()
    cur = cursor()
    lang = current_lang()
    user = current_user(cur)
    if user is None:
        login_page()
        st.stop()
    entry = enter_group(user)
    if entry.refused:
        st.error(t("app.group_refused", lang, group=entry.refused))
        st.stop()
    actor, group = entry.actor, entry.group
    if actor is None:
        st.info(t("app.no_group_for_user", lang))
        st.stop()
    if not may_open_page(actor, page):
        st.error(t("security.page_refused", lang))
        st.stop()
    if group is None:
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
