"""Sign-in for the Streamlit app: login form, signed session cookie, idle expiry, sign-out that revokes the token.

The cookie is HttpOnly: page scripts cannot read or write it. The server sets and clears it in the routes of
jtwg.ui.session_routes; this module only sends the browser there (with a one-time ticket after sign-in).
It builds on jtwg.ui.session and jtwg.ui.session_routes; jtwg.ui.context builds on it (never the other way round).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from urllib.parse import urlencode

import streamlit as st
import streamlit.components.v1 as components

from jtwg.config import cookie_secret, load_settings
from jtwg.errors import JtwgError, NotFound
from jtwg.i18n import label, t
from jtwg.models.common import Actor
from jtwg.models.users import User
from jtwg.services import auth
from jtwg.ui.session import current_lang, cursor
from jtwg.ui.session_routes import COOKIE, END_PATH, NOTICES, START_PATH, base_path

__all__ = ["COOKIE", "account_box", "apply_cookie", "client_address", "current_user", "login_page", "sign_out"]
# Session-state keys written by this module only. None of them is a widget key, so a client
# cannot set them: the signed-in user comes from a checked password or a verified cookie.
USER_KEY = "_jtwg_user"
SEEN_KEY = "_jtwg_last_seen"
COOKIE_TODO_KEY = "_jtwg_cookie_todo"
SIGNED_OUT_KEY = "_jtwg_signed_out"
NOTICE_KEY = "_jtwg_auth_notice"
TOKEN_KEY = "_jtwg_token_id"
VERSION_KEY = "_jtwg_session_version"


def _now() -> datetime:
    return datetime.now()


def client_address() -> str:
    """Where this session connects from, as the server sees it (failed sign-ins are counted per client)."""
    address = st.context.ip_address   # None on localhost
    return address if isinstance(address, str) and address else "local"


def current_user(cur) -> User | None:
    """The signed-in user of this session, from session state or the session cookie, or None."""
    settings = load_settings()
    state = st.session_state
    now = _now()
    username = state.get(USER_KEY)
    if username:
        seen = state.get(SEEN_KEY)
        if seen and now - seen > timedelta(minutes=settings.idle_minutes):
            sign_out(cur, notice="auth.expired")
            return None
        try:
            user = auth.get_user(cur, username=username)
        except NotFound:
            user = None
        if (user is None or user.disabled or user.session_version != state.get(VERSION_KEY)
                or not auth.token_alive(cur, token_id=state.get(TOKEN_KEY), username=username, now=now)):
            sign_out(cur, notice="auth.expired")
            return None
        state[SEEN_KEY] = now
        return user
    if state.get(SIGNED_OUT_KEY):
        return None   # this connection still carries the cookie it was opened with
    secret = cookie_secret(settings)
    token = st.context.cookies.get(COOKIE)
    user = auth.user_from_token(cur, token=token, secret=secret, now=now)
    if user is not None:
        _remember(user, auth.token_id(token, secret=secret, now=now), now)
    return user


def _remember(user: User, token_id: str | None, now: datetime) -> None:
    st.session_state[USER_KEY] = user.username
    st.session_state[VERSION_KEY] = user.session_version
    st.session_state[TOKEN_KEY] = token_id
    st.session_state[SEEN_KEY] = now


def signed_in_state(cur, *, username: str, hours: float = 8) -> dict[str, object]:
    """The session state a successful sign-in of `username` leaves, with a live token recorded in the database:
    for script runs without a browser or its cookie (AppTest, benchmarks)."""
    user = auth.get_user(cur, username=username)
    secret, now = cookie_secret(load_settings()), _now()
    token = auth.issue_token(cur, user=user, secret=secret, now=now, hours=hours)
    return {USER_KEY: user.username, VERSION_KEY: user.session_version, TOKEN_KEY: auth.token_id(token, secret=secret, now=now)}


def sign_out(cur, *, notice: str | None = "auth.signed_out") -> None:
    """End this session and revoke its token on the server: a copy of the cookie stops working too."""
    auth.revoke(cur, token_id=st.session_state.get(TOKEN_KEY), now=_now())
    for key in (USER_KEY, SEEN_KEY, VERSION_KEY, TOKEN_KEY):
        st.session_state.pop(key, None)
    st.session_state[SIGNED_OUT_KEY] = True
    st.session_state[COOKIE_TODO_KEY] = ("delete", notice)
    if notice:
        st.session_state[NOTICE_KEY] = notice


def apply_cookie() -> bool:
    """After sign-in or sign-out, send the browser to the server route that sets or deletes the HttpOnly cookie.

    The component runs in a same-origin frame, so it can move the app's own window; the route answers with
    the cookie and a redirect back to the app (see jtwg.ui.session_routes). True when the browser is leaving:
    the caller need not draw the page.
    """
    todo = st.session_state.pop(COOKIE_TODO_KEY, None)
    if not todo:
        return False
    action, value = todo
    query = {"lang": current_lang()}
    if action == "set":
        path, query["ticket"] = START_PATH, value
    else:
        path = END_PATH
        query["notice"] = next((name for name, key in NOTICES.items() if key == value), "")
    url = base_path().rstrip("/") + path + "?" + urlencode(query)
    # The frame is sandboxed without top navigation, but same-origin: a link clicked in the app's own page
    # navigates that page (assigning window.parent.location from the frame would be blocked).
    script = ("<script>const doc = window.parent.document; const a = doc.createElement('a');"
              f"a.href = {json.dumps(url)}; a.style.display = 'none'; doc.body.appendChild(a); a.click();</script>")
    components.html(script, height=0)
    return True


def login_page() -> None:
    """The only page registered before sign-in."""
    lang = current_lang()
    cur = cursor()
    st.title(t("auth.title", lang))
    # Kept until the next sign-in: reruns show it again. After a redirect it comes in the address (?notice=).
    notice = st.session_state.get(NOTICE_KEY) or NOTICES.get(st.query_params.get("notice", ""))
    if notice:
        st.info(t(notice, lang))
    if auth.count_users(cur) == 0:
        st.warning(t("auth.no_users", lang))
        return
    st.caption(t("auth.intro", lang))
    with st.form("login", clear_on_submit=False):
        username = st.text_input(t("auth.username", lang), key="login_username")
        password = st.text_input(t("auth.password", lang), type="password", key="login_password")
        submitted = st.form_submit_button(t("auth.submit", lang), type="primary")
    if not submitted:
        return
    try:
        user = auth.authenticate(cur, username=username, password=password, now=_now(), client=client_address())
    except JtwgError as exc:
        st.error(exc.message(lang))
        return
    settings = load_settings()
    secret = cookie_secret(settings)
    token = auth.issue_token(cur, user=user, secret=secret, now=_now(), hours=settings.session_hours)
    st.session_state.pop(SIGNED_OUT_KEY, None)
    st.session_state.pop(NOTICE_KEY, None)
    token_id = auth.token_id(token, secret=secret, now=_now())
    _remember(user, token_id, _now())
    # The token itself never reaches the page: the browser gets a one-time ticket to exchange for the cookie.
    st.session_state[COOKIE_TODO_KEY] = ("set", auth.issue_ticket(cur, token_id=token_id, now=_now()))
    st.rerun()


def account_box(user: User, actor: Actor | None, lang: str) -> None:
    """Who is signed in (with their role in the group they work in), and a sign-out button, in the sidebar."""
    role = label(actor.role, lang) if actor else t("app.no_role", lang)
    st.sidebar.caption(t("auth.signed_in_as", lang, user=user.display_name, role=role))
    if st.sidebar.button(t("auth.sign_out", lang), key="sign_out", icon=":material/logout:"):
        sign_out(cursor())
        st.rerun()
