"""Planning a meeting: the new-meeting form (suggested number and host) and the plan of a chosen meeting."""

from __future__ import annotations

from datetime import time, timedelta

import streamlit as st

from jtwg.i18n import country_name, format_date_range, label, t
from jtwg.models import (
    Bilingual, ExternalEventCreate, Meeting, MeetingCreate, MeetingKind, MeetingStatus, MeetingUpdate,
    SessionCreate, SessionKind,
)
from jtwg.services.meetings import planning
from jtwg.ui.display import table
from jtwg.ui.context import PageContext
from jtwg.ui.mail import invitation_panel
from jtwg.ui.forms import bilingual_input, opened_key, opened_version, optional_bilingual, run_change
from jtwg.ui.workspace import org_options

SELECT_KEY = "_meetings_select"
NO_EVENT, NEW_EVENT = -1, -2


def _objectives(en: str, fr: str) -> list[Bilingual]:
    """One objective per line, English and French lines paired in order."""
    en_lines = [x.strip() for x in en.splitlines() if x.strip()]
    fr_lines = [x.strip() for x in fr.splitlines() if x.strip()]
    count = max(len(en_lines), len(fr_lines))
    en_lines += [""] * (count - len(en_lines))
    fr_lines += [""] * (count - len(fr_lines))
    return [Bilingual.of(e, f, source="en" if e else "fr") for e, f in zip(en_lines, fr_lines)]


def _countries(ctx: PageContext) -> list[str]:
    codes = {o.country for o in ctx.directory.orgs.values() if o.country}
    return [""] + sorted(codes)


def _event_options(ctx: PageContext) -> dict[int, str]:
    options = {NO_EVENT: t("plan.no_event", ctx.lang), NEW_EVENT: t("plan.new_event", ctx.lang)}
    for event in planning.list_external_events(ctx.cur, actor=ctx.actor):
        options[event.id] = event.name.get(ctx.lang)
    return options


def _subcommittees(ctx: PageContext) -> dict[str, str]:
    """code -> name of the group's sub-committees."""
    return {s.code: s.name.get(ctx.lang) for s in sorted(ctx.directory.subcommittees.values(), key=lambda s: s.code)}


