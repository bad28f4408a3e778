"""Meetings: plan a meeting, then work on one — minutes view, plan, agenda, matters arising, attendance, drafting, lifecycle."""

import streamlit as st

from jtwg.i18n import country_name, format_date_range, label, meeting_name, t
from jtwg.services.calendar import meeting_calendar
from jtwg.services.meetings.minutes import minutes_for
from jtwg.services.meetings.planning import list_meetings
from jtwg.services.permissions import allowed
from jtwg.ui.agenda import agenda_section, matters_section
from jtwg.ui.attendance import attendance_section
from jtwg.ui.context import guard, page_context
from jtwg.ui.display import header, table
from jtwg.ui.drafting import drafting_section
from jtwg.ui.forms import show_flash
from jtwg.ui.lifecycle import lifecycle_section
from jtwg.ui.meeting_plan import SELECT_KEY, plan_new_meeting, plan_section
from jtwg.ui.minutes import render_minutes
from jtwg.ui.minutes_export import render_export_panel
from jtwg.ui.workspace import frozen_notice

SECTIONS = ["minutes", "plan", "agenda", "matters", "attendance", "drafting", "lifecycle"]
SECTION_KEYS = {"matters": "workspace.section_matters"}
SECTION_ICONS = {"minutes": ":material/description:", "plan": ":material/event:", "agenda": ":material/list:",
                 "matters": ":material/pending_actions:", "attendance": ":material/groups:",
                 "drafting": ":material/edit_note:", "lifecycle": ":material/verified:"}


def sections_for(actor) -> list[str]:
    """The secretariat works in every section; co-chairs read the minutes and approve them; others read."""
    if allowed(actor, "meeting.update"):
        return SECTIONS
    if allowed(actor, "minutes.approve"):
        return ["minutes", "lifecycle"]
    return ["minutes"]


ctx = page_context("meetings")
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "meetings.title")
        sections = sections_for(ctx.actor)
        show_flash()
        if SELECT_KEY in st.session_state:   # a meeting was just planned: open it on its agenda
            st.session_state["meeting_id"] = st.session_state.pop(SELECT_KEY)
            st.session_state["plan_open"] = False
            st.session_state["meeting_section"] = "agenda"
        # The planning form is built only when asked for: the page stays light for readers of the minutes.
        if allowed(ctx.actor, "meeting.create") and st.toggle(t("plan.title", lang), key="plan_open"):
            with st.container(border=True):
                plan_new_meeting(ctx)
        listed = list_meetings(ctx.cur, group_id=ctx.group.id, actor=ctx.actor)
        if not listed:
            st.info(t("meetings.none", lang))
            st.stop()
        options = {r.meeting.id: r.meeting for r in listed}
        current_minutes = {r.meeting.id: r.minutes for r in listed}
        # Links from search (?meeting=…&section=…&item=…) choose what opens, once per link.
        params = st.query_params
        link = (params.get("meeting"), params.get("section"), params.get("item"))
        if any(link) and st.session_state.get("_meetings_link") != link:
            st.session_state["_meetings_link"] = link
            if link[0] and link[0].isdigit() and int(link[0]) in options:
                st.session_state["meeting_id"] = int(link[0])
            if link[1] in sections:
                st.session_state["meeting_section"] = link[1]
        chosen = st.selectbox(
            t("meetings.choose", lang), options=list(options), key="meeting_id",
            format_func=lambda mid: meeting_name(options[mid], lang)
            + (f" · {d.subcommittee(options[mid].subcommittee_id, lang)}" if options[mid].subcommittee_id else ""),
        )
        # The table of every meeting is built when its expander is opened.
        meeting_list = st.expander(t("meetings.list", lang), key="meetings_list", on_change="rerun")
        with meeting_list:
            if meeting_list.open:
                records = [{
                    "no": r.meeting.sequence_no, "dates": format_date_range(r.meeting.start_date, r.meeting.end_date, lang),
                    "venue": ", ".join(x for x in (r.meeting.venue, r.meeting.city, country_name(r.meeting.host_country, lang)) if x),
                    "host": d.org(r.meeting.host_org_id), "status": label(r.meeting.status, lang),
                    "minutes": label(r.minutes.status, lang) if r.minutes else t("meetings.no_minutes", lang),
                } for r in listed]
                table(records, {"no": "meetings.col_number", "dates": "meetings.col_dates", "venue": "meetings.col_venue",
                                "host": "meetings.col_host", "status": "meetings.col_status", "minutes": "meetings.col_minutes"}, lang)
        if st.session_state.get("meeting_section") not in sections:
            st.session_state["meeting_section"] = "minutes"
        section = st.radio(t("workspace.section", lang), sections, horizontal=True, key="meeting_section",
                           format_func=lambda s: f"{SECTION_ICONS[s]} {t(SECTION_KEYS.get(s, 'workspace.' + s), lang)}", label_visibility="collapsed")
        meeting = options[chosen]
        minutes = current_minutes[meeting.id]
        if section == "minutes":
            # The minutes as they read, in the session's language (other panels may follow under it).
            st.download_button(t("workspace.ics", lang), meeting_calendar(ctx.cur, meeting_id=meeting.id, lang=lang, actor=ctx.actor),
                               file_name=f"jtwg-meeting-{meeting.sequence_no}.ics", mime="text/calendar",
                               icon=":material/calendar_add_on:", key=f"ics_{meeting.id}")
            # Each reader gets what their role may read: members a confidential item as its neutral title only.
            view = minutes_for(ctx.cur, meeting_id=chosen, actor=ctx.actor)
            render_minutes(view, d, lang)
            render_export_panel(ctx, chosen)
        elif section == "lifecycle":
            lifecycle_section(ctx, meeting)
        else:
            frozen = frozen_notice(ctx, minutes)
            if section == "plan":
                plan_section(ctx, meeting, frozen)
            elif section == "agenda":
                agenda_section(ctx, meeting, frozen)
            elif section == "matters":
                matters_section(ctx, meeting, frozen)
            elif section == "attendance":
                attendance_section(ctx, meeting, frozen)
            elif section == "drafting":
                item = params.get("item")
                drafting_section(ctx, meeting, frozen, int(item) if item and item.isdigit() else None)
