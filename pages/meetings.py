"""Meetings: plan a meeting, then work on one — minutes view, plan, agenda, matters arising, attendance, drafting, lifecycle."""

import streamlit as st

from jtwg.i18n import country_name, format_date_range, label, ordinal, t
from jtwg.services.calendar import meeting_calendar
from jtwg.services.minutes import minutes_view, readable_view
from jtwg.services.permissions import allowed, max_confidentiality
from jtwg.store import groups, meetings
from jtwg.ui.agenda import agenda_section, matters_section
from jtwg.ui.attendance import attendance_section
from jtwg.ui.common import header, table
from jtwg.ui.context import guard, page_context
from jtwg.ui.drafting import drafting_section
from jtwg.ui.lifecycle import lifecycle_section
from jtwg.ui.meeting_plan import SELECT_KEY, plan_new_meeting, plan_section
from jtwg.ui.minutes import render_minutes
from jtwg.ui.minutes_export import render_export_panel
from jtwg.ui.workspace import frozen_notice, show_flash

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
        all_meetings = meetings.list_meetings(ctx.cur, group_id=ctx.group.id)
        if not all_meetings:
            st.info(t("meetings.none", lang))
            st.stop()
        options = {m.id: m for m in all_meetings}
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
            format_func=lambda mid: t("meetings.option", lang, ordinal=ordinal(options[mid].sequence_no, lang),
                                      dates=format_date_range(options[mid].start_date, options[mid].end_date, lang),
                                      city=options[mid].city or "")
            + (f" · {d.subcommittee(options[mid].subcommittee_id, lang)}" if options[mid].subcommittee_id else ""),
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
        if st.session_state.get("meeting_section") not in sections:
            st.session_state["meeting_section"] = "minutes"
        section = st.radio(t("workspace.section", lang), sections, horizontal=True, key="meeting_section",
                           format_func=lambda s: f"{SECTION_ICONS[s]} {t(SECTION_KEYS.get(s, 'workspace.' + s), lang)}", label_visibility="collapsed")
        meeting = options[chosen]
        minutes = meetings.current_minutes(ctx.cur, meeting_id=meeting.id)
        if section == "minutes":
            # The minutes as they read, in the session's language (other panels may follow under it).
            st.download_button(t("workspace.ics", lang), meeting_calendar(ctx.cur, meeting_id=meeting.id, lang=lang),
                               file_name=f"jtwg-meeting-{meeting.sequence_no}.ics", mime="text/calendar",
                               icon=":material/calendar_add_on:", key=f"ics_{meeting.id}")
            project = groups.get_project(ctx.cur, project_id=ctx.group.project_id) if ctx.group.project_id else None
            # Each reader sees what their role may read: members get confidential items as a neutral title only.
            view = readable_view(minutes_view(ctx.cur, meeting_id=chosen), max_confidentiality(ctx.actor))
            render_minutes(view, d, lang, project.title.get(lang) if project else "")
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
