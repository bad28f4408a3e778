"""Action items: every action point with its origin, owner, due date, status and overdue flag."""

import streamlit as st

from jtwg.i18n import label, ordinal, t, typographic
from jtwg.store import actions, meetings
from jtwg.ui.common import header, table
from jtwg.ui.context import guard, page_context

ctx = page_context()
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "actions.title", "actions.intro")
        items = actions.list_action_items(ctx.cur, group_id=ctx.group.id)
        if not items:
            st.info(t("actions.none", lang))
            st.stop()
        seq = {m.id: m.sequence_no for m in meetings.list_meetings(ctx.cur, group_id=ctx.group.id)}
        records = [{
            "code": a.code, "action": typographic(a.text.get(lang), lang),
            "owner": d.org(a.owner_org_id) or d.person(a.owner_person_id, lang, with_position=False),
            "meeting": ordinal(seq[a.meeting_id], lang) if a.meeting_id in seq else "",
            "subcommittee": d.subcommittee(a.subcommittee_id, lang), "due": a.due_date,
            "status": label(a.status, lang), "overdue": "⚠" if a.is_overdue(ctx.today) else "",
            "confirmed": t("common.yes" if a.confirmed else "common.no", lang),
        } for a in items]
        table(records, {
            "code": "actions.col_code", "action": "actions.col_action", "owner": "actions.col_owner",
            "meeting": "actions.col_meeting", "subcommittee": "actions.col_subcommittee", "due": "actions.col_due",
            "status": "actions.col_status", "overdue": "actions.col_overdue", "confirmed": "actions.col_confirmed",
        }, lang, due=st.column_config.DateColumn(format="DD/MM/YYYY" if lang == "fr" else "D MMM YYYY"),
            action=st.column_config.TextColumn(width="large"))