def plan_new_meeting(ctx: PageContext) -> None:
    """The "plan a meeting" form: number, dates, venue and host suggested from the rotation."""
    lang = ctx.lang
    subs = _subcommittees(ctx)
    body = st.selectbox(t("plan.body", lang), options=[""] + list(subs), key="plan_body",
                        format_func=lambda c: subs.get(c) or t("plan.body_plenary", lang))
    suggestion = planning.suggest_plan(ctx.cur, group_id=ctx.group.id, subcommittee_code=body or None)
    st.caption(":material/lightbulb: " + t("plan.suggestion", lang, number=suggestion.sequence_no,
                                           city=suggestion.city or "—", host=suggestion.host_acronym or "—"))
    events = _event_options(ctx)
    with st.form("plan_form", clear_on_submit=False):
        c1, c2, c3 = st.columns(3)
        kinds = [k for k in MeetingKind if (k is MeetingKind.SUBCOMMITTEE) == bool(body)]
        kind = c1.selectbox(t("plan.kind", lang), kinds, index=kinds.index(MeetingKind.ORDINARY) if not body else 0,
                            format_func=lambda k: label(k, lang), key=f"plan_kind_{body}")
        number = c2.number_input(t("plan.number", lang), min_value=1, max_value=999, value=suggestion.sequence_no,
                                 key=f"plan_number_{body}")
        start = ctx.today + timedelta(days=30)
        dates = c3.date_input(t("plan.dates", lang), value=(start, start + timedelta(days=1)), key="plan_dates",
                              format="DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD")
        c1, c2, c3, c4 = st.columns(4)
        venue = c1.text_input(t("plan.venue", lang), key="plan_venue")
        city = c2.text_input(t("plan.city", lang), value=suggestion.city or "", key=f"plan_city_{body}")
        countries = _countries(ctx)
        country = c3.selectbox(t("plan.host_country", lang), countries,
                               index=countries.index(suggestion.host_country) if suggestion.host_country in countries else 0,
                               format_func=lambda c: country_name(c, lang) if c else "—", key=f"plan_country_{body}")
        orgs = org_options(ctx)
        host = c4.selectbox(t("plan.host", lang), orgs, index=orgs.index(suggestion.host_acronym) if suggestion.host_acronym in orgs else 0,
                            key=f"plan_host_{body}")
        event = st.selectbox(t("plan.margin_event", lang), list(events), format_func=events.get, key="plan_event")
        e1, e2, e3 = st.columns([2, 2, 1])
        event_en = e1.text_input(t("plan.event_name", lang) + " (EN)", key="plan_event_en")
        event_fr = e2.text_input(t("plan.event_name", lang) + " (FR)", key="plan_event_fr")
        event_dates = e3.date_input(t("plan.event_dates", lang), value=(), key="plan_event_dates")
        st.markdown(f"**{t('meetings.objectives', lang)}** — " + t("plan.objectives_help", lang))
        o1, o2 = st.columns(2)
        objectives_en = o1.text_area(t("meetings.objectives", lang) + " (EN)", key="plan_obj_en", height=90)
        objectives_fr = o2.text_area(t("meetings.objectives", lang) + " (FR)", key="plan_obj_fr", height=90)
        st.markdown(f"**{t('plan.sessions', lang)}**")
        s1, s2, s3, s4 = st.columns(4)
        start_time = s1.time_input(t("plan.start_time", lang), value=time(9, 0), key="plan_start_time")
        breakout_subs = s2.multiselect(t("plan.breakouts", lang), list(subs), format_func=subs.get, key="plan_breakouts")
        breakout_day = s3.number_input(t("plan.breakout_day", lang), min_value=1, max_value=14, value=2, key="plan_breakout_day")
        breakout_minutes = s4.number_input(t("plan.breakout_minutes", lang), min_value=5, max_value=600, value=60, step=5,
                                           key="plan_breakout_minutes")
        submitted = st.form_submit_button(t("plan.submit", lang), type="primary", icon=":material/event_available:")
    if not submitted:
        return
    if not isinstance(dates, (tuple, list)) or len(dates) != 2:
        st.error(t("plan.dates_needed", lang))
        return

    def create() -> None:
        first, last = dates
        days = (last - first).days + 1
        sessions = [SessionCreate(ref=f"d{n}", day_no=n, start_time=start_time,
                                  title=Bilingual.of(f"Day {n}", f"Jour {n}")) for n in range(1, days + 1)]
        sessions += [SessionCreate(ref=f"b-{code}", day_no=breakout_day, kind=SessionKind.BREAKOUT, subcommittee_code=code,
                                   duration_min=breakout_minutes) for code in breakout_subs]
        new_event = None
        if event == NEW_EVENT:
            span = list(event_dates) if isinstance(event_dates, (tuple, list)) else []
            new_event = ExternalEventCreate(ref="new", name=Bilingual.of(event_en, event_fr, source="en" if event_en else "fr"),
                                            start_date=span[0] if span else None, end_date=span[-1] if span else None,
                                            city=city or None)
        new_id = planning.plan_meeting(
            ctx.cur, group_id=ctx.group.id, actor=ctx.actor, sessions=sessions, new_event=new_event,
            margin_event_id=event if event > 0 else None,
            data=MeetingCreate(subcommittee_code=body or None, kind=kind, sequence_no=int(number), start_date=first,
                               end_date=last, venue=venue or None, city=city or None, host_country=country or None,
                               host_acronym=host or None, objectives=_objectives(objectives_en, objectives_fr)))
        st.session_state[SELECT_KEY] = new_id

    run_change(ctx.lang, create, "plan.created", number=int(number))


