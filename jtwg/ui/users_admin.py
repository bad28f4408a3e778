"""Settings section for administrators: accounts (list, add, roles per group, disable or enable, lift a lock,
reset password)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st
from pydantic import ValidationError

from jtwg.i18n import format_date, label, t
from jtwg.models.common import NON_PARTY_DELEGATIONS, UserRole
from jtwg.models.users import GroupRoleSet, UserCreate
from jtwg.services import auth, permissions
from jtwg.ui.display import table
from jtwg.ui.forms import run_change, show_flash
from jtwg.ui.context import PageContext, show_error


def render_user_admin(ctx: PageContext) -> None:
    lang, cur = ctx.lang, ctx.cur
    if not permissions.allowed(ctx.actor, "user.create"):
        return
    st.subheader(t("users.title", lang))
    show_flash()
    users = auth.list_users(cur, actor=ctx.actor)
    table([{
        "username": u.username, "name": u.display_name, "roles": auth.describe_roles(u, lang),
        "last": format_date(u.last_login_at.date(), lang, "medium") if u.last_login_at else "",
        "state": t("users.state_disabled", lang) if u.disabled else (
            t("users.state_locked", lang) if u.locked_until and u.locked_until > datetime.now() else t("users.state_active", lang)),
    } for u in users], {
        "username": "users.col_username", "name": "users.col_name", "roles": "users.col_roles", "last": "users.col_last",
        "state": "users.col_state",
    }, lang)
    group = ctx.group.code
    with st.expander(t("users.add", lang), icon=":material/person_add:"):
        with st.form("user_add", clear_on_submit=True):
            c1, c2 = st.columns(2)
            username = c1.text_input(t("users.col_username", lang), max_chars=60)
            name = c2.text_input(t("users.col_name", lang), max_chars=120)
            administrator = st.checkbox(t("users.make_administrator", lang))
            role, delegation, subs = _role_fields(ctx, "user_add")
            password = st.text_input(t("users.password", lang), type="password", help=t("invalid.weak_password", lang))
            if st.form_submit_button(t("users.add", lang), type="primary"):
                try:
                    # An administrator is a secretariat account with no group; anyone else gets a role in this group.
                    data = UserCreate(username=username, display_name=name,
                                      role=UserRole.SECRETARIAT if administrator else role,
                                      delegation="secretariat" if administrator else delegation,
                                      subcommittee_codes=[] if administrator else subs,
                                      group_code=None if administrator else group, password=password)
                    user = auth.create_user(cur, data=data, actor=ctx.actor)
                    st.success(t("cli.users.added", lang, user=user.username, role=auth.describe_roles(user, lang)))
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
        if not target.administrator:
            _role_form(ctx, target)
        with c2:
            with st.form("user_reset", clear_on_submit=True):
                new = st.text_input(t("users.new_password", lang), type="password")
                if st.form_submit_button(t("users.reset", lang)):
                    _run(lambda: auth.reset_password(cur, username=chosen, password=new, actor=ctx.actor), lang,
                         t("cli.users.reset_done", lang, user=chosen))


def _role_fields(ctx: PageContext, key: str, held=None) -> tuple[str, str, list[str]]:
    """Role, delegation and sub-committees in the current group (a member needs at least one sub-committee)."""
    lang, subcommittees = ctx.lang, list(ctx.directory.subcommittees.values())
    roles = [r.value for r in UserRole]
    parties = [ctx.directory.orgs[o].country for o in (ctx.group.party_a_org_id, ctx.group.party_b_org_id)
               if o in ctx.directory.orgs and ctx.directory.orgs[o].country]
    delegations = [*dict.fromkeys(parties), *NON_PARTY_DELEGATIONS]
    c1, c2 = st.columns(2)
    role = c1.selectbox(t("users.col_role", lang), roles, key=f"{key}_role",
                        index=roles.index(held.role.value) if held else 0, format_func=lambda r: label(UserRole(r), lang))
    delegation = c2.selectbox(t("users.col_delegation", lang), delegations, key=f"{key}_delegation",
                              index=delegations.index(held.delegation) if held and held.delegation in delegations else 0,
                              format_func=lambda d: ctx.directory.delegation(d, lang))
    names = {s.code: s.name.get(lang) for s in subcommittees}
    subs = st.multiselect(t("users.col_subcommittees", lang), list(names), key=f"{key}_subs",
                          placeholder=t("users.subcommittees_hint", lang),
                          default=[c for c in (held.subcommittee_codes if held else []) if c in names],
                          format_func=lambda c: f"{c} — {names[c]}")
    return role, delegation, subs


def _role_form(ctx: PageContext, target) -> None:
    """The chosen account's role in the group being worked in: give or change it, or take it away."""
    lang, group = ctx.lang, ctx.group.code
    held = target.role_in(ctx.group.id)
    with st.form(f"user_role_{target.username}"):
        st.markdown(f"**{t('users.role_here', lang, group=group)}**", help=t("users.role_here_help", lang))
        role, delegation, subs = _role_fields(ctx, f"user_role_{target.username}", held)
        if st.form_submit_button(t("users.set_role", lang, group=group)):
            def give() -> None:
                data = GroupRoleSet(group_code=group, role=role, delegation=delegation, subcommittee_codes=subs)
                auth.set_group_role(ctx.cur, username=target.username, data=data, actor=ctx.actor)
            # A rerun on success: the accounts table above shows the new role at once.
            run_change(lang, give, "users.role_set", forget_keys=(f"user_role_{target.username}_",),
                       user=target.username, role=label(UserRole(role), lang), group=group)
    if held and st.button(t("users.remove_role", lang, group=group), key=f"user_role_remove_{target.username}"):
        run_change(lang, lambda: auth.remove_group_role(ctx.cur, username=target.username, group_code=group,
                                                        actor=ctx.actor),
                   "users.role_removed", forget_keys=(f"user_role_{target.username}_",), user=target.username, group=group)


def _run(action, lang: str, success: str) -> None:
    try:
        action()
        st.success(success)
    except Exception as exc:  # noqa: BLE001 - shown as a message
        show_error(exc, lang)
