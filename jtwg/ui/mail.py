"""Email screens: the outbox, reminders (schedule, preview, send now), contacts, mail settings, one's own
reminder preference, and the panels that email circulated minutes and meeting invitations."""

from __future__ import annotations


import streamlit as st

from jtwg.i18n import format_date, t
from jtwg.models import Meeting
from jtwg.services import permissions
from jtwg.services.mail import circulation, contacts, invitations, reminders
from jtwg.services.mail import config as mail_config
from jtwg.services.mail import outbox
from jtwg.services.mail.compose import render_text
from jtwg.ui.display import table
from jtwg.ui.context import PageContext
from jtwg.ui.forms import run_change, show_flash

TAB_KEY = "mail_tab"   # per language, as the tab's labels are: st.session_state[f"{TAB_KEY}::en"] = "Contacts"
STATE_ICONS = {"queued": ":material/schedule_send:", "sent": ":material/mark_email_read:", "failed": ":material/error:"}


def _lang_name(code: str, lang: str) -> str:
    return " + ".join(t(f"mail.lang.{c}", lang) for c in code.split("+") if c) if code else "—"


def _recipients_table(people: list[contacts.Recipient], lang: str, *, with_profile: bool = False) -> None:
    columns = {"name": "mail.col_name", "org": "mail.col_org", "email": "mail.col_email", "lang": "mail.col_lang"}
    if with_profile:
        columns["profile"] = "mail.col_profile"
    table([{"name": p.name, "org": p.org or "", "email": p.email or t("mail.no_address", lang), "lang": _lang_name(p.lang, lang),
            "profile": t(f"mail.profile.{p.profile.value}", lang)} for p in people], columns, lang)


def my_preference(ctx: PageContext) -> None:
    """Any signed-in user: turn one's own reminder emails off or on."""
    lang = ctx.lang
    st.subheader(t("mail.mine_title", lang))
    me = contacts.my_person(ctx.cur, actor=ctx.actor)
    if me is None:
        st.info(t("mail.error.no_person", lang))
        return
    st.caption(t("mail.mine_address", lang, email=me["email"] or t("mail.no_address", lang),
                 lang_name=_lang_name(me["lang"] or "", lang)))
    wanted = st.toggle(t("mail.mine_toggle", lang), value=not me["reminders_off"], key="mail_my_reminders")
    if wanted == me["reminders_off"]:
        run_change(ctx.lang, lambda: contacts.set_my_reminders(ctx.cur, off=not wanted, actor=ctx.actor),
                   "mail.mine_saved_on" if wanted else "mail.mine_saved_off")


def reminders_tab(ctx: PageContext) -> None:
    lang, cur = ctx.lang, ctx.cur
    schedule = mail_config.schedule(cur)
    with st.expander(t("mail.schedule_title", lang), icon=":material/event_repeat:"):
        with st.form("mail_schedule"):
            c1, c2, c3 = st.columns(3)
            days = c1.text_input(t("mail.schedule_days", lang), value=", ".join(str(d) for d in schedule.days_before),
                                 help=t("mail.schedule_days_help", lang))
            every = c2.number_input(t("mail.schedule_every", lang), min_value=1, max_value=365, value=schedule.overdue_every)
            enabled = c3.toggle(t("mail.schedule_enabled", lang), value=schedule.enabled)
            if st.form_submit_button(t("common.save", lang), type="primary", key="mail_schedule_save"):
                run_change(ctx.lang, lambda: mail_config.save_schedule(cur, days_before=days, overdue_every=every, enabled=enabled,
                                                                  actor=ctx.actor), "mail.schedule_saved")
    st.caption(t("mail.schedule_now", lang, days=", ".join(str(d) for d in schedule.days_before), every=schedule.overdue_every))
    as_of = st.date_input(t("mail.as_of", lang), value=ctx.today, format="DD/MM/YYYY", key="mail_as_of")
    digests = reminders.plan(cur, group_id=ctx.group.id, as_of=as_of, actor=ctx.actor)
    st.subheader(t("mail.preview_title", lang, count=len([d for d in digests if not d.skipped])))
    if not digests:
        st.info(t("mail.preview_none", lang, date=format_date(as_of, lang)))
        return
    table([{"name": d.recipient.name, "org": d.recipient.org or "", "email": d.recipient.email or "",
            "lang": _lang_name(d.recipient.lang, lang), "items": ", ".join(i.action.code for i in d.items),
            "state": t(f"mail.skipped.{d.skipped}", lang) if d.skipped else t("mail.will_send", lang)} for d in digests],
          {"name": "mail.col_name", "org": "mail.col_org", "email": "mail.col_email", "lang": "mail.col_lang",
           "items": "mail.col_items", "state": "mail.col_state"}, lang)
    config = mail_config.load(cur)
    orgs = {o.id: o.acronym for o in ctx.directory.orgs.values()}
    for d in digests:
        if d.skipped:
            continue
        # A message is written only when its expander is opened.
        preview = st.expander(t("mail.preview_message", lang, name=d.recipient.name, lang_name=_lang_name(d.recipient.lang, lang)),
                              key=f"mail_preview_{d.recipient.key}", on_change="rerun")
        with preview:
            if preview.open:
                text = render_text([reminders.letter(d, as_of=as_of, base_url=config.base_url, org_names=orgs,
                                                     lang=d.recipient.lang).typeset()])
                st.code(text, language=None, wrap_lines=True)
    if st.button(t("mail.send_reminders", lang), type="primary", icon=":material/send:", key="mail_send_reminders"):
        def send() -> dict:
            run = reminders.run_reminders(cur, as_of=as_of, dry_run=False, actor=ctx.actor, group_id=ctx.group.id,
                                          config=config)
            report = run.send
            return {"queued": len(run.queued), "sent": report.sent if report else 0,
                    "waiting": report.waiting if report else len(run.queued)}

        run_change(ctx.lang, send, "mail.reminders_sent")


