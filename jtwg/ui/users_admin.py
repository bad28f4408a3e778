"""Settings section for the secretariat: accounts (list, add, disable or enable, lift a lock, reset password)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from pydantic import ValidationError

from jtwg.i18n import format_date, label, t
from jtwg.models.common import NON_PARTY_DELEGATIONS, UserRole
from jtwg.models.users import UserCreate
from jtwg.services import auth, permissions
from jtwg.ui.display import table
from jtwg.ui.context import PageContext, show_error


def render_user_admin(ctx: PageContext) -> None:
    lang, cur = ctx.lang, ctx.cur
    if not permissions.allowed(ctx.actor, "user.create"):
        return
    st.subheader(t("users.title", lang))
    users = auth.list_users(cur, actor=ctx.actor)
    table([{
        "username": u.username, "name": u.display_name, "role": label(u.role, lang), "delegation": u.delegation or "",
        "subcommittees": ", ".join(u.subcommittee_codes),
        "last": format_date(u.last_login_at.date(), lang, "medium") if u.last_login_at else "",
        "state": t("users.state_disabled", lang) if u.disabled else (
            t("users.state_locked", lang) if u.locked_until and u.locked_until > datetime.now() else t("users.state_active", lang)),
    } for u in users], {
        "username": "users.col_username", "name": "users.col_name", "role": "users.col_role",
        "delegation": "users.col_delegation", "subcommittees": "users.col_subcommittees", "last": "users.col_last",
        "state": "users.col_state",
    }, lang)
    delegations = ["NE", "NG", *NON_PARTY_DELEGATIONS]
    codes = [s.code for s in ctx.directory.subcommittees.values()]
    with st.expander(t("users.add", lang), icon=":material/person_add:"):
        with st.form("user_add", clear_on_submit=True):
            c1, c2 = st.columns(2)
            username = c1.text_input(t("users.col_username", lang), max_chars=60)
            name = c2.text_input(t("users.col_name", lang), max_chars=120)
            role = c1.selectbox(t("users.col_role", lang), [r.value for r in UserRole], format_func=lambda r: label(UserRole(r), lang))
            delegation = c2.selectbox(t("users.col_delegation", lang), delegations,
                                      format_func=lambda d: ctx.directory.delegation(d, lang))
            subs = st.multiselect(t("users.col_subcommittees", lang), codes,
                                  format_func=lambda c: f"{c} — {next(s.name.get(lang) for s in ctx.directory.subcommittees.values() if s.code == c)}")
            password = st.text_input(t("users.password", lang), type="password", help=t("invalid.weak_password", lang))
            if st.form_submit_button(t("users.add", lang), type="primary"):
                try:
                    data = UserCreate(username=username, display_name=name, role=role, delegation=delegation,
                                      subcommittee_codes=subs, password=password)
                    user = auth.create_user(cur, data=data, actor=ctx.actor)
                    st.success(t("cli.users.added", lang, user=user.username, role=label(user.role, lang)))
                except (ValidationError, Exception) as exc:  # noqa: BLE001 - shown as a message
                    show_error(exc, lang)
    if not users:
        return
    with st.expander(t("users.manage", lang), icon=":material/manage_accounts:"):
        chosen = st.selectbox(t("users.col_username", lang), [u.username for u in users], key="user_manage")
        target = next(u for u in users if u.username == chosen)
        c1, c2 = st.columns(2)
        with c1:
            if target.disabled:
                if st.button(t("users.enable", lang), key="user_enable"):
                    _run(lambda: auth.set_disabled(cur, username=chosen, disabled=False, actor=ctx.actor), lang,
                         t("cli.users.enabled_now", lang, user=chosen))
            elif chosen != ctx.actor.username and st.button(t("users.disable", lang), key="user_disable"):
                _run(lambda: auth.set_disabled(cur, username=chosen, disabled=True, actor=ctx.actor), lang,
                     t("cli.users.disabled_now", lang, user=chosen))
            # A lock stops guesses from one device; lifting it keeps the password (no reset needed).
            if target.locked_until and st.button(t("security.unlock", lang), key="user_unlock", icon=":material/lock_open:"):
                _run(lambda: auth.unlock(cur, username=chosen, actor=ctx.actor), lang,
                     t("security.unlocked", lang, user=chosen))
        with c2:
            with st.form("user_reset", clear_on_submit=True):
                new = st.text_input(t("users.new_password", lang), type="password")
                if st.form_submit_button(t("users.reset", lang)):
                    _run(lambda: auth.reset_password(cur, username=chosen, password=new, actor=ctx.actor), lang,
                         t("cli.users.reset_done", lang, user=chosen))


def _run(action, lang: str, success: str) -> None:
    try:
        action()
        st.success(success)
    except Exception as exc:  # noqa: BLE001 - shown as a message
        show_error(exc, lang)
