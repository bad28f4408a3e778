"""Overview: headline figures, activities by sub-committee, last meeting's decisions, overdue actions."""

import streamlit as st

from jtwg.i18n import format_date, label, ordinal, t, typographic
from jtwg.services.overview import overview
from jtwg.ui import charts
from jtwg.ui.common import header
from jtwg.ui.context import guard, page_context

ctx = page_context()
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "overview.title", "overview.intro", group=ctx.group.name.get(lang))
        o = overview(ctx.cur, group_id=ctx.group.id, today=ctx.today)
        by = o.activity_by_status
        cols = st.columns(4)
        cols[0].metric(t("overview.activities", lang), o.activity_total)
        cols[1].metric(t("overview.activities_in_progress", lang), by.get("in_progress", 0))
        cols[2].metric(t("overview.activities_completed", lang), by.get("completed", 0))
        cols[3].metric(t("overview.activities_overdue", lang), o.activity_overdue)
        cols = st.columns(4)
        cols[0].metric(t("overview.actions_open", lang), o.actions["open"])
        cols[1].metric(t("overview.actions_overdue", lang), o.actions["overdue"])
        cols[2].metric(t("overview.actions_done", lang), o.actions["done"])
        cols[3].metric(t("overview.meetings_held", lang), o.meetings_held)

        names = {s.code: s.name.get(lang) for s in d.subcommittees.values()}
        names[None] = t("overview.jtwg_wide", lang)
        st.plotly_chart(charts.activities_by_subcommittee(o.activities_by_subcommittee, names, lang), width="stretch")

        left, right = st.columns(2)
        with left:
            st.subheader(t("overview.overdue_list", lang))
            if not o.overdue_actions:
                st.success(t("overview.none_overdue", lang))
            for a in o.overdue_actions:
                st.markdown(f"**{a.code}** · {typographic(a.text.get(lang), lang)}  \n"
                            f":red[{format_date(a.due_date, lang)}] · {d.org(a.owner_org_id)} · {label(a.status, lang)}")
        with right:
            if o.last_meeting:
                m = o.last_meeting
                st.subheader(t("overview.last_decisions", lang))
                st.caption(t("overview.last_meeting_is", lang, meeting=t(
                    "meetings.option", lang, ordinal=ordinal(m.sequence_no, lang),
                    dates=format_date(m.end_date, lang), city=m.city or "")))
                for dec in o.last_decisions:
                    st.markdown(f"- **{label(dec.decision_type, lang)}** — {typographic(dec.text.get(lang), lang)}")
            st.subheader(t("overview.next_meeting", lang))
            if o.next_meeting:
                n = o.next_meeting
                st.write(t("meetings.option", lang, ordinal=ordinal(n.sequence_no, lang), dates=format_date(n.start_date, lang), city=n.city or ""))
            else:
                st.info(t("overview.no_next_meeting", lang, city=o.next_host_city or ""))