def outbox_tab(ctx: PageContext) -> None:
    lang, cur = ctx.lang, ctx.cur
    config = mail_config.load(cur)
    counts = outbox.counts(cur, actor=ctx.actor)
    cols = st.columns(3)
    for col, state in zip(cols, outbox.STATES):
        col.metric(t(f"mail.state.{state}", lang), counts.get(state, 0))
    if config.can_send:
        st.caption(t("mail.smtp_in_use", lang, where=config.describe()))
        if counts.get("queued") and st.button(t("mail.send_queued", lang), icon=":material/send:", key="mail_send_queued"):
            def send() -> dict:
                report = outbox.send_queued(cur, config=config, actor=ctx.actor, ignore_backoff=True)
                return {"sent": report.sent, "waiting": report.waiting}

            run_change(ctx.lang, send, "mail.queue_sent")
    else:
        st.info(t("mail.no_smtp", lang), icon=":material/download:")
    st.caption(t("mail.settings_where", lang))
    messages = outbox.list_messages(cur, actor=ctx.actor)
    if not messages:
        st.caption(t("mail.outbox_empty", lang))
        return
    table([{"id": m["id"], "when": m["created_at"].strftime("%Y-%m-%d %H:%M"), "kind": t(f"mail.kind.{m['kind']}", lang),
            "to": m["recipient"], "lang": _lang_name(m["lang"], lang), "subject": m["subject"],
            "state": t(f"mail.state.{m['state']}", lang), "attempts": m["attempts"], "error": m["last_error"] or ""}
           for m in messages],
          {"id": "mail.col_id", "when": "mail.col_when", "kind": "mail.col_kind", "to": "mail.col_email",
           "lang": "mail.col_lang", "subject": "mail.col_subject", "state": "mail.col_state",
           "attempts": "mail.col_attempts", "error": "mail.col_error"}, lang)
    chosen = st.selectbox(t("mail.open_message", lang), [m["id"] for m in messages], key="mail_message",
                          format_func=lambda i: next(f"#{m['id']} · {m['recipient']} · {m['subject']}" for m in messages if m["id"] == i))
    detail = outbox.message_detail(cur, message_id=chosen, actor=ctx.actor)
    st.markdown(f"**{t('mail.col_subject', lang)}:** {detail['subject']}" if lang == "en"
                else f"**{t('mail.col_subject', lang)}\u00a0:** {detail['subject']}")
    st.caption(t("mail.message_state", lang, state=t(f"mail.state.{detail['state']}", lang), attempts=detail["attempts"],
                 error=detail["last_error"] or "—"))
    st.code(detail["body_text"], language=None, wrap_lines=True)
    for a in detail["attachments"]:
        st.caption(f":material/attach_file: {a['filename']} · {round(a['size'] / 1024)} KB")
    name, raw = outbox.eml(cur, message_id=chosen, actor=ctx.actor)
    c1, c2 = st.columns(2)
    c1.download_button(t("mail.download_eml", lang), raw, file_name=name, mime="message/rfc822", icon=":material/download:",
                       key=f"eml_{chosen}")
    if detail["state"] == "failed" and c2.button(t("mail.requeue", lang), key=f"requeue_{chosen}", icon=":material/replay:"):
        run_change(ctx.lang, lambda: outbox.requeue(cur, message_id=chosen, actor=ctx.actor), "mail.requeued")


