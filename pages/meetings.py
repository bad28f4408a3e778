"""Meetings: the list of the group's meetings and one meeting's minutes as structured content."""

import streamlit as st

from jtwg.i18n import country_name, format_date_range, label, ordinal, t
from jtwg.services.minutes import minutes_view
from jtwg.store import groups, meetings
from jtwg.ui.common import header, table
from jtwg.ui.context import guard, page_context
from jtwg.ui.minutes import render_minutes
from jtwg.ui.minutes_export import render_export_panel

ctx = page_context()
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "meetings.title")
        all_meetings = meetings.list_meetings(ctx.cur, group_id=ctx.group.id)
        if not all_meetings:
            st.info(t("meetings.none", lang))
            st.stop()
        options = {m.id: m for m in all_meetings}
        chosen = st.selectbox(
            t("meetings.choose", lang), options=list(options), key="meeting_id",
            format_func=lambda mid: t("meetings.option", lang, ordinal=ordinal(options[mid].sequence_no, lang),
                                      dates=format_date_range(options[mid].start_date, options[mid].end_date, lang),
                                      city=options[mid].city or ""),
        )
        with st.expander(t("meetings.list", lang)):
            records = []
            for m in all_meetings:
                current = meetings.current_minutes(ctx.cur, meeting_id=m.id)
                records.append({
                    "no": m.sequence_no, "dates": format_date_range(m.start_date, m.end_date, lang),
                    "venue": ", ".join(x for x in (m.venue, m.city, country_name(m.host_country, lang)) if x),
                    "host": d.org(m.host_org_id), "status": label(m.status, lang),
                    "minutes": label(current.status, lang) if current else t("meetings.no_minutes", lang),
                })
            table(records, {"no": "meetings.col_number", "dates": "meetings.col_dates", "venue": "meetings.col_venue",
                            "host": "meetings.col_host", "status": "meetings.col_status", "minutes": "meetings.col_minutes"}, lang)
        project = groups.get_project(ctx.cur, project_id=ctx.group.project_id) if ctx.group.project_id else None
        render_minutes(minutes_view(ctx.cur, meeting_id=chosen), d, lang, project.title.get(lang) if project else "")
        render_export_panel(ctx, chosen)
