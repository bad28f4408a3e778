"""Review translations: a meeting's minutes side by side, EN | FR, to accept, edit or apply suggestions."""

import streamlit as st

from jtwg.i18n import meeting_name, t
from jtwg.services.meetings.planning import list_meetings
from jtwg.ui.context import guard, page_context
from jtwg.ui.display import header
from jtwg.ui.forms import show_flash
from jtwg.ui.review import engine_settings, glossary_editor, review_screen
from jtwg.ui.workspace import frozen_notice

ctx = page_context("review")
if ctx:
    with guard(ctx.lang):
        lang = ctx.lang
        header(ctx, "review.title", "review.intro")
        show_flash()
        rows = list_meetings(ctx.cur, group_id=ctx.group.id, actor=ctx.actor)
        if not rows:
            st.info(t("meetings.none", lang))
            st.stop()
        options = {r.meeting.id: r.meeting for r in rows}
        current = {r.meeting.id: r.minutes for r in rows}
        wanted = st.query_params.get("meeting")
        if wanted and wanted.isdigit() and int(wanted) in options and "review_meeting" not in st.session_state:
            st.session_state["review_meeting"] = int(wanted)
        chosen = st.selectbox(t("meetings.choose", lang), list(options), key="review_meeting",
                              format_func=lambda mid: meeting_name(options[mid], lang))
        meeting = options[chosen]
        frozen = frozen_notice(ctx, current[meeting.id])
        tab_review, tab_glossary, tab_engine = st.tabs([t("review.tab_review", lang), t("review.tab_glossary", lang),
                                                        t("review.tab_engine", lang)])
        with tab_review:
            review_screen(ctx, meeting, frozen)
        with tab_glossary:
            glossary_editor(ctx)
        with tab_engine:
            engine_settings(ctx)