def contacts_tab(ctx: PageContext) -> None:
    lang, cur = ctx.lang, ctx.cur
    people = contacts.list_contacts(cur, actor=ctx.actor)
    table([{"name": p["display_name"], "org": p["org"] or "", "email": p["email"] or "", "lang": _lang_name(p["lang"] or "", lang),
            "off": "✓" if p["reminders_off"] else "", "account": p["username"] or ""} for p in people],
          {"name": "mail.col_name", "org": "mail.col_org", "email": "mail.col_email", "lang": "mail.col_lang",
           "off": "mail.col_reminders_off", "account": "mail.col_account"}, lang)
    langs = ["", "en", "fr"]
    with st.form("mail_person_contact"):
        st.markdown(f"**{t('mail.edit_person', lang)}**")
        ids = [p["id"] for p in people]
        c1, c2, c3 = st.columns(3)
        who = c1.selectbox(t("mail.col_name", lang), ids, format_func=lambda i: next(
            f"{p['display_name']} ({p['org'] or '—'})" for p in people if p["id"] == i))
        email = c2.text_input(t("mail.col_email", lang), help=t("mail.email_help", lang), key="mail_person_email")
        plang = c3.selectbox(t("mail.col_lang", lang), langs, format_func=lambda c: _lang_name(c, lang) if c else "—")
        if st.form_submit_button(t("common.save", lang), type="primary", key="mail_person_save"):
            run_change(ctx.lang, lambda: contacts.set_person_contact(cur, person_id=who, email=email, lang=plang or None,
                                                                actor=ctx.actor), "mail.contact_saved")
    orgs = contacts.list_organisation_contacts(cur, actor=ctx.actor)
    with st.form("mail_org_contact"):
        st.markdown(f"**{t('mail.edit_org', lang)}**")
        c1, c2, c3 = st.columns(3)
        org = c1.selectbox(t("mail.col_org", lang), [o["id"] for o in orgs],
                           format_func=lambda i: next(f"{o['acronym']} · {o['email'] or '—'}" for o in orgs if o["id"] == i))
        email = c2.text_input(t("mail.col_email", lang), key="mail_org_email")
        olang = c3.selectbox(t("mail.col_lang", lang), langs, key="mail_org_lang",
                             format_func=lambda c: _lang_name(c, lang) if c else "—")
        if st.form_submit_button(t("common.save", lang), type="primary", key="mail_org_save"):
            run_change(ctx.lang, lambda: contacts.set_organisation_contact(cur, org_id=org, email=email, lang=olang or None,
                                                                      actor=ctx.actor), "mail.contact_saved")
    users = contacts.list_accounts(cur, actor=ctx.actor)
    with st.form("mail_link_account"):
        st.markdown(f"**{t('mail.link_account', lang)}**")
        c1, c2 = st.columns(2)
        username = c1.selectbox(t("mail.col_account", lang), users)
        person = c2.selectbox(t("mail.col_name", lang), [None, *[p["id"] for p in people]], format_func=lambda i: "—" if i is None
                              else next(f"{p['display_name']} ({p['org'] or '—'})" for p in people if p["id"] == i))
        if st.form_submit_button(t("common.save", lang), type="primary", key="mail_link_save"):
            run_change(ctx.lang, lambda: contacts.link_account(cur, username=username, person_id=person, actor=ctx.actor),
                       "mail.account_linked")


def render_mail_settings(ctx: PageContext) -> None:
    """On the Settings page: the mail server and sender, over the environment's values (never the password)."""
    lang, cur = ctx.lang, ctx.cur
    if not permissions.allowed(ctx.actor, "settings.update"):
        return
    env = mail_config.from_environment()
    config = mail_config.load(cur)
    st.subheader(t("mail.tab_settings", lang))
    st.caption(t("mail.settings_intro", lang))
    with st.form("mail_settings"):
        c1, c2, c3 = st.columns(3)
        host = c1.text_input(t("mail.setting.host", lang), help="JTWG_SMTP_HOST", value=config.host, placeholder=env.host, key="mail_settings_host")
        port = c2.text_input(t("mail.setting.port", lang), help="JTWG_SMTP_PORT", value=str(config.port or ""), placeholder=str(config.effective_port),
                             key="mail_settings_port")
        tls = c3.selectbox(t("mail.setting.tls", lang), mail_config.TLS_MODES, index=mail_config.TLS_MODES.index(config.tls),
                           help="JTWG_SMTP_TLS",
                           format_func=lambda m: t(f"mail.tls.{m}", lang))
        c4, c5, c6 = st.columns(3)
        user = c4.text_input(t("mail.setting.user", lang), help="JTWG_SMTP_USER", value=config.user)
        sender = c5.text_input(t("mail.setting.from", lang), help="JTWG_MAIL_FROM", value=config.mail_from)
        base = c6.text_input(t("mail.setting.base_url", lang), help="JTWG_BASE_URL", value=config.base_url)
        st.caption(t("mail.password_env", lang, state=t("mail.password_set" if env.password else "mail.password_unset", lang)))
        if st.form_submit_button(t("common.save", lang), type="primary", key="mail_settings_save"):
            values = {"mail.smtp_host": host, "mail.smtp_port": port, "mail.smtp_tls": tls, "mail.smtp_user": user,
                      "mail.from": sender, "mail.base_url": base}
            # A value equal to the environment's is not stored: the environment stays in charge of it.
            env_values = {"mail.smtp_host": env.host, "mail.smtp_port": str(env.port or ""), "mail.smtp_tls": env.tls,
                          "mail.smtp_user": env.user, "mail.from": env.mail_from, "mail.base_url": env.base_url}
            run_change(ctx.lang, lambda: mail_config.save(cur, {k: (None if v == env_values[k] else v) for k, v in values.items()},
                                                     actor=ctx.actor), "mail.settings_saved")


