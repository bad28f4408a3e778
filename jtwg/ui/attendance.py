"""Attendance: participants by delegation with role, "represented by" and mode; import of a participant list."""

from __future__ import annotations

import streamlit as st

from jtwg.i18n import label, t
from jtwg.models import AttendanceCreate, AttendanceMode, AttendanceRole, Meeting
from jtwg.models.common import NON_PARTY_DELEGATIONS
from jtwg.errors import JtwgError
from jtwg.services import personal_data
from jtwg.services.mail.contacts import import_participants
from jtwg.services.meetings import attendance
from jtwg.services.meetings.participants import parse_participants, read_table
from jtwg.ui.context import PageContext
from jtwg.ui.display import table
from jtwg.ui.forms import run_change
from jtwg.ui.personal_data import personal_data_warnings
from jtwg.ui.workspace import org_options, person_options

TEMPLATE = ("person,name,organisation,delegation,role,represented_by,mode,email,language\n"
            "dg-anltp,,,NE,co_chair,,in_person,m.abdou@anltp.example.org,fr\n"
            ",Aisha Musa,NAPTIP,NG,participant,,remote,,\n")


def _delegations(ctx: PageContext) -> list[str]:
    parties = sorted({o.country for o in ctx.directory.orgs.values()
                      if o.id in (ctx.group.party_a_org_id, ctx.group.party_b_org_id) and o.country})
    return parties + list(NON_PARTY_DELEGATIONS)


def attendance_section(ctx: PageContext, meeting: Meeting, frozen: bool) -> None:
    lang, d = ctx.lang, ctx.directory
    present = attendance.list_attendance(ctx.cur, meeting_id=meeting.id, actor=ctx.actor)
    if present:
        table([{
            "delegation": d.delegation(a.delegation, lang),
            "who": d.person(a.person_id, lang) if a.person_id else ", ".join(x for x in (a.display_name, d.org(a.org_id)) if x),
            "role": label(a.role, lang),
            "represented": d.person(a.represented_person_id, lang) if a.represented_person_id else "",
            "mode": label(a.mode, lang),
        } for a in present], {"delegation": "attendance.col_delegation", "who": "attendance.col_who",
                              "role": "attendance.col_role", "represented": "attendance.col_represents",
                              "mode": "attendance.col_mode"}, lang)
        st.caption(t("attendance.count", lang, count=len(present)))
    else:
        st.info(t("attendance.empty", lang))
    if frozen:
        return
    people = person_options(ctx)
    delegations = _delegations(ctx)
    with st.expander(t("attendance.add", lang), icon=":material/person_add:", expanded=not present):
        with st.form(f"add_attendee_{meeting.id}", clear_on_submit=True):
            c1, c2, c3 = st.columns(3)
            person = c1.selectbox(t("attendance.person", lang), list(people), format_func=people.get)
            name = c2.text_input(t("attendance.name", lang), help=t("attendance.name_help", lang))
            org = c3.selectbox(t("attendance.org", lang), org_options(ctx))
            c1, c2, c3, c4 = st.columns(4)
            delegation = c1.selectbox(t("attendance.col_delegation", lang), delegations, format_func=lambda c: d.delegation(c, lang))
            role = c2.selectbox(t("attendance.col_role", lang), list(AttendanceRole), format_func=lambda r: label(r, lang),
                                index=list(AttendanceRole).index(AttendanceRole.PARTICIPANT))
            represented = c3.selectbox(t("attendance.represents", lang), list(people), format_func=people.get,
                                       help=t("attendance.represents_help", lang))
            mode = c4.selectbox(t("attendance.col_mode", lang), list(AttendanceMode), format_func=lambda m: label(m, lang))
            if st.form_submit_button(t("attendance.add_button", lang), type="primary"):
                run_change(ctx.lang, lambda: attendance.add_attendance(ctx.cur, meeting_id=meeting.id, actor=ctx.actor, data=AttendanceCreate(
                    person_ref=person or None, display_name=name or None, org_acronym=org or None, delegation=delegation,
                    role=role, represented_person_ref=represented or None, mode=mode)), "attendance.added")
    with st.expander(t("attendance.import", lang), icon=":material/upload_file:"):
        st.caption(t("attendance.import_help", lang))
        st.download_button(t("attendance.template", lang), TEMPLATE.encode("utf-8"), file_name="participants.csv",
                           mime="text/csv", key=f"template_{meeting.id}")
        upload = st.file_uploader(t("attendance.file", lang), type=["csv", "xlsx"], key=f"participants_{meeting.id}")
        warnings, confirmed = [], True
        if upload is not None:   # a protected case's alias among the names is listed per row, to confirm
            try:
                warnings = personal_data.participant_warnings(ctx.cur, parse_participants(ctx.cur, read_table(upload.name, upload.getvalue())))
            except JtwgError:
                warnings = []   # the import button reports what is wrong with the file
            confirmed = personal_data_warnings(warnings, lang, key=f"import_pii_{meeting.id}")
        if upload is not None and st.button(t("attendance.import_button", lang), key=f"import_{meeting.id}", type="primary",
                                            disabled=not confirmed):
            content = upload.getvalue()

            def do_import() -> dict:
                # Attendance and the list's email / language columns are saved together (jtwg.services.mail).
                count = import_participants(ctx.cur, meeting_id=meeting.id, filename=upload.name, content=content,
                                            actor=ctx.actor)
                if warnings:   # the confirmation of personal-data warnings is logged
                    personal_data.log_import_confirmation(ctx.cur, actor=ctx.actor, warnings=warnings)
                return {"count": count}

            run_change(ctx.lang, do_import, "attendance.imported")
    if present:
        with st.expander(t("attendance.remove", lang), icon=":material/person_remove:"):
            names = {a.id: (d.person(a.person_id, lang) if a.person_id else (a.display_name or d.org(a.org_id))) for a in present}
            gone = st.selectbox(t("attendance.col_who", lang), list(names), format_func=names.get, key=f"remove_who_{meeting.id}")
            if st.button(t("common.delete", lang), key=f"remove_btn_{meeting.id}", icon=":material/delete:"):
                run_change(ctx.lang, lambda: attendance.remove_attendance(ctx.cur, attendance_id=gone, actor=ctx.actor), "common.deleted")
