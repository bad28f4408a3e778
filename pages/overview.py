"""Overview for the co-chairs: headline figures, progress, overdue actions, deadlines, meetings, trend, MoU coverage, brief."""

import streamlit as st

from jtwg import charts
from jtwg.export.brief import BRIEF_LANGS, brief_file_name
from jtwg.i18n import format_date, label, meeting_name, ordinal, t, typographic
from jtwg.services.exports import export_brief
from jtwg.services.overview import (
    DEFAULT_PERIOD, PERIODS, UPCOMING_DAYS, Filters, delegations, overview, provision_ref, reading_scope,
)
from jtwg.ui.cache import cached_read
from jtwg.ui.display import header, table
from jtwg.ui.context import guard, page_context

ACTIONS, WORKPLAN, MOU, MEETINGS = "pages/actions.py", "pages/workplan.py", "pages/mou.py", "pages/meetings.py"
OVERDUE_SHOWN = 20   # overdue items listed on the page; the action tracker has them all


def link(page: str, text: str, **params: object) -> None:
    """A link to the filtered list behind a figure (the other pages read these query parameters)."""
    st.page_link(page, label=text, icon=":material/arrow_forward:",
                 query_params={k: str(v) for k, v in params.items() if v is not None})


def links(items: list[tuple[str, str, dict]], per_row: int = 4) -> None:
    for start in range(0, len(items), per_row):
        cols = st.columns(per_row)
        for col, (page, text, params) in zip(cols, items[start:start + per_row]):
            with col:
                link(page, text, **params)


