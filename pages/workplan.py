"""Work plan: activities per sub-committee with a timeline, filters (also from the URL), add / edit / delete, Excel."""

import streamlit as st

from jtwg.excel import workplan_sheet
from jtwg.i18n import format_date, format_number, label, t
from jtwg.services.mou import provision_reference
from jtwg.services.workplan import workplan_view
from jtwg.ui.activity_editor import activity_form, delete_panel, filter_bar, plan_code, plan_name
from jtwg.ui.display import header, table
from jtwg.ui.context import guard, page_context
from jtwg.ui.excel_panel import excel_panel
from jtwg.ui.forms import show_flash
from jtwg.ui.gantt import activity_timeline, unscheduled

ctx = page_context("workplan")
if ctx:
    with guard(ctx.lang):
        lang, d = ctx.lang, ctx.directory
        header(ctx, "workplan.title", "workplan.intro")
        show_flash()
        view = workplan_view(ctx.cur, group_id=ctx.group.id, actor=ctx.actor, today=ctx.today)
        plans = view.plans
        if not plans:
            st.info(t("workplan.none", lang))
            st.stop()
        activities = [r.activity for r in view.activities]
        sub, status, overdue = filter_bar(ctx, plans)
        shown_any = False
        for plan in plans:
            if sub and plan_code(ctx, plan) != sub:
                continue
            listed = [r for r in view.activities if r.activity.workplan_id == plan.id
                      and (not status or r.activity.status.value == status) and (not overdue or r.overdue)]
            if not listed:
                continue
            shown_any = True
            st.subheader(plan_name(ctx, plan))
            st.caption(f"{plan.title.get(lang)} · " + t("workplan.period", lang, status=label(plan.status, lang),
                       start=format_date(plan.period_start, lang), end=format_date(plan.period_end, lang)))
            if len(listed) > len(unscheduled(listed)):
                st.plotly_chart(activity_timeline(listed, lang=lang, today=ctx.today,
                                                  title=t("workplan.timeline_title", lang, name=plan_name(ctx, plan))),
                                key=f"gantt_{plan.id}", config={"displaylogo": False})
            if unscheduled(listed):
                st.caption(t("workplan.unscheduled", lang, codes=", ".join(r.activity.code for r in unscheduled(listed))))
            records = [{
                "code": a.code, "title": a.title.get(lang), "lead": d.org(a.lead_org_id),
                "partners": ", ".join(d.org(p) for p in a.partner_org_ids),
                "start": a.planned_start, "end": a.planned_end, "location": a.location,
                "status": label(a.status, lang), "progress": a.progress_pct or 0,
                "overdue": "⚠ " + t("workplan.legend_overdue", lang) if r.overdue else "",
                "budget": f"{format_number(a.budget_amount, lang)} {a.currency}" if a.budget_amount is not None else "",
                "funding": label(a.funding_source, lang),
                "indicator": a.indicator.get(lang) if a.indicator else "", "target": a.target,
                "mov": a.means_of_verification.get(lang) if a.means_of_verification else "",
                "mou": ", ".join(provision_reference(p, lang) for p in r.provisions),
            } for r, a in ((r, r.activity) for r in listed)]
            table(records, {
                "overdue": "workplan.col_overdue", "code": "workplan.col_code", "title": "workplan.col_title",
                "lead": "workplan.col_lead", "partners": "workplan.col_partners", "start": "workplan.col_start",
                "end": "workplan.col_end", "location": "workplan.col_location", "status": "workplan.col_status",
                "progress": "workplan.col_progress", "budget": "workplan.col_budget", "funding": "workplan.col_funding",
                "indicator": "workplan.col_indicator", "target": "workplan.col_target", "mov": "workplan.col_mov",
                "mou": "workplan.col_mou",
            }, lang,
                progress=st.column_config.ProgressColumn(format="%d%%", min_value=0, max_value=100),
                start=st.column_config.DateColumn(format="DD/MM/YYYY" if lang == "fr" else "D MMM YYYY"),
                end=st.column_config.DateColumn(format="DD/MM/YYYY" if lang == "fr" else "D MMM YYYY"))
        if not shown_any:
            st.info(t("workplan.none_match", lang))
        edit_tab, delete_tab, excel_tab = st.tabs([t("workplan.tab_edit", lang), t("workplan.tab_delete", lang),
                                                   t("actions.tab_excel", lang)])
        with edit_tab:
            activity_form(ctx, plans, activities)
        with delete_tab:
            delete_panel(ctx, activities)
        with excel_tab:
            excel_panel(
                ctx, prefix="workplan", stem="work-plan", spec=workplan_sheet.SPEC,
                export=lambda cur, xl_lang, code: workplan_sheet.export_workplan(
                    cur, group_id=ctx.group.id, actor=ctx.actor, lang=xl_lang, today=ctx.today,
                    subcommittee_code=code),
                template=workplan_sheet.template,
                adapter=workplan_sheet.WorkplanAdapter(ctx.group.id, ctx.today),
            )