def plan_section(ctx: PageContext, meeting: Meeting, frozen: bool) -> None:
    """The chosen meeting's plan: its own fields (editable while the minutes are a draft) and its sessions."""
    lang = ctx.lang
    events = _event_options(ctx)
    events.pop(NEW_EVENT)
    if not frozen:
        version = opened_version("meeting", meeting.id, meeting.version, f"intro_{meeting.id}_v{{v}}_en")
        with st.form(f"edit_meeting_{meeting.id}_v{version}"):
            c1, c2, c3 = st.columns(3)
            kind = c1.selectbox(t("plan.kind", lang), list(MeetingKind), index=list(MeetingKind).index(meeting.kind),
                                format_func=lambda k: label(k, lang))
            dates = c2.date_input(t("plan.dates", lang), value=(meeting.start_date, meeting.end_date))
            status = c3.selectbox(t("plan.status", lang), list(MeetingStatus), index=list(MeetingStatus).index(meeting.status),
                                  format_func=lambda s: label(s, lang))
            c1, c2, c3, c4 = st.columns(4)
            venue = c1.text_input(t("plan.venue", lang), value=meeting.venue or "")
            city = c2.text_input(t("plan.city", lang), value=meeting.city or "")
            countries = _countries(ctx)
            country = c3.selectbox(t("plan.host_country", lang), countries,
                                   index=countries.index(meeting.host_country) if meeting.host_country in countries else 0,
                                   format_func=lambda c: country_name(c, lang) if c else "—")
            orgs = org_options(ctx)
            current_host = ctx.directory.org(meeting.host_org_id)
            host = c4.selectbox(t("plan.host", lang), orgs, index=orgs.index(current_host) if current_host in orgs else 0)
            event = st.selectbox(t("plan.margin_event", lang), list(events), format_func=events.get,
                                 index=list(events).index(meeting.margin_event_id) if meeting.margin_event_id in events else 0)
            introduction = bilingual_input(f"intro_{meeting.id}_v{version}", "meetings.introduction", lang, meeting.introduction,
                                           area=True, height=150)
            o1, o2 = st.columns(2)
            objectives_en = o1.text_area(t("meetings.objectives", lang) + " (EN)", value="\n".join(o.en for o in meeting.objectives))
            objectives_fr = o2.text_area(t("meetings.objectives", lang) + " (FR)", value="\n".join(o.fr for o in meeting.objectives))
            if st.form_submit_button(t("common.save", lang), type="primary"):
                if not isinstance(dates, (tuple, list)) or len(dates) != 2:
                    st.error(t("plan.dates_needed", lang))
                else:
                    run_change(ctx.lang, lambda: planning.update_meeting(
                        ctx.cur, meeting_id=meeting.id, expected_version=version, actor=ctx.actor,
                        data=MeetingUpdate(kind=kind, start_date=dates[0], end_date=dates[1], venue=venue or None,
                                           city=city or None, host_country=country or None, host_acronym=host or None,
                                           margin_event_id=event if event > 0 else None,
                                           introduction=optional_bilingual(introduction),
                                           objectives=_objectives(objectives_en, objectives_fr), status=status)),
                        "common.saved", forget_keys=(opened_key("meeting", meeting.id),))
    else:
        st.markdown(f"**{format_date_range(meeting.start_date, meeting.end_date, lang)}** · "
                    + ", ".join(x for x in (meeting.venue, meeting.city, country_name(meeting.host_country, lang)) if x))
    invitation_panel(ctx, meeting)   # email the invitation with its calendar entry (jtwg.ui.mail)
    st.subheader(t("plan.sessions", lang))
    sessions = planning.list_sessions(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    table([{
        "day": s.day_no, "kind": label(s.kind, lang), "sub": ctx.directory.subcommittee(s.subcommittee_id, lang),
        "start": s.start_time.strftime("%H:%M") if s.start_time else "", "duration": s.duration_min or "",
    } for s in sessions], {"day": "plan.col_day", "kind": "plan.col_kind", "sub": "plan.col_subcommittee",
                           "start": "plan.col_start", "duration": "plan.col_duration"}, lang)
    if frozen:
        return
    subs = _subcommittees(ctx)
    with st.form(f"add_session_{meeting.id}", clear_on_submit=True):
        c1, c2, c3, c4, c5 = st.columns(5)
        day = c1.number_input(t("plan.col_day", lang), min_value=1, max_value=14, value=1)
        kind = c2.selectbox(t("plan.col_kind", lang), list(SessionKind), format_func=lambda k: label(k, lang))
        sub = c3.selectbox(t("plan.col_subcommittee", lang), [""] + list(subs), format_func=lambda c: subs.get(c, "—"))
        start_time = c4.time_input(t("plan.col_start", lang), value=None)
        duration = c5.number_input(t("plan.col_duration", lang), min_value=0, max_value=600, value=0, step=5)
        if st.form_submit_button(t("plan.add_session", lang)):
            run_change(ctx.lang, lambda: planning.add_session(ctx.cur, meeting_id=meeting.id, actor=ctx.actor, data=SessionCreate(
                ref="s", day_no=int(day), kind=kind, subcommittee_code=sub or None, start_time=start_time,
                duration_min=int(duration) or None)), "common.saved")
    if sessions:
        c1, c2 = st.columns([3, 1])
        names = {s.id: f"{t('meetings.day', lang, day=s.day_no)} · {label(s.kind, lang)} {ctx.directory.subcommittee(s.subcommittee_id, lang)}"
                 for s in sessions}
        chosen = c1.selectbox(t("plan.session_to_delete", lang), list(names), format_func=names.get, key=f"del_session_{meeting.id}")
        c2.write("")
        if c2.button(t("common.delete", lang), key=f"del_session_btn_{meeting.id}", icon=":material/delete:"):
            run_change(ctx.lang, lambda: planning.delete_session(ctx.cur, session_id=chosen, actor=ctx.actor), "common.deleted")