ctx = page_context("overview")
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "overview.title", "overview.intro", group=ctx.group.name.get(lang))

        # Filters: delegation, period (the group is chosen in the sidebar). Their keys carry the language: a keyed
        # widget keeps the option labels it was first drawn with, so a switch of language must draw it anew.
        choices = delegations(ctx.cur, group_id=ctx.group.id, actor=ctx.actor)
        f2, f3 = st.columns([1, 1])
        delegation = f2.selectbox(t("overview.filter_delegation", lang), [None, *choices], key=f"overview_delegation_{lang}",
                                  format_func=lambda c: t("overview.all_delegations", lang) if c is None else d.delegation(c, lang))
        period = f3.selectbox(t("overview.filter_period", lang), PERIODS, index=PERIODS.index(DEFAULT_PERIOD),
                              key=f"overview_period_{lang}", format_func=lambda p: t(f"overview.period_{p}", lang))
        filters = Filters(delegation=delegation, period=period)
        # Cached per data version and reader: a rerun without a write in between reads no figure again.
        o = cached_read(overview, ctx.cur, actor=ctx.actor, lang=lang, group_id=ctx.group.id, today=ctx.today,
                        filters=filters)
        st.caption(t("overview.filter_scope", lang, date=format_date(ctx.today, lang)))
        st.caption(":material/visibility: " + t(reading_scope(ctx.actor), lang))

        sub_names = {s.code: s.name.get(lang) for s in d.subcommittees.values()}
        sub_names[None] = t("overview.jtwg_wide", lang)
        delegation_names = {c: d.delegation(c, lang) for c in choices}
        by = o.activity_by_status
        a = o.actions
        due_soon = len(o.upcoming)

        cols = st.columns(5)
        cols[0].metric(t("overview.activities", lang), o.activity_total)
        cols[1].metric(t("overview.activities_in_progress", lang), by.get("in_progress", 0))
        cols[2].metric(t("overview.activities_completed", lang), by.get("completed", 0))
        cols[3].metric(t("overview.activities_overdue", lang), o.activity_overdue)
        cols[4].metric(t("overview.meetings_held", lang), o.meetings_held)
        cols = st.columns(5)
        cols[0].metric(t("overview.actions_open", lang), a["open"])
        cols[1].metric(t("overview.actions_overdue", lang), a["overdue"])
        cols[2].metric(t("overview.done_quarter", lang), a["done_quarter"],
                       help=t("overview.actions_done_quarter", lang, start=format_date(o.quarter_start, lang)))
        cols[3].metric(t("overview.due_soon_short", lang, days=UPCOMING_DAYS), due_soon,
                       help=t("overview.due_soon", lang, days=UPCOMING_DAYS))
        cols[4].metric(t("overview.provisions_no_activity_short", lang), len(o.provisions_without_activity),
                       help=t("overview.provisions_of", lang, total=o.provisions_total))
        links([
            (ACTIONS, t("overview.link_open_actions", lang), {"status": "open", "delegation": delegation}),
            (ACTIONS, t("overview.link_overdue_actions", lang), {"overdue": 1, "delegation": delegation}),
            (ACTIONS, t("overview.link_due_soon_short", lang, days=UPCOMING_DAYS), {"due_within": UPCOMING_DAYS, "delegation": delegation}),
            (WORKPLAN, t("overview.link_overdue_activities", lang), {"overdue": 1}),
        ])

        st.header(t("overview.progress_heading", lang))
        if o.progress:
            left, right = st.columns(2)
            left.plotly_chart(charts.subcommittee_progress(o.progress, sub_names, lang), width="stretch", key="chart_progress")
            right.plotly_chart(charts.activities_by_subcommittee(o.activities_by_subcommittee, sub_names, lang),
                               width="stretch", key="chart_activities")
            st.info(t("overview.progress_formula", lang), icon=":material/functions:")
            table([{
                "subcommittee": sub_names.get(r["subcommittee"], r["subcommittee"]), "activities": r["activities"],
                "completed": r["completed"], "overdue": r["overdue"], "without": r["without_progress"],
                "progress": charts.percent(r["progress"], lang),
            } for r in o.progress], {
                "subcommittee": "overview.chart_x", "activities": "overview.col_activities",
                "completed": "overview.col_completed", "overdue": "overview.col_overdue",
                "without": "overview.col_without_progress", "progress": "overview.col_progress",
            }, lang)
            links([(WORKPLAN, t("overview.link_workplan_of", lang, name=sub_names.get(r["subcommittee"], "")),
                    {"subcommittee": r["subcommittee"]}) for r in o.progress if r["subcommittee"]], per_row=2)
        else:
            st.info(t("overview.no_activities", lang))

        st.header(t("overview.overdue_list", lang))
        if not o.overdue_actions:
            st.success(t("overview.none_overdue", lang))
        else:
            left, right = st.columns(2)
            left.plotly_chart(charts.overdue_counts(o.overdue_by_owner, {}, t("overview.overdue_by_owner", lang), lang),
                              width="stretch", key="chart_owner")
            with left:
                links([(ACTIONS, t("overview.link_owner", lang, owner=r["key"], n=r["n"]),
                        {"owner": r["key"], "overdue": 1}) for r in o.overdue_by_owner if r["key"]], per_row=2)
            right.plotly_chart(charts.overdue_counts(o.overdue_by_delegation, delegation_names,
                                                     t("overview.overdue_by_delegation", lang), lang),
                               width="stretch", key="chart_delegation")
            with right:
                links([(ACTIONS, t("overview.link_owner", lang, owner=delegation_names.get(r["key"], r["key"]), n=r["n"]),
                        {"delegation": r["key"], "overdue": 1}) for r in o.overdue_by_delegation if r["key"]], per_row=2)
            # The longest overdue first, a bounded number of them in one block; the rest are one link away.
            shown = o.overdue_actions[:OVERDUE_SHOWN]
            lines = []
            for r in shown:
                text = t("overview.confidential_text", lang) if r["confidential"] else typographic(r["text"].get(lang), lang)
                lines.append(f"**{r['code']}** · {text}  \n"
                             f":red[{t('overview.overdue_since', lang, date=format_date(r['due_date'], lang), days=r['days_overdue'])}]"
                             f" · {r['owner']} · {delegation_names.get(r['delegation'], r['delegation'])}")
            st.markdown("\n\n".join(lines))
            if len(o.overdue_actions) > len(shown):
                link(ACTIONS, t("paging.more", lang, n=len(o.overdue_actions) - len(shown)), overdue=1, delegation=delegation)

        st.header(t("overview.upcoming_heading", lang, days=UPCOMING_DAYS))
        if o.upcoming:
            table([{
                "due": x.due, "kind": t(f"overview.kind_{x.kind}", lang), "code": x.code,
                "what": t("overview.confidential_text", lang) if x.confidential else typographic(x.text.get(lang), lang),
                "responsible": x.responsible,
            } for x in o.upcoming], {
                "due": "actions.col_due", "kind": "overview.col_kind", "code": "actions.col_code",
                "what": "overview.col_what", "responsible": "overview.col_responsible",
            }, lang, due=st.column_config.DateColumn(format="DD/MM/YYYY" if lang == "fr" else "D MMM YYYY"),
                what=st.column_config.TextColumn(width="large"))
        else:
            st.success(t("overview.no_upcoming", lang, days=UPCOMING_DAYS))
        links([(ACTIONS, t("overview.link_due_soon", lang, days=UPCOMING_DAYS), {"due_within": UPCOMING_DAYS, "delegation": delegation}),
               (MOU, t("overview.link_mou", lang), {})], per_row=2)

        st.header(t("overview.meetings_heading", lang))
        left, right = st.columns(2)
        with left:
            st.subheader(t("overview.last_decisions", lang))
            if o.last_meeting:
                st.caption(t("overview.last_meeting_is", lang, meeting=meeting_name(o.last_meeting, lang)))
                decisions = o.last_decisions   # only those under agenda items the reader may read
                for dec in decisions:
                    st.markdown(f"- **{label(dec.decision_type, lang)}** — {typographic(dec.text.get(lang), lang)}")
                if not decisions:
                    st.write(t("overview.no_decisions", lang))
                link(ACTIONS, t("overview.link_meeting_actions", lang, ordinal=ordinal(o.last_meeting.sequence_no, lang)),
                     meeting=o.last_meeting.sequence_no)
            else:
                st.write(t("overview.no_meeting_held", lang))
        with right:
            st.subheader(t("overview.next_meeting", lang))
            if o.next_meeting:
                st.write(meeting_name(o.next_meeting, lang))
            else:
                st.info(t("overview.no_next_meeting", lang, city=o.next_host_city or "–"))
            link(MEETINGS, t("overview.link_meetings", lang))

        st.header(t("overview.trend_heading", lang))
        st.plotly_chart(charts.action_trend(o.trend, lang), width="stretch", key="chart_trend")
        st.caption(t("overview.trend_rule", lang))
        links([(ACTIONS, t("overview.link_open_actions", lang), {"status": "open", "delegation": delegation}),
               (ACTIONS, t("overview.link_done_actions", lang), {"status": "done", "delegation": delegation})], per_row=2)

        st.header(t("overview.coverage_heading", lang))
        st.caption(t("overview.coverage_rule", lang))
        if o.coverage:
            st.plotly_chart(charts.mou_coverage(o.coverage, o.coverage_columns, sub_names, lang), width="stretch",
                            key="chart_coverage")
            if o.provisions_without_activity:
                st.warning(t("overview.provisions_without_activity", lang) + "\n\n" + "\n".join(
                    f"- {t('overview.article_short', lang)} {provision_ref(p)} — "
                    f"{typographic((p['heading'] or p['text']).get(lang), lang)}" for p in o.provisions_without_activity))
            links([(WORKPLAN, t("overview.link_workplan_of", lang, name=sub_names.get(c, "")), {"subcommittee": c})
                   for c in o.coverage_columns if c] + [(MOU, t("overview.link_mou", lang), {})], per_row=2)
        else:
            st.info(t("overview.no_mou", lang))

        st.header(t("brief.heading", lang))
        st.caption(t("brief.intro", lang))
        brief_lang = st.radio(t("brief.language", lang), BRIEF_LANGS, index=BRIEF_LANGS.index(lang), horizontal=True,
                              key=f"brief_lang_{lang}", format_func=lambda x: t(f"brief.lang_{x}", lang))
        # The brief takes a few seconds (charts are drawn by a headless browser): build it on request and
        # keep it for these exact choices, so a rerun of the page does not rebuild it.
        wanted = (ctx.group.code, brief_lang, delegation, period, ctx.today.isoformat())
        if st.button(t("brief.prepare", lang), icon=":material/description:", key="brief_prepare"):
            with st.spinner(t("brief.preparing", lang)):
                st.session_state["brief"] = (wanted, export_brief(ctx.cur, actor=ctx.actor, group_id=ctx.group.id,
                                                                  today=ctx.today, lang=brief_lang, filters=filters))
        ready = st.session_state.get("brief")
        if ready and ready[0] == wanted:
            st.download_button(t("brief.download", lang), ready[1], key="brief_download", type="primary",
                               file_name=brief_file_name(ctx.group.code, ctx.today, brief_lang), icon=":material/download:",
                               mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