def email_page(ctx: PageContext) -> None:
    lang = ctx.lang
    show_flash()
    if permissions.allowed(ctx.actor, "mail.read"):
        # Only the tab shown is built (switching tabs reruns the page).
        tabs = st.tabs([t("mail.tab_reminders", lang), t("mail.tab_outbox", lang), t("mail.tab_contacts", lang),
                        t("mail.tab_mine", lang)], key=f"{TAB_KEY}::{lang}", on_change="rerun")
        for tab, build in zip(tabs, (reminders_tab, outbox_tab, contacts_tab, my_preference)):
            with tab:
                if tab.open:
                    build(ctx)
    else:
        my_preference(ctx)


# --- Panels in the meetings workspace ----------------------------------------------------------------


def circulation_panel(ctx: PageContext, meeting: Meeting) -> None:
    """In the lifecycle step, once circulated: preview recipients and message, then email the minutes."""
    lang, cur = ctx.lang, ctx.cur
    if not permissions.allowed(ctx.actor, "mail.send"):
        return
    with st.expander(t("mail.circulate_title", lang), icon=":material/forward_to_inbox:"):
        mode = st.radio(t("mail.circulate_lang", lang), circulation.LANG_MODES, horizontal=True, key=f"circ_mode_{meeting.id}",
                        format_func=lambda m: t(f"mail.circulate_lang.{m}", lang))
        plan = circulation.plan(cur, meeting_id=meeting.id, lang_mode=mode, actor=ctx.actor)
        st.caption(t("mail.recipients_count", lang, count=len(plan.sendable), missing=len(plan.recipients) - len(plan.sendable)))
        _recipients_table(plan.recipients, lang, with_profile=True)
        if plan.sendable:
            config = mail_config.load(cur)
            first = plan.sendable[0]
            st.code(render_text([circulation.letter(cur, plan, first, x, base_url=config.base_url).typeset()
                                 for x in plan.langs_for(first)]), language=None, wrap_lines=True)
            if st.button(t("mail.circulate_send", lang, count=len(plan.sendable)), type="primary", icon=":material/send:",
                         key=f"circ_send_{meeting.id}"):
                def send() -> dict:
                    ids = circulation.circulate(cur, meeting_id=meeting.id, lang_mode=mode, actor=ctx.actor, config=config)
                    report = outbox.send_queued(cur, config=config, actor=ctx.actor)
                    return {"queued": len(ids), "sent": report.sent, "waiting": report.waiting}

                run_change(ctx.lang, send, "mail.queued_and_sent")


def invitation_panel(ctx: PageContext, meeting: Meeting) -> None:
    """In the meeting's plan: invite (or, after the dates moved, send the update) with a calendar entry."""
    lang, cur = ctx.lang, ctx.cur
    if not permissions.allowed(ctx.actor, "mail.send") or meeting.end_date < ctx.today:   # nothing to invite to
        return
    with st.expander(t("mail.invite_title", lang), icon=":material/event_available:"):
        plan = invitations.plan(cur, meeting_id=meeting.id, actor=ctx.actor)
        if plan.previous_dates:
            st.warning(t("mail.invite_moved", lang), icon=":material/event_busy:")
        st.caption(t("mail.recipients_count", lang, count=len(plan.sendable), missing=len(plan.recipients) - len(plan.sendable)))
        _recipients_table(plan.recipients, lang)
        if plan.sendable:
            first = plan.sendable[0]
            st.code(render_text([invitations.letter(cur, plan, first, first.lang).typeset()]), language=None, wrap_lines=True)
            key = "mail.invite_update_send" if plan.is_update else "mail.invite_send"
            if st.button(t(key, lang, count=len(plan.sendable)), type="primary", icon=":material/send:", key=f"invite_{meeting.id}"):
                config = mail_config.load(cur)

                def send() -> dict:
                    ids = invitations.invite(cur, meeting_id=meeting.id, actor=ctx.actor, config=config)
                    report = outbox.send_queued(cur, config=config, actor=ctx.actor)
                    return {"queued": len(ids), "sent": report.sent, "waiting": report.waiting}

                run_change(ctx.lang, send, "mail.queued_and_sent")
