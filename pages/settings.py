"""Settings: this installation's database, demo date, group, sub-committees and data-protection rules."""

import streamlit as st

from jtwg.config import load_settings
from jtwg.i18n import format_date, label, t
from jtwg.services import settings as app_settings
from jtwg.ui.backups_panel import render_backups
from jtwg.ui.display import header, table
from jtwg.ui.context import guard, page_context
from jtwg.ui.mail import render_mail_settings
from jtwg.ui.minutes_export import render_export_settings
from jtwg.ui.users_admin import render_user_admin

ctx = page_context("settings")
if ctx:
    with guard(ctx.lang):
        lang, d, cur = ctx.lang, ctx.directory, ctx.cur
        header(ctx, "settings.title")
        st.subheader(t("settings.group", lang))
        g = ctx.group
        st.markdown(f"**{g.name.get(lang)}** (`{g.code}`)")
        st.markdown("  \n".join([
            t("settings.parties", lang, a=d.org_name(g.party_a_org_id, lang), b=d.org_name(g.party_b_org_id, lang)),
            t("settings.secretariat", lang, org=d.org_name(g.secretariat_org_id, lang)),
            t("settings.rotation", lang, cities=" → ".join(g.host_rotation)),
        ]))
        if g.project_id:
            p = app_settings.project(cur, project_id=g.project_id)
            st.markdown("  \n".join([
                t("settings.project", lang, title=p.title.get(lang)),
                t("settings.project_dates", lang, start=format_date(p.planned_start, lang), end=format_date(p.effective_end, lang)),
                t("settings.extension", lang, status=label(p.extension_status, lang)),
            ]))
        st.subheader(t("settings.subcommittees", lang))
        st.markdown("\n".join(f"- **{s.code}** — {s.name.get(lang)} ({label(s.pillar, lang)})" for s in d.subcommittees.values()))

        st.subheader(t("settings.data_protection", lang))
        st.markdown(t("settings.data_protection_text", lang))
        st.caption(t("settings.protected_cases", lang, codes=", ".join(c.case_code for c in d.cases.values()) or "—"))

        st.subheader(t("settings.as_of", lang))
        st.write(t("settings.as_of_value", lang, date=format_date(ctx.as_of, lang)) if ctx.as_of else t("settings.as_of_today", lang))

        st.subheader(t("settings.database", lang))
        st.caption(t("settings.db_path", lang, path=load_settings().db_path))
        st.caption(t("settings.migrations", lang, names=", ".join(app_settings.applied_migrations(cur, actor=ctx.actor))))
        table(app_settings.table_counts(cur, actor=ctx.actor), {"table": "settings.col_table", "rows": "settings.col_rows"}, lang)

        render_export_settings(ctx)
        render_mail_settings(ctx)
        render_user_admin(ctx)
        render_backups(ctx)
