"""Work plan: each sub-committee's activities with lead, dates, status, progress and budget."""

import streamlit as st

from jtwg.i18n import format_date, format_number, label, t
from jtwg.store import workplan
from jtwg.ui.common import header, table
from jtwg.ui.context import guard, page_context

ctx = page_context()
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "workplan.title", "workplan.intro")
        plans = workplan.list_workplans(ctx.cur, group_id=ctx.group.id)
        if not plans:
            st.info(t("workplan.none", lang))
            st.stop()
        activities = workplan.list_activities(ctx.cur, group_id=ctx.group.id)
        names = [d.subcommittee(p.subcommittee_id, lang) or t("overview.jtwg_wide", lang) for p in plans]
        for tab, plan in zip(st.tabs(names), plans):
            with tab:
                st.markdown(f"**{plan.title.get(lang)}**")
                st.caption(t("workplan.period", lang, status=label(plan.status, lang),
                             start=format_date(plan.period_start, lang), end=format_date(plan.period_end, lang)))
                records = [{
                    "code": a.code, "title": a.title.get(lang), "lead": d.org(a.lead_org_id),
                    "partners": ", ".join(d.org(p) for p in a.partner_org_ids),
                    "start": a.planned_start, "end": a.planned_end, "location": a.location,
                    "status": label(a.status, lang), "progress": a.progress_pct or 0,
                    "overdue": "⚠" if a.is_overdue(ctx.today) else "",
                    "budget": f"{format_number(a.budget_amount, lang)} {a.currency}" if a.budget_amount is not None else "",
                    "funding": label(a.funding_source, lang),
                    "indicator": a.indicator.get(lang) if a.indicator else "", "target": a.target,
                } for a in activities if a.workplan_id == plan.id]
                table(records, {
                    "code": "workplan.col_code", "title": "workplan.col_title", "lead": "workplan.col_lead",
                    "partners": "workplan.col_partners", "start": "workplan.col_start", "end": "workplan.col_end",
                    "location": "workplan.col_location", "status": "workplan.col_status",
                    "progress": "workplan.col_progress", "overdue": "workplan.col_overdue",
                    "budget": "workplan.col_budget", "funding": "workplan.col_funding",
                    "indicator": "workplan.col_indicator", "target": "workplan.col_target",
                }, lang,
                    progress=st.column_config.ProgressColumn(format="%d%%", min_value=0, max_value=100),
                    start=st.column_config.DateColumn(format="DD/MM/YYYY" if lang == "fr" else "D MMM YYYY"),
                    end=st.column_config.DateColumn(format="DD/MM/YYYY" if lang == "fr" else "D MMM YYYY"))
